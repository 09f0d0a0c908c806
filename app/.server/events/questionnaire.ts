/** 问卷调查: staff define questions per event; attendees answer after the session. */
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { pgError } from "#db/index";
import { eventQuestions, eventRegistrations, eventResponses, eventSessions, events } from "#db/schema";
import type { Actor } from "../context";
import { NotFoundError, UserError } from "../errors";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import { text } from "../forms";
import { enqueueMail } from "../notify/outbox";
import { langOf, questionnaireMail } from "./mails";

export const questionSchema = z.object({
  kind: z.enum(["single", "multiple", "rating", "text"]),
  prompt: text(300),
  options: z
    .string()
    .optional()
    .transform((s) => (s ?? "").split("\n").map((x) => x.trim()).filter(Boolean).slice(0, 20)),
  required: z.literal("on").optional().transform((v) => v === "on"),
});

export async function listQuestions(db: Db, eventId: number) {
  return db.select().from(eventQuestions).where(eq(eventQuestions.eventId, eventId)).orderBy(asc(eventQuestions.position), asc(eventQuestions.id));
}

export async function addQuestion(db: Db, actor: Actor, eventId: number, input: z.output<typeof questionSchema>, now: Date) {
  return db.transaction(async (tx) => {
    const [e] = await tx.select().from(events).where(eq(events.id, eventId));
    if (!e) throw new NotFoundError();
    assertCanManageUnit(actor, e.unitId);
    if ((input.kind === "single" || input.kind === "multiple") && input.options.length < 2) throw new UserError("events.err.options", {}, "options");
    const [{ n }] = await tx.select({ n: sql<number>`coalesce(max(${eventQuestions.position}), 0)`.mapWith(Number) }).from(eventQuestions).where(eq(eventQuestions.eventId, eventId));
    const [q] = await tx
      .insert(eventQuestions)
      .values({ eventId, position: n + 1, kind: input.kind, prompt: input.prompt, options: input.kind === "single" || input.kind === "multiple" ? input.options : [], required: input.required })
      .returning();
    await recordAudit(tx, actor, { action: "events.question.add", entityType: "event", entityId: eventId, summary: { questionId: q.id, kind: q.kind } }, now);
    return q;
  });
}

/** Sends the questionnaire to every attendee of a finished session, once. */
export async function sendQuestionnaire(db: Db, actor: Actor, sessionId: number, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(eventSessions).where(eq(eventSessions.id, sessionId)).for("update");
    if (!s) throw new NotFoundError();
    const [e] = await tx.select().from(events).where(eq(events.id, s.eventId));
    assertCanManageUnit(actor, e.unitId);
    if (now < s.endsAt) throw new UserError("events.err.notEnded");
    if (s.questionnaireSentAt) return 0;
    const attendees = await tx
      .select()
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.sessionId, s.id), isNotNull(eventRegistrations.checkedInAt), isNotNull(eventRegistrations.contactEmail)));
    for (const r of attendees) {
      const mail = questionnaireMail(await langOf(tx, r), e, r);
      if (mail) await enqueueMail(tx, mail);
    }
    await tx.update(eventSessions).set({ questionnaireSentAt: now }).where(eq(eventSessions.id, s.id));
    await recordAudit(tx, actor, { action: "events.questionnaire.send", entityType: "event_session", entityId: s.id, summary: { recipients: attendees.length } }, now);
    return attendees.length;
  });
}

/** The questionnaire for one of the user's attended registrations. */
export async function questionnaireFor(db: Db, userId: number, registrationId: number) {
  const [x] = await db
    .select({ r: eventRegistrations, s: eventSessions, e: events })
    .from(eventRegistrations)
    .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .where(eq(eventRegistrations.id, registrationId));
  if (!x || x.r.userId !== userId) throw new NotFoundError();
  const [done] = await db.select().from(eventResponses).where(eq(eventResponses.registrationId, registrationId));
  return { ...x, questions: await listQuestions(db, x.e.id), answered: !!done };
}

type Answers = Record<string, number | number[] | string>;

