import type { Db } from "#db/index";
import type { Actor } from "../context";

/**
 * Ties a comment period to its decision's stages in the catalogue. Until the
 * catalogue's stage service is available this is a no-op.
 */
export async function linkDecisionStage(
  _tx: Db,
  _actor: Actor,
  _decisionId: number,
  _kind: "consultation" | "participation",
  _patch: { state: "in_progress" | "completed"; linkPath: string; summary?: string },
  _now: Date,
): Promise<void> {}
