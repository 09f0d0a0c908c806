/**
 * The answering deadline of a Q&A question: N working days (POLICY_ANSWER_DAYS,
 * default 5) after the Shanghai day it was asked, per the holiday schedule.
 * The one place the policies domain reads the calendar, so it can move to the
 * database calendar (app/.server/calendar) in one edit.
 */
import type { Db } from "#db/index";
import { addWorkingDays, dayEnd, shanghaiDay } from "../decisions/working-days";

export interface AnswerDue {
  /** The last day to answer, 'YYYY-MM-DD'. */
  dueOn: string;
  /** 24:00 +08:00 of that day. */
  dueAt: Date;
}

// `db` is unused until the calendar lives in the database; callers already pass it.
export async function answerDue(_db: Db, askedAt: Date, workingDays: number): Promise<AnswerDue> {
  const dueOn = addWorkingDays(shanghaiDay(askedAt), workingDays);
  return { dueOn, dueAt: dayEnd(dueOn) };
}
