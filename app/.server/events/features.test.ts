import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import ical from "node-ical";
import { describe, expect, it } from "vitest";
import { eventRegistrations, eventSessions, events, outbox, units, users } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { seedFoundation } from "../../../seeds/foundation";
import { openMonthYear, seedEvents } from "../../../seeds/events";
import type { Actor } from "../context";
import { loadEventsConfig } from "./config";
import { attendanceByEvent, listPublicEvents, yearSummaries } from "./events";
import { maskName, maskPhone, registrationTable, resultsTable, toCsv, toXlsx } from "./exports";
import { monthFeed } from "./feed";
import { addQuestion, questionnaireResults, sendQuestionnaire, submitResponse } from "./questionnaire";
import { checkIn } from "./checkin";
import { registerResident } from "./registration";
import { markTheme, proposeTheme, supportTheme, themeRanking } from "./themes";
import { shanghai } from "./time";

const t = useTestDb();
const cfg = loadEventsConfig({});
const now = shanghai(2026, 7, 20, 10);
let f: Awaited<ReturnType<typeof seedFoundation>>;
let officeStaff: Actor;
let drcStaff: Actor;

async function citizen(tag: string) {
  const [u] = await t.db.insert(users).values({ email: `${tag}.${Math.random().toString(36).slice(2, 8)}@example.com`, passwordHash: "x", displayName: "市民" + tag }).returning();
  return u;
}

