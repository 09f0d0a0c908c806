import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "#db/testing/db";
import { auditLog, catalogueChanges, decisionFollows, decisionMilestones, decisionStages, decisions, outbox } from "#db/schema";
import { saveSchedule } from "../calendar/schedules";
import { complianceReport } from "./compliance";
import { getDecisionPage } from "./public";
import { applyStageChange, correctStage, linkPlatformStage } from "./stages";
import { makeDecision } from "./testkit";
import { makeUnit, makeUser, refused, refusalKey } from "#db/testing/kit";

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

type Change = Parameters<typeof applyStageChange>[4];
const change = (actor: Parameters<typeof applyStageChange>[1], id: number, kind: Parameters<typeof applyStageChange>[3], patch: Change) =>
  t.db.transaction((tx) => applyStageChange(tx, actor, id, kind, patch, now));

/** A review that passes: 1–14 April 2026 has 10 working days. */
const REVIEW = { state: "completed" as const, startedOn: "2026-04-01", completedOn: "2026-04-14" };

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
    expect(await refusalKey(t.db.transaction((tx) => linkPlatformStage(tx, stranger.actor, decision.id, "hearing", { state: "in_progress" }, now)))).toBe(
      "err.forbidden",
    );
    expect(
      await refusalKey(t.db.transaction((tx) => linkPlatformStage(tx, null, decision.id, "consultation", { linkPath: "//evil.example/x" }, now))),
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
      await refusalKey(t.db.transaction((tx) => applyStageChange(tx, staff.actor, decision.id, "deliberation", { state: "completed" }, now))),
    ).toBe("decisions.err.legalityFirst");
    // The same gate holds for other features linking the stage.
    expect(
      await refusalKey(t.db.transaction((tx) => linkPlatformStage(tx, null, decision.id, "deliberation", { state: "completed", completedOn: now }, now))),
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
      await refusalKey(
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
      await refusalKey(
        t.db.transaction((tx) =>
          applyStageChange(tx, staff.actor, decision.id, "legality_review", { state: "completed", startedOn: "2026-02-13", completedOn: "2026-02-25" }, now),
        ),
      ),
    ).toBe("decisions.err.legalityTooShort");
  });

  it("hearing materials must be sent at least 7 days before the hearing", async () => {
    const { staff, decision } = await setup();
    expect(
      await refusalKey(
        t.db.transaction((tx) =>
          applyStageChange(tx, staff.actor, decision.id, "hearing", { state: "in_progress", hearingOn: "2026-06-15", materialsSentOn: "2026-06-09" }, now),
        ),
      ),
    ).toBe("decisions.err.hearingMaterials");
    await t.db.transaction((tx) =>
      applyStageChange(tx, staff.actor, decision.id, "hearing", { state: "in_progress", hearingOn: "2026-06-15", materialsSentOn: "2026-06-08" }, now),
    );
    expect(
      await refusalKey(
        t.db.transaction((tx) => applyStageChange(tx, staff.actor, decision.id, "hearing", { materialsSentOn: null, state: "completed" }, now)),
      ),
    ).toBe("decisions.err.hearingDatesMissing");
  });

  it("not applicable needs a reason", async () => {
    const { staff, decision } = await setup();
    expect(
      await refusalKey(t.db.transaction((tx) => applyStageChange(tx, staff.actor, decision.id, "hearing", { state: "not_applicable" }, now))),
    ).toBe("decisions.err.reasonRequired");
    await t.db.transaction((tx) =>
      applyStageChange(tx, staff.actor, decision.id, "hearing", { state: "not_applicable", reason: "不涉及听证法定情形" }, now),
    );
    expect((await stage(decision.id, "hearing")).reason).toBe("不涉及听证法定情形");
  });
});

