import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { ADOPTIONS, consultationArticles, consultationComments, consultations, COMMENT_STATUSES, type Adoption, type CommentStatus } from "#db/schema";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { NotFoundError, UserError } from "../errors";
import { optionalText, text } from "../forms";
import { loadConfig, type Config } from "../config";
import { hitRateLimit } from "../security/rate-limit";
import { attachmentType, checkUpload, getConsultation, periodStatus, type UploadedFile } from "./periods";
import { maskPersonalData, NEAR_DUPLICATE, normalizeComment, similarity, similarityBands } from "./text";
import { formatDateTime, formatPeriodEnd, inBoth } from "~/lib/dates";

/**
 * Per account and per IP, per period: enough for a thoughtful commenter, not for a flood.
 * The defaults; the server passes its configured limits (RATE_COMMENTS_*).
 */
const RATE: Config["commentRate"] = loadConfig({}).commentRate;

export const commentSchema = z.object({
  articleId: z
    .union([z.literal(""), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => (v === "" || v == null ? null : v)),
  body: text(5000, "consultations.err.body"),
  showName: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "1" || v === "true"),
  idempotencyKey: z.string({ error: "err.form" }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "err.form" }),
});
export type CommentInput = z.output<typeof commentSchema>;

export interface Commenter {
  id: number;
  displayName: string;
}

/** A reference number a resident can look up: a prefix, the record's parent id and 40 random bits. */
export function referenceNumber(prefix: string, parentId: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `${prefix}${parentId}-${encodeBase32UpperCaseNoPadding(bytes)}`;
}

const newReference = (consultationId: number) => referenceNumber("ZQ", consultationId);

const COMMENT_LOCK_NS = 7_274_100;

/**
 * Takes a comment. The close is enforced here, to the second, with the
 * caller's clock: a comment is accepted while now < closes_at. A retried
 * submission (same idempotency key) returns the first comment instead of a
 * second one. Identical and near-identical comments join the group of the
 * first such comment.
 */
export async function submitComment(
  db: Db,
  user: Commenter,
  ip: string | null,
  consultationId: number,
  input: CommentInput,
  now: Date,
  upload: UploadedFile | null = null,
  rate: Config["commentRate"] = RATE,
): Promise<{ reference: string; created: boolean }> {
  const existing = await findByKey(db, user.id, input.idempotencyKey);
  if (existing) return { reference: existing.reference, created: false };

  const c = await getConsultation(db, consultationId);
  assertOpen(c, now);
  const attachment = upload ? checkUpload(upload, "attachment") : null;

  const perUser = await hitRateLimit(db, `consult:user:${user.id}`, rate.perUser, rate.windowSeconds, now);
  const perIp = ip ? await hitRateLimit(db, `consult:ip:${ip}`, rate.perIp, rate.windowSeconds, now) : null;
  if (!perUser.allowed || (perIp && !perIp.allowed)) {
    const wait = Math.max(perUser.allowed ? 0 : perUser.retryAfterSeconds, perIp && !perIp.allowed ? perIp.retryAfterSeconds : 0);
    throw new UserError("consultations.err.rateLimited", { minutes: Math.ceil(wait / 60) }, undefined, 429);
  }

  return db.transaction(async (tx) => {
    // One writer per period at a time: the close check, the grouping and the insert see one consistent state.
    await tx.execute(sql`select pg_advisory_xact_lock(${COMMENT_LOCK_NS}, ${consultationId})`);
    const [locked] = await tx.select().from(consultations).where(eq(consultations.id, consultationId)).for("share");
    assertOpen(locked, now);
    if (input.articleId != null) {
      const [a] = await tx
        .select({ id: consultationArticles.id })
        .from(consultationArticles)
        .where(and(eq(consultationArticles.id, input.articleId), eq(consultationArticles.consultationId, consultationId)));
      if (!a) throw new UserError("consultations.err.article", {}, "articleId");
    }
    const normalized = normalizeComment(input.body);
    const groupId = await findGroup(tx, consultationId, normalized);
    const [row] = await tx
      .insert(consultationComments)
      .values({
        consultationId,
        articleId: input.articleId,
        userId: user.id,
        reference: newReference(consultationId),
        idempotencyKey: input.idempotencyKey,
        body: input.body,
        showName: input.showName,
        authorName: user.displayName,
        attachmentName: attachment?.name ?? null,
        attachmentType: attachment?.type ?? null,
        attachmentContent: attachment ? Buffer.from(attachment.bytes).toString("base64") : null,
        groupId,
        normalized,
        bands: similarityBands(normalized),
        ip,
        createdAt: now,
      })
      .onConflictDoNothing({ target: [consultationComments.userId, consultationComments.idempotencyKey] })
      .returning({ reference: consultationComments.reference });
    if (row) return { reference: row.reference, created: true };
    // A concurrent retry got there first.
    const first = await findByKey(tx, user.id, input.idempotencyKey);
    return { reference: first!.reference, created: false };
  });
}

