/**
 * Demo comment periods: one open now (加装电梯实施办法, many comments in every
 * moderation state and a campaign), one open and tied to a catalogue item
 * (老旧小区综合改造), one upcoming (养老服务设施布局规划), and one closed
 * with its feedback report published (义务教育招生划片方案), and one closed
 * whose report staff still have to publish (生活垃圾分类细则). Deterministic.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "#db/index";
import {
  consultationArticles,
  consultationComments,
  consultationEvents,
  consultationFollows,
  consultations,
  decisionStages,
  decisions,
  type Adoption,
  type CommentStatus,
} from "#db/schema";
import { computeReport } from "~/.server/consultations/report";
import { NEAR_DUPLICATE, normalizeComment, parseDraft, similarity, similarityBands } from "~/.server/consultations/text";
import { endOfDay, startOfDay } from "~/.server/consultations/time";
import type { FoundationSeed } from "./foundation";

const DAY = 86_400_000;

/** The Shanghai calendar date `days` from `now`. */
function dayFrom(now: Date, days: number): string {
  const d = new Date(now.getTime() + 8 * 3600_000 + days * DAY);
  return d.toISOString().slice(0, 10);
}

interface SeedComment {
  by: string;
  article?: number; // 1-based article position
  body: string;
  showName?: boolean;
  status?: CommentStatus;
  reason?: string;
  adoption?: Adoption;
  adoptionReason?: string;
  answer?: string;
  theme?: string;
}

interface SeedConsultation {
  unit: keyof FoundationSeed["unitIds"];
  decisionTitle?: string;
  title: string;
  summary: string;
  draft: string;
  explanation: string;
  interpretation: string;
  otherWays: string;
  opensOn: string;
  closesOn: string;
  shortReason?: string;
  comments: SeedComment[];
  report?: { summary: string; at: Date };
  extension?: { from: string; reason: string; at: Date };
}

const LIFT_DRAFT = `第一章 总则
第一条 为推进本区既有多层住宅加装电梯工作，改善居民出行条件，根据《上海市既有多层住宅增设电梯管理办法》等规定，结合本区实际，制定本办法。
第二条 本办法适用于本区行政区域内已建成投入使用、具有合法权属证明、未设电梯的四层以上（含四层）住宅加装电梯。
第三条 加装电梯遵循“业主自愿、政府扶持、依法合规、确保安全”的原则。
第二章 申请与审批
第四条 加装电梯应当经本幢或者本单元房屋专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决，并经参与表决专有部分面积四分之三以上的业主且参与表决人数四分之三以上的业主同意。
第五条 街道办事处、镇人民政府应当设立加装电梯“一站式”服务窗口，实行联合审查，审批时限不超过二十个工作日。
第三章 资金与补贴
第六条 区财政对完成加装电梯的项目给予每台最高二十八万元补贴；业主可以按规定提取住房公积金用于加装电梯。
第七条 加装电梯费用由业主按楼层、面积等因素协商分摊；协商不成的，可以申请街道人民调解委员会调解。
第四章 运行维护
第八条 电梯投入使用后，业主应当确定使用管理单位，负责电梯的日常维护保养和安全管理。
第九条 本办法自2027年3月1日起施行。`;

const RENOVATION_DRAFT = `第一章 总体要求
第一条 以“美丽家园”建设为抓手，到2028年完成2000年以前建成的老旧小区综合改造全覆盖。
第二条 改造内容分为基础类、完善类、提升类，基础类改造应改尽改。
第二章 改造内容
第三条 基础类改造包括屋面及外墙防水、雨污混接改造、二次供水设施更新和消防设施完善。
第四条 完善类改造包括无障碍设施、适老化改造、非机动车充电设施和停车泊位挖潜。
第五条 提升类改造包括社区嵌入式服务设施、口袋公园和智慧安防。
第三章 实施保障
第六条 改造方案应当在小区公示不少于十日，并征求业主意见。`;

const ELDER_DRAFT = `第一章 规划目标
第一条 到2035年，全区养老床位总量不低于户籍老年人口的3%，社区综合为老服务中心实现街镇全覆盖。
第二条 构建“15分钟养老服务圈”，每个街镇至少设置一处长者照护之家。
第二章 设施布局
第三条 新建住宅小区按每百户不少于二十平方米配建社区养老服务设施。
第四条 社区助餐点按服务半径五百米布局，优先利用存量公共用房。
第三章 实施时序
第五条 近期（2026—2028年）重点补齐张江、川沙、惠南等人口导入区域设施缺口。`;

