import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, observerApplications, observerCalls, observerSeats, outbox } from "#db/schema";
import { testDriver, useTestDb } from "#db/testing/db";
import { makeDecision, makeUnit, makeUser } from "../decisions/testkit";
import { UserError } from "../errors";
import { creditCodeCheckChar, isValidCreditCode } from "./credit-code";
import { commitmentOf, hashDoc, selectFromSeed, verifyExport, type DistributionDoc, type DrawExport } from "./draw";
import {
  addRemark,
  addWitness,
  apply,
  callPage,
  cancelDraw,
  compliance,
  createMeeting,
  draw,
  freezePool,
  getMeeting,
  lapseExpired,
  openCall,
  publishDistribution,
  recordAttendance,
  remarksForDecision,
  respondSeat,
  withdraw,
  type ApplyInput,
} from "./observers";

const t = useTestDb();
const D = (s: string) => new Date(s);
const OPEN = D("2026-03-01T00:00:00+08:00");
const DURING = D("2026-03-05T10:00:00+08:00");
const CLOSE = D("2026-03-10T24:00:00+08:00");
const AFTER = D("2026-03-11T09:00:00+08:00");
const MEETING = D("2026-03-20T09:30:00+08:00");

const CODE = "91110000802100433B"; // a real code with a valid check character

const quotas = [
  { feature: "category", value: "resident", min: 2, max: 3 },
  { feature: "category", value: "small_micro_enterprise", min: 1, max: 1 },
  { feature: "category", value: "private_enterprise", min: 1, max: 1 },
  { feature: "gender", value: "female", min: 2, max: 3 },
];
const features = [{ key: "gender", labelZh: "性别", labelEn: "Gender", values: ["female", "male"] }];

function form(category: string, gender: string, name: string): ApplyInput {
  const enterprise = category !== "resident";
  return {
    category,
    features: { gender },
    fullName: name,
    enterpriseName: enterprise ? `${name}的企业` : null,
    creditCode: enterprise ? CODE : null,
    statement: "关心营商环境",
    noConflict: true,
    consentPublish: true,
  };
}

async function setup(opts: { excludePrevious?: boolean; external?: boolean; meetingAt?: Date } = {}) {
  const unit = await makeUnit(t.db);
  const staff = await makeUser(t.db, "staff", unit!.id);
  const { decision } = await makeDecision(t.db, { unitId: unit!.id, title: "张江科学城公共交通优化方案" });
  const meeting = await createMeeting(
    t.db,
    staff.actor,
    { unitId: unit!.id, title: "区政府常务会议", startsAt: opts.meetingAt ?? MEETING, place: "区政府第一会议室", seats: 6, agenda: [{ decisionId: decision.id }] },
    OPEN,
  );
  const call = await openCall(
    t.db,
    staff.actor,
    { meetingId: meeting.id, seats: 4, opensAt: OPEN, closesAt: CLOSE, eligibility: "本区居民或企业", features, quotas, excludePrevious: opts.excludePrevious ?? true, externalSource: opts.external ? "中国福利彩票双色球 2026-03-10 开奖号码" : null },
    OPEN,
  );
  await addWitness(t.db, staff.actor, call.id, { name: "王工作人员", role: "工作人员", commitment: commitmentOf("secret-one") }, OPEN);
  await addWitness(t.db, staff.actor, call.id, { name: "李公证员", role: "公证员", commitment: commitmentOf("secret-two") }, OPEN);
  return { unit: unit!, staff, decision, meeting, call };
}

async function applicants(callId: number, specs: [string, string][]) {
  const out = [];
  for (const [i, [category, gender]] of specs.entries()) {
    const u = await makeUser(t.db, "citizen");
    out.push({ user: u.user, app: await apply(t.db, u.user.id, callId, form(category, gender, `申请人${i}`), DURING) });
  }
  return out;
}

const POOL: [string, string][] = [
  ["resident", "female"],
  ["resident", "female"],
  ["resident", "male"],
  ["resident", "male"],
  ["resident", "female"],
  ["small_micro_enterprise", "male"],
  ["small_micro_enterprise", "female"],
  ["private_enterprise", "male"],
  ["private_enterprise", "male"],
];

