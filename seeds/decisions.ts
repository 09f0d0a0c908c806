/**
 * Demo 重大行政决策 catalogues for this year and last (Shanghai time): realistic
 * Pudong matters in every state, with stages, documents and milestones.
 * Deterministic for a given `now`, and following the clock: this year's items
 * are laid out so the stage in progress spans today, last year's keep their
 * dates a year back. Every row obeys the statutory rules except the one marked
 * `breaks`, which is there for the compliance page to flag.
 */
import type { Db } from "#db/index";
import {
  catalogueChanges,
  decisionCatalogues,
  decisionFollows,
  decisionMilestones,
  decisionStages,
  decisions,
  STAGE_KINDS,
  stageDocuments,
  tagSubscriptions,
  type StageKind,
  type StageState,
} from "#db/schema";
import { addWorkingDays as countWorkingDays, type HolidayCalendar } from "~/.server/calendar/working-days";
import { loadCalendar } from "~/.server/calendar/schedules";
import { deriveStatus } from "~/.server/decisions/rules";
import { addCalendarDays, calendarDaysBetween, shanghaiDay, shanghaiYear } from "~/lib/shanghai";
import type { DemoUnitSlug, FoundationSeed } from "./foundation";

interface Item {
  unit: DemoUnitSlug;
  year: number;
  title: string;
  summary: string;
  basis: string;
  schedule: string;
  tags: string[];
  /** How far the process got: the index in STAGE_KINDS of the stage in progress (11 = all done, -1 = not begun). */
  reached: number;
  /** Stages that do not apply, with the reason. */
  na?: Partial<Record<StageKind, string>>;
  /** Last year's items: when the process started (the year is moved to last year). */
  start: string;
  /** This year's items: working days since the stage in progress started (after the result: since it was published). */
  ago?: number;
  withdrawn?: boolean;
  /** On purpose: the deliberation is dated before the legality review ended, for the compliance page to flag. */
  breaks?: "deliberationBeforeReview";
}

const NO_HEARING = "本事项不涉及法律、法规规定应当听证的情形，已通过公开征求意见、座谈会听取意见。";
const NO_EXPERT = "本事项专业性、技术性问题已在起草阶段由部门论证，未另行组织专家论证。";
const NO_OTHER = "无其他需要公开的事项。";

