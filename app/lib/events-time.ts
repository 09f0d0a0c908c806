import { TZDate } from "@date-fns/tz";
import { SHANGHAI as TZ } from "./shanghai";

/** A Shanghai wall-clock time as an instant. */
export function shanghai(y: number, m: number, d: number, h = 0, min = 0): Date {
  return new Date(new TZDate(y, m - 1, d, h, min, 0, TZ).getTime());
}

export function shanghaiDay(d: Date): { y: number; m: number; d: number } {
  const s = new TZDate(d, TZ);
  return { y: s.getFullYear(), m: s.getMonth() + 1, d: s.getDate() };
}

/** The August whose registrations are open now: this year's until it is over, then next year's. */
export function openMonthYear(now: Date): number {
  const d = shanghaiDay(now);
  return d.m >= 9 ? d.y + 1 : d.y;
}
