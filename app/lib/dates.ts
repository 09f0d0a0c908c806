/**
 * How the product writes a date for people, in both languages — the one
 * module every page, mail and error message uses (issue #17: dates were
 * written four ways). Chinese follows the style of government sites
 * (2026年12月18日, 2026年12月18日 14:00); a period's end is written
 * "2026年12月18日24时", never "24:00" or "19日 00:00". English: "18 Dec 2026",
 * "18 Dec 2026, 14:00", a period's end "18 Dec 2026, 24:00".
 *
 * Every date is read in Asia/Shanghai (./shanghai.ts), whatever the host or
 * browser zone. Open data (API, feeds, ICS, sitemap, CSV machine columns)
 * stays ISO 8601 — see isoShanghai / isoDay in ./shanghai.ts.
 * Browser-safe: no server imports.
 */
import { TZDate } from "@date-fns/tz";
import { SHANGHAI } from "./shanghai";

export type DateLang = "zh" | "en";

/** An instant, an ISO string, or a Shanghai calendar day 'YYYY-MM-DD'. */
type When = Date | string;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS_ZH = "日一二三四五六";
const WEEKDAYS_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

interface Parts {
  y: number;
  m: number; // 1–12
  d: number;
  wd: number; // 0 = Sunday
  h: number;
  min: number;
  s: number;
}

function parts(w: When): Parts {
  if (typeof w === "string") {
    const m = DAY_RE.exec(w);
    if (m) {
      // A calendar day: no instant to convert, only its weekday to find.
      const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
      return { y, m: mo, d, wd: new Date(Date.UTC(y, mo - 1, d)).getUTCDay(), h: 0, min: 0, s: 0 };
    }
  }
  const z = new TZDate(new Date(w).getTime(), SHANGHAI);
  return { y: z.getFullYear(), m: z.getMonth() + 1, d: z.getDate(), wd: z.getDay(), h: z.getHours(), min: z.getMinutes(), s: z.getSeconds() };
}

const two = (n: number) => String(n).padStart(2, "0");

function day(p: Parts, lang: DateLang): string {
  return lang === "zh" ? `${p.y}年${p.m}月${p.d}日` : `${p.d} ${MONTHS_EN[p.m - 1]} ${p.y}`;
}

function hm(p: Parts): string {
  return `${two(p.h)}:${two(p.min)}`;
}

function joinDayTime(dayText: string, time: string, lang: DateLang): string {
  return lang === "zh" ? `${dayText} ${time}` : `${dayText}, ${time}`;
}

/** "2026年12月18日" / "18 Dec 2026". Empty for null. */
export function formatDate(w: When | null | undefined, lang: DateLang): string {
  if (w == null || w === "") return "";
  return day(parts(w), lang);
}

/** "2026年12月18日 14:00" / "18 Dec 2026, 14:00". Empty for null. */
export function formatDateTime(w: When | null | undefined, lang: DateLang): string {
  if (w == null || w === "") return "";
  const p = parts(w);
  return joinDayTime(day(p, lang), hm(p), lang);
}

/** "14:00", Shanghai time (the same in both languages). */
export function formatTime(w: When): string {
  return hm(parts(w));
}

/**
 * The end of a period given as its exclusive end instant: a close at
 * midnight is the end of the day before — "2026年12月18日24时" /
 * "18 Dec 2026, 24:00"; any other close is a date and time.
 */
export function formatPeriodEnd(closesAt: When | null | undefined, lang: DateLang): string {
  if (closesAt == null || closesAt === "") return "";
  const at = typeof closesAt === "string" && DAY_RE.test(closesAt) ? null : new Date(closesAt);
  if (!at) return formatDayEnd(closesAt as string, lang);
  const p = parts(at);
  if (p.h !== 0 || p.min !== 0 || p.s !== 0) return formatDateTime(at, lang);
  return dayEndText(parts(new Date(at.getTime() - 1000)), lang);
}

/** The end of a Shanghai calendar day 'YYYY-MM-DD' ("due on 18 December"): "2026年12月18日24时". */
export function formatDayEnd(dayStr: string, lang: DateLang): string {
  return dayEndText(parts(dayStr), lang);
}

function dayEndText(p: Parts, lang: DateLang): string {
  return lang === "zh" ? `${day(p, lang)}24时` : `${day(p, lang)}, 24:00`;
}

/**
 * To the second, only where the order of events matters (the observer draw's
 * timeline, the open month's acceptance order): "2026年12月18日 14:00:05" /
 * "18 Dec 2026, 14:00:05".
 */
export function formatOrderTime(w: When, lang: DateLang): string {
  const p = parts(w);
  return joinDayTime(day(p, lang), `${hm(p)}:${two(p.s)}`, lang);
}

/**
 * A session's date, weekday and time span: "2026年8月8日 周六 09:30–11:00" /
 * "Sat 8 Aug 2026, 09:30–11:00".
 */
export function formatSession(start: When, end: When | null, lang: DateLang): string {
  const p = parts(start);
  const span = end ? `${hm(p)}–${hm(parts(end))}` : hm(p);
  return lang === "zh" ? `${day(p, lang)} 周${WEEKDAYS_ZH[p.wd]} ${span}` : `${WEEKDAYS_EN[p.wd]} ${day(p, lang)}, ${span}`;
}

/** A date written in both languages, as a message parameter for text whose language is chosen later (a UserError, a mail). */
export function inBoth(f: (lang: DateLang) => string): { zh: string; en: string } {
  return { zh: f("zh"), en: f("en") };
}

/** Message parameters with every 'YYYY-MM-DD' value written as a date (a rule's dates in its message). */
export function formatDaysIn<T extends Record<string, string | number>>(params: T, lang: DateLang): T {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === "string" && DAY_RE.test(v) ? formatDate(v, lang) : v])) as T;
}
