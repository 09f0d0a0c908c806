import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "#db/testing/db";
import { decisionCatalogues, decisionMilestones } from "#db/schema";
import { UserError } from "../errors";
import { addDecision, createCatalogue, listCatalogueItems, publishCatalogue } from "./catalogue";
import { linkPlatformStage } from "./stages";
import { makeUnit, makeUser } from "#db/testing/kit";

const t = useTestDb();
const now = new Date("2026-03-10T02:00:00Z");
const item = (title: string) => ({ title, summary: null, legalBasis: null, plannedSchedule: null, plannedDecisionOn: null, tags: [], changeReason: null });

describe("concurrent staff actions (real concurrency on PostgreSQL)", () => {
  it("items added at once get distinct consecutive positions", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const cat = await createCatalogue(t.db, staff.actor, unit.id, { year: 2026 }, now);
    await Promise.all(Array.from({ length: 12 }, (_, i) => addDecision(t.db, staff.actor, cat.id, item(`并发事项${i}`), now)));
    const items = await listCatalogueItems(t.db, cat.id);
    expect(items.map((x) => x.position)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it("one catalogue per unit and year, and it is published once", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => createCatalogue(t.db, staff.actor, unit.id, { year: 2027 }, now)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.every((r) => r.reason instanceof UserError && r.reason.key === "decisions.err.catalogueExists")).toBe(true);
    const [cat] = await t.db.select().from(decisionCatalogues).where(eq(decisionCatalogues.unitId, unit.id));
    await addDecision(t.db, staff.actor, cat.id, item("事项"), now);
    const pubs = await Promise.allSettled(Array.from({ length: 5 }, () => publishCatalogue(t.db, staff.actor, cat.id, now)));
    expect(pubs.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("stage links from two features at once both land, each with its milestone", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const cat = await createCatalogue(t.db, staff.actor, unit.id, { year: 2028 }, now);
    const d = await addDecision(t.db, staff.actor, cat.id, item("并发链接"), now);
    await Promise.all([
      t.db.transaction((tx) => linkPlatformStage(tx, null, d.id, "consultation", { state: "in_progress", linkPath: "/consultations/1" }, now)),
      t.db.transaction((tx) => linkPlatformStage(tx, null, d.id, "deliberation", { linkPath: "/observers/meetings/1" }, now)),
      t.db.transaction((tx) => linkPlatformStage(tx, null, d.id, "participation", { state: "completed", completedOn: now, linkPath: "/consultations/1#report" }, now)),
    ]);
    const ms = await t.db.select().from(decisionMilestones).where(eq(decisionMilestones.decisionId, d.id));
    expect(ms.map((m) => m.stageKind).sort()).toEqual(["consultation", "deliberation", "participation"]);
  });
});
