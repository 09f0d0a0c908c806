import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { asLang, translate } from "~/i18n/messages";
import {
  consultationArticles,
  consultationAttachments,
  consultationComments,
  consultationEvents,
  consultationFollows,
  consultations,
  units,
  users,
} from "#db/schema";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { ForbiddenError, NotFoundError, UserError } from "../errors";
import { optionalText, text } from "../forms";
import { sniffType } from "../decisions/documents";
import { enqueueMail } from "../notify/outbox";
import { publicUrl } from "../urls";
import { assertDecisionOfUnit, linkDecisionStage } from "./decision-link";
import { parseDraft } from "./text";
import { endOfDay, MIN_PERIOD_DAYS, periodDays, publicPeriodDays, startOfDay } from "./time";
import { formatDateTime, formatPeriodEnd, inBoth } from "~/lib/dates";

export type Consultation = typeof consultations.$inferSelect;
export type PeriodStatus = "draft" | "upcoming" | "open" | "closed";

export function periodStatus(c: Pick<Consultation, "publishedAt" | "opensAt" | "closesAt">, now: Date): PeriodStatus {
  if (!c.publishedAt) return "draft";
  if (now < c.opensAt) return "upcoming";
  if (now < c.closesAt) return "open";
  return "closed";
}

const publicPath = (id: number) => `/consultations/${id}`;
export const reportPath = (id: number) => `/consultations/${id}#report`;

const isoDate = z.string({ error: "consultations.err.date" }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: "consultations.err.date" });

export const consultationSchema = z.object({
  title: text(200),
  summary: optionalText(2000),
  draftText: optionalText(100_000),
  explanation: optionalText(50_000),
  interpretation: optionalText(50_000),
  otherWays: optionalText(2000),
  opensOn: isoDate,
  closesOn: isoDate,
  shortReason: optionalText(1000),
  decisionId: z
    .union([z.literal(""), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => (v === "" || v == null ? null : v)),
});
export type ConsultationInput = z.output<typeof consultationSchema>;

function periodOf(input: { opensOn: string; closesOn: string; shortReason: string | null }) {
  const opensAt = startOfDay(input.opensOn);
  const closesAt = endOfDay(input.closesOn);
  if (closesAt <= opensAt) throw new UserError("consultations.err.closeBeforeOpen", {}, "closesOn");
  if (periodDays(opensAt, closesAt) < MIN_PERIOD_DAYS && !input.shortReason) {
    throw new UserError("consultations.err.shortReason", { days: MIN_PERIOD_DAYS }, "shortReason");
  }
  return { opensAt, closesAt };
}

export async function getConsultation(db: Db, id: number): Promise<Consultation> {
  const [c] = await db.select().from(consultations).where(eq(consultations.id, id));
  if (!c) throw new NotFoundError();
  return c;
}

/** Locks the row for the rest of the transaction. */
async function lockConsultation(tx: Db, id: number): Promise<Consultation> {
  const [c] = await tx.select().from(consultations).where(eq(consultations.id, id)).for("update");
  if (!c) throw new NotFoundError();
  return c;
}

export async function getManagedConsultation(db: Db, actor: Actor, id: number): Promise<Consultation> {
  const c = await getConsultation(db, id);
  assertCanManageUnit(actor, c.unitId);
  return c;
}

async function replaceArticles(tx: Db, consultationId: number, draftText: string | null) {
  await tx.delete(consultationArticles).where(eq(consultationArticles.consultationId, consultationId));
  const parsed = draftText ? parseDraft(draftText) : [];
  if (parsed.length) {
    await tx
      .insert(consultationArticles)
      .values(parsed.map((a, i) => ({ consultationId, position: i + 1, section: a.section, label: a.label, body: a.body })));
  }
  return parsed.length;
}

/** The columns staff write, the same on create and update (the period is checked here). */
function columnsOf(input: ConsultationInput) {
  return {
    decisionId: input.decisionId,
    title: input.title,
    summary: input.summary ?? "",
    draftText: input.draftText ?? "",
    explanation: input.explanation ?? "",
    interpretation: input.interpretation ?? "",
    otherWays: input.otherWays ?? "",
    shortReason: input.shortReason,
    ...periodOf(input),
  };
}

export async function createConsultation(db: Db, actor: Actor, unitId: number, input: ConsultationInput, now: Date): Promise<number> {
  assertCanManageUnit(actor, unitId);
  const columns = columnsOf(input);
  await assertDecisionOfUnit(db, input.decisionId, unitId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(consultations)
      .values({
        unitId,
        ...columns,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: consultations.id });
    const articles = await replaceArticles(tx, row.id, input.draftText);
    await recordAudit(tx, actor, { action: "consultation.create", entityType: "consultation", entityId: row.id, summary: { title: input.title, unitId, articles } }, now);
    return row.id;
  });
}

