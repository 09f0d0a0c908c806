/**
 * Working days (工作日) from the official holiday schedules kept in the
 * `holiday_schedules` table, never from the host's clock or time zone: days
 * are Asia/Shanghai calendar days written 'YYYY-MM-DD' and every step is taken
 * in Shanghai (see ~/lib/shanghai).
 *
 * A day in a year with no announced schedule has no known answer. Every
 * computation that touches such a year says so (`ok: false` with the missing
 * years) and also gives a `provisional` answer counted on weekends only, for
 * display marked as provisional — never to be taken as the rule.
 */
import { addCalendarDays, weekdayOf } from "~/lib/shanghai";

interface YearSchedule {
  /** 法定节假日: days off, weekends inside a holiday included. */
  off: ReadonlySet<string>;
  /** 调休上班: weekend days that are working days. */
  work: ReadonlySet<string>;
}

/** The schedules known when it was loaded, by year. */
export interface HolidayCalendar {
  years: ReadonlyMap<number, YearSchedule>;
}

export type Counted<T> = { ok: true; value: T } | { ok: false; missing: number[]; provisional: T };

export function makeCalendar(schedules: { year: number; offDays: readonly string[]; workdays: readonly string[] }[]): HolidayCalendar {
  return { years: new Map(schedules.map((s) => [s.year, { off: new Set(s.offDays), work: new Set(s.workdays) }])) };
}

const yearOf = (day: string) => Number(day.slice(0, 4));

function weekendsOnly(day: string): boolean {
  const w = weekdayOf(day);
  return w !== 0 && w !== 6;
}

/** true/false from the schedule; null when the day's year has none. */
export function isWorkingDay(cal: HolidayCalendar, day: string): boolean | null {
  const s = cal.years.get(yearOf(day));
  if (!s) return null;
  if (s.work.has(day)) return true;
  if (s.off.has(day)) return false;
  return weekendsOnly(day);
}

class Walk {
  missing = new Set<number>();
  constructor(private cal: HolidayCalendar) {}
  working(day: string): boolean {
    const known = isWorkingDay(this.cal, day);
    if (known !== null) return known;
    this.missing.add(yearOf(day));
    return weekendsOnly(day);
  }
  result<T>(value: T): Counted<T> {
    return this.missing.size ? { ok: false, missing: [...this.missing].sort(), provisional: value } : { ok: true, value };
  }
}

/** Working days in [from, to], both ends included; 0 when `to` is before `from`. */
export function workingDaysBetween(cal: HolidayCalendar, from: string, to: string): Counted<number> {
  const walk = new Walk(cal);
  let n = 0;
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) if (walk.working(d)) n++;
  return walk.result(n);
}

/** The n-th working day after `day` (before it when n < 0), not counting `day` itself; `day` when n is 0. */
export function addWorkingDays(cal: HolidayCalendar, day: string, n: number): Counted<string> {
  const walk = new Walk(cal);
  const step = n < 0 ? -1 : 1;
  let d = day;
  for (let left = Math.abs(n); left > 0; ) {
    d = addCalendarDays(d, step);
    if (walk.working(d)) left--;
  }
  return walk.result(d);
}
