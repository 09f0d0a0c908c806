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

  it("has a policy library: amended, repealed and lapsed documents, follow-up interpretations, English versions, Q&A and an FAQ", async () => {
    const [p] = await rows<Record<string, string>>(
      t.db,
      sql`select count(*) as total,
            count(*) filter (where change = 'amended' and successor_id is not null) as amended,
            count(*) filter (where change = 'repealed') as repealed,
            count(*) filter (where change = 'in_force' and valid_until < ${"2026-11-27"}::date) as lapsed,
            count(*) filter (where body_en is not null) as english,
            count(*) filter (where decision_id is not null) as linked,
            count(distinct unit_id) as units
          from policies where published_at is not null`,
    );
    expect(Number(p.total)).toBeGreaterThanOrEqual(28);
    expect(Number(p.amended)).toBeGreaterThanOrEqual(2);
    expect(Number(p.repealed)).toBe(1);
    expect(Number(p.lapsed)).toBe(1);
    expect(Number(p.english)).toBe(2);
    expect(Number(p.linked)).toBeGreaterThanOrEqual(5);
    expect(Number(p.units)).toBeGreaterThanOrEqual(8);
    const [q] = await rows<Record<string, string>>(
      t.db,
      sql`select (select count(*) from policy_interpretations where kind = 'follow_up') as follow_ups,
                 (select count(*) from policy_questions where status = 'pending') as pending,
                 (select count(*) from policy_questions where answer is not null and status = 'published') as answered,
                 (select count(*) from policy_faqs) as faqs,
                 (select count(*) from policies p where kind = 'normative' and not exists (select 1 from policy_interpretations i where i.policy_id = p.id)) as without`,
    );
    expect(Number(q.follow_ups)).toBeGreaterThanOrEqual(3);
    expect(Number(q.pending)).toBeGreaterThanOrEqual(2);
    expect(Number(q.answered)).toBeGreaterThanOrEqual(3);
    expect(Number(q.faqs)).toBeGreaterThanOrEqual(3);
    expect(Number(q.without)).toBe(0); // 三同步 holds in the demo data too
    // The result stage of a decision that produced a policy links to it.
    const [link] = await rows<{ link_path: string }>(
      t.db,
      sql`select s.link_path from decision_stages s join policies p on p.decision_id = s.decision_id where s.kind = 'result' limit 1`,
    );
    expect(link.link_path).toMatch(/^\/policies\/\d+$/);
  });
});