const SCHOOL_DRAFT = `第一章 划片原则
第一条 义务教育阶段公办学校实行免试就近入学，按照“学区化、集团化”原则划定对口入学区域。
第二条 划片应当综合考虑学校规模、适龄儿童数量、交通状况和居住分布。
第二章 调整内容
第三条 新建的东明路第二小学投入使用，原对口三林镇懿德居委、东明居委的适龄儿童调整至该校。
第四条 对口初中原则上与对口小学保持相对稳定，实行九年一贯对口。
第三章 过渡安排
第五条 已有兄姐在原对口学校就读的，弟妹可以申请就读同一学校。
第六条 本方案自2026年4月公布之日起执行。`;

const CAMPAIGN = "坚决反对第四条双四分之三的表决门槛！低楼层住户一票否决，高楼层老人永远装不上电梯，请降低同意比例！";

function lift(now: Date): SeedConsultation {
  return {
    unit: "construction",
    title: "浦东新区既有多层住宅加装电梯实施办法（征求意见稿）",
    summary: "为进一步规范和推进既有多层住宅加装电梯工作，区建设和交通委起草了本办法，现公开征求社会各界意见。",
    draft: LIFT_DRAFT,
    explanation:
      "一、起草背景\n本区2000年前建成的多层住宅中约有1.2万个单元具备加装条件，居民特别是老年居民需求迫切。\n\n二、起草过程\n起草组赴塘桥、洋泾、金杨等街道调研，召开居民座谈会6场，听取加装电梯企业、设计单位和法律专家意见。\n\n三、主要内容\n明确适用范围、表决规则、审批流程、补贴标准和运行维护责任。",
    interpretation:
      "【一图读懂】加装电梯怎么申请？\n1. 业主协商，形成加装方案；\n2. 按第四条规定表决；\n3. 向街镇“一站式”窗口申请联合审查（20个工作日内办结）；\n4. 施工、验收，申领每台最高28万元补贴。\n\n问：低层业主不同意怎么办？\n答：可申请人民调解，办法第七条明确了费用协商和调解机制。",
    otherWays: "信函：浦东新区世纪大道2001号区建设和交通委员会住房保障科（邮编200135），信封注明“加装电梯意见”。\n传真：021-5878xxxx",
    opensOn: dayFrom(now, -14),
    closesOn: dayFrom(now, 17),
    extension: undefined,
    comments: [
      { by: "wang.fang@example.com", article: 6, body: "建议补贴按楼层数分档，六层楼和四层楼的造价差别很大，统一28万元对六层楼不够。", showName: true, status: "published", adoption: "partly", answer: "感谢建议。我们将研究对六层住宅适当提高补贴上限。", theme: "补贴标准" },
      { by: "li.qiang@example.com", article: 4, body: CAMPAIGN, status: "published" },
      { by: "chen.jing@example.com", article: 4, body: CAMPAIGN, status: "published" },
      { by: "zhang.wei@example.com", article: 4, body: "坚决反对第四条“双四分之三”的表决门槛！！低楼层住户一票否决，高楼层老人永远装不上电梯，请降低同意比例。", status: "published" },
      { by: "wang.fang@example.com", article: 4, body: CAMPAIGN },
      { by: "li.qiang@example.com", article: 5, body: "审批二十个工作日还是太长，建议推行告知承诺制，材料齐全当场受理。我家住洋泾路123弄4号，电话13912345678，欢迎联系。", status: "published", showName: false },
      { by: "chen.jing@example.com", article: 8, body: "电梯装好后的维保费用谁出？建议明确一楼住户不分摊维保费。", status: "pending" },
      { by: "zhang.wei@example.com", body: "我们公司是做加装电梯的小微企业，建议公开审批进度，方便企业和居民查询。", showName: true, status: "pending" },
      { by: "li.qiang@example.com", body: "写这种办法的人都是吃干饭的！！！", status: "abusive", reason: "含侮辱性言论" },
      { by: "chen.jing@example.com", article: 2, body: "建议把三层住宅也纳入，有些老人住三楼也很困难。", status: "rejected", reason: "与第2条已公开意见重复且含个人病历信息，不予公开，已电话回访。" },
    ],
  };
}