async function drawn(opts: { excludePrevious?: boolean } = {}) {
  const s = await setup(opts);
  const people = await applicants(s.call.id, POOL);
  await freezePool(t.db, s.staff.actor, s.call.id, AFTER);
  await publishDistribution(t.db, s.staff.actor, s.call.id, AFTER);
  const w = (await callPage(t.db, s.call.id)).witnesses;
  const exp = await draw(t.db, s.staff.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "secret-two" } }, AFTER);
  return { ...s, people, exp, witnesses: w };
}

describe("credit code (GB 32100-2015)", () => {
  it("accepts valid codes and rejects a wrong check character or format", () => {
    expect(isValidCreditCode(CODE)).toBe(true);
    expect(isValidCreditCode(CODE.toLowerCase())).toBe(true);
    expect(isValidCreditCode("91110000802100433A")).toBe(false);
    expect(isValidCreditCode("9111000080210043")).toBe(false);
    expect(isValidCreditCode("91110000802100I33B")).toBe(false);
    const base = "91310115MA1K3A1B2";
    expect(isValidCreditCode(base + creditCodeCheckChar(base))).toBe(true);
  });
});

describe("applications", () => {
  it("validates, allows one per person, withdraws and re-applies only while open", async () => {
    const s = await setup();
    const u = await makeUser(t.db, "citizen");
    await expect(apply(t.db, u.user.id, s.call.id, form("resident", "female", "张三"), D("2026-02-28T12:00:00+08:00"))).rejects.toMatchObject({ key: "observers.err.closed" });
    await expect(apply(t.db, u.user.id, s.call.id, { ...form("private_enterprise", "male", "张三"), creditCode: "91110000802100433A" }, DURING)).rejects.toMatchObject({ key: "observers.err.creditCode", field: "creditCode" });
    await expect(apply(t.db, u.user.id, s.call.id, { ...form("resident", "female", "张三"), noConflict: false }, DURING)).rejects.toMatchObject({ key: "observers.err.noConflict" });
    await expect(apply(t.db, u.user.id, s.call.id, { ...form("resident", "female", "张三"), features: { gender: "x" } }, DURING)).rejects.toMatchObject({ key: "observers.err.feature" });
    await apply(t.db, u.user.id, s.call.id, form("resident", "female", "张三"), DURING);
    await expect(apply(t.db, u.user.id, s.call.id, form("resident", "female", "张三"), DURING)).rejects.toMatchObject({ key: "observers.err.already" });
    await withdraw(t.db, u.user.id, s.call.id, DURING);
    const again = await apply(t.db, u.user.id, s.call.id, form("small_micro_enterprise", "female", "张三"), DURING);
    expect(again).toMatchObject({ status: "applied", category: "small_micro_enterprise", creditCode: CODE });
    // The window closes on 10 March 24:00 +08:00 exactly.
    await expect(withdraw(t.db, u.user.id, s.call.id, CLOSE)).rejects.toMatchObject({ key: "observers.err.closed" });
  });

  it("keeps one application under concurrent submissions", async () => {
    const s = await setup();
    const u = await makeUser(t.db, "citizen");
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => apply(t.db, u.user.id, s.call.id, form("resident", "male", "并发"), DURING)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rows = await t.db.select().from(observerApplications).where(eq(observerApplications.callId, s.call.id));
    expect(rows).toHaveLength(1);
  });
});

