import { and, eq, like } from "drizzle-orm";
import ical from "node-ical";
import { describe, expect, it } from "vitest";
import { openDatabase, type Db } from "#db/index";
import { eventRegistrations, eventSessions, events, outbox, units, users } from "#db/schema";
import { testDriver, useTestDb } from "#db/testing/db";
import { verifyAuditChain } from "../audit/audit";
import type { Actor } from "../context";
import { UserError } from "../errors";
import { loadEventsConfig } from "./config";
import {
  acceptOffer,
  cancelRegistration,
  checkIn,
  liftNoShow,
  markNoShows,
  myRegistrations,
  newCode,
  noShowStatus,
  processEventTimers,
  registerOnBehalf,
  registerResident,
  registrationIcs,
  setCapacity,
} from "./registration";
import { shanghai } from "./time";

const t = useTestDb();
const cfg = loadEventsConfig({});
const H = 3600_000;
let n = 0;

async function makeUnit(db: Db) {
  n++;
  const [u] = await db.insert(units).values({ slug: `ev-unit-${n}-${Math.random().toString(36).slice(2, 7)}`, nameZh: "区档案局", nameEn: "Archives" }).returning();
  return u;
}

async function makeUser(db: Db, role: "citizen" | "staff" = "citizen", unitId: number | null = null) {
  n++;
  const [u] = await db
    .insert(users)
    .values({ email: `ev${n}.${Math.random().toString(36).slice(2, 8)}@example.com`, passwordHash: "x", displayName: `居民${n}`, role, unitId })
    .returning();
  return u;
}

function actorOf(u: { id: number; role: "citizen" | "staff" | "admin"; unitId: number | null }): Actor {
  return { id: u.id, role: u.role, unitId: u.unitId };
}

/** A published event with one session starting at `start` (default: 10 days after now). */
async function makeSession(db: Db, now: Date, opts: { capacity: number; maxSeats?: number; start?: Date; unitId?: number }) {
  const unitId = opts.unitId ?? (await makeUnit(db)).id;
  const [e] = await db
    .insert(events)
    .values({ unitId, year: 2026, title: "走进区档案馆", host: "区档案馆", theme: "城市记忆", area: "花木", venue: "区档案馆", address: "浦东新区锦绣路", description: "参观", status: "published" })
    .returning();
  const start = opts.start ?? new Date(now.getTime() + 10 * 24 * H);
  const [s] = await db
    .insert(eventSessions)
    .values({
      eventId: e.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 2 * H),
      capacity: opts.capacity,
      maxSeatsPerRegistration: opts.maxSeats ?? 4,
      registrationOpensAt: new Date(now.getTime() - 24 * H),
      registrationClosesAt: new Date(start.getTime() - H),
      cancelDeadline: new Date(start.getTime() - 24 * H),
    })
    .returning();
  return { e, s, unitId };
}

async function sessionRow(db: Db, id: number) {
  const [s] = await db.select().from(eventSessions).where(eq(eventSessions.id, id));
  return s;
}

const now = shanghai(2026, 7, 20, 10, 0);