function assertOpen(c: typeof consultations.$inferSelect, now: Date) {
  const status = periodStatus(c, now);
  if (status === "draft") throw new NotFoundError();
  if (status === "upcoming") throw new UserError("consultations.err.notOpenYet", { opensAt: inBoth((l) => formatDateTime(c.opensAt, l)) }, undefined, 409);
  if (status === "closed") throw new UserError("consultations.err.closed", { closesAt: inBoth((l) => formatPeriodEnd(c.closesAt, l)) }, undefined, 409);
}

async function findByKey(db: Db, userId: number, key: string) {
  const [r] = await db
    .select({ reference: consultationComments.reference })
    .from(consultationComments)
    .where(and(eq(consultationComments.userId, userId), eq(consultationComments.idempotencyKey, key)));
  return r ?? null;
}

async function findGroup(tx: Db, consultationId: number, normalized: string): Promise<number | null> {
  const [same] = await tx
    .select({ id: consultationComments.id, groupId: consultationComments.groupId })
    .from(consultationComments)
    .where(and(eq(consultationComments.consultationId, consultationId), eq(consultationComments.normalized, normalized)))
    .orderBy(asc(consultationComments.id))
    .limit(1);
  if (same) return same.groupId ?? same.id;
  // Near-duplicates: compare with each group's representative (and lone comments) of similar
  // length that shares a similarity band with this text.
  const len = normalized.length;
  const bands = similarityBands(normalized);
  if (bands.length === 0) return null;
  const candidates = await tx
    .select({ id: consultationComments.id, normalized: consultationComments.normalized })
    .from(consultationComments)
    .where(
      and(
        eq(consultationComments.consultationId, consultationId),
        isNull(consultationComments.groupId),
        sql`${consultationComments.bands} && array[${sql.join(bands.map((b) => sql`${b}`), sql`, `)}]::int[]`,
        sql`char_length(${consultationComments.normalized}) between ${Math.floor(len * 0.6)} and ${Math.ceil(len / 0.6) + 2}`,
      ),
    )
    .orderBy(asc(consultationComments.id))
    .limit(500);
  for (const cand of candidates) {
    if (similarity(cand.normalized, normalized) >= NEAR_DUPLICATE) return cand.id;
  }
  return null;
}

/** A group is keyed by its representative: the first comment. */
const groupKey = sql<number>`coalesce(${consultationComments.groupId}, ${consultationComments.id})`;

// ---------------------------------------------------------------- public

function publicName(showName: boolean, authorName: string): string | null {
  return showName ? maskPersonalData(authorName) : null;
}

/** Published comments, masked, with their answers. */
export async function listPublishedComments(db: Db, consultationId: number, articleId?: number | null) {
  const where = [eq(consultationComments.consultationId, consultationId), eq(consultationComments.status, "published")];
  if (articleId != null) where.push(eq(consultationComments.articleId, articleId));
  const list = await db
    .select({
      id: consultationComments.id,
      reference: consultationComments.reference,
      articleId: consultationComments.articleId,
      articleLabel: consultationArticles.label,
      body: consultationComments.body,
      showName: consultationComments.showName,
      authorName: consultationComments.authorName,
      adoption: consultationComments.adoption,
      answer: consultationComments.answer,
      createdAt: consultationComments.createdAt,
    })
    .from(consultationComments)
    .leftJoin(consultationArticles, eq(consultationArticles.id, consultationComments.articleId))
    .where(and(...where))
    .orderBy(asc(consultationComments.id));
  return list.map(({ authorName, showName, body, ...c }) => ({ ...c, body: maskPersonalData(body), name: publicName(showName, authorName) }));
}

