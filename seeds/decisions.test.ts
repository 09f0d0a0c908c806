import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { createTestDatabase } from "#db/testing/db";
import type { Database } from "#db/index";
import { complianceReport } from "~/.server/decisions/compliance";
import { seed } from "./index";

// Each date gets a database of its own: the demo data must be plausible whenever it is loaded.
let database: Database;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.close();
});

describe("demo decisions follow the clock and obey the rules", () => {
  for (const at of ["2026-12-01T02:00:00Z", "2027-01-04T17:00:00Z", "2027-06-15T04:00:00Z"]) {
    it(`loaded on ${at}: only the flagged row breaks a rule, few stages overdue, dates not in the future`, async () => {
      const now = new Date(at);
      await seed(database.db, now);
      const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now));
      const r = await complianceReport(database.db, year, now);
      expect(r.violations.map((v) => `${v.title} · ${v.key}`)).toEqual(["浦东新区河道水环境综合治理方案 · decisions.err.deliberationBeforeReview"]);
      // Loaded in 2027, whose schedule the admin has not entered: those reviews are unverified, not violations.
      expect(r.missingSchedules.includes(2027)).toBe(year === 2027 || at.startsWith("2026-12"));
      if (year === 2027) expect(r.unverified.length).toBeGreaterThan(0);
      expect(r.overdueStages.length).toBeLessThanOrEqual(2);
      expect(r.results.map((x) => x.title)).toEqual(["浦东新区公共租赁住房准入标准调整"]);
      const last = await complianceReport(database.db, year - 1, now);
      expect(last.violations).toEqual([]);
      const [future] = await rows<{ n: string | number }>(
        database.db,
        sql`select count(*) as n from decision_stages where started_on > ${r.today}::date or completed_on > ${r.today}::date`,
      );
      expect(Number(future.n)).toBe(0);
      const [n] = await rows<{ n: string | number }>(database.db, sql`select count(*) as n from decisions`);
      expect(Number(n.n)).toBe(32);
    }, 120_000);
  }
});
