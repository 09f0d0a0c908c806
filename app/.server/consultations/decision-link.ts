import { eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { decisions } from "#db/schema";
import type { Actor } from "../context";
import { UserError } from "../errors";
import { linkPlatformStage } from "../decisions/stages";

/**
 * Ties a comment period to its decision's stages in the catalogue (in the
 * caller's transaction): opening makes the consultation stage in progress and
 * links to the period; the feedback report completes the participation stage
 * and links to the report.
 */
export async function linkDecisionStage(
  tx: Db,
  actor: Actor,
  decisionId: number,
  kind: "consultation" | "participation",
  patch: { state: "in_progress" | "completed"; linkPath: string; summary?: string },
  now: Date,
): Promise<void> {
  await linkPlatformStage(
    tx,
    actor,
    decisionId,
    kind,
    {
      state: patch.state,
      ...(patch.state === "in_progress" ? { startedOn: now } : { completedOn: now }),
      linkPath: patch.linkPath,
      note: patch.summary,
    },
    now,
  );
}

/** A consultation may only belong to a decision of its own unit. */
export async function assertDecisionOfUnit(db: Db, decisionId: number | null, unitId: number): Promise<void> {
  if (decisionId == null) return;
  const [d] = await db.select({ unitId: decisions.unitId }).from(decisions).where(eq(decisions.id, decisionId));
  if (!d || d.unitId !== unitId) throw new UserError("consultations.err.decision", {}, "decisionId");
}

export async function decisionTitle(db: Db, decisionId: number | null) {
  if (decisionId == null) return null;
  const [d] = await db.select({ id: decisions.id, title: decisions.title }).from(decisions).where(eq(decisions.id, decisionId));
  return d ?? null;
}
