/**
 * Registration, offers and cancellation for one session (场次).
 *
 * Two guarantees: a session is never oversold (seats.ts), and requests are
 * served in the order the server accepted them, by the party rule of
 * waitlist.ts. A request's place (`seq`) and its accepted-at time are fixed in
 * the same statement, under the same session lock, that decides seat or
 * waitlist; every later step and every page uses that order.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { pgError, rows, ts } from "#db/index";
import { eventRegistrations, eventSessions, events } from "#db/schema";
import type { Actor } from "../context";
import { UserError, NotFoundError } from "../errors";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import { newCode } from "./codes";
import { defaultEventsConfig, type EventsConfig } from "./config";
import { asLang, type Lang } from "~/i18n/messages";
import { enqueueMail } from "../notify/outbox";
import { confirmedMail, mailConfirmed, waitlistedMail } from "./mails";
import { noShowColumns, noShowFromColumns } from "./noshow";
import { ACTIVE, assertRowId, eventOf, lockSession, seatsLeft, type EventRow, type Registration, type Session } from "./seats";
import { formatDateTime, inBoth } from "~/lib/dates";
import { processEventTimers, serveWaitlist, timersDue, waitingPosition } from "./waitlist";

interface NewRegistration {
  sessionId: number;
  userId: number | null;
  contactName: string;
  contactPhone?: string | null;
  contactEmail?: string | null;
  seats: number;
  attendeeNames: string[];
  channel: "web" | "hotline";
  createdById?: number | null;
}

/** What placing a request decided, fixed under the lock. */
export interface Placed extends Registration {
  /** Place in the waiting line at acceptance (the one its mail states); null when confirmed. */
  positionAtAcceptance: number | null;
}

/**
 * Registers or waitlists, atomically, by the party rule (waitlist.ts).
 *
 * In a rush every registration for a session queues on its row lock, so the
 * lock is held as briefly as possible: the id, the code and both possible
 * mails are prepared first; under the lock there is one statement that hands
 * out the next place, decides, takes the seats, stores the registration and
 * queues its mail, then the commit. (The decision needs a statement of its own
 * after the lock: a statement that waits for a row lock keeps the snapshot it
 * started with and would miss rows committed meanwhile.)
 */
