/**
 * Staff side of the policy library: drafting, 三同步 publication, follow-up
 * interpretations and validity changes (amend, repeal, lapse). Every write
 * checks the unit first and audits in its own transaction.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { policies, policyInterpretations, POLICY_KINDS, tagSubscriptions, units, users, type PolicyService } from "#db/schema";
import { asLang, translate, type Lang } from "~/i18n/messages";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { NotFoundError, UserError } from "../errors";
import { optionalText, text } from "../forms";
import { assertDecisionOfUnit } from "../consultations/decision-link";
import { linkPlatformStage } from "../decisions/stages";
import { shanghaiDay } from "~/lib/shanghai";
import { enqueueMail } from "../notify/outbox";
import { publicUrl } from "../urls";
import { validityOf } from "./validity";
import { startRepeating } from "../repeat";

export type Policy = typeof policies.$inferSelect;
export const policyPath = (id: number) => `/policies/${id}`;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "policies.err.date" });
const optionalDay = z
  .union([z.literal(""), isoDay])
  .optional()
  .transform((v) => (v ? v : null));

/** Tags typed as "老年人、小微企业" or one per line. */
const tagList = z
  .string()
  .optional()
  .transform((s) => [...new Set((s ?? "").split(/[\s,，、;；]+/).map((t) => t.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(20, { error: "policies.err.tag" })).max(12, { error: "policies.err.tag" }));

const httpsUrl = z.url({ protocol: /^https?$/, error: "policies.err.url" });

/**
 * "办" links, one a line: `名称 | https://… | 第三条` (the article is optional).
 * Only http(s) addresses: a link is rendered as href.
 */
const serviceList = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const out: PolicyService[] = [];
    for (const line of (s ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
      const [name, url, article] = line.split("|").map((x) => x.trim());
      if (!name || !url || name.length > 60 || !httpsUrl.safeParse(url).success) {
        ctx.addIssue({ code: "custom", message: "policies.err.service" });
        return z.NEVER;
      }
      out.push({ name, url, article: article || null });
    }
    return out;
  });

export const policySchema = z.object({
  kind: z.enum(POLICY_KINDS, { error: "policies.err.kind" }),
  title: text(200),
  docNumber: optionalText(60),
  summary: optionalText(2000),
  body: optionalText(100_000),
  titleEn: optionalText(300),
  bodyEn: optionalText(100_000),
  issuedOn: optionalDay,
  effectiveOn: optionalDay,
  validUntil: optionalDay,
  topics: tagList,
  audiences: tagList,
  services: serviceList,
  decisionId: z
    .union([z.literal(""), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => (v === "" || v == null ? null : v)),
});
export type PolicyInput = z.output<typeof policySchema>;

function valuesOf(input: PolicyInput) {
  if (input.validUntil && input.effectiveOn && input.validUntil < input.effectiveOn) {
    throw new UserError("policies.err.validUntil", {}, "validUntil");
  }
  return {
    kind: input.kind,
    title: input.title,
    docNumber: input.docNumber ?? "",
    summary: input.summary ?? "",
    body: input.body ?? "",
    titleEn: input.titleEn,
    bodyEn: input.bodyEn,
    issuedOn: input.issuedOn,
    effectiveOn: input.effectiveOn,
    validUntil: input.validUntil,
    topics: input.topics,
    audiences: input.audiences,
    services: input.services,
    decisionId: input.decisionId,
  };
}

async function lockPolicy(tx: Db, actor: Actor, id: number): Promise<Policy> {
  const [p] = await tx.select().from(policies).where(eq(policies.id, id)).for("update");
  if (!p) throw new NotFoundError();
  assertCanManageUnit(actor, p.unitId);
  return p;
}

export async function getManagedPolicy(db: Db, actor: Actor, id: number) {
  const [p] = await db.select().from(policies).where(eq(policies.id, id));
  if (!p) throw new NotFoundError();
  assertCanManageUnit(actor, p.unitId);
  const interpretations = await db
    .select()
    .from(policyInterpretations)
    .where(eq(policyInterpretations.policyId, id))
    .orderBy(asc(policyInterpretations.publishedOn), asc(policyInterpretations.id));
  return { policy: p, interpretations };
}

export async function createPolicy(db: Db, actor: Actor, unitId: number, input: PolicyInput, now: Date): Promise<number> {
  assertCanManageUnit(actor, unitId);
  const values = valuesOf(input);
  await assertDecisionOfUnit(db, input.decisionId, unitId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(policies)
      .values({ ...values, unitId, createdBy: actor.id, createdAt: now, updatedAt: now })
      .returning({ id: policies.id });
    await recordAudit(tx, actor, { action: "policy.create", entityType: "policy", entityId: row.id, summary: { title: input.title, kind: input.kind } }, now);
    return row.id;
  });
}

/** A draft can be edited freely; a published text is changed only by a new document (amend). */
export async function updatePolicy(db: Db, actor: Actor, id: number, input: PolicyInput, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const p = await lockPolicy(tx, actor, id);
    if (p.publishedAt) throw new UserError("policies.err.published", {}, undefined, 409);
    const values = valuesOf(input);
    await assertDecisionOfUnit(tx, input.decisionId, p.unitId);
    await tx.update(policies).set({ ...values, updatedAt: now }).where(eq(policies.id, id));
    await recordAudit(tx, actor, { action: "policy.update", entityType: "policy", entityId: id, summary: { title: input.title } }, now);
  });
}

