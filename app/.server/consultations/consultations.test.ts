import ExcelJS from "exceljs";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { auditLog, consultationComments, consultationEvents, consultations, outbox, users } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { refused } from "#db/testing/kit";
import { seedFoundation, type FoundationSeed } from "../../../seeds/foundation";
import type { Actor } from "../context";
import {
  answerComments,
  listMyComments,
  listPublishedComments,
  listQueue,
  QUEUE_PAGE,
  lookupComment,
  moderateComments,
  publishedCountsByArticle,
  submitComment,
  type CommentInput,
} from "./comments";
import {
  createConsultation,
  extendConsultation,
  listArticles,
  listEvents,
  listPublicConsultations,
  publishConsultation,
  setFollow,
  updateConsultation,
  type ConsultationInput,
} from "./periods";
import { computeReport, exportComments, publishReport } from "./report";
import { maskPersonalData, normalizeComment, parseDraft, similarity } from "./text";
import { endOfDay, publicPeriodDays } from "./time";
import { formatPeriodEnd } from "~/lib/dates";

const t = useTestDb();
let f: FoundationSeed;
let staff: Actor;
let otherStaff: Actor;
let admin: Actor;

const NOW = new Date("2026-11-27T10:00:00+08:00");
const DRAFT = `第一章 总则
第一条 为了推进既有多层住宅加装电梯工作，制定本办法。
第二条 本办法适用于浦东新区行政区域内既有多层住宅加装电梯。
第二章 实施
第三条 加装电梯应当经本单元房屋专有部分面积占比三分之二以上的业主同意。
第四条 区财政对加装电梯给予每台最高28万元补贴。`;

function input(over: Partial<ConsultationInput> = {}): ConsultationInput {
  return {
    title: "浦东新区既有多层住宅加装电梯实施办法（征求意见稿）",
    summary: "征求对加装电梯实施办法的意见",
    draftText: DRAFT,
    explanation: "起草说明：为回应居民需求……",
    interpretation: "政策解读：一图读懂加装电梯……",
    otherWays: "信函寄至浦东新区世纪大道2001号",
    opensOn: "2026-11-27",
    closesOn: "2026-12-26",
    shortReason: null,
    decisionId: null,
    ...over,
  };
}

let keyN = 0;
const key = () => `k-${Date.now().toString(36)}-${++keyN}-abcdef`;
const comment = (body: string, over: Partial<CommentInput> = {}): CommentInput => ({ articleId: null, body, showName: false, idempotencyKey: key(), ...over });

let citizenN = 0;
async function citizen(name = "市民") {
  citizenN++;
  const [u] = await t.db
    .insert(users)
    .values({ email: `c${citizenN}.${Date.now()}@example.com`, passwordHash: "x", displayName: `${name}${citizenN}` })
    .returning({ id: users.id, displayName: users.displayName });
  return u;
}

/** Published the evening before it opens, so the public gets the whole announced period. */
const PUBLISHED_AT = new Date("2026-11-26T18:00:00+08:00");

async function openConsultation(over: Partial<ConsultationInput> = {}) {
  const id = await createConsultation(t.db, staff, f.unitIds.construction, input(over), NOW);
  await publishConsultation(t.db, staff, id, PUBLISHED_AT);
  return id;
}

beforeAll(async () => {
  f = await seedFoundation(t.db);
  staff = { id: f.userIds["staff.construction@pudong.example"], role: "staff", unitId: f.unitIds.construction };
  otherStaff = { id: f.userIds["staff.education@pudong.example"], role: "staff", unitId: f.unitIds.education };
  admin = { id: f.userIds["admin@pudong.example"], role: "admin", unitId: null };
});

