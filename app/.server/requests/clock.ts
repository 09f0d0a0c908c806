/**
 * The statutory clock of a disclosure request (政府信息公开条例 2019), in Shanghai
 * working days. A period's first day is the day after its start (the day of
 * receipt itself is not counted), as Chinese periods are reckoned.
 *
 * - Art 33: answer within 20 working days of receipt; once extendable by at most 20.
 * - Art 30: a 补正 notice within 7 working days of receipt; the period starts again when the correction arrives.
 * - Art 32/33: a third party has 15 working days; that time does not count toward the deadline.
 */
import { addCalendarDays, type WorkCalendar } from "./working-days";

const REPLY_DAYS = 20;
export const MAX_EXTENSION_DAYS = 20;
const CORRECTION_NOTICE_DAYS = 7;
const THIRD_PARTY_DAYS = 15;
/** "Nearly due" in the console: this many working days left or fewer. */
const NEAR_DUE_DAYS = 5;

export interface ClockFields {
  status: "received" | "correction" | "consulting" | "replied" | "withdrawn" | "closed";
  receivedOn: string;
  clockStartOn: string;
  correctionDueOn: string | null;
  consultStartedOn: string | null;
  pausedDays: number;
  extensionDays: number;
  repliedOn: string | null;
}

type ClockState = "running" | "paused_correction" | "paused_consultation" | "stopped";

export interface ClockView {
  state: ClockState;
  /** The deadline (provisional while a consultation runs); null while waiting for a correction. */
  dueOn: string | null;
  /** Working days left after today; negative when overdue; frozen while paused; null when stopped or waiting. */
  daysLeft: number | null;
  overdue: boolean;
  nearlyDue: boolean;
  /** While waiting: the correction's deadline, and whether it has passed (the request counts as withdrawn). */
  correctionDueOn: string | null;
  correctionLapsed: boolean;
  /** While consulting: the third party's deadline. */
  consultDueOn: string | null;
  extended: boolean;
  /**
   * The count crossed a year whose holiday schedule is not entered yet: the
   * dates are counted on weekends only and may move when it is (a holiday
   * pushes them later, a make-up day earlier).
   */
  provisional: boolean;
  /** Those years, ascending; empty when exact. */
  missingYears: number[];
}

export function dueOn(cal: WorkCalendar, clockStartOn: string, pausedDays: number, extensionDays: number): string {
  return cal.addWorkingDays(clockStartOn, REPLY_DAYS + extensionDays + pausedDays);
}

/** The last day a 补正 notice may go out. */
export function correctionLatestOn(cal: WorkCalendar, receivedOn: string): string {
  return cal.addWorkingDays(receivedOn, CORRECTION_NOTICE_DAYS);
}

export function consultDueOn(cal: WorkCalendar, startedOn: string): string {
  return cal.addWorkingDays(startedOn, THIRD_PARTY_DAYS);
}

/** Working days a consultation from `startedOn` to `endedOn` keeps the clock still: never more than the third party's 15. */
export function pauseDays(cal: WorkCalendar, startedOn: string, endedOn: string): number {
  return Math.min(THIRD_PARTY_DAYS, cal.workingDaysBetween(addCalendarDays(startedOn, 1), endedOn));
}

/** Working days from the day after `today` to `due`; negative (days past) when today is after it. */
function workingDaysLeft(cal: WorkCalendar, today: string, due: string): number {
  if (today <= due) return cal.workingDaysBetween(addCalendarDays(today, 1), due);
  return -cal.workingDaysBetween(addCalendarDays(due, 1), today);
}

/** Where the clock of `r` stands on `today`, and whether that rests on a year without a holiday schedule. */
export function clockView(cal: WorkCalendar, r: ClockFields, today: string): ClockView {
  const rec = cal.recording();
  const v = view(rec.cal, r, today);
  // A finished request shows no deadline: nothing provisional to say about it.
  const missingYears = v.state === "stopped" ? [] : rec.missing();
  return { ...v, provisional: missingYears.length > 0, missingYears };
}

function view(cal: WorkCalendar, r: ClockFields, today: string): Omit<ClockView, "provisional" | "missingYears"> {
  const base = {
    correctionDueOn: null,
    correctionLapsed: false,
    consultDueOn: null,
    extended: r.extensionDays > 0,
    overdue: false,
    nearlyDue: false,
  };
  if (r.status === "correction") {
    return { ...base, state: "paused_correction", dueOn: null, daysLeft: null, correctionDueOn: r.correctionDueOn, correctionLapsed: !!r.correctionDueOn && today > r.correctionDueOn };
  }
  if (r.status === "replied" || r.status === "withdrawn" || r.status === "closed") {
    return { ...base, state: "stopped", dueOn: dueOn(cal, r.clockStartOn, r.pausedDays, r.extensionDays), daysLeft: null };
  }
  if (r.status === "consulting" && r.consultStartedOn) {
    const soFar = pauseDays(cal, r.consultStartedOn, today);
    const due = dueOn(cal, r.clockStartOn, r.pausedDays + soFar, r.extensionDays);
    const consultDue = consultDueOn(cal, r.consultStartedOn);
    if (today <= consultDue) {
      // Frozen at what was left when the third party was asked.
      const left = workingDaysLeft(cal, r.consultStartedOn, dueOn(cal, r.clockStartOn, r.pausedDays, r.extensionDays));
      return { ...base, state: "paused_consultation", dueOn: due, daysLeft: left, consultDueOn: consultDue, overdue: left < 0, nearlyDue: left >= 0 && left <= NEAR_DUE_DAYS };
    }
    // The third party's time is up: the clock runs again though the consultation is still open.
    const left = workingDaysLeft(cal, today, due);
    return { ...base, state: "running", dueOn: due, daysLeft: left, consultDueOn: consultDue, overdue: left < 0, nearlyDue: left >= 0 && left <= NEAR_DUE_DAYS };
  }
  const due = dueOn(cal, r.clockStartOn, r.pausedDays, r.extensionDays);
  const left = workingDaysLeft(cal, today, due);
  return { ...base, state: "running", dueOn: due, daysLeft: left, overdue: left < 0, nearlyDue: left >= 0 && left <= NEAR_DUE_DAYS };
}