export const interpretationSchema = z.object({
  title: text(200),
  body: text(50_000),
  publishedOn: optionalDay,
});

/**
 * The first interpretation of a draft is the one published with it; once the
 * policy is public, each new one is a 跟踪解读 and subscribers hear of it.
 */
export async function addInterpretation(db: Db, actor: Actor, policyId: number, input: z.output<typeof interpretationSchema>, now: Date) {
  return db.transaction(async (tx) => {
    const p = await lockPolicy(tx, actor, policyId);
    const kind = p.publishedAt ? ("follow_up" as const) : ("initial" as const);
    const publishedOn = p.publishedAt ? (input.publishedOn ?? shanghaiDay(now)) : (input.publishedOn ?? p.issuedOn ?? shanghaiDay(now));
    const [row] = await tx
      .insert(policyInterpretations)
      .values({ policyId, kind, title: input.title, body: input.body, publishedOn, createdBy: actor.id, createdAt: now })
      .returning({ id: policyInterpretations.id });
    await recordAudit(tx, actor, { action: "policy.interpretation.add", entityType: "policy", entityId: policyId, summary: { kind, title: input.title, interpretationId: row.id } }, now);
    const mailed = p.publishedAt ? await announcePolicy(tx, p, "interpreted", () => input.title) : 0;
    return { id: row.id, kind, mailed };
  });
}

/**
 * 先审查、后公开 and 三同步: a normative document (行政规范性文件) is published
 * only with its interpretation. A policy produced by a catalogue decision is
 * linked from that decision's result stage.
 */
export async function publishPolicy(db: Db, actor: Actor, id: number, now: Date) {
  return db.transaction(async (tx) => {
    const p = await lockPolicy(tx, actor, id);
    if (p.publishedAt) throw new UserError("policies.err.alreadyPublished", {}, undefined, 409);
    if (!p.body.trim()) throw new UserError("policies.err.noBody", {}, "body", 409);
    if (p.kind === "normative") {
      const [i] = await tx.select({ id: policyInterpretations.id }).from(policyInterpretations).where(eq(policyInterpretations.policyId, id)).limit(1);
      if (!i) throw new UserError("policies.err.threeSync", {}, undefined, 409);
    }
    await tx.update(policies).set({ publishedAt: now, publishedBy: actor.id, updatedAt: now }).where(eq(policies.id, id));
    await recordAudit(tx, actor, { action: "policy.publish", entityType: "policy", entityId: id, summary: { title: p.title, kind: p.kind } }, now);
    if (p.decisionId != null) await linkPlatformStage(tx, actor, p.decisionId, "result", { linkPath: policyPath(id) }, now);
    const mailed = await announcePolicy(tx, p, "published");
    return { mailed };
  });
}