export async function publishedCountsByArticle(db: Db, consultationId: number): Promise<Record<string, number>> {
  const r = await db
    .select({ articleId: consultationComments.articleId, n: sql<number>`count(*)::int` })
    .from(consultationComments)
    .where(and(eq(consultationComments.consultationId, consultationId), eq(consultationComments.status, "published")))
    .groupBy(consultationComments.articleId);
  return Object.fromEntries(r.map((x) => [x.articleId == null ? "whole" : String(x.articleId), Number(x.n)]));
}

/** The commenter's own comments (original text). */
export async function listMyComments(db: Db, userId: number) {
  return db
    .select({
      reference: consultationComments.reference,
      consultationId: consultationComments.consultationId,
      title: consultations.title,
      status: consultationComments.status,
      createdAt: consultationComments.createdAt,
    })
    .from(consultationComments)
    .innerJoin(consultations, eq(consultations.id, consultationComments.consultationId))
    .where(eq(consultationComments.userId, userId))
    .orderBy(desc(consultationComments.id));
}

/**
 * Looks up a comment by its reference number: the commenter sees their own
 * text; staff of the unit (and the admin) see it too; anyone else learns
 * nothing (not even that it exists).
 */
export async function lookupComment(db: Db, actor: Actor, reference: string) {
  const [r] = await db
    .select({
      reference: consultationComments.reference,
      userId: consultationComments.userId,
      unitId: consultations.unitId,
      consultationId: consultations.id,
      title: consultations.title,
      articleLabel: consultationArticles.label,
      body: consultationComments.body,
      status: consultationComments.status,
      adoption: consultationComments.adoption,
      adoptionReason: consultationComments.adoptionReason,
      answer: consultationComments.answer,
      createdAt: consultationComments.createdAt,
    })
    .from(consultationComments)
    .innerJoin(consultations, eq(consultations.id, consultationComments.consultationId))
    .leftJoin(consultationArticles, eq(consultationArticles.id, consultationComments.articleId))
    .where(eq(consultationComments.reference, reference.trim().toUpperCase()));
  if (!r) return null;
  const own = r.userId === actor.id;
  const staff = actor.role === "admin" || (actor.role === "staff" && actor.unitId === r.unitId);
  if (!own && !staff) return null;
  const { userId: _u, unitId: _n, ...rest } = r;
  return rest;
}

// ---------------------------------------------------------------- moderation

