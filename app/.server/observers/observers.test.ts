import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, observerApplications, observerCalls, observerSeats, outbox, users } from "#db/schema";
import { testDriver, useTestDb } from "#db/testing/db";
import { makeDecision } from "../decisions/testkit";
import { makeUnit, makeUser } from "#db/testing/kit";
import { UserError } from "../errors";
import { creditCodeCheckChar, isValidCreditCode } from "./credit-code";
import { translate } from "~/i18n/messages";
import { commitmentOf, hashDoc, selectFromSeed, verifyExport, type DistributionDoc, type DrawExport } from "./draw";
import { computeDistribution } from "./lottery";
import { verifyDraw } from "./verify";
import { addWitness, apply, createMeeting, openCall, withdraw, type ApplyInput } from "./calls";
import { callPage, compliance, getMeeting, remarksForDecision } from "./public";
import { addRemark, cancelDraw, draw, freezePool, lapseCall, lapseExpired, publishDistribution, recordExternalValue, revealWitness, recordAttendance, respondSeat } from "./seats";

const t = useTestDb();
const D = (s: string) => new Date(s);
const OPEN = D("2026-03-01T00:00:00+08:00");
const DURING = D("2026-03-05T10:00:00+08:00");
const CLOSE = D("2026-03-10T24:00:00+08:00");
const AFTER = D("2026-03-11T09:00:00+08:00");
/** The declared external value (a lottery drawing) is published then; reveals and the draw come after. */
const PUBLISHES = D("2026-03-12T21:30:00+08:00");
const DRAW = D("2026-03-13T10:00:00+08:00");
const SOURCE = "中国福利彩票双色球 2026-03-12 开奖号码";
const LOTTERY = "05 12 19 23 28 31 + 07";
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

