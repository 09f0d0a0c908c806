/**
 * Demo policy library: about thirty Pudong policies across the demo units —
 * normative documents and notices, some amended (linked to their successor),
 * one repealed, one lapsed by its valid-until date, several with 跟踪解读,
 * two with English versions, Q&A in every state and an FAQ — linked to the
 * catalogue decisions that produced them where one exists.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "#db/index";
import { decisionStages, decisions, policies, policyFaqs, policyInterpretations, policyQuestions, type PolicyService } from "#db/schema";
import { makeCalendar, isWorkingDay } from "~/.server/calendar/working-days";
import { packagedSchedules } from "~/.server/calendar/schedules";
import { addCalendarDays, shanghaiDay, weekdayOf } from "~/lib/shanghai";
import type { DemoUnitSlug, FoundationSeed } from "./foundation";

const ZWDT = "https://zwdt.sh.gov.cn/govPortals/bsfw/item";
const CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

interface Seed {
  key: string;
  unit: DemoUnitSlug;
  kind: "normative" | "other";
  title: string;
  doc: string;
  issued: string;
  validUntil?: string | "past";
  summary: string;
  articles: string[];
  topics: string[];
  audiences: string[];
  services?: PolicyService[];
  decision?: string;
  followUps?: { on: string; title: string; body: string }[];
  titleEn?: string;
  articlesEn?: string[];
  /** Amended or repealed by another seed (by key). */
  amendedBy?: string;
  repealed?: { on: string; note: string };
}

const svc = (name: string, id: string, article: string | null = null): PolicyService => ({ name, url: `${ZWDT}/${id}`, article });