/** Only an unpublished period can be edited: once published the text under comment is fixed. */
export async function updateConsultation(db: Db, actor: Actor, id: number, input: ConsultationInput, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const c = await lockConsultation(tx, id);
    assertCanManageUnit(actor, c.unitId);
    if (c.publishedAt) throw new UserError("consultations.err.published", {}, undefined, 409);
    const columns = columnsOf(input);
    await assertDecisionOfUnit(tx, input.decisionId, c.unitId);
    await tx
      .update(consultations)
      .set({ ...columns, updatedAt: now })
      .where(eq(consultations.id, id));
    const articles = await replaceArticles(tx, id, input.draftText);
    await recordAudit(tx, actor, { action: "consultation.update", entityType: "consultation", entityId: id, summary: { title: input.title, articles } }, now);
  });
}

/**
 * Publishes the period (三同步: the draft, its drafting explanation and its
 * interpretation go out together). When it belongs to a decision, that
 * decision's consultation stage becomes in progress and links here.
 */
export async function publishConsultation(db: Db, actor: Actor, id: number, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const c = await lockConsultation(tx, id);
    assertCanManageUnit(actor, c.unitId);
    if (c.publishedAt) throw new UserError("consultations.err.published", {}, undefined, 409);
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(consultationArticles)
      .where(eq(consultationArticles.consultationId, id));
    const missing: string[] = [];
    if (!c.draftText.trim() || Number(n) === 0) missing.push("draft");
    if (!c.explanation.trim()) missing.push("explanation");
    if (!c.interpretation.trim()) missing.push("interpretation");
    if (missing.length) throw new UserError("consultations.err.threeSync", {}, undefined, 422);
    if (c.closesAt <= now) throw new UserError("consultations.err.closeInPast", {}, "closesOn");
    // Art 15 is judged on the period the public actually gets: publishing late shortens it.
    const publicDays = publicPeriodDays(c.opensAt, c.closesAt, now);
    if (publicDays < MIN_PERIOD_DAYS && !c.shortReason) {
      throw new UserError(
        "consultations.err.shortPublished",
        { days: MIN_PERIOD_DAYS, actual: publicDays, from: inBoth((l) => formatDateTime(now > c.opensAt ? now : c.opensAt, l)), closesAt: inBoth((l) => formatPeriodEnd(c.closesAt, l)) },
        "shortReason",
      );
    }
    await tx.update(consultations).set({ publishedAt: now, announcedClosesAt: c.closesAt, updatedAt: now }).where(eq(consultations.id, id));
    await tx.insert(consultationEvents).values({ consultationId: id, kind: "published", at: now, closesAt: c.closesAt, reason: c.shortReason });
    if (c.decisionId != null) {
      await linkDecisionStage(tx, actor, c.decisionId, "consultation", { state: "in_progress", linkPath: publicPath(id), summary: c.title }, now);
    }
    await recordAudit(
      tx,
      actor,
      { action: "consultation.publish", entityType: "consultation", entityId: id, summary: { opensAt: c.opensAt.toISOString(), closesAt: c.closesAt.toISOString(), decisionId: c.decisionId } },
      now,
    );
  });
}

export const extendSchema = z.object({ closesOn: isoDate, reason: text(1000, "consultations.err.extendReason") });

/**
 * Extends a published period. It can only move later: never earlier than what
 * is currently announced. Recorded in the public history; followers and
 * everyone who commented are told.
 */
