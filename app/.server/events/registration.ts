/**
 * Registration, waitlist, offers and cancellation for one session (场次).
 *
 * The guarantee: a session is never oversold, on one or many app instances.
 * Every change to a session's seats happens inside a transaction that first
 * locks the session row (SELECT … FOR UPDATE), so the seat check and the write
 * are one atomic step; the CHECK (taken + held <= capacity) on the row is the
 * backstop. Waiting entries are served first: while anyone waits, a newcomer
 * joins the waitlist; freed seats are offered (held) to the first in line.
 */
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { and, asc, count, eq, gt, inArray, isNotNull, lte, sql, sum } from "drizzle-orm";
import type { Db } from "#db/index";
import { pgError, rows, ts } from "#db/index";
import { eventNoShowLifts, eventRegistrations, eventSessions, events, users } from "#db/schema";
import type { Actor } from "../context";
import { UserError, NotFoundError, ForbiddenError } from "../errors";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import { enqueueMail, type Mail } from "../notify/outbox";
import { defaultEventsConfig, type EventsConfig } from "./config";
import { buildIcs } from "./ics";
import { formatSessionTime } from "./time";

export type Registration = typeof eventRegistrations.$inferSelect;
export type Session = typeof eventSessions.$inferSelect;
export type EventRow = typeof events.$inferSelect;

const ACTIVE = ["confirmed", "waitlisted", "offered"] as const;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** 80 random bits, base32 (16 characters). */
export function newCode(): string {
  return encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
}

/** What a person typed or scanned → the stored form. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z2-7]/g, "");
}

export function displayCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

import { publicUrl } from "../urls";

async function lockSession(tx: Db, sessionId: number): Promise<Session> {
  const [s] = await tx.select().from(eventSessions).where(eq(eventSessions.id, sessionId)).for("update");
  if (!s) throw new NotFoundError();
  return s;
}

async function eventOf(tx: Db, eventId: number): Promise<EventRow> {
  const [e] = await tx.select().from(events).where(eq(events.id, eventId));
  if (!e) throw new NotFoundError();
  return e;
}

export function seatsLeft(s: Pick<Session, "capacity" | "taken" | "held">): number {
  return Math.max(0, s.capacity - s.taken - s.held);
}

export async function waitingCount(tx: Db, sessionId: number): Promise<number> {
  const [r] = await tx
    .select({ n: count() })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.sessionId, sessionId), eq(eventRegistrations.status, "waitlisted")));
  return Number(r?.n ?? 0);
}

// ---------------------------------------------------------------- mails

function sessionLine(e: EventRow, s: Session): string {
  return `${e.title}\n${formatSessionTime(s.startsAt, s.endsAt, "zh")}\n${e.venue}（${e.address}）`;
}

function confirmationIcs(e: EventRow, s: Session, r: Registration): string {
  return buildIcs([
    {
      uid: `registration-${r.id}@canyu.pudong`,
      title: e.title,
      description: `确认码 Confirmation code: ${displayCode(r.code)}`,
      location: `${e.venue} ${e.address}`,
      start: s.startsAt,
      end: s.endsAt,
    },
  ]);
}

/** The .ics of one of the user's confirmed registrations, or null. */
export async function registrationIcs(db: Db, userId: number, registrationId: number): Promise<string | null> {
  if (!Number.isInteger(registrationId)) return null;
  const [x] = await db
    .select({ r: eventRegistrations, s: eventSessions, e: events })
    .from(eventRegistrations)
    .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .where(eq(eventRegistrations.id, registrationId));
  if (!x || x.r.userId !== userId || x.r.status !== "confirmed") return null;
  return confirmationIcs(x.e, x.s, x.r);
}

function confirmedMail(e: EventRow, s: Session, r: Registration): Mail | null {
  if (!r.contactEmail) return null;
  const ics = confirmationIcs(e, s, r);
  return {
    to: r.contactEmail,
    subject: `报名成功：${e.title}`,
    text: [
      `${r.contactName}，您好：`,
      "",
      `您已成功报名政府开放月活动（${r.seats} 人）：`,
      sessionLine(e, s),
      "",
      `确认码：${displayCode(r.code)}`,
      "入场时请出示确认码或“我的报名”页面上的二维码，每个确认码仅可使用一次。",
      e.bring ? `请携带：${e.bring}` : "",
      `我的报名：${publicUrl("/my/registrations")}`,
      "",
      "Your registration is confirmed. Show the code or QR code at the door; it works once.",
    ]
      .filter((l) => l !== null)
      .join("\n"),
    attachments: [{ filename: "open-month.ics", contentType: "text/calendar; charset=utf-8", content: Buffer.from(ics, "utf8").toString("base64") }],
  };
}

