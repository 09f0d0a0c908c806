/** 主题征集: residents propose open-month themes and support others'; staff mark which became events. */
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { pgError } from "#db/index";
import { eventThemeProposals, eventThemeSupports, events, users } from "#db/schema";
import { defaultEventsConfig, type EventsConfig } from "./config";
import { isRowId } from "./seats";
import type { Actor } from "../context";
import { ForbiddenError, NotFoundError, UserError } from "../errors";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import { optionalText, text } from "../forms";

export const proposalSchema = z.object({ title: text(100), description: optionalText(1000) });

export async function proposeTheme(db: Db, userId: number, year: number, input: z.output<typeof proposalSchema>, now: Date, cfg: EventsConfig = defaultEventsConfig) {
  return db.transaction(async (tx) => {
    // One resident's proposals are counted under a lock on their account, so parallel posts cannot pass the limit together.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    const [mine] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(eventThemeProposals)
      .where(and(eq(eventThemeProposals.proposerId, userId), eq(eventThemeProposals.year, year)));
    if (mine.n >= cfg.themeProposalsPerYear) throw new UserError("events.err.themeLimit", { n: cfg.themeProposalsPerYear }, undefined, 429);
    const [p] = await tx.insert(eventThemeProposals).values({ year, title: input.title, description: input.description, proposerId: userId, createdAt: now }).returning();
    // Proposing counts as supporting.
    await tx.insert(eventThemeSupports).values({ proposalId: p.id, userId, createdAt: now });
    return p;
  });
}

export async function supportTheme(db: Db, userId: number, proposalId: number, now: Date) {
  const [p] = isRowId(proposalId) ? await db.select().from(eventThemeProposals).where(eq(eventThemeProposals.id, proposalId)) : [];
  if (!p) throw new NotFoundError();
  try {
    await db.insert(eventThemeSupports).values({ proposalId, userId, createdAt: now });
  } catch (e) {
    if (pgError(e)?.code === "23505") throw new UserError("events.err.themeDuplicate", {}, undefined, 409);
    throw e;
  }
}

/** Ranked by support, most first. */
export async function themeRanking(db: Db, year: number, userId?: number | null) {
  return db
    .select({
      id: eventThemeProposals.id,
      title: eventThemeProposals.title,
      description: eventThemeProposals.description,
      status: eventThemeProposals.status,
      eventId: eventThemeProposals.eventId,
      eventTitle: events.title,
      supports: sql<number>`(select count(*) from event_theme_supports s where s.proposal_id = "event_theme_proposals"."id")`.mapWith(Number),
      mine: userId
        ? sql<boolean>`exists (select 1 from event_theme_supports s where s.proposal_id = "event_theme_proposals"."id" and s.user_id = ${userId})`.mapWith(Boolean)
        : sql<boolean>`false`.mapWith(Boolean),
    })
    .from(eventThemeProposals)
    .leftJoin(events, eq(events.id, eventThemeProposals.eventId))
    .where(eq(eventThemeProposals.year, year))
    .orderBy(desc(sql`(select count(*) from event_theme_supports s where s.proposal_id = "event_theme_proposals"."id")`), eventThemeProposals.id);
}

/** Staff mark a proposal as adopted (linked to one of their events) or declined. */
export async function markTheme(db: Db, actor: Actor, proposalId: number, decision: { status: "adopted" | "declined" | "open"; eventId?: number | null }, now: Date) {
  if (actor.role === "citizen") throw new ForbiddenError();
  return db.transaction(async (tx) => {
    const [p] = isRowId(proposalId) ? await tx.select().from(eventThemeProposals).where(eq(eventThemeProposals.id, proposalId)).for("update") : [];
    if (!p) throw new NotFoundError();
    // An adopted theme belongs to the unit whose event took it up: only that unit (or the admin) may change it.
    let previous: { id: number; unitId: number } | undefined;
    if (p.eventId != null) {
      [previous] = await tx.select({ id: events.id, unitId: events.unitId }).from(events).where(eq(events.id, p.eventId));
      if (previous) assertCanManageUnit(actor, previous.unitId);
    }
    let eventId: number | null = null;
    if (decision.status === "adopted") {
      if (!decision.eventId) throw new UserError("err.required", {}, "eventId");
      const [e] = isRowId(decision.eventId) ? await tx.select().from(events).where(eq(events.id, decision.eventId)) : [];
      if (!e) throw new NotFoundError();
      assertCanManageUnit(actor, e.unitId);
      eventId = e.id;
      await tx.update(events).set({ themeProposalId: p.id }).where(eq(events.id, e.id));
    }
    if (previous && previous.id !== eventId) await tx.update(events).set({ themeProposalId: null }).where(eq(events.id, previous.id));
    await tx.update(eventThemeProposals).set({ status: decision.status, eventId }).where(eq(eventThemeProposals.id, p.id));
    await recordAudit(tx, actor, { action: `events.theme.${decision.status}`, entityType: "event_theme_proposal", entityId: p.id, summary: { eventId, was: p.status, previousEventId: previous?.id ?? null } }, now);
  });
}
