/**
 * Where the machine-readable twins of the public pages live, and the
 * <link rel="alternate"> tags that let feed readers and calendar apps find
 * them from the page (RSS/Atom autodiscovery).
 */

/** The milestones feed: site-wide, or one unit's. */
export function milestonesFeedPath(unitSlug: string | null): string {
  return unitSlug ? `/feeds/units/${encodeURIComponent(unitSlug)}/milestones.atom` : "/feeds/milestones.atom";
}

type AlternateLink = { tagName: "link"; rel: "alternate"; type: string; href: string; title: string };

/** The site-wide milestones feed, and the unit's own when the page belongs to one. */
export function feedLinks(unit?: { slug: string; nameZh: string } | null): AlternateLink[] {
  const links: AlternateLink[] = [
    { tagName: "link", rel: "alternate", type: "application/atom+xml", href: milestonesFeedPath(null), title: "浦东新区重大行政决策进展 · Decision milestones (Atom)" },
  ];
  if (unit) {
    links.push({ tagName: "link", rel: "alternate", type: "application/atom+xml", href: milestonesFeedPath(unit.slug), title: `${unit.nameZh} · 重大行政决策进展 (Atom)` });
  }
  return links;
}

/** The open month's calendar, for the open-month pages. */
export const calendarLink: AlternateLink = { tagName: "link", rel: "alternate", type: "text/calendar", href: "/open-month/feed.ics", title: "浦东新区政府开放月 · Open month calendar (iCalendar)" };
