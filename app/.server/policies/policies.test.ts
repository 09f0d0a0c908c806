import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { auditLog, decisionStages, outbox, policies, policyQuestions, tagSubscriptions } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { loadConfig } from "../config";
import type { Actor } from "../context";
import { makeDecision } from "../decisions/testkit";
import { makeUnit, makeUser, refused } from "#db/testing/kit";
import { translate } from "~/i18n/messages";
import { answerDue } from "./deadline";
import {
  addInterpretation,
  announceLapses,
  changeValidity,
  createPolicy,
  publishPolicy,
  updatePolicy,
  policySchema,
  type PolicyInput,
} from "./policies";
import { getPolicyPage, listPublicPolicies, parsePolicyQuery } from "./public";
import {
  answerQuestion,
  askQuestion,
  exportFaq,
  faqCsv,
  listPublishedQuestions,
  listQuestionQueue,
  moderateQuestion,
  policyCompliance,
  promoteToFaq,
  updateFaq,
} from "./questions";
import { unifiedSearch } from "./search";
import { validityOf } from "./validity";

const t = useTestDb();
const RATE = { ...loadConfig({}).commentRate, perUser: 1000, perIp: 1000 };
const NOW = new Date("2026-11-27T10:00:00+08:00");

let unitId: number;
let otherUnitId: number;
let staff: Actor;
let otherStaff: Actor;
let citizen: { id: number; displayName: string; email: string };