const POLICIES: Seed[] = [
  // 区建设和交通委员会
  {
    key: "lift-2023", unit: "construction", kind: "normative", title: "浦东新区既有多层住宅加装电梯财政补贴实施细则", doc: "浦建委规〔2023〕1号", issued: "2023-03-15", validUntil: "2028-03-14",
    summary: "明确既有多层住宅加装电梯的区级财政补贴标准、申请条件和拨付流程。",
    articles: ["为推进既有多层住宅加装电梯工作，改善居民出行条件，制定本细则。", "本细则适用于本区行政区域内已建成投入使用、未设电梯的四层及以上住宅。", "区财政按每台最高24万元给予补贴，其中加装电梯工程竣工验收后拨付70%。", "申请人应当通过“一网通办”提交补贴申请及竣工验收材料。"],
    topics: ["加装电梯", "城市更新"], audiences: ["老年人", "业主"], services: [svc("既有多层住宅加装电梯补贴申请", "PD-JZW-001", "第四条")], amendedBy: "lift-2025",
  },
  {
    key: "lift-2025", unit: "construction", kind: "normative", title: "浦东新区既有多层住宅加装电梯财政补贴实施细则（2025年修订）", doc: "浦建委规〔2025〕2号", issued: "2025-05-20",
    summary: "将区级补贴提高至每台最高28万元，简化审批，明确后续运维责任。",
    articles: ["为进一步推进既有多层住宅加装电梯“能加尽加、愿加快加”，制定本细则。", "本细则适用于本区行政区域内已建成投入使用、未设电梯的四层及以上住宅。", "区财政按每台最高28万元给予补贴，竣工验收后一次性拨付。", "加装电梯应当经本单元房屋专有部分面积占比三分之二以上的业主同意。", "申请人通过“一网通办”提交补贴申请，区建设和交通委员会在10个工作日内完成审核。", "加装电梯的日常运维由业主委托的管理单位负责，区财政给予首五年维保补贴。"],
    topics: ["加装电梯", "城市更新"], audiences: ["老年人", "业主"], services: [svc("既有多层住宅加装电梯补贴申请", "PD-JZW-001", "第五条"), svc("加装电梯维保补贴", "PD-JZW-002", "第六条")],
    decision: "浦东新区既有多层住宅加装电梯财政补贴办法",
    followUps: [{ on: "2025-11-10", title: "跟踪解读：加装电梯补贴申请中的常见问题", body: "细则实施半年来，全区已有312台电梯完成补贴申请。针对居民关心的“三分之二同意”计算口径、低层住户补偿协商等问题，现作进一步解读……" }],
  },
  {
    key: "flood", unit: "construction", kind: "normative", title: "浦东新区地下空间防汛安全管理规定", doc: "浦建委规〔2025〕4号", issued: "2025-04-28",
    summary: "规范地下车库、地下商业等地下空间的防汛设施配置、巡查和应急处置。",
    articles: ["为加强地下空间防汛安全管理，保障人民群众生命财产安全，制定本规定。", "地下空间的所有权人或者管理人是防汛安全责任人。", "地下车库出入口应当设置挡水设施，配备排水泵和应急照明。", "汛期遇暴雨预警时，责任人应当及时封闭低洼出入口并疏散人员。"],
    topics: ["防汛", "城市安全"], audiences: ["物业服务企业", "企业"], decision: "浦东新区地下空间防汛安全管理规定",
  },
  {
    key: "bike", unit: "construction", kind: "normative", title: "浦东新区非机动车停放管理办法", doc: "浦建委规〔2025〕6号", issued: "2025-10-15",
    summary: "规范共享单车投放和非机动车停放秩序，明确街镇、企业和居民的责任。",
    articles: ["为规范非机动车停放秩序，制定本办法。", "互联网租赁自行车运营企业应当按照区交通部门核定的规模投放车辆。", "轨道交通站点周边应当设置非机动车停放区域。", "违规停放的车辆由街镇组织清理，运营企业应当在2小时内响应。"],
    topics: ["交通"], audiences: ["企业", "市民"], decision: "浦东新区非机动车停放管理办法",
  },
  {
    key: "parking-2012", unit: "construction", kind: "normative", title: "浦东新区机动车停车场管理暂行办法", doc: "浦建委规〔2012〕3号", issued: "2012-06-01",
    summary: "原规范本区公共停车场设置和经营管理的暂行办法。",
    articles: ["为加强机动车停车场管理，制定本办法。", "公共停车场经营者应当明码标价。", "本办法自发布之日起施行。"],
    topics: ["交通", "价格"], audiences: ["驾驶人"], repealed: { on: "2024-07-01", note: "《上海市停车场（库）管理办法》修订后，本办法的主要内容已被上位法覆盖，予以废止。" },
  },
  // 区民政局
  {
    key: "meal", unit: "civil-affairs", kind: "normative", title: "浦东新区社区长者助餐服务补贴办法", doc: "浦民规〔2026〕1号", issued: "2026-09-01",
    summary: "对社区长者食堂、助餐点给予运营补贴，对高龄、困难老人就餐给予分档补助。",
    articles: ["为完善社区养老助餐服务体系，制定本办法。", "本办法适用于本区备案的社区长者食堂和老年助餐点。", "区财政按就餐人次对助餐场所给予每餐2元至5元的运营补贴。", "80周岁以上老人每餐补助3元，低保、低收入家庭老人每餐补助5元。", "符合条件的老人通过“一网通办”或社区事务受理服务中心申请助餐补助。"],
    topics: ["养老", "助餐"], audiences: ["老年人"], services: [svc("老年人助餐补助申请", "PD-MZ-011", "第五条")], decision: "浦东新区社区助餐服务补贴办法",
    followUps: [{ on: "2026-11-05", title: "跟踪解读：助餐补助如何“一卡通用”", body: "自2026年11月起，老人持社保卡可在全区任一长者食堂享受补助，无需重复申请……" }],
  },
  {
    key: "bed", unit: "civil-affairs", kind: "normative", title: "浦东新区家庭养老照护床位建设和运营管理办法", doc: "浦民规〔2025〕2号", issued: "2025-06-18",
    summary: "将专业照护服务延伸到家庭，明确家庭照护床位的建设补贴、服务内容和监管。",
    articles: ["为推进居家社区机构相协调的养老服务体系建设，制定本办法。", "家庭照护床位由具备资质的养老服务机构提供上门照护服务。", "区财政对每张家庭照护床位给予一次性建设补贴3000元。", "养老服务机构应当与老人或者其家属签订服务协议。"],
    topics: ["养老"], audiences: ["老年人", "养老服务机构"], services: [svc("家庭照护床位申请", "PD-MZ-014")], decision: "浦东新区家庭养老照护床位建设实施方案",
  },
  {
    key: "allowance-2022", unit: "civil-affairs", kind: "normative", title: "浦东新区老年综合津贴发放实施细则", doc: "浦民规〔2022〕3号", issued: "2022-04-01",
    summary: "明确本区户籍65周岁以上老人综合津贴的发放标准和程序。",
    articles: ["为做好老年综合津贴发放工作，制定本细则。", "本区户籍65周岁以上老人按年龄段分档领取综合津贴。", "津贴按月发放至老人社会保障卡。"],
    topics: ["养老", "社会救助"], audiences: ["老年人"], amendedBy: "allowance-2025",
  },
  {
    key: "allowance-2025", unit: "civil-affairs", kind: "normative", title: "浦东新区老年综合津贴发放实施细则（2025年修订）", doc: "浦民规〔2025〕5号", issued: "2025-09-30",
    summary: "调整津贴标准，实现“免申即享”。",
    articles: ["为做好老年综合津贴发放工作，制定本细则。", "本区户籍65周岁以上老人按年龄段分档领取综合津贴，65至69周岁每月75元，70至79周岁每月150元，80至89周岁每月180元，90周岁以上每月350元。", "符合条件的老人无需申请，由区民政局根据户籍和年龄数据直接发放（免申即享）。", "津贴按月发放至老人社会保障卡。"],
    topics: ["养老", "社会救助"], audiences: ["老年人"], services: [svc("老年综合津贴查询", "PD-MZ-020", "第三条")],
    followUps: [{ on: "2026-03-12", title: "跟踪解读：“免申即享”实施情况", body: "修订后的细则实施以来，共有21.3万名老人无需申请即按时领取津贴……" }],
  },
  {
    key: "relief", unit: "civil-affairs", kind: "normative", title: "浦东新区困难群众救助标准调整实施方案", doc: "浦民规〔2025〕3号", issued: "2025-06-25",
    summary: "自2025年7月1日起调整最低生活保障、特困人员供养等救助标准。",
    articles: ["为保障困难群众基本生活，制定本方案。", "本区城乡居民最低生活保障标准调整为每人每月1550元。", "特困人员基本生活标准按照低保标准的1.5倍确定。", "调整后的标准自2025年7月1日起执行。"],
    topics: ["社会救助"], audiences: ["困难群众", "残疾人"], services: [svc("最低生活保障申请", "PD-MZ-001", "第二条")], decision: "浦东新区困难群众救助标准调整方案",
  },
  {
    key: "elder-notice", unit: "civil-affairs", kind: "other", title: "关于开展2026年度养老服务机构等级评定工作的通知", doc: "浦民〔2026〕45号", issued: "2026-05-10",
    summary: "部署2026年度养老服务机构等级评定的申报、评审和公示。",
    articles: ["2026年6月1日至6月30日，各养老服务机构可自愿申报等级评定。", "评定结果在区政府网站公示7日。"],
    topics: ["养老"], audiences: ["养老服务机构"],
  },
  // 区政府办公室
  {
    key: "rental-2021", unit: "district-office", kind: "normative", title: "浦东新区公共租赁住房准入标准和管理办法", doc: "浦府办规〔2021〕5号", issued: "2021-08-01",
    summary: "原公共租赁住房准入收入、财产标准和配租管理规定。",
    articles: ["为规范公共租赁住房准入和管理，制定本办法。", "申请人家庭人均月收入低于5000元的，可以申请公共租赁住房。", "公共租赁住房租金按市场租金的八折确定。"],
    topics: ["住房保障"], audiences: ["新市民", "青年人"], amendedBy: "rental-2026",
  },
  {
    key: "rental-2026", unit: "district-office", kind: "normative", title: "浦东新区公共租赁住房准入标准和管理办法（2026年修订）", doc: "浦府办规〔2026〕2号", issued: "2026-06-30",
    summary: "放宽收入和财产准入标准，扩大保障覆盖面，明确退出机制。",
    articles: ["为规范公共租赁住房准入和管理，扩大保障覆盖面，制定本办法。", "申请人家庭人均月收入低于7000元、人均财产低于18万元的，可以申请公共租赁住房。", "在本区就业的新市民、青年人可以单位名义集中申请。", "承租人不再符合准入条件的，应当在6个月过渡期内退出。", "申请人通过“一网通办”提交申请。"],
    topics: ["住房保障"], audiences: ["新市民", "青年人"], services: [svc("公共租赁住房申请", "PD-FG-003", "第五条")], decision: "浦东新区公共租赁住房准入标准调整",
  },
  {
    key: "talent", unit: "district-office", kind: "normative", title: "浦东新区人才安居工程实施办法", doc: "浦府办规〔2025〕3号", issued: "2025-06-10", validUntil: "2030-06-09",
    summary: "通过人才公寓、租房补贴等方式支持各类人才在浦东安居。",
    articles: ["为吸引和集聚各类人才，制定本办法。", "符合条件的人才可以申请入住人才公寓，租金不高于同地段市场租金的七成。", "未入住人才公寓的，可以申请每月1500元至3000元的租房补贴，期限最长3年。", "用人单位通过“浦东人才”平台统一申报。"],
    topics: ["住房保障", "人才"], audiences: ["青年人", "企业"], services: [svc("人才租房补贴申请", "PD-RC-002", "第三条")], decision: "浦东新区人才安居工程实施办法",
  },
  {
    key: "open-gov", unit: "district-office", kind: "other", title: "浦东新区2023年政务公开工作要点", doc: "浦府办〔2023〕18号", issued: "2023-04-20",
    summary: "部署2023年全区政务公开重点任务，包括政策文件库建设、政策解读、政策问答和“阅办联动”。",
    articles: ["推进行政规范性文件统一公开，标注效力状态，做到“统一入口、分类展示、一键查询”。", "政策解读与政策文件同步起草、同步审签、同步发布，并做好跟踪解读。", "在政策文件页面设置留言板，及时答复，形成常见问题并推送至12345市民服务热线知识库。", "涉及企业和群众办事的政策文件，在页面设置“办”事入口，实现阅办联动。"],
    topics: ["政务公开"], audiences: ["行政机关"],
  },
  // 区发展和改革委员会
  {
    key: "biz-8", unit: "drc", kind: "other", title: "浦东新区优化营商环境行动方案（8.0版）", doc: "浦府办〔2025〕9号", issued: "2025-03-01",
    summary: "围绕企业全生命周期提出150项改革举措。",
    articles: ["推进企业开办“一日办结”。", "推行涉企行政检查“无事不扰”。", "深化“高效办成一件事”改革。"],
    topics: ["营商环境"], audiences: ["企业", "小微企业"], services: [svc("企业开办一窗通", "PD-SJ-001", "第一条")], decision: "浦东新区优化营商环境行动方案（8.0版）",
  },
  {
    key: "green", unit: "drc", kind: "normative", title: "浦东新区绿色低碳产业发展扶持办法", doc: "浦发改规〔2025〕2号", issued: "2025-10-20",
    summary: "对新能源、节能环保和碳服务企业给予研发、首台套和碳减排项目扶持。",
    articles: ["为推动绿色低碳产业发展，制定本办法。", "对新认定的绿色低碳领域专精特新企业给予最高50万元奖励。", "对纳入碳普惠的减排项目按减排量给予补贴。", "企业通过“浦东企业服务云”申报。"],
    topics: ["绿色低碳", "碳达峰", "产业"], audiences: ["企业", "小微企业"], services: [svc("绿色低碳产业扶持申报", "PD-FGW-021", "第四条")], decision: "浦东新区绿色低碳产业发展行动计划",
  },
  {
    key: "sme-finance", unit: "drc", kind: "normative", title: "浦东新区小微企业融资担保和贴息支持办法", doc: "浦发改规〔2026〕1号", issued: "2026-02-15",
    summary: "为小微企业首贷、续贷提供政策性融资担保，并给予贷款贴息。",
    articles: ["为缓解小微企业融资难、融资贵，制定本办法。", "区政策性融资担保机构为小微企业提供担保费率不高于1%的担保服务。", "对小微企业首次贷款给予贷款市场报价利率50%的贴息，期限一年。", "企业通过“一网通办”提交贴息申请。"],
    topics: ["融资", "营商环境"], audiences: ["小微企业", "个体工商户"], services: [svc("小微企业贷款贴息申请", "PD-FGW-030", "第四条")],
    followUps: [{ on: "2026-08-20", title: "跟踪解读：个体工商户能否享受贴息", body: "实施以来，不少个体工商户咨询能否参照享受。经研究，登记满一年的个体工商户可参照小微企业申请……" }],
  },
  // 区教育局
  {
    key: "school-2025", unit: "education", kind: "other", title: "2025年浦东新区义务教育阶段学校招生入学实施细则", doc: "浦教〔2025〕12号", issued: "2025-04-10",
    summary: "明确2025年小学、初中招生的入学条件、对口划片和报名流程。",
    articles: ["适龄儿童按照户籍、居住地对口入学。", "报名时间为2025年4月20日至5月10日，通过“一网通办”入学报名平台进行。", "随迁子女按照积分或居住证条件入学。"],
    topics: ["教育", "入学"], audiences: ["家长"], services: [svc("义务教育入学报名", "PD-JY-001", "第二条")], decision: "2025年浦东新区义务教育阶段学校招生划片方案",
  },
  {
    key: "childcare", unit: "education", kind: "normative", title: "浦东新区普惠性托育点认定和扶持办法", doc: "浦教规〔2025〕1号", issued: "2025-09-01",
    summary: "对提供3岁以下婴幼儿普惠托育服务的机构给予认定和运营补贴。",
    articles: ["为增加普惠性托育服务供给，制定本办法。", "普惠性托育点收费不得高于区教育局公布的指导价。", "区财政按实际收托人数给予每人每月800元的运营补贴。"],
    topics: ["托育", "教育"], audiences: ["家长", "托育机构"], decision: "浦东新区学前教育资源布局调整方案",
  },
  // 区生态环境局
  {
    key: "sponge", unit: "ecology", kind: "normative", title: "浦东新区海绵城市建设管理办法", doc: "浦环规〔2025〕2号", issued: "2025-11-01",
    summary: "将海绵城市理念纳入建设项目规划、设计、施工和验收全过程。",
    articles: ["为推进海绵城市建设，提升雨水蓄滞能力，制定本办法。", "新建项目的年径流总量控制率不低于75%。", "建设单位应当在竣工验收时提交海绵设施专项验收材料。"],
    topics: ["防汛", "环境"], audiences: ["建设单位", "企业"], decision: "浦东新区海绵城市建设管理办法",
  },
  {
    key: "voc", unit: "ecology", kind: "normative", title: "浦东新区重点行业挥发性有机物综合治理实施办法", doc: "浦环规〔2025〕1号", issued: "2025-03-20",
    summary: "对石化、涂装、印刷等重点行业开展挥发性有机物深度治理，给予治理补贴。",
    articles: ["为改善大气环境质量，制定本办法。", "重点行业企业应当在2026年底前完成挥发性有机物深度治理。", "区财政对治理项目按投资额的20%给予补贴，最高200万元。"],
    topics: ["环境"], audiences: ["企业"], services: [svc("挥发性有机物治理补贴申请", "PD-HB-005", "第三条")], decision: "浦东新区重点行业挥发性有机物治理方案",
  },
  {
    key: "waste", unit: "ecology", kind: "other", title: "关于做好2026年度生活垃圾分类实效测评工作的通知", doc: "浦环〔2026〕30号", issued: "2026-03-05",
    summary: "部署街镇、居村生活垃圾分类实效测评。",
    articles: ["测评每季度开展一次，结果在区政府网站公布。", "测评结果纳入街镇绩效考核。"],
    topics: ["环境", "社区"], audiences: ["居委会", "物业服务企业"],
  },
  // 区人力资源和社会保障局
  {
    key: "jobs-2023", unit: "hrss", kind: "normative", title: "浦东新区稳岗就业补贴实施细则（2023—2025年）", doc: "浦人社规〔2023〕2号", issued: "2023-01-15", validUntil: "past",
    summary: "对吸纳重点群体就业、开展以工代训的企业给予补贴，试行三年。",
    articles: ["为稳定和扩大就业，制定本细则。", "企业吸纳登记失业人员就业并缴纳社会保险满6个月的，每人给予一次性补贴3000元。", "本细则有效期至2025年12月31日。"],
    topics: ["就业"], audiences: ["企业", "小微企业", "失业人员"], services: [svc("一次性吸纳就业补贴申请", "PD-RS-008", "第二条")],
  },
  {
    key: "foreign-talent", unit: "hrss", kind: "normative", title: "浦东新区外籍高层次人才工作和居留便利化办法", doc: "浦人社规〔2025〕3号", issued: "2025-08-08",
    summary: "为外籍高层次人才办理工作许可、居留许可提供“一网通办、并联审批”。",
    articles: ["为吸引外籍高层次人才在浦东创新创业，制定本办法。", "外籍高层次人才工作许可和居留许可实行“一表申请、并联审批”，5个工作日内办结。", "外籍人才可以在浦东国际人才港一站式办理。"],
    topics: ["人才", "外资"], audiences: ["外籍人才", "外资企业"], services: [svc("外国人来华工作许可", "PD-RS-030", "第二条")],
    titleEn: "Measures of Pudong New Area to Facilitate Work and Residence of High-level Foreign Talent",
    articlesEn: ["These Measures are formulated to attract high-level foreign talent to innovate and start businesses in Pudong.", "Work permits and residence permits for high-level foreign talent are applied for with one form and approved in parallel, within 5 working days.", "Foreign talent may complete all procedures at the Pudong International Talent Port."],
  },
  // 区商务委员会
  {
    key: "fdi", unit: "commerce", kind: "normative", title: "浦东新区促进外商投资企业高质量发展若干措施", doc: "浦商务规〔2026〕1号", issued: "2026-04-18",
    summary: "支持外商投资企业设立地区总部、研发中心，扩大再投资，优化外资企业服务。",
    articles: ["为进一步扩大高水平对外开放，促进外商投资企业高质量发展，制定本措施。", "对新认定的跨国公司地区总部给予最高1000万元开办资助。", "对外资研发中心引进的研发设备给予进口环节便利。", "建立外资企业服务专员制度，重大外资项目“一企一策”。"],
    topics: ["外资", "营商环境"], audiences: ["外资企业"], services: [svc("跨国公司地区总部认定", "PD-SW-010", "第二条")],
    titleEn: "Several Measures of Pudong New Area to Promote the High-quality Development of Foreign-invested Enterprises",
    articlesEn: ["These Measures are formulated to further expand high-level opening up and promote the high-quality development of foreign-invested enterprises.", "A newly recognised regional headquarters of a multinational company receives a start-up grant of up to RMB 10 million.", "Customs facilitation is provided for R&D equipment imported by foreign-invested R&D centres.", "A dedicated service officer is assigned to each foreign-invested enterprise; major projects receive tailored policies."],
    followUps: [{ on: "2026-10-09", title: "跟踪解读：地区总部开办资助申报口径", body: "针对外资企业关心的“地区总部”认定标准和资助申报时间，现解读如下……" }],
  },
  // 区市场监督管理局
  {
    key: "market-sme", unit: "market", kind: "normative", title: "浦东新区小微企业和个体工商户轻微违法行为不予处罚清单", doc: "浦市监规〔2025〕1号", issued: "2025-07-01",
    summary: "对首次、轻微并及时改正的市场监管领域违法行为依法不予行政处罚。",
    articles: ["为优化营商环境，推行包容审慎监管，制定本清单。", "清单所列违法行为首次发生、危害后果轻微并及时改正的，不予行政处罚。", "市场监管部门应当对当事人进行教育、提醒。"],
    topics: ["营商环境"], audiences: ["小微企业", "个体工商户"],
  },
  // 区卫生健康委员会
  {
    key: "family-doctor", unit: "health", kind: "other", title: "浦东新区家庭医生签约服务“1+1+1”组合实施方案", doc: "浦卫〔2026〕8号", issued: "2026-01-20",
    summary: "居民可选择一家社区卫生服务中心、一家区级医院和一家市级医院签约。",
    articles: ["60岁以上老人、慢性病患者优先签约。", "签约居民在社区卫生服务中心可享受延伸处方。", "居民通过“健康云”签约。"],
    topics: ["医疗卫生", "养老"], audiences: ["老年人", "慢性病患者"], services: [svc("家庭医生签约", "PD-WJ-001")],
  },
  // 区规划和自然资源局
  {
    key: "old-house", unit: "planning", kind: "normative", title: "浦东新区旧住房成套改造规划管理规定", doc: "浦规划资源规〔2024〕2号", issued: "2024-09-10",
    summary: "明确旧住房成套改造中的规划审批、面积认定和公众参与程序。",
    articles: ["为推进旧住房成套改造，制定本规定。", "成套改造方案应当公示不少于10日，征求居民意见。", "改造后新增面积按原产权比例分配。"],
    topics: ["城市更新"], audiences: ["业主"],
  },
  // 区司法局
  {
    key: "legal-aid", unit: "justice", kind: "normative", title: "浦东新区法律援助经济困难标准和事项范围规定", doc: "浦司规〔2025〕1号", issued: "2025-02-01",
    summary: "将法律援助经济困难标准确定为本区最低生活保障标准的2倍，扩大事项范围。",
    articles: ["为保障困难群众获得法律援助，制定本规定。", "申请人家庭人均收入低于本区最低生活保障标准2倍的，认定为经济困难。", "追索劳动报酬、工伤赔偿的农民工申请法律援助，免予经济困难审查。"],
    topics: ["法律援助", "社会救助"], audiences: ["困难群众", "农民工"], services: [svc("法律援助申请", "PD-SF-001")],
  },
];

