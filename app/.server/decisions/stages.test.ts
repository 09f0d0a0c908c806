import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "#db/testing/db";
import { auditLog, decisionFollows, decisionMilestones, decisionStages, outbox } from "#db/schema";
import { UserError } from "../errors";
import { applyStageChange, linkPlatformStage } from "./stages";
import { makeDecision, makeUnit, makeUser } from "./testkit";

const t = useTestDb();
const now = new Date("2026-05-10T02:00:00Z");

async function setup(published = true) {
  const unit = await makeUnit(t.db);
  const staff = await makeUser(t.db, "staff", unit.id);
  const { decision } = await makeDecision(t.db, { unitId: unit.id, published: published ? now : null });
  return { unit, staff, decision };
}

async function stage(decisionId: number, kind: string) {
  const [s] = await t.db
    .select()
    .from(decisionStages)
    .where(and(eq(decisionStages.decisionId, decisionId), eq(decisionStages.kind, kind as never)));
  return s;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e.key;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("linkPlatformStage", () => {
  it("links a stage, audits, publishes a milestone and mails followers", async () => {
    const { staff, decision } = await setup();
    const follower = await makeUser(t.db, "citizen");
    await t.db.insert(decisionFollows).values({ userId: follower.user.id, decisionId: decision.id });
    await t.db.transaction((tx) =>
      linkPlatformStage(
        tx,
        staff.actor,
        decision.id,
        "consultation",
        { state: "in_progress", startedOn: new Date("2026-05-09T16:30:00Z"), linkPath: "/consultations/12", note: "征求意见期30日" },
        now,
      ),
    );
    const s = await stage(decision.id, "consultation");
    expect(s.state).toBe("in_progress");
    // 16:30 UTC on the 9th is 00:30 on the 10th in Shanghai.
    expect(s.startedOn).toBe("2026-05-10");
    expect(s.linkPath).toBe("/consultations/12");
    const ms = await t.db.select().from(decisionMilestones).where(eq(decisionMilestones.decisionId, decision.id));
    expect(ms).toHaveLength(1);
    expect(ms[0].stageKind).toBe("consultation");
    expect(ms[0].linkPath).toBe("/consultations/12");
    const mails = await t.db.select().from(outbox).where(eq(outbox.to, follower.user.email));
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`/decisions/${decision.id}`);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "decision"), eq(auditLog.entityId, String(decision.id))));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["decision.stage.link", "decision.milestone.publish"]));
  });

  it("refuses staff of another unit and unsafe link paths", async () => {
    const { decision } = await setup();
    const other = await makeUnit(t.db);
    const stranger = await makeUser(t.db, "staff", other.id);
    expect(await refusal(t.db.transaction((tx) => linkPlatformStage(tx, stranger.actor, decision.id, "hearing", { state: "in_progress" }, now)))).toBe(
      "err.forbidden",
    );
    expect(
      await refusal(t.db.transaction((tx) => linkPlatformStage(tx, null, decision.id, "consultation", { linkPath: "//evil.example/x" }, now))),
    ).toBe("decisions.err.linkPath");
  });

  it("does not mail anyone for a draft catalogue but still records the milestone", async () => {
    const { decision } = await setup(false);
    const follower = await makeUser(t.db, "citizen");
    await t.db.insert(decisionFollows).values({ userId: follower.user.id, decisionId: decision.id });
    await t.db.transaction((tx) => linkPlatformStage(tx, null, decision.id, "deliberation", { linkPath: "/observers/3" }, now));
    expect(await t.db.select().from(outbox).where(eq(outbox.to, follower.user.email))).toHaveLength(0);
    expect((await stage(decision.id, "deliberation")).linkPath).toBe("/observers/3");
  });
});

