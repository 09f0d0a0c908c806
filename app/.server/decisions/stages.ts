/**
 * 全流程信息: the eleven stages of a decision, their gates, and the entry
 * point other features use to tie a stage to where it lives on the platform.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { catalogueChanges, decisionStages, decisions, STAGE_KINDS, type StageKind, type StageState } from "#db/schema";
import { recordAudit } from "../audit/audit";
import { canManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { ForbiddenError, NotFoundError, UserError } from "../errors";
import { translate } from "~/i18n/messages";
import { publishMilestoneTx } from "./milestones";
import { shanghaiDay } from "~/lib/shanghai";
import { loadCalendar } from "../calendar/schedules";
import { deriveStatus, stageViolations, violationId, type StageFacts } from "./rules";

export type { StageKind, StageState };

export type StageRow = typeof decisionStages.$inferSelect;

/** Every field a stage can have; undefined leaves a field as it is, null clears it. */
export interface StageFields {
  state?: StageState;
  reason?: string | null;
  plannedStartOn?: string | null;
  plannedEndOn?: string | null;
  startedOn?: string | null;
  completedOn?: string | null;
  hearingOn?: string | null;
  materialsSentOn?: string | null;
  linkPath?: string | null;
  note?: string | null;
}

/** Creates the eleven stage rows of a decision (idempotent). */
export async function ensureStages(tx: Db, decisionId: number): Promise<void> {
  await tx
    .insert(decisionStages)
    .values(STAGE_KINDS.map((kind) => ({ decisionId, kind })))
    .onConflictDoNothing();
}

function isSafePath(p: string): boolean {
  return p.startsWith("/") && !p.startsWith("//") && !p.startsWith("/\\") && !/[\s<>"]/.test(p);
}

/** Review and deliberation dates that a later stage has built on: changed only by a public correction. */
const LOCKED_FIELDS = ["state", "startedOn", "completedOn"] as const;

/**
 * The gates: the stage as it would be after the change, checked with its
 * siblings. A change may not bring in a violation involving the changed stage
 * (rows that already broke a rule stay editable, and stay listed on the
 * compliance page). Each refusal names the rule and the dates that break it.
 */
async function checkStageRules(tx: Db, decisionId: number, kind: StageKind, next: StageFacts & { linkPath?: string | null }, opts: { correction?: boolean } = {}) {
  if (next.linkPath != null && !isSafePath(next.linkPath)) {
    throw new UserError("decisions.err.linkPath", {}, "linkPath");
  }
  const siblings = await tx.select().from(decisionStages).where(eq(decisionStages.decisionId, decisionId));
  const before = siblings.find((s) => s.kind === kind);
  const after = siblings.map((s) => (s.kind === kind ? { ...s, ...next, kind } : s));
  if (kind === "legality_review" && before && !opts.correction) {
    const deliberation = siblings.find((s) => s.kind === "deliberation");
    const touched = LOCKED_FIELDS.some((f) => (before[f] ?? null) !== (next[f] ?? null));
    if (touched && (deliberation?.state === "completed" || deliberation?.state === "in_progress")) {
      throw new UserError("decisions.err.legalityLocked", { deliberationOn: deliberation.completedOn ?? deliberation.startedOn ?? "—" }, "state");
    }
  }
  const cal = await loadCalendar(tx);
  const known = new Set(stageViolations(siblings, cal).map(violationId));
  const fresh = stageViolations(after, cal).find((v) => v.involves.includes(kind) && !known.has(violationId(v)));
  if (fresh) throw new UserError(fresh.key, fresh.params, fresh.stage === kind ? fresh.field : "state");
}

/** Keeps the decision's status (and its decided day) in step with its stages. */
async function syncStatus(tx: Db, decisionId: number, withdrawn: boolean, now: Date) {
  const stages = await tx.select().from(decisionStages).where(eq(decisionStages.decisionId, decisionId));
  const status = deriveStatus(stages, withdrawn);
  const decidedOn = stages.find((s) => s.kind === "deliberation" && s.state === "completed")?.completedOn ?? null;
  await tx.update(decisions).set({ status, decidedOn, updatedAt: now }).where(eq(decisions.id, decisionId));
}

async function loadDecisionForUpdate(tx: Db, decisionId: number) {
  const [d] = await tx
    .select({ id: decisions.id, unitId: decisions.unitId, status: decisions.status })
    .from(decisions)
    .where(eq(decisions.id, decisionId))
    .for("update");
  if (!d) throw new NotFoundError();
  return d;
}

/**
 * Applies a change to one stage inside the caller's transaction, after the
 * permission check and the gates, and writes the audit log.
 */
export async function applyStageChange(
  tx: Db,
  actor: Actor | null,
  decisionId: number,
  kind: StageKind,
  patch: StageFields,
  now: Date,
  action = "decision.stage.update",
  reason?: string,
): Promise<{ before: StageRow; after: StageRow; changed: Record<string, { from: unknown; to: unknown }> }> {
  const d = await loadDecisionForUpdate(tx, decisionId);
  if (actor && !canManageUnit(actor, d.unitId)) throw new ForbiddenError();
  await ensureStages(tx, decisionId);
  const [before] = await tx
    .select()
    .from(decisionStages)
    .where(and(eq(decisionStages.decisionId, decisionId), eq(decisionStages.kind, kind)))
    .for("update");
  const set: StageFields = {};
  for (const [k, v] of Object.entries(patch) as [keyof StageFields, unknown][]) {
    if (v !== undefined) (set as Record<string, unknown>)[k] = v;
  }
  const next = { ...before, ...set } as StageRow;
  // A stage that applies again no longer needs its "not applicable" reason.
  if (set.state && set.state !== "not_applicable" && set.reason === undefined) next.reason = before.reason;
  await checkStageRules(tx, decisionId, kind, next, { correction: action === "decision.stage.correct" });
  const [after] = await tx
    .update(decisionStages)
    .set({ ...set, updatedAt: now })
    .where(eq(decisionStages.id, before.id))
    .returning();
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(set) as (keyof StageFields)[]) {
    if (before[k] !== after[k]) changed[k] = { from: before[k], to: after[k] };
  }
  await syncStatus(tx, decisionId, d.status === "withdrawn", now);
  await recordAudit(tx, actor, { action, entityType: "decision", entityId: decisionId, summary: { stage: kind, changed, ...(reason ? { reason } : {}) } }, now);
  return { before, after, changed };
}