describe("registration", () => {
  it("confirms while seats last, then waitlists; codes carry ≥64 bits", async () => {
    const { s } = await makeSession(t.db, now, { capacity: 3 });
    const a = await makeUser(t.db);
    const b = await makeUser(t.db);
    const ra = await registerResident(t.db, a, { sessionId: s.id, seats: 2, attendeeNames: ["甲", "乙"] }, now, cfg);
    const rb = await registerResident(t.db, b, { sessionId: s.id, seats: 2, attendeeNames: ["丙", "丁"] }, now, cfg);
    expect(ra.status).toBe("confirmed");
    expect(rb.status).toBe("waitlisted");
    expect(ra.code).toMatch(/^[A-Z2-7]{16}$/); // 16 × 5 = 80 bits
    expect(newCode()).not.toBe(newCode());
    expect((await sessionRow(t.db, s.id)).taken).toBe(2);
    // One active registration per person per session.
    await expect(registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["甲"] }, now, cfg)).rejects.toMatchObject({ key: "events.err.already" });
    // Seats above the per-registration limit are refused.
    const c = await makeUser(t.db);
    await expect(registerResident(t.db, c, { sessionId: s.id, seats: 5, attendeeNames: ["1", "2", "3", "4", "5"] }, now, cfg)).rejects.toMatchObject({ key: "events.err.seats" });
    // A newcomer cannot take the 1 free seat while someone waits.
    const rc = await registerResident(t.db, c, { sessionId: s.id, seats: 1, attendeeNames: ["戊"] }, now, cfg);
    expect(rc.status).toBe("waitlisted");
  });

  it("refuses outside the registration window", async () => {
    const { s } = await makeSession(t.db, now, { capacity: 3 });
    const a = await makeUser(t.db);
    await expect(registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["甲"] }, new Date(now.getTime() - 2 * 24 * H), cfg)).rejects.toMatchObject({ key: "events.err.notOpen" });
    await expect(registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["甲"] }, new Date(s.startsAt.getTime() - 30 * 60_000), cfg)).rejects.toMatchObject({ key: "events.err.closed" });
  });

  it("sends a confirmation with a valid Asia/Shanghai .ics", async () => {
    const start = shanghai(2026, 8, 8, 9, 30);
    const { s } = await makeSession(t.db, now, { capacity: 5, start });
    const a = await makeUser(t.db);
    const r = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["甲"] }, now, cfg);
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.to, a.email));
    expect(mail.subject).toContain("报名成功");
    expect(mail.text).toContain(r.code.slice(0, 4));
    const ics = Buffer.from(mail.attachments![0].content, "base64").toString("utf8");
    expect(ics).toContain("DTSTART;TZID=Asia/Shanghai:20260808T093000");
    const parsed = Object.values(ical.sync.parseICS(ics)).find((v) => v?.type === "VEVENT") as ical.VEvent;
    expect(parsed.start.toISOString()).toBe(start.toISOString());
    expect((parsed.start as Date & { tz?: string }).tz).toBe("Asia/Shanghai");
    // The same file is downloadable by its owner only.
    expect(await registrationIcs(t.db, a.id, r.id)).toContain("DTSTART;TZID=Asia/Shanghai:20260808T093000");
    expect(await registrationIcs(t.db, (await makeUser(t.db)).id, r.id)).toBeNull();
  });

  it("cancellation offers the freed seat to the first in line, held until accepted", async () => {
    const { s } = await makeSession(t.db, now, { capacity: 2 });
    const [a, b, c, d] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
    const ra = await registerResident(t.db, a, { sessionId: s.id, seats: 2, attendeeNames: ["a", "a2"] }, now, cfg);
    const rb = await registerResident(t.db, b, { sessionId: s.id, seats: 1, attendeeNames: ["b"] }, new Date(now.getTime() + 1000), cfg);
    const rc = await registerResident(t.db, c, { sessionId: s.id, seats: 1, attendeeNames: ["c"] }, new Date(now.getTime() + 2000), cfg);
    expect([rb.status, rc.status]).toEqual(["waitlisted", "waitlisted"]);
    const mine = await myRegistrations(t.db, c.id, now, cfg);
    expect(mine[0].position).toBe(2);

    await cancelRegistration(t.db, a, ra.id, now, cfg);
    const after = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.sessionId, s.id));
    const byId = new Map(after.map((r) => [r.id, r]));
    expect(byId.get(rb.id)!.status).toBe("offered");
    expect(byId.get(rb.id)!.offerExpiresAt!.getTime()).toBe(now.getTime() + 24 * H);
    expect(byId.get(rc.id)!.status).toBe("offered");
    const srow = await sessionRow(t.db, s.id);
    expect([srow.taken, srow.held]).toEqual([0, 2]);
    // Held offers count against availability: a newcomer waits.
    const rd = await registerResident(t.db, d, { sessionId: s.id, seats: 1, attendeeNames: ["d"] }, now, cfg);
    expect(rd.status).toBe("waitlisted");
    const [offerMail] = await t.db.select().from(outbox).where(and(eq(outbox.to, b.email), like(outbox.subject, "候补名额%")));
    expect(offerMail).toBeTruthy();

    const accepted = await acceptOffer(t.db, b, rb.id, new Date(now.getTime() + H), cfg);
    expect(accepted.status).toBe("confirmed");
    // c lets the offer lapse: it passes to d.
    const later = new Date(now.getTime() + 25 * H);
    await processEventTimers(t.db, later, cfg);
    const [rc2] = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.id, rc.id));
    const [rd2] = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.id, rd.id));
    expect(rc2.status).toBe("expired");
    expect(rd2.status).toBe("offered");
    await expect(acceptOffer(t.db, c, rc.id, later, cfg)).rejects.toMatchObject({ key: "events.err.offerGone" });
    const s2 = await sessionRow(t.db, s.id);
    expect([s2.taken, s2.held]).toEqual([1, 1]);
  });

  it("close to the start, a freed seat goes straight to the first waiting resident", async () => {
    const start = new Date(now.getTime() + 30 * H); // within the 48 h automatic window
    const { s } = await makeSession(t.db, now, { capacity: 1, start });
    const [a, b] = [await makeUser(t.db), await makeUser(t.db)];
    const ra = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, new Date(start.getTime() - 40 * H), cfg);
    const rb = await registerResident(t.db, b, { sessionId: s.id, seats: 1, attendeeNames: ["b"] }, new Date(start.getTime() - 40 * H), cfg);
    // Past the cancellation deadline only staff may cancel; staff cancels here.
    const staff = await makeUser(t.db, "staff", (await t.db.select().from(events).where(eq(events.id, s.eventId)))[0].unitId);
    await cancelRegistration(t.db, a, ra.id, new Date(start.getTime() - 20 * H), cfg, actorOf(staff));
    const [rb2] = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.id, rb.id));
    expect(rb2.status).toBe("confirmed");
    expect((await sessionRow(t.db, s.id)).taken).toBe(1);
  });

  it("residents cannot cancel after the deadline", async () => {
    const { s } = await makeSession(t.db, now, { capacity: 1 });
    const a = await makeUser(t.db);
    const r = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    await expect(cancelRegistration(t.db, a, r.id, new Date(s.cancelDeadline.getTime() + 1), cfg)).rejects.toMatchObject({ key: "events.err.cancelDeadline" });
    const other = await makeUser(t.db);
    await expect(cancelRegistration(t.db, other, r.id, now, cfg)).rejects.toMatchObject({ key: "err.notFound" });
  });

  it("staff register a hotline caller against the same capacity, audited; other units refused", async () => {
    const { s, unitId } = await makeSession(t.db, now, { capacity: 1 });
    const staff = actorOf(await makeUser(t.db, "staff", unitId));
    const other = actorOf(await makeUser(t.db, "staff", (await makeUnit(t.db)).id));
    const r = await registerOnBehalf(t.db, staff, { sessionId: s.id, contactName: "赵阿姨", contactPhone: "13800001234", seats: 1, attendeeNames: [] }, now);
    expect(r.status).toBe("confirmed");
    expect(r.channel).toBe("hotline");
    const a = await makeUser(t.db);
    expect((await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg)).status).toBe("waitlisted");
    await expect(registerOnBehalf(t.db, other, { sessionId: s.id, contactName: "x", contactPhone: "1", seats: 1, attendeeNames: [] }, now)).rejects.toMatchObject({ status: 403 });
    await expect(registerOnBehalf(t.db, staff, { sessionId: s.id, contactName: "赵阿姨", contactPhone: "13800001234", seats: 1, attendeeNames: [] }, now)).rejects.toMatchObject({ key: "events.err.already" });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("capacity increase serves the waitlist; decrease below confirmed is refused", async () => {
    const { s, unitId } = await makeSession(t.db, now, { capacity: 1 });
    const staff = actorOf(await makeUser(t.db, "staff", unitId));
    const [a, b] = [await makeUser(t.db), await makeUser(t.db)];
    await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    const rb = await registerResident(t.db, b, { sessionId: s.id, seats: 1, attendeeNames: ["b"] }, now, cfg);
    await expect(setCapacity(t.db, staff, s.id, 0, now, cfg)).rejects.toBeInstanceOf(UserError);
    await setCapacity(t.db, staff, s.id, 2, now, cfg);
    const [rb2] = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.id, rb.id));
    expect(rb2.status).toBe("offered");
  });
});