describe("freeze, distribution and draw", () => {
  it("refuses to freeze while open or with fewer than two witnesses", async () => {
    const s = await setup();
    await expect(freezePool(t.db, s.staff.actor, s.call.id, DURING)).rejects.toMatchObject({ key: "observers.err.stillOpen" });
    const other = await makeUser(t.db, "staff", (await makeUnit(t.db))!.id);
    await expect(freezePool(t.db, other.actor, s.call.id, AFTER)).rejects.toMatchObject({ status: 403 });
  });

  it("publishes a pseudonymous pool, then a distribution, then draws verifiably with quotas met", async () => {
    const s = await drawn();
    const page = await callPage(t.db, s.call.id);
    expect(page.call.status).toBe("drawn");
    expect(page.pool!.applicants).toHaveLength(9);
    expect(JSON.stringify(page.pool)).not.toContain("申请人");
    expect(page.call.poolHash).toBe(hashDoc(page.pool));
    expect(page.call.distributionHash).toBe(hashDoc(page.distribution));
    expect(verifyExport(s.exp)).toMatchObject({ ok: true });
    // Witness secrets are public after the draw; seats are offered to exactly the selected people.
    expect(page.witnesses.map((w) => w.secret)).toEqual(["secret-one", "secret-two"]);
    expect(page.seats.map((x) => x.ref).sort()).toEqual([...s.exp.result.selected].sort());
    const cats = s.exp.result.selected.map((r) => page.pool!.applicants.find((a) => a.ref === r)!.values.category);
    expect(cats.filter((c) => c === "resident").length).toBeGreaterThanOrEqual(2);
    expect(cats.filter((c) => c === "private_enterprise")).toHaveLength(1);
    const mails = await t.db.select().from(outbox);
    expect(mails.filter((m) => m.subject.includes("您已获选列席")).length).toBeGreaterThanOrEqual(4);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "observer_call"), eq(auditLog.entityId, String(s.call.id))));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["observers.call.open", "observers.witness.commit", "observers.pool.freeze", "observers.distribution.publish", "observers.draw"]));
    // A tampered export is caught.
    const bad: DrawExport = structuredClone(s.exp);
    bad.result.selected[0] = bad.result.alternates[0]!;
    expect(verifyExport(bad).ok).toBe(false);
    const bad2: DrawExport = structuredClone(s.exp);
    bad2.randomness.witnesses[0]!.secret = "other";
    expect(verifyExport(bad2).checks.find((c) => c.name.startsWith("commitment"))!.ok).toBe(false);
  });

  it("recomputes the same selection from the stored data", async () => {
    const s = await drawn();
    const [row] = await t.db.select().from(observerCalls).where(eq(observerCalls.id, s.call.id));
    const stored = row!.drawExport as DrawExport;
    expect(hashDoc(row!.pool)).toBe(row!.poolHash);
    expect(hashDoc(row!.distribution)).toBe(row!.distributionHash);
    expect(selectFromSeed(row!.distribution as DistributionDoc, row!.seed!)).toEqual(stored.result);
  });

  it("gives the same panel for fixed stored inputs and seed on every driver", async () => {
    // A fixed distribution goes through jsonb and back; the selection is a constant on PGlite and PostgreSQL.
    const s = await setup();
    const distribution: DistributionDoc = {
      version: 1,
      poolHash: "0".repeat(64),
      method: "leximin",
      slotsTotal: 1000,
      types: [
        { values: ["private_enterprise"], refs: ["R1", "R2", "R3"] },
        { values: ["resident"], refs: ["R4", "R5", "R6", "R7"] },
      ],
      panels: [
        { counts: [1, 2], slots: 337 },
        { counts: [2, 1], slots: 663 },
      ],
      probabilities: { R1: 0.5543333333333333, R2: 0.5543333333333333, R3: 0.5543333333333333, R4: 0.33425, R5: 0.33425, R6: 0.33425, R7: 0.33425 },
    };
    await t.db.update(observerCalls).set({ distribution }).where(eq(observerCalls.id, s.call.id));
    const [row] = await t.db.select().from(observerCalls).where(eq(observerCalls.id, s.call.id));
    expect(hashDoc(row!.distribution)).toBe(hashDoc(distribution));
    const r = selectFromSeed(row!.distribution as DistributionDoc, "c0ffee".repeat(10) + "beef");
    expect(r).toEqual(FIXED_RESULT);
    expect(testDriver).toMatch(/pglite|postgres/);
  });

  it("reports which quota the pool cannot meet", async () => {
    const s = await setup();
    await applicants(s.call.id, POOL.filter(([c]) => c !== "private_enterprise"));
    await freezePool(t.db, s.staff.actor, s.call.id, AFTER);
    const err = await publishDistribution(t.db, s.staff.actor, s.call.id, AFTER).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.key).toBe("observers.err.infeasible");
    expect(String(err.params.detail)).toContain("private_enterprise");
    expect((await callPage(t.db, s.call.id)).call.distributionError).toContain("private_enterprise");
  });

  it("refuses a reveal that does not match its commitment and allows only one draw at a time", async () => {
    const s = await setup({ external: true });
    await applicants(s.call.id, POOL);
    await freezePool(t.db, s.staff.actor, s.call.id, AFTER);
    await publishDistribution(t.db, s.staff.actor, s.call.id, AFTER);
    const w = (await callPage(t.db, s.call.id)).witnesses;
    await expect(draw(t.db, s.staff.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "guess" }, externalValue: "01 02 03" }, AFTER)).rejects.toMatchObject({ key: "observers.err.reveal" });
    await expect(draw(t.db, s.staff.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "secret-two" } }, AFTER)).rejects.toMatchObject({ key: "observers.err.external" });
    const attempts = await Promise.allSettled(
      Array.from({ length: 4 }, () => draw(t.db, s.staff.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "secret-two" }, externalValue: "05 12 19 23 28 31 + 07" }, AFTER)),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    const seats = await t.db.select().from(observerSeats).where(eq(observerSeats.callId, s.call.id));
    expect(seats).toHaveLength(4);
    const exp = (attempts.find((a) => a.status === "fulfilled") as PromiseFulfilledResult<DrawExport>).value;
    expect(exp.randomness.external).toEqual({ source: "中国福利彩票双色球 2026-03-10 开奖号码", value: "05 12 19 23 28 31 + 07" });
    expect(verifyExport(exp).ok).toBe(true);
  });

  it("cancels only with a public reason and keeps the cancelled draw visible", async () => {
    const s = await drawn();
    await expect(cancelDraw(t.db, s.staff.actor, s.call.id, "", AFTER)).rejects.toMatchObject({ key: "observers.err.reason" });
    await cancelDraw(t.db, s.staff.actor, s.call.id, "会议延期，另行组织抽选", AFTER);
    const page = await callPage(t.db, s.call.id);
    expect(page.call).toMatchObject({ status: "cancelled", cancelReason: "会议延期，另行组织抽选" });
    expect(page.result).toEqual(s.exp.result);
    await expect(draw(t.db, s.staff.actor, s.call.id, { reveals: {} }, AFTER)).rejects.toBeInstanceOf(UserError);
  });
});

