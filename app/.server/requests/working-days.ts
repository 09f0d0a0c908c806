/**
 * The one door from information requests to the holiday calendar. The clock
 * only sees this interface, so moving to the admin-maintained calendar
 * (app/.server/calendar, issue #12) changes `requestCalendar` and nothing else.
 */
import type { Db } from "#db/index";
import { addCalendarDays, addWorkingDays, isWorkday, shanghaiDay, workingDaysBetween } from "../decisions/working-days";

export { addCalendarDays, shanghaiDay };

/** Shanghai calendar days, 'YYYY-MM-DD'. */
export interface WorkCalendar {
  isWorkday(day: string): boolean;
  /** Working days in [from, to], both ends included; 0 when to is before from. */
  workingDaysBetween(from: string, to: string): number;
  /** The n-th working day after `day`, not counting `day` itself. */
  addWorkingDays(day: string, n: number): string;
}

const packaged: WorkCalendar = { isWorkday, workingDaysBetween, addWorkingDays };

/** The calendar the clock counts with; async and given the database so the table-backed calendar fits in. */
export async function requestCalendar(_db: Db): Promise<WorkCalendar> {
  return packaged;
}