describe("check-in and no-shows", () => {
  it("accepts a confirmed code once and refuses the rest with the reason", async () => {
    const { s, unitId } = await makeSession(t.db, now, { capacity: 1 });
    const { s: other } = await makeSession(t.db, now, { capacity: 5, unitId });
    const staff = actorOf(await makeUser(t.db, "staff", unitId));
    const [a, b, c, d] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
    const ra = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    const rb = await registerResident(t.db, b, { sessionId: s.id, seats: 1, attendeeNames: ["b"] }, now, cfg);
    const rc = await registerResident(t.db, c, { sessionId: other.id, seats: 2, attendeeNames: ["c", "c2"] }, now, cfg);
    const rd = await registerResident(t.db, d, { sessionId: other.id, seats: 1, attendeeNames: ["d"] }, now, cfg);
    await cancelRegistration(t.db, d, rd.id, now, cfg);
    const day = s.startsAt;
    const typed = ra.code.toLowerCase().replace(/(.{4})/g, "$1-");
    const ok = await checkIn(t.db, staff, s.id, typed, day);
    expect(ok).toMatchObject({ ok: true, attendees: 1 });
    expect(await checkIn(t.db, staff, s.id, ra.code, day)).toMatchObject({ ok: false, reason: "used" });
    expect(await checkIn(t.db, staff, s.id, rb.code, day)).toMatchObject({ ok: false, reason: "waitlisted" });
    expect(await checkIn(t.db, staff, s.id, rc.code, day)).toMatchObject({ ok: false, reason: "otherSession" });
    expect(await checkIn(t.db, staff, other.id, rd.code, day)).toMatchObject({ ok: false, reason: "cancelled" });
    expect(await checkIn(t.db, staff, s.id, "AAAABBBBCCCCDDDD", day)).toMatchObject({ ok: false, reason: "notFound" });
    const stranger = actorOf(await makeUser(t.db, "staff", (await makeUnit(t.db)).id));
    await expect(checkIn(t.db, stranger, s.id, ra.code, day)).rejects.toMatchObject({ status: 403 });
  });

  it("a code checks in only once even when scanned at two doors at once", async () => {
    const { s, unitId } = await makeSession(t.db, now, { capacity: 3 });
    const staff = actorOf(await makeUser(t.db, "staff", unitId));
    const a = await makeUser(t.db);
    const r = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    const results = await Promise.all(Array.from({ length: 5 }, () => checkIn(t.db, staff, s.id, r.code, s.startsAt)));
    expect(results.filter((x) => x.ok)).toHaveLength(1);
  });

  it("repeated no-shows suspend registering; staff can lift it", async () => {
    const policy = loadEventsConfig({ EVENTS_NOSHOW_LIMIT: "2", EVENTS_NOSHOW_WINDOW_DAYS: "180", EVENTS_NOSHOW_SUSPEND_DAYS: "30" });
    const unit = await makeUnit(t.db);
    const staff = actorOf(await makeUser(t.db, "staff", unit.id));
    const a = await makeUser(t.db);
    for (let i = 0; i < 2; i++) {
      const { s } = await makeSession(t.db, now, { capacity: 2, unitId: unit.id });
      await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, policy);
      await expect(markNoShows(t.db, staff, s.id, s.startsAt, )).rejects.toMatchObject({ key: "events.err.notEnded" });
      expect(await markNoShows(t.db, staff, s.id, s.endsAt)).toBe(1);
    }
    const later = new Date(now.getTime() + 11 * 24 * H);
    const st = await noShowStatus(t.db, a.id, later, policy);
    expect(st.count).toBe(2);
    expect(st.suspendedUntil).not.toBeNull();
    const { s: next } = await makeSession(t.db, later, { capacity: 2, unitId: unit.id });
    await expect(registerResident(t.db, a, { sessionId: next.id, seats: 1, attendeeNames: ["a"] }, later, policy)).rejects.toMatchObject({ key: "events.err.suspended" });
    await liftNoShow(t.db, staff, a.id, "电话说明情况", later);
    expect((await registerResident(t.db, a, { sessionId: next.id, seats: 1, attendeeNames: ["a"] }, new Date(later.getTime() + 1000), policy)).status).toBe("confirmed");
  });
});