interface QSeed {
  policy: string;
  by: string;
  body: string;
  showName?: boolean;
  /** Working days before now the question was asked. */
  ago: number;
  status: "pending" | "published" | "refused";
  answer?: string;
  refusal?: string;
  faq?: { question: string; answer: string };
}

const QUESTIONS: QSeed[] = [
  {
    policy: "lift-2025", by: "wang.fang@example.com", ago: 30, status: "published", showName: true,
    body: "我家住在5楼，单元里有一户一楼业主不同意加装电梯，是否还能申请补贴？",
    answer: "只要本单元房屋专有部分面积占比三分之二以上、且人数占比三分之二以上的业主同意，即可申请加装和补贴，不需要全体业主同意。",
    faq: { question: "单元内有业主不同意，还能加装电梯并申请补贴吗？", answer: "可以。经本单元专有部分面积占比和人数占比均达三分之二以上的业主同意，即可申请加装并享受补贴。" },
  },
  {
    policy: "lift-2025", by: "li.qiang@example.com", ago: 25, status: "published",
    body: "补贴款是打到业主个人账户还是施工单位？我的电话13812345678，方便的话请联系我。",
    answer: "补贴款在竣工验收后拨付至业主委托的实施主体账户，用于支付工程款。",
    faq: { question: "加装电梯补贴款拨付给谁？", answer: "竣工验收后一次性拨付至业主委托的实施主体账户，用于支付工程款。" },
  },
  { policy: "lift-2025", by: "chen.jing@example.com", ago: 2, status: "pending", body: "加装电梯后每年的维保费用由谁承担？首五年之后还有补贴吗？" },
  {
    policy: "meal", by: "wang.fang@example.com", ago: 12, status: "published", showName: true,
    body: "我母亲82岁，户籍在浦东但住在闵行，能在浦东的长者食堂享受补助吗？",
    answer: "本区户籍80周岁以上老人可在本区任一备案长者食堂享受补助，凭社保卡就餐即可。",
    faq: { question: "户籍在浦东、居住在外区的老人能享受助餐补助吗？", answer: "可以在本区任一备案长者食堂凭社保卡就餐并享受补助。" },
  },
  { policy: "meal", by: "li.qiang@example.com", ago: 9, status: "published", body: "长者食堂能不能提供送餐上门服务？行动不便的老人怎么办？" },
  { policy: "meal", by: "chen.jing@example.com", ago: 1, status: "pending", body: "低收入家庭老人的认定需要提供哪些材料？" },
  {
    policy: "sme-finance", by: "zhang.wei@example.com", ago: 15, status: "published", showName: true,
    body: "我们公司成立不满一年，能申请首贷贴息吗？",
    answer: "可以。本办法对企业成立年限没有要求，符合小微企业划型标准、首次获得银行贷款即可申请。",
    faq: { question: "成立不满一年的小微企业能申请首贷贴息吗？", answer: "可以，对成立年限没有要求，符合小微企业划型标准并首次获得银行贷款即可申请。" },
  },
  { policy: "sme-finance", by: "zhang.wei@example.com", ago: 8, status: "published", body: "续贷是否也能享受担保费率优惠？" },
  { policy: "rental-2026", by: "li.qiang@example.com", ago: 6, status: "pending", body: "非沪籍青年在张江工作满一年，可以个人申请公共租赁住房吗？" },
  { policy: "rental-2026", by: "chen.jing@example.com", ago: 4, status: "refused", body: "代办公租房申请，包过，加微信xxxx", refusal: "内容为广告，与本政策无关。" },
  {
    policy: "fdi", by: "zhang.wei@example.com", ago: 20, status: "published",
    body: "外资研发中心的认定标准是什么？需要多少研发人员？",
    answer: "外资研发中心认定标准详见《上海市鼓励设立和发展外资研发中心的规定》，一般要求研发人员不少于50人。",
  },
  { policy: "allowance-2025", by: "wang.fang@example.com", ago: 3, status: "published", body: "父亲今年刚满65岁，津贴什么时候开始自动发放？" },
];

