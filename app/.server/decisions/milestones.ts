import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { decisionCatalogues, decisionFollows, decisionMilestones, decisions, users, type StageKind } from "#db/schema";
import { asLang, translate } from "~/i18n/messages";
import { recordAudit } from "../audit/audit";
import type { Actor } from "../context";
import { enqueueMail } from "../notify/outbox";
import { publicUrl } from "../urls";

export interface MilestoneInput {
  happenedOn: string;
  title: string;
  body?: string | null;
  stageKind?: StageKind | null;
  linkPath?: string | null;
}

/**
 * Publishes a milestone inside the caller's transaction: the row, its audit
 * entry, and one mail per follower through the outbox — all or nothing.
 */
export async function publishMilestoneTx(
  tx: Db,
  actor: Actor | null,
  decisionId: number,
  input: MilestoneInput,
  now: Date,
): Promise<{ id: number; mailed: number }> {
  const [m] = await tx
    .insert(decisionMilestones)
    .values({
      decisionId,
      happenedOn: input.happenedOn,
      title: input.title,
      body: input.body ?? "",
      stageKind: input.stageKind ?? null,
      linkPath: input.linkPath ?? null,
      publishedAt: now,
      createdBy: actor?.id ?? null,
    })
    .returning({ id: decisionMilestones.id });
  await recordAudit(
    tx,
    actor,
    {
      action: "decision.milestone.publish",
      entityType: "decision",
      entityId: decisionId,
      summary: { milestoneId: m.id, happenedOn: input.happenedOn, title: input.title, stageKind: input.stageKind ?? null },
    },
    now,
  );
  const mailed = await mailFollowers(tx, decisionId, input);
  return { id: m.id, mailed };
}

async function mailFollowers(tx: Db, decisionId: number, input: MilestoneInput): Promise<number> {
  // Only a public decision can have news for the public.
  const [d] = await tx
    .select({ title: decisions.title })
    .from(decisions)
    .innerJoin(decisionCatalogues, eq(decisionCatalogues.id, decisions.catalogueId))
    .where(and(eq(decisions.id, decisionId), isNotNull(decisionCatalogues.publishedAt)));
  if (!d) return 0;
  const followers = await tx
    .select({ email: users.email, lang: users.lang })
    .from(decisionFollows)
    .innerJoin(users, eq(users.id, decisionFollows.userId))
    .where(and(eq(decisionFollows.decisionId, decisionId), sql`${users.disabledAt} is null`));
  const url = publicUrl(`/decisions/${decisionId}`);
  for (const f of followers) {
    const lang = asLang(f.lang);
    const params = {
      decision: d.title,
      milestone: input.title,
      stage: input.stageKind ? `${translate(lang, `decisions.stage.${input.stageKind}`)} · ` : "",
      date: input.happenedOn,
      body: input.body ? `\n${input.body}\n` : "",
      url,
    };
    await enqueueMail(tx, { to: f.email, subject: translate(lang, "mail.milestone.subject", params), text: translate(lang, "mail.milestone.body", params) });
  }
  return followers.length;
}
