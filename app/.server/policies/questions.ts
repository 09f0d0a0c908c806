/**
 * 政策留言板 and 常见问题: residents ask on a policy page; staff of the issuing
 * unit review (先审查、后公开), answer within the deadline, and promote
 * answered questions to the FAQ, which goes to the 12345 knowledge base.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { policies, policyFaqs, policyQuestions, units } from "#db/schema";
import { recordAudit } from "../audit/audit";
import { csvDocument } from "../csv";
import { assertCanManageUnit } from "../auth/guards";
import type { Config } from "../config";
import type { Actor } from "../context";
import { referenceNumber } from "../consultations/comments";
import { maskPersonalData } from "../consultations/text";
import { NotFoundError, UserError } from "../errors";
import { optionalText, text } from "../forms";
import { hitRateLimit } from "../security/rate-limit";
import { isoShanghai, shanghaiDay } from "~/lib/shanghai";
import { publicUrl } from "../urls";
import { loadCalendar } from "../calendar/schedules";
import { answerDue } from "./deadline";
import { policyPath } from "./policies";

export const questionSchema = z.object({
  body: text(2000, "policies.err.question"),
  showName: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "1" || v === "true"),
  idempotencyKey: z.string({ error: "err.form" }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "err.form" }),
});

/**
 * Takes a question on a published policy and gives its reference number. A
 * retried submission (same key) returns the first question. Rate-limited like
 * comments, with the same settings.
 */
export async function askQuestion(
  db: Db,
  user: { id: number; displayName: string },
  ip: string | null,
  policyId: number,
  input: z.output<typeof questionSchema>,
  now: Date,
  rate: Config["commentRate"],
): Promise<{ reference: string; created: boolean }> {
  const existing = await findByKey(db, user.id, input.idempotencyKey);
  if (existing) return { reference: existing.reference, created: false };
  const [p] = await db.select({ id: policies.id }).from(policies).where(and(eq(policies.id, policyId), isNotNull(policies.publishedAt)));
  if (!p) throw new NotFoundError();
  const perUser = await hitRateLimit(db, `policyq:user:${user.id}`, rate.perUser, rate.windowSeconds, now);
  const perIp = ip ? await hitRateLimit(db, `policyq:ip:${ip}`, rate.perIp, rate.windowSeconds, now) : null;
  if (!perUser.allowed || (perIp && !perIp.allowed)) {
    const wait = Math.max(perUser.allowed ? 0 : perUser.retryAfterSeconds, perIp && !perIp.allowed ? perIp.retryAfterSeconds : 0);
    throw new UserError("consultations.err.rateLimited", { minutes: Math.ceil(wait / 60) }, undefined, 429);
  }
  const [row] = await db
    .insert(policyQuestions)
    .values({
      policyId,
      userId: user.id,
      reference: referenceNumber("ZC", policyId),
      idempotencyKey: input.idempotencyKey,
      body: input.body,
      showName: input.showName,
      authorName: user.displayName,
      askedAt: now,
    })
    .onConflictDoNothing({ target: [policyQuestions.userId, policyQuestions.idempotencyKey] })
    .returning({ reference: policyQuestions.reference });
  if (row) return { reference: row.reference, created: true };
  const first = await findByKey(db, user.id, input.idempotencyKey);
  return { reference: first!.reference, created: false };
}

async function findByKey(db: Db, userId: number, key: string) {
  const [r] = await db
    .select({ reference: policyQuestions.reference })
    .from(policyQuestions)
    .where(and(eq(policyQuestions.userId, userId), eq(policyQuestions.idempotencyKey, key)));
  return r ?? null;
}

