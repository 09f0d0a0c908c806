/** Events and sessions: staff create them, the public browses them. */
import { and, asc, desc, eq, inArray, isNotNull, lte, sql, sum } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { eventRegistrations, eventSessions, events, units } from "#db/schema";
import type { Actor } from "../context";
import { NotFoundError, UserError } from "../errors";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import { optionalText, text } from "../forms";
import { isRowId, seatsLeft } from "./seats";
import { shanghai, shanghaiDay } from "./time";

const ACTIVITIES = ["qa", "symposium", "experience", "questionnaire"] as const;
export const AREAS = ["陆家嘴", "张江", "金桥", "外高桥", "川沙", "周浦", "惠南", "临港", "世博", "花木"] as const;

export const eventSchema = z.object({
  // A title is one line: it heads pages, calendar entries and mail subjects.
  title: text(200).transform((s) => s.replace(/\s+/g, " ")),
  host: text(200),
  theme: text(100),
  area: z.enum(AREAS, { error: "err.required" }),
  venue: text(200),
  address: text(300),
  directions: optionalText(1000),
  description: text(5000),
  activities: z
    .union([z.enum(ACTIVITIES), z.array(z.enum(ACTIVITIES))])
    .optional()
    .transform((v) => (v == null ? [] : Array.isArray(v) ? v : [v])),
  accessibility: optionalText(1000),
  ageLimit: optionalText(200),
  bring: optionalText(500),
});
export type EventInput = z.output<typeof eventSchema>;

/** Every change the public sees raises the calendar SEQUENCE and LAST-MODIFIED of the event's sessions. */
function publicChange(now: Date) {
  return { updatedAt: now, sequence: sql`${events.sequence} + 1` };
}

export async function createEvent(db: Db, actor: Actor, unitId: number, year: number, input: EventInput, now: Date) {
  assertCanManageUnit(actor, unitId);
  return db.transaction(async (tx) => {
    // The admin picks the unit in the form; a missing or made-up one is a form error, not a database one.
    const [unit] = isRowId(unitId) ? await tx.select({ id: units.id }).from(units).where(eq(units.id, unitId)) : [];
    if (!unit) throw new UserError("events.err.unit", {}, "unitId");
    const [e] = await tx.insert(events).values({ ...input, unitId, year, status: "draft", updatedAt: now }).returning();
    await recordAudit(tx, actor, { action: "events.event.create", entityType: "event", entityId: e.id, summary: { title: e.title } }, now);
    return e;
  });
}

export async function updateEvent(db: Db, actor: Actor, eventId: number, input: EventInput, now: Date) {
  return db.transaction(async (tx) => {
    const e = await getEventRow(tx, eventId);
    assertCanManageUnit(actor, e.unitId);
    const [out] = await tx
      .update(events)
      .set({ ...input, ...publicChange(now) })
      .where(eq(events.id, eventId))
      .returning();
    await recordAudit(tx, actor, { action: "events.event.update", entityType: "event", entityId: e.id, summary: { title: out.title } }, now);
    return out;
  });
}

export async function setEventStatus(db: Db, actor: Actor, eventId: number, status: "draft" | "published" | "cancelled", now: Date) {
  return db.transaction(async (tx) => {
    const e = await getEventRow(tx, eventId);
    assertCanManageUnit(actor, e.unitId);
    await tx.update(events).set({ status, ...publicChange(now) }).where(eq(events.id, eventId));
    await recordAudit(tx, actor, { action: `events.event.${status}`, entityType: "event", entityId: e.id, summary: { from: e.status } }, now);
  });
}

export const sessionSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "err.required" }),
    start: z.string().regex(/^\d{2}:\d{2}$/, { error: "err.required" }),
    end: z.string().regex(/^\d{2}:\d{2}$/, { error: "err.required" }),
    capacity: z.coerce.number().int().min(1).max(10000),
    maxSeats: z.coerce.number().int().min(1).max(20),
    opensDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "err.required" }),
    closesHoursBefore: z.coerce.number().int().min(0).max(720).default(24),
    cancelHoursBefore: z.coerce.number().int().min(0).max(720).default(24),
  })
  .refine((v) => v.end > v.start, { error: "events.err.times", path: ["end"] });
