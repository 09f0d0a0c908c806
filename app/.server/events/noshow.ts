/** The no-show rule: marking no-shows after a session, suspensions, and staff lifting them. */
import { and, eq, gt, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { eventNoShowLifts, eventRegistrations, eventSessions, events, users } from "#db/schema";
import type { Actor } from "../context";
import { ForbiddenError, NotFoundError, UserError } from "../errors";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit, canManageUnit } from "../auth/guards";
import { defaultEventsConfig, type EventsConfig } from "./config";
import { DAY, assertRowId, eventOf, lockSession } from "./seats";

export interface NoShowStatus {
  count: number;
  suspendedUntil: Date | null;
}

/**
 * The counted no-shows of each user (within the window, after their latest
 * lift), in one query: pages listing many residents must not ask per person.
 */
export async function noShowStatuses(db: Db, userIds: number[], now: Date, cfg: EventsConfig = defaultEventsConfig): Promise<Map<number, NoShowStatus>> {
  const ids = [...new Set(userIds)];
  const out = new Map<number, NoShowStatus>(ids.map((id) => [id, { count: 0, suspendedUntil: null }]));
  if (!ids.length) return out;
  const since = new Date(now.getTime() - cfg.noShowWindowDays * DAY);
  const counted = await db
    .select({ userId: eventRegistrations.userId, n: sql<number>`count(*)`.mapWith(Number), last: sql<string>`max(${eventRegistrations.noShowAt})` })
    .from(eventRegistrations)
    .where(
      and(
        inArray(eventRegistrations.userId, ids),
        isNotNull(eventRegistrations.noShowAt),
        gt(eventRegistrations.noShowAt, since),
        // No-shows before the person's latest lift no longer count. (The outer column spelled out:
        // drizzle leaves it unqualified in a one-table select, where it would bind to `l`.)
        sql`${eventRegistrations.noShowAt} > coalesce((select max(l.lifted_at) from event_no_show_lifts l where l.user_id = "event_registrations"."user_id"), '-infinity'::timestamptz)`,
      ),
    )
    .groupBy(eventRegistrations.userId);
  for (const c of counted) if (c.userId != null) out.set(c.userId, suspensionOf(c.n, c.last, now, cfg));
  return out;
}

/** The rule itself: this many counted no-shows suspend registering until some days after the last one. */
function suspensionOf(count: number, last: string | Date | null, now: Date, cfg: EventsConfig): NoShowStatus {
  if (cfg.noShowLimit <= 0 || count < cfg.noShowLimit || last == null) return { count, suspendedUntil: null };
  const until = new Date(new Date(last).getTime() + cfg.noShowSuspendDays * DAY);
  return { count, suspendedUntil: until > now ? until : null };
}

/**
 * Columns giving one user's counted no-shows (`no_shows`, `last_no_show`), for a
 * query that reads the user anyway: registering asks for it in the same round
 * trip as the account.
 */
export function noShowColumns(userId: number, now: Date, cfg: EventsConfig) {
  const since = new Date(now.getTime() - cfg.noShowWindowDays * DAY).toISOString();
  const counted = sql`r.user_id = ${userId} and r.no_show_at > ${since}::timestamptz
    and r.no_show_at > coalesce((select max(l.lifted_at) from event_no_show_lifts l where l.user_id = ${userId}), '-infinity'::timestamptz)`;
  return sql`(select count(*)::int from event_registrations r where ${counted}) as no_shows,
    (select max(r.no_show_at) from event_registrations r where ${counted}) as last_no_show`;
}

export function noShowFromColumns(row: { no_shows: number | string; last_no_show: string | Date | null }, now: Date, cfg: EventsConfig): NoShowStatus {
  return suspensionOf(Number(row.no_shows), row.last_no_show, now, cfg);
}

export async function noShowStatus(db: Db, userId: number, now: Date, cfg: EventsConfig = defaultEventsConfig): Promise<NoShowStatus> {
  return (await noShowStatuses(db, [userId], now, cfg)).get(userId)!;
}

/**
 * Lifts a resident's suspension. Staff may lift only a suspension that a
 * session of their own unit contributed to (the admin any); a user without
 * counted no-shows has nothing to lift.
 */
export async function liftNoShow(db: Db, actor: Actor, userId: number, reason: string | null, now: Date, cfg: EventsConfig = defaultEventsConfig): Promise<void> {
  if (actor.role !== "staff" && actor.role !== "admin") throw new ForbiddenError();
  assertRowId(userId);
  await db.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    if (!u) throw new NotFoundError();
    const since = new Date(now.getTime() - cfg.noShowWindowDays * DAY);
    const units = await tx
      .selectDistinct({ unitId: events.unitId })
      .from(eventRegistrations)
      .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
      .innerJoin(events, eq(events.id, eventSessions.eventId))
      .where(
        and(
          eq(eventRegistrations.userId, userId),
          gt(eventRegistrations.noShowAt, since),
          sql`${eventRegistrations.noShowAt} > coalesce((select max(l.lifted_at) from event_no_show_lifts l where l.user_id = ${userId}), '-infinity'::timestamptz)`,
        ),
      );
    if (!units.length) throw new UserError("events.err.notSuspended", {}, undefined, 409);
    if (!units.some((x) => canManageUnit(actor, x.unitId))) throw new ForbiddenError();
    await tx.insert(eventNoShowLifts).values({ userId, liftedById: actor.id, reason, liftedAt: now });
    await recordAudit(tx, actor, { action: "events.noshow.lift", entityType: "user", entityId: userId, summary: { reason, units: units.map((x) => x.unitId) } }, now);
  });
}

/** After the session: every confirmed registration not checked in is a no-show. */
export async function markNoShows(db: Db, actor: Actor, sessionId: number, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const s = await lockSession(tx, sessionId);
    const e = await eventOf(tx, s.eventId);
    assertCanManageUnit(actor, e.unitId);
    if (now < s.endsAt) throw new UserError("events.err.notEnded");
    const marked = await tx
      .update(eventRegistrations)
      .set({ noShowAt: now })
      .where(
        and(
          eq(eventRegistrations.sessionId, s.id),
          eq(eventRegistrations.status, "confirmed"),
          sql`${eventRegistrations.checkedInAt} is null and ${eventRegistrations.noShowAt} is null`,
        ),
      )
      .returning({ id: eventRegistrations.id });
    await tx.update(eventSessions).set({ noShowsMarkedAt: now }).where(eq(eventSessions.id, s.id));
    await recordAudit(tx, actor, { action: "events.noshow.mark", entityType: "event_session", entityId: s.id, summary: { count: marked.length } }, now);
    return marked.length;
  });
}