/** The public board: published questions only, personal data masked, with answers. */
export async function listPublishedQuestions(db: Db, policyId: number) {
  const list = await db
    .select({
      id: policyQuestions.id,
      reference: policyQuestions.reference,
      body: policyQuestions.body,
      showName: policyQuestions.showName,
      authorName: policyQuestions.authorName,
      answer: policyQuestions.answer,
      answeredAt: policyQuestions.answeredAt,
      askedAt: policyQuestions.askedAt,
    })
    .from(policyQuestions)
    .where(and(eq(policyQuestions.policyId, policyId), eq(policyQuestions.status, "published")))
    .orderBy(desc(policyQuestions.askedAt), desc(policyQuestions.id));
  return list.map(({ showName, authorName, body, answer, ...q }) => ({
    ...q,
    body: maskPersonalData(body),
    answer: answer ? maskPersonalData(answer) : null,
    name: showName ? maskPersonalData(authorName) : null,
  }));
}

/** The asker's own questions on a policy, original text and status (a refusal's reason included). */
export function listMyQuestions(db: Db, userId: number, policyId: number) {
  return db
    .select({
      reference: policyQuestions.reference,
      body: policyQuestions.body,
      status: policyQuestions.status,
      refusalReason: policyQuestions.refusalReason,
      answer: policyQuestions.answer,
      askedAt: policyQuestions.askedAt,
    })
    .from(policyQuestions)
    .where(and(eq(policyQuestions.userId, userId), eq(policyQuestions.policyId, policyId)))
    .orderBy(desc(policyQuestions.id));
}

/** The unit's queue: open questions first by deadline, each with its due day and whether it is overdue. */
export async function listQuestionQueue(db: Db, actor: Actor, unitId: number | null, now: Date, answerDays: number, opts: { all?: boolean } = {}) {
  if (unitId != null) assertCanManageUnit(actor, unitId);
  else if (actor.role !== "admin") throw new NotFoundError();
  const where = [unitId != null ? eq(policies.unitId, unitId) : undefined];
  // Open work: unanswered or unreviewed questions, and answers of the last fortnight not yet in the FAQ.
  if (!opts.all) {
    const recent = new Date(now.getTime() - 14 * 86_400_000);
    where.push(
      sql`${policyQuestions.status} <> 'refused' and ${policyFaqs.id} is null and (${policyQuestions.answer} is null or ${policyQuestions.status} = 'pending' or ${policyQuestions.answeredAt} >= ${recent.toISOString()}::timestamptz)`,
    );
  }
  const list = await db
    .select({
      id: policyQuestions.id,
      reference: policyQuestions.reference,
      policyId: policies.id,
      policyTitle: policies.title,
      unitId: policies.unitId,
      body: policyQuestions.body,
      authorName: policyQuestions.authorName,
      status: policyQuestions.status,
      refusalReason: policyQuestions.refusalReason,
      answer: policyQuestions.answer,
      answeredAt: policyQuestions.answeredAt,
      askedAt: policyQuestions.askedAt,
      faqId: policyFaqs.id,
    })
    .from(policyQuestions)
    .innerJoin(policies, eq(policies.id, policyQuestions.policyId))
    .leftJoin(policyFaqs, eq(policyFaqs.questionId, policyQuestions.id))
    .where(and(...where))
    .orderBy(asc(policyQuestions.askedAt), asc(policyQuestions.id))
    .limit(500);
  const today = shanghaiDay(now);
  const out = [];
  for (const q of list) {
    const due = await answerDue(db, q.askedAt, answerDays);
    const open = q.status !== "refused" && q.answer == null;
    out.push({ ...q, dueOn: due.dueOn, overdue: open && today > due.dueOn });
  }
  return out;
}

async function lockQuestion(tx: Db, actor: Actor, id: number) {
  const [q] = await tx
    .select({ q: policyQuestions, unitId: policies.unitId })
    .from(policyQuestions)
    .innerJoin(policies, eq(policies.id, policyQuestions.policyId))
    .where(eq(policyQuestions.id, id))
    .for("update", { of: policyQuestions });
  if (!q) throw new NotFoundError();
  assertCanManageUnit(actor, q.unitId);
  return q.q;
}

export const moderateSchema = z.object({
  decision: z.enum(["publish", "refuse"], { error: "err.form" }),
  reason: optionalText(1000),
});