describe("concurrency: capacity is never exceeded", () => {
  it(`races many registrations for the last seats (${testDriver}, several connection pools)`, async () => {
    const CAP = 7;
    const N = 40;
    const { s } = await makeSession(t.db, now, { capacity: CAP });
    const people = await Promise.all(Array.from({ length: N }, () => makeUser(t.db)));
    // Several pools on the same PostgreSQL = several app instances.
    const extra = testDriver === "postgres" ? await Promise.all([0, 1, 2].map(() => openDatabase({ url: t.database.url, max: 8 }))) : [];
    const dbs = [t.db, ...extra.map((d) => d.db)];
    try {
      const results = await Promise.allSettled(
        people.map((p, i) => registerResident(dbs[i % dbs.length], p, { sessionId: s.id, seats: 1, attendeeNames: [p.displayName] }, now, cfg)),
      );
      const failed = results.filter((r) => r.status === "rejected");
      expect(failed.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
      // Everyone presses twice at once, too: no one ends up registered twice.
      const again = await Promise.allSettled(people.slice(0, 10).map((p, i) => registerResident(dbs[i % dbs.length], p, { sessionId: s.id, seats: 1, attendeeNames: ["x"] }, now, cfg)));
      expect(again.every((r) => r.status === "rejected")).toBe(true);
    } finally {
      await Promise.all(extra.map((d) => d.close()));
    }
    const regs = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.sessionId, s.id));
    expect(regs.filter((r) => r.status === "confirmed")).toHaveLength(CAP);
    expect(regs.filter((r) => r.status === "waitlisted")).toHaveLength(N - CAP);
    expect(new Set(regs.map((r) => r.userId)).size).toBe(N);
    expect((await sessionRow(t.db, s.id)).taken).toBe(CAP);
  });

  it(`races cancellations, offers and newcomers without overselling (${testDriver})`, async () => {
    const CAP = 5;
    const { s } = await makeSession(t.db, now, { capacity: CAP, maxSeats: 2 });
    const first = await Promise.all(Array.from({ length: 12 }, () => makeUser(t.db)));
    const regs = [];
    for (const p of first) regs.push(await registerResident(t.db, p, { sessionId: s.id, seats: 1, attendeeNames: ["p"] }, now, cfg));
    const extra = testDriver === "postgres" ? await Promise.all([0, 1].map(() => openDatabase({ url: t.database.url, max: 8 }))) : [];
    const dbs = [t.db, ...extra.map((d) => d.db)];
    const newcomers = await Promise.all(Array.from({ length: 10 }, () => makeUser(t.db)));
    try {
      await Promise.allSettled([
        ...regs.slice(0, 4).map((r, i) => cancelRegistration(dbs[i % dbs.length], first[i], r.id, now, cfg)),
        ...newcomers.map((p, i) => registerResident(dbs[(i + 1) % dbs.length], p, { sessionId: s.id, seats: 2, attendeeNames: ["n", "m"] }, now, cfg)),
        processEventTimers(dbs[0], now, cfg),
      ]);
    } finally {
      await Promise.all(extra.map((d) => d.close()));
    }
    const row = await sessionRow(t.db, s.id);
    const all = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.sessionId, s.id));
    const confirmed = all.filter((r) => r.status === "confirmed").reduce((a, r) => a + r.seats, 0);
    const held = all.filter((r) => r.status === "offered").reduce((a, r) => a + r.seats, 0);
    expect(row.taken).toBe(confirmed);
    expect(row.held).toBe(held);
    expect(confirmed + held).toBeLessThanOrEqual(CAP);
    // The freed seats went to the waitlist in order, not to the newcomers.
    const offered = all.filter((r) => r.status === "offered").map((r) => r.id).sort((x, y) => x - y);
    expect(offered).toEqual(regs.slice(5, 9).map((r) => r.id));
  });
});
