/**
 * A year of disclosure requests across six units, in every state: answered in
 * each of the report's categories, withdrawn for want of a correction, one
 * paused for 补正, one extended, one consulting a third party, one with a
 * consultation across 国庆, one overdue, one nearly due, with a 复议 and a 诉讼.
 *
 * Every date is counted in working days back from the seed's `now` and every
 * step goes through the request services, so the clock, the history and the
 * audit log are what the app would have written, whatever day it starts.
 */
import type { Db } from "#db/index";
import type { Actor } from "~/.server/context";
import {
  askCorrection,
  closeRequest,
  endConsultation,
  extendRequest,
  fileRequest,
  processRequestTimers,
  receiveCorrection,
  recordPosting,
  recordRemedy,
  decideRemedy,
  registerRequest,
  replyToRequest,
  startConsultation,
  type InformationRequest,
  type RequestInput,
} from "~/.server/requests/requests";
import type { OutcomeCode } from "~/.server/requests/outcomes";
import { replyLetter } from "~/.server/requests/letters";
import { requestCalendar, shanghaiDay, addCalendarDays, type WorkCalendar } from "~/.server/requests/working-days";
import type { DemoUnitSlug, FoundationSeed } from "./foundation";

/** The n-th working day before `day` (n = 0: the day itself). */
function workingDaysBefore(cal: WorkCalendar, day: string, n: number): string {
  let d = day;
  for (let left = n; left > 0; ) {
    d = addCalendarDays(d, -1);
    if (cal.isWorkday(d)) left--;
  }
  return d;
}

const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

const STAFF: Partial<Record<DemoUnitSlug, string>> = {
  "district-office": "staff.office@pudong.example",
  drc: "staff.drc@pudong.example",
  construction: "staff.construction@pudong.example",
  education: "staff.education@pudong.example",
  "civil-affairs": "staff.civil@pudong.example",
  ecology: "staff.ecology@pudong.example",
};

type Reply = Exclude<OutcomeCode, "other_correction_lapsed">;