export async function seedPolicies(tx: Db, f: FoundationSeed, now: Date): Promise<void> {
  const today = shanghaiDay(now);
  const staffOf = (slug: string) =>
    f.userIds[`staff.${slug === "district-office" ? "office" : slug === "civil-affairs" ? "civil" : slug}@pudong.example`] ?? f.userIds["admin@pudong.example"];
  const decisionRows = await tx
    .select({ id: decisions.id, title: decisions.title })
    .from(decisions)
    .where(inArray(decisions.title, POLICIES.map((p) => p.decision).filter((x): x is string => !!x)));
  const decisionId = new Map(decisionRows.map((d) => [d.title, d.id]));
  const ids = new Map<string, number>();
  const article = (body: string, i: number) => `第${CN[i] ?? i + 1}条 ${body}`;
  for (const p of POLICIES) {
    const validUntil = p.validUntil === "past" ? addCalendarDays(today, -60) : (p.validUntil ?? null);
    const published = new Date(`${p.issued}T10:00:00+08:00`);
    const [row] = await tx
      .insert(policies)
      .values({
        unitId: f.unitIds[p.unit],
        kind: p.kind,
        title: p.title,
        docNumber: p.doc,
        summary: p.summary,
        body: p.articles.map(article).join("\n"),
        titleEn: p.titleEn ?? null,
        bodyEn: p.articlesEn ? p.articlesEn.map((a, i) => `Article ${i + 1} ${a}`).join("\n") : null,
        issuedOn: p.issued,
        effectiveOn: p.issued,
        validUntil,
        // The demo story's lapse happened two months ago: its subscribers were told then, not at first start.
        lapseAnnouncedAt: p.validUntil === "past" ? new Date(`${addCalendarDays(validUntil!, 1)}T00:15:00+08:00`) : null,
        topics: p.topics,
        audiences: p.audiences,
        services: p.services ?? [],
        decisionId: p.decision ? (decisionId.get(p.decision) ?? null) : null,
        publishedAt: published,
        publishedBy: staffOf(p.unit),
        createdBy: staffOf(p.unit),
        createdAt: published,
        updatedAt: published,
      })
      .returning({ id: policies.id });
    ids.set(p.key, row.id);
    await tx.insert(policyInterpretations).values([
      {
        policyId: row.id,
        kind: "initial",
        title: `《${p.title}》政策解读`,
        body: `一、出台背景\n${p.summary}\n二、主要内容\n${p.articles.slice(1, 4).join("\n")}\n三、适用对象\n${p.audiences.join("、")}。`,
        publishedOn: p.issued,
        createdBy: staffOf(p.unit),
        createdAt: published,
      },
      ...(p.followUps ?? []).map((u) => ({ policyId: row.id, kind: "follow_up" as const, title: u.title, body: u.body, publishedOn: u.on, createdBy: staffOf(p.unit), createdAt: new Date(`${u.on}T10:00:00+08:00`) })),
    ]);
    // The decision's result stage points at the policy it produced.
    const did = p.decision ? decisionId.get(p.decision) : undefined;
    if (did != null) {
      await tx
        .update(decisionStages)
        .set({ linkPath: `/policies/${row.id}` })
        .where(and(eq(decisionStages.decisionId, did), eq(decisionStages.kind, "result"), isNull(decisionStages.linkPath)));
    }
  }
  for (const p of POLICIES) {
    if (p.amendedBy) {
      const successor = POLICIES.find((s) => s.key === p.amendedBy)!;
      await tx
        .update(policies)
        .set({ change: "amended", successorId: ids.get(p.amendedBy)!, changedOn: successor.issued, changeNote: `由《${successor.title}》（${successor.doc}）修订。` })
        .where(eq(policies.id, ids.get(p.key)!));
    }
    if (p.repealed) {
      await tx.update(policies).set({ change: "repealed", changedOn: p.repealed.on, changeNote: p.repealed.note }).where(eq(policies.id, ids.get(p.key)!));
    }
  }
  let n = 0;
  for (const q of QUESTIONS) {
    const policyId = ids.get(q.policy)!;
    const unit = POLICIES.find((p) => p.key === q.policy)!.unit;
    const askedOn = workingDaysBefore(today, q.ago);
    const askedAt = new Date(`${askedOn}T${String(9 + (n % 8)).padStart(2, "0")}:15:00+08:00`);
    const answeredAt = q.answer ? new Date(askedAt.getTime() + 2 * 86_400_000) : null;
    const user = f.userIds[q.by];
    const [row] = await tx
      .insert(policyQuestions)
      .values({
        policyId,
        userId: user,
        reference: `ZC${policyId}-DEMO${String(++n).padStart(4, "0")}`,
        idempotencyKey: `seed-${n}`,
        body: q.body,
        showName: q.showName ?? false,
        authorName: q.by === "wang.fang@example.com" ? "王芳" : q.by === "li.qiang@example.com" ? "李强" : q.by === "zhang.wei@example.com" ? "张伟（张江小微企业）" : "陈静",
        status: q.status,
        refusalReason: q.refusal ?? null,
        moderatedBy: q.status === "pending" ? null : staffOf(unit),
        moderatedAt: q.status === "pending" ? null : new Date(askedAt.getTime() + 3600_000),
        answer: q.answer ?? null,
        answeredBy: q.answer ? staffOf(unit) : null,
        answeredAt,
        askedAt,
      })
      .returning({ id: policyQuestions.id });
    if (q.faq) {
      await tx.insert(policyFaqs).values({ policyId, questionId: row.id, question: q.faq.question, answer: q.faq.answer, position: n, createdAt: answeredAt!, updatedAt: answeredAt! });
    }
  }
}

let packagedCalendar: ReturnType<typeof makeCalendar> | null = null;

/** The working day `n` working days before `day` (n = 0: `day` itself), on the packaged schedules; weekends only past them (demo dates only). */
function workingDaysBefore(day: string, n: number): string {
  packagedCalendar ??= makeCalendar(packagedSchedules());
  const working = (d: string) => isWorkingDay(packagedCalendar!, d) ?? ![0, 6].includes(weekdayOf(d));
  let d = day;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, -1);
    if (working(d)) left--;
  }
  return d;
}
