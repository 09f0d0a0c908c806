import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "#db/testing/db";
import { auditLog, holidaySchedules } from "#db/schema";
import { makeUnit, makeUser, refused } from "#db/testing/kit";
import { importKnownSchedules, listSchedules, loadCalendar, missingScheduleYears, packagedSchedules, saveSchedule } from "./schedules";
import { addWorkingDays, isWorkingDay, makeCalendar, workingDaysBetween } from "./working-days";

const t = useTestDb();
const now = new Date("2026-12-01T02:00:00Z");

/** Runs `fn` with the host in another zone (Node reads TZ afresh when it changes). */
function inZone<T>(zone: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    process.env.TZ = before;
  }
}

describe("holiday schedules as data", () => {
  it("the migration loaded the years chinese-days knows, and 2027 is not among them", async () => {
    const years = (await listSchedules(t.db)).map((s) => s.year);
    expect(years).toContain(2025);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027);
    const [y2025] = await t.db.select().from(holidaySchedules).where(eq(holidaySchedules.year, 2025));
    expect(y2025.source).toBe("chinese-days");
    // National Day + Mid-Autumn 2025: 1–8 October off; 28 September and 11 October worked.
    expect(y2025.offDays).toEqual(expect.arrayContaining(["2025-10-01", "2025-10-08"]));
    expect(y2025.workdays).toEqual(expect.arrayContaining(["2025-09-28", "2025-10-11"]));
  });

  it("reads the package the same way whatever the host's time zone", () => {
    const utc = packagedSchedules([2024, 2025, 2026, 2027]);
    expect(utc.map((s) => s.year)).toEqual([2024, 2025, 2026]);
    expect(utc.find((s) => s.year === 2025)!.offDays).toEqual(expect.arrayContaining(["2025-01-01", "2025-10-01", "2025-10-08"]));
    expect(utc.find((s) => s.year === 2025)!.offDays).not.toContain("2024-12-31");
    for (const zone of ["America/Los_Angeles", "Pacific/Kiritimati", "Asia/Shanghai"]) {
      expect(inZone(zone, () => packagedSchedules([2024, 2025, 2026, 2027]))).toEqual(utc);
    }
  });

  it("counts working days from the table, with holidays and make-up days", async () => {
    const cal = await loadCalendar(t.db);
    expect(workingDaysBetween(cal, "2025-09-29", "2025-10-09")).toEqual({ ok: true, value: 3 });
    expect(isWorkingDay(cal, "2025-10-11")).toBe(true); // a Saturday worked
    expect(isWorkingDay(cal, "2026-01-01")).toBe(false);
    // The 3rd working day after 30 September 2026: 8, 9 and 10 October (a make-up Saturday).
    expect(addWorkingDays(cal, "2026-09-30", 3)).toEqual({ ok: true, value: "2026-10-10" });
    expect(addWorkingDays(cal, "2026-10-08", -1)).toEqual({ ok: true, value: "2026-09-30" });
    expect(addWorkingDays(cal, "2026-10-08", 0)).toEqual({ ok: true, value: "2026-10-08" });
  });

  it("a year without a schedule is reported missing, never silently weekends-only", async () => {
    const cal = await loadCalendar(t.db);
    expect(isWorkingDay(cal, "2027-01-01")).toBeNull();
    const n = workingDaysBetween(cal, "2026-12-28", "2027-01-08");
    expect(n).toEqual({ ok: false, missing: [2027], provisional: 10 });
    const due = addWorkingDays(cal, "2026-12-15", 20);
    expect(due.ok).toBe(false);
    expect(due).toMatchObject({ missing: [2027] });
    // Wholly inside a known year: no doubt.
    expect(workingDaysBetween(cal, "2026-12-01", "2026-12-31").ok).toBe(true);
  });

  it("gives the same answers under any host time zone", async () => {
    const cal = await loadCalendar(t.db);
    const ask = () => [
      workingDaysBetween(cal, "2026-02-13", "2026-02-25"),
      addWorkingDays(cal, "2025-09-26", 20),
      isWorkingDay(cal, "2026-02-14"),
      isWorkingDay(cal, "2026-10-10"),
      addWorkingDays(cal, "2026-12-25", 5),
    ];
    // The zone switch is real: the host's offset changes.
    expect(inZone("America/Los_Angeles", () => new Date("2026-06-01T00:00:00Z").getTimezoneOffset())).toBe(420);
    const expected = ask();
    expect(expected[0]).toEqual({ ok: true, value: 4 });
    expect(expected[1]).toEqual({ ok: true, value: "2025-10-30" });
    for (const zone of ["America/Los_Angeles", "Pacific/Kiritimati", "Europe/London"]) expect(inZone(zone, ask)).toEqual(expected);
  });

  it("the admin enters a year's schedule: checked, audited, used at once; the November warning goes", async () => {
    const admin = await makeUser(t.db, "admin");
    const staff = await makeUser(t.db, "staff", (await makeUnit(t.db)).id);
    const input = { year: 2027, offDays: "2027-01-01 元旦\n2027-02-05\n2027-02-06", workdays: "2027-01-30", reference: "测试用安排（非官方）" };
    expect((await refused(saveSchedule(t.db, staff.actor, input, now))).key).toBe("err.forbidden");
    expect(await refused(saveSchedule(t.db, admin.actor, { ...input, offDays: "2027-13-01" }, now))).toMatchObject({ key: "calendar.err.days", field: "offDays" });
    expect(await refused(saveSchedule(t.db, admin.actor, { ...input, offDays: "2026-12-31" }, now))).toMatchObject({ key: "calendar.err.wrongYear", params: { day: "2026-12-31", year: 2027 } });
    expect(await refused(saveSchedule(t.db, admin.actor, { ...input, workdays: "2027-01-29" }, now))).toMatchObject({ key: "calendar.err.workdayNotWeekend", params: { day: "2027-01-29" } });
    expect(await refused(saveSchedule(t.db, admin.actor, { ...input, offDays: "2027-01-30", workdays: "2027-01-30" }, now))).toMatchObject({ key: "calendar.err.both" });

    expect(missingScheduleYears(await loadCalendar(t.db), new Date("2026-10-31T15:59:00Z"))).toEqual([]); // 31 Oct 23:59 Shanghai
    expect(missingScheduleYears(await loadCalendar(t.db), new Date("2026-10-31T16:00:00Z"))).toEqual([2027]); // 1 Nov 00:00 Shanghai

    await saveSchedule(t.db, admin.actor, input, now);
    const cal = await loadCalendar(t.db);
    expect(isWorkingDay(cal, "2027-01-01")).toBe(false);
    expect(isWorkingDay(cal, "2027-01-30")).toBe(true);
    expect(workingDaysBetween(cal, "2026-12-28", "2027-01-08")).toEqual({ ok: true, value: 9 });
    expect(missingScheduleYears(cal, now)).toEqual([]);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "calendar.create"), eq(auditLog.entityId, "2027")));
    expect(audit.actorId).toBe(admin.user.id);

    // A correction is audited with what changed; a later import never overwrites it.
    await saveSchedule(t.db, admin.actor, { ...input, offDays: `${input.offDays}\n2027-02-08` }, now);
    const [upd] = await t.db.select().from(auditLog).where(eq(auditLog.action, "calendar.update"));
    expect(upd.summary).toMatchObject({ offAdded: ["2027-02-08"], offRemoved: [] });
    await saveSchedule(t.db, admin.actor, { year: 2026, offDays: "2026-01-01", workdays: "", reference: "" }, now);
    expect(await importKnownSchedules(t.db, now)).toEqual([]);
    const [y2026] = await t.db.select().from(holidaySchedules).where(eq(holidaySchedules.year, 2026));
    expect(y2026).toMatchObject({ source: "admin", offDays: ["2026-01-01"] });
  });

  it("makeCalendar is a plain value: the rules can be tested without a database", () => {
    const cal = makeCalendar([{ year: 2030, offDays: ["2030-01-01"], workdays: [] }]);
    expect(workingDaysBetween(cal, "2030-01-01", "2030-01-04")).toEqual({ ok: true, value: 3 });
  });
});