describe("stage gates", () => {
  it("deliberation cannot complete before the legality review", async () => {
    const { staff, decision } = await setup();
    expect(
      await refusal(t.db.transaction((tx) => applyStageChange(tx, staff.actor, decision.id, "deliberation", { state: "completed" }, now))),
    ).toBe("decisions.err.legalityFirst");
    // The same gate holds for other features linking the stage.
    expect(
      await refusal(t.db.transaction((tx) => linkPlatformStage(tx, null, decision.id, "deliberation", { state: "completed", completedOn: now }, now))),
    ).toBe("decisions.err.legalityFirst");
    await t.db.transaction((tx) =>
      applyStageChange(tx, staff.actor, decision.id, "legality_review", { state: "completed", startedOn: "2026-04-01", completedOn: "2026-04-14" }, now),
    );
    await t.db.transaction((tx) => applyStageChange(tx, staff.actor, decision.id, "deliberation", { state: "completed", completedOn: "2026-04-20" }, now));
    expect((await stage(decision.id, "deliberation")).state).toBe("completed");
  });

  it("legality review needs 7 working days, counting the National Day holiday and make-up workdays (2025)", async () => {
    const { staff, decision } = await setup();
    // 2025-09-29 (Mon) … 2025-10-09 (Thu): Oct 1–8 is the National Day/Mid-Autumn holiday, so only
    // Sep 29, Sep 30 and Oct 9 are working days → 3, refused.
    expect(
      await refusal(
        t.db.transaction((tx) =>
          applyStageChange(tx, staff.actor, decision.id, "legality_review", { state: "completed", startedOn: "2025-09-29", completedOn: "2025-10-09" }, now),
        ),
      ),
    ).toBe("decisions.err.legalityTooShort");
    // 2025-09-26 (Fri) … 2025-10-11 (Sat, a make-up workday): Sep 26, 28 (Sun, make-up), 29, 30, Oct 9, 10, 11 → 7, accepted.
    await t.db.transaction((tx) =>
      applyStageChange(tx, staff.actor, decision.id, "legality_review", { state: "completed", startedOn: "2025-09-26", completedOn: "2025-10-11" }, now),
    );
    expect((await stage(decision.id, "legality_review")).completedOn).toBe("2025-10-11");
  });

  it("legality review over the 2026 Spring Festival is counted in working days, not calendar days", async () => {
    const { staff, decision } = await setup();
    // 2026-02-13 (Fri) … 2026-02-25 (Wed): 13 calendar days, but Feb 15–23 is the Spring Festival holiday
    // and Feb 14 (Sat) is a make-up workday: Feb 13, 14, 24, 25 → 4 working days.
    expect(
      await refusal(
        t.db.transaction((tx) =>
          applyStageChange(tx, staff.actor, decision.id, "legality_review", { state: "completed", startedOn: "2026-02-13", completedOn: "2026-02-25" }, now),
        ),
      ),
    ).toBe("decisions.err.legalityTooShort");
  });

  it("hearing materials must be sent at least 7 days before the hearing", async () => {
    const { staff, decision } = await setup();
    expect(
      await refusal(
        t.db.transaction((tx) =>
          applyStageChange(tx, staff.actor, decision.id, "hearing", { state: "in_progress", hearingOn: "2026-06-15", materialsSentOn: "2026-06-09" }, now),
        ),
      ),
    ).toBe("decisions.err.hearingMaterials");
    await t.db.transaction((tx) =>
      applyStageChange(tx, staff.actor, decision.id, "hearing", { state: "in_progress", hearingOn: "2026-06-15", materialsSentOn: "2026-06-08" }, now),
    );
    expect(
      await refusal(
        t.db.transaction((tx) => applyStageChange(tx, staff.actor, decision.id, "hearing", { materialsSentOn: null, state: "completed" }, now)),
      ),
    ).toBe("decisions.err.hearingMaterialsMissing");
  });

  it("not applicable needs a reason", async () => {
    const { staff, decision } = await setup();
    expect(
      await refusal(t.db.transaction((tx) => applyStageChange(tx, staff.actor, decision.id, "hearing", { state: "not_applicable" }, now))),
    ).toBe("decisions.err.reasonRequired");
    await t.db.transaction((tx) =>
      applyStageChange(tx, staff.actor, decision.id, "hearing", { state: "not_applicable", reason: "不涉及听证法定情形" }, now),
    );
    expect((await stage(decision.id, "hearing")).reason).toBe("不涉及听证法定情形");
  });
});
