import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { observerApplications, observerCalls, observerSeats, users } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { seed } from "../../../seeds/index";
import type { DrawExport } from "./draw";
import { verifyDraw } from "./verify";
import { compliance } from "./public";
import { respondSeat } from "./seats";

const t = useTestDb();

describe("observer demo data", () => {
  it("has past verifiable draws, an open call, a call ready to draw and an offered seat for 李强", async () => {
    const now = new Date("2026-11-27T10:00:00+08:00");
    await seed(t.db, now);
    const calls = await t.db.select().from(observerCalls);
    const byStatus = (s: string) => calls.filter((c) => c.status === s);
    expect(byStatus("open")).toHaveLength(1);
    expect(byStatus("distributed")).toHaveLength(1);
    expect(byStatus("drawn")).toHaveLength(4);
    for (const c of byStatus("drawn")) {
      const exp = c.drawExport as DrawExport;
      const r = await verifyDraw(exp, { poolHash: c.poolHash!, distributionHash: c.distributionHash! });
      expect(r.checks.filter((x) => !x.ok)).toEqual([]);
      // Honest demo draws: a declared value, not one chosen afterwards; the runner is no witness.
      expect(exp.randomness.external!.source).toContain("双色球");
      expect(exp.drawnBy).toBe("周敏");
      expect(exp.randomness.witnesses.map((w) => w.name)).not.toContain("周敏");
    }
    // The call ready for the witnessed draw: its external value's time has passed, nothing is revealed.
    const ready = byStatus("distributed")[0]!;
    expect(ready.externalPublishesAt!.getTime()).toBeLessThan(now.getTime());
    expect(ready.externalValue).toBeNull();
    const c = await compliance(t.db, 2026, 4, now);
    expect(c.held).toBe(3);
    expect(c.behind).toBe(false);
    const offered = await t.db.select().from(observerSeats).where(eq(observerSeats.status, "offered"));
    expect(offered.length).toBeGreaterThanOrEqual(4);
    const [li] = await t.db.select().from(users).where(eq(users.email, "li.qiang@example.com"));
    const liSeats = await t.db.select({ seat: observerSeats }).from(observerSeats).innerJoin(observerApplications, eq(observerApplications.id, observerSeats.applicationId)).where(eq(observerApplications.userId, li!.id));
    expect(liSeats.map((x) => x.seat.status)).toEqual(["offered"]);
    // The demo's draw does not depend on the day it is loaded, and a resident alternate is left for 李强's seat.
    expect(await respondSeat(t.db, li!.id, liSeats[0]!.seat.id, false, now)).toMatchObject({ source: "alternate", status: "offered" });
  }, 60_000);
});