export const changeSchema = z.object({
  change: z.enum(["amended", "repealed", "lapsed"], { error: "policies.err.change" }),
  successorId: z
    .union([z.literal(""), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => (v === "" || v == null ? null : v)),
  changedOn: optionalDay,
  note: optionalText(2000),
});

/**
 * 已修改 · 已废止 · 已失效: the old document stays, marked, with a link to the
 * one that amended or repealed it. Amending needs that successor; repealing
 * and declaring a lapse need a public reason.
 */
export async function changeValidity(db: Db, actor: Actor, id: number, input: z.output<typeof changeSchema>, now: Date) {
  return db.transaction(async (tx) => {
    const p = await lockPolicy(tx, actor, id);
    if (!p.publishedAt) throw new UserError("policies.err.notPublished", {}, undefined, 409);
    if (validityOf(p, now) !== "in_force") throw new UserError("policies.err.notInForce", {}, undefined, 409);
    if (input.change === "amended" && input.successorId == null) throw new UserError("policies.err.successorRequired", {}, "successorId");
    if (input.change !== "amended" && !input.note) throw new UserError("policies.err.changeNote", {}, "note");
    if (input.change === "lapsed" && input.successorId != null) throw new UserError("policies.err.successorLapse", {}, "successorId");
    if (input.successorId != null) {
      if (input.successorId === id) throw new UserError("policies.err.successor", {}, "successorId");
      const [s] = await tx
        .select({ id: policies.id })
        .from(policies)
        .where(and(eq(policies.id, input.successorId), isNotNull(policies.publishedAt)));
      if (!s) throw new UserError("policies.err.successor", {}, "successorId");
    }
    const changedOn = input.changedOn ?? shanghaiDay(now);
    await tx
      .update(policies)
      .set({ change: input.change, successorId: input.successorId, changedOn, changeNote: input.note, updatedAt: now })
      .where(eq(policies.id, id));
    await recordAudit(
      tx,
      actor,
      { action: `policy.${input.change}`, entityType: "policy", entityId: id, summary: { successorId: input.successorId, changedOn, note: input.note } },
      now,
    );
    const mailed = await announcePolicy(tx, p, "validity", (lang) => translate(lang, `policies.validity.${input.change}`));
    return { mailed };
  });
}

/**
 * A policy whose valid-until date has passed is 已失效 by itself (derived at
 * read time, validity.ts) and its subscribers hear of it as of any other
 * validity change, once: the policy is claimed by setting lapse_announced_at
 * in the transaction that queues the mail, so a second look, or another
 * instance looking at the same moment (it waits on the row, then finds it
 * claimed), announces nothing. A policy that had already lapsed when it was
 * published is not announced as lapsing: its publication mail said so.
 */
export async function announceLapses(db: Db, now: Date): Promise<{ policies: number; mailed: number }> {
  return db.transaction(async (tx) => {
    const lapsed = await tx
      .update(policies)
      .set({ lapseAnnouncedAt: now })
      .where(
        and(
          isNotNull(policies.publishedAt),
          eq(policies.change, "in_force"),
          isNull(policies.lapseAnnouncedAt),
          lt(policies.validUntil, shanghaiDay(now)),
          sql`${policies.validUntil} >= (${policies.publishedAt} at time zone 'Asia/Shanghai')::date`,
        ),
      )
      .returning();
    let mailed = 0;
    for (const p of lapsed) mailed += await announcePolicy(tx, p, "validity", (lang) => translate(lang, "policies.validity.lapsed"));
    return { policies: lapsed.length, mailed };
  });
}

/** Looks for lapses every `intervalMs` (safe on every instance at once); a lapse is mailed within that time after Shanghai midnight. */
export function startLapseWorker(db: Db, intervalMs = 15 * 60 * 1000, onError: (e: unknown) => void = (e) => console.error("policy lapses:", e)): () => void {
  return startRepeating(() => announceLapses(db, new Date()), { firstMs: 5000, intervalMs, onError });
}

export async function listUnitPolicies(db: Db, actor: Actor, unitId: number | null) {
  if (unitId != null) assertCanManageUnit(actor, unitId);
  else if (actor.role !== "admin") throw new NotFoundError();
  const list = await db
    .select({
      id: policies.id,
      title: policies.title,
      docNumber: policies.docNumber,
      kind: policies.kind,
      change: policies.change,
      validUntil: policies.validUntil,
      publishedAt: policies.publishedAt,
      unitName: units.nameZh,
      interpretations: sql<number>`(select count(*)::int from policy_interpretations i where i.policy_id = ${policies.id})`,
    })
    .from(policies)
    .innerJoin(units, eq(units.id, policies.unitId))
    .where(unitId != null ? eq(policies.unitId, unitId) : undefined)
    .orderBy(desc(policies.updatedAt), desc(policies.id));
  return list.map((p) => ({ ...p, interpretations: Number(p.interpretations) }));
}

/** Published policies a validity change can point to (any unit's: the district may replace a bureau's document). */
export function listSuccessorCandidates(db: Db, exceptId: number) {
  return db
    .select({ id: policies.id, title: policies.title, docNumber: policies.docNumber })
    .from(policies)
    .where(and(isNotNull(policies.publishedAt), ne(policies.id, exceptId)))
    .orderBy(desc(policies.publishedAt))
    .limit(200);
}

type PolicyEvent = "published" | "interpreted" | "validity";

/**
 * Topic and audience subscriptions (the catalogue's tag subscriptions): one
 * mail per subscriber per event, however many of their tags match, in the
 * subscriber's language.
 */
async function announcePolicy(tx: Db, p: Policy, event: PolicyEvent, detail: (lang: Lang) => string = () => ""): Promise<number> {
  const tags = [...new Set([...p.topics, ...p.audiences])];
  if (tags.length === 0) return 0;
  const subs = await tx
    .select({ email: users.email, lang: users.lang, tags: sql<string[] | string>`array_agg(distinct ${tagSubscriptions.tag})` })
    .from(tagSubscriptions)
    .innerJoin(users, eq(users.id, tagSubscriptions.userId))
    .where(and(inArray(tagSubscriptions.tag, tags), isNull(users.disabledAt)))
    .groupBy(users.email, users.lang);
  const [unit] = await tx.select({ zh: units.nameZh, en: units.nameEn }).from(units).where(eq(units.id, p.unitId));
  for (const s of subs) {
    const lang = asLang(s.lang);
    const matched = typeof s.tags === "string" ? s.tags.replace(/[{}"]/g, "").split(",") : s.tags;
    const params = {
      title: p.title,
      doc: p.docNumber ? (lang === "en" ? ` (${p.docNumber})` : `（${p.docNumber}）`) : "",
      unit: (lang === "en" ? unit?.en : unit?.zh) ?? "",
      tags: matched.join(translate(lang, "mail.listSeparator")),
      event: translate(lang, `policies.mail.${event}`, { detail: detail(lang) }),
      url: publicUrl(policyPath(p.id)),
      manage: publicUrl("/decisions/subscriptions"),
    };
    await enqueueMail(tx, { to: s.email, subject: translate(lang, "policies.mail.subject", params), text: translate(lang, "policies.mail.body", params) });
  }
  return subs.length;
}
