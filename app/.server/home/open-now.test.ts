import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { useTestDb } from "#db/testing/db";
import { consultations } from "#db/schema";
import { seed } from "../../../seeds/index";
import { openNow } from "./open-now";

const t = useTestDb();
const now = new Date("2026-12-01T02:00:00Z"); // 10:00 in Shanghai

describe("what is open now (home page)", () => {
  beforeAll(() => seed(t.db, now));

  it("lists open consultations closing soonest first with the days left, open calls and the newest milestones", async () => {
    const r = await openNow(t.db, now);
    expect(r.consultations.open.length).toBeGreaterThan(0);
    const closes = r.consultations.open.map((c) => c.closesAt.getTime());
    expect(closes).toEqual([...closes].sort((a, b) => a - b));
    for (const c of r.consultations.open) {
      expect(c.closesAt.getTime()).toBeGreaterThan(now.getTime());
      expect(c.daysLeft).toBeGreaterThanOrEqual(1);
    }
    for (const c of r.consultations.upcoming) expect(c.opensAt.getTime()).toBeGreaterThan(now.getTime());
    for (const c of r.calls) expect(c.closesAt.getTime()).toBeGreaterThan(now.getTime());
    expect(r.milestones.length).toBeGreaterThan(0);
  });

  it("counts days in Shanghai: a period whose last day is today has one day left", async () => {
    const [first] = (await openNow(t.db, now)).consultations.open;
    // On the morning of its last day (09:00 Shanghai = 01:00 UTC) it has one day left.
    const lastDay = new Date(first.closesAt.getTime() - 1000 + 8 * 3_600_000).toISOString().slice(0, 10); // Shanghai date
    const morning = new Date(`${lastDay}T01:00:00Z`);
    const again = (await openNow(t.db, morning)).consultations.open.find((c) => c.id === first.id)!;
    expect(again.daysLeft).toBe(1);
    // The evening before (23:30 Shanghai) it is two: that evening and the last day.
    const eve = new Date(morning.getTime() - 9.5 * 3_600_000);
    expect((await openNow(t.db, eve)).consultations.open.find((c) => c.id === first.id)!.daysLeft).toBe(2);
  });

  it("shows nothing unpublished", async () => {
    const [c] = (await openNow(t.db, now)).consultations.open;
    await t.db.update(consultations).set({ publishedAt: null }).where(eq(consultations.id, c.id));
    expect((await openNow(t.db, now)).consultations.open.map((x) => x.id)).not.toContain(c.id);
    const [{ n }] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from consultations where published_at is null`);
    expect(n).toBeGreaterThan(0);
  });
});