function renovation(now: Date): SeedConsultation {
  return {
    unit: "construction",
    decisionTitle: "浦东新区老旧小区综合改造专项规划",
    title: "浦东新区老旧小区综合改造专项规划（征求意见稿）",
    summary: "统筹屋面防水、管线更新、无障碍设施和停车改造，现就专项规划公开征求意见。",
    draft: RENOVATION_DRAFT,
    explanation: "本规划依据《上海市城市更新条例》编制，在全区普查2000年以前建成的住宅小区基础上，提出分类改造标准和年度计划。",
    interpretation: "问：我家小区能不能改？\n答：2000年以前建成、未纳入其他改造计划的住宅小区均在范围内，具体名单见附件。\n问：改造要不要居民出钱？\n答：基础类改造由财政承担，完善类和提升类可由居民协商是否参与。",
    otherWays: "可到所在街镇社区事务受理服务中心填写意见表。",
    opensOn: dayFrom(now, -7),
    closesOn: dayFrom(now, 23),
    comments: [
      { by: "wang.fang@example.com", article: 4, body: "非机动车充电设施一定要加，现在电瓶车上楼充电太危险了。", status: "published" },
      { by: "chen.jing@example.com", article: 6, body: "公示十天太短，很多老人不看公告栏，建议同时在居民微信群里公示。", status: "pending" },
    ],
  };
}

function elder(now: Date): SeedConsultation {
  return {
    unit: "civil-affairs",
    decisionTitle: "浦东新区养老服务设施布局专项规划（2026—2035年）",
    title: "浦东新区养老服务设施布局专项规划（2026—2035年）（征求意见稿）",
    summary: "按“15分钟养老服务圈”配置综合为老服务中心、长者照护之家和社区助餐点，现公开征求意见。",
    draft: ELDER_DRAFT,
    explanation: "规划以第七次人口普查和2025年户籍老年人口数据为基础，测算各街镇养老设施需求缺口。",
    interpretation: "规划明确了三类设施的配置标准：综合为老服务中心每街镇一处，长者照护之家每街镇至少一处，社区助餐点服务半径500米。",
    otherWays: "信函：浦东新区民政局养老服务科（合欢路2号）。",
    opensOn: dayFrom(now, 10),
    closesOn: dayFrom(now, 40),
    comments: [],
  };
}

function school(): SeedConsultation {
  return {
    unit: "education",
    decisionTitle: "2026年浦东新区义务教育阶段学校招生划片方案",
    title: "2026年浦东新区义务教育阶段学校招生划片方案（征求意见稿）",
    summary: "根据新建学校投用和适龄儿童分布，调整部分公办小学、初中的对口入学区域。",
    draft: SCHOOL_DRAFT,
    explanation: "2026年本区新建东明路第二小学等3所学校投入使用，需相应调整对口入学区域。方案经学位预测和实地踏勘形成。",
    interpretation: "问：已经在读的孩子受影响吗？\n答：不受影响，调整只针对2026年入学的新生。\n问：弟弟妹妹能不能和哥哥姐姐读同一所学校？\n答：可以申请，见第五条。",
    otherWays: "电子邮件：jyj-zsb@pudong.example（请注明“划片方案意见”）。",
    opensOn: "2026-02-02",
    closesOn: "2026-02-27",
    shortReason: "须在4月入学信息登记前公布方案，征求意见期为26日。",
    extension: { from: "2026-02-27", reason: "春节假期期间意见较少，延长至3月5日。", at: new Date("2026-02-20T10:00:00+08:00") },
    report: {
      summary: "征求意见期间共收到意见8条，经审核公开选登6条。对合理意见予以采纳，并对未采纳的意见说明理由。方案已于2026年4月公布执行。",
      at: new Date("2026-03-20T10:00:00+08:00"),
    },
    comments: [
      { by: "chen.jing@example.com", article: 3, body: "懿德居委调到东明路第二小学后，孩子要过济阳路，建议增设护学岗和过街信号灯。", status: "published", adoption: "adopted", answer: "已商区交警支队在上下学时段设置护学岗，过街信号灯已纳入2026年交通设施计划。", theme: "上学交通" },
      { by: "wang.fang@example.com", article: 5, body: "建议兄弟姐妹同校政策也适用于初中。", showName: true, status: "published", adoption: "adopted", answer: "采纳，第五条已修改为同时适用于对口初中。", theme: "过渡安排" },
      { by: "li.qiang@example.com", article: 3, body: "东明居委离老学校更近，为什么要调走？要求维持原对口学校不变！", status: "published", adoption: "not_adopted", adoptionReason: "原对口学校学位已超负荷，新校距离东明居委约1.1公里，符合就近入学要求。", theme: "划片范围" },
      { by: "zhang.wei@example.com", article: 3, body: "东明居委离老学校更近，为什么要调走？要求维持原对口学校不变！！", status: "published", adoption: "not_adopted", adoptionReason: "原对口学校学位已超负荷，新校距离东明居委约1.1公里，符合就近入学要求。", theme: "划片范围" },
      { by: "chen.jing@example.com", article: 4, body: "九年一贯对口很好，希望对口初中名单早点公布。", status: "published", adoption: "partly", answer: "对口初中名单将与小学名单同时公布。", theme: "过渡安排" },
      { by: "wang.fang@example.com", body: "建议公布各校近三年的学位数和报名人数，让家长心里有数。", status: "published", adoption: "not_applicable", answer: "学位数据属于年度招生工作信息，已在区教育局网站“入学指南”栏目公开。", theme: "信息公开" },
      { by: "li.qiang@example.com", body: "我家孩子身份证310115201901011234，能不能照顾一下？联系电话13800138000。", status: "rejected", reason: "含个人身份信息，属个案咨询，已转招生办电话答复。", adoption: "not_applicable", adoptionReason: "个案咨询，已单独答复。", theme: "个案咨询" },
      { by: "zhang.wei@example.com", body: "垃圾方案，瞎搞！", status: "abusive", reason: "不文明用语" },
    ],
  };
}