export async function extendConsultation(db: Db, actor: Actor, id: number, input: z.output<typeof extendSchema>, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const c = await lockConsultation(tx, id);
    assertCanManageUnit(actor, c.unitId);
    if (!c.publishedAt) throw new UserError("consultations.err.notPublished", {}, undefined, 409);
    if (c.closesAt <= now) throw new UserError("consultations.err.closed", { closesAt: inBoth((l) => formatPeriodEnd(c.closesAt, l)) }, undefined, 409);
    const closesAt = endOfDay(input.closesOn);
    if (closesAt <= c.closesAt) throw new UserError("consultations.err.shorten", { closesAt: inBoth((l) => formatPeriodEnd(c.closesAt, l)) }, "closesOn");
    await tx.update(consultations).set({ closesAt, updatedAt: now }).where(eq(consultations.id, id));
    await tx.insert(consultationEvents).values({ consultationId: id, kind: "extended", at: now, previousClosesAt: c.closesAt, closesAt, reason: input.reason });
    const recipients = await rowsOfRecipients(tx, id);
    for (const r of recipients) {
      const lang = asLang(r.lang);
      const params = { name: r.displayName, title: c.title, from: inBoth((l) => formatPeriodEnd(c.closesAt, l)), to: inBoth((l) => formatPeriodEnd(closesAt, l)), reason: input.reason, url: publicUrl(publicPath(id)) };
      await enqueueMail(tx, { to: r.email, subject: translate(lang, "mail.consultationExtended.subject", params), text: translate(lang, "mail.consultationExtended.body", params) });
    }
    await recordAudit(
      tx,
      actor,
      { action: "consultation.extend", entityType: "consultation", entityId: id, summary: { from: c.closesAt.toISOString(), to: closesAt.toISOString(), reason: input.reason, notified: recipients.length } },
      now,
    );
  });
}

/** Followers and commenters, each once. */
async function rowsOfRecipients(tx: Db, consultationId: number) {
  const followers = tx
    .select({ userId: consultationFollows.userId })
    .from(consultationFollows)
    .where(eq(consultationFollows.consultationId, consultationId));
  const commenters = tx
    .select({ userId: consultationComments.userId })
    .from(consultationComments)
    .where(eq(consultationComments.consultationId, consultationId));
  const ids = [...new Set([...(await followers), ...(await commenters)].map((r) => r.userId))];
  if (!ids.length) return [];
  return tx.select({ email: users.email, displayName: users.displayName, lang: users.lang }).from(users).where(inArray(users.id, ids)).orderBy(asc(users.id));
}

const MAX_ATTACHMENT_BYTES = 1_500_000;
const ALLOWED_TYPES = new Set(["application/pdf", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "image/png", "image/jpeg"]);

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** Plain text: valid UTF-8 with no control characters besides tab and line breaks. */
function isPlainText(b: Uint8Array): boolean {
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);
}

/**
 * The file's type as its content shows it: the browser's claim is the
 * uploader's to choose (an HTML page sent as image/png), so it is ignored.
 * Returns the file with that type, or refuses it.
 */
export function checkUpload(file: UploadedFile, field: string): UploadedFile {
  if (file.bytes.byteLength === 0) throw new UserError("consultations.err.fileEmpty", {}, field);
  if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new UserError("consultations.err.fileTooBig", {}, field);
  const sniffed = attachmentType(file.bytes);
  if (!sniffed) throw new UserError("consultations.err.fileType", {}, field);
  return { ...file, type: sniffed };
}

/**
 * The accepted type an attachment's bytes show, or null. Also used when one is
 * served, so a row stored before sniffing still goes out with its real type.
 */
export function attachmentType(bytes: Uint8Array): string | null {
  const sniffed = sniffType(bytes)?.mime ?? (isPlainText(bytes) ? "text/plain; charset=utf-8" : null);
  return sniffed && (ALLOWED_TYPES.has(sniffed) || sniffed.startsWith("text/plain")) ? sniffed : null;
}

export async function fileFromForm(form: FormData, field: string): Promise<UploadedFile | null> {
  const f = form.get(field);
  if (!f || typeof f === "string" || f.size === 0) return null;
  return { name: f.name.slice(0, 200) || "attachment", type: f.type || "application/octet-stream", bytes: new Uint8Array(await f.arrayBuffer()) };
}

export async function addAttachment(db: Db, actor: Actor, id: number, upload: UploadedFile, now: Date): Promise<void> {
  const file = checkUpload(upload, "file");
  await db.transaction(async (tx) => {
    const c = await lockConsultation(tx, id);
    assertCanManageUnit(actor, c.unitId);
    if (periodStatus(c, now) === "closed") throw new UserError("consultations.err.closed", { closesAt: inBoth((l) => formatPeriodEnd(c.closesAt, l)) }, undefined, 409);
    const [a] = await tx
      .insert(consultationAttachments)
      .values({ consultationId: id, filename: file.name, contentType: file.type, size: file.bytes.byteLength, content: Buffer.from(file.bytes).toString("base64"), createdAt: now })
      .returning({ id: consultationAttachments.id });
    await recordAudit(tx, actor, { action: "consultation.attachment", entityType: "consultation", entityId: id, summary: { attachmentId: a.id, filename: file.name, size: file.bytes.byteLength } }, now);
  });
}