export const queueFilterSchema = z.object({
  status: z.enum([...COMMENT_STATUSES, "all"]).catch("pending"),
  articleId: z
    .union([z.literal(""), z.literal("whole"), z.coerce.number().int().positive()])
    .optional()
    .catch(undefined),
  adoption: z.enum([...ADOPTIONS, "none", "all"]).catch("all"),
  q: z.string().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type QueueFilter = z.output<typeof queueFilterSchema>;

/** Comments per page of the moderation queue: a 50,000-comment campaign must not be one 20 MB page. */
export const QUEUE_PAGE = 200;

/**
 * The moderation queue, one row per group: the representative's original
 * text, how many comments the group holds (matching the filter), and every
 * member id so an action can take the whole group. Paged by QUEUE_PAGE
 * comments in the order they arrived.
 */
export async function listQueue(db: Db, actor: Actor, consultationId: number, filter: QueueFilter) {
  const c = await getConsultation(db, consultationId);
  assertCanManageUnit(actor, c.unitId);
  const where: SQL[] = [eq(consultationComments.consultationId, consultationId)];
  if (filter.status !== "all") where.push(eq(consultationComments.status, filter.status));
  if (filter.articleId === "whole") where.push(isNull(consultationComments.articleId));
  else if (typeof filter.articleId === "number") where.push(eq(consultationComments.articleId, filter.articleId));
  if (filter.adoption === "none") where.push(isNull(consultationComments.adoption));
  else if (filter.adoption !== "all") where.push(eq(consultationComments.adoption, filter.adoption));
  if (filter.q) where.push(sql`${consultationComments.body} ilike ${"%" + filter.q.replace(/[%_\\]/g, "\\$&") + "%"}`);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(consultationComments).where(and(...where));
  const pages = Math.max(1, Math.ceil(Number(total) / QUEUE_PAGE));
  const page = Math.min(filter.page ?? 1, pages);
  const list = await db
    .select({
      id: consultationComments.id,
      group: groupKey,
      reference: consultationComments.reference,
      articleLabel: consultationArticles.label,
      body: consultationComments.body,
      authorName: consultationComments.authorName,
      showName: consultationComments.showName,
      attachmentName: consultationComments.attachmentName,
      status: consultationComments.status,
      moderationReason: consultationComments.moderationReason,
      adoption: consultationComments.adoption,
      adoptionReason: consultationComments.adoptionReason,
      answer: consultationComments.answer,
      theme: consultationComments.theme,
      createdAt: consultationComments.createdAt,
    })
    .from(consultationComments)
    .leftJoin(consultationArticles, eq(consultationArticles.id, consultationComments.articleId))
    .where(and(...where))
    .orderBy(asc(consultationComments.id))
    .limit(QUEUE_PAGE)
    .offset((page - 1) * QUEUE_PAGE);
  const groups = new Map<number, { rep: (typeof list)[number]; ids: number[]; statuses: Partial<Record<CommentStatus, number>> }>();
  for (const r of list) {
    const g = Number(r.group);
    const cur = groups.get(g) ?? { rep: r, ids: [], statuses: {} };
    cur.ids.push(r.id);
    cur.statuses[r.status] = (cur.statuses[r.status] ?? 0) + 1;
    groups.set(g, cur);
  }
  // The whole group's size, whatever the filter shows of it (a campaign stays visible as one).
  const keys = [...groups.keys()];
  const sizes = keys.length
    ? await db
        .select({ group: groupKey, n: sql<number>`count(*)::int` })
        .from(consultationComments)
        .where(
          and(
            eq(consultationComments.consultationId, consultationId),
            or(inArray(consultationComments.id, keys), inArray(consultationComments.groupId, keys)),
          ),
        )
        .groupBy(groupKey)
    : [];
  const sizeOf = new Map(sizes.map((r) => [Number(r.group), Number(r.n)]));
  return {
    total: Number(total),
    page,
    pages,
    groups: [...groups.values()].map(({ rep, ids, statuses }) => ({
      ...rep,
      statuses,
      group: Number(rep.group),
      count: ids.length,
      groupSize: sizeOf.get(Number(rep.group)) ?? ids.length,
      ids,
    })),
  };
}

const idList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map(Number).filter((n) => Number.isInteger(n) && n > 0))
  .pipe(z.array(z.number()).min(1, { error: "consultations.err.noSelection" }).max(2000));

export const moderateSchema = z.object({
  ids: idList,
  decision: z.enum(["publish", "reject", "abusive"], { error: "err.form" }),
  reason: optionalText(1000),
});

async function lockForStaff(tx: Db, actor: Actor, consultationId: number) {
  const [c] = await tx.select().from(consultations).where(eq(consultations.id, consultationId)).for("update");
  if (!c) throw new NotFoundError();
  assertCanManageUnit(actor, c.unitId);
  if (c.reportPublishedAt) throw new UserError("consultations.err.reportFinal", {}, undefined, 409);
  return c;
}

/** The given comments and every member of their groups (a group is acted on as one). */
async function expandGroups(tx: Db, consultationId: number, ids: number[]): Promise<number[]> {
  const r = await tx
    .select({ id: consultationComments.id })
    .from(consultationComments)
    .where(
      and(
        eq(consultationComments.consultationId, consultationId),
        or(
          inArray(consultationComments.id, ids),
          inArray(consultationComments.groupId, ids),
          inArray(
            consultationComments.groupId,
            tx.select({ g: consultationComments.groupId }).from(consultationComments).where(inArray(consultationComments.id, ids)),
          ),
        ),
      ),
    );
  return r.map((x) => x.id).sort((a, b) => a - b);
}

const STATUS_OF: Record<z.output<typeof moderateSchema>["decision"], CommentStatus> = { publish: "published", reject: "rejected", abusive: "abusive" };

/** 先审查、后公开: publish, don't publish (internal reason required) or flag as abusive. Nothing is deleted. */
export async function moderateComments(
  db: Db,
  actor: Actor,
  consultationId: number,
  input: z.output<typeof moderateSchema> & { wholeGroups?: boolean },
  now: Date,
): Promise<number> {
  if (input.decision === "reject" && !input.reason) throw new UserError("consultations.err.rejectReason", {}, "reason");
  return updateComments(
    db,
    actor,
    consultationId,
    input,
    { status: STATUS_OF[input.decision], moderationReason: input.reason, moderatedBy: actor.id, moderatedAt: now },
    { action: `consultation.comment.${input.decision}`, summary: { reason: input.reason } },
    now,
  );
}

/**
 * Applies one change to the selected comments (by default with the rest of
 * their campaign groups), audited with the ids it touched.
 */
async function updateComments(
  db: Db,
  actor: Actor,
  consultationId: number,
  selection: { ids: number[]; wholeGroups?: boolean },
  set: Partial<typeof consultationComments.$inferInsert>,
  audit: { action: string; summary: Record<string, unknown> },
  now: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    await lockForStaff(tx, actor, consultationId);
    const ids = selection.wholeGroups === false ? selection.ids : await expandGroups(tx, consultationId, selection.ids);
    const updated = await tx
      .update(consultationComments)
      .set(set)
      .where(and(eq(consultationComments.consultationId, consultationId), inArray(consultationComments.id, ids)))
      .returning({ id: consultationComments.id });
    if (!updated.length) throw new NotFoundError();
    await recordAudit(
      tx,
      actor,
      { action: audit.action, entityType: "consultation", entityId: consultationId, summary: { ids: updated.map((u) => u.id), ...audit.summary } },
      now,
    );
    return updated.length;
  });
}

