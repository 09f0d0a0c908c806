/**
 * Working days per the State Council holiday schedule (法定节假日 and 调休
 * make-up workdays), from the maintained `chinese-days` data. Days are
 * Asia/Shanghai calendar days written 'YYYY-MM-DD'.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import chineseDays from "chinese-days";

export const SHANGHAI = "Asia/Shanghai";

/** The Shanghai calendar day of an instant. */
export function shanghaiDay(d: Date): string {
  return format(new TZDate(d.getTime(), SHANGHAI), "yyyy-MM-dd");
}

/** The instant a Shanghai day starts (00:00 +08:00). */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** The instant a Shanghai day ends (24:00 +08:00): "on 30 June" means until then. */
export function dayEnd(day: string): Date {
  return new Date(dayStart(day).getTime() + 24 * 3600 * 1000);
}

export function isWorkday(day: string): boolean {
  return chineseDays.isWorkday(day);
}

/** Working days in [from, to], both ends included; 0 when to is before from. */
export function workingDaysBetween(from: string, to: string): number {
  if (to < from) return 0;
  return chineseDays.getWorkdaysInRange(from, to).length;
}

/** The n-th working day after `day` (not counting `day` itself). */
export function addWorkingDays(day: string, n: number): string {
  return chineseDays.findWorkday(n, day);
}

/** Calendar days from a to b (b − a). */
export function calendarDaysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addCalendarDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
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