/** Validates answers against the questions; one response per registration. */
export async function submitResponse(db: Db, userId: number, registrationId: number, form: FormData, now: Date) {
  const q = await questionnaireFor(db, userId, registrationId);
  if (!q.r.checkedInAt || q.answered) throw new UserError("events.err.questionnaireClosed");
  const answers: Answers = {};
  for (const question of q.questions) {
    const key = `q${question.id}`;
    const field = key;
    if (question.kind === "multiple") {
      const picked = form.getAll(key).map(Number).filter((i) => Number.isInteger(i) && i >= 0 && i < question.options.length);
      if (question.required && picked.length === 0) throw new UserError("events.err.answer", {}, field);
      answers[question.id] = [...new Set(picked)];
    } else {
      const raw = form.get(key);
      const v = typeof raw === "string" ? raw.trim() : "";
      if (!v) {
        if (question.required) throw new UserError("events.err.answer", {}, field);
        continue;
      }
      if (question.kind === "text") answers[question.id] = v.slice(0, 2000);
      else {
        const i = Number(v);
        const ok = question.kind === "rating" ? Number.isInteger(i) && i >= 1 && i <= 5 : Number.isInteger(i) && i >= 0 && i < question.options.length;
        if (!ok) throw new UserError("events.err.answer", {}, field);
        answers[question.id] = i;
      }
    }
  }
  try {
    await db.insert(eventResponses).values({ eventId: q.e.id, registrationId, answers, submittedAt: now });
  } catch (e) {
    if (pgError(e)?.code === "23505") throw new UserError("events.err.questionnaireClosed");
    throw e;
  }
}

interface QuestionResult {
  id: number;
  kind: "single" | "multiple" | "rating" | "text";
  prompt: string;
  answered: number;
  /** single/multiple: per option; rating: per star 1–5. */
  counts: { label: string; n: number }[];
  average: number | null;
  texts: string[];
}

export async function questionnaireResults(db: Db, actor: Actor, eventId: number) {
  const [e] = await db.select().from(events).where(eq(events.id, eventId));
  if (!e) throw new NotFoundError();
  assertCanManageUnit(actor, e.unitId);
  const questions = await listQuestions(db, eventId);
  const responses = await db.select().from(eventResponses).where(eq(eventResponses.eventId, eventId));
  const results: QuestionResult[] = questions.map((q) => {
    const vals = responses.map((r) => r.answers[q.id]).filter((v) => v !== undefined && v !== "");
    const res: QuestionResult = { id: q.id, kind: q.kind, prompt: q.prompt, answered: vals.length, counts: [], average: null, texts: [] };
    if (q.kind === "single") res.counts = q.options.map((label, i) => ({ label, n: vals.filter((v) => v === i).length }));
    if (q.kind === "multiple") res.counts = q.options.map((label, i) => ({ label, n: vals.filter((v) => Array.isArray(v) && v.includes(i)).length }));
    if (q.kind === "rating") {
      res.counts = [1, 2, 3, 4, 5].map((star) => ({ label: "★".repeat(star), n: vals.filter((v) => v === star).length }));
      const nums = vals.filter((v): v is number => typeof v === "number");
      res.average = nums.length ? Math.round((nums.reduce((a, b) => a + b, 0) / nums.length) * 10) / 10 : null;
    }
    if (q.kind === "text") res.texts = vals.filter((v): v is string => typeof v === "string");
    return res;
  });
  return { event: e, questions, responses, results };
}

/** Attended registrations of a user whose questionnaire is unanswered. */
export async function pendingQuestionnaires(db: Db, userId: number) {
  return db
    .select({ id: eventRegistrations.id })
    .from(eventRegistrations)
    .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
    .leftJoin(eventResponses, eq(eventResponses.registrationId, eventRegistrations.id))
    .where(and(eq(eventRegistrations.userId, userId), isNotNull(eventRegistrations.checkedInAt), isNull(eventResponses.id), isNotNull(eventSessions.questionnaireSentAt)));
}
