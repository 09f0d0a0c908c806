import type { MetaDescriptor } from "react-router";
import { translate, type Lang, type MessageKey } from "~/i18n/messages";

type Matches = ReadonlyArray<{ id: string; loaderData?: unknown } | undefined>;

/** The visitor's language, from the root loader's data (meta functions run outside React). */
export function metaLang(matches: Matches): Lang {
  const root = matches.find((m) => m?.id === "root")?.loaderData as { lang?: Lang } | undefined;
  return root?.lang === "en" ? "en" : "zh";
}

/**
 * A page's `<title>` in the visitor's language: the subject (a decision's or
 * event's own title, as written) when there is one, else the page's name;
 * then the site's name.
 */
export function pageTitle(
  matches: Matches,
  key: MessageKey,
  subject?: string | null,
  params?: Record<string, string | number>,
  description?: string | null,
): MetaDescriptor[] {
  const lang = metaLang(matches);
  const title = key === "title.home" ? translate(lang, key) : `${subject || translate(lang, key, params)} · ${translate(lang, "title.site")}`;
  // Search results and shared links show the page's own summary when it has one, else what the site is for.
  const text = clip(description || translate(lang, "home.lead"));
  return [
    { title },
    { name: "description", content: text },
    { property: "og:title", content: title },
    { property: "og:description", content: text },
    { property: "og:site_name", content: translate(lang, "title.site") },
  ];
}

/** One line of at most 160 characters, the length search engines show. */
function clip(s: string): string {
  const line = s.replace(/\s+/g, " ").trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
