/**
 * The session row and its seats. Every change to a session's seats or to its
 * order of acceptance happens in a transaction that first locks the session
 * row (SELECT … FOR UPDATE), so the decision and the write are one atomic
 * step on one app instance or many; the CHECK (taken + held <= capacity) on
 * the row is the backstop.
 */
import { eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { eventSessions, events, type eventRegistrations } from "#db/schema";
import { NotFoundError } from "../errors";

export type Registration = typeof eventRegistrations.$inferSelect;
export type Session = typeof eventSessions.$inferSelect;
export type EventRow = typeof events.$inferSelect;

export const ACTIVE = ["confirmed", "waitlisted", "offered"] as const;
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** Whether a number can name a row (a positive int4); anything else would make the database refuse the query. */
export function isRowId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= 2_147_483_647;
}

/** An id a client sent that cannot name a row is simply not found, never a database error. */
export function assertRowId(id: number): void {
  if (!isRowId(id)) throw new NotFoundError();
}

export async function lockSession(tx: Db, sessionId: number): Promise<Session> {
  assertRowId(sessionId);
  const [s] = await tx.select().from(eventSessions).where(eq(eventSessions.id, sessionId)).for("update");
  if (!s) throw new NotFoundError();
  return s;
}

export async function eventOf(tx: Db, eventId: number): Promise<EventRow> {
  const [e] = await tx.select().from(events).where(eq(events.id, eventId));
  if (!e) throw new NotFoundError();
  return e;
}

/** Seats nobody holds: neither confirmed nor held for an offer. */
export function seatsLeft(s: Pick<Session, "capacity" | "taken" | "held">): number {
  return Math.max(0, s.capacity - s.taken - s.held);
}