async function placeRegistration(tx: Db, { s, e, nextId }: Placement, input: NewRegistration, now: Date, cfg: EventsConfig, lang: Lang): Promise<Placed> {
  if (!Number.isInteger(input.seats) || input.seats < 1 || input.seats > s.maxSeatsPerRegistration) {
    throw new UserError("events.err.seats", { max: s.maxSeatsPerRegistration }, "seats");
  }
  const row: Registration = {
    id: nextId,
    sessionId: s.id,
    userId: input.userId,
    contactName: input.contactName,
    contactPhone: input.contactPhone ?? null,
    contactEmail: input.contactEmail ?? null,
    seats: input.seats,
    attendeeNames: input.attendeeNames,
    status: "confirmed",
    channel: input.channel,
    createdById: input.createdById ?? null,
    code: newCode(),
    seq: 0,
    waitlistedAt: null,
    offerExpiresAt: null,
    confirmedAt: now,
    cancelledAt: null,
    checkedInAt: null,
    checkedInById: null,
    noShowAt: null,
    createdAt: now,
  };
  // The waitlist position is known only under the lock; the statement puts it in.
  const slot = `⟦${crypto.randomUUID()}⟧`;
  // A session that looked full before the lock almost never has a seat under it: skip
  // rendering the confirmation (its calendar file is the costly part) and render it late in that rare case.
  const ifConfirmed = seatsLeft(s) >= row.seats ? confirmedMail(lang, e, s, row) : null;
  const ifWaitlisted = waitlistedMail(lang, e, s, row, slot);
  await lockSession(tx, s.id);
  let placed: { status: Registration["status"]; seq: number; at: string; waiting: number; fits: boolean } | undefined;
  try {
    [placed] = await rows(
      tx,
      sql`with d as (
            select es.capacity - es.taken - es.held as free,
              (select count(*)::int from event_registrations where session_id = ${s.id} and status = 'waitlisted') as waiting,
              -- Only if a change forgot to serve the line can a waiting party fit the free seats; then it goes first.
              exists (select 1 from event_registrations where session_id = ${s.id} and status = 'waitlisted'
                      and seats <= es.capacity - es.taken - es.held) as fits,
              -- Accepted-at never runs backwards along the order, whatever the instances' clocks say.
              greatest(${ts(now)}::timestamptz,
                coalesce((select created_at from event_registrations where session_id = ${s.id} order by seq desc limit 1), ${ts(now)}::timestamptz)) as at
            from event_sessions es where es.id = ${s.id}
          ), c as (
            select d.*, (d.free >= ${row.seats} and not d.fits) as confirm from d
          ), u as (
            update event_sessions
            set accepted = accepted + 1, taken = taken + case when (select confirm from c) then ${row.seats} else 0 end
            where id = ${s.id} returning accepted
          ), r as (
            insert into event_registrations (id, session_id, user_id, contact_name, contact_phone, contact_email, seats,
              attendee_names, status, channel, created_by_id, code, seq, waitlisted_at, confirmed_at, created_at)
            overriding system value
            select ${row.id}, ${s.id}, ${row.userId}, ${row.contactName}, ${row.contactPhone}, ${row.contactEmail}, ${row.seats},
              ${JSON.stringify(row.attendeeNames)}::jsonb,
              (case when c.confirm then 'confirmed' else 'waitlisted' end)::event_registration_status,
              ${row.channel}::event_registration_channel, ${row.createdById}, ${row.code}, u.accepted,
              case when c.confirm then null else c.at end, case when c.confirm then c.at else null end, c.at
            from c, u returning status, seq, created_at
          ), m as (
            insert into outbox ("to", subject, text, attachments)
            select ${row.contactEmail},
              case when c.confirm then ${ifConfirmed?.subject ?? ""} else ${ifWaitlisted?.subject ?? ""} end,
              case when c.confirm then ${ifConfirmed?.text ?? ""} else replace(${ifWaitlisted?.text ?? ""}, ${slot}, (c.waiting + 1)::text) end,
              case when c.confirm then ${JSON.stringify(ifConfirmed?.attachments ?? null)}::jsonb else null end
            from c where ${row.contactEmail}::text is not null and (not c.confirm or ${ifConfirmed != null}) and not c.fits
          )
          select r.status, r.seq, r.created_at as at, c.waiting, c.fits from r, c`,
    );
  } catch (err) {
    const pe = pgError(err);
    if (pe?.code === "23505") throw new UserError("events.err.already", {}, undefined, 409);
    throw err;
  }
  if (!placed) throw new NotFoundError();
  const at = new Date(placed.at);
  const seq = Number(placed.seq);
  if (placed.status === "confirmed") {
    const done = { ...row, seq, confirmedAt: at, createdAt: at };
    if (!ifConfirmed) await mailConfirmed(tx, e, s, done, lang);
    return { ...done, positionAtAcceptance: null };
  }
  if (placed.fits) {
    // The rare repair: serve the line (newcomer included, last) by the rule, then report what it got.
    await serveWaitlist(tx, s.id, now, cfg);
    const [cur] = await tx.select({ r: eventRegistrations, position: waitingPosition }).from(eventRegistrations).where(eq(eventRegistrations.id, row.id));
    // Confirmed or offered, serveWaitlist has mailed it; still waiting, it gets the waitlist mail now.
    const mail = cur.r.status === "waitlisted" ? waitlistedMail(lang, e, s, cur.r, String(cur.position)) : null;
    if (mail) await enqueueMail(tx, mail);
    return { ...cur.r, positionAtAcceptance: cur.position };
  }
  return { ...row, seq, status: "waitlisted", confirmedAt: null, waitlistedAt: at, createdAt: at, positionAtAcceptance: Number(placed.waiting) + 1 };
}

interface Placement {
  s: Session;
  e: EventRow;
  /** The id the new registration will have, drawn before the lock so its mail can name it. */
  nextId: number;
}

/** The session and its event, read (not locked) in one round trip before a registration is placed. */
async function placement(tx: Db, sessionId: number): Promise<Placement> {
  assertRowId(sessionId);
  const [x] = await tx
    .select({ s: eventSessions, e: events, nextId: sql<string>`nextval(pg_get_serial_sequence('event_registrations', 'id'))` })
    .from(eventSessions)
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .where(eq(eventSessions.id, sessionId));
  if (!x) throw new NotFoundError();
  return { s: x.s, e: x.e, nextId: Number(x.nextId) };
}

export interface ResidentRegisterInput {
  sessionId: number;
  seats: number;
  attendeeNames: string[];
  phone?: string | null;
}

function assertOpen(s: Session, e: EventRow, now: Date): void {
  if (e.status !== "published") throw new NotFoundError();
  if (now < s.registrationOpensAt) throw new UserError("events.err.notOpen");
  if (now >= s.registrationClosesAt || now >= s.startsAt) throw new UserError("events.err.closed");
}