function waste(): SeedConsultation {
  return {
    unit: "ecology",
    decisionTitle: "浦东新区生活垃圾分类管理实施细则（修订）",
    title: "浦东新区生活垃圾分类管理实施细则（修订征求意见稿）",
    summary: "修订分类投放、收运和处置要求，强化湿垃圾就近处置，现公开征求意见。",
    draft: `第一章 分类投放
第一条 居住区实行定时定点投放，投放时间由业主大会或者居民委员会确定，每日不少于四小时。
第二条 有条件的居住区应当设置误时投放点。
第二章 收运处置
第三条 湿垃圾应当日产日清，鼓励居住区就地就近处置。
第四条 收运单位应当公示收运路线和时间。`,
    explanation: "《上海市生活垃圾管理条例》施行以来，本区分类实效明显提升，但误时投放、湿垃圾收运不及时等问题仍然存在，需要修订细则。",
    interpretation: "问：定时定点投放时间谁来定？\n答：由业主大会或者居民委员会确定，每日不少于4小时，并设置误时投放点。",
    otherWays: "信函：浦东新区生态环境局（浦东大道141号）。",
    opensOn: "2026-10-12",
    closesOn: "2026-11-12",
    comments: [
      { by: "chen.jing@example.com", article: 1, body: "上班族早出晚归，定时投放时间建议覆盖早上7点前和晚上8点后。", status: "published", adoption: "adopted", answer: "采纳，第一条增加“应当覆盖早晚通勤时段”。", theme: "投放时间" },
      { by: "li.qiang@example.com", article: 2, body: "误时投放点要有人管理，否则很快就脏乱。", status: "published", theme: "投放时间" },
      { by: "wang.fang@example.com", article: 3, body: "小区里就地处置湿垃圾有异味，建议设置在远离住宅楼的位置。", status: "rejected", reason: "与本条已公开意见内容相近，合并处理。", adoption: "partly", answer: "处置设施选址将征求居民意见。", theme: "湿垃圾处置" },
    ],
  };
}

