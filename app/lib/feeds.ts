/**
 * Where the machine-readable twins of the public pages live, and the
 * <link rel="alternate"> tags that let feed readers and calendar apps find
 * them from the page (RSS/Atom autodiscovery), titled in the visitor's language.
 */
import { termName, translate } from "~/i18n/messages";
import { metaLang } from "./meta";

type Matches = Parameters<typeof metaLang>[0];
type AlternateLink = { tagName: "link"; rel: "alternate"; type: string; href: string; title: string };

/** The milestones feed: site-wide, or one unit's. */
export function milestonesFeedPath(unitSlug: string | null): string {
  return unitSlug ? `/feeds/units/${encodeURIComponent(unitSlug)}/milestones.atom` : "/feeds/milestones.atom";
}

/** The policy library's feed of new and changed policies: site-wide, one unit's, or one tag's. */
export function policiesFeedPath(unitSlug: string | null, tag: string | null = null): string {
  if (tag) return `/feeds/tags/${encodeURIComponent(tag)}/policies.atom`;
  return unitSlug ? `/feeds/units/${encodeURIComponent(unitSlug)}/policies.atom` : "/feeds/policies.atom";
}

/** The site-wide milestones feed, and the unit's own when the page belongs to one. */
export function feedLinks(matches: Matches, unit?: { slug: string; nameZh: string; nameEn: string } | null): AlternateLink[] {
  const lang = metaLang(matches);
  const atom = (href: string, title: string): AlternateLink => ({ tagName: "link", rel: "alternate", type: "application/atom+xml", href, title });
  const links = [atom(milestonesFeedPath(null), translate(lang, "feeds.milestones"))];
  if (unit) links.push(atom(milestonesFeedPath(unit.slug), translate(lang, "feeds.unitMilestones", { unit: lang === "en" ? unit.nameEn : unit.nameZh })));
  return links;
}

/** The open month's calendar, for the home and open-month pages. */
export function calendarLink(matches: Matches): AlternateLink {
  return { tagName: "link", rel: "alternate", type: "text/calendar", href: "/open-month/feed.ics", title: translate(metaLang(matches), "feeds.calendar") };
}

/** The policy feeds for a library page: site-wide, the unit's when the page has one, and each of its tags'. */
export function policyFeedLinks(matches: Matches, unit?: { slug: string; nameZh: string; nameEn: string } | null, tags: readonly string[] = []): AlternateLink[] {
  const lang = metaLang(matches);
  const atom = (href: string, title: string): AlternateLink => ({ tagName: "link", rel: "alternate", type: "application/atom+xml", href, title });
  const links = [atom(policiesFeedPath(null), translate(lang, "feeds.policies"))];
  if (unit) links.push(atom(policiesFeedPath(unit.slug), translate(lang, "feeds.unitPolicies", { unit: lang === "en" ? unit.nameEn : unit.nameZh })));
  for (const tag of new Set(tags)) links.push(atom(policiesFeedPath(null, tag), translate(lang, "feeds.tagPolicies", { tag: termName(lang, tag) })));
  return links;
}