export type SessionInput = z.output<typeof sessionSchema>;

function parts(date: string, time: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [h, min] = time.split(":").map(Number);
  return shanghai(y, m, d, h, min);
}

function sessionValues(input: SessionInput) {
  const startsAt = parts(input.date, input.start);
  return {
    startsAt,
    endsAt: parts(input.date, input.end),
    capacity: input.capacity,
    maxSeatsPerRegistration: input.maxSeats,
    registrationOpensAt: parts(input.opensDate, "00:00"),
    registrationClosesAt: new Date(startsAt.getTime() - input.closesHoursBefore * 3600_000),
    cancelDeadline: new Date(startsAt.getTime() - input.cancelHoursBefore * 3600_000),
  };
}

export async function addSession(db: Db, actor: Actor, eventId: number, input: SessionInput, now: Date) {
  return db.transaction(async (tx) => {
    const e = await getEventRow(tx, eventId);
    assertCanManageUnit(actor, e.unitId);
    const [s] = await tx.insert(eventSessions).values({ eventId, ...sessionValues(input) }).returning();
    await recordAudit(tx, actor, { action: "events.session.create", entityType: "event_session", entityId: s.id, summary: { eventId, startsAt: s.startsAt.toISOString(), capacity: s.capacity } }, now);
    return s;
  });
}

export async function getEventRow(db: Db, eventId: number) {
  const [e] = await db.select().from(events).where(eq(events.id, eventId));
  if (!e) throw new NotFoundError();
  return e;
}

export async function getSession(db: Db, sessionId: number) {
  const [s] = await db.select().from(eventSessions).where(eq(eventSessions.id, sessionId));
  if (!s) throw new NotFoundError();
  return s;
}

export interface EventFilter {
  year: number;
  date?: string | null;
  area?: string | null;
  unit?: string | null;
  theme?: string | null;
  seatsLeft?: boolean;
}

export async function listPublicEvents(db: Db, f: EventFilter) {
  const list = await db
    .select({ e: events, unit: units })
    .from(events)
    .innerJoin(units, eq(units.id, events.unitId))
    .where(
      and(
        eq(events.year, f.year),
        eq(events.status, "published"),
        f.area ? eq(events.area, f.area) : undefined,
        f.unit ? eq(units.slug, f.unit) : undefined,
        f.theme ? eq(events.theme, f.theme) : undefined,
      ),
    )
    .orderBy(asc(events.id));
  const ids = list.map((x) => x.e.id);
  const sessions = ids.length
    ? await db.select().from(eventSessions).where(inArray(eventSessions.eventId, ids)).orderBy(asc(eventSessions.startsAt))
    : [];
  const waiting = await waitingBySession(db, sessions.map((s) => s.id));
  const out = list
    .map((x) => {
      const ss = sessions
        .filter((s) => s.eventId === x.e.id)
        .map((s) => ({ ...s, seatsLeft: seatsLeft(s), waiting: waiting.get(s.id) ?? 0 }));
      return { ...x, sessions: ss };
    })
    .filter((x) => x.sessions.length > 0)
    .filter((x) => {
      if (f.date) {
        const [y, m, d] = f.date.split("-").map(Number);
        if (!x.sessions.some((s) => { const p = shanghaiDay(s.startsAt); return p.y === y && p.m === m && p.d === d; })) return false;
      }
      if (f.seatsLeft && !x.sessions.some((s) => s.seatsLeft > 0)) return false;
      return true;
    });
  out.sort((a, b) => a.sessions[0].startsAt.getTime() - b.sessions[0].startsAt.getTime());
  return out;
}