describe("after the draw", () => {
  it("passes a declined seat to the next alternate who keeps the quotas", async () => {
    const s = await drawn();
    const page = await callPage(t.db, s.call.id);
    const pool = page.pool!;
    const catOf = (ref: string) => pool.applicants.find((a) => a.ref === ref)!.values;
    // The private-enterprise seat is exactly 1: only a private-enterprise alternate can replace it.
    const peRef = s.exp.result.selected.find((r) => catOf(r).category === "private_enterprise")!;
    const seat = page.seats.find((x) => x.ref === peRef)!;
    const apps = await t.db.select().from(observerApplications).where(eq(observerApplications.callId, s.call.id));
    const owner = apps.find((a) => a.ref === peRef)!;
    const stranger = await makeUser(t.db, "citizen");
    await expect(respondSeat(t.db, stranger.user.id, seat.id, false, AFTER)).rejects.toMatchObject({ status: 404 });
    const replacement = await respondSeat(t.db, owner.userId, seat.id, false, AFTER);
    expect(replacement).not.toBeNull();
    const newRef = apps.find((a) => a.id === replacement!.applicationId)!.ref!;
    expect(catOf(newRef).category).toBe("private_enterprise");
    expect(replacement).toMatchObject({ source: "alternate", replacesSeatId: seat.id, status: "offered" });
    const firstEligible = s.exp.result.alternates.find((r) => catOf(r).category === "private_enterprise");
    expect(newRef).toBe(firstEligible);
    // The others confirm; a lapsed offer passes on too.
    const after = await callPage(t.db, s.call.id);
    const offered = after.seats.filter((x) => x.status === "offered" && x.id !== replacement!.id);
    const confirmer = apps.find((a) => a.ref === offered[0]!.ref)!;
    await respondSeat(t.db, confirmer.userId, offered[0]!.id, true, AFTER);
    await expect(respondSeat(t.db, confirmer.userId, offered[0]!.id, false, AFTER)).rejects.toMatchObject({ key: "observers.err.seatState" });
    const lapsed = await lapseExpired(t.db, D("2026-03-19T09:00:00+08:00"));
    expect(lapsed).toBeGreaterThanOrEqual(1);
    const final = await callPage(t.db, s.call.id);
    expect(final.seats.filter((x) => x.status === "lapsed").length).toBeGreaterThanOrEqual(1);
    // Active seats never break the maximums.
    const active = final.seats.filter((x) => x.status === "offered" || x.status === "confirmed").map((x) => catOf(x.ref).category);
    expect(active.filter((c) => c === "private_enterprise").length).toBeLessThanOrEqual(1);
    expect(active.length).toBeLessThanOrEqual(4);
  });

  it("gives two simultaneous declines two different alternates, within the quotas", async () => {
    const s = await drawn();
    const page = await callPage(t.db, s.call.id);
    const apps = await t.db.select().from(observerApplications).where(eq(observerApplications.callId, s.call.id));
    const catOf = (ref: string) => page.pool!.applicants.find((a) => a.ref === ref)!.values.category;
    const residents = page.seats.filter((x) => catOf(x.ref) === "resident").slice(0, 2);
    const owner = (ref: string) => apps.find((a) => a.ref === ref)!.userId;
    const results = await Promise.all(residents.map((x) => respondSeat(t.db, owner(x.ref), x.id, false, AFTER)));
    const after = await callPage(t.db, s.call.id);
    const active = after.seats.filter((x) => x.status === "offered" || x.status === "confirmed");
    expect(new Set(active.map((x) => x.ref)).size).toBe(active.length);
    const refs = results.filter(Boolean).map((r) => apps.find((a) => a.id === r!.applicationId)!.ref);
    expect(new Set(refs).size).toBe(refs.length);
    const cats = active.map((x) => catOf(x.ref));
    expect(cats.filter((c) => c === "resident").length).toBeLessThanOrEqual(3);
    expect(active.length).toBeLessThanOrEqual(4);
  });

  it("excludes people selected earlier in the year when the call says so", async () => {
    const first = await drawn();
    const apps = await t.db.select().from(observerApplications).where(eq(observerApplications.callId, first.call.id));
    const winner = apps.find((a) => a.ref === first.exp.result.selected[0])!;
    const s2 = await setup({ excludePrevious: true, meetingAt: D("2026-03-25T09:30:00+08:00") });
    await applicants(s2.call.id, POOL);
    await apply(t.db, winner.userId, s2.call.id, form(winner.category, winner.features.gender!, "再次申请"), DURING);
    await freezePool(t.db, s2.staff.actor, s2.call.id, AFTER);
    const page = await callPage(t.db, s2.call.id);
    expect(page.pool!.applicants).toHaveLength(9);
    const [again] = await t.db.select().from(observerApplications).where(and(eq(observerApplications.callId, s2.call.id), eq(observerApplications.userId, winner.userId)));
    expect(again!.status).toBe("excluded");
  });

  it("records attendance and remarks, shown on the meeting and the decision, and counts compliance", async () => {
    const s = await drawn();
    const page = await callPage(t.db, s.call.id);
    const apps = await t.db.select().from(observerApplications).where(eq(observerApplications.callId, s.call.id));
    for (const seat of page.seats) await respondSeat(t.db, apps.find((a) => a.ref === seat.ref)!.userId, seat.id, true, AFTER);
    await recordAttendance(t.db, s.staff.actor, page.seats[0]!.id, true, MEETING);
    await addRemark(t.db, s.staff.actor, { seatId: page.seats[0]!.id, decisionId: s.decision.id, remark: "建议增加夜间公交班次", response: "已采纳，方案增加两条夜间线路" }, MEETING);
    const m = await getMeeting(t.db, s.meeting.id);
    expect(m.remarks[0]).toMatchObject({ remark: "建议增加夜间公交班次", response: "已采纳，方案增加两条夜间线路" });
    expect(m.observers).toHaveLength(4);
    expect(m.agenda[0]).toMatchObject({ decisionId: s.decision.id, title: "张江科学城公共交通优化方案" });
    expect((await remarksForDecision(t.db, s.decision.id))[0]!.meetingId).toBe(s.meeting.id);
    const c = await compliance(t.db, 2026, 4, D("2026-07-15T10:00:00+08:00"));
    expect(c.held).toBeGreaterThanOrEqual(1);
    expect(c.perCategory["private_enterprise"]).toBeGreaterThanOrEqual(1);
    // By mid-July two quarters are complete: 2 meetings were due.
    expect(c.expected).toBe(2);
    const none = await compliance(t.db, 2031, 4, D("2031-10-01T10:00:00+08:00"));
    expect(none).toMatchObject({ held: 0, expected: 3, behind: true });
  });
});

const FIXED_RESULT = {
  seed: "c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeebeef",
  slot: 750,
  panelIndex: 1,
  selected: ["R3", "R1", "R7"],
  alternates: ["R4", "R2", "R5", "R6"],
};
