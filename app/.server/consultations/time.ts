import { dayEnd, dayStart, shanghaiDay } from "~/lib/shanghai";

const DAY = 86_400_000;
export const MIN_PERIOD_DAYS = 30;

/** "2026-06-30" → 2026-06-30 00:00 +08:00 */
export const startOfDay = dayStart;

/** A period closing "on 30 June" closes at 30 June 24:00 +08:00 = 1 July 00:00 +08:00. */
export const endOfDay = dayEnd;

/** The calendar date (Shanghai) of an instant. */
export const dateOf = shanghaiDay;

/** The last day of a period whose exclusive end is `closesAt`. */
export function lastDayOf(closesAt: Date): string {
  return dateOf(new Date(closesAt.getTime() - 1000));
}

/** Whole days between open and close (Shanghai has no DST, so 24-hour days). */
export function periodDays(opensAt: Date, closesAt: Date): number {
  return Math.round((closesAt.getTime() - opensAt.getTime()) / DAY);
}

/**
 * The period as the public sees it (Art 15's 30 days): from the moment it
 * was published, or the announced opening if that is later, to the close.
 * Days count as 民法典 Art 201 counts them: a period starting during a day
 * starts counting the next day; one starting at 00:00 counts that day.
 */
export function publicPeriodDays(opensAt: Date, closesAt: Date, publishedAt: Date | null): number {
  const from = publishedAt && publishedAt > opensAt ? publishedAt : opensAt;
  const counted = from.getTime() === dayStart(dateOf(from)).getTime() ? from : dayEnd(dateOf(from));
  return Math.max(0, Math.floor((closesAt.getTime() - counted.getTime()) / DAY));
}