const ITEMS: Item[] = [
  // 2026 — 区建交委
  { unit: "construction", year: 2026, title: "浦东新区既有多层住宅加装电梯三年行动方案（2026—2028年）", summary: "明确既有多层住宅加装电梯的工作目标、财政补贴标准、审批流程优化和后续运维管理，推动“能加尽加、愿加快加”。", basis: "《上海市既有多层住宅增设电梯管理办法》《上海市城市更新条例》", schedule: "2026年二季度征求意见，三季度提交区政府常务会议审议", tags: ["加装电梯", "老年人", "城市更新"], reached: 7, start: "2026-01-12", na: { hearing: NO_HEARING } },
  { unit: "construction", year: 2026, title: "浦东新区防汛排涝能力提升实施方案", summary: "针对低洼积水点、老旧小区排水设施和地下空间，提出泵站改造、雨污分流和智慧防汛调度等措施。", basis: "《中华人民共和国防洪法》《上海市防汛条例》", schedule: "2026年汛前出台", tags: ["防汛", "城市安全"], reached: 9, start: "2025-12-01", na: { hearing: NO_HEARING } },
  { unit: "construction", year: 2026, title: "浦东新区老旧小区综合改造专项规划", summary: "统筹屋面防水、管线更新、无障碍设施和停车改造，形成分年度实施计划。", basis: "《上海市城市更新条例》", schedule: "2026年四季度提交审议", tags: ["城市更新", "老年人"], reached: 1, start: "2026-06-01" },
  { unit: "construction", year: 2026, title: "浦东新区公共停车收费标准调整方案", summary: "根据区域差别化原则调整道路停车和公共停车场收费标准，缓解核心区域停车难。", basis: "《中华人民共和国价格法》《上海市停车场（库）管理办法》", schedule: "2026年三季度举行听证会", tags: ["交通", "价格"], reached: 2, start: "2026-05-10" },
  // 2026 — 区教育局
  { unit: "education", year: 2026, title: "2026年浦东新区义务教育阶段学校招生划片方案", summary: "根据新建学校投用和适龄儿童分布，调整部分公办小学、初中的对口入学区域，明确对口居委和过渡安排。", basis: "《中华人民共和国义务教育法》《上海市实施〈中华人民共和国义务教育法〉办法》", schedule: "2026年3月征求意见，4月公布", tags: ["教育", "入学", "家长"], reached: 11, start: "2026-01-05", na: { hearing: NO_HEARING, expert_review: NO_EXPERT } },
  { unit: "education", year: 2026, title: "浦东新区托育服务体系建设三年规划", summary: "增加普惠性托育点，推动幼儿园开设托班，完善社区嵌入式托育服务。", basis: "《国务院办公厅关于促进3岁以下婴幼儿照护服务发展的指导意见》", schedule: "2026年下半年审议", tags: ["教育", "托育", "家长"], reached: 5, start: "2026-03-15" },
  { unit: "education", year: 2026, title: "浦东新区中小学课后服务收费与保障办法", summary: "规范课后服务内容、收费标准和困难家庭减免。", basis: "《上海市中小学课后服务工作指引》", schedule: "2026年四季度", tags: ["教育", "家长"], reached: -1, start: "2026-09-01" },
  // 2026 — 区民政局
  { unit: "civil-affairs", year: 2026, title: "浦东新区养老服务设施布局专项规划（2026—2035年）", summary: "按“15分钟养老服务圈”配置综合为老服务中心、长者照护之家和社区助餐点，明确用地和建设时序。", basis: "《中华人民共和国老年人权益保障法》《上海市养老服务条例》", schedule: "2026年二季度征求意见，四季度审议", tags: ["养老", "老年人"], reached: 6, start: "2026-02-01" },
  { unit: "civil-affairs", year: 2026, title: "浦东新区社区助餐服务补贴办法", summary: "对老年助餐服务点给予运营补贴，并对高龄、困难老人就餐给予分档补助。", basis: "《上海市养老服务条例》", schedule: "2026年三季度出台", tags: ["养老", "老年人", "助餐"], reached: 8, start: "2026-03-01", na: { hearing: NO_HEARING, expert_review: NO_EXPERT } },
  { unit: "civil-affairs", year: 2026, title: "浦东新区长者照护之家运营管理规范", summary: "明确长者照护之家的服务标准、人员配备、收费公示和监督评价。", basis: "《养老机构管理办法》", schedule: "2026年四季度", tags: ["养老", "老年人"], reached: 3, start: "2026-05-20" },
  // 2026 — 区发改委
  { unit: "drc", year: 2026, title: "浦东新区碳达峰实施方案", summary: "提出能源结构优化、工业和建筑领域节能降碳、绿色交通和碳普惠等重点任务及2030年前碳达峰路径。", basis: "《2030年前碳达峰行动方案》《上海市碳达峰实施方案》", schedule: "2026年二季度专家论证，三季度审议", tags: ["碳达峰", "绿色低碳", "企业"], reached: 7, start: "2025-11-15" },
  { unit: "drc", year: 2026, title: "浦东新区优化营商环境行动方案（9.0版）", summary: "围绕市场准入、政务服务、“高效办成一件事”和涉企执法检查，提出一批改革举措。", basis: "《优化营商环境条例》《上海市优化营商环境条例》", schedule: "2026年一季度出台", tags: ["营商环境", "企业"], reached: 11, start: "2025-11-01", na: { hearing: NO_HEARING } },
  { unit: "drc", year: 2026, title: "浦东新区公共数据开放和授权运营管理办法", summary: "规范公共数据分级分类开放、授权运营和安全管理。", basis: "《上海市数据条例》", schedule: "2026年下半年", tags: ["数据", "企业"], reached: 4, start: "2026-04-01" },
  { unit: "drc", year: 2026, title: "浦东新区重点产业链招商引资政策（试行）", summary: "原拟出台的产业链招商政策，因上级政策调整拟并入新一轮产业政策统筹研究。", basis: "《中华人民共和国预算法》", schedule: "原计划2026年三季度", tags: ["企业", "产业"], reached: 1, start: "2026-03-01", withdrawn: true },
  // 2026 — 区府办
  { unit: "district-office", year: 2026, title: "浦东新区保障性租赁住房筹措和管理实施意见", summary: "明确保障性租赁住房的筹措渠道、准入条件、租金标准和运营管理，重点保障新市民、青年人。", basis: "《国务院办公厅关于加快发展保障性租赁住房的意见》", schedule: "2026年三季度审议", tags: ["住房保障", "青年人", "新市民"], reached: 7, start: "2026-02-10" },
  { unit: "district-office", year: 2026, title: "浦东新区公共租赁住房准入标准调整", summary: "调整公共租赁住房收入和财产准入标准，扩大保障覆盖面。", basis: "《公共租赁住房管理办法》", schedule: "2026年二季度听证", tags: ["住房保障"], reached: 8, ago: 26, start: "2026-01-20" },
  { unit: "district-office", year: 2026, title: "浦东新区突发事件总体应急预案（修订）", summary: "修订总体应急预案，完善分级响应、信息发布和基层应急能力。", basis: "《中华人民共和国突发事件应对法》", schedule: "2026年四季度", tags: ["城市安全"], reached: 2, start: "2026-07-01" },
  // 2026 — 区生态环境局 (catalogue published late)
  { unit: "ecology", year: 2026, title: "浦东新区生活垃圾分类管理实施细则（修订）", summary: "修订分类投放、收运和处置要求，强化湿垃圾就近处置。", basis: "《上海市生活垃圾管理条例》", schedule: "2026年下半年", tags: ["环境", "社区"], reached: 3, start: "2026-04-20" },
  { unit: "ecology", year: 2026, title: "浦东新区河道水环境综合治理方案", summary: "对中小河道开展清淤、岸线整治和水质提升，建立长效管护机制。", basis: "《中华人民共和国水污染防治法》", schedule: "2026年汛后实施", tags: ["环境", "防汛"], reached: 8, start: "2026-03-10", na: { hearing: NO_HEARING }, breaks: "deliberationBeforeReview" },

  // 2025
  { unit: "construction", year: 2025, title: "浦东新区既有多层住宅加装电梯财政补贴办法", summary: "明确加装电梯的区级补贴标准、申请条件和资金拨付流程。", basis: "《上海市既有多层住宅增设电梯管理办法》", schedule: "2025年二季度出台", tags: ["加装电梯", "老年人"], reached: 11, start: "2025-01-10", na: { hearing: NO_HEARING } },
  { unit: "construction", year: 2025, title: "浦东新区地下空间防汛安全管理规定", summary: "规范地下车库、地下商业等地下空间的防汛设施配置和应急处置。", basis: "《上海市防汛条例》", schedule: "2025年汛前", tags: ["防汛", "城市安全"], reached: 11, start: "2025-01-15", na: { hearing: NO_HEARING, expert_review: NO_EXPERT } },
  { unit: "construction", year: 2025, title: "浦东新区非机动车停放管理办法", summary: "规范共享单车投放和非机动车停放秩序。", basis: "《上海市非机动车管理条例》", schedule: "2025年下半年", tags: ["交通"], reached: 9, start: "2025-03-01", na: { hearing: NO_HEARING } },
  { unit: "education", year: 2025, title: "2025年浦东新区义务教育阶段学校招生划片方案", summary: "年度对口入学区域调整方案。", basis: "《中华人民共和国义务教育法》", schedule: "2025年4月公布", tags: ["教育", "入学", "家长"], reached: 11, start: "2025-01-06", na: { hearing: NO_HEARING, expert_review: NO_EXPERT } },
  { unit: "education", year: 2025, title: "浦东新区学前教育资源布局调整方案", summary: "结合出生人口变化调整幼儿园布局，推进托幼一体化。", basis: "《中华人民共和国学前教育法》", schedule: "2025年三季度", tags: ["教育", "托育"], reached: 10, start: "2025-02-01", na: { hearing: NO_HEARING } },
  { unit: "civil-affairs", year: 2025, title: "浦东新区家庭养老照护床位建设实施方案", summary: "将专业照护服务延伸到家庭，给予床位建设和服务补贴。", basis: "《上海市养老服务条例》", schedule: "2025年二季度", tags: ["养老", "老年人"], reached: 11, start: "2025-01-20", na: { hearing: NO_HEARING } },
  { unit: "civil-affairs", year: 2025, title: "浦东新区困难群众救助标准调整方案", summary: "调整最低生活保障、特困供养等救助标准。", basis: "《社会救助暂行办法》", schedule: "2025年7月起执行", tags: ["社会救助"], reached: 11, start: "2025-03-01", na: { hearing: NO_HEARING, expert_review: NO_EXPERT } },
  { unit: "drc", year: 2025, title: "浦东新区优化营商环境行动方案（8.0版）", summary: "上一轮营商环境改革举措。", basis: "《优化营商环境条例》", schedule: "2025年一季度", tags: ["营商环境", "企业"], reached: 11, start: "2024-11-01", na: { hearing: NO_HEARING } },
  { unit: "drc", year: 2025, title: "浦东新区绿色低碳产业发展行动计划", summary: "培育新能源、节能环保和碳服务产业。", basis: "《上海市碳达峰实施方案》", schedule: "2025年三季度", tags: ["碳达峰", "绿色低碳", "企业"], reached: 9, start: "2025-03-15", na: { hearing: NO_HEARING } },
  { unit: "district-office", year: 2025, title: "浦东新区人才安居工程实施办法", summary: "通过人才公寓、租房补贴等方式支持各类人才安居。", basis: "《国务院办公厅关于加快发展保障性租赁住房的意见》", schedule: "2025年二季度", tags: ["住房保障", "青年人", "企业"], reached: 11, start: "2025-01-10", na: { hearing: NO_HEARING } },
  { unit: "district-office", year: 2025, title: "浦东新区城市运行“一网统管”建设三年行动计划", summary: "推进城市运行数字化治理。", basis: "《上海市城市数字化转型条例》", schedule: "2025年下半年", tags: ["数据", "城市安全"], reached: 10, start: "2025-04-01", na: { hearing: NO_HEARING } },
  { unit: "ecology", year: 2025, title: "浦东新区重点行业挥发性有机物治理方案", summary: "对石化、涂装等重点行业开展VOCs深度治理。", basis: "《中华人民共和国大气污染防治法》", schedule: "2025年", tags: ["环境", "企业"], reached: 11, start: "2025-02-15", na: { hearing: NO_HEARING } },
  { unit: "ecology", year: 2025, title: "浦东新区海绵城市建设管理办法", summary: "将海绵城市理念纳入建设项目全过程管理，提升雨水蓄滞能力。", basis: "《国务院办公厅关于推进海绵城市建设的指导意见》", schedule: "2025年", tags: ["防汛", "环境"], reached: 8, start: "2025-05-01", na: { hearing: NO_HEARING } },
];

