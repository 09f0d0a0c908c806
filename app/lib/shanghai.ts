/**
 * The one place the product's time zone is named. Every date the product
 * shows or computes is an Asia/Shanghai calendar day ('YYYY-MM-DD') or an
 * instant read in Asia/Shanghai, whatever TZ the host runs with. Safe for the
 * browser bundle (no server imports).
 */
import { TZDate } from "@date-fns/tz";
import { addDays, differenceInCalendarDays, format } from "date-fns";

export const SHANGHAI = "Asia/Shanghai";

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A 'YYYY-MM-DD' Shanghai day as its midnight in Shanghai. */
function shanghaiMidnight(day: string): TZDate {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`bad day ${day}`);
  return new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), SHANGHAI);
}

/** The Shanghai calendar day of an instant. */
export function shanghaiDay(d: Date): string {
  return format(new TZDate(d.getTime(), SHANGHAI), "yyyy-MM-dd");
}

/** The Shanghai year of an instant. */
export function shanghaiYear(d: Date): number {
  return new TZDate(d.getTime(), SHANGHAI).getFullYear();
}

/** The instant a Shanghai day starts (00:00 +08:00). */
export function dayStart(day: string): Date {
  return new Date(shanghaiMidnight(day).getTime());
}

/** The instant a Shanghai day ends (24:00 +08:00): "on 30 June" means until then. */
export function dayEnd(day: string): Date {
  return new Date(addDays(shanghaiMidnight(day), 1).getTime());
}

export function addCalendarDays(day: string, n: number): string {
  return format(addDays(shanghaiMidnight(day), n), "yyyy-MM-dd");
}

/** Calendar days from a to b (b − a). */
export function calendarDaysBetween(a: string, b: string): number {
  return differenceInCalendarDays(shanghaiMidnight(b), shanghaiMidnight(a));
}

/** 0 = Sunday … 6 = Saturday, for a Shanghai day. */
export function weekdayOf(day: string): number {
  return shanghaiMidnight(day).getDay();
}

/** A Shanghai day as ISO 8601 with the +08:00 offset (open data). */
export function isoDay(day: string | null | undefined): string | null {
  return day ? `${day}T00:00:00+08:00` : null;
}

/** An instant as ISO 8601 in +08:00, e.g. 2026-03-20T09:30:00+08:00. */
export function isoShanghai(d: Date | null | undefined): string | null {
  if (!d) return null;
  return format(new TZDate(d.getTime(), SHANGHAI), "yyyy-MM-dd'T'HH:mm:ssXXX");
}