function input(over: Partial<Record<keyof PolicyInput, string>> = {}): PolicyInput {
  const parsed = policySchema.safeParse({
    kind: "normative",
    title: "浦东新区社区长者食堂运营补贴实施细则",
    docNumber: "浦民规〔2026〕3号",
    summary: "对社区长者食堂给予运营补贴",
    body: "第一条 为推进社区养老助餐服务，制定本细则。\n第二条 对每个长者食堂每年补贴不超过20万元。",
    issuedOn: "2026-03-01",
    effectiveOn: "2026-04-01",
    validUntil: "",
    topics: "养老、助餐",
    audiences: "老年人",
    services: "长者食堂补贴申请 | https://zwdt.sh.gov.cn/govPortals/item/ltc | 第二条",
    ...over,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

async function published(over: Partial<Record<keyof PolicyInput, string>> = {}, unit = unitId, actor = staff) {
  const id = await createPolicy(t.db, actor, unit, input(over), NOW);
  await addInterpretation(t.db, actor, id, { title: "一图读懂", body: "解读：补贴标准和申请流程。", publishedOn: null }, NOW);
  await publishPolicy(t.db, actor, id, NOW);
  return id;
}

beforeAll(async () => {
  unitId = (await makeUnit(t.db)).id;
  otherUnitId = (await makeUnit(t.db)).id;
  staff = (await makeUser(t.db, "staff", unitId)).actor;
  otherStaff = (await makeUser(t.db, "staff", otherUnitId)).actor;
  const c = await makeUser(t.db, "citizen");
  citizen = { id: c.user.id, displayName: "王芳", email: c.user.email };
});

describe("三同步 and publication", () => {
  it("refuses to publish a normative document without its interpretation, naming the rule in both languages", async () => {
    const id = await createPolicy(t.db, staff, unitId, input(), NOW);
    const e = await refused(publishPolicy(t.db, staff, id, NOW));
    expect(e.key).toBe("policies.err.threeSync");
    expect(e.status).toBe(409);
    expect(translate("zh", e.key)).toContain("三同步");
    expect(translate("en", e.key)).toMatch(/three-synchronisation rule: a normative document .*interpretation/);
    const [p] = await t.db.select().from(policies).where(eq(policies.id, id));
    expect(p.publishedAt).toBeNull();

    await addInterpretation(t.db, staff, id, { title: "政策解读", body: "解读正文", publishedOn: null }, NOW);
    await publishPolicy(t.db, staff, id, NOW);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "policy"), eq(auditLog.entityId, String(id)))).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(["policy.create", "policy.interpretation.add", "policy.publish"]);
  });

  it("publishes an other document without an interpretation", async () => {
    const id = await createPolicy(t.db, staff, unitId, input({ kind: "other", title: "关于开展2026年养老服务补贴申报的通知" }), NOW);
    await publishPolicy(t.db, staff, id, NOW);
    const page = await getPolicyPage(t.db, id, null, NOW);
    expect(page.policy.validity).toBe("in_force");
  });

  it("lets staff act only on their own unit, with nothing written", async () => {
    const id = await createPolicy(t.db, staff, unitId, input(), NOW);
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect((await refused(addInterpretation(t.db, otherStaff, id, { title: "x", body: "y", publishedOn: null }, NOW))).status).toBe(403);
    expect((await refused(publishPolicy(t.db, otherStaff, id, NOW))).status).toBe(403);
    expect((await refused(createPolicy(t.db, otherStaff, unitId, input(), NOW))).status).toBe(403);
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it("keeps a draft private and a published text fixed", async () => {
    const id = await createPolicy(t.db, staff, unitId, input(), NOW);
    expect((await refused(getPolicyPage(t.db, id, null, NOW))).status).toBe(404);
    expect((await getPolicyPage(t.db, id, staff, NOW)).policy.publishedAt).toBeNull();
    const pub = await published();
    expect((await refused(updatePolicy(t.db, staff, pub, input({ title: "改" }), NOW))).key).toBe("policies.err.published");
  });

  it("links the decision's result stage back to the policy it produced", async () => {
    const { decision } = await makeDecision(t.db, { unitId, published: NOW });
    const id = await createPolicy(t.db, staff, unitId, { ...input(), decisionId: decision.id }, NOW);
    await addInterpretation(t.db, staff, id, { title: "解读", body: "解读", publishedOn: null }, NOW);
    await publishPolicy(t.db, staff, id, NOW);
    const [stage] = await t.db.select().from(decisionStages).where(and(eq(decisionStages.decisionId, decision.id), eq(decisionStages.kind, "result")));
    expect(stage.linkPath).toBe(`/policies/${id}`);
    expect((await getPolicyPage(t.db, id, null, NOW)).decision?.id).toBe(decision.id);
    // A decision of another unit is refused.
    const other = await makeDecision(t.db, { unitId: otherUnitId, published: NOW });
    expect((await refused(createPolicy(t.db, staff, unitId, { ...input(), decisionId: other.decision.id }, NOW))).field).toBe("decisionId");
  });

  it("accepts only http(s) service links", () => {
    expect(policySchema.safeParse({ kind: "other", title: "x", services: "办 | javascript:alert(1)" }).success).toBe(false);
    expect(policySchema.safeParse({ kind: "other", title: "x", services: "办理 | https://zwdt.sh.gov.cn/x | 第三条" }).data?.services).toEqual([
      { name: "办理", url: "https://zwdt.sh.gov.cn/x", article: "第三条" },
    ]);
  });
});

describe("validity", () => {
  it("amending needs a published successor; the old one is kept, marked and linked both ways", async () => {
    const old = await published({ title: "浦东新区老年综合津贴发放办法" });
    expect((await refused(changeValidity(t.db, staff, old, { change: "amended", successorId: null, changedOn: null, note: null }, NOW))).key).toBe(
      "policies.err.successorRequired",
    );
    const draft = await createPolicy(t.db, staff, unitId, input(), NOW);
    expect((await refused(changeValidity(t.db, staff, old, { change: "amended", successorId: draft, changedOn: null, note: null }, NOW))).key).toBe(
      "policies.err.successor",
    );
    const successor = await published({ title: "浦东新区老年综合津贴发放办法（2026年修订）" });
    await changeValidity(t.db, staff, old, { change: "amended", successorId: successor, changedOn: "2026-11-27", note: null }, NOW);
    const page = await getPolicyPage(t.db, old, null, NOW);
    expect(page.policy.validity).toBe("amended");
    expect(page.successor?.id).toBe(successor);
    expect((await getPolicyPage(t.db, successor, null, NOW)).predecessors.map((p) => p.id)).toEqual([old]);
    // Once amended it cannot change again.
    expect((await refused(changeValidity(t.db, staff, old, { change: "repealed", successorId: null, changedOn: null, note: "x" }, NOW))).key).toBe(
      "policies.err.notInForce",
    );
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "policy.amended"), eq(auditLog.entityId, String(old))));
    expect(audit.summary).toMatchObject({ successorId: successor });
  });

  it("repealing and declaring a lapse need a public reason; a lapse has no successor", async () => {
    const a = await published();
    expect((await refused(changeValidity(t.db, staff, a, { change: "repealed", successorId: null, changedOn: null, note: null }, NOW))).key).toBe(
      "policies.err.changeNote",
    );
    const b = await published();
    expect((await refused(changeValidity(t.db, staff, a, { change: "lapsed", successorId: b, changedOn: null, note: "到期" }, NOW))).key).toBe(
      "policies.err.successorLapse",
    );
    await changeValidity(t.db, staff, a, { change: "repealed", successorId: null, changedOn: null, note: "上位法已废止" }, NOW);
    expect((await getPolicyPage(t.db, a, null, NOW)).policy.validity).toBe("repealed");
    await changeValidity(t.db, staff, b, { change: "lapsed", successorId: null, changedOn: null, note: "试行期满" }, NOW);
    expect((await getPolicyPage(t.db, b, null, NOW)).policy.validity).toBe("lapsed");
  });

  it("a policy whose valid-until day has passed shows 已失效 by itself, at midnight in Shanghai whatever the host zone", async () => {
    const id = await published({ title: "浦东新区2025年度稳岗补贴试行办法", validUntil: "2026-12-31" });
    const lastEvening = new Date("2026-12-31T23:59:00+08:00"); // already 1 January in no zone but Shanghai's… and 15:59 UTC
    const nextMorning = new Date("2027-01-01T00:00:00+08:00"); // still 31 December 16:00 in UTC
    expect((await getPolicyPage(t.db, id, null, lastEvening)).policy.validity).toBe("in_force");
    expect((await getPolicyPage(t.db, id, null, nextMorning)).policy.validity).toBe("lapsed");
    // The filter derives it the same way.
    const q = parsePolicyQuery(new URLSearchParams({ validity: "lapsed", unit: "" }));
    const before = await listPublicPolicies(t.db, q, lastEvening);
    const after = await listPublicPolicies(t.db, q, nextMorning);
    expect(before.items.some((p) => p.id === id)).toBe(false);
    expect(after.items.find((p) => p.id === id)?.validity).toBe("lapsed");
    expect(validityOf({ change: "in_force", validUntil: null }, nextMorning)).toBe("in_force");
  });
});

