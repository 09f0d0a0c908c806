/** The door: single-use codes, accepted only while the session is happening. */
import { and, eq, isNotNull, sql, sum } from "drizzle-orm";
import type { Db } from "#db/index";
import { eventRegistrations, eventSessions } from "#db/schema";
import type { Actor } from "../context";
import { NotFoundError } from "../errors";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import { normalizeCode } from "./codes";
import { defaultEventsConfig, type EventsConfig } from "./config";
import { HOUR, assertRowId, eventOf, type Registration, type Session } from "./seats";

type CheckInRefusal = "notFound" | "otherSession" | "waitlisted" | "offered" | "cancelled" | "used" | "tooEarly" | "over";

export type CheckInResult =
  | { ok: true; registration: Registration; attendees: number }
  | { ok: false; reason: CheckInRefusal; registration?: Registration; attendees: number };

/** From when until when the door takes codes for this session. */
export function checkInWindow(s: Pick<Session, "startsAt" | "endsAt">, cfg: EventsConfig = defaultEventsConfig): { opens: Date; closes: Date } {
  return { opens: new Date(s.startsAt.getTime() - cfg.checkInOpensHours * HOUR), closes: new Date(s.endsAt.getTime() + cfg.checkInClosesHours * HOUR) };
}

export async function checkedInCount(db: Db, sessionId: number): Promise<number> {
  const [r] = await db
    .select({ n: sum(eventRegistrations.seats) })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.sessionId, sessionId), isNotNull(eventRegistrations.checkedInAt)));
  return Number(r?.n ?? 0);
}

/**
 * Single use: the conditional UPDATE lets only one scan win. Outside the
 * window the code is not even looked up, so a code cannot be tried out (or
 * spent) months before the session.
 */
export async function checkIn(db: Db, actor: Actor, sessionId: number, rawCode: string, now: Date, cfg: EventsConfig = defaultEventsConfig): Promise<CheckInResult> {
  assertRowId(sessionId);
  const [s] = await db.select().from(eventSessions).where(eq(eventSessions.id, sessionId));
  if (!s) throw new NotFoundError();
  const e = await eventOf(db, s.eventId);
  assertCanManageUnit(actor, e.unitId);
  const code = normalizeCode(rawCode);
  const window = checkInWindow(s, cfg);
  return db.transaction(async (tx) => {
    const early = now < window.opens;
    const late = now > window.closes;
    const [r] = code && !early && !late ? await tx.select().from(eventRegistrations).where(eq(eventRegistrations.code, code)) : [];
    const refuse = async (reason: CheckInRefusal): Promise<CheckInResult> => {
      await recordAudit(tx, actor, { action: "events.checkin.refused", entityType: "event_session", entityId: sessionId, summary: { reason, registrationId: r?.id ?? null } }, now);
      return { ok: false, reason, registration: r, attendees: await checkedInCount(tx, sessionId) };
    };
    if (early) return refuse("tooEarly");
    if (late) return refuse("over");
    if (!r) return refuse("notFound");
    if (r.sessionId !== sessionId) return refuse("otherSession");
    if (r.status === "waitlisted") return refuse("waitlisted");
    if (r.status === "offered") return refuse("offered");
    if (r.status !== "confirmed") return refuse("cancelled");
    const [done] = await tx
      .update(eventRegistrations)
      .set({ checkedInAt: now, checkedInById: actor.id, noShowAt: null })
      .where(and(eq(eventRegistrations.id, r.id), sql`${eventRegistrations.checkedInAt} is null`, eq(eventRegistrations.status, "confirmed")))
      .returning();
    if (!done) return refuse("used");
    await recordAudit(tx, actor, { action: "events.checkin", entityType: "event_registration", entityId: r.id, summary: { sessionId, seats: r.seats } }, now);
    return { ok: true, registration: done, attendees: await checkedInCount(tx, sessionId) };
  });
}