export async function registerResident(
  db: Db,
  user: { id: number },
  input: ResidentRegisterInput,
  now: Date,
  cfg: EventsConfig = defaultEventsConfig,
): Promise<Placed> {
  assertRowId(input.sessionId);
  const names = input.attendeeNames.map((n) => n.trim()).filter(Boolean);
  if (names.length !== input.seats) throw new UserError("events.err.names", { n: input.seats }, "attendeeNames");
  // The account, its no-show status and whether the session's timers are due, in one round trip: every query here is paid for each request of a rush.
  const [u] = await rows<{ id: number; display_name: string; email: string; phone: string | null; lang: string; no_shows: number; last_no_show: string | null; due: boolean }>(
    db,
    sql`select u.id, u.display_name, u.email, u.phone, u.lang, ${noShowColumns(user.id, now, cfg)}, ${timersDue(input.sessionId, now)} as due
        from users u where u.id = ${user.id}`,
  );
  if (!u) throw new NotFoundError();
  const ns = noShowFromColumns(u, now, cfg);
  if (ns.suspendedUntil) throw new UserError("events.err.suspended", { until: inBoth((l) => formatDateTime(ns.suspendedUntil!, l)) }, undefined, 403);
  if (u.due) await processEventTimers(db, now, cfg, input.sessionId);
  return db.transaction(async (tx) => {
    const p = await placement(tx, input.sessionId);
    assertOpen(p.s, p.e, now);
    return placeRegistration(
      tx,
      p,
      {
        sessionId: input.sessionId,
        userId: Number(u.id),
        contactName: u.display_name,
        contactEmail: u.email,
        contactPhone: input.phone ?? u.phone ?? null,
        seats: input.seats,
        attendeeNames: names,
        channel: "web",
      },
      now,
      cfg,
      asLang(u.lang),
    );
  });
}

/** Staff register a resident who phoned in (12345 hotline); same capacity, same order, audited. */
export async function registerOnBehalf(
  db: Db,
  actor: Actor,
  input: { sessionId: number; contactName: string; contactPhone: string; contactEmail?: string | null; seats: number; attendeeNames: string[] },
  now: Date,
  cfg: EventsConfig = defaultEventsConfig,
): Promise<Placed> {
  return db.transaction(async (tx) => {
    const p = await placement(tx, input.sessionId);
    const { s } = p;
    assertCanManageUnit(actor, p.e.unitId);
    if (now >= s.startsAt) throw new UserError("events.err.closed");
    const names = input.attendeeNames.map((n) => n.trim()).filter(Boolean);
    const reg = await placeRegistration(
      tx,
      p,
      {
        sessionId: s.id,
        userId: null,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        contactEmail: input.contactEmail ?? null,
        seats: input.seats,
        attendeeNames: names.length ? names : [input.contactName],
        channel: "hotline",
        createdById: actor.id,
      },
      now,
      cfg,
      // A caller without an account gets Chinese, the district's language.
      "zh",
    );
    await recordAudit(
      tx,
      actor,
      { action: "events.registration.on_behalf", entityType: "event_registration", entityId: reg.id, summary: { sessionId: s.id, seats: reg.seats, status: reg.status, seq: reg.seq } },
      now,
    );
    return reg;
  });
}

/** Cancel (confirmed, waitlisted) or decline (offered); freed seats go to the waitlist. */
export async function cancelRegistration(
  db: Db,
  user: { id: number },
  registrationId: number,
  now: Date,
  cfg: EventsConfig = defaultEventsConfig,
  staff?: Actor,
): Promise<Registration> {
  assertRowId(registrationId);
  return db.transaction(async (tx) => {
    const [pre] = await tx.select().from(eventRegistrations).where(eq(eventRegistrations.id, registrationId));
    if (!pre || (!staff && pre.userId !== user.id)) throw new NotFoundError();
    const s = await lockSession(tx, pre.sessionId);
    const e = await eventOf(tx, s.eventId);
    if (staff) assertCanManageUnit(staff, e.unitId);
    // Re-read under the session lock: the status may have moved meanwhile.
    const [cur] = await tx.select().from(eventRegistrations).where(eq(eventRegistrations.id, pre.id));
    if (!(ACTIVE as readonly string[]).includes(cur.status)) throw new UserError("events.err.notActive");
    if (cur.status === "confirmed" && !staff && now >= s.cancelDeadline) throw new UserError("events.err.cancelDeadline");
    if (cur.checkedInAt) throw new UserError("events.err.notActive");
    const [done] = await tx
      .update(eventRegistrations)
      .set({ status: "cancelled", cancelledAt: now })
      .where(eq(eventRegistrations.id, cur.id))
      .returning();
    if (cur.status === "confirmed") {
      await tx.update(eventSessions).set({ taken: sql`${eventSessions.taken} - ${cur.seats}` }).where(eq(eventSessions.id, s.id));
    } else if (cur.status === "offered") {
      await tx.update(eventSessions).set({ held: sql`${eventSessions.held} - ${cur.seats}` }).where(eq(eventSessions.id, s.id));
    }
    await serveWaitlist(tx, s.id, now, cfg);
    if (staff) {
      await recordAudit(tx, staff, { action: "events.registration.cancel", entityType: "event_registration", entityId: cur.id, summary: { sessionId: s.id, was: cur.status } }, now);
    }
    return done;
  });
}