describe("subscriptions", () => {
  it("mails each matching subscriber once per event, however many of their tags match", async () => {
    const sub = await makeUser(t.db, "citizen");
    await t.db.insert(tagSubscriptions).values([
      { userId: sub.user.id, tag: "老年人" },
      { userId: sub.user.id, tag: "助餐" },
    ]);
    const mailsTo = async () => (await t.db.select().from(outbox).where(eq(outbox.to, sub.user.email))).length;
    const id = await createPolicy(t.db, staff, unitId, input(), NOW);
    await addInterpretation(t.db, staff, id, { title: "解读", body: "解读", publishedOn: null }, NOW);
    expect(await mailsTo()).toBe(0); // a draft's interpretation is no event
    const { mailed } = await publishPolicy(t.db, staff, id, NOW);
    expect(mailed).toBeGreaterThanOrEqual(1);
    expect(await mailsTo()).toBe(1);
    await addInterpretation(t.db, staff, id, { title: "跟踪解读：申请常见问题", body: "……", publishedOn: null }, NOW);
    expect(await mailsTo()).toBe(2);
    await changeValidity(t.db, staff, id, { change: "repealed", successorId: null, changedOn: null, note: "并入新细则" }, NOW);
    const mails = await t.db.select().from(outbox).where(eq(outbox.to, sub.user.email)).orderBy(asc(outbox.id));
    expect(mails).toHaveLength(3);
    expect(mails[0].text).toContain(`/policies/${id}`);
    expect(mails[2].text).toContain("已废止");
    // A policy with none of the subscriber's tags mails nobody.
    await published({ topics: "交通", audiences: "驾驶人" });
    expect(await mailsTo()).toBe(3);
  });
});