async function setup(opts: { excludePrevious?: boolean; declareAtOpen?: boolean; meetingAt?: Date } = {}) {
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
    { meetingId: meeting.id, seats: 4, opensAt: OPEN, closesAt: CLOSE, eligibility: "本区居民或企业", features, quotas, excludePrevious: opts.excludePrevious ?? true, ...(opts.declareAtOpen === false ? {} : { externalSource: SOURCE, externalPublishesAt: PUBLISHES }) },
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
  const exp = await draw(t.db, s.staff.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "secret-two" }, externalValue: LOTTERY }, DRAW);
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
    // The whole verification, LEXIMIN recomputed from the pool, against what the page showed.
    const full = await verifyDraw(s.exp, { poolHash: page.call.poolHash!, distributionHash: page.call.distributionHash!, commitments: Object.fromEntries(page.witnesses.map((w) => [w.name, w.commitment])), externalValue: LOTTERY });
    expect(full.checks.filter((c) => !c.ok)).toEqual([]);
    // Witness secrets are public after the draw; seats are offered to exactly the selected people.
    expect(page.witnesses.map((w) => w.secret)).toEqual(["secret-one", "secret-two"]);
    expect(page.seats.map((x) => x.ref).sort()).toEqual([...s.exp.result.selected].sort());
    const cats = s.exp.result.selected.map((r) => page.pool!.applicants.find((a) => a.ref === r)!.values.category);
    expect(cats.filter((c) => c === "resident").length).toBeGreaterThanOrEqual(2);
    expect(cats.filter((c) => c === "private_enterprise")).toHaveLength(1);
    const mails = await t.db.select().from(outbox);
    expect(mails.filter((m) => m.subject.includes("您已获选列席")).length).toBeGreaterThanOrEqual(4);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "observer_call"), eq(auditLog.entityId, String(s.call.id))));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["observers.call.open", "observers.witness.commit", "observers.pool.freeze", "observers.distribution.publish", "observers.external.record", "observers.witness.reveal", "observers.draw"]),
    );
    // Every step to the second, in Shanghai time, in the export.
    expect(s.exp.timeline).toMatchObject({ frozenAt: "2026-03-11T09:00:00+08:00", externalPublishesAt: "2026-03-12T21:30:00+08:00", externalRecordedAt: "2026-03-13T10:00:00+08:00", drawnAt: "2026-03-13T10:00:00+08:00" });
    expect(s.exp.timeline.witnesses.map((w) => w.revealedAt)).toEqual(["2026-03-13T10:00:00+08:00", "2026-03-13T10:00:00+08:00"]);
    // The selection mail carries a full link.
    expect(mails.find((m) => m.subject.includes("您已获选列席"))!.text).toMatch(new RegExp(`https?://[^\\s]+/observers/calls/${s.call.id}`));
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

  it("reports which quota the pool cannot meet, in both languages", async () => {
    const s = await setup();
    await applicants(s.call.id, POOL.filter(([c]) => c !== "private_enterprise"));
    await freezePool(t.db, s.staff.actor, s.call.id, AFTER);
    const err = await publishDistribution(t.db, s.staff.actor, s.call.id, AFTER).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.key).toBe("observers.err.infeasible");
    expect(translate("zh", err.key, err.params)).toBe("报名人员无法满足名额要求：「类别=民营企业代表」至少需要 1 人，但只有 0 人报名。");
    expect(translate("en", err.key, err.params)).toBe('The applicants cannot meet the quotas: "Category = Private-enterprise representative" needs at least 1 people but only 0 applied.');
    const stored = (await callPage(t.db, s.call.id)).call.distributionError!;
    expect(translate("en", stored.key, stored.params)).toContain("Private-enterprise representative");
  });

  it("refuses a reveal that does not match its commitment and allows only one draw at a time", async () => {
    const s = await setup();
    await applicants(s.call.id, POOL);
    await freezePool(t.db, s.staff.actor, s.call.id, AFTER);
    await publishDistribution(t.db, s.staff.actor, s.call.id, AFTER);
    const w = (await callPage(t.db, s.call.id)).witnesses;
    await expect(draw(t.db, s.staff.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "guess" }, externalValue: "01 02 03" }, DRAW)).rejects.toMatchObject({ key: "observers.err.reveal" });
    await expect(draw(t.db, s.staff.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "secret-two" } }, DRAW)).rejects.toMatchObject({ key: "observers.err.external" });
    // A refused draw records nothing: the external value can still be recorded once.
    expect((await callPage(t.db, s.call.id)).call.externalValue).toBeNull();
    const attempts = await Promise.allSettled(
      Array.from({ length: 4 }, () => draw(t.db, s.staff.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "secret-two" }, externalValue: LOTTERY }, DRAW)),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    const seats = await t.db.select().from(observerSeats).where(eq(observerSeats.callId, s.call.id));
    expect(seats).toHaveLength(4);
    const exp = (attempts.find((a) => a.status === "fulfilled") as PromiseFulfilledResult<DrawExport>).value;
    expect(exp.randomness.external).toEqual({ source: SOURCE, value: LOTTERY });
    expect(verifyExport(exp).ok).toBe(true);
    // A second draw says so, not that the distribution is missing.
    await expect(draw(t.db, s.staff.actor, s.call.id, { reveals: {}, externalValue: LOTTERY }, DRAW)).rejects.toMatchObject({ key: "observers.err.alreadyDrawn" });
  });

  it("cancels only with a public reason and keeps the cancelled draw visible", async () => {
    const s = await drawn();
    await expect(cancelDraw(t.db, s.staff.actor, s.call.id, "", DRAW)).rejects.toMatchObject({ key: "observers.err.reason" });
    await cancelDraw(t.db, s.staff.actor, s.call.id, "会议延期，另行组织抽选", DRAW);
    const page = await callPage(t.db, s.call.id);
    expect(page.call).toMatchObject({ status: "cancelled", cancelReason: "会议延期，另行组织抽选" });
    expect(page.result).toEqual(s.exp.result);
    await expect(draw(t.db, s.staff.actor, s.call.id, { reveals: {} }, DRAW)).rejects.toBeInstanceOf(UserError);
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
    await expect(respondSeat(t.db, stranger.user.id, seat.id, false, DRAW)).rejects.toMatchObject({ status: 404 });
    const replacement = await respondSeat(t.db, owner.userId, seat.id, false, DRAW);
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
    await respondSeat(t.db, confirmer.userId, offered[0]!.id, true, DRAW);
    await expect(respondSeat(t.db, confirmer.userId, offered[0]!.id, false, DRAW)).rejects.toMatchObject({ key: "observers.err.seatState" });
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
    const results = await Promise.all(residents.map((x) => respondSeat(t.db, owner(x.ref), x.id, false, DRAW)));
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
    for (const seat of page.seats) await respondSeat(t.db, apps.find((a) => a.ref === seat.ref)!.userId, seat.id, true, DRAW);
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

describe("opening a call", () => {
  it("refuses quotas no pool could meet, with the reason in both languages", async () => {
    const s = await setup();
    const base = { meetingId: s.meeting.id, seats: 4, opensAt: OPEN, closesAt: CLOSE, eligibility: "本区居民", features, excludePrevious: false };
    const refusal = async (quotas: { feature: string; value: string; min: number; max: number }[]) => {
      const e = await openCall(t.db, s.staff.actor, { ...base, quotas }, OPEN).catch((x) => x);
      expect(e).toBeInstanceOf(UserError);
      return { zh: translate("zh", e.key, e.params), en: translate("en", e.key, e.params) };
    };
    // Minimums above the seats.
    expect(await refusal([{ feature: "category", value: "resident", min: 3, max: 4 }, { feature: "category", value: "private_enterprise", min: 2, max: 2 }])).toEqual({
      zh: "「类别」各取值的最少席位之和为 5，超过总席位 4，任何报名情况都无法满足。",
      en: 'The minimums for "Category" add up to 5, more than the 4 seats: no set of applicants could meet them.',
    });
    // Maximums below the seats: every value of gender capped, 1 + 2 < 4.
    expect((await refusal([{ feature: "gender", value: "female", min: 0, max: 1 }, { feature: "gender", value: "male", min: 0, max: 2 }])).zh).toBe("「性别」各取值最多只能提供 3 个席位，少于总席位 4，无法坐满。");
    // Every category capped (the four categories) below the seats.
    expect((await refusal(["resident", "small_micro_enterprise", "private_enterprise", "others"].map((value) => ({ feature: "category", value, min: 0, max: 0 })))).en).toContain("can fill at most 0 seats");
    expect((await refusal([{ feature: "gender", value: "other", min: 1, max: 1 }])).zh).toContain("不存在的取值：other");
    // A feasible call opens.
    await expect(openCall(t.db, s.staff.actor, { ...base, quotas }, OPEN)).resolves.toMatchObject({ status: "open" });
  });
});

describe("the order of the protocol, enforced on the server", () => {
  it("declares the external value at the freeze at the latest, ahead of time", async () => {
    const s = await setup({ declareAtOpen: false });
    await applicants(s.call.id, POOL);
    await expect(freezePool(t.db, s.staff.actor, s.call.id, AFTER)).rejects.toMatchObject({ key: "observers.err.externalSource" });
    // A value already published (or about to be) cannot be used: someone could know it.
    await expect(freezePool(t.db, s.staff.actor, s.call.id, AFTER, { externalSource: SOURCE, externalPublishesAt: new Date(AFTER.getTime() + 5 * 60_000) })).rejects.toMatchObject({
      key: "observers.err.externalLead",
    });
    const frozen = await freezePool(t.db, s.staff.actor, s.call.id, AFTER, { externalSource: SOURCE, externalPublishesAt: PUBLISHES });
    expect(frozen).toMatchObject({ status: "frozen", externalSource: SOURCE, externalPublishesAt: PUBLISHES });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "observers.pool.freeze"), eq(auditLog.entityId, String(s.call.id))));
    expect(audit[0]!.summary).toMatchObject({ externalSource: SOURCE, commitments: [commitmentOf("secret-one"), commitmentOf("secret-two")] });
  });

  it("records the distribution's time after the solve, and refuses it once the external value is out", async () => {
    const s = await setup();
    await applicants(s.call.id, POOL);
    await freezePool(t.db, s.staff.actor, s.call.id, AFTER);
    await expect(publishDistribution(t.db, s.staff.actor, s.call.id, PUBLISHES)).rejects.toMatchObject({ key: "observers.err.distributionLate" });
    const slow = async (...a: Parameters<typeof computeDistribution>) => {
      await new Promise((r) => setTimeout(r, 1200));
      return computeDistribution(...a);
    };
    // A solve that would finish after the publication time is refused too.
    const justBefore = new Date(PUBLISHES.getTime() - 500);
    await expect(publishDistribution(t.db, s.staff.actor, s.call.id, justBefore, { compute: slow })).rejects.toMatchObject({ key: "observers.err.distributionLate" });
    const c = await publishDistribution(t.db, s.staff.actor, s.call.id, AFTER, { compute: slow });
    expect(c.distributedAt!.getTime()).toBeGreaterThanOrEqual(AFTER.getTime() + 1200);
    await expect(publishDistribution(t.db, s.staff.actor, s.call.id, AFTER)).rejects.toMatchObject({ key: "observers.err.alreadyDistributed" });
  });

  it("refuses reveals and the draw before the external value's time; the value is recorded once, before any reveal", async () => {
    const s = await setup();
    await applicants(s.call.id, POOL);
    await freezePool(t.db, s.staff.actor, s.call.id, AFTER);
    await publishDistribution(t.db, s.staff.actor, s.call.id, AFTER);
    const w = (await callPage(t.db, s.call.id)).witnesses;
    const early = new Date(PUBLISHES.getTime() - 1000);
    await expect(draw(t.db, s.staff.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "secret-two" }, externalValue: LOTTERY }, early)).rejects.toMatchObject({ key: "observers.err.tooEarly" });
    await expect(recordExternalValue(t.db, s.staff.actor, s.call.id, LOTTERY, early)).rejects.toMatchObject({ key: "observers.err.tooEarly" });
    await expect(revealWitness(t.db, s.staff.actor, s.call.id, w[0]!.id, "secret-one", PUBLISHES)).rejects.toMatchObject({ key: "observers.err.externalFirst" });
    await recordExternalValue(t.db, s.staff.actor, s.call.id, LOTTERY, PUBLISHES);
    await expect(recordExternalValue(t.db, s.staff.actor, s.call.id, "01 02 03 04 05 06 + 07", PUBLISHES)).rejects.toMatchObject({ key: "observers.err.externalRecorded" });
    const r1 = new Date(PUBLISHES.getTime() + 60_000);
    await revealWitness(t.db, s.staff.actor, s.call.id, w[0]!.id, "secret-one", r1);
    // Not every witness has revealed: no draw (an abort is visible and ends in a public cancellation).
    await expect(draw(t.db, s.staff.actor, s.call.id, {}, r1)).rejects.toMatchObject({ key: "observers.err.reveal", params: { name: "李公证员" } });
    await revealWitness(t.db, s.staff.actor, s.call.id, w[1]!.id, "secret-two", new Date(r1.getTime() + 61_000));
    const exp = await draw(t.db, s.staff.actor, s.call.id, {}, new Date(r1.getTime() + 125_000));
    expect(exp.randomness.external!.value).toBe(LOTTERY);
    expect(exp.timeline).toMatchObject({ externalRecordedAt: "2026-03-12T21:30:00+08:00", drawnAt: "2026-03-12T21:33:05+08:00" });
    expect(exp.timeline.witnesses.map((x) => x.revealedAt)).toEqual(["2026-03-12T21:31:00+08:00", "2026-03-12T21:32:01+08:00"]);
    expect((await verifyDraw(exp)).ok).toBe(true);
  });

  it("does not let a witness run the draw", async () => {
    const s = await setup();
    await applicants(s.call.id, POOL);
    await t.db.update(users).set({ displayName: "李公证员（区司法局）" }).where(eq(users.id, s.staff.actor.id));
    await freezePool(t.db, s.staff.actor, s.call.id, AFTER);
    await publishDistribution(t.db, s.staff.actor, s.call.id, AFTER);
    const w = (await callPage(t.db, s.call.id)).witnesses;
    await expect(draw(t.db, s.staff.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "secret-two" }, externalValue: LOTTERY }, DRAW)).rejects.toMatchObject({
      key: "observers.err.runnerIsWitness",
      params: { name: "李公证员" },
    });
    const colleague = await makeUser(t.db, "staff", s.unit.id);
    const exp = await draw(t.db, colleague.actor, s.call.id, { reveals: { [w[0]!.id]: "secret-one", [w[1]!.id]: "secret-two" }, externalValue: LOTTERY }, DRAW);
    expect(exp.drawnBy).toBe(colleague.user.displayName);
  });
});

describe("lapsing overdue offers from the console", () => {
  it("checks the unit before touching anything, and audits the lapse in the same transaction", async () => {
    const s = await drawn();
    const late = D("2026-03-19T09:00:00+08:00");
    const other = await makeUser(t.db, "staff", (await makeUnit(t.db))!.id);
    const before = await t.db.select().from(observerSeats).where(eq(observerSeats.callId, s.call.id));
    await expect(lapseCall(t.db, other.actor, s.call.id, late)).rejects.toMatchObject({ status: 403 });
    expect(await t.db.select().from(observerSeats).where(eq(observerSeats.callId, s.call.id))).toEqual(before);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "observers.seats.lapse"))).toHaveLength(0);
    const n = await lapseCall(t.db, s.staff.actor, s.call.id, late);
    expect(n).toBe(4);
    const after = await t.db.select().from(observerSeats).where(eq(observerSeats.callId, s.call.id));
    expect(after.filter((x) => x.status === "lapsed")).toHaveLength(4);
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, "observers.seats.lapse"));
    expect(row).toMatchObject({ actorId: s.staff.actor.id, entityId: String(s.call.id) });
    expect((row!.summary as { lapsed: number[] }).lapsed).toHaveLength(4);
  });
});
