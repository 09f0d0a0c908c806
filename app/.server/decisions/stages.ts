/**
 * 全流程信息: the eleven stages of a decision, their gates, and the entry
 * point other features use to tie a stage to where it lives on the platform.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { decisionStages, decisions, STAGE_KINDS, type StageKind, type StageState } from "#db/schema";
import { recordAudit } from "../audit/audit";
import { canManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { ForbiddenError, NotFoundError, UserError } from "../errors";
import { translate } from "~/i18n/messages";
import { publishMilestoneTx } from "./milestones";
import { addCalendarDays, calendarDaysBetween, shanghaiDay, workingDaysBetween } from "./working-days";

export type { StageKind, StageState };
export { STAGE_KINDS };

/** Art 25–28: the legality review takes at least this many working days. */
export const LEGALITY_MIN_WORKING_DAYS = 7;
/** Art 17: hearing materials reach participants at least this many days before the hearing. */
export const HEARING_NOTICE_DAYS = 7;

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

export function isSafePath(p: string): boolean {
  return p.startsWith("/") && !p.startsWith("//") && !p.startsWith("/\\") && !/[\s<>"]/.test(p);
}

/**
 * The gates, checked against the stage as it would be after the change and
 * against its sibling stages. Each refusal names the rule.
 */
export async function checkStageRules(tx: Db, decisionId: number, kind: StageKind, next: StageFields & { state: StageState }) {
  if (next.state === "not_applicable" && !next.reason?.trim()) {
    throw new UserError("decisions.err.reasonRequired", {}, "reason");
  }
  if (next.startedOn && next.completedOn && next.completedOn < next.startedOn) {
    throw new UserError("decisions.err.datesOrder", {}, "completedOn");
  }
  if (next.linkPath != null && !isSafePath(next.linkPath)) {
    throw new UserError("decisions.err.linkPath", {}, "linkPath");
  }
  if (kind === "deliberation" && next.state === "completed") {
    const [legality] = await tx
      .select({ state: decisionStages.state })
      .from(decisionStages)
      .where(and(eq(decisionStages.decisionId, decisionId), eq(decisionStages.kind, "legality_review")));
    if (legality?.state !== "completed") throw new UserError("decisions.err.legalityFirst", {}, "state");
  }
  if (kind === "legality_review" && next.state === "completed") {
    if (!next.startedOn || !next.completedOn) throw new UserError("decisions.err.legalityDates", {}, "startedOn");
    const days = workingDaysBetween(next.startedOn, next.completedOn);
    if (days < LEGALITY_MIN_WORKING_DAYS) throw new UserError("decisions.err.legalityTooShort", { days }, "completedOn");
  }
  if (kind === "hearing" && next.state !== "not_applicable") {
    if (next.hearingOn && next.materialsSentOn) {
      const latest = addCalendarDays(next.hearingOn, -HEARING_NOTICE_DAYS);
      if (calendarDaysBetween(next.materialsSentOn, next.hearingOn) < HEARING_NOTICE_DAYS) {
        throw new UserError(
          "decisions.err.hearingMaterials",
          { hearing: next.hearingOn, latest, sent: next.materialsSentOn },
          "materialsSentOn",
        );
      }
    } else if (next.hearingOn && next.state === "completed") {
      throw new UserError("decisions.err.hearingMaterialsMissing", {}, "materialsSentOn");
    }
  }
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
): Promise<{ before: StageRow; after: StageRow }> {
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
  await checkStageRules(tx, decisionId, kind, next);
  const [after] = await tx
    .update(decisionStages)
    .set({ ...set, updatedAt: now })
    .where(eq(decisionStages.id, before.id))
    .returning();
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(set) as (keyof StageFields)[]) {
    if (before[k] !== after[k]) changed[k] = { from: before[k], to: after[k] };
  }
  await recordAudit(tx, actor, { action, entityType: "decision", entityId: decisionId, summary: { stage: kind, changed } }, now);
  return { before, after };
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

export function listStages(db: Db, decisionId: number) {
  return db
    .select()
    .from(decisionStages)
    .where(eq(decisionStages.decisionId, decisionId))
    .orderBy(sql`${decisionStages.kind}`);
}