export const answerSchema = z.object({
  ids: idList,
  adoption: z.enum(ADOPTIONS, { error: "consultations.err.adoption" }),
  adoptionReason: optionalText(2000),
  answer: optionalText(5000),
  theme: optionalText(60),
});

/** 采纳情况: every comment or group gets a decision; not adopted needs a reason; the answer is public. */
export async function answerComments(
  db: Db,
  actor: Actor,
  consultationId: number,
  input: z.output<typeof answerSchema> & { wholeGroups?: boolean },
  now: Date,
): Promise<number> {
  if (input.adoption === "not_adopted" && !input.adoptionReason) throw new UserError("consultations.err.notAdoptedReason", {}, "adoptionReason");
  return updateComments(
    db,
    actor,
    consultationId,
    input,
    { adoption: input.adoption as Adoption, adoptionReason: input.adoptionReason, answer: input.answer, theme: input.theme, answeredAt: now },
    {
      action: "consultation.comment.answer",
      summary: { adoption: input.adoption, reason: input.adoptionReason, answer: input.answer, theme: input.theme },
    },
    now,
  );
}

/** Staff only: a commenter's attachment. */
export async function getCommentAttachment(db: Db, actor: Actor, commentId: number) {
  const [r] = await db
    .select({
      unitId: consultations.unitId,
      name: consultationComments.attachmentName,
      type: consultationComments.attachmentType,
      content: consultationComments.attachmentContent,
    })
    .from(consultationComments)
    .innerJoin(consultations, eq(consultations.id, consultationComments.consultationId))
    .where(eq(consultationComments.id, commentId));
  if (!r || !r.content) throw new NotFoundError();
  assertCanManageUnit(actor, r.unitId);
  const bytes = Buffer.from(r.content, "base64");
  // The type the bytes show, not the one stored: older rows kept the browser's claim.
  return { name: r.name ?? "attachment", type: attachmentType(bytes) ?? "application/octet-stream", bytes };
}