async function mailConfirmed(tx: Db, e: EventRow, s: Session, r: Registration): Promise<void> {
  const mail = confirmedMail(e, s, r);
  if (mail) await enqueueMail(tx, mail);
}

async function mailOffered(tx: Db, e: EventRow, s: Session, r: Registration): Promise<void> {
  if (!r.contactEmail || !r.offerExpiresAt) return;
  await enqueueMail(tx, {
    to: r.contactEmail,
    subject: `候补名额已为您保留：${e.title}`,
    text: [
      `${r.contactName}，您好：`,
      "",
      "您候补的场次有了空位，名额已为您保留：",
      sessionLine(e, s),
      "",
      `请在 ${formatSessionTime(r.offerExpiresAt, null, "zh")} 前登录确认，逾期名额将顺延给下一位候补者。`,
      `确认或放弃：${publicUrl("/my/registrations")}`,
      "",
      "A seat has been freed for you. Accept it on the My registrations page before the time above.",
    ].join("\n"),
  });
}

function waitlistedMail(e: EventRow, s: Session, r: Pick<Registration, "contactEmail" | "contactName">, position: string): Mail | null {
  if (!r.contactEmail) return null;
  return {
    to: r.contactEmail,
    subject: `已加入候补：${e.title}`,
    text: [
      `${r.contactName}，您好：`,
      "",
      `该场次已满，您已加入候补，当前第 ${position} 位：`,
      sessionLine(e, s),
      "",
      "有空位时我们将按候补顺序通知您。",
      `我的报名：${publicUrl("/my/registrations")}`,
    ].join("\n"),
  };
}

// ---------------------------------------------------------------- core

