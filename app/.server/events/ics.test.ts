import { and, asc, eq, gt } from "drizzle-orm";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { eventSessions, events, users } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { seedFoundation, type FoundationSeed } from "../../../seeds/foundation";
import { seedEvents } from "../../../seeds/events";
import type { Actor } from "../context";
import { loadEventsConfig } from "./config";
import { eventSchema, setEventStatus, updateEvent } from "./events";
import { monthFeed } from "./feed";
import { buildIcs } from "./ics";
import { registrationIcs } from "./mails";
import { registerResident } from "./registration";
import { shanghai } from "./time";

const t = useTestDb();
const now = shanghai(2026, 7, 20, 10);
let f: FoundationSeed;

beforeAll(async () => {
  f = await seedFoundation(t.db);
  await t.db.transaction((tx) => seedEvents(tx, f, now));
});

/** What a third party checks first: CRLF lines of at most 75 octets (RFC 5545 §3.1), then ical.js parses it. */
function parseCalendar(ics: string) {
  expect(ics.endsWith("\r\n")).toBe(true);
  const lines = ics.slice(0, -2).split("\r\n");
  const long = lines.filter((l) => Buffer.byteLength(l, "utf8") > 75);
  expect(long, "lines over 75 octets").toEqual([]);
  expect(lines.some((l) => l.includes("\n"))).toBe(false);
  // DTSTAMP and LAST-MODIFIED are UTC whatever the host's zone (§3.8.7).
  expect(lines.filter((l) => /^(DTSTAMP|LAST-MODIFIED):/.test(l)).every((l) => /^[A-Z-]+:\d{8}T\d{6}Z$/.test(l))).toBe(true);
  const cal = new ICAL.Component(ICAL.parse(ics));
  for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  return cal.getAllSubcomponents("vevent").map((v) => ({ v, e: new ICAL.Event(v) }));
}

const admin = (): Actor => ({ id: f.userIds["admin@pudong.example"], role: "admin", unitId: null });

describe("open-month calendars", () => {
  it("writes Shanghai wall-clock times and UTC stamps whatever the host's time zone", () => {
    const saved = process.env.TZ;
    process.env.TZ = "America/New_York"; // Node re-reads TZ on assignment
    try {
      const ics = buildIcs([
        { uid: "x@canyu.pudong", title: "测试", start: shanghai(2026, 8, 8, 9, 30), end: shanghai(2026, 8, 8, 11), sequence: 3, lastModified: new Date("2026-07-01T02:00:00Z") },
      ]);
      parseCalendar(ics);
      expect(ics).toContain("DTSTART;TZID=Asia/Shanghai:20260808T093000\r\n");
      expect(ics).toContain("DTSTAMP:20260701T020000Z\r\n");
      expect(ics).toContain("LAST-MODIFIED:20260701T020000Z\r\n");
      expect(ics).toContain("SEQUENCE:3\r\n");
    } finally {
      process.env.TZ = saved;
    }
  });

  it("the site feed: every line ≤ 75 octets, Chinese text intact after unfolding, Shanghai times", async () => {
    const ics = await monthFeed(t.db, 2026);
    const vevents = parseCalendar(ics);
    const sessions = await t.db
      .select({ s: eventSessions, e: events })
      .from(eventSessions)
      .innerJoin(events, eq(events.id, eventSessions.eventId))
      .where(and(eq(events.year, 2026), eq(events.status, "published")));
    expect(vevents).toHaveLength(sessions.length);
    // The seeded descriptions and addresses are long Chinese lines: folding must have happened, on octets.
    expect(ics).toMatch(/\r\n /);
    for (const { s, e } of sessions) {
      const found = vevents.find((x) => x.e.uid === `session-${s.id}@canyu.pudong`);
      expect(found, `session ${s.id}`).toBeDefined();
      expect(found!.e.location).toBe(`${e.venue} ${e.address}`);
      expect(found!.e.description).toContain(e.description);
      expect(found!.e.startDate.zone?.tzid).toBe("Asia/Shanghai");
      expect(found!.e.startDate.toJSDate().getTime()).toBe(s.startsAt.getTime());
      expect(found!.e.endDate.toJSDate().getTime()).toBe(s.endsAt.getTime());
      expect(found!.e.sequence).toBe(0);
      expect(found!.v.getFirstPropertyValue("last-modified")).toBeTruthy();
    }
    // Nothing varies between two requests for unchanged data (DTSTAMP is the last change, not "now").
    expect(await monthFeed(t.db, 2026)).toBe(ics);
  });

  it("a registration's own file is the same entry (one UID per session) with the confirmation code", async () => {
    const [x] = await t.db
      .select({ s: eventSessions })
      .from(eventSessions)
      .innerJoin(events, eq(events.id, eventSessions.eventId))
      .where(and(eq(events.year, 2026), eq(events.status, "published"), gt(eventSessions.capacity, eventSessions.taken)))
      .orderBy(asc(eventSessions.startsAt))
      .limit(1);
    const [u] = await t.db.insert(users).values({ email: "ics.reader@example.com", passwordHash: "x", displayName: "读者" }).returning();
    const cfg = loadEventsConfig({});
    const r = await registerResident(t.db, u, { sessionId: x.s.id, seats: 1, attendeeNames: ["读者"] }, new Date(Math.max(now.getTime(), x.s.registrationOpensAt.getTime() + 1)), cfg);
    expect(r.status).toBe("confirmed");
    const own = parseCalendar((await registrationIcs(t.db, u.id, r.id))!);
    expect(own).toHaveLength(1);
    const site = parseCalendar(await monthFeed(t.db, 2026)).find((v) => v.e.uid === own[0].e.uid);
    expect(own[0].e.uid).toBe(`session-${x.s.id}@canyu.pudong`);
    expect(site).toBeDefined();
    expect(own[0].e.sequence).toBe(site!.e.sequence);
    expect(own[0].e.description).toContain("确认码");
  });

  it("a changed or cancelled event raises SEQUENCE and LAST-MODIFIED, so subscribers' copies update", async () => {
    const [s] = await t.db
      .select({ s: eventSessions, e: events })
      .from(eventSessions)
      .innerJoin(events, eq(events.id, eventSessions.eventId))
      .where(and(eq(events.year, 2026), eq(events.status, "published")))
      .orderBy(asc(eventSessions.id))
      .limit(1);
    const uid = `session-${s.s.id}@canyu.pudong`;
    const entry = async () => parseCalendar(await monthFeed(t.db, 2026)).find((v) => v.e.uid === uid)!;
    const before = await entry();
    const staff = admin();
    const later = new Date(now.getTime() + 3600_000);
    const input = eventSchema.parse({ ...s.e, venue: "浦东新区市民中心二楼多功能厅（东侧入口进入后左转）" });
    await updateEvent(t.db, staff, s.e.id, input, later);
    const changed = await entry();
    expect(changed.e.sequence).toBe(before.e.sequence + 1);
    expect(changed.e.location).toContain("浦东新区市民中心二楼多功能厅");
    const lastModified = (v: typeof changed) => (v.v.getFirstPropertyValue("last-modified") as ICAL.Time).toJSDate().getTime();
    expect(lastModified(changed)).toBe(later.getTime());
    expect(lastModified(changed)).toBeGreaterThan(lastModified(before));

    await setEventStatus(t.db, staff, s.e.id, "cancelled", new Date(later.getTime() + 60_000));
    const cancelled = await entry();
    expect(cancelled.e.sequence).toBe(before.e.sequence + 2);
    expect(cancelled.v.getFirstPropertyValue("status")).toBe("CANCELLED");
  });
});