/**
 * For other features (consultations, observers): tie a decision's stage to
 * where it lives on the platform and move its state/dates. Writes the audit
 * log and publishes a milestone, which mails the decision's followers — all
 * in the caller's transaction `tx`. The gates apply as for staff (e.g.
 * deliberation cannot complete before the legality review). `actor` null
 * means the system; a staff actor must belong to the decision's unit.
 *
 * Dates are instants; the stage keeps their Asia/Shanghai calendar day.
 */
export async function linkPlatformStage(
  tx: Db,
  actor: Actor | null,
  decisionId: number,
  kind: StageKind,
  patch: { state?: StageState; startedOn?: Date | null; completedOn?: Date | null; linkPath?: string | null; note?: string },
  now: Date,
): Promise<StageRow> {
  const dayOf = (d: Date | null | undefined) => (d === undefined ? undefined : d === null ? null : shanghaiDay(d));
  const { after } = await applyStageChange(
    tx,
    actor,
    decisionId,
    kind,
    {
      state: patch.state,
      startedOn: dayOf(patch.startedOn),
      completedOn: dayOf(patch.completedOn),
      linkPath: patch.linkPath,
      note: patch.note,
    },
    now,
    "decision.stage.link",
  );
  const stageName = translate("zh", `decisions.stage.${kind}`);
  const stateName = translate("zh", `decisions.state.${after.state}`);
  await publishMilestoneTx(
    tx,
    actor,
    decisionId,
    {
      happenedOn:
        (patch.state === "completed" ? after.completedOn : null) ??
        (patch.state === "in_progress" ? after.startedOn : null) ??
        shanghaiDay(now),
      title: `${stageName}：${stateName}`,
      body: patch.note ?? null,
      stageKind: kind,
      linkPath: after.linkPath,
    },
    now,
  );
  return after;
}

const FIELD_NAMES: Record<string, string> = { state: "状态", startedOn: "开始日期", completedOn: "完成日期", reason: "理由", hearingOn: "听证日期", materialsSentOn: "材料送达日期" };

/**
 * 更正: the one way to change a legality review a deliberation has built on.
 * The reason is required; the correction is audited and shown publicly in
 * the decision's change history. The rules still apply to the result.
 */
export async function correctStage(db: Db, actor: Actor, decisionId: number, kind: StageKind, patch: StageFields, reason: string, now: Date) {
  if (!reason.trim()) throw new UserError("decisions.err.correctionReason", {}, "correctionReason");
  return db.transaction(async (tx) => {
    const { after, changed } = await applyStageChange(tx, actor, decisionId, kind, patch, now, "decision.stage.correct", reason.trim());
    const [d] = await tx.select({ catalogueId: decisions.catalogueId, title: decisions.title }).from(decisions).where(eq(decisions.id, decisionId));
    const stageName = translate("zh", `decisions.stage.${kind}`);
    const what = Object.entries(changed)
      .map(([k, { from, to }]) => `${FIELD_NAMES[k] ?? k}：${from ?? "（无）"} → ${to ?? "（无）"}`)
      .join("；");
    await tx.insert(catalogueChanges).values({ catalogueId: d.catalogueId, decisionId, kind: "changed", description: `《${d.title}》${stageName}更正：${what || "（无变化）"}`, reason: reason.trim(), at: now, actorId: actor.id });
    return after;
  });
}

