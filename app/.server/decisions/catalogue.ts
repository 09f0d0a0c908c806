/**
 * Staff work on a unit's catalogue: create it for a year, add/edit/reorder/
 * withdraw items, publish it (先审查、后公开). After publication every change
 * is recorded publicly with its reason.
 */
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import {
  catalogueChanges,
  DECISION_STATUSES,
  decisionCatalogues,
  decisions,
  tagSubscriptions,
  units,
  users,
} from "#db/schema";
import { recordAudit } from "../audit/audit";
import { canManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { ForbiddenError, NotFoundError, UserError } from "../errors";
import { optionalText, text } from "../forms";
import { enqueueMail } from "../notify/outbox";
import { asLang, translate } from "~/i18n/messages";
import { ensureStages } from "./stages";
import { publicUrl } from "../urls";

export const dayString = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim())
  .pipe(z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "decisions.err.date" })]))
  .refine((s) => s === "" || !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { error: "decisions.err.date" })
  .transform((s) => (s === "" ? null : s));

/** "老年人，教育 企业" → ["老年人","教育","企业"] */
function parseTags(s: string | null | undefined): string[] {
  const out: string[] = [];
  for (const raw of (s ?? "").split(/[\s,，、;；]+/)) {
    const tag = raw.trim();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

const tagsField = z
  .string()
  .optional()
  .transform((s) => parseTags(s))
  .refine((tags) => tags.length <= 12 && tags.every((t) => t.length <= 20), { error: "decisions.err.tag" });

export const catalogueCreateSchema = z.object({
  year: z.coerce.number({ error: "decisions.err.year" }).int({ error: "decisions.err.year" }).min(2000, { error: "decisions.err.year" }).max(2100, { error: "decisions.err.year" }),
  note: optionalText(500),
});

export const decisionSchema = z.object({
  title: text(120),
  summary: optionalText(4000),
  legalBasis: optionalText(1000),
  plannedSchedule: optionalText(200),
  plannedDecisionOn: dayString,
  tags: tagsField,
  /** Required once the catalogue is public: shown in its change history. */
  changeReason: optionalText(500),
});
export type DecisionInput = z.output<typeof decisionSchema>;

type Catalogue = typeof decisionCatalogues.$inferSelect;

export async function loadCatalogue(db: Db, actor: Actor | null, catalogueId: number, lock = false): Promise<Catalogue> {
  const q = db.select().from(decisionCatalogues).where(eq(decisionCatalogues.id, catalogueId));
  const [c] = lock ? await q.for("update") : await q;
  if (!c) throw new NotFoundError();
  if (actor && !canManageUnit(actor, c.unitId)) throw new ForbiddenError();
  return c;
}

export async function loadDecision(db: Db, actor: Actor | null, decisionId: number, lock = false) {
  const q = db.select().from(decisions).where(eq(decisions.id, decisionId));
  const [d] = lock ? await q.for("update") : await q;
  if (!d) throw new NotFoundError();
  if (actor && !canManageUnit(actor, d.unitId)) throw new ForbiddenError();
  return d;
}

export async function createCatalogue(db: Db, actor: Actor, unitId: number, input: { year: number; note?: string | null }, now: Date) {
  if (!canManageUnit(actor, unitId)) throw new ForbiddenError();
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(decisionCatalogues)
      .values({ unitId, year: input.year, note: input.note ?? null, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!c) throw new UserError("decisions.err.catalogueExists", {}, "year");
    await recordAudit(tx, actor, { action: "catalogue.create", entityType: "catalogue", entityId: c.id, summary: { unitId, year: input.year } }, now);
    return c;
  });
}

/**
 * A unit's catalogues with their item counts. Counted through a join: a
 * correlated subquery in drizzle's select list renders its columns without
 * table names, so `catalogue_id = id` compared an item with itself (#16).
 */
export async function listCataloguesForUnit(db: Db, unitId: number) {
  const rows = await db
    .select({
      id: decisionCatalogues.id,
      year: decisionCatalogues.year,
      publishedAt: decisionCatalogues.publishedAt,
      items: count(decisions.id),
    })
    .from(decisionCatalogues)
    .leftJoin(decisions, eq(decisions.catalogueId, decisionCatalogues.id))
    .where(eq(decisionCatalogues.unitId, unitId))
    .groupBy(decisionCatalogues.id)
    .orderBy(desc(decisionCatalogues.year));
  return rows.map((r) => ({ ...r, items: Number(r.items) }));
}

async function recordChange(
  tx: Db,
  actor: Actor,
  c: Catalogue,
  decisionId: number | null,
  kind: "added" | "changed" | "withdrawn" | "reordered",
  description: string,
  reason: string | null | undefined,
  now: Date,
) {
  if (!c.publishedAt) return;
  if (!reason?.trim()) throw new UserError("decisions.err.changeReason", {}, "changeReason");
  await tx.insert(catalogueChanges).values({ catalogueId: c.id, decisionId, kind, description, reason: reason.trim(), at: now, actorId: actor.id });
}

export async function addDecision(db: Db, actor: Actor, catalogueId: number, input: DecisionInput, now: Date) {
  return db.transaction(async (tx) => {
    const c = await loadCatalogue(tx, actor, catalogueId, true);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${decisions.position}), 0)::int + 1` })
      .from(decisions)
      .where(eq(decisions.catalogueId, c.id));
    const [d] = await tx
      .insert(decisions)
      .values({
        catalogueId: c.id,
        unitId: c.unitId,
        year: c.year,
        position: next,
        ...columnsOf(input),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await ensureStages(tx, d.id);
    await recordChange(tx, actor, c, d.id, "added", `新增事项：${d.title}`, input.changeReason, now);
    await recordAudit(tx, actor, { action: "decision.create", entityType: "decision", entityId: d.id, summary: { catalogueId: c.id, title: d.title } }, now);
    if (c.publishedAt) await announceDecisions(tx, [d.id], now);
    return d;
  });
}

/** The columns staff write, the same on create and update; FIELD_LABELS names each in the change history. */
function columnsOf(input: DecisionInput) {
  return {
    title: input.title,
    summary: input.summary ?? "",
    legalBasis: input.legalBasis ?? "",
    plannedSchedule: input.plannedSchedule ?? "",
    plannedDecisionOn: input.plannedDecisionOn,
    tags: input.tags,
  };
}

const FIELD_LABELS: Record<string, string> = {
  title: "事项名称",
  summary: "事项概要",
  legalBasis: "决策依据",
  plannedSchedule: "计划安排",
  plannedDecisionOn: "计划决策日期",
  tags: "标签",
};

function show(v: unknown): string {
  if (Array.isArray(v)) return v.join("、") || "（无）";
  if (v == null || v === "") return "（无）";
  if (typeof v === "string" && (DECISION_STATUSES as readonly string[]).includes(v)) return translate("zh", `decisions.status.${v as "planned"}`);
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

export async function updateDecision(db: Db, actor: Actor, decisionId: number, input: DecisionInput, now: Date) {
  return db.transaction(async (tx) => {
    const d = await loadDecision(tx, actor, decisionId, true);
    if (d.status === "withdrawn") throw new UserError("decisions.err.withdrawn");
    const c = await loadCatalogue(tx, actor, d.catalogueId);
    const next = columnsOf(input);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [k, v] of Object.entries(next)) {
      const before = (d as Record<string, unknown>)[k];
      if (JSON.stringify(before ?? null) !== JSON.stringify(v ?? null)) changed[k] = { from: before, to: v };
    }
    if (Object.keys(changed).length === 0) return d;
    const description = Object.entries(changed)
      .map(([k, { from, to }]) => `${FIELD_LABELS[k] ?? k}：${show(from)} → ${show(to)}`)
      .join("；");
    await recordChange(tx, actor, c, d.id, "changed", `《${d.title}》${description}`, input.changeReason, now);
    const [after] = await tx.update(decisions).set({ ...next, updatedAt: now }).where(eq(decisions.id, d.id)).returning();
    await recordAudit(tx, actor, { action: "decision.update", entityType: "decision", entityId: d.id, summary: { changed, reason: input.changeReason } }, now);
    // New tags may match new subscribers; mail those who have not heard of it.
    if (c.publishedAt && changed.tags) await announceDecisions(tx, [d.id], now, (changed.tags.from as string[]) ?? []);
    return after;
  });
}

export async function withdrawDecision(db: Db, actor: Actor, decisionId: number, reason: string, now: Date) {
  return db.transaction(async (tx) => {
    const d = await loadDecision(tx, actor, decisionId, true);
    if (d.status === "withdrawn") throw new UserError("decisions.err.withdrawn");
    if (!reason.trim()) throw new UserError("decisions.err.changeReason", {}, "changeReason");
    const c = await loadCatalogue(tx, actor, d.catalogueId);
    await tx.update(decisions).set({ status: "withdrawn", withdrawnReason: reason, updatedAt: now }).where(eq(decisions.id, d.id));
    await recordChange(tx, actor, c, d.id, "withdrawn", `撤回事项：${d.title}`, reason, now);
    await recordAudit(tx, actor, { action: "decision.withdraw", entityType: "decision", entityId: d.id, summary: { reason } }, now);
  });
}

/** Moves an item one place up or down in its catalogue. */
export async function moveDecision(db: Db, actor: Actor, decisionId: number, direction: "up" | "down", reason: string | null, now: Date) {
  return db.transaction(async (tx) => {
    const d = await loadDecision(tx, actor, decisionId, true);
    const c = await loadCatalogue(tx, actor, d.catalogueId, true);
    const list = await tx
      .select({ id: decisions.id, position: decisions.position, title: decisions.title })
      .from(decisions)
      .where(eq(decisions.catalogueId, c.id))
      .orderBy(asc(decisions.position), asc(decisions.id));
    const i = list.findIndex((x) => x.id === d.id);
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j], list[i]];
    for (let k = 0; k < list.length; k++) {
      await tx.update(decisions).set({ position: k + 1 }).where(eq(decisions.id, list[k].id));
    }
    await recordChange(tx, actor, c, d.id, "reordered", `调整顺序：《${d.title}》移至第 ${j + 1} 项`, reason, now);
    await recordAudit(tx, actor, { action: "decision.move", entityType: "decision", entityId: d.id, summary: { direction, position: j + 1 } }, now);
  });
}

/** 先审查、后公开: the deliberate step that makes a catalogue public. */
export async function publishCatalogue(db: Db, actor: Actor, catalogueId: number, now: Date) {
  return db.transaction(async (tx) => {
    const c = await loadCatalogue(tx, actor, catalogueId, true);
    if (c.publishedAt) throw new UserError("decisions.err.alreadyPublished");
    const items = await tx.select({ id: decisions.id }).from(decisions).where(eq(decisions.catalogueId, c.id));
    if (items.length === 0) throw new UserError("decisions.err.emptyCatalogue");
    await tx.update(decisionCatalogues).set({ publishedAt: now, publishedBy: actor.id, updatedAt: now }).where(eq(decisionCatalogues.id, c.id));
    await recordAudit(tx, actor, { action: "catalogue.publish", entityType: "catalogue", entityId: c.id, summary: { year: c.year, items: items.length } }, now);
    const mailed = await announceDecisions(
      tx,
      items.map((i) => i.id),
      now,
    );
    return { mailed };
  });
}

/**
 * Tag subscriptions: one mail per subscriber per newly public decision whose
 * tags match (only tags not in `alreadyAnnouncedTags` count as new).
 */
async function announceDecisions(tx: Db, decisionIds: number[], now: Date, alreadyAnnouncedTags: string[] = []): Promise<number> {
  if (decisionIds.length === 0) return 0;
  const list = await tx
    .select({ id: decisions.id, title: decisions.title, tags: decisions.tags, announcedAt: decisions.announcedAt, unitZh: units.nameZh, unitEn: units.nameEn, status: decisions.status })
    .from(decisions)
    .innerJoin(units, eq(units.id, decisions.unitId))
    .where(inArray(decisions.id, decisionIds));
  let mailed = 0;
  for (const d of list) {
    if (d.status === "withdrawn") continue;
    const fresh = d.announcedAt ? d.tags.filter((t) => !alreadyAnnouncedTags.includes(t)) : d.tags;
    if (fresh.length) {
      const subs = await tx
        .select({ email: users.email, lang: users.lang, tags: sql<string[]>`array_agg(${tagSubscriptions.tag} order by ${tagSubscriptions.tag})` })
        .from(tagSubscriptions)
        .innerJoin(users, eq(users.id, tagSubscriptions.userId))
        .where(and(inArray(tagSubscriptions.tag, fresh), isNull(users.disabledAt)))
        .groupBy(users.email, users.lang);
      const url = publicUrl(`/decisions/${d.id}`);
      for (const s of subs) {
        const tags = typeof s.tags === "string" ? String(s.tags).replace(/[{}]/g, "").split(",") : s.tags;
        const lang = asLang(s.lang);
        const params = {
          decision: d.title,
          unit: lang === "en" ? d.unitEn : d.unitZh,
          tags: tags.join(translate(lang, "mail.listSeparator")),
          url,
          manage: publicUrl("/decisions/subscriptions"),
        };
        await enqueueMail(tx, { to: s.email, subject: translate(lang, "mail.catalogue.subject", params), text: translate(lang, "mail.catalogue.body", params) });
        mailed++;
      }
    }
    if (!d.announcedAt) await tx.update(decisions).set({ announcedAt: now }).where(eq(decisions.id, d.id));
  }
  return mailed;
}

export function listCatalogueItems(db: Db, catalogueId: number) {
  return db.select().from(decisions).where(eq(decisions.catalogueId, catalogueId)).orderBy(asc(decisions.position), asc(decisions.id));
}

export function listChanges(db: Db, catalogueId: number) {
  return db.select().from(catalogueChanges).where(eq(catalogueChanges.catalogueId, catalogueId)).orderBy(desc(catalogueChanges.at), desc(catalogueChanges.id));
}