describe("text helpers", () => {
  it("masks phones, 18-digit ID numbers (with X), emails and street addresses", () => {
    const s = maskPersonalData(
      "我是住在浦东南路1234弄5号601室的居民，电话13912345678，座机021-58881234，身份证31011519800101123X，邮箱 wang@example.com。张杨路88号也有问题。",
    );
    expect(s).not.toMatch(/13912345678|58881234|31011519800101123X|wang@example\.com|1234弄|张杨路88号/);
    expect(s).toContain("[电话已隐去]");
    expect(s).toContain("[身份证号已隐去]");
    expect(s).toContain("[邮箱已隐去]");
    expect(s).toContain("[地址已隐去]");
    // Ordinary numbers in a comment survive.
    expect(maskPersonalData("补贴28万元，第三条要求三分之二业主同意，2026年执行")).toBe("补贴28万元，第三条要求三分之二业主同意，2026年执行");
  });

  it("parses a draft into sections and articles", () => {
    const a = parseDraft(DRAFT);
    expect(a.map((x) => x.label)).toEqual(["第一条", "第二条", "第三条", "第四条"]);
    expect(a[2].section).toBe("第二章 实施");
    expect(parseDraft("一段。\n\n二段。").map((x) => x.label)).toEqual(["第1段", "第2段"]);
  });

  it("scores near-identical texts high and different texts low", () => {
    const a = normalizeComment("强烈反对第三条，三分之二业主同意的门槛太高，低楼层住户会阻挠！");
    const b = normalizeComment("强烈反对第三条：三分之二业主同意的门槛太高了，低楼层住户会阻挠。");
    const c = normalizeComment("建议补贴标准按楼层数分档，并明确后期维保费用的分摊办法。");
    expect(similarity(a, b)).toBeGreaterThanOrEqual(0.8);
    expect(similarity(a, c)).toBeLessThan(0.2);
  });
});

describe("opening a period", () => {
  it("cannot publish without the draft, the explanation and the interpretation (三同步)", async () => {
    for (const missing of ["draftText", "explanation", "interpretation"] as const) {
      const id = await createConsultation(t.db, staff, f.unitIds.construction, input({ [missing]: null }), NOW);
      const e = await refused(publishConsultation(t.db, staff, id, NOW));
      expect(e.key).toBe("consultations.err.threeSync");
      const [c] = await t.db.select().from(consultations).where(eq(consultations.id, id));
      expect(c.publishedAt).toBeNull();
    }
  });

  it("needs a public reason for a period shorter than 30 days", async () => {
    const e = await refused(createConsultation(t.db, staff, f.unitIds.construction, input({ closesOn: "2026-12-25" }), NOW));
    expect(e.key).toBe("consultations.err.shortReason");
    expect(e.field).toBe("shortReason");
    // Exactly 30 days (27 Nov – 26 Dec inclusive) needs none.
    await openConsultation({ closesOn: "2026-12-26" });
    const id = await openConsultation({ closesOn: "2026-12-10", shortReason: "涉及年底前实施的民生事项，时间紧迫" });
    const lists = await listPublicConsultations(t.db, NOW);
    expect(lists.open.find((c) => c.id === id)).toBeTruthy();
  });

  it("judges the 30 days on the period as published: from publication (or the opening, if later) to the close", async () => {
    // Announced as opening 1 November, published only on 1 December at 10:00, closing 2 December:
    // the public gets one day (counting starts the day after publication, 民法典 Art 201).
    const late = await createConsultation(t.db, staff, f.unitIds.construction, input({ opensOn: "2026-11-01", closesOn: "2026-12-02" }), NOW);
    const e = await refused(publishConsultation(t.db, staff, late, new Date("2026-12-01T10:00:00+08:00")));
    expect(e.key).toBe("consultations.err.shortPublished");
    expect(e.field).toBe("shortReason");
    expect(e.params).toMatchObject({ actual: 1, days: 30, from: { zh: "2026年12月1日 10:00", en: "1 Dec 2026, 10:00" }, closesAt: { zh: "2026年12月2日24时", en: "2 Dec 2026, 24:00" } });
    // Published on its opening day at 10:00 with a nominal 30 days: 29 counted days, so a reason is needed.
    const sameDay = await createConsultation(t.db, staff, f.unitIds.construction, input(), NOW);
    expect((await refused(publishConsultation(t.db, staff, sameDay, NOW))).params).toMatchObject({ actual: 29 });
    // Published before it opens: the announced 30 days count in full.
    await publishConsultation(t.db, staff, await createConsultation(t.db, staff, f.unitIds.construction, input(), NOW), PUBLISHED_AT);
    // A reason shown publicly lets a short period through, and the public page shows it.
    const reasoned = await createConsultation(t.db, staff, f.unitIds.construction, input({ shortReason: "年底前须实施" }), NOW);
    await publishConsultation(t.db, staff, reasoned, NOW);
    const [c] = await t.db.select().from(consultations).where(eq(consultations.id, reasoned));
    expect(publicPeriodDays(c.opensAt, c.closesAt, c.publishedAt)).toBe(29);
  });

  it("refuses other units' staff and freezes the text once published", async () => {
    await expect(createConsultation(t.db, otherStaff, f.unitIds.construction, input(), NOW)).rejects.toThrow(/forbidden/);
    const id = await openConsultation();
    await expect(publishConsultation(t.db, otherStaff, id, NOW)).rejects.toThrow(/forbidden/);
    const e = await refused(updateConsultation(t.db, staff, id, input({ title: "改了" }), NOW));
    expect(e.key).toBe("consultations.err.published");
    expect((await listArticles(t.db, id)).length).toBe(4);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "consultation"), eq(auditLog.entityId, String(id))));
    expect(audit.map((a) => a.action)).toEqual(["consultation.create", "consultation.publish"]);
  });

  it("drafts never appear publicly and upcoming periods accept nothing", async () => {
    const draft = await createConsultation(t.db, staff, f.unitIds.construction, input({ title: "内部草稿" }), NOW);
    const upcoming = await openConsultation({ opensOn: "2026-12-15", closesOn: "2027-01-20" });
    const lists = await listPublicConsultations(t.db, NOW);
    expect([...lists.open, ...lists.upcoming, ...lists.closed].some((c) => c.id === draft)).toBe(false);
    expect(lists.upcoming.some((c) => c.id === upcoming)).toBe(true);
    const u = await citizen();
    const e = await refused(submitComment(t.db, u, null, upcoming, comment("提前提交"), NOW));
    expect(e.key).toBe("consultations.err.notOpenYet");
    await expect(submitComment(t.db, u, null, draft, comment("草稿"), NOW)).rejects.toThrow(/notFound/);
  });
});

