import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { useTestDb } from "#db/testing/db";
import { logIn } from "~/.server/auth/accounts";
import { loadConfig } from "~/.server/config";
import { DEMO_PASSWORD, demoAccounts } from "./foundation";
import { isEmpty, seed } from "./index";

const t = useTestDb();

describe("demo data", () => {
  it("loads into an empty database: real Pudong units, an admin, staff of several units, citizens", async () => {
    expect(await isEmpty(t.db)).toBe(true);
    await seed(t.db, new Date("2026-11-27T02:00:00Z"));
    expect(await isEmpty(t.db)).toBe(false);
    const units = await rows<{ name_zh: string }>(t.db, sql`select name_zh from units`);
    expect(units.length).toBeGreaterThanOrEqual(10);
    for (const name of ["区政府办公室", "区发展和改革委员会", "区教育局", "区生态环境局", "区民政局", "区政务公开办公室"]) {
      expect(units.map((u) => u.name_zh)).toContain(name);
    }
    const roles = await rows<{ role: string; n: string; units: string }>(
      t.db,
      sql`select role, count(*) as n, count(distinct unit_id) as units from users group by role`,
    );
    const by = Object.fromEntries(roles.map((r) => [r.role, r]));
    expect(Number(by.admin.n)).toBeGreaterThanOrEqual(1);
    expect(Number(by.staff.units)).toBeGreaterThanOrEqual(3);
    expect(Number(by.citizen.n)).toBeGreaterThanOrEqual(3);
  });

  it("demo accounts log in with the documented password", async () => {
    const config = loadConfig({});
    for (const a of demoAccounts.slice(0, 3)) {
      const s = await logIn(t.db, { email: a.email, password: DEMO_PASSWORD }, { ip: "127.0.0.1", now: new Date(), config, lang: "zh" });
      expect(s.token).toBeTruthy();
    }
  });
});