describe("lapse by valid-until date", () => {
  it("mails the subscribers of a policy that lapses by itself once, however often (and however concurrently) the lapse is observed", async () => {
    const sub = await makeUser(t.db, "citizen");
    await t.db.insert(tagSubscriptions).values([
      { userId: sub.user.id, tag: "试行到期" },
      { userId: sub.user.id, tag: "外卖骑手" },
    ]);
    const mailsTo = async () => t.db.select().from(outbox).where(eq(outbox.to, sub.user.email)).orderBy(asc(outbox.id));
    const lapsing = await published({ title: "浦东新区外卖骑手职业伤害保障试行办法", topics: "试行到期", audiences: "外卖骑手", validUntil: "2027-01-31" });
    // Repealed before its date: that change was mailed; the date passing later is no second event.
    const repealed = await published({ title: "浦东新区骑手驿站建设试行办法", topics: "试行到期", validUntil: "2027-01-31" });
    await changeValidity(t.db, staff, repealed, { change: "repealed", successorId: null, changedOn: null, note: "并入新办法" }, NOW);
    // Published when its date had already passed: its publication mail is all there is to say.
    const stale = await published({ title: "浦东新区2025年骑手保障专项方案", topics: "试行到期", effectiveOn: "2025-01-01", validUntil: "2025-12-31" });
    expect((await getPolicyPage(t.db, stale, null, NOW)).policy.validity).toBe("lapsed");
    const before = (await mailsTo()).length; // three publications and one repeal
    expect(before).toBe(4);

    await announceLapses(t.db, new Date("2027-01-31T23:59:00+08:00")); // still its last day in Shanghai (other tests' policies may lapse)
    expect(await mailsTo()).toHaveLength(before);
    const morning = new Date("2027-02-01T00:00:00+08:00");
    const [first, second] = await Promise.all([announceLapses(t.db, morning), announceLapses(t.db, morning)]);
    await announceLapses(t.db, new Date("2027-02-02T09:00:00+08:00"));
    const mails = await mailsTo();
    expect(mails).toHaveLength(before + 1);
    expect(first.policies + second.policies).toBeGreaterThanOrEqual(1);
    expect(mails.at(-1)!.text).toContain(`/policies/${lapsing}`);
    expect(mails.at(-1)!.text).toContain("已失效");
    const [row] = await t.db.select().from(policies).where(eq(policies.id, lapsing));
    expect(row.lapseAnnouncedAt?.getTime()).toBe(morning.getTime());
    expect(row.change).toBe("in_force"); // the lapse stays derived; only the notice is recorded
  });
});

