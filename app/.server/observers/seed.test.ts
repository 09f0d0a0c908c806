import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { observerCalls, observerSeats } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { seed } from "../../../seeds/index";
import { verifyExport, type DrawExport } from "./draw";
import { compliance } from "./observers";

const t = useTestDb();

describe("observer demo data", () => {
  it("has past verifiable draws, an open call, a call ready to draw and an offered seat for 李强", async () => {
    const now = new Date("2026-11-27T10:00:00+08:00");
    const started = Date.now();
    await seed(t.db, now);
    const calls = await t.db.select().from(observerCalls);
    const byStatus = (s: string) => calls.filter((c) => c.status === s);
    expect(byStatus("open")).toHaveLength(1);
    expect(byStatus("distributed")).toHaveLength(1);
    expect(byStatus("drawn")).toHaveLength(4);
    for (const c of byStatus("drawn")) expect(verifyExport(c.drawExport as DrawExport).ok).toBe(true);
    const c = await compliance(t.db, 2026, 4, now);
    expect(c.held).toBe(3);
    expect(c.behind).toBe(false);
    const offered = await t.db.select().from(observerSeats).where(eq(observerSeats.status, "offered"));
    expect(offered.length).toBeGreaterThanOrEqual(4);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);
});
