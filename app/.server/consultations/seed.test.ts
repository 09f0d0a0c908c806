import { describe, expect, it } from "vitest";
import { useTestDb } from "#db/testing/db";
import { seedConsultations } from "../../../seeds/consultations";
import { seedFoundation } from "../../../seeds/foundation";
import { listPublishedComments, listQueue } from "./comments";
import { listPublicConsultations } from "./periods";
import { getPublicConsultation } from "./public";

const t = useTestDb();
const NOW = new Date("2026-11-27T10:00:00+08:00");

describe("demo comment periods", () => {
  it("has one open period with comments in every state, one upcoming and one closed with its report", async () => {
    const f = await seedFoundation(t.db);
    const started = Date.now();
    await t.db.transaction((tx) => seedConsultations(tx, f, NOW));
    // Quick even on a busy two-core machine (about 0.3 s when idle).
    expect(Date.now() - started).toBeLessThan(5000);
    const lists = await listPublicConsultations(t.db, NOW);
    expect(lists.open.map((c) => c.title)).toContain("浦东新区既有多层住宅加装电梯实施办法（征求意见稿）");
    expect(lists.upcoming.map((c) => c.title)).toEqual(["浦东新区养老服务设施布局专项规划（2026—2035年）（征求意见稿）"]);
    expect(lists.closed.map((c) => c.title)).toEqual(["浦东新区生活垃圾分类管理实施细则（修订征求意见稿）", "2026年浦东新区义务教育阶段学校招生划片方案（征求意见稿）"]);

    const lift = lists.open.find((c) => c.title.includes("加装电梯"))!;
    const staff = { id: f.userIds["staff.construction@pudong.example"], role: "staff" as const, unitId: f.unitIds.construction };
    const all = (await listQueue(t.db, staff, lift.id, { status: "all", adoption: "all" })).groups;
    expect(new Set(all.map((g) => g.status))).toEqual(new Set(["published", "pending", "rejected", "abusive"]));
    expect(Math.max(...all.map((g) => g.count))).toBeGreaterThanOrEqual(3); // the campaign
    expect(all.find((g) => g.body.includes("双四分之三"))?.statuses).toEqual({ published: 3, pending: 1 });
    const pending = (await listQueue(t.db, staff, lift.id, { status: "pending", adoption: "all" })).groups;
    expect(pending.find((g) => g.body.includes("双四分之三"))?.groupSize).toBe(4); // one pending of four
    const published = await listPublishedComments(t.db, lift.id);
    expect(published.some((p) => p.body.includes("[电话已隐去]"))).toBe(true);
    expect(published.some((p) => p.body.includes("13912345678"))).toBe(false);

    const closed = await getPublicConsultation(t.db, lists.closed[1].id, NOW, null, "zh");
    expect(closed.report?.data.totals).toMatchObject({ received: 8, published: 6, adopted: 2, abusive: 1 });
    // The counts add up (#17): articles + the whole draft (its own row, last) + abusive = received.
    const report = closed.report!.data;
    const sum = (xs: { received: number }[]) => xs.reduce((n, x) => n + x.received, 0);
    expect(sum(report.byArticle) + report.totals.abusive).toBe(report.totals.received);
    expect(sum(report.byTheme) + report.totals.abusive).toBe(report.totals.received);
    expect(report.totals.published + report.totals.notPublished + report.totals.abusive).toBe(report.totals.received);
    expect(report.byArticle.at(-1)).toMatchObject({ label: null });
    expect(report.byArticle.at(-1)!.received).toBeGreaterThan(0);
    expect(closed.events.map((e) => e.kind)).toEqual(["published", "extended", "report_published"]);
    expect(closed.shortReason).toContain("26日");
  });
});