describe("answering deadline", () => {
  it("counts working days from the holiday schedule across 国庆 2026, make-up Saturday included", async () => {
    // Asked on 30 September: 8, 9, 10 (调休 Saturday), 12, 13 October.
    const due = await answerDue(t.db, new Date("2026-09-30T10:00:00+08:00"), 5);
    expect(due.dueOn).toBe("2026-10-13");
    expect(due.dueAt.toISOString()).toBe("2026-10-13T16:00:00.000Z");
    // The day asked is Shanghai's: 01:00 on Friday 9 October there is still Thursday in UTC.
    expect((await answerDue(t.db, new Date("2026-10-09T01:00:00+08:00"), 5)).dueOn).toBe("2026-10-15");
    // A holiday is not a working day: asked on 1 October, the count starts on the 8th.
    expect((await answerDue(t.db, new Date("2026-10-01T12:00:00+08:00"), 5)).dueOn).toBe("2026-10-13");
    expect((await answerDue(t.db, new Date("2026-09-30T10:00:00+08:00"), 1)).dueOn).toBe("2026-10-08");
  });

  it("marks an open question overdue in the queue the day after its deadline, and not once answered", async () => {
    const id = await published();
    const asked = new Date("2026-09-30T10:00:00+08:00");
    const { reference } = await askQuestion(t.db, citizen, null, id, { body: "长者食堂补贴如何申请？", showName: false, idempotencyKey: "deadline-1" }, asked, RATE);
    const onDue = await listQuestionQueue(t.db, staff, unitId, new Date("2026-10-13T20:00:00+08:00"), 5);
    const row = onDue.find((q) => q.reference === reference)!;
    expect(row.dueOn).toBe("2026-10-13");
    expect(row.overdue).toBe(false);
    const dayAfter = await listQuestionQueue(t.db, staff, unitId, new Date("2026-10-14T00:10:00+08:00"), 5);
    expect(dayAfter.find((q) => q.reference === reference)!.overdue).toBe(true);
    const report = await policyCompliance(t.db, new Date("2026-10-14T00:10:00+08:00"), 5);
    expect(report.find((u) => u.id === unitId)?.overdueQuestions).toBeGreaterThanOrEqual(1);
    const qid = row.id;
    await answerQuestion(t.db, staff, qid, { answer: "请在“一网通办”提交申请。" }, new Date("2026-10-14T09:00:00+08:00"));
    const all = await listQuestionQueue(t.db, staff, unitId, new Date("2026-10-15T09:00:00+08:00"), 5, { all: true });
    expect(all.find((q) => q.id === qid)!.overdue).toBe(false);
    // Staff of another unit cannot see the queue.
    expect((await refused(listQuestionQueue(t.db, otherStaff, unitId, NOW, 5))).status).toBe(403);
  });
});