async function waitingBySession(db: Db, sessionIds: number[]): Promise<Map<number, number>> {
  if (!sessionIds.length) return new Map();
  const r = await db
    .select({ id: eventRegistrations.sessionId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(eventRegistrations)
    .where(and(inArray(eventRegistrations.sessionId, sessionIds), eq(eventRegistrations.status, "waitlisted")))
    .groupBy(eventRegistrations.sessionId);
  return new Map(r.map((x) => [x.id, x.n]));
}

export async function getPublicEvent(db: Db, eventId: number) {
  const [x] = await db.select({ e: events, unit: units }).from(events).innerJoin(units, eq(units.id, events.unitId)).where(eq(events.id, eventId));
  if (!x || x.e.status === "draft") throw new NotFoundError();
  const sessions = await db.select().from(eventSessions).where(eq(eventSessions.eventId, eventId)).orderBy(asc(eventSessions.startsAt));
  const waiting = await waitingBySession(db, sessions.map((s) => s.id));
  return { ...x, sessions: sessions.map((s) => ({ ...s, seatsLeft: seatsLeft(s), waiting: waiting.get(s.id) ?? 0 })) };
}

/** Distinct values for the filters. */
export async function filterOptions(db: Db, year: number) {
  const list = await db
    .select({ theme: events.theme, area: events.area, slug: units.slug, nameZh: units.nameZh, nameEn: units.nameEn })
    .from(events)
    .innerJoin(units, eq(units.id, events.unitId))
    .where(and(eq(events.year, year), eq(events.status, "published")));
  const uniq = <T,>(a: T[]) => [...new Set(a)].sort();
  const unitMap = new Map(list.map((u) => [u.slug, { slug: u.slug, nameZh: u.nameZh, nameEn: u.nameEn }]));
  return { themes: uniq(list.map((x) => x.theme)), areas: uniq(list.map((x) => x.area)), units: [...unitMap.values()] };
}

/**
 * Years that have published events, newest first, with attendance figures.
 * Attendance counts only sessions that have taken place (started by `now`):
 * a check-in for a session still to come is not an attendance.
 */
export async function yearSummaries(db: Db, now: Date = new Date()) {
  const r = await db
    .select({
      year: events.year,
      events: sql<number>`count(distinct ${events.id})`.mapWith(Number),
      sessions: sql<number>`count(distinct ${eventSessions.id})`.mapWith(Number),
      capacity: sql<number>`coalesce(sum(${eventSessions.capacity}), 0)`.mapWith(Number),
    })
    .from(events)
    .innerJoin(eventSessions, eq(eventSessions.eventId, events.id))
    .where(eq(events.status, "published"))
    .groupBy(events.year)
    .orderBy(desc(events.year));
  const att = await db
    .select({ year: events.year, n: sum(eventRegistrations.seats).mapWith(Number) })
    .from(eventRegistrations)
    .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .where(and(isNotNull(eventRegistrations.checkedInAt), eq(events.status, "published"), lte(eventSessions.startsAt, now)))
    .groupBy(events.year);
  const m = new Map(att.map((a) => [a.year, a.n]));
  return r.map((x) => ({ ...x, attended: m.get(x.year) ?? 0 }));
}

/** Per-event attendance (checked-in seats of sessions that took place) for a past year. */
export async function attendanceByEvent(db: Db, year: number, now: Date = new Date()) {
  return db
    .select({
      id: events.id,
      title: events.title,
      host: events.host,
      capacity: sql<number>`(select coalesce(sum(capacity),0) from event_sessions where event_id = "events"."id")`.mapWith(Number),
      attended: sql<number>`(select coalesce(sum(r.seats),0) from event_registrations r join event_sessions s on s.id = r.session_id where s.event_id = "events"."id" and r.checked_in_at is not null and s.starts_at <= ${now.toISOString()}::timestamptz)`.mapWith(Number),
    })
    .from(events)
    .where(and(eq(events.year, year), eq(events.status, "published")))
    .orderBy(asc(events.id));
}

export async function unitEvents(db: Db, actor: Actor, unitId: number | null) {
  const where = actor.role === "admin" && unitId == null ? undefined : eq(events.unitId, unitId ?? -1);
  const list = await db.select().from(events).where(where).orderBy(desc(events.year), asc(events.id));
  const sessions = list.length ? await db.select().from(eventSessions).where(inArray(eventSessions.eventId, list.map((e) => e.id))).orderBy(asc(eventSessions.startsAt)) : [];
  return list.map((e) => ({ ...e, sessions: sessions.filter((s) => s.eventId === e.id) }));
}