export async function getAttachment(db: Db, consultationId: number, attachmentId: number, actor: Actor | null) {
  const c = await getConsultation(db, consultationId);
  if (!c.publishedAt && !(actor && (actor.role === "admin" || actor.unitId === c.unitId))) throw new NotFoundError();
  const [a] = await db
    .select()
    .from(consultationAttachments)
    .where(and(eq(consultationAttachments.id, attachmentId), eq(consultationAttachments.consultationId, consultationId)));
  if (!a) throw new NotFoundError();
  return { ...a, contentType: attachmentType(Buffer.from(a.content, "base64")) ?? "application/octet-stream" };
}

export async function setFollow(db: Db, userId: number, consultationId: number, follow: boolean, now: Date): Promise<void> {
  const c = await getConsultation(db, consultationId);
  if (!c.publishedAt) throw new NotFoundError();
  if (follow) {
    await db.insert(consultationFollows).values({ consultationId, userId, createdAt: now }).onConflictDoNothing();
  } else {
    await db.delete(consultationFollows).where(and(eq(consultationFollows.consultationId, consultationId), eq(consultationFollows.userId, userId)));
  }
}

export async function isFollowing(db: Db, userId: number, consultationId: number): Promise<boolean> {
  const [r] = await db
    .select({ u: consultationFollows.userId })
    .from(consultationFollows)
    .where(and(eq(consultationFollows.consultationId, consultationId), eq(consultationFollows.userId, userId)));
  return !!r;
}

/** The console list: the actor's unit (the admin sees every unit). */
export async function listManagedConsultations(db: Db, actor: Actor) {
  if (actor.role === "citizen") throw new ForbiddenError();
  const q = db
    .select({
      id: consultations.id,
      title: consultations.title,
      unitId: consultations.unitId,
      unitZh: units.nameZh,
      unitEn: units.nameEn,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      publishedAt: consultations.publishedAt,
      reportPublishedAt: consultations.reportPublishedAt,
      pending: sql<number>`(select count(*)::int from consultation_comments cc where cc.consultation_id = ${consultations.id} and cc.status = 'pending')`,
      total: sql<number>`(select count(*)::int from consultation_comments cc where cc.consultation_id = ${consultations.id})`,
    })
    .from(consultations)
    .innerJoin(units, eq(units.id, consultations.unitId));
  const filtered = actor.role === "admin" ? q : q.where(eq(consultations.unitId, actor.unitId ?? -1));
  return filtered.orderBy(desc(consultations.opensAt));
}

/** Public lists: open (soonest close first), upcoming, closed (latest first). Drafts never appear. */
export async function listPublicConsultations(db: Db, now: Date) {
  const all = await db
    .select({
      id: consultations.id,
      title: consultations.title,
      summary: consultations.summary,
      unitZh: units.nameZh,
      unitEn: units.nameEn,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      publishedAt: consultations.publishedAt,
      reportPublishedAt: consultations.reportPublishedAt,
      published: sql<number>`(select count(*)::int from consultation_comments cc where cc.consultation_id = ${consultations.id} and cc.status = 'published')`,
    })
    .from(consultations)
    .innerJoin(units, eq(units.id, consultations.unitId))
    .where(sql`${consultations.publishedAt} is not null`)
    .orderBy(asc(consultations.closesAt));
  const withStatus = all.map((c) => ({ ...c, status: periodStatus(c, now), published: Number(c.published) }));
  return {
    open: withStatus.filter((c) => c.status === "open"),
    upcoming: withStatus.filter((c) => c.status === "upcoming").sort((a, b) => +a.opensAt - +b.opensAt),
    closed: withStatus.filter((c) => c.status === "closed").reverse(),
  };
}

export async function listArticles(db: Db, consultationId: number) {
  return db.select().from(consultationArticles).where(eq(consultationArticles.consultationId, consultationId)).orderBy(asc(consultationArticles.position));
}

export async function listEvents(db: Db, consultationId: number) {
  return db.select().from(consultationEvents).where(eq(consultationEvents.consultationId, consultationId)).orderBy(asc(consultationEvents.id));
}

export async function listAttachments(db: Db, consultationId: number) {
  return db
    .select({ id: consultationAttachments.id, filename: consultationAttachments.filename, size: consultationAttachments.size, contentType: consultationAttachments.contentType })
    .from(consultationAttachments)
    .where(eq(consultationAttachments.consultationId, consultationId))
    .orderBy(asc(consultationAttachments.id));
}