describe("Q&A board and FAQ", () => {
  it("publishes a question only after review, masked, with its answer; the asker's retry does not duplicate", async () => {
    const id = await published();
    const body = "我母亲住在浦东南路1234弄5号601室，电话13912345678，能否在长者食堂用餐？";
    const first = await askQuestion(t.db, citizen, "10.0.0.1", id, { body, showName: true, idempotencyKey: "board-1" }, NOW, RATE);
    expect(first.reference).toMatch(new RegExp(`^ZC${id}-[A-Z2-7]{8}$`));
    const again = await askQuestion(t.db, citizen, "10.0.0.1", id, { body, showName: true, idempotencyKey: "board-1" }, NOW, RATE);
    expect(again).toEqual({ reference: first.reference, created: false });
    expect(await listPublishedQuestions(t.db, id)).toEqual([]);

    const [q] = await t.db.select().from(policyQuestions).where(eq(policyQuestions.reference, first.reference));
    expect((await refused(moderateQuestion(t.db, otherStaff, q.id, { decision: "publish", reason: null }, NOW))).status).toBe(403);
    await moderateQuestion(t.db, staff, q.id, { decision: "publish", reason: null }, NOW);
    await answerQuestion(t.db, staff, q.id, { answer: "可以，凭身份证就近用餐。" }, NOW);
    const [shown] = await listPublishedQuestions(t.db, id);
    expect(shown.body).not.toContain("13912345678");
    expect(shown.body).not.toContain("1234弄");
    expect(shown.body).toContain("[电话已隐去]");
    expect(shown.answer).toBe("可以，凭身份证就近用餐。");
    expect(shown.name).toBe("王芳");
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "policy_question"), eq(auditLog.entityId, String(q.id)))).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(["policy.question.publish", "policy.question.answer"]);

    const faqId = await promoteToFaq(t.db, staff, q.id, NOW);
    expect((await refused(promoteToFaq(t.db, staff, q.id, NOW))).key).toBe("policies.err.alreadyFaq");
    const page = await getPolicyPage(t.db, id, null, NOW);
    expect(page.faqs.map((f) => f.id)).toEqual([faqId]);
    expect(page.faqs[0].question).toContain("[电话已隐去]");
    await updateFaq(t.db, staff, faqId, { question: "老人能否在长者食堂用餐？", answer: "可以，凭身份证就近用餐。" }, NOW);
    expect((await refused(updateFaq(t.db, otherStaff, faqId, { question: "x", answer: "y" }, NOW))).status).toBe(403);

    const exported = await exportFaq(t.db, unitId);
    const row = exported.find((r) => r.question === "老人能否在长者食堂用餐？")!;
    expect(row).toMatchObject({ policy: input().title, docNumber: "浦民规〔2026〕3号", tags: ["养老", "助餐", "老年人"], date: "2026-11-27" });
    expect(row.url).toMatch(new RegExp(`/policies/${id}$`));
    expect(await exportFaq(t.db, otherUnitId)).toEqual([]);
  });

  it("refuses with a reason the asker sees; a refused question is never public or answerable", async () => {
    const id = await published();
    const { reference } = await askQuestion(t.db, citizen, null, id, { body: "广告：代办补贴", showName: false, idempotencyKey: "board-2" }, NOW, RATE);
    const [q] = await t.db.select().from(policyQuestions).where(eq(policyQuestions.reference, reference));
    expect((await refused(moderateQuestion(t.db, staff, q.id, { decision: "refuse", reason: null }, NOW))).field).toBe("reason");
    await moderateQuestion(t.db, staff, q.id, { decision: "refuse", reason: "与本政策无关的广告" }, NOW);
    expect((await refused(answerQuestion(t.db, staff, q.id, { answer: "x" }, NOW))).key).toBe("policies.err.refused");
    expect(await listPublishedQuestions(t.db, id)).toEqual([]);
  });

  it("takes questions only on published policies", async () => {
    const draft = await createPolicy(t.db, staff, unitId, input(), NOW);
    expect((await refused(askQuestion(t.db, citizen, null, draft, { body: "?", showName: false, idempotencyKey: "board-3" }, NOW, RATE))).status).toBe(404);
  });

  it("guards CSV cells against formulas", () => {
    const csv = faqCsv([{ title: "=HYPERLINK(\"x\")", question: "+1", answer: "ok", policy: "p", docNumber: "", unit: "u", url: "http://x", date: "2026-01-01", tags: [] }]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain("'+1");
  });
});