export interface NewRegistration {
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

/**
 * Registers or waitlists, atomically. Returns the stored row (status
 * "confirmed" or "waitlisted").
 *
 * In a rush every registration for a session queues on its row lock, so the
 * lock is held as briefly as possible: the id, the code and both possible
 * mails are prepared first; under the lock there is one statement that counts
 * the waitlist, decides, takes the seats, stores the registration and queues
 * its mail, then the commit. (The count needs a statement of its own after the
 * lock: a statement that waits for a row lock keeps the snapshot it started
 * with and would miss rows committed meanwhile.)
 */
async function placeRegistration(tx: Db, { s, e, nextId }: Placement, input: NewRegistration, now: Date): Promise<Registration> {
  if (input.seats < 1 || input.seats > s.maxSeatsPerRegistration) {
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
  const ifConfirmed = seatsLeft(s) >= row.seats ? confirmedMail(e, s, row) : null;
  const ifWaitlisted = waitlistedMail(e, s, row, slot);
  await lockSession(tx, s.id);
  let placed: { status: Registration["status"]; waiting: number } | undefined;
  try {
    [placed] = await rows(
      tx,
      sql`with w as (
            select count(*)::int as n from event_registrations where session_id = ${s.id} and status = 'waitlisted'
          ), d as (
            -- Someone already waiting is served before a newcomer.
            select (w.n = 0 and es.capacity - es.taken - es.held >= ${row.seats}) as confirm, w.n as waiting
            from event_sessions es, w where es.id = ${s.id}
          ), u as (
            update event_sessions set taken = taken + ${row.seats} where id = ${s.id} and (select confirm from d) returning id
          ), r as (
            insert into event_registrations (id, session_id, user_id, contact_name, contact_phone, contact_email, seats,
              attendee_names, status, channel, created_by_id, code, waitlisted_at, confirmed_at, created_at)
            overriding system value
            select ${row.id}, ${s.id}, ${row.userId}, ${row.contactName}, ${row.contactPhone}, ${row.contactEmail}, ${row.seats},
              ${JSON.stringify(row.attendeeNames)}::jsonb,
              (case when d.confirm then 'confirmed' else 'waitlisted' end)::event_registration_status,
              ${row.channel}::event_registration_channel, ${row.createdById}, ${row.code},
              case when d.confirm then null else ${ts(now)} end, case when d.confirm then ${ts(now)} else null end, ${ts(now)}
            from d returning status
          ), m as (
            insert into outbox ("to", subject, text, attachments)
            select ${row.contactEmail},
              case when d.confirm then ${ifConfirmed?.subject ?? ""} else ${ifWaitlisted?.subject ?? ""} end,
              case when d.confirm then ${ifConfirmed?.text ?? ""} else replace(${ifWaitlisted?.text ?? ""}, ${slot}, (d.waiting + 1)::text) end,
              case when d.confirm then ${JSON.stringify(ifConfirmed?.attachments ?? null)}::jsonb else null end
            from d where ${row.contactEmail}::text is not null and (not d.confirm or ${ifConfirmed != null})
          )
          select r.status, d.waiting from r, d`,
    );
  } catch (err) {
    const pe = pgError(err);
    if (pe?.code === "23505") throw new UserError("events.err.already", {}, undefined, 409);
    throw err;
  }
  if (!placed) throw new NotFoundError();
  if (placed.status !== "confirmed") return { ...row, status: "waitlisted", confirmedAt: null, waitlistedAt: now };
  if (!ifConfirmed) await mailConfirmed(tx, e, s, row);
  return row;
}

interface Placement {
  s: Session;
  e: EventRow;
  /** The id the new registration will have, drawn before the lock so its mail can name it. */
  nextId: number;
}

/** The session and its event, read (not locked) in one round trip before a registration is placed. */
async function placement(tx: Db, sessionId: number): Promise<Placement> {
  const [x] = await tx
    .select({ s: eventSessions, e: events, nextId: sql<string>`nextval(pg_get_serial_sequence('event_registrations', 'id'))` })
    .from(eventSessions)
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .where(eq(eventSessions.id, sessionId));
  if (!x) throw new NotFoundError();
  return { s: x.s, e: x.e, nextId: Number(x.nextId) };
}

/**
 * Serves the waitlist from the seats that are free: first come, first served.
 * Far from the start a freed seat is offered and held; close to it the
 * waiting resident is confirmed directly. Call with the session row locked.
 */
async function serveWaitlist(tx: Db, sessionId: number, now: Date, cfg: EventsConfig): Promise<void> {
  let s = await lockSession(tx, sessionId);
  if (s.startsAt <= now) return;
  const e = await eventOf(tx, s.eventId);
  const auto = s.startsAt.getTime() - now.getTime() <= cfg.autoPromoteHours * HOUR;
  for (;;) {
    const [next] = await tx
      .select()
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.sessionId, s.id), eq(eventRegistrations.status, "waitlisted")))
      .orderBy(asc(eventRegistrations.waitlistedAt), asc(eventRegistrations.id))
      .limit(1);
    // Strict order: the head of the line is never skipped for a smaller party.
    if (!next || seatsLeft(s) < next.seats) return;
    if (auto) {
      [s] = await tx
        .update(eventSessions)
        .set({ taken: sql`${eventSessions.taken} + ${next.seats}` })
        .where(eq(eventSessions.id, s.id))
        .returning();
      const [r] = await tx
        .update(eventRegistrations)
        .set({ status: "confirmed", confirmedAt: now })
        .where(eq(eventRegistrations.id, next.id))
        .returning();
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

/** Offers past their time pass to the next in line. Locks the session. */
async function expireSessionOffers(tx: Db, sessionId: number, now: Date, cfg: EventsConfig): Promise<number> {
  await lockSession(tx, sessionId);
  const expired = await tx
    .update(eventRegistrations)
    .set({ status: "expired", cancelledAt: now })
    .where(
      and(
        eq(eventRegistrations.sessionId, sessionId),
        eq(eventRegistrations.status, "offered"),
        lte(eventRegistrations.offerExpiresAt, now),
      ),
    )
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
 * unaccepted offers, and serves waitlists whose seats are free (e.g. a
 * session entering the automatic-promotion window). Each session in its own
 * short transaction; safe to run on every instance at once.
 */
export async function processEventTimers(db: Db, now: Date, cfg: EventsConfig = defaultEventsConfig, sessionId?: number): Promise<{ expired: number }> {
  const due = await db
    .selectDistinct({ id: eventRegistrations.sessionId })
    .from(eventRegistrations)
    .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
    .where(
      and(
        sessionId != null ? eq(eventRegistrations.sessionId, sessionId) : undefined,
        sql`((${eventRegistrations.status} = 'offered' and ${eventRegistrations.offerExpiresAt} <= ${now.toISOString()}::timestamptz)
          or (${eventRegistrations.status} = 'waitlisted' and ${eventSessions.taken} + ${eventSessions.held} < ${eventSessions.capacity}
              and ${eventSessions.startsAt} > ${now.toISOString()}::timestamptz))`,
      ),
    );
  let expired = 0;
  for (const { id } of due) {
    expired += await db.transaction((tx) => expireSessionOffers(tx, id, now, cfg));
  }
  return { expired };
}

/** Polls processEventTimers until stopped; one per app process (server/index.ts). */
export function startEventsWorker(db: Db, cfg: EventsConfig = defaultEventsConfig, onError: (e: unknown) => void = (e) => console.error("events:", e)): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    try {
      await processEventTimers(db, new Date(), cfg);
    } catch (e) {
      onError(e);
    }
    if (!stopped) timer = setTimeout(tick, cfg.timerIntervalMs);
  };
  timer = setTimeout(tick, 1000);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

// ---------------------------------------------------------------- no-show policy

export interface NoShowStatus {
  count: number;
  suspendedUntil: Date | null;
}

export async function noShowStatus(db: Db, userId: number, now: Date, cfg: EventsConfig = defaultEventsConfig): Promise<NoShowStatus> {
  const since = new Date(now.getTime() - cfg.noShowWindowDays * DAY);
  // No-shows before the latest lift no longer count.
  const lifted = db.select({ at: sql`max(${eventNoShowLifts.liftedAt})` }).from(eventNoShowLifts).where(eq(eventNoShowLifts.userId, userId));
  const list = await db
    .select({ at: eventRegistrations.noShowAt })
    .from(eventRegistrations)
    .where(
      and(
        eq(eventRegistrations.userId, userId),
        isNotNull(eventRegistrations.noShowAt),
        gt(eventRegistrations.noShowAt, since),
        sql`${eventRegistrations.noShowAt} > coalesce((${lifted}), '-infinity'::timestamptz)`,
      ),
    )
    .orderBy(asc(eventRegistrations.noShowAt));
  const n = list.length;
  if (cfg.noShowLimit <= 0 || n < cfg.noShowLimit) return { count: n, suspendedUntil: null };
  const last = list[n - 1].at!;
  const until = new Date(last.getTime() + cfg.noShowSuspendDays * DAY);
  return { count: n, suspendedUntil: until > now ? until : null };
}

export async function liftNoShow(db: Db, actor: Actor, userId: number, reason: string | null, now: Date): Promise<void> {
  if (actor.role !== "staff" && actor.role !== "admin") throw new ForbiddenError();
  await db.transaction(async (tx) => {
    await tx.insert(eventNoShowLifts).values({ userId, liftedById: actor.id, reason, liftedAt: now });
    await recordAudit(tx, actor, { action: "events.noshow.lift", entityType: "user", entityId: userId, summary: { reason } }, now);
  });
}

// ---------------------------------------------------------------- residents

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
): Promise<Registration> {
  const ns = await noShowStatus(db, user.id, now, cfg);
  if (ns.suspendedUntil) throw new UserError("events.err.suspended", { until: formatSessionTime(ns.suspendedUntil, null, "zh") }, undefined, 403);
  const [u] = await db.select().from(users).where(eq(users.id, user.id));
  if (!u) throw new NotFoundError();
  const names = input.attendeeNames.map((n) => n.trim()).filter(Boolean);
  if (names.length !== input.seats) throw new UserError("events.err.names", { n: input.seats }, "attendeeNames");
  await processEventTimers(db, now, cfg, input.sessionId);
  return db.transaction(async (tx) => {
    const p = await placement(tx, input.sessionId);
    assertOpen(p.s, p.e, now);
    return placeRegistration(
      tx,
      p,
      {
        sessionId: input.sessionId,
        userId: u.id,
        contactName: u.displayName,
        contactEmail: u.email,
        contactPhone: input.phone ?? u.phone ?? null,
        seats: input.seats,
        attendeeNames: names,
        channel: "web",
      },
      now,
    );
  });
}

/** Staff register a resident who phoned in (12345 hotline); same capacity, audited. */
export async function registerOnBehalf(
  db: Db,
  actor: Actor,
  input: { sessionId: number; contactName: string; contactPhone: string; contactEmail?: string | null; seats: number; attendeeNames: string[] },
  now: Date,
): Promise<Registration> {
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
    );
    await recordAudit(
      tx,
      actor,
      { action: "events.registration.on_behalf", entityType: "event_registration", entityId: reg.id, summary: { sessionId: s.id, seats: reg.seats, status: reg.status } },
      now,
    );
    return reg;
  });
}