export async function seedRequests(tx: Db, f: FoundationSeed, now: Date): Promise<void> {
  const cal = await requestCalendar(tx);
  const today = shanghaiDay(now);
  const day = (n: number) => workingDaysBefore(cal, today, n);
  const staff = (unit: DemoUnitSlug): Actor => ({ id: f.userIds[STAFF[unit]!], role: "staff", unitId: f.unitIds[unit] });
  const citizen = (email: string): Actor => ({ id: f.userIds[email], role: "citizen", unitId: null });

  const base = (unit: DemoUnitSlug, type: RequestInput["applicantType"], name: string, description: string): RequestInput => ({
    unitId: f.unitIds[unit],
    applicantType: type,
    applicantName: name,
    contactEmail: null,
    contactPhone: "021-5000" + String(Object.keys(f.unitIds).indexOf(unit)).padStart(4, "0"),
    contactAddress: "上海市浦东新区",
    description,
    preferredForm: "paper",
    delivery: "post",
  });

  async function letter(unit: DemoUnitSlug, type: RequestInput["applicantType"], name: string, description: string, n: number, channel: "letter" | "in_person" | "fax" = "letter") {
    return registerRequest(tx, staff(unit), { ...base(unit, type, name, description), channel, receivedOn: day(n) }, at(day(n)));
  }

  async function online(email: string, unit: DemoUnitSlug, type: RequestInput["applicantType"], name: string, description: string, n: number) {
    return fileRequest(tx, citizen(email), { ...base(unit, type, name, description), contactEmail: email, preferredForm: "electronic", delivery: "email" }, at(day(n)));
  }

  async function reply(r: InformationRequest, unit: DemoUnitSlug, outcome: Reply, onDay: string, unitName: string) {
    const text = replyLetter({ trackingNo: r.trackingNo, applicantName: r.applicantName, receivedOn: r.receivedOn, description: r.description, unitName, on: onDay }, outcome);
    return replyToRequest(tx, staff(unit), r.id, { outcome, letter: text }, at(onDay));
  }

  async function answered(unit: DemoUnitSlug, unitName: string, r: InformationRequest, outcome: Reply, replyN: number, opts: { post?: boolean; close?: boolean } = {}) {
    await reply(r, unit, outcome, day(replyN), unitName);
    if (opts.post ?? true) await recordPosting(tx, staff(unit), r.id, { carrier: "中国邮政EMS", trackingNumber: `11${String(r.id).padStart(11, "0")}` }, at(day(Math.max(0, replyN - 1))));
    if (opts.close ?? true) await closeRequest(tx, staff(unit), r.id, at(day(Math.max(0, replyN - 2))));
  }

  // Answered over the past year, one of each kind of outcome the report counts.
  const a = await letter("district-office", "natural_person", "王建国", "2025年浦东新区老旧小区综合改造项目清单及各街镇资金安排", 245);
  await answered("district-office", "区政府办公室", a, "disclose", 232);
  // Received in December, answered after New Year: carried over in the annual report.
  const x = await letter("ecology", "commercial", "上海外高桥某物流有限公司", "外高桥保税区2025年建设项目环境影响评价审批结果", 240);
  await answered("ecology", "区生态环境局", x, "already_public", 222);
  const b = await online("zhang.wei@example.com", "drc", "commercial", "上海张江某某科技有限公司", "张江科学城2025年度产业扶持资金申报指南及评审结果", 210);
  await answered("drc", "区发展和改革委员会", b, "partial", 196, { post: false });
  const c = await letter("construction", "natural_person", "李桂英", "川沙路拓宽工程征收范围内房屋评估报告", 190);
  await answered("construction", "区建设和交通委员会", c, "withheld_process", 176);
  await recordRemedy(tx, staff("construction"), c.id, { kind: "reconsideration", filedOn: day(160) }, at(day(160)));
  const d = await letter("education", "research", "复旦大学公共管理研究所", "浦东新区2024—2025学年义务教育阶段学位供给统计", 170, "in_person");
  await askCorrection(tx, staff("education"), d.id, { whatToAdd: "请写明所需统计的学段与街镇范围。", dueOn: day(158) }, at(day(166)));
  await receiveCorrection(tx, staff("education"), d.id, { note: "申请人当面递交补正说明" }, at(day(162)));
  await answered("education", "区教育局", d, "disclose", 150);
  const e = await letter("civil-affairs", "natural_person", "赵敏", "某养老机构的年度检查记录", 150, "fax");
  await askCorrection(tx, staff("civil-affairs"), e.id, { whatToAdd: "请写明养老机构的名称和所需检查记录的年份。", dueOn: day(140) }, at(day(147)));
  // Nobody corrected: the timer treats it as withdrawn the day after the deadline.
  await processRequestTimers(tx, at(day(138)), { ids: [e.id] });
  await recordPosting(tx, staff("civil-affairs"), e.id, { carrier: "中国邮政EMS", trackingNumber: `11${String(e.id).padStart(11, "0")}` }, at(day(137)));
  const g = await letter("ecology", "public_interest", "浦东绿色家园环保公益促进中心", "2025年度重点排污单位监督性监测数据", 130);
  await answered("ecology", "区生态环境局", g, "rejected_duplicate", 121);
  await recordRemedy(tx, staff("ecology"), g.id, { kind: "litigation", filedOn: day(100) }, at(day(100)));
  const h = await letter("district-office", "legal_services", "上海某某律师事务所", "某区属国有企业2024年度审计报告", 110);
  await answered("district-office", "区政府办公室", h, "unavailable_other_agency", 101);
  const p = await letter("drc", "research", "上海社会科学院城市研究所", "浦东新区2023年重大项目储备库清单", 60);
  await answered("drc", "区发展和改革委员会", p, "unavailable_not_held", 46);
  const q = await letter("education", "natural_person", "孙丽", "某小学2025年招生地段划分依据", 80);
  await answered("education", "区教育局", q, "disclose", 70);
  const qr = await recordRemedy(tx, staff("education"), q.id, { kind: "reconsideration", filedOn: day(60) }, at(day(60)));
  await decideRemedy(tx, staff("education"), qr.id, { outcome: "corrected", decidedOn: day(30) }, at(day(30)));
  const r = await letter("district-office", "other_org", "某小区业主大会", "小区周边道路改造的交通影响评价报告", 40);
  await startConsultation(tx, staff("district-office"), r.id, { thirdParty: "上海某交通规划设计院", note: "报告含设计单位的技术资料" }, at(day(35)));
  await endConsultation(tx, staff("district-office"), r.id, { note: "设计院不同意公开技术细节" }, at(day(25)));
  await reply(r, "district-office", "withheld_third_party", day(22), "区政府办公室");

  // A third-party consultation across 国庆: the last National Day whose consultation is over by today.
  let y = Number(today.slice(0, 4));
  if (cal.addWorkingDays(`${y}-10-01`, 12) > today) y--;
  const ndReceived = workingDaysBefore(cal, `${y}-10-01`, 6);
  const nd = await registerRequest(
    tx,
    staff("construction"),
    { ...base("construction", "other_org", "某业主委员会", "小区旁变电站扩建工程环境影响评价文件及施工单位资质"), channel: "letter", receivedOn: ndReceived },
    at(ndReceived),
  );
  const ndStart = workingDaysBefore(cal, `${y}-10-01`, 3);
  await startConsultation(tx, staff("construction"), nd.id, { thirdParty: "国网上海市电力公司浦东供电公司", note: null }, at(ndStart));
  const ndEnd = cal.addWorkingDays(ndStart, 6);
  await endConsultation(tx, staff("construction"), nd.id, { note: "第三方同意公开环评文件" }, at(ndEnd));
  const ndReply = cal.addWorkingDays(ndEnd, 3);
  await reply(nd, "construction", "disclose", ndReply, "区建设和交通委员会");
  await closeRequest(tx, staff("construction"), nd.id, at(cal.addWorkingDays(ndReply, 2)));

  // Open now.
  await letter("drc", "natural_person", "周建华", "2025年浦东新区政府投资项目计划执行情况", 24);
  const ext = await letter("construction", "commercial", "上海浦江建设工程有限公司", "某道路工程招标文件及中标结果", 30);
  await extendRequest(tx, staff("construction"), ext.id, { days: 20, reason: "需向市档案馆调取2019年以前的存档资料", approver: "区建交委政务公开办 刘主任" }, at(day(12)));
  const fresh = await online("wang.fang@example.com", "education", "natural_person", "王芳", "孩子就读学校的校舍安全检测报告", 3);
  await askCorrection(tx, staff("education"), fresh.id, { whatToAdd: "请写明学校名称和所需报告的年份。", dueOn: addCalendarDays(day(1), 14) }, at(day(1)));
  const consulting = await letter("civil-affairs", "natural_person", "钱伟", "某社区养老服务中心的运营补贴发放情况", 10);
  await startConsultation(tx, staff("civil-affairs"), consulting.id, { thirdParty: "某养老服务有限公司", note: null }, at(day(3)));
  await online("wang.fang@example.com", "district-office", "natural_person", "王芳", "花木街道2026年为民办实事项目清单及进度", 17);
  await online("zhang.wei@example.com", "ecology", "commercial", "上海张江某某科技有限公司", "张江地区2026年大气环境质量月报", 2);
}
