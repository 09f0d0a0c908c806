import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

export const ZONE = "Asia/Shanghai";
const DAY = 86_400_000;
export const MIN_PERIOD_DAYS = 30;

/** "2026-06-30" → 2026-06-30 00:00 +08:00 */
export function startOfDay(isoDate: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`bad date ${isoDate}`);
  return new Date(new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, ZONE).getTime());
}

/** A period closing "on 30 June" closes at 30 June 24:00 +08:00 = 1 July 00:00 +08:00. */
export function endOfDay(isoDate: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)!;
  return new Date(new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1, 0, 0, 0, ZONE).getTime());
}

/** The calendar date (Shanghai) of an instant. */
export function dateOf(d: Date): string {
  return format(new TZDate(d, ZONE), "yyyy-MM-dd");
}

/** The last day of a period whose exclusive end is `closesAt`. */
export function lastDayOf(closesAt: Date): string {
  return dateOf(new Date(closesAt.getTime() - 1000));
}

/** Whole days between open and close. */
export function periodDays(opensAt: Date, closesAt: Date): number {
  return Math.round((closesAt.getTime() - opensAt.getTime()) / DAY);
}

/** "2026-12-26 24:00" for a midnight close, else "2026-12-26 18:00" (Shanghai). */
export function formatClose(closesAt: Date): string {
  const z = new TZDate(closesAt, ZONE);
  if (z.getHours() === 0 && z.getMinutes() === 0 && z.getSeconds() === 0) return `${lastDayOf(closesAt)} 24:00`;
  return format(z, "yyyy-MM-dd HH:mm");
}

export function formatDateTime(d: Date): string {
  return format(new TZDate(d, ZONE), "yyyy-MM-dd HH:mm");
}