export async function seedConsultations(tx: Db, f: FoundationSeed, now: Date): Promise<void> {
  const staffId = (unit: string) =>
    f.userIds[`staff.${unit === "civil-affairs" ? "civil" : unit}@pudong.example`] ?? null;
  const names = new Map<number, string>();
  const { users } = await import("#db/schema");
  for (const u of await tx.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, Object.values(f.userIds)))) {
    names.set(u.id, u.name);
  }
  let seq = 0;
  for (const s of [lift(now), renovation(now), elder(now), school(), waste()]) {
    const opensAt = startOfDay(s.opensOn);
    const announced = endOfDay(s.extension?.from ?? s.closesOn);
    const closesAt = s.extension ? endOfDay("2026-03-05") : endOfDay(s.closesOn);
    let decisionId: number | null = null;
    if (s.decisionTitle) {
      const [d] = await tx
        .select({ id: decisions.id })
        .from(decisions)
        .where(and(eq(decisions.title, s.decisionTitle), eq(decisions.unitId, f.unitIds[s.unit])));
      decisionId = d?.id ?? null;
    }
    // An upcoming period is public already: published before now, at the latest a day before it opens.
    const publishedAt = new Date(Math.min(opensAt.getTime(), now.getTime()) - DAY);
    const [c] = await tx
      .insert(consultations)
      .values({
        unitId: f.unitIds[s.unit],
        decisionId,
        title: s.title,
        summary: s.summary,
        draftText: s.draft,
        explanation: s.explanation,
        interpretation: s.interpretation,
        otherWays: s.otherWays,
        opensAt,
        closesAt,
        announcedClosesAt: announced,
        shortReason: s.shortReason ?? null,
        publishedAt,
        createdBy: staffId(s.unit),
        createdAt: publishedAt,
        updatedAt: publishedAt,
      })
      .returning({ id: consultations.id });
    const arts = await tx
      .insert(consultationArticles)
      .values(parseDraft(s.draft).map((a, i) => ({ consultationId: c.id, position: i + 1, section: a.section, label: a.label, body: a.body })))
      .returning({ id: consultationArticles.id });
    await tx.insert(consultationEvents).values({ consultationId: c.id, kind: "published", at: publishedAt, closesAt: announced, reason: s.shortReason ?? null });
    if (s.extension) {
      await tx.insert(consultationEvents).values({ consultationId: c.id, kind: "extended", at: s.extension.at, previousClosesAt: announced, closesAt, reason: s.extension.reason });
    }
    const seen: { id: number; normalized: string; groupId: number | null }[] = [];
    for (const [i, m] of s.comments.entries()) {
      const normalized = normalizeComment(m.body);
      const match = seen.find((x) => x.normalized === normalized) ?? seen.find((x) => x.groupId == null && similarity(x.normalized, normalized) >= NEAR_DUPLICATE);
      const userId = f.userIds[m.by];
      const at = new Date(opensAt.getTime() + (i + 1) * 5 * 3600_000);
      const status = m.status ?? "pending";
      const [row] = await tx
        .insert(consultationComments)
        .values({
          consultationId: c.id,
          articleId: m.article ? arts[m.article - 1].id : null,
          userId,
          reference: `ZQ${c.id}-S${String(++seq).padStart(4, "0")}`,
          idempotencyKey: `seed-${c.id}-${i}`,
          body: m.body,
          showName: m.showName ?? false,
          authorName: names.get(userId) ?? "市民",
          groupId: match ? (match.groupId ?? match.id) : null,
          normalized,
          bands: similarityBands(normalized),
          status,
          moderationReason: m.reason ?? null,
          moderatedBy: status === "pending" ? null : staffId(s.unit),
          moderatedAt: status === "pending" ? null : new Date(at.getTime() + DAY),
          adoption: m.adoption ?? null,
          adoptionReason: m.adoptionReason ?? null,
          answer: m.answer ?? null,
          theme: m.theme ?? null,
          answeredAt: m.adoption ? new Date(at.getTime() + 2 * DAY) : null,
          createdAt: at,
        })
        .returning({ id: consultationComments.id, groupId: consultationComments.groupId });
      seen.push({ id: row.id, normalized, groupId: row.groupId });
    }
    // Followers, so an extension has someone to tell.
    await tx.insert(consultationFollows).values({ consultationId: c.id, userId: f.userIds["wang.fang@example.com"], createdAt: publishedAt });
    if (s.report) {
      const report = await computeReport(tx, c.id);
      await tx
        .update(consultations)
        .set({ reportSummary: s.report.summary, reportData: report as unknown as Record<string, unknown>, reportPublishedAt: s.report.at })
        .where(eq(consultations.id, c.id));
      await tx.insert(consultationEvents).values({ consultationId: c.id, kind: "report_published", at: s.report.at });
    }
    // Tie the catalogue's stages to the period (the stage states are the catalogue seed's).
    if (decisionId != null && now >= opensAt) {
      await tx
        .update(decisionStages)
        .set({ linkPath: `/consultations/${c.id}` })
        .where(and(eq(decisionStages.decisionId, decisionId), eq(decisionStages.kind, "consultation")));
      if (s.report) {
        await tx
          .update(decisionStages)
          .set({ linkPath: `/consultations/${c.id}#report` })
          .where(and(eq(decisionStages.decisionId, decisionId), eq(decisionStages.kind, "participation")));
      }
    }
  }
}