describe("open month features on the demo data", () => {
  it("seeds August of the open year with nearly-full sessions and last year's attendance", async () => {
    f = await seedFoundation(t.db);
    await t.db.transaction((tx) => seedEvents(tx, f, now));
    officeStaff = { id: f.userIds["staff.office@pudong.example"], role: "staff", unitId: f.unitIds["district-office"] };
    drcStaff = { id: f.userIds["staff.drc@pudong.example"], role: "staff", unitId: f.unitIds["drc"] };
    expect(openMonthYear(now)).toBe(2026);
    expect(openMonthYear(shanghai(2026, 11, 27))).toBe(2027);
    const list = await listPublicEvents(t.db, { year: 2026 });
    expect(list.length).toBeGreaterThanOrEqual(6);
    expect(list.some((x) => x.e.host.includes("档案馆"))).toBe(true);
    // The seeded counters agree with the rows.
    const sessions = await t.db.select().from(eventSessions);
    const regs = await t.db.select().from(eventRegistrations);
    for (const s of sessions) {
      const confirmed = regs.filter((r) => r.sessionId === s.id && r.status === "confirmed").reduce((a, r) => a + r.seats, 0);
      expect(s.taken).toBe(confirmed);
      expect(s.taken).toBeLessThanOrEqual(s.capacity);
    }
    expect(list.flatMap((x) => x.sessions).some((s) => s.seatsLeft > 0 && s.seatsLeft <= 2)).toBe(true);
    expect(list.flatMap((x) => x.sessions).some((s) => s.waiting > 0)).toBe(true);
    // Every seeded request has its place in its session's order, and accepted-at follows it.
    for (const s of sessions) {
      const mine = regs.filter((r) => r.sessionId === s.id).sort((a, b) => a.seq - b.seq);
      expect(mine.map((r) => r.seq)).toEqual(mine.map((_, i) => i + 1));
      expect(s.accepted).toBe(mine.length);
      for (let k = 1; k < mine.length; k++) expect(mine[k].createdAt.getTime()).toBeGreaterThanOrEqual(mine[k - 1].createdAt.getTime());
    }
    const years = await yearSummaries(t.db, now);
    expect(years.map((y) => y.year)).toEqual([2026, 2025]);
    expect(years[1].attended).toBeGreaterThan(0);
    // A check-in recorded for a session still to come is not an attendance.
    const coming = regs.find((r) => r.status === "confirmed" && sessions.find((s) => s.id === r.sessionId)!.startsAt > now)!;
    await t.db.update(eventRegistrations).set({ checkedInAt: now }).where(eq(eventRegistrations.id, coming.id));
    expect((await yearSummaries(t.db, now))[0].attended).toBe(0);
    expect((await attendanceByEvent(t.db, 2026, now)).every((e) => e.attended === 0)).toBe(true);
    await t.db.update(eventRegistrations).set({ checkedInAt: null }).where(eq(eventRegistrations.id, coming.id));
    const past = await attendanceByEvent(t.db, 2025, now);
    expect(past.every((e) => e.attended <= e.capacity)).toBe(true);
    // Filters.
    expect((await listPublicEvents(t.db, { year: 2026, area: "张江" })).every((x) => x.e.area === "张江")).toBe(true);
    expect((await listPublicEvents(t.db, { year: 2026, unit: "ecology" })).every((x) => x.unit.slug === "ecology")).toBe(true);
    expect((await listPublicEvents(t.db, { year: 2026, date: "2026-08-20" })).length).toBeGreaterThan(0);
    const withSeats = await listPublicEvents(t.db, { year: 2026, seatsLeft: true });
    expect(withSeats.every((x) => x.sessions.some((s) => s.seatsLeft > 0))).toBe(true);
  });

  it("publishes a site-wide .ics feed of the month in Asia/Shanghai", async () => {
    const ics = await monthFeed(t.db, 2026);
    const vevents = Object.values(ical.sync.parseICS(ics)).filter((v) => v?.type === "VEVENT") as ical.VEvent[];
    const count = (await t.db.select().from(eventSessions).innerJoin(events, eq(events.id, eventSessions.eventId)).where(eq(events.year, 2026))).length;
    expect(vevents).toHaveLength(count);
    expect(vevents.every((v) => (v.start as Date & { tz?: string }).tz === "Asia/Shanghai")).toBe(true);
    expect(vevents.every((v) => v.start.getTime() >= shanghai(2026, 8, 1).getTime() && v.start.getTime() < shanghai(2026, 9, 1).getTime())).toBe(true);
  });

  it("themes: propose, support once, rank, and staff mark the adopted ones", async () => {
    const a = await citizen("ta");
    const b = await citizen("tb");
    const p = await proposeTheme(t.db, a.id, 2026, { title: "走进消防救援站", description: null }, now);
    await supportTheme(t.db, b.id, p.id, now);
    await expect(supportTheme(t.db, b.id, p.id, now)).rejects.toMatchObject({ key: "events.err.themeDuplicate" });
    const ranking = await themeRanking(t.db, 2026, b.id);
    const mine = ranking.find((r) => r.id === p.id)!;
    expect(mine.supports).toBe(2);
    expect(mine.mine).toBe(true);
    expect(ranking.map((r) => r.supports)).toEqual([...ranking.map((r) => r.supports)].sort((x, y) => y - x));
    const [officeEvent] = await t.db.select().from(events).where(eq(events.unitId, f.unitIds["district-office"]));
    await expect(markTheme(t.db, drcStaff, p.id, { status: "adopted", eventId: officeEvent.id }, now)).rejects.toMatchObject({ status: 403 });
    await markTheme(t.db, officeStaff, p.id, { status: "adopted", eventId: officeEvent.id }, now);
    expect((await themeRanking(t.db, 2026)).find((r) => r.id === p.id)!.status).toBe("adopted");
    // Once adopted, the theme is the adopting unit's: another unit can neither decline nor reopen it.
    await expect(markTheme(t.db, drcStaff, p.id, { status: "declined" }, now)).rejects.toMatchObject({ status: 403 });
    await expect(markTheme(t.db, drcStaff, p.id, { status: "open" }, now)).rejects.toMatchObject({ status: 403 });
    await expect(markTheme(t.db, drcStaff, 99_999_999_999, { status: "declined" }, now)).rejects.toMatchObject({ status: 404 });
    await markTheme(t.db, officeStaff, p.id, { status: "declined" }, now);
    const [after] = await t.db.select().from(events).where(eq(events.id, officeEvent.id));
    expect(after.themeProposalId).toBeNull();
  });

  it("one resident files a limited number of theme proposals a year, even when posting in parallel", async () => {
    const a = await citizen("lim");
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => proposeTheme(t.db, a.id, 2026, { title: `主题${i}`, description: null }, now, cfg)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(cfg.themeProposalsPerYear);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.every((r) => r.reason?.key === "events.err.themeLimit" && r.reason?.status === 429)).toBe(true);
    // Next year counts afresh.
    await proposeTheme(t.db, a.id, 2027, { title: "明年的主题", description: null }, now, cfg);
  });

  it("questionnaire: sent to attendees after the session, answered once, results and export", async () => {
    const [u] = await t.db.insert(units).values({ slug: "q-unit", nameZh: "问卷单位", nameEn: "Q" }).returning();
    const staff: Actor = { id: officeStaff.id, role: "admin", unitId: null };
    const [e] = await t.db.insert(events).values({ unitId: u.id, year: 2026, title: "问卷测试活动", host: "h", theme: "t", area: "花木", venue: "v", address: "a", description: "d", status: "published" }).returning();
    const start = shanghai(2026, 8, 3, 9);
    const [s] = await t.db.insert(eventSessions).values({ eventId: e.id, startsAt: start, endsAt: new Date(start.getTime() + 3600_000), capacity: 10, maxSeatsPerRegistration: 2, registrationOpensAt: shanghai(2026, 7, 1), registrationClosesAt: start, cancelDeadline: start }).returning();
    const q1 = await addQuestion(t.db, staff, e.id, { kind: "rating", prompt: "满意度", options: [], required: true }, now);
    const q2 = await addQuestion(t.db, staff, e.id, { kind: "multiple", prompt: "喜欢的环节", options: ["参观", "座谈", "体验"], required: false }, now);
    await expect(addQuestion(t.db, staff, e.id, { kind: "single", prompt: "x", options: ["only"], required: false }, now)).rejects.toMatchObject({ key: "events.err.options" });
    await expect(addQuestion(t.db, drcStaff, e.id, { kind: "text", prompt: "x", options: [], required: false }, now)).rejects.toMatchObject({ status: 403 });
    const a = await citizen("qa");
    const b = await citizen("qb");
    const ra = await registerResident(t.db, a, { sessionId: s.id, seats: 1, attendeeNames: ["甲"] }, now, cfg);
    const rb = await registerResident(t.db, b, { sessionId: s.id, seats: 1, attendeeNames: ["乙"] }, now, cfg);
    await checkIn(t.db, staff, s.id, ra.code, start);
    await expect(sendQuestionnaire(t.db, staff, s.id, start)).rejects.toMatchObject({ key: "events.err.notEnded" });
    expect(await sendQuestionnaire(t.db, staff, s.id, s.endsAt)).toBe(1);
    expect(await sendQuestionnaire(t.db, staff, s.id, s.endsAt)).toBe(0);
    expect((await t.db.select().from(outbox).where(eq(outbox.to, a.email))).some((m) => m.subject.startsWith("问卷调查"))).toBe(true);

    const form = new FormData();
    form.set(`q${q1.id}`, "4");
    form.append(`q${q2.id}`, "0");
    form.append(`q${q2.id}`, "2");
    const bad = new FormData();
    bad.set(`q${q1.id}`, "9");
    await expect(submitResponse(t.db, a.id, ra.id, bad, s.endsAt)).rejects.toMatchObject({ key: "events.err.answer" });
    await submitResponse(t.db, a.id, ra.id, form, s.endsAt);
    await expect(submitResponse(t.db, a.id, ra.id, form, s.endsAt)).rejects.toMatchObject({ key: "events.err.questionnaireClosed" });
    // Not checked in: no questionnaire.
    await expect(submitResponse(t.db, b.id, rb.id, form, s.endsAt)).rejects.toMatchObject({ key: "events.err.questionnaireClosed" });
    await expect(submitResponse(t.db, b.id, ra.id, form, s.endsAt)).rejects.toMatchObject({ status: 404 });

    const res = await questionnaireResults(t.db, staff, e.id);
    expect(res.results[0].average).toBe(4);
    expect(res.results[1].counts.map((c) => c.n)).toEqual([1, 0, 1]);
    const table = await resultsTable(t.db, staff, e.id);
    expect(table.body[0]).toContain("参观、体验");

    // Registrations export: masked by default, full on request; both audited.
    const masked = await registrationTable(t.db, staff, s.id, false, s.endsAt);
    const csv = toCsv(masked.header, masked.body);
    expect(csv).toContain("市*");
    expect(csv).not.toContain(a.email);
    expect(csv).not.toContain(ra.code.slice(0, 4) + "-");
    const full = await registrationTable(t.db, staff, s.id, true, s.endsAt);
    expect(toCsv(full.header, full.body)).toContain(a.email);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx("报名", full.header, full.body)) as unknown as ArrayBuffer);
    expect(wb.worksheets[0].rowCount).toBe(3);
    // Staff see the order of acceptance and the accepted-at time to the second.
    expect(full.header.slice(0, 2)).toEqual(["受理顺序 Order", "受理时间 Accepted at"]);
    expect(full.body.map((r) => r[0])).toEqual([1, 2]);
    expect(full.body[0][1]).toBe("2026-07-20T10:00:00+08:00"); // ISO: a machine column that sorts
    await expect(registrationTable(t.db, drcStaff, s.id, true, s.endsAt)).rejects.toMatchObject({ status: 403 });
    expect(maskName("王芳")).toBe("王*");
    expect(maskPhone("13812345678")).toBe("138****5678");
  });
});