/** The resident an offer was made to takes the held seats. */
export async function acceptOffer(db: Db, user: { id: number }, registrationId: number, now: Date, cfg: EventsConfig = defaultEventsConfig): Promise<Registration> {
  assertRowId(registrationId);
  const [pre] = await db.select().from(eventRegistrations).where(eq(eventRegistrations.id, registrationId));
  if (!pre || pre.userId !== user.id) throw new NotFoundError();
  await processEventTimers(db, now, cfg, pre.sessionId);
  return db.transaction(async (tx) => {
    const s = await lockSession(tx, pre.sessionId);
    const [r] = await tx.select().from(eventRegistrations).where(eq(eventRegistrations.id, registrationId));
    if (r.status !== "offered" || !r.offerExpiresAt || r.offerExpiresAt <= now) throw new UserError("events.err.offerGone");
    const [s2] = await tx
      .update(eventSessions)
      .set({ held: sql`${eventSessions.held} - ${r.seats}`, taken: sql`${eventSessions.taken} + ${r.seats}` })
      .where(eq(eventSessions.id, s.id))
      .returning();
    const [done] = await tx
      .update(eventRegistrations)
      .set({ status: "confirmed", confirmedAt: now, offerExpiresAt: null })
      .where(eq(eventRegistrations.id, r.id))
      .returning();
    await mailConfirmed(tx, await eventOf(tx, s.eventId), s2, done);
    return done;
  });
}

/**
 * A resident's registrations with their current waiting places, in a fixed
 * number of queries however many there are: one to find the sessions whose
 * timers may be due, the timers for those, and one read with the places.
 */
export async function myRegistrations(db: Db, userId: number, now: Date, cfg: EventsConfig = defaultEventsConfig) {
  const pending = await db
    .selectDistinct({ id: eventRegistrations.sessionId })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.userId, userId), inArray(eventRegistrations.status, ["offered", "waitlisted"])));
  await processEventTimers(db, now, cfg, pending.map((p) => p.id));
  return db
    .select({ r: eventRegistrations, s: eventSessions, e: events, position: waitingPosition })
    .from(eventRegistrations)
    .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .where(eq(eventRegistrations.userId, userId))
    .orderBy(asc(eventSessions.startsAt), asc(eventRegistrations.id));
}

export async function setCapacity(db: Db, actor: Actor, sessionId: number, capacity: number, now: Date, cfg: EventsConfig = defaultEventsConfig): Promise<Session> {
  return db.transaction(async (tx) => {
    const s = await lockSession(tx, sessionId);
    const e = await eventOf(tx, s.eventId);
    assertCanManageUnit(actor, e.unitId);
    if (capacity < s.taken + s.held) throw new UserError("events.err.capacityBelow", { n: s.taken + s.held }, "capacity");
    await tx.update(eventSessions).set({ capacity }).where(eq(eventSessions.id, s.id));
    await serveWaitlist(tx, s.id, now, cfg);
    await recordAudit(tx, actor, { action: "events.session.capacity", entityType: "event_session", entityId: s.id, summary: { from: s.capacity, to: capacity } }, now);
    const [out] = await tx.select().from(eventSessions).where(eq(eventSessions.id, s.id));
    return out;
  });
}

/** A session's registrations in the order of acceptance, each waiting one with its place in line. */
export async function sessionRegistrations(db: Db, sessionId: number) {
  assertRowId(sessionId);
  const list = await db
    .select({
      r: eventRegistrations,
      position: sql<number | null>`case when ${eventRegistrations.status} = 'waitlisted'
        then count(*) filter (where ${eventRegistrations.status} = 'waitlisted') over (order by ${eventRegistrations.seq}) end`.mapWith((v) => (v == null ? null : Number(v))),
    })
    .from(eventRegistrations)
    .where(eq(eventRegistrations.sessionId, sessionId))
    .orderBy(asc(eventRegistrations.seq));
  return list.map((x) => ({ ...x.r, position: x.position }));
}

export async function activeRegistrationsOf(db: Db, userId: number, sessionIds: number[]) {
  if (!sessionIds.length) return [];
  return db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.userId, userId), inArray(eventRegistrations.sessionId, sessionIds), inArray(eventRegistrations.status, [...ACTIVE])));
}