/** Catalogue publication (month-day, Shanghai time) by unit and year offset (0 = this year); ecology's this year is late, hrss has none. */
const PUBLISHED: Record<string, string | null> = {
  "construction:0": "03-18T10:00:00", "education:0": "03-12T10:00:00", "civil-affairs:0": "03-25T10:00:00",
  "drc:0": "03-20T10:00:00", "district-office:0": "03-27T10:00:00", "ecology:0": "04-16T10:00:00",
  "construction:-1": "03-20T10:00:00", "education:-1": "03-14T10:00:00", "civil-affairs:-1": "03-26T10:00:00",
  "drc:-1": "03-21T10:00:00", "district-office:-1": "03-28T10:00:00", "ecology:-1": "03-31T16:00:00",
};

const DOC_TITLES: Partial<Record<StageKind, (t: string) => string>> = {
  draft: (t) => `${t}（草案）及起草说明`,
  consultation: (t) => `关于公开征求《${t}（草案）》意见的公告`,
  hearing: (t) => `${t}听证会公告`,
  participation: (t) => `${t}公众参与情况及意见采纳情况说明`,
  expert_review: (t) => `${t}专家论证意见`,
  risk_assessment: (t) => `${t}社会稳定风险评估报告（摘要）`,
  legality_review: (t) => `${t}合法性审查意见`,
  deliberation: () => `区政府常务会议审议情况`,
  result: (t) => `${t}（正式文本）`,
  implementation: (t) => `${t}执行情况报告`,
};

