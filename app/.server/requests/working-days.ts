/**
 * The one door from information requests to the holiday calendar. The clock
 * only sees this interface; `requestCalendar` answers from the
 * admin-maintained schedules (app/.server/calendar).
 *
 * The interface has no "schedule missing" answer yet: for a year without an
 * announced schedule it counts weekends-only, as the provisional answer of
 * the calendar API. Showing such deadlines as provisional is still to do here
 * (the calendar's `Counted` result carries what is needed).
 */
import type { Db } from "#db/index";
import { addCalendarDays, shanghaiDay } from "~/lib/shanghai";
import { loadCalendar } from "../calendar/schedules";
import { addWorkingDays, isWorkingDay, workingDaysBetween, type Counted } from "../calendar/working-days";

export { addCalendarDays, shanghaiDay };

/** Shanghai calendar days, 'YYYY-MM-DD'. */
export interface WorkCalendar {
  isWorkday(day: string): boolean;
  /** Working days in [from, to], both ends included; 0 when to is before from. */
  workingDaysBetween(from: string, to: string): number;
  /** The n-th working day after `day`, not counting `day` itself. */
  addWorkingDays(day: string, n: number): string;
}

const value = <T>(c: Counted<T>): T => (c.ok ? c.value : c.provisional);

/** The calendar the clock counts with, loaded from the holiday schedules table. */
export async function requestCalendar(db: Db): Promise<WorkCalendar> {
  const cal = await loadCalendar(db);
  return {
    isWorkday: (day) => isWorkingDay(cal, day) ?? value(workingDaysBetween(cal, day, day)) === 1,
    workingDaysBetween: (from, to) => value(workingDaysBetween(cal, from, to)),
    addWorkingDays: (day, n) => value(addWorkingDays(cal, day, n)),
  };
}