async function loadOwned(tx: Db, registrationId: number, userId: number): Promise<Registration> {
  const [r] = await tx.select().from(eventRegistrations).where(eq(eventRegistrations.id, registrationId));
  if (!r || r.userId !== userId) throw new NotFoundError();
  return r;
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
  return db.transaction(async (tx) => {
    const [pre] = await tx.select().from(eventRegistrations).where(eq(eventRegistrations.id, registrationId));
    if (!pre) throw new NotFoundError();
    const s = await lockSession(tx, pre.sessionId);
    const r = staff ? pre : await loadOwned(tx, registrationId, user.id);
    const e = await eventOf(tx, s.eventId);
    if (staff) assertCanManageUnit(staff, e.unitId);
    // Re-read under the session lock: the status may have moved meanwhile.
    const [cur] = await tx.select().from(eventRegistrations).where(eq(eventRegistrations.id, r.id));
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

/** The first in line takes the held seat. */
export async function acceptOffer(db: Db, user: { id: number }, registrationId: number, now: Date, cfg: EventsConfig = defaultEventsConfig): Promise<Registration> {
  const [pre] = await db.select().from(eventRegistrations).where(eq(eventRegistrations.id, registrationId));
  if (!pre || pre.userId !== user.id) throw new NotFoundError();
  await processEventTimers(db, now, cfg, pre.sessionId);
  return db.transaction(async (tx) => {
    const s = await lockSession(tx, pre.sessionId);
    const r = await loadOwned(tx, registrationId, user.id);
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

export async function waitlistPosition(db: Db, r: Pick<Registration, "id" | "sessionId" | "status" | "waitlistedAt">): Promise<number | null> {
  if (r.status !== "waitlisted" || !r.waitlistedAt) return null;
  const [row] = await db
    .select({ n: count() })
    .from(eventRegistrations)
    .where(
      and(
        eq(eventRegistrations.sessionId, r.sessionId),
        eq(eventRegistrations.status, "waitlisted"),
        sql`(${eventRegistrations.waitlistedAt}, ${eventRegistrations.id}) <= (${r.waitlistedAt.toISOString()}::timestamptz, ${r.id})`,
      ),
    );
  return Number(row?.n ?? 0);
}

export async function myRegistrations(db: Db, userId: number, now: Date, cfg: EventsConfig = defaultEventsConfig) {
  const mine = await db.select().from(eventRegistrations).where(eq(eventRegistrations.userId, userId));
  const sessionIds = [...new Set(mine.filter((r) => r.status === "offered" || r.status === "waitlisted").map((r) => r.sessionId))];
  for (const id of sessionIds) await processEventTimers(db, now, cfg, id);
  const list = await db
    .select({ r: eventRegistrations, s: eventSessions, e: events })
    .from(eventRegistrations)
    .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .where(eq(eventRegistrations.userId, userId))
    .orderBy(asc(eventSessions.startsAt), asc(eventRegistrations.id));
  return Promise.all(list.map(async (x) => ({ ...x, position: await waitlistPosition(db, x.r) })));
}

// ---------------------------------------------------------------- staff: capacity, check-in, no-shows

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

export type CheckInResult =
  | { ok: true; registration: Registration; attendees: number }
  | { ok: false; reason: "notFound" | "otherSession" | "waitlisted" | "offered" | "cancelled" | "used"; registration?: Registration; attendees: number };

export async function checkedInCount(db: Db, sessionId: number): Promise<number> {
  const [r] = await db
    .select({ n: sum(eventRegistrations.seats) })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.sessionId, sessionId), isNotNull(eventRegistrations.checkedInAt)));
  return Number(r?.n ?? 0);
}

/** Single use: the conditional UPDATE lets only one scan win. */
export async function checkIn(db: Db, actor: Actor, sessionId: number, rawCode: string, now: Date): Promise<CheckInResult> {
  const [s] = await db.select().from(eventSessions).where(eq(eventSessions.id, sessionId));
  if (!s) throw new NotFoundError();
  const e = await eventOf(db, s.eventId);
  assertCanManageUnit(actor, e.unitId);
  const code = normalizeCode(rawCode);
  return db.transaction(async (tx) => {
    const [r] = code ? await tx.select().from(eventRegistrations).where(eq(eventRegistrations.code, code)) : [];
    const refuse = async (reason: Exclude<CheckInResult, { ok: true }>["reason"]): Promise<CheckInResult> => {
      await recordAudit(tx, actor, { action: "events.checkin.refused", entityType: "event_session", entityId: sessionId, summary: { reason, registrationId: r?.id ?? null } }, now);
      return { ok: false, reason, registration: r, attendees: await checkedInCount(tx, sessionId) };
    };
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

export async function sessionRegistrations(db: Db, sessionId: number) {
  return db
    .select()
    .from(eventRegistrations)
    .where(eq(eventRegistrations.sessionId, sessionId))
    .orderBy(asc(eventRegistrations.id));
}

export async function activeRegistrationsOf(db: Db, userId: number, sessionIds: number[]) {
  if (!sessionIds.length) return [];
  return db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.userId, userId), inArray(eventRegistrations.sessionId, sessionIds), inArray(eventRegistrations.status, [...ACTIVE])));
}
