import { and, asc, eq, like } from "drizzle-orm";
import ical from "node-ical";
import { describe, expect, it } from "vitest";
import { openDatabase, type Db } from "#db/index";
import { eventRegistrations, eventSessions, events, outbox, users } from "#db/schema";
import { testDriver, useTestDb } from "#db/testing/db";
import { makeResident, makeUnit, makeUser } from "#db/testing/kit";
import { verifyAuditChain } from "../audit/audit";
import { UserError } from "../errors";
import { loadEventsConfig } from "./config";
import { checkIn } from "./checkin";
import { newCode } from "./codes";
import { registrationIcs } from "./mails";
import { liftNoShow, markNoShows, noShowStatus, noShowStatuses } from "./noshow";
import { acceptOffer, cancelRegistration, myRegistrations, registerOnBehalf, registerResident, sessionRegistrations, setCapacity } from "./registration";
import { processEventTimers } from "./waitlist";
import { shanghai } from "./time";

const t = useTestDb();
const cfg = loadEventsConfig({});
const H = 3600_000;

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
    const a = await makeResident(t.db);
    const b = await makeResident(t.db);
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
    const c = await makeResident(t.db);
    await expect(registerResident(t.db, c, { sessionId: s.id, seats: 5, attendeeNames: ["1", "2", "3", "4", "5"] }, now, cfg)).rejects.toMatchObject({ key: "events.err.seats" });
    // The 1 free seat fits a newcomer alone even though a party of 2 waits: it is not told to wait.
    const rc = await registerResident(t.db, c, { sessionId: s.id, seats: 1, attendeeNames: ["戊"] }, now, cfg);
    expect(rc.status).toBe("confirmed");
  });

  it("refuses outside the registration window", async () => {
    const { s } = await makeSession(t.db, now, { capacity: 3 });
    const a = await makeResident(t.db);
    await expect(registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["甲"] }, new Date(now.getTime() - 2 * 24 * H), cfg)).rejects.toMatchObject({ key: "events.err.notOpen" });
    await expect(registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["甲"] }, new Date(s.startsAt.getTime() - 30 * 60_000), cfg)).rejects.toMatchObject({ key: "events.err.closed" });
  });

  it("sends a confirmation with a valid Asia/Shanghai .ics", async () => {
    const start = shanghai(2026, 8, 8, 9, 30);
    const { s } = await makeSession(t.db, now, { capacity: 5, start });
    const a = await makeResident(t.db);
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
    expect(await registrationIcs(t.db, (await makeResident(t.db)).id, r.id)).toBeNull();
  });

  it("cancellation offers the freed seat to the first in line, held until accepted", async () => {
    const { s } = await makeSession(t.db, now, { capacity: 2 });
    const [a, b, c, d] = [await makeResident(t.db), await makeResident(t.db), await makeResident(t.db), await makeResident(t.db)];
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
    const [a, b] = [await makeResident(t.db), await makeResident(t.db)];
    const ra = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, new Date(start.getTime() - 40 * H), cfg);
    const rb = await registerResident(t.db, b, { sessionId: s.id, seats: 1, attendeeNames: ["b"] }, new Date(start.getTime() - 40 * H), cfg);
    // Past the cancellation deadline only staff may cancel; staff cancels here.
    const staff = (await makeUser(t.db, "staff", (await t.db.select().from(events).where(eq(events.id, s.eventId)))[0].unitId)).actor;
    await cancelRegistration(t.db, a, ra.id, new Date(start.getTime() - 20 * H), cfg, staff);
    const [rb2] = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.id, rb.id));
    expect(rb2.status).toBe("confirmed");
    expect((await sessionRow(t.db, s.id)).taken).toBe(1);
  });

  it("residents cannot cancel after the deadline", async () => {
    const { s } = await makeSession(t.db, now, { capacity: 1 });
    const a = await makeResident(t.db);
    const r = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    await expect(cancelRegistration(t.db, a, r.id, new Date(s.cancelDeadline.getTime() + 1), cfg)).rejects.toMatchObject({ key: "events.err.cancelDeadline" });
    const other = await makeResident(t.db);
    await expect(cancelRegistration(t.db, other, r.id, now, cfg)).rejects.toMatchObject({ key: "err.notFound" });
  });

  it("staff register a hotline caller against the same capacity, audited; other units refused", async () => {
    const { s, unitId } = await makeSession(t.db, now, { capacity: 1 });
    const staff = (await makeUser(t.db, "staff", unitId)).actor;
    const other = (await makeUser(t.db, "staff", (await makeUnit(t.db)).id)).actor;
    const r = await registerOnBehalf(t.db, staff, { sessionId: s.id, contactName: "赵阿姨", contactPhone: "13800001234", seats: 1, attendeeNames: [] }, now);
    expect(r.status).toBe("confirmed");
    expect(r.channel).toBe("hotline");
    const a = await makeResident(t.db);
    expect((await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg)).status).toBe("waitlisted");
    await expect(registerOnBehalf(t.db, other, { sessionId: s.id, contactName: "x", contactPhone: "1", seats: 1, attendeeNames: [] }, now)).rejects.toMatchObject({ status: 403 });
    await expect(registerOnBehalf(t.db, staff, { sessionId: s.id, contactName: "赵阿姨", contactPhone: "13800001234", seats: 1, attendeeNames: [] }, now)).rejects.toMatchObject({ key: "events.err.already" });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("capacity increase serves the waitlist; decrease below confirmed is refused", async () => {
    const { s, unitId } = await makeSession(t.db, now, { capacity: 1 });
    const staff = (await makeUser(t.db, "staff", unitId)).actor;
    const [a, b] = [await makeResident(t.db), await makeResident(t.db)];
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
    const staff = (await makeUser(t.db, "staff", unitId)).actor;
    const [a, b, c, d] = [await makeResident(t.db), await makeResident(t.db), await makeResident(t.db), await makeResident(t.db)];
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
    const stranger = (await makeUser(t.db, "staff", (await makeUnit(t.db)).id)).actor;
    await expect(checkIn(t.db, stranger, s.id, ra.code, day)).rejects.toMatchObject({ status: 403 });
  });

  it("a code checks in only once even when scanned at two doors at once", async () => {
    const { s, unitId } = await makeSession(t.db, now, { capacity: 3 });
    const staff = (await makeUser(t.db, "staff", unitId)).actor;
    const a = await makeResident(t.db);
    const r = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    const results = await Promise.all(Array.from({ length: 5 }, () => checkIn(t.db, staff, s.id, r.code, s.startsAt)));
    expect(results.filter((x) => x.ok)).toHaveLength(1);
  });

  it("repeated no-shows suspend registering; staff can lift it", async () => {
    const policy = loadEventsConfig({ EVENTS_NOSHOW_LIMIT: "2", EVENTS_NOSHOW_WINDOW_DAYS: "180", EVENTS_NOSHOW_SUSPEND_DAYS: "30" });
    const unit = await makeUnit(t.db);
    const staff = (await makeUser(t.db, "staff", unit.id)).actor;
    const a = await makeResident(t.db);
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
    const people = await Promise.all(Array.from({ length: N }, () => makeResident(t.db)));
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
    const first = await Promise.all(Array.from({ length: 12 }, () => makeResident(t.db)));
    const regs = [];
    for (const p of first) regs.push(await registerResident(t.db, p, { sessionId: s.id, seats: 1, attendeeNames: ["p"] }, now, cfg));
    const extra = testDriver === "postgres" ? await Promise.all([0, 1].map(() => openDatabase({ url: t.database.url, max: 8 }))) : [];
    const dbs = [t.db, ...extra.map((d) => d.db)];
    const newcomers = await Promise.all(Array.from({ length: 10 }, () => makeResident(t.db)));
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

/** Every registration of a session in its order of acceptance. */
async function inOrder(db: Db, sessionId: number) {
  return db.select().from(eventRegistrations).where(eq(eventRegistrations.sessionId, sessionId)).orderBy(asc(eventRegistrations.seq));
}

/** The place the waitlist mail sent to `email` states, or null. */
async function mailedPosition(db: Db, email: string): Promise<number | null> {
  const [m] = await db.select().from(outbox).where(and(eq(outbox.to, email), like(outbox.subject, "已加入候补%")));
  const hit = m?.text.match(/候补第 (\d+) 位/);
  return hit ? Number(hit[1]) : null;
}

/**
 * The stated rule, replayed on the order of acceptance of a rush (nothing freed
 * meanwhile): a request is confirmed when the seats still free fit its whole
 * party, else it waits, its place counting the waiting requests before it.
 */
function replayRush(regs: { seq: number; seats: number }[], capacity: number) {
  let free = capacity;
  let waiting = 0;
  return regs.map((r) => {
    if (r.seats <= free) {
      free -= r.seats;
      return { seq: r.seq, status: "confirmed" as const, position: null };
    }
    waiting++;
    return { seq: r.seq, status: "waitlisted" as const, position: waiting };
  });
}

describe("the party rule: one order, fixed at acceptance", () => {
  it("serves whole parties in order of acceptance; seats the first waiting party cannot use go to the next that fits", async () => {
    const { s, unitId } = await makeSession(t.db, now, { capacity: 5, maxSeats: 4 });
    const staff = (await makeUser(t.db, "staff", unitId)).actor;
    const [a, b, c, d, e, f] = await Promise.all(Array.from({ length: 6 }, () => makeResident(t.db)));
    const reg = (u: typeof a, seats: number, ms: number) =>
      registerResident(t.db, u, { sessionId: s.id, seats, attendeeNames: Array.from({ length: seats }, (_, i) => `${u.displayName}${i}`) }, new Date(now.getTime() + ms), cfg);
    const ra = await reg(a, 3, 1); // 2 left
    const rb = await reg(b, 4, 2); // does not fit 2: waits, 1st
    const rc = await reg(c, 1, 3); // fits: never told to wait because a larger party does
    const rd = await reg(d, 2, 4); // 1 left: waits, 2nd
    const re = await reg(e, 1, 5); // fits the last seat
    const rf = await reg(f, 1, 6); // full: waits, 3rd
    expect([ra, rb, rc, rd, re, rf].map((r) => r.status)).toEqual(["confirmed", "waitlisted", "confirmed", "waitlisted", "confirmed", "waitlisted"]);
    expect([ra, rb, rc, rd, re, rf].map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([rb, rd, rf].map((r) => r.positionAtAcceptance)).toEqual([1, 2, 3]);
    // The mail, the answer and My registrations say the same place.
    for (const [u, r] of [[b, rb], [d, rd], [f, rf]] as const) {
      expect(await mailedPosition(t.db, u.email)).toBe(r.positionAtAcceptance);
      expect((await myRegistrations(t.db, u.id, now, cfg))[0].position).toBe(r.positionAtAcceptance);
    }

    // One seat freed: it fits neither the party of 4 nor that of 2, so it goes to the next that fits (f), who is offered it.
    await cancelRegistration(t.db, c, rc.id, now, cfg);
    const st = async () => new Map((await inOrder(t.db, s.id)).map((r) => [r.id, r.status]));
    expect((await st()).get(rf.id)).toBe("offered");
    expect([(await st()).get(rb.id), (await st()).get(rd.id)]).toEqual(["waitlisted", "waitlisted"]);
    // The earlier ones keep their places.
    expect((await myRegistrations(t.db, b.id, now, cfg))[0].position).toBe(1);
    expect((await myRegistrations(t.db, d.id, now, cfg))[0].position).toBe(2);
    // Three freed: still not 4, but 2 fit the party of d, the earliest that fits.
    await cancelRegistration(t.db, a, ra.id, now, cfg);
    expect((await st()).get(rd.id)).toBe("offered");
    expect((await st()).get(rb.id)).toBe("waitlisted");
    // A newcomer who fits the one free seat takes it; nobody who fits waits before it.
    const g = await makeResident(t.db);
    expect((await reg(g, 1, 7)).status).toBe("confirmed");
    // The party of 4 is served as soon as 4 seats are free, before any later request.
    const h = await makeResident(t.db);
    const rh = await reg(h, 1, 8);
    expect(rh).toMatchObject({ status: "waitlisted", positionAtAcceptance: 2 });
    await setCapacity(t.db, staff, s.id, 9, now, cfg);
    expect((await st()).get(rb.id)).toBe("offered");
    expect((await st()).get(rh.id)).toBe("waitlisted");
    const row = await sessionRow(t.db, s.id);
    expect(row.capacity - row.taken - row.held).toBe(0);
    expect(row.accepted).toBe(8);
  });

  it("staff see the registrations in the order of acceptance, with the places in line", async () => {
    const { s } = await makeSession(t.db, now, { capacity: 2, maxSeats: 2 });
    const [a, b, c] = await Promise.all([makeResident(t.db), makeResident(t.db), makeResident(t.db)]);
    await registerResident(t.db, b, { sessionId: s.id, seats: 2, attendeeNames: ["b", "b2"] }, new Date(now.getTime() + 2000), cfg);
    await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    await registerResident(t.db, c, { sessionId: s.id, seats: 1, attendeeNames: ["c"] }, new Date(now.getTime() + 1000), cfg);
    const list = await sessionRegistrations(t.db, s.id);
    expect(list.map((r) => r.userId)).toEqual([b.id, a.id, c.id]);
    expect(list.map((r) => r.position)).toEqual([null, 1, 2]);
    // Accepted-at never runs backwards along the order, even when a request carried an earlier clock.
    expect(list.map((r) => r.createdAt.getTime())).toEqual([2000, 2000, 2000].map((ms) => now.getTime() + ms));
  });

  it(`races parties of mixed sizes for a few seats: order of service = order of acceptance, mails = places at acceptance (${testDriver})`, async () => {
    const CAP = 9;
    const N = 36;
    const { s } = await makeSession(t.db, now, { capacity: CAP, maxSeats: 4 });
    const people = await Promise.all(Array.from({ length: N }, () => makeResident(t.db)));
    const size = (i: number) => [4, 1, 3, 2, 1, 4, 2, 1, 3][i % 9];
    // Before the rush, a party of 4 already waits while 1 seat is free: the rush must give that seat to a later single.
    for (let k = 0; k < 3; k++) {
      const p = await makeResident(t.db);
      await registerResident(t.db, p, { sessionId: s.id, seats: 4, attendeeNames: ["q", "r", "s", "t"] }, now, cfg);
      people.push(p);
    }
    people.unshift(...people.splice(N, 3));
    const extra = testDriver === "postgres" ? await Promise.all([0, 1, 2].map(() => openDatabase({ url: t.database.url, max: 8 }))) : [];
    const dbs = [t.db, ...extra.map((d) => d.db)];
    let answers;
    try {
      answers = await Promise.all(
        people.slice(3).map((p, i) =>
          registerResident(dbs[i % dbs.length], p, { sessionId: s.id, seats: size(i), attendeeNames: Array.from({ length: size(i) }, (_, k) => `p${i}-${k}`) }, now, cfg),
        ),
      );
    } finally {
      await Promise.all(extra.map((d) => d.close()));
    }
    const regs = await inOrder(t.db, s.id);
    expect(regs.map((r) => r.seq)).toEqual(Array.from({ length: N + 3 }, (_, i) => i + 1));
    const expected = replayRush(regs, CAP);
    expect(regs.map((r) => r.status)).toEqual(expected.map((x) => x.status));
    // Mixed sizes really exercised the rule: some later, smaller party got a seat a waiting larger one could not use.
    const firstWaiting = regs.find((r) => r.status === "waitlisted")!;
    expect(regs.some((r) => r.seq > firstWaiting.seq && r.status === "confirmed")).toBe(true);
    const bySeq = new Map(expected.map((x) => [x.seq, x]));
    const byUser = new Map(regs.map((r) => [r.userId, r]));
    for (const [i, p] of people.entries()) {
      const r = byUser.get(p.id)!;
      const want = bySeq.get(r.seq)!.position;
      if (i >= 3) expect(answers[i - 3].positionAtAcceptance).toBe(want);
      expect(await mailedPosition(t.db, p.email)).toBe(want);
    }
    for (let k = 1; k < regs.length; k++) expect(regs[k].createdAt.getTime()).toBeGreaterThanOrEqual(regs[k - 1].createdAt.getTime());
    expect((await sessionRow(t.db, s.id)).taken).toBe(regs.filter((r) => r.status === "confirmed").reduce((a, r) => a + r.seats, 0));
    // My registrations shows the same places (none changed since).
    for (const p of people.slice(0, 8)) {
      const [mine] = await myRegistrations(t.db, p.id, now, cfg);
      expect(mine.position).toBe(bySeq.get(mine.r.seq)!.position);
    }
  });

  it(`races cancellations: freed seats go by the rule, never to a later request before an earlier one that fits (${testDriver})`, async () => {
    const { s } = await makeSession(t.db, now, { capacity: 8, maxSeats: 4 });
    const sizes = [2, 2, 1, 3, 4, 2, 1, 3, 1, 2, 4, 1];
    const people = await Promise.all(sizes.map(() => makeResident(t.db)));
    const regs = [];
    for (const [i, p] of people.entries()) regs.push(await registerResident(t.db, p, { sessionId: s.id, seats: sizes[i], attendeeNames: Array.from({ length: sizes[i] }, () => "x") }, now, cfg));
    const confirmed = regs.map((r, i) => ({ r, p: people[i] })).filter((x) => x.r.status === "confirmed");
    const extra = testDriver === "postgres" ? await Promise.all([0, 1].map(() => openDatabase({ url: t.database.url, max: 8 }))) : [];
    const dbs = [t.db, ...extra.map((d) => d.db)];
    const late = await Promise.all([0, 1, 2].map(() => makeResident(t.db)));
    try {
      await Promise.all([
        ...confirmed.slice(0, 3).map((x, i) => cancelRegistration(dbs[i % dbs.length], x.p, x.r.id, now, cfg)),
        ...late.map((p, i) => registerResident(dbs[(i + 1) % dbs.length], p, { sessionId: s.id, seats: 1, attendeeNames: ["l"] }, now, cfg)),
      ]);
    } finally {
      await Promise.all(extra.map((d) => d.close()));
    }
    const all = await inOrder(t.db, s.id);
    const row = await sessionRow(t.db, s.id);
    const free = row.capacity - row.taken - row.held;
    const waiting = all.filter((r) => r.status === "waitlisted");
    // Nobody waits while seats are free for their whole party…
    expect(waiting.filter((w) => w.seats <= free)).toEqual([]);
    // …and nobody was served by a promotion or a registration while an earlier waiting one would have fitted those seats.
    for (const r of all.filter((x) => x.status === "offered" || x.status === "confirmed")) {
      expect(waiting.filter((w) => w.seq < r.seq && w.seats <= r.seats).map((w) => w.seq)).toEqual([]);
    }
    expect(row.taken).toBe(all.filter((r) => r.status === "confirmed").reduce((a, r) => a + r.seats, 0));
    expect(row.held).toBe(all.filter((r) => r.status === "offered").reduce((a, r) => a + r.seats, 0));
  });
});

describe("check-in happens only when the session does", () => {
  it("refuses codes before the window and after the end, without looking them up; accepts inside it", async () => {
    const { s, unitId } = await makeSession(t.db, now, { capacity: 3 });
    const staff = (await makeUser(t.db, "staff", unitId)).actor;
    const a = await makeResident(t.db);
    const r = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    // Months or minutes too early, and after the end: refused, the code stays unused.
    expect(await checkIn(t.db, staff, s.id, r.code, now, cfg)).toMatchObject({ ok: false, reason: "tooEarly", registration: undefined });
    expect(await checkIn(t.db, staff, s.id, r.code, new Date(s.startsAt.getTime() - 2 * H - 1000), cfg)).toMatchObject({ ok: false, reason: "tooEarly" });
    expect(await checkIn(t.db, staff, s.id, r.code, new Date(s.endsAt.getTime() + 1000), cfg)).toMatchObject({ ok: false, reason: "over" });
    // Two hours before the start (the default) the door opens.
    expect(await checkIn(t.db, staff, s.id, r.code, new Date(s.startsAt.getTime() - 2 * H), cfg)).toMatchObject({ ok: true, attendees: 1 });
    // The window is a setting.
    const wide = loadEventsConfig({ EVENTS_CHECKIN_OPENS_HOURS: "0", EVENTS_CHECKIN_CLOSES_HOURS: "1" });
    const b = await makeResident(t.db);
    const rb = await registerResident(t.db, b, { sessionId: s.id, seats: 1, attendeeNames: ["b"] }, now, cfg);
    expect(await checkIn(t.db, staff, s.id, rb.code, new Date(s.startsAt.getTime() - 60_000), wide)).toMatchObject({ ok: false, reason: "tooEarly" });
    expect(await checkIn(t.db, staff, s.id, rb.code, new Date(s.endsAt.getTime() + 30 * 60_000), wide)).toMatchObject({ ok: true });
  });
});

describe("no-shows: one query for many residents; lifting checks the unit", () => {
  it("lists the status of many residents at once, and lets only a unit that counted a no-show lift it", async () => {
    const policy = loadEventsConfig({ EVENTS_NOSHOW_LIMIT: "1" });
    const unit = await makeUnit(t.db);
    const staff = (await makeUser(t.db, "staff", unit.id)).actor;
    const stranger = (await makeUser(t.db, "staff", (await makeUnit(t.db)).id)).actor;
    const admin = (await makeUser(t.db, "admin")).actor;
    const [a, b, c] = await Promise.all([makeResident(t.db), makeResident(t.db), makeResident(t.db)]);
    const { s } = await makeSession(t.db, now, { capacity: 5, unitId: unit.id });
    for (const p of [a, b]) await registerResident(t.db, p, { sessionId: s.id, seats: 1, attendeeNames: ["x"] }, now, policy);
    await markNoShows(t.db, staff, s.id, s.endsAt);
    const later = new Date(s.endsAt.getTime() + H);
    const all = await noShowStatuses(t.db, [a.id, b.id, c.id], later, policy);
    expect([a, b, c].map((p) => all.get(p.id)!.count)).toEqual([1, 1, 0]);
    expect(all.get(a.id)!.suspendedUntil).not.toBeNull();
    expect(all.get(c.id)!.suspendedUntil).toBeNull();
    // Another unit's staff cannot lift it; an unknown user is not found; a user with nothing counted has nothing to lift.
    await expect(liftNoShow(t.db, stranger, a.id, null, later, policy)).rejects.toMatchObject({ status: 403 });
    await expect(liftNoShow(t.db, staff, 2_000_000_000, null, later, policy)).rejects.toMatchObject({ status: 404 });
    await expect(liftNoShow(t.db, staff, 99_999_999_999, null, later, policy)).rejects.toMatchObject({ status: 404 });
    await expect(liftNoShow(t.db, staff, c.id, null, later, policy)).rejects.toMatchObject({ key: "events.err.notSuspended" });
    await liftNoShow(t.db, staff, a.id, "电话说明", later, policy);
    // One resident's lift is theirs alone.
    expect((await noShowStatuses(t.db, [a.id, b.id], later, policy)).get(b.id)!.suspendedUntil).not.toBeNull();
    await liftNoShow(t.db, admin, b.id, null, later, policy);
    expect((await noShowStatus(t.db, a.id, later, policy)).suspendedUntil).toBeNull();
    expect((await noShowStatus(t.db, b.id, later, policy)).suspendedUntil).toBeNull();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

describe("bad ids are not found, never a database error", () => {
  it("cancel, accept and register with ids out of range answer 404", async () => {
    const a = await makeResident(t.db);
    for (const id of [99_999_999_999, 0, -1, 1.5]) {
      await expect(cancelRegistration(t.db, a, id, now, cfg)).rejects.toMatchObject({ status: 404 });
      await expect(acceptOffer(t.db, a, id, now, cfg)).rejects.toMatchObject({ status: 404 });
      await expect(registerResident(t.db, a, { sessionId: id, seats: 1, attendeeNames: ["a"] }, now, cfg)).rejects.toMatchObject({ status: 404 });
    }
  });
});

describe("mail subjects", () => {
  it("an event title with a line break cannot start a header of its own", async () => {
    const { s, e } = await makeSession(t.db, now, { capacity: 1 });
    await t.db.update(events).set({ title: "走进档案馆\r\nBcc: victim@example.com" }).where(eq(events.id, e.id));
    const a = await makeResident(t.db);
    await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    const b = await makeResident(t.db);
    await registerResident(t.db, b, { sessionId: s.id, seats: 1, attendeeNames: ["b"] }, now, cfg);
    const mails = await t.db.select().from(outbox).where(like(outbox.subject, "%走进档案馆%"));
    expect(mails.length).toBeGreaterThanOrEqual(2);
    for (const m of mails) expect(m.subject).not.toMatch(/[\r\n]/);
  });
});

describe("the line is served before a newcomer even if a change forgot to serve it", () => {
  it("a waiting party that fits the free seats goes first; the newcomer is then placed by the same rule", async () => {
    const start = new Date(now.getTime() + 30 * H); // automatic promotion: confirmations, not offers
    const { s } = await makeSession(t.db, now, { capacity: 1, maxSeats: 2, start });
    const [a, b, c] = await Promise.all([makeResident(t.db), makeResident(t.db), makeResident(t.db)]);
    await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    const rb = await registerResident(t.db, b, { sessionId: s.id, seats: 2, attendeeNames: ["b", "b2"] }, now, cfg);
    expect(rb.status).toBe("waitlisted");
    // Seats appear behind the service's back (as a bug or a hand edit would do).
    await t.db.update(eventSessions).set({ capacity: 4 }).where(eq(eventSessions.id, s.id));
    // The hotline path does not run the lazy timers first, so only the placing statement can notice.
    const staff = (await makeUser(t.db, "staff", (await t.db.select().from(events).where(eq(events.id, s.eventId)))[0].unitId)).actor;
    const rc = await registerOnBehalf(t.db, staff, { sessionId: s.id, contactName: "c", contactPhone: "13900000000", contactEmail: c.email, seats: 2, attendeeNames: ["c", "c2"] }, now, cfg);
    const [rb2] = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.id, rb.id));
    expect(rb2.status).toBe("confirmed");
    expect({ status: rc.status, positionAtAcceptance: rc.positionAtAcceptance }).toEqual({ status: "waitlisted", positionAtAcceptance: 1 });
    expect(await mailedPosition(t.db, c.email)).toBe(1);
  });
});

describe("open-month mails in the recipient's language", () => {
  it("an English account gets its confirmation, waitlist place and offer in English; a caller without an account in Chinese", async () => {
    const { s, unitId } = await makeSession(t.db, now, { capacity: 1 });
    const staff = (await makeUser(t.db, "staff", unitId)).actor;
    const [a, b] = [await makeResident(t.db), await makeResident(t.db)];
    await t.db.update(users).set({ lang: "en" }).where(eq(users.id, a.id));
    await t.db.update(users).set({ lang: "en" }).where(eq(users.id, b.id));
    const ra = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["a"] }, now, cfg);
    await registerResident(t.db, b, { sessionId: s.id, seats: 1, attendeeNames: ["b"] }, now, cfg);
    const mailOf = async (to: string) => t.db.select().from(outbox).where(eq(outbox.to, to)).orderBy(asc(outbox.id));
    const [confirmed] = await mailOf(a.email);
    expect(confirmed.subject).toBe("Registration confirmed: 走进区档案馆");
    expect(confirmed.text).toContain(`Confirmation code: ${ra.code.slice(0, 4)}-`);
    expect(confirmed.text).not.toMatch(/您好|确认码/);
    const [waiting] = await mailOf(b.email);
    expect(waiting.subject).toBe("On the waitlist: 走进区档案馆");
    expect(waiting.text).toContain("you are number 1 on the waitlist");
    await cancelRegistration(t.db, a, ra.id, now, cfg);
    const offer = (await mailOf(b.email)).at(-1)!;
    expect(offer.subject).toBe("A seat is held for you: 走进区档案馆");
    await registerOnBehalf(t.db, staff, { sessionId: s.id, contactName: "赵阿姨", contactPhone: "13800009999", contactEmail: "zhao@example.com", seats: 1, attendeeNames: [] }, now, cfg);
    expect((await mailOf("zhao@example.com"))[0].subject).toBe("已加入候补：走进区档案馆");
  });
});