/** Planned working days per stage, to lay out realistic dates. */
const SPAN: Record<StageKind, number> = {
  draft: 25, consultation: 22, hearing: 10, participation: 8, expert_review: 10, risk_assessment: 12,
  legality_review: 9, deliberation: 5, result: 6, implementation: 60, other: 5,
};

const DAY = 86_400_000;
const WITHDRAW_REASON = "上级出台新一轮产业政策，本事项并入统筹研究，不再单独决策。";

/** Demo dates only: a year without a schedule is counted on weekends, as a planned date may be. */
function wd(cal: HolidayCalendar, day: string, n: number): string {
  const r = countWorkingDays(cal, day, n);
  return r.ok ? r.value : r.provisional;
}

function layout(cal: HolidayCalendar, start: string) {
  let cursor = start;
  return STAGE_KINDS.map((kind) => {
    const s = wd(cal, cursor, 1);
    const e = wd(cal, s, SPAN[kind] - 1);
    // The implementation stage runs on after the result; "other" follows the result.
    cursor = kind === "implementation" ? cursor : e;
    return { kind, start: s, end: e };
  });
}

/** The day the layout must reach by today: the start of the stage in progress, or the result's end once past it. */
function anchorOf(plan: ReturnType<typeof layout>, reached: number): string {
  return reached >= 9 ? plan[8].end : plan[reached].start;
}

