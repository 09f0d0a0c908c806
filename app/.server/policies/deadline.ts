/**
 * The answering deadline of a Q&A question: N working days (POLICY_ANSWER_DAYS,
 * default 5) after the Shanghai day it was asked, per the holiday schedules in
 * the database (app/.server/calendar). A deadline that crosses a year with no
 * announced schedule is provisional, never silently counted on weekends only.
 */
import type { Db } from "#db/index";
import { dayEnd, shanghaiDay } from "~/lib/shanghai";
import { loadCalendar } from "../calendar/schedules";
import { addWorkingDays, type HolidayCalendar } from "../calendar/working-days";

export interface AnswerDue {
  /** The last day to answer, 'YYYY-MM-DD'. */
  dueOn: string;
  /** 24:00 +08:00 of that day. */
  dueAt: Date;
  /** True when the count crossed a year whose holiday schedule is not yet announced. */
  provisional: boolean;
}

/** Pass `calendar` when computing many deadlines at once, so the schedules are read once. */
export async function answerDue(db: Db, askedAt: Date, workingDays: number, calendar?: HolidayCalendar): Promise<AnswerDue> {
  const cal = calendar ?? (await loadCalendar(db));
  const r = addWorkingDays(cal, shanghaiDay(askedAt), workingDays);
  const dueOn = r.ok ? r.value : r.provisional;
  return { dueOn, dueAt: dayEnd(dueOn), provisional: !r.ok };
}
