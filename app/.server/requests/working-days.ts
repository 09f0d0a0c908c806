/**
 * The one door from information requests to the holiday calendar. The clock
 * only sees this interface; `requestCalendar` answers from the
 * admin-maintained schedules (app/.server/calendar).
 *
 * For a year without an announced schedule the calendar has no answer; the
 * adapter then counts weekends only (the calendar's `provisional` answer) and
 * notes the year, so that every deadline computed through `recording` can say
 * it is provisional and why (see clock.ts `clockView`).
 */
import type { Db } from "#db/index";
import { addCalendarDays, shanghaiDay } from "~/lib/shanghai";
import { loadCalendar } from "../calendar/schedules";
import { addWorkingDays, isWorkingDay, workingDaysBetween, type Counted, type HolidayCalendar } from "../calendar/working-days";

export { addCalendarDays, shanghaiDay };

/** Shanghai calendar days, 'YYYY-MM-DD'. */
export interface WorkCalendar {
  isWorkday(day: string): boolean;
  /** Working days in [from, to], both ends included; 0 when to is before from. */
  workingDaysBetween(from: string, to: string): number;
  /** The n-th working day after `day`, not counting `day` itself. */
  addWorkingDays(day: string, n: number): string;
  /** The same calendar, noting in `missing` every year it had to count without a schedule. */
  recording(): { cal: WorkCalendar; missing: () => number[] };
}

function workCalendar(hc: HolidayCalendar, sink?: Set<number>): WorkCalendar {
  const value = <T>(c: Counted<T>): T => {
    if (c.ok) return c.value;
    for (const y of c.missing) sink?.add(y);
    return c.provisional;
  };
  return {
    isWorkday: (day) => isWorkingDay(hc, day) ?? value(workingDaysBetween(hc, day, day)) === 1,
    workingDaysBetween: (from, to) => value(workingDaysBetween(hc, from, to)),
    addWorkingDays: (day, n) => value(addWorkingDays(hc, day, n)),
    recording: () => {
      const years = new Set<number>();
      return { cal: workCalendar(hc, years), missing: () => [...years].sort((a, b) => a - b) };
    },
  };
}

/**
 * The calendar the clock counts with, loaded from the holiday schedules table:
 * one query. Load it once per page or step and pass it on; a queue of N
 * requests counts them all with the one calendar.
 */
export async function requestCalendar(db: Db): Promise<WorkCalendar> {
  return workCalendar(await loadCalendar(db));
}