/** 先审查、后公开: publish, or refuse with a reason the asker sees. Nothing is deleted. */
export async function moderateQuestion(db: Db, actor: Actor, id: number, input: z.output<typeof moderateSchema>, now: Date) {
  if (input.decision === "refuse" && !input.reason) throw new UserError("policies.err.refuseReason", {}, "reason");
  await db.transaction(async (tx) => {
    const q = await lockQuestion(tx, actor, id);
    const status = input.decision === "publish" ? ("published" as const) : ("refused" as const);
    await tx
      .update(policyQuestions)
      .set({ status, refusalReason: status === "refused" ? input.reason : null, moderatedBy: actor.id, moderatedAt: now })
      .where(eq(policyQuestions.id, id));
    await recordAudit(tx, actor, { action: `policy.question.${input.decision}`, entityType: "policy_question", entityId: id, summary: { reference: q.reference, reason: input.reason } }, now);
  });
}

export const answerSchema = z.object({ answer: text(5000, "policies.err.answer") });

export async function answerQuestion(db: Db, actor: Actor, id: number, input: z.output<typeof answerSchema>, now: Date) {
  await db.transaction(async (tx) => {
    const q = await lockQuestion(tx, actor, id);
    if (q.status === "refused") throw new UserError("policies.err.refused", {}, undefined, 409);
    await tx.update(policyQuestions).set({ answer: input.answer, answeredBy: actor.id, answeredAt: now }).where(eq(policyQuestions.id, id));
    await recordAudit(tx, actor, { action: "policy.question.answer", entityType: "policy_question", entityId: id, summary: { reference: q.reference, answer: input.answer } }, now);
  });
}

/** An answered, published question becomes an FAQ entry (masked: the FAQ is public and exported). */
export async function promoteToFaq(db: Db, actor: Actor, id: number, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const q = await lockQuestion(tx, actor, id);
    if (q.status !== "published" || !q.answer) throw new UserError("policies.err.promote", {}, undefined, 409);
    const [max] = await tx.select({ n: sql<number>`coalesce(max(${policyFaqs.position}), 0)::int` }).from(policyFaqs).where(eq(policyFaqs.policyId, q.policyId));
    const [row] = await tx
      .insert(policyFaqs)
      .values({ policyId: q.policyId, questionId: id, question: maskPersonalData(q.body), answer: maskPersonalData(q.answer), position: Number(max?.n ?? 0) + 1, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: policyFaqs.questionId })
      .returning({ id: policyFaqs.id });
    if (!row) throw new UserError("policies.err.alreadyFaq", {}, undefined, 409);
    await recordAudit(tx, actor, { action: "policy.faq.promote", entityType: "policy", entityId: q.policyId, summary: { faqId: row.id, questionId: id } }, now);
    return row.id;
  });
}

export const faqSchema = z.object({ question: text(2000, "policies.err.question"), answer: text(5000, "policies.err.answer") });

/** Staff edit an FAQ entry: shorten the question, merge similar ones into one answer. */
export async function updateFaq(db: Db, actor: Actor, faqId: number, input: z.output<typeof faqSchema>, now: Date) {
  await db.transaction(async (tx) => {
    const [f] = await tx
      .select({ id: policyFaqs.id, policyId: policyFaqs.policyId, unitId: policies.unitId })
      .from(policyFaqs)
      .innerJoin(policies, eq(policies.id, policyFaqs.policyId))
      .where(eq(policyFaqs.id, faqId))
      .for("update", { of: policyFaqs });
    if (!f) throw new NotFoundError();
    assertCanManageUnit(actor, f.unitId);
    await tx.update(policyFaqs).set({ question: input.question, answer: input.answer, updatedAt: now }).where(eq(policyFaqs.id, faqId));
    await recordAudit(tx, actor, { action: "policy.faq.update", entityType: "policy", entityId: f.policyId, summary: { faqId, ...input } }, now);
  });
}

export function listFaqs(db: Db, policyId: number) {
  return db
    .select({ id: policyFaqs.id, question: policyFaqs.question, answer: policyFaqs.answer, updatedAt: policyFaqs.updatedAt })
    .from(policyFaqs)
    .where(eq(policyFaqs.policyId, policyId))
    .orderBy(asc(policyFaqs.position), asc(policyFaqs.id));
}

