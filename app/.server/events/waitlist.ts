/**
 * The waiting line and its rule for parties (docs/decisions/1501-open-month-order.md).
 *
 * Every request gets its place (`seq`) when it is accepted, under the session
 * lock. Seats are handed out in that order, and a party is served only whole:
 * free seats go to the earliest waiting request they fit, so a party too large
 * for what is free keeps its place while a later, smaller one that fits is
 * served. Registration applies the very same rule (a newcomer is the last in
 * line), so after every change no waiting party fits the free seats — nobody
 * is told to wait while seats are free for them, and nobody is served before
 * an earlier request those seats would have fitted.
 */
import { and, asc, count, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { eventRegistrations, eventSessions } from "#db/schema";
import { defaultEventsConfig, type EventsConfig } from "./config";
import { mailConfirmed, mailOffered } from "./mails";
import { HOUR, eventOf, lockSession, seatsLeft } from "./seats";
import { startRepeating } from "../repeat";

export async function waitingCount(tx: Db, sessionId: number): Promise<number> {
  const [r] = await tx
    .select({ n: count() })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.sessionId, sessionId), eq(eventRegistrations.status, "waitlisted")));
  return Number(r?.n ?? 0);
}

/**
 * The place in the waiting line of a waitlisted registration (1 = first), as
 * a column expression, so a list of registrations gets its places in the
 * same query. Spelled with the table name: drizzle leaves columns unqualified
 * in a one-table select, where they would bind to the inner `w`.
 */
export const waitingPosition = sql<number | null>`case when "event_registrations"."status" = 'waitlisted' then (
    select count(*)::int from event_registrations w
    where w.session_id = "event_registrations"."session_id" and w.status = 'waitlisted' and w.seq <= "event_registrations"."seq"
  ) end`.mapWith((v) => (v == null ? null : Number(v)));

/**
 * Serves the waitlist from the seats that are free, by the rule above. Far
 * from the start a freed seat is offered and held; close to it the waiting
 * resident is confirmed directly. Takes (or re-takes) the session lock.
 */
export async function serveWaitlist(tx: Db, sessionId: number, now: Date, cfg: EventsConfig): Promise<void> {
  let s = await lockSession(tx, sessionId);
  if (s.startsAt <= now) return;
  const e = await eventOf(tx, s.eventId);
  const auto = s.startsAt.getTime() - now.getTime() <= cfg.autoPromoteHours * HOUR;
  for (;;) {
    const free = seatsLeft(s);
    if (free <= 0) return;
    const [next] = await tx
      .select()
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.sessionId, s.id), eq(eventRegistrations.status, "waitlisted"), lte(eventRegistrations.seats, free)))
      .orderBy(asc(eventRegistrations.seq))
      .limit(1);
    if (!next) return;
    if (auto) {
      [s] = await tx
        .update(eventSessions)
        .set({ taken: sql`${eventSessions.taken} + ${next.seats}` })
        .where(eq(eventSessions.id, s.id))
        .returning();
      const [r] = await tx.update(eventRegistrations).set({ status: "confirmed", confirmedAt: now }).where(eq(eventRegistrations.id, next.id)).returning();
      await mailConfirmed(tx, e, s, r);
    } else {
      const hold = Math.min(now.getTime() + cfg.offerHoldHours * HOUR, s.startsAt.getTime());
      [s] = await tx
        .update(eventSessions)
        .set({ held: sql`${eventSessions.held} + ${next.seats}` })
        .where(eq(eventSessions.id, s.id))
        .returning();
      const [r] = await tx
        .update(eventRegistrations)
        .set({ status: "offered", offerExpiresAt: new Date(hold) })
        .where(eq(eventRegistrations.id, next.id))
        .returning();
      await mailOffered(tx, e, s, r);
    }
  }
}

/** Offers past their time pass on by the same rule. Locks the session. */
async function expireSessionOffers(tx: Db, sessionId: number, now: Date, cfg: EventsConfig): Promise<number> {
  await lockSession(tx, sessionId);
  const expired = await tx
    .update(eventRegistrations)
    .set({ status: "expired", cancelledAt: now })
    .where(and(eq(eventRegistrations.sessionId, sessionId), eq(eventRegistrations.status, "offered"), lte(eventRegistrations.offerExpiresAt, now)))
    .returning({ seats: eventRegistrations.seats });
  const freed = expired.reduce((a, r) => a + r.seats, 0);
  if (freed > 0) {
    await tx
      .update(eventSessions)
      .set({ held: sql`${eventSessions.held} - ${freed}` })
      .where(eq(eventSessions.id, sessionId));
  }
  await serveWaitlist(tx, sessionId, now, cfg);
  return expired.length;
}

/**
 * The periodic job (server worker) and the lazy check on read: expires
 * unaccepted offers, and serves waitlists where a waiting party fits the free
 * seats. One query finds the sessions that need it; each is then handled in
 * its own short transaction; safe to run on every instance at once.
 */
/** Whether a session has lapsed offers or a waiting party that fits its free seats: an SQL boolean. */
export function timersDue(sessionId: number, now: Date) {
  const at = now.toISOString();
  return sql`exists (select 1 from event_registrations r join event_sessions es on es.id = r.session_id
    where r.session_id = ${sessionId} and ((r.status = 'offered' and r.offer_expires_at <= ${at}::timestamptz)
      or (r.status = 'waitlisted' and r.seats <= es.capacity - es.taken - es.held and es.starts_at > ${at}::timestamptz)))`;
}

export async function processEventTimers(
  db: Db,
  now: Date,
  cfg: EventsConfig = defaultEventsConfig,
  sessionIds?: number | number[],
): Promise<{ expired: number }> {
  const only = sessionIds == null ? null : Array.isArray(sessionIds) ? sessionIds : [sessionIds];
  if (only && !only.length) return { expired: 0 };
  const at = now.toISOString();
  const due = await db
    .selectDistinct({ id: eventRegistrations.sessionId })
    .from(eventRegistrations)
    .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
    .where(
      and(
        only ? inArray(eventRegistrations.sessionId, only) : undefined,
        sql`((${eventRegistrations.status} = 'offered' and ${eventRegistrations.offerExpiresAt} <= ${at}::timestamptz)
          or (${eventRegistrations.status} = 'waitlisted'
              and ${eventRegistrations.seats} <= ${eventSessions.capacity} - ${eventSessions.taken} - ${eventSessions.held}
              and ${eventSessions.startsAt} > ${at}::timestamptz))`,
      ),
    );
  let expired = 0;
  for (const { id } of due) expired += await db.transaction((tx) => expireSessionOffers(tx, id, now, cfg));
  return { expired };
}

/** Polls processEventTimers until stopped; one per app process (server/index.ts). */
export function startEventsWorker(db: Db, cfg: EventsConfig = defaultEventsConfig, onError: (e: unknown) => void = (e) => console.error("events:", e)): () => void {
  return startRepeating(() => processEventTimers(db, new Date(), cfg), { firstMs: 1000, intervalMs: cfg.timerIntervalMs, onError });
}
