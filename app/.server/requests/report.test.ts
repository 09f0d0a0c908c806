import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows as sqlRows } from "#db/index";
import { informationRequests } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { seedFoundation, type FoundationSeed } from "../../../seeds/foundation";
import { seedRequests } from "../../../seeds/requests";
import { makeUser } from "#db/testing/kit";
import { annualReport, reportCsv, reportRows, reportXlsx } from "./report";

const t = useTestDb();
const NOW = new Date("2026-12-01T02:00:00Z");

describe("annual report, section III, against the demo data counted by hand", () => {
  let f: FoundationSeed;
  it("2026, all units: new, carried over, outcomes by category and applicant type, carried to next year, 复议 and 诉讼", async () => {
    f = await seedFoundation(t.db);
    await seedRequests(t.db, f, NOW);
    const admin = (await makeUser(t.db, "admin")).actor;
    const rep = await annualReport(t.db, admin, 2026, null);
    // Received in 2026: seven natural persons (李桂英, 赵敏, 孙丽, 周建华, 王芳 ×2, 钱伟), three companies
    // (张江某某科技 ×2, 浦江建设), two research institutes, one public-interest group, one law firm, two other organisations.
    expect(rep.newReceived).toEqual({ natural_person: 7, commercial: 3, research: 2, public_interest: 1, legal_services: 1, other_org: 2, total: 16 });
    // 外高桥某物流: received in December 2025, answered in January.
    expect(rep.carriedOver).toEqual({ natural_person: 0, commercial: 1, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 1 });
    expect(rep.groups.disclosed).toMatchObject({ natural_person: 1, commercial: 1, research: 1, other_org: 1, total: 4 });
    expect(rep.results.partial).toMatchObject({ commercial: 1, total: 1 });
    expect(rep.groups.withheld.total).toBe(2);
    expect(rep.results.withheld_process).toMatchObject({ natural_person: 1, total: 1 });
    expect(rep.results.withheld_third_party).toMatchObject({ other_org: 1, total: 1 });
    // Not held, and another body's: both in 本机关不掌握相关政府信息.
    expect(rep.results.unavailable_not_held).toMatchObject({ research: 1, legal_services: 1, total: 2 });
    expect(rep.results.rejected_duplicate).toMatchObject({ public_interest: 1, total: 1 });
    expect(rep.results.other_correction_lapsed).toMatchObject({ natural_person: 1, total: 1 });
    expect(rep.finished.total).toBe(11);
    expect(rep.carriedNext).toEqual({ natural_person: 4, commercial: 2, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 6 });
    expect(rep.newReceived.total + rep.carriedOver.total).toBe(rep.finished.total + rep.carriedNext.total);
    expect(rep.remedies.reconsideration).toEqual({ upheld: 0, corrected: 1, other: 0, pending: 1, total: 2 });
    expect(rep.remedies.litigation).toEqual({ upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 });

    const prev = await annualReport(t.db, admin, 2025, null);
    expect([prev.newReceived.total, prev.finished.total, prev.carriedNext.total]).toEqual([2, 1, 1]);

    const rows = reportRows(rep, "zh");
    expect(rows[0]).toMatchObject({ label: "一、本年新收政府信息公开申请数量", counts: { total: 16 } });
    expect(rows.find((r) => r.label === "（七）总计")?.counts?.total).toBe(11);
    const csv = reportCsv(rep, "zh");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("四、结转下年度继续办理,4,2,0,0,0,0,6");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(rep, "zh")) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).values).toEqual([undefined, "一、本年新收政府信息公开申请数量", 7, 3, 2, 1, 1, 2, 16]);
  });

  it("one unit: 区建设和交通委员会's own figures; its staff may not read another unit's or the whole district's", async () => {
    const staff = { id: f.userIds["staff.construction@pudong.example"], role: "staff" as const, unitId: f.unitIds.construction };
    const rep = await annualReport(t.db, staff, 2026, f.unitIds.construction);
    // 李桂英 (过程性信息), the 国庆 consultation (公开), 浦江建设 (extended, still open).
    expect(rep.newReceived).toMatchObject({ natural_person: 1, commercial: 1, other_org: 1, total: 3 });
    expect([rep.results.withheld_process.total, rep.groups.disclosed.total, rep.finished.total, rep.carriedNext.total]).toEqual([1, 1, 2, 1]);
    await expect(annualReport(t.db, staff, 2026, f.unitIds.drc)).rejects.toMatchObject({ status: 403 });
    await expect(annualReport(t.db, staff, 2026, null)).rejects.toMatchObject({ status: 403 });
  });
});

describe("the demo requests", () => {
  it("load on any day (New Year, 国庆 itself, a spring day): every state, a consultation spanning 1 October, one overdue", async () => {
    for (const day of ["2026-01-05T02:00:00Z", "2026-10-03T02:00:00Z", "2025-04-15T02:00:00Z"]) {
      const before = Number((await sqlRows<{ n: string }>(t.db, sql`select coalesce(max(id), 0) as n from information_requests`))[0].n);
      const fs = await foundationOf();
      await seedRequests(t.db, fs, new Date(day));
      const statuses = await sqlRows<{ status: string; n: string }>(t.db, sql`select status, count(*) as n from information_requests where id > ${before} group by status`);
      expect(statuses.map((s) => s.status).sort()).toEqual(["closed", "consulting", "correction", "received", "replied", "withdrawn"]);
      const nd = await t.db.select().from(informationRequests).where(sql`${informationRequests.id} > ${before} and ${informationRequests.pausedDays} > 0 and ${informationRequests.applicantName} = '某业主委员会'`);
      expect(nd).toHaveLength(1);
      expect(nd[0].receivedOn.slice(5) < "10-01").toBe(true);
      const [overdue] = await t.db.select().from(informationRequests).where(eq(informationRequests.applicantName, "周建华")).orderBy(sql`id desc`).limit(1);
      expect(overdue.dueOn! < day.slice(0, 10)).toBe(true);
    }
  });
});

async function foundationOf(): Promise<FoundationSeed> {
  const units = await sqlRows<{ id: number; slug: string }>(t.db, sql`select id, slug from units`);
  const users = await sqlRows<{ id: number; email: string }>(t.db, sql`select id, email from users`);
  return { unitIds: Object.fromEntries(units.map((u) => [u.slug, u.id])), userIds: Object.fromEntries(users.map((u) => [u.email, u.id])) } as FoundationSeed;
}