export async function seedDecisions(tx: Db, f: FoundationSeed, now: Date): Promise<void> {
  const today = shanghaiDay(now);
  const thisYear = shanghaiYear(now);
  const cal = await loadCalendar(tx);
  // A row's last change is in the story's past, never after the moment the demo data is loaded.
  const notAfterToday = (day: string) => (day < today ? day : addCalendarDays(today, -1));
  const notAfterNow = (d: Date) => new Date(Math.min(d.getTime(), now.getTime() - 60_000));
  const staffOf = (slug: string) => f.userIds[`staff.${slug === "district-office" ? "office" : slug === "civil-affairs" ? "civil" : slug}@pudong.example`] ?? null;
  const offsetOf = (item: Item) => item.year - 2026;
  const publishedAt = (unit: string, offset: number): Date | null => {
    const md = PUBLISHED[`${unit}:${offset}`];
    if (!md) return null;
    const at = new Date(`${thisYear + offset}-${md}+08:00`);
    if (at <= now) return at;
    // Early in the year: the on-time units published a few days ago; the late one not yet.
    return unit === "ecology" ? null : new Date(now.getTime() - 2 * DAY);
  };
  const catIds = new Map<string, { id: number; publishedAt: Date | null }>();
  for (const key of [...new Set(ITEMS.map((i) => `${i.unit}:${offsetOf(i)}`)), "hrss:0"]) {
    const [unit, off] = key.split(":");
    const year = thisYear + Number(off);
    const published = publishedAt(unit, Number(off));
    const [c] = await tx
      .insert(decisionCatalogues)
      .values({
        unitId: f.unitIds[unit as DemoUnitSlug],
        year,
        publishedAt: published,
        publishedBy: published ? staffOf(unit) : null,
        createdAt: new Date(Math.min(new Date(`${year}-01-05T09:00:00+08:00`).getTime(), now.getTime() - 3 * DAY)),
        // The story's last change, not when the demo data was loaded (the sitemap's lastmod).
        updatedAt: published ?? new Date(Math.min(new Date(`${year}-01-05T09:00:00+08:00`).getTime(), now.getTime() - 3 * DAY)),
      })
      .returning({ id: decisionCatalogues.id });
    catIds.set(key, { id: c.id, publishedAt: published });
  }
  /** A moment after the catalogue went public and before now. */
  const afterPublication = (cat: { publishedAt: Date | null }, frac: number) =>
    cat.publishedAt ? new Date(cat.publishedAt.getTime() + (now.getTime() - cat.publishedAt.getTime()) * frac) : new Date(now.getTime() - DAY);
  const positions = new Map<string, number>();
  const ids: number[] = [];
  for (const item of ITEMS) {
    const offset = offsetOf(item);
    const key = `${item.unit}:${offset}`;
    const cat = catIds.get(key)!;
    const year = thisYear + offset;
    const position = (positions.get(key) ?? 0) + 1;
    positions.set(key, position);
    let plan: ReturnType<typeof layout>;
    if (item.reached < 0) {
      plan = layout(cal, wd(cal, today, 10));
    } else if (offset === 0) {
      // Work back from today so the stage in progress spans it.
      const ago = item.ago ?? (item.reached >= 9 ? 40 : Math.floor(SPAN[STAGE_KINDS[item.reached]] / 2));
      const probe = layout(cal, today);
      const lead = Math.max(0, calendarDaysBetween(today, anchorOf(probe, item.reached)));
      plan = layout(cal, wd(cal, addCalendarDays(today, -lead), -ago));
      // Working-day spans differ a little around holidays: step back until the anchor is not after today.
      while (anchorOf(plan, item.reached) > today) plan = layout(cal, addCalendarDays(plan[0].start, -3));
    } else {
      // Last year's: the original dates a year back, moved earlier if they would not have happened yet.
      const done = (pl: ReturnType<typeof layout>) => (item.reached === 11 ? pl[9].end : anchorOf(pl, item.reached));
      let start = `${Number(item.start.slice(0, 4)) + thisYear - 2026}${item.start.slice(4)}`;
      plan = layout(cal, start);
      while (done(plan) > today) {
        start = addCalendarDays(start, -7);
        plan = layout(cal, start);
      }
    }
    const facts: { kind: StageKind; state: StageState; reason: string | null; startedOn: string | null; completedOn: string | null; hearingOn: string | null; materialsSentOn: string | null }[] = [];
    for (let i = 0; i < STAGE_KINDS.length; i++) {
      const kind = STAGE_KINDS[i];
      const p = plan[i];
      const naReason = item.na?.[kind] ?? (kind === "other" ? NO_OTHER : undefined);
      let state: StageState = i < item.reached ? "completed" : i === item.reached ? "in_progress" : "not_started";
      if (naReason && (i < item.reached || kind === "other")) state = "not_applicable";
      if (kind === "implementation" && item.reached >= 10) state = item.reached === 11 && offset < 0 ? "completed" : "in_progress";
      if (item.withdrawn && i >= item.reached) state = kind === "other" ? "not_applicable" : "not_started";
      const isHearing = kind === "hearing" && state !== "not_applicable" && state !== "not_started";
      facts.push({
        kind,
        state,
        reason: state === "not_applicable" ? naReason ?? NO_OTHER : null,
        startedOn: state === "completed" || state === "in_progress" ? p.start : null,
        completedOn: state === "completed" ? p.end : null,
        hearingOn: isHearing ? p.end : null,
        materialsSentOn: isHearing ? wd(cal, p.start, -1) : null,
      });
    }
    if (item.breaks === "deliberationBeforeReview") {
      // Recorded before the rules were enforced: the deliberation two days before the review ended.
      const review = facts.find((x) => x.kind === "legality_review")!;
      const deliberation = facts.find((x) => x.kind === "deliberation")!;
      deliberation.startedOn = deliberation.completedOn = addCalendarDays(review.completedOn!, -2);
    }
    const deliberation = facts.find((x) => x.kind === "deliberation")!;
    const [d] = await tx
      .insert(decisions)
      .values({
        catalogueId: cat.id,
        unitId: f.unitIds[item.unit],
        year,
        position,
        title: item.title,
        summary: item.summary,
        legalBasis: item.basis,
        plannedSchedule: item.schedule.replaceAll("2026年", `${thisYear}年`).replaceAll("2025年", `${thisYear - 1}年`),
        plannedDecisionOn: plan[7].end,
        tags: item.tags,
        status: deriveStatus(facts, !!item.withdrawn),
        decidedOn: deliberation.state === "completed" ? deliberation.completedOn : null,
        withdrawnReason: item.withdrawn ? WITHDRAW_REASON : null,
        announcedAt: cat.publishedAt,
        createdAt: new Date(Math.min(new Date(`${year}-01-06T09:00:00+08:00`).getTime(), now.getTime() - 3 * DAY)),
        updatedAt: notAfterNow(new Date(`${facts.map((x) => x.startedOn ?? "").sort().at(-1) || notAfterToday(plan[0].start)}T09:00:00+08:00`)),
      })
      .returning({ id: decisions.id });
    ids.push(d.id);
    const milestones: (typeof decisionMilestones.$inferInsert)[] = [];
    for (let i = 0; i < STAGE_KINDS.length; i++) {
      const kind = STAGE_KINDS[i];
      const p = plan[i];
      const x = facts[i];
      const [s] = await tx
        .insert(decisionStages)
        .values({
          decisionId: d.id,
          ...x,
          plannedStartOn: p.start,
          plannedEndOn: p.end,
          linkPath: null,
          updatedAt: notAfterNow(new Date(`${x.completedOn ?? x.startedOn ?? notAfterToday(plan[0].start)}T09:00:00+08:00`)),
        })
        .returning({ id: decisionStages.id });
      const docTitle = DOC_TITLES[kind];
      if (docTitle && (x.state === "completed" || (x.state === "in_progress" && kind !== "implementation"))) {
        const on = (x.completedOn ?? x.startedOn)!;
        await tx.insert(stageDocuments).values({
          stageId: s.id,
          decisionId: d.id,
          title: docTitle(item.title.replace(/^浦东新区/, "")),
          documentOn: on,
          url: `https://www.pudong.gov.cn/zwgk/zdxzjc/${year}/${d.id}-${kind}.pdf`,
          size: 180_000 + ((d.id * 7919 + i * 104729) % 900_000),
          mimeType: "application/pdf",
          createdAt: notAfterNow(new Date(`${on}T17:00:00+08:00`)),
        });
        if (x.state === "completed" && ["consultation", "legality_review", "deliberation", "result"].includes(kind)) {
          milestones.push({
            decisionId: d.id,
            stageKind: kind,
            happenedOn: on,
            title: ({ consultation: "公开征求意见结束", legality_review: "合法性审查完成", deliberation: "区政府常务会议审议通过", result: "决策结果公开" } as Record<string, string>)[kind],
            body: kind === "deliberation" ? "经区政府常务会议审议，原则通过。" : "",
            publishedAt: new Date(Math.min(new Date(`${on}T17:30:00+08:00`).getTime(), now.getTime())),
            createdBy: staffOf(item.unit),
          });
        }
      }
    }
    if (milestones.length) await tx.insert(decisionMilestones).values(milestones);
    if (item.withdrawn && cat.publishedAt) {
      await tx.insert(catalogueChanges).values({
        catalogueId: cat.id,
        decisionId: d.id,
        kind: "withdrawn",
        description: `撤回事项：${item.title}`,
        reason: WITHDRAW_REASON,
        at: afterPublication(cat, 0.6),
        actorId: staffOf(item.unit),
      });
    }
  }
  // One post-publication change on the construction catalogue of this year.
  const construction = catIds.get("construction:0")!;
  if (construction.publishedAt) {
    await tx.insert(catalogueChanges).values({
      catalogueId: construction.id,
      decisionId: ids[3],
      kind: "added",
      description: "新增事项：浦东新区公共停车收费标准调整方案",
      reason: "根据区政府工作安排，将停车收费标准调整列入年度重大行政决策事项。",
      at: afterPublication(construction, 0.4),
      actorId: staffOf("construction"),
    });
  }
  // Demo citizens follow and subscribe.
  const wang = f.userIds["wang.fang@example.com"];
  const zhang = f.userIds["zhang.wei@example.com"];
  if (wang) {
    await tx.insert(decisionFollows).values([{ userId: wang, decisionId: ids[0] }, { userId: wang, decisionId: ids[7] }]);
    await tx.insert(tagSubscriptions).values([{ userId: wang, tag: "老年人" }, { userId: wang, tag: "养老" }]);
  }
  if (zhang) await tx.insert(tagSubscriptions).values([{ userId: zhang, tag: "企业" }, { userId: zhang, tag: "营商环境" }]);
}