describe("search", () => {
  beforeAll(async () => {
    await published({ kind: "other", title: "浦东新区既有多层住宅加装电梯操作指引", topics: "加装电梯", audiences: "业主" });
    await published({ kind: "other", title: "关于做好冬季道路交通安全工作的通知", body: "第一条 加强道路巡查。", topics: "交通", audiences: "驾驶人" });
    await makeDecision(t.db, { unitId, published: NOW, title: "浦东新区养老服务设施布局专项规划", summary: "15分钟养老服务圈" });
    await makeDecision(t.db, { unitId: (await makeUnit(t.db)).id, published: null, title: "未公开的养老事项" });
  });

  it("finds two-character Chinese terms in every kind, grouped, and nothing unpublished", async () => {
    const r = await unifiedSearch(t.db, "养老", NOW);
    expect(r.policies.total).toBeGreaterThan(0);
    expect(r.policies.items.every((p) => /养老/.test(p.title + p.snippet))).toBe(true);
    expect(r.decisions.items.map((d) => d.title)).toContain("浦东新区养老服务设施布局专项规划");
    expect(r.decisions.items.map((d) => d.title)).not.toContain("未公开的养老事项");
    const lift = await unifiedSearch(t.db, "电梯", NOW);
    expect(lift.policies.items.map((p) => p.title)).toContain("浦东新区既有多层住宅加装电梯操作指引");
    expect(lift.policies.items.map((p) => p.title)).not.toContain("关于做好冬季道路交通安全工作的通知");
    // Longer terms and several terms at once (all must match).
    expect((await unifiedSearch(t.db, "加装电梯 指引", NOW)).policies.items.map((p) => p.title)).toEqual(["浦东新区既有多层住宅加装电梯操作指引"]);
    expect((await unifiedSearch(t.db, "电梯 交通", NOW)).policies.total).toBe(0);
    // A term that contains LIKE's wildcards matches them literally.
    expect((await unifiedSearch(t.db, "%_", NOW)).policies.total).toBe(0);
  });

  it("uses the bigram index for a two-character term and the trigram index for longer ones", async () => {
    const plan = async (q: string) =>
      t.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const r = await rows<Record<string, string>>(
          tx,
          sql`explain select id from policies p where canyu_bigrams(p.search_text) @> array[lower(${q})] and p.search_text ilike ${`%${q}%`}`,
        );
        return r.map((x) => Object.values(x)[0]).join("\n");
      });
    expect(await plan("电梯")).toContain("policies_search_bigrams");
    const tri = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const r = await rows<Record<string, string>>(tx, sql`explain select id from policies p where p.search_text ilike ${"%加装电梯%"}`);
      return r.map((x) => Object.values(x)[0]).join("\n");
    });
    expect(tri).toContain("policies_search_trgm");
  });

  it("pages and counts every match, and orders each kind title matches first, then the newest", async () => {
    // 25 policies about 托育: five say it in the title, twenty only in the body, issued on different days.
    for (let i = 0; i < 25; i++) {
      const day = `2025-03-${String(1 + i).padStart(2, "0")}`;
      await published({
        kind: "other",
        title: i % 5 === 0 ? `婴幼儿托育服务指引（${i}）` : `社区服务通知（${i}）`,
        body: "第一条 支持普惠托育机构发展。",
        issuedOn: day,
        effectiveOn: day,
        topics: "托育",
      });
    }
    const query = (page: number) => listPublicPolicies(t.db, parsePolicyQuery(new URLSearchParams({ q: "托育", page: String(page) })), NOW);
    const [one, two] = [await query(1), await query(2)];
    expect([one.total, one.pages, one.items.length, two.items.length]).toEqual([25, 2, 20, 5]);
    const all = [...one.items, ...two.items];
    expect(new Set(all.map((p) => p.id)).size).toBe(25);
    const issued = all.map((p) => p.issuedOn!);
    expect(issued).toEqual([...issued].sort().reverse());
    expect(one.items[0]!.summary.length).toBeLessThanOrEqual(121);

    const grouped = await unifiedSearch(t.db, "托育", NOW, 3);
    expect(grouped.policies.total).toBe(25);
    expect(grouped.policies.items.map((p) => p.title)).toEqual(["婴幼儿托育服务指引（20）", "婴幼儿托育服务指引（15）", "婴幼儿托育服务指引（10）"]);
    expect(grouped.policies.items.every((p) => p.validity === "in_force")).toBe(true);
    expect(grouped.decisions).toEqual({ total: 0, items: [] });
    // The grouped kinds alone (the library page lists policies itself).
    const others = await unifiedSearch(t.db, "养老", NOW, 5, { policies: false });
    expect(others.policies.total).toBe(0);
    expect(others.decisions.items.map((d) => d.title)).toEqual(["浦东新区养老服务设施布局专项规划"]);
  });

  it("filters the library by topic and audience", async () => {
    const byTopic = await listPublicPolicies(t.db, parsePolicyQuery(new URLSearchParams({ topic: "加装电梯" })), NOW);
    expect(byTopic.items.map((p) => p.title)).toEqual(["浦东新区既有多层住宅加装电梯操作指引"]);
    const byAudience = await listPublicPolicies(t.db, parsePolicyQuery(new URLSearchParams({ audience: "驾驶人", q: "交通" })), NOW);
    expect(byAudience.items.map((p) => p.title)).toEqual(["关于做好冬季道路交通安全工作的通知"]);
  });
});
