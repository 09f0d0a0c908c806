import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "#db/testing/db";
import { decisions } from "#db/schema";
import { seedDecisions } from "../../../seeds/decisions";
import { seedFoundation } from "../../../seeds/foundation";
import { complianceReport } from "./compliance";
import { publicOverdue } from "./public";
import { makeDecision } from "./testkit";
import { makeUnit } from "#db/testing/kit";

const t = useTestDb();

describe("public overdue flags (#17): the compliance page's rules, on the public pages", () => {
  it("flags a stage past its planned end, one whose planned start passed unstarted, and a result past its statutory day", async () => {
    const now = new Date("2031-12-01T02:00:00Z"); // 10:00 in Shanghai, 1 December
    const unit = await makeUnit(t.db);
    const { decision: d } = await makeDecision(t.db, { unitId: unit.id, year: 2031, published: new Date("2031-01-10T02:00:00Z") });
    const set = (kind: string, fields: ReturnType<typeof sql>) => t.db.execute(sql`update decision_stages set ${fields} where decision_id = ${d.id} and kind = ${kind}`);
    // Planned to end on 11 June, still in progress in December.
    await set("draft", sql`state = 'in_progress', started_on = '2031-06-05', planned_start_on = '2031-06-05', planned_end_on = '2031-06-11'`);
    // Planned to start on 1 July, never started.
    await set("consultation", sql`planned_start_on = '2031-07-01'`);
    // Planned to end on 1 December (today): met through the end of the day, not overdue.
    await set("hearing", sql`state = 'in_progress', planned_start_on = '2031-11-20', planned_end_on = '2031-12-01'`);
    // Completed late is history, not overdue.
    await set("expert_review", sql`state = 'completed', started_on = '2031-03-01', completed_on = '2031-09-01', planned_start_on = '2031-03-01', planned_end_on = '2031-04-01'`);

    const flags = (await publicOverdue(t.db, [d.id], now))[d.id];
    expect(flags).toEqual([
      { stage: "draft", rule: "plannedEnd", due: "2031-06-11", provisional: false },
      { stage: "consultation", rule: "plannedStart", due: "2031-07-01", provisional: false },
    ]);
    // The compliance page lists exactly these.
    const report = await complianceReport(t.db, 2031, now);
    expect(report.overdueStages.filter((o) => o.id === d.id).map((o) => [o.kind, o.overdueFrom])).toEqual([
      ["draft", "2031-06-11"],
      ["consultation", "2031-07-01"],
    ]);

    // The deliberation completed; the result is unpublished 20 working days later (2031 has no holiday schedule: provisional).
    await set("deliberation", sql`state = 'completed', started_on = '2031-10-01', completed_on = '2031-10-02'`);
    const withResult = (await publicOverdue(t.db, [d.id], now))[d.id];
    const result = withResult.find((o) => o.stage === "result");
    const late = (await complianceReport(t.db, 2031, now)).results.find((r) => r.id === d.id);
    expect(result).toMatchObject({ rule: "statutory", due: late!.due, provisional: late!.provisional });

    // A withdrawn decision is not overdue.
    await t.db.update(decisions).set({ status: "withdrawn" }).where(eq(decisions.id, d.id));
    expect(await publicOverdue(t.db, [d.id], now)).toEqual({});
  });

  it("on the demo data, flags in public what the compliance page lists", async () => {
    const now = new Date("2026-11-27T04:00:00Z");
    await t.db.transaction(async (tx) => seedDecisions(tx, await seedFoundation(tx), now));
    const ids = (await t.db.select({ id: decisions.id }).from(decisions).where(eq(decisions.year, 2026))).map((r) => r.id);
    const flags = await publicOverdue(t.db, ids, now);
    const report = await complianceReport(t.db, 2026, now);
    const planned = Object.entries(flags).flatMap(([id, os]) => os.filter((o) => o.rule !== "statutory").map((o) => `${id}:${o.stage}:${o.due}`));
    expect(planned.sort()).toEqual(report.overdueStages.map((o) => `${o.id}:${o.kind}:${o.overdueFrom}`).sort());
    const statutory = Object.entries(flags).flatMap(([id, os]) => os.filter((o) => o.rule === "statutory").map((o) => `${id}:${o.due}`));
    expect(statutory.sort()).toEqual(report.results.filter((r) => r.publishedOn === null).map((r) => `${r.id}:${r.due}`).sort());
    const [rental] = await t.db.select().from(decisions).where(eq(decisions.title, "浦东新区公共租赁住房准入标准调整"));
    expect(flags[rental.id]?.some((o) => o.stage === "result" && o.rule === "statutory")).toBe(true);
  });
});