describe("the close, to the second", () => {
  it("accepts a comment at 23:59:59 on the last day and refuses one at 00:00:00, showing the closing time", async () => {
    const id = await openConsultation({ closesOn: "2026-12-26" });
    const u = await citizen();
    const last = new Date("2026-12-26T23:59:59+08:00");
    const ok = await submitComment(t.db, u, "10.0.0.1", id, comment("最后一秒的意见"), last);
    expect(ok.created).toBe(true);
    const midnight = new Date("2026-12-27T00:00:00+08:00");
    const e = await refused(submitComment(t.db, u, "10.0.0.1", id, comment("零点的意见"), midnight));
    expect(e.key).toBe("consultations.err.closed");
    expect(e.params.closesAt).toEqual({ zh: "2026年12月26日24时", en: "26 Dec 2026, 24:00" });
    expect(e.status).toBe(409);
    const n = await t.db.select().from(consultationComments).where(eq(consultationComments.consultationId, id));
    expect(n.map((c) => c.body)).toEqual(["最后一秒的意见"]);
  });
});

describe("extension", () => {
  it("extends later, records it publicly, notifies followers and commenters, and never shortens", async () => {
    const id = await openConsultation({ closesOn: "2026-12-26" });
    const follower = await citizen("关注者");
    const commenter = await citizen("提意见者");
    await setFollow(t.db, follower.id, id, true, NOW);
    await submitComment(t.db, commenter, null, id, comment("请延长征求意见期"), NOW);
    const e = await refused(extendConsultation(t.db, staff, id, { closesOn: "2026-12-20", reason: "提前" }, NOW));
    expect(e.key).toBe("consultations.err.shorten");
    await extendConsultation(t.db, staff, id, { closesOn: "2027-01-10", reason: "应居民要求延长" }, NOW);
    const [c] = await t.db.select().from(consultations).where(eq(consultations.id, id));
    expect(formatPeriodEnd(c.closesAt, "zh")).toBe("2027年1月10日24时");
    const events = await listEvents(t.db, id);
    expect(events.map((x) => x.kind)).toEqual(["published", "extended"]);
    expect(events[1].reason).toBe("应居民要求延长");
    const mails = await t.db.select().from(outbox).where(sql`${outbox.subject} like '征求意见期限延长%'`);
    const to = mails.map((m) => m.to);
    const emails = await t.db.select({ id: users.id, email: users.email }).from(users).where(sql`${users.id} in (${follower.id}, ${commenter.id})`);
    for (const u of emails) expect(to).toContain(u.email);
    // The comment sent on the old last day's next second is now accepted.
    const late = await submitComment(t.db, commenter, null, id, comment("延长后的意见"), new Date("2026-12-27T00:00:00+08:00"));
    expect(late.created).toBe(true);
    // Even a direct write cannot move the close before the announced one.
    await expect(t.db.update(consultations).set({ closesAt: endOfDay("2026-12-01") }).where(eq(consultations.id, id))).rejects.toThrow();
  });
});