describe("the process by date and order", () => {
  it("the legality review is mandatory: never not applicable", async () => {
    const { staff, decision } = await setup();
    const e = await refused(change(staff.actor, decision.id, "legality_review", { state: "not_applicable", reason: "无需审查" }));
    expect(e.key).toBe("decisions.err.legalityMandatory");
    expect(e.field).toBe("state");
  });

  it("deliberation cannot start before the review has completed, nor be dated before its end", async () => {
    const { staff, decision } = await setup();
    expect(await refusalKey(change(staff.actor, decision.id, "deliberation", { state: "in_progress", startedOn: "2026-04-20" }))).toBe("decisions.err.legalityFirst");
    await change(staff.actor, decision.id, "legality_review", REVIEW);
    const e = await refused(change(staff.actor, decision.id, "deliberation", { state: "completed", startedOn: "2026-04-10", completedOn: "2026-04-10" }));
    expect(e.key).toBe("decisions.err.deliberationBeforeReview");
    expect(e.params).toEqual({ date: "2026-04-10", reviewEnd: "2026-04-14" });
    expect(e.field).toBe("startedOn");
    expect(await refusalKey(change(staff.actor, decision.id, "deliberation", { state: "completed", startedOn: null, completedOn: null }))).toBe("decisions.err.deliberationDate");
    // The same day as the review's end is allowed.
    await change(staff.actor, decision.id, "deliberation", { state: "completed", startedOn: "2026-04-14", completedOn: "2026-04-14" });
  });

  it("the status follows the stages: decided once the deliberation completed, on its day", async () => {
    const { staff, decision } = await setup();
    await change(staff.actor, decision.id, "draft", { state: "in_progress", startedOn: "2026-03-01" });
    let [d] = await t.db.select().from(decisions).where(eq(decisions.id, decision.id));
    expect(d.status).toBe("in_progress");
    await change(staff.actor, decision.id, "legality_review", REVIEW);
    await change(staff.actor, decision.id, "deliberation", { state: "completed", startedOn: "2026-04-20", completedOn: "2026-04-20" });
    [d] = await t.db.select().from(decisions).where(eq(decisions.id, decision.id));
    expect(d).toMatchObject({ status: "decided", decidedOn: "2026-04-20" });
    await change(staff.actor, decision.id, "implementation", { state: "in_progress", startedOn: "2026-05-01" });
    [d] = await t.db.select().from(decisions).where(eq(decisions.id, decision.id));
    expect(d.status).toBe("implementing");
  });

  it("once deliberated, the review is changed only by a public, reasoned correction", async () => {
    const { staff, decision } = await setup();
    await change(staff.actor, decision.id, "legality_review", REVIEW);
    await change(staff.actor, decision.id, "deliberation", { state: "completed", startedOn: "2026-04-20", completedOn: "2026-04-20" });
    expect(await refusalKey(change(staff.actor, decision.id, "legality_review", { state: "in_progress", completedOn: null }))).toBe("decisions.err.legalityLocked");
    expect(await refusalKey(change(staff.actor, decision.id, "legality_review", { completedOn: "2026-04-15" }))).toBe("decisions.err.legalityLocked");
    // A note is not a re-dating.
    await change(staff.actor, decision.id, "legality_review", { note: "审查意见已公开" });
    expect(await refusalKey(correctStage(t.db, staff.actor, decision.id, "legality_review", { completedOn: "2026-04-15" }, " ", now))).toBe("decisions.err.correctionReason");
    // Even a correction cannot put the review's end after the deliberation.
    expect(await refusalKey(correctStage(t.db, staff.actor, decision.id, "legality_review", { completedOn: "2026-04-21" }, "笔误", now))).toBe("decisions.err.deliberationBeforeReview");
    await correctStage(t.db, staff.actor, decision.id, "legality_review", { completedOn: "2026-04-15" }, "审查意见书落款日期登记有误", now);
    expect((await stage(decision.id, "legality_review")).completedOn).toBe("2026-04-15");
    const changes = await t.db.select().from(catalogueChanges).where(eq(catalogueChanges.decisionId, decision.id));
    expect(changes).toHaveLength(1);
    expect(changes[0].description).toContain("合法性审查更正：完成日期：2026-04-14 → 2026-04-15");
    expect(changes[0].reason).toBe("审查意见书落款日期登记有误");
    const page = await getDecisionPage(t.db, decision.id, null);
    expect(page.changes.map((c) => c.reason)).toContain("审查意见书落款日期登记有误");
    const [a] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "decision.stage.correct"), eq(auditLog.entityId, String(decision.id))));
    expect(a.summary).toMatchObject({ stage: "legality_review", reason: "审查意见书落款日期登记有误" });
  });

  it("the result cannot precede the deliberation, and its deadline runs from the deliberation", async () => {
    const { staff, decision } = await setup();
    expect(await refusalKey(change(staff.actor, decision.id, "result", { state: "completed", startedOn: "2026-04-20", completedOn: "2026-04-20" }))).toBe(
      "decisions.err.resultBeforeDeliberation",
    );
    await change(staff.actor, decision.id, "legality_review", REVIEW);
    await change(staff.actor, decision.id, "deliberation", { state: "completed", startedOn: "2026-04-20", completedOn: "2026-04-20" });
    const e = await refused(change(staff.actor, decision.id, "result", { state: "completed", startedOn: "2026-04-17", completedOn: "2026-04-17" }));
    expect(e.key).toBe("decisions.err.resultDatedBeforeDeliberation");
    expect(e.params).toEqual({ date: "2026-04-17", deliberationOn: "2026-04-20" });
    // Even with decided_on emptied behind the rules' back, the deadline runs: 20 working days after
    // 20 April 2026 (the 1–5 May holiday and the 9 May make-up day counted) is 2026-05-20.
    await t.db.update(decisions).set({ decidedOn: null }).where(eq(decisions.id, decision.id));
    const r = await complianceReport(t.db, 2026, now);
    expect(r.results.find((x) => x.id === decision.id)).toBeUndefined(); // not due yet on 10 May
    const later = await complianceReport(t.db, 2026, new Date("2026-05-20T16:00:00Z"));
    expect(later.results.find((x) => x.id === decision.id)).toMatchObject({ decidedOn: "2026-04-20", due: "2026-05-20", publishedOn: null, provisional: false });
  });

  it("a hearing cannot be completed without its date and the date materials went out", async () => {
    const { staff, decision } = await setup();
    const e = await refused(change(staff.actor, decision.id, "hearing", { state: "completed" }));
    expect(e.key).toBe("decisions.err.hearingDatesMissing");
    expect(e.field).toBe("hearingOn");
    expect(await refusalKey(change(staff.actor, decision.id, "hearing", { state: "completed", hearingOn: "2026-06-15" }))).toBe("decisions.err.hearingDatesMissing");
    await change(staff.actor, decision.id, "hearing", { state: "completed", hearingOn: "2026-06-15", materialsSentOn: "2026-06-08" });
  });

  it("a review in 2027 without its schedule is refused as unknowable, and accepted once the admin enters it", async () => {
    const { staff, decision } = await setup();
    const e = await refused(change(staff.actor, decision.id, "legality_review", { state: "completed", startedOn: "2026-12-28", completedOn: "2027-01-06" }));
    expect(e.key).toBe("decisions.err.legalityScheduleMissing");
    expect(e.params).toMatchObject({ years: "2027", from: "2026-12-28", to: "2027-01-06" });
    const admin = await makeUser(t.db, "admin");
    // Test data, not the official schedule: only 1 January off.
    await saveSchedule(t.db, admin.actor, { year: 2027, offDays: "2027-01-01", workdays: "", reference: "测试" }, now);
    await change(staff.actor, decision.id, "legality_review", { state: "completed", startedOn: "2026-12-28", completedOn: "2027-01-06" });
  });

  it("rows that already break the rules do not crash the page, stay editable, and are listed on the compliance page", async () => {
    const { staff, decision } = await setup();
    // Written before the rules were enforced: deliberation completed, no legality review at all.
    await t.db.update(decisionStages).set({ state: "not_applicable", reason: "旧数据" }).where(and(eq(decisionStages.decisionId, decision.id), eq(decisionStages.kind, "legality_review")));
    await t.db.update(decisionStages).set({ state: "completed", completedOn: "2026-04-20" }).where(and(eq(decisionStages.decisionId, decision.id), eq(decisionStages.kind, "deliberation")));
    const page = await getDecisionPage(t.db, decision.id, null);
    expect(page.violations.map((v) => v.key)).toEqual(expect.arrayContaining(["decisions.err.legalityMandatory", "decisions.err.legalityFirst"]));
    // A note on the deliberation does not make anything worse, so it is allowed.
    await change(staff.actor, decision.id, "deliberation", { note: "会议纪要已归档" });
    const r = await complianceReport(t.db, 2026, now);
    expect(r.violations.filter((v) => v.id === decision.id).map((v) => v.key)).toEqual(expect.arrayContaining(["decisions.err.legalityMandatory", "decisions.err.legalityFirst"]));
  });
});
