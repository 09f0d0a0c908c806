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
): MetaDescriptor[] {
  const lang = metaLang(matches);
  if (key === "title.home") return [{ title: translate(lang, key) }];
  const name = subject || translate(lang, key, params);
  return [{ title: `${name} · ${translate(lang, "title.site")}` }];
}