describe("commenting", () => {
  it("a retried submission returns the first comment, also under concurrency", async () => {
    const id = await openConsultation();
    const u = await citizen();
    const c = comment("重复提交测试");
    const a = await submitComment(t.db, u, null, id, c, NOW);
    const b = await submitComment(t.db, u, null, id, c, NOW);
    expect(b).toEqual({ reference: a.reference, created: false });
    const d = comment("并发重复提交");
    const results = await Promise.all([1, 2, 3].map(() => submitComment(t.db, u, null, id, d, NOW)));
    expect(new Set(results.map((r) => r.reference)).size).toBe(1);
    expect(results.filter((r) => r.created).length).toBe(1);
    const [{ n }] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from consultation_comments where user_id = ${u.id}`);
    expect(Number(n)).toBe(2);
  });

  it("refuses an article of another draft and rate-limits one account", async () => {
    const id = await openConsultation();
    const other = await openConsultation();
    const [foreign] = await listArticles(t.db, other);
    const u = await citizen();
    const e = await refused(submitComment(t.db, u, null, id, comment("错条款", { articleId: foreign.id }), NOW));
    expect(e.key).toBe("consultations.err.article");
    const u2 = await citizen();
    for (let i = 0; i < 5; i++) await submitComment(t.db, u2, null, id, comment(`第${i}条意见内容不同${i}${"甲乙丙丁戊"[i]}`), NOW);
    const limited = await refused(submitComment(t.db, u2, null, id, comment("第六条"), NOW));
    expect(limited.key).toBe("consultations.err.rateLimited");
    expect(limited.status).toBe(429);
  });

  it("rate-limits one IP across accounts", async () => {
    const id = await openConsultation();
    const ip = "203.0.113.77";
    for (let i = 0; i < 20; i++) {
      const u = await citizen();
      await submitComment(t.db, u, ip, id, comment(`来自同一地址的意见 ${i} ${"abcdefghijklmnopqrst"[i]}`), NOW);
    }
    const u = await citizen();
    const e = await refused(submitComment(t.db, u, ip, id, comment("第二十一条"), NOW));
    expect(e.key).toBe("consultations.err.rateLimited");
  });

  it("looks a comment up by reference for its author and the unit's staff only", async () => {
    const id = await openConsultation();
    const u = await citizen();
    const { reference } = await submitComment(t.db, u, null, id, comment("我的电话13800001111"), NOW);
    const mine = await lookupComment(t.db, { id: u.id, role: "citizen", unitId: null }, reference.toLowerCase());
    expect(mine?.body).toBe("我的电话13800001111");
    expect(mine?.status).toBe("pending");
    expect(await lookupComment(t.db, { id: u.id + 999, role: "citizen", unitId: null }, reference)).toBeNull();
    expect(await lookupComment(t.db, otherStaff, reference)).toBeNull();
    expect((await lookupComment(t.db, staff, reference))?.body).toContain("13800001111");
    expect((await listMyComments(t.db, u.id)).map((c) => c.reference)).toEqual([reference]);
  });
});

describe("moderation, adoption and the report", () => {
  it("publishes selectively, groups campaigns, masks publicly, answers, and reports after close", async () => {
    const id = await openConsultation({ closesOn: "2026-12-26" });
    const arts = await listArticles(t.db, id);
    const art3 = arts[2];
    const campaign = "强烈反对第三条，三分之二业主同意的门槛太高，低楼层住户会阻挠！";
    const variants = [campaign, campaign, "强烈反对第三条：三分之二业主同意的门槛太高了，低楼层住户会阻挠。"];
    const refs: string[] = [];
    for (const body of variants) refs.push((await submitComment(t.db, await citizen(), null, id, comment(body, { articleId: art3.id }), NOW)).reference);
    const named = await citizen("王芳");
    await submitComment(t.db, named, null, id, comment("建议补贴按楼层分档，联系我13912345678，住浦东南路1234弄5号。", { showName: true }), NOW);
    const abuser = await citizen();
    await submitComment(t.db, abuser, null, id, comment("一派胡言的垃圾政策"), NOW);

    // Nothing is public before review.
    expect(await listPublishedComments(t.db, id)).toEqual([]);
    await expect(listQueue(t.db, otherStaff, id, { status: "pending", adoption: "all" })).rejects.toThrow(/forbidden/);

    const { groups: queue } = await listQueue(t.db, staff, id, { status: "pending", adoption: "all" });
    expect(queue.length).toBe(3);
    const group = queue.find((g) => g.count === 3)!;
    expect(group.groupSize).toBe(3);
    expect(group.body).toBe(campaign);
    const suggestion = queue.find((g) => g.body.startsWith("建议"))!;
    expect(suggestion.body).toContain("13912345678"); // staff see the original
    const abusive = queue.find((g) => g.body.includes("垃圾"))!;

    const noReason = await refused(moderateComments(t.db, staff, id, { ids: [abusive.id], decision: "reject", reason: null }, NOW));
    expect(noReason.key).toBe("consultations.err.rejectReason");
    // Act on the group through its representative: all three are published.
    expect(await moderateComments(t.db, staff, id, { ids: [group.id], decision: "publish", reason: null }, NOW)).toBe(3);
    await moderateComments(t.db, staff, id, { ids: [suggestion.id], decision: "publish", reason: null }, NOW);
    await moderateComments(t.db, staff, id, { ids: [abusive.id], decision: "abusive", reason: "辱骂性言论" }, NOW);

    const pub = await listPublishedComments(t.db, id);
    expect(pub.length).toBe(4);
    const s = pub.find((p) => p.body.startsWith("建议"))!;
    expect(s.body).not.toContain("13912345678");
    expect(s.body).not.toContain("1234弄");
    expect(s.name).toBe(named.displayName);
    expect(pub.find((p) => p.articleId === art3.id)!.name).toBeNull();
    expect((await publishedCountsByArticle(t.db, id))[String(art3.id)]).toBe(3);
    // The abusive one is kept, not deleted.
    expect((await t.db.select().from(consultationComments).where(eq(consultationComments.consultationId, id))).length).toBe(5);

    const e1 = await refused(answerComments(t.db, staff, id, { ids: [group.id], adoption: "not_adopted", adoptionReason: null, answer: null, theme: null }, NOW));
    expect(e1.key).toBe("consultations.err.notAdoptedReason");
    await answerComments(
      t.db,
      staff,
      id,
      { ids: [group.id], adoption: "partly", adoptionReason: null, answer: "已将同意比例调整为“双三分之二”并增加协调机制。", theme: "业主同意", wholeGroups: true },
      NOW,
    );

    // Before close no report; after close, not while something is unanswered.
    const early = await refused(publishReport(t.db, staff, id, { summary: null }, NOW));
    expect(early.key).toBe("consultations.err.notClosed");
    const after = new Date("2026-12-27T09:00:00+08:00");
    await expect(submitComment(t.db, await citizen(), null, id, comment("截止后"), after)).rejects.toThrow(/closed/);
    const unanswered = await refused(publishReport(t.db, staff, id, { summary: null }, after));
    expect(unanswered.key).toBe("consultations.err.unanswered");
    expect(unanswered.params.n).toBe(1);
    await answerComments(t.db, staff, id, { ids: [suggestion.id], adoption: "not_adopted", adoptionReason: "补贴标准由市级文件统一规定。", answer: null, theme: "补贴" }, after);
    await expect(publishReport(t.db, otherStaff, id, { summary: null }, after)).rejects.toThrow(/forbidden/);
    await publishReport(t.db, staff, id, { summary: "共收到意见5条。" }, after);

    const [c] = await t.db.select().from(consultations).where(eq(consultations.id, id));
    expect(c.reportPublishedAt).toEqual(after);
    const report = await computeReport(t.db, id);
    expect(report.totals).toMatchObject({ received: 5, published: 4, adopted: 0, partly: 3, notAdopted: 1, abusive: 1 });
    expect(report.byArticle.find((a) => a.label === "第三条")).toMatchObject({ received: 3, partly: 3 });
    // The counts add up (#17): every comment is in one article row, the whole-draft row, or the abusive count.
    const sum = (xs: { received: number }[]) => xs.reduce((n, x) => n + x.received, 0);
    expect(sum(report.byArticle) + report.totals.abusive).toBe(report.totals.received);
    expect(sum(report.byTheme) + report.totals.abusive).toBe(report.totals.received);
    expect(report.totals.published + report.totals.notPublished + report.totals.abusive).toBe(report.totals.received);
    expect(report.byTheme.map((x) => x.theme)).toEqual(["业主同意", "补贴"]);
    const notAdopted = report.items.find((i) => i.adoption === "not_adopted")!;
    expect(notAdopted.reason).toBe("补贴标准由市级文件统一规定。");
    expect(notAdopted.text).not.toContain("13912345678");
    expect(report.items.find((i) => i.count === 3)?.answer).toContain("双三分之二");
    expect((await listEvents(t.db, id)).map((x) => x.kind)).toEqual(["published", "report_published"]);

    // The outcome is final once reported.
    const final = await refused(moderateComments(t.db, staff, id, { ids: [group.id], decision: "reject", reason: "x" }, after));
    expect(final.key).toBe("consultations.err.reportFinal");
    const again = await refused(publishReport(t.db, staff, id, { summary: null }, after));
    expect(again.key).toBe("consultations.err.reportFinal");
  });

  it("pages a long queue, keeping a campaign's whole size on every page", async () => {
    const id = await openConsultation({ closesOn: "2026-12-26" });
    const u = await citizen();
    // 450 waiting comments straight into the table; the first one heads a 5-comment campaign.
    await t.db.execute(sql`
      insert into consultation_comments (consultation_id, user_id, reference, idempotency_key, body, author_name, normalized, created_at)
      select ${id}, ${u.id}, 'ZQP' || ${id} || '-' || i, 'page-' || i, '第' || i || '条意见', '市民', 'p' || i, now()
      from generate_series(1, 450) as i`);
    const [head] = await t.db.select({ id: consultationComments.id }).from(consultationComments).where(eq(consultationComments.reference, `ZQP${id}-1`));
    await t.db.execute(sql`update consultation_comments set group_id = ${head!.id} where consultation_id = ${id} and reference in (${sql.join([440, 441, 442, 443].map((n) => sql`${`ZQP${id}-${n}`}`), sql`, `)})`);
    const filter = { status: "pending" as const, adoption: "all" as const };
    const p1 = await listQueue(t.db, staff, id, filter);
    expect([p1.total, p1.page, p1.pages]).toEqual([450, 1, Math.ceil(450 / QUEUE_PAGE)]);
    expect(p1.groups.reduce((a, g) => a + g.count, 0)).toBe(QUEUE_PAGE);
    expect(p1.groups[0]!.groupSize).toBe(5);
    const last = await listQueue(t.db, staff, id, { ...filter, page: 99 });
    expect(last.page).toBe(last.pages);
    expect(last.groups.reduce((a, g) => a + g.count, 0)).toBe(450 - (last.pages - 1) * QUEUE_PAGE);
    // The campaign's later members sit on the last page under their head's group, with the whole size.
    const tail = last.groups.find((g) => g.group === head!.id)!;
    expect([tail.count, tail.groupSize]).toEqual([4, 5]);
  });

  it("refuses the report while comments await moderation", async () => {
    const id = await openConsultation({ closesOn: "2026-12-26" });
    await submitComment(t.db, await citizen(), null, id, comment("未审核的意见"), NOW);
    const e = await refused(publishReport(t.db, staff, id, { summary: null }, new Date("2026-12-27T00:00:00+08:00")));
    expect(e.key).toBe("consultations.err.pendingLeft");
  });
});

describe("exports", () => {
  it("masks personal data unless the admin asks for originals, and audits every export", async () => {
    const id = await openConsultation();
    await submitComment(t.db, await citizen(), null, id, comment("电话13912345678，邮箱a.b@example.com，身份证310115198001011234"), NOW);
    const before = await t.db.select().from(auditLog).where(eq(auditLog.action, "consultation.export"));
    const csv = await exportComments(t.db, staff, id, false, "csv", NOW);
    const text = csv.body.toString("utf8");
    expect(text).toContain("意见内容");
    expect(text).not.toMatch(/13912345678|a\.b@example\.com|310115198001011234/);
    expect(text).toContain("[电话已隐去]");
    await expect(exportComments(t.db, staff, id, true, "csv", NOW)).rejects.toThrow(/forbidden/);
    await expect(exportComments(t.db, otherStaff, id, false, "csv", NOW)).rejects.toThrow(/forbidden/);
    const xlsx = await exportComments(t.db, admin, id, true, "xlsx", NOW);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const cell = String(wb.getWorksheet("意见")!.getRow(2).getCell(3).value);
    expect(cell).toContain("13912345678");
    const masked = await exportComments(t.db, staff, id, false, "xlsx", NOW);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(masked.body as unknown as ArrayBuffer);
    expect(String(wb2.getWorksheet("意见")!.getRow(2).getCell(3).value)).not.toContain("13912345678");
    const after = await t.db.select().from(auditLog).where(eq(auditLog.action, "consultation.export"));
    expect(after.length - before.length).toBe(3);
    expect(after.map((a) => a.summary.masked)).toContain(false);
  });
});

describe("public history", () => {
  it("lists extension events for the public page", async () => {
    const id = await openConsultation();
    await extendConsultation(t.db, staff, id, { closesOn: "2027-01-05", reason: "节假日顺延" }, NOW);
    const ev = await t.db.select().from(consultationEvents).where(eq(consultationEvents.consultationId, id));
    expect(ev.find((e) => e.kind === "extended")?.previousClosesAt).toEqual(endOfDay("2026-12-26"));
  });
});

describe("the decision's stages", () => {
  it("opening makes the consultation stage in progress; the report completes the participation stage", async () => {
    const { makeDecision } = await import("../decisions/testkit");
    const { decisionStages } = await import("#db/schema");
    const { decision } = await makeDecision(t.db, { unitId: f.unitIds.construction, title: "既有多层住宅加装电梯实施办法" });
    const { decision: foreign } = await makeDecision(t.db, { unitId: f.unitIds.education });
    const wrong = await refused(createConsultation(t.db, staff, f.unitIds.construction, input({ decisionId: foreign.id }), NOW));
    expect(wrong.key).toBe("consultations.err.decision");

    const id = await openConsultation({ decisionId: decision.id, closesOn: "2026-12-26" });
    const stage = async (kind: "consultation" | "participation") =>
      (await t.db.select().from(decisionStages).where(and(eq(decisionStages.decisionId, decision.id), eq(decisionStages.kind, kind))))[0];
    expect(await stage("consultation")).toMatchObject({ state: "in_progress", linkPath: `/consultations/${id}` });
    expect((await stage("participation")).state).toBe("not_started");

    const u = await citizen();
    await submitComment(t.db, u, null, id, comment("支持加装电梯"), NOW);
    const [g] = (await listQueue(t.db, staff, id, { status: "pending", adoption: "all" })).groups;
    await moderateComments(t.db, staff, id, { ids: [g.id], decision: "publish", reason: null }, NOW);
    await answerComments(t.db, staff, id, { ids: [g.id], adoption: "adopted", adoptionReason: null, answer: "感谢支持", theme: null }, NOW);
    await publishReport(t.db, staff, id, { summary: null }, new Date("2026-12-28T10:00:00+08:00"));
    expect(await stage("participation")).toMatchObject({ state: "completed", linkPath: `/consultations/${id}#report` });
  });
});