export interface FaqExportRow {
  title: string;
  question: string;
  answer: string;
  policy: string;
  docNumber: string;
  unit: string;
  url: string;
  date: string;
  tags: string[];
}

/**
 * The FAQ of one unit or of all units, for the 12345 hotline's knowledge base:
 * published policies only (an FAQ is public text).
 */
export async function exportFaq(db: Db, unitId: number | null): Promise<FaqExportRow[]> {
  const list = await db
    .select({
      question: policyFaqs.question,
      answer: policyFaqs.answer,
      updatedAt: policyFaqs.updatedAt,
      policyId: policies.id,
      policy: policies.title,
      docNumber: policies.docNumber,
      topics: policies.topics,
      audiences: policies.audiences,
      unit: units.nameZh,
    })
    .from(policyFaqs)
    .innerJoin(policies, eq(policies.id, policyFaqs.policyId))
    .innerJoin(units, eq(units.id, policies.unitId))
    .where(and(isNotNull(policies.publishedAt), unitId != null ? eq(policies.unitId, unitId) : undefined))
    .orderBy(asc(units.id), asc(policies.id), asc(policyFaqs.position), asc(policyFaqs.id));
  return list.map((f) => ({
    title: firstLine(f.question),
    question: f.question,
    answer: f.answer,
    policy: f.policy,
    docNumber: f.docNumber,
    unit: f.unit,
    url: publicUrl(policyPath(f.policyId)),
    date: isoShanghai(f.updatedAt)!.slice(0, 10),
    tags: [...new Set([...f.topics, ...f.audiences])],
  }));
}

function firstLine(s: string): string {
  const line = s.split(/\r?\n/)[0].trim();
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

const FAQ_HEADERS = ["标题 title", "问题 question", "答复 answer", "政策文件 policy", "文号 document number", "发布单位 unit", "链接 url", "日期 date", "标签 tags"];

/** Through csvDocument: UTF-8 with BOM for Excel, and no cell a spreadsheet would run as a formula. */
export function faqCsv(rows: FaqExportRow[]): string {
  return csvDocument([FAQ_HEADERS, ...rows.map((r) => [r.title, r.question, r.answer, r.policy, r.docNumber, r.unit, r.url, r.date, r.tags.join("、")])]);
}

/** Units with overdue questions and normative documents published or drafted without interpretation (compliance page). */
export async function policyCompliance(db: Db, now: Date, answerDays: number) {
  const open = await db
    .select({ unitId: policies.unitId, askedAt: policyQuestions.askedAt })
    .from(policyQuestions)
    .innerJoin(policies, eq(policies.id, policyQuestions.policyId))
    .where(and(isNull(policyQuestions.answer), inArray(policyQuestions.status, ["pending", "published"])));
  const today = shanghaiDay(now);
  const overdue = new Map<number, number>();
  const calendar = await loadCalendar(db);
  for (const q of open) {
    const due = await answerDue(db, q.askedAt, answerDays, calendar);
    if (today > due.dueOn) overdue.set(q.unitId, (overdue.get(q.unitId) ?? 0) + 1);
  }
  const noInterp = await db
    .select({ unitId: policies.unitId, n: sql<number>`count(*)::int` })
    .from(policies)
    .where(
      and(eq(policies.kind, "normative"), sql`not exists (select 1 from policy_interpretations i where i.policy_id = ${policies.id})`),
    )
    .groupBy(policies.unitId);
  const unitList = await db.select({ id: units.id, nameZh: units.nameZh, nameEn: units.nameEn }).from(units).orderBy(asc(units.id));
  const noMap = new Map(noInterp.map((r) => [r.unitId, Number(r.n)]));
  return unitList
    .map((u) => ({ ...u, overdueQuestions: overdue.get(u.id) ?? 0, withoutInterpretation: noMap.get(u.id) ?? 0 }))
    .filter((u) => u.overdueQuestions > 0 || u.withoutInterpretation > 0);
}
