/**
 * The annual report's table 收到和处理政府信息公开申请情况 (national template,
 * section III) and the 复议/诉讼 counts (section IV), for one year and one unit
 * or all of them.
 *
 * A request is "new" in the year it was received, "carried over" into a year
 * when it was received before and not finished by 1 January, counted under its
 * outcome in the year it was finished, and "carried to next year" when still
 * open on 31 December. So new + carried over = finished + carried to next year.
 */
import { and, eq, gte, isNull, lte, or } from "drizzle-orm";
import type { Db } from "#db/index";
import { applicantTypeEnum, informationRequestRemedies, informationRequests, units } from "#db/schema";
import { assertCanManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { ForbiddenError } from "../errors";
import { toCsv, toXlsx } from "../events/exports";
import { translate, type Lang, type MessageKey } from "~/i18n/messages";
import { groupOf, REPORT_GROUPS, REPORT_ROWS, reportRowOf, type ReportGroup, type ReportRow } from "./outcomes";

export const APPLICANT_TYPES = applicantTypeEnum.enumValues;
type ApplicantType = (typeof APPLICANT_TYPES)[number];

/** One count per applicant type, plus the total. */
type Counts = Record<ApplicantType | "total", number>;

const zero = (): Counts => ({ natural_person: 0, commercial: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0 });

const REMEDY_KINDS = ["reconsideration", "litigation", "litigation_after_reconsideration"] as const;
const REMEDY_OUTCOMES = ["upheld", "corrected", "other", "pending"] as const;

export interface AnnualReport {
  year: number;
  unitId: number | null;
  newReceived: Counts;
  carriedOver: Counts;
  results: Record<ReportRow, Counts>;
  groups: Record<ReportGroup, Counts>;
  finished: Counts;
  carriedNext: Counts;
  /** remedies[kind][outcome | "total"] */
  remedies: Record<(typeof REMEDY_KINDS)[number], Record<(typeof REMEDY_OUTCOMES)[number] | "total", number>>;
}

function add(c: Counts, type: ApplicantType): void {
  c[type]++;
  c.total++;
}

export async function annualReport(db: Db, actor: Actor, year: number, unitId: number | null): Promise<AnnualReport> {
  if (unitId == null) {
    if (actor.role !== "admin") throw new ForbiddenError();
  } else assertCanManageUnit(actor, unitId);
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const r = informationRequests;
  const rs = await db
    .select({ type: r.applicantType, receivedOn: r.receivedOn, repliedOn: r.repliedOn, outcome: r.outcome })
    .from(r)
    .where(and(unitId == null ? undefined : eq(r.unitId, unitId), lte(r.receivedOn, last), or(isNull(r.repliedOn), gte(r.repliedOn, first))));
  const report: AnnualReport = {
    year,
    unitId,
    newReceived: zero(),
    carriedOver: zero(),
    results: Object.fromEntries(REPORT_ROWS.map((k) => [k, zero()])) as Record<ReportRow, Counts>,
    groups: Object.fromEntries(REPORT_GROUPS.map((k) => [k, zero()])) as Record<ReportGroup, Counts>,
    finished: zero(),
    carriedNext: zero(),
    remedies: Object.fromEntries(REMEDY_KINDS.map((k) => [k, { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 }])) as AnnualReport["remedies"],
  };
  for (const x of rs) {
    add(x.receivedOn >= first ? report.newReceived : report.carriedOver, x.type);
    if (x.repliedOn && x.repliedOn <= last) {
      const row = reportRowOf(x.outcome ?? "other");
      add(report.results[row], x.type);
      add(report.groups[groupOf(row)], x.type);
      add(report.finished, x.type);
    } else add(report.carriedNext, x.type);
  }
  const rem = await db
    .select({ kind: informationRequestRemedies.kind, outcome: informationRequestRemedies.outcome, decidedOn: informationRequestRemedies.decidedOn })
    .from(informationRequestRemedies)
    .innerJoin(r, eq(r.id, informationRequestRemedies.requestId))
    .where(and(unitId == null ? undefined : eq(r.unitId, unitId), gte(informationRequestRemedies.filedOn, first), lte(informationRequestRemedies.filedOn, last)));
  for (const m of rem) {
    // Decided after the year's end: still pending in that year's report.
    const outcome = m.decidedOn && m.decidedOn <= last ? m.outcome : "pending";
    report.remedies[m.kind][outcome]++;
    report.remedies[m.kind].total++;
  }
  return report;
}

export async function reportUnitName(db: Db, unitId: number | null, lang: Lang): Promise<string> {
  if (unitId == null) return translate(lang, "requests.report.allUnits");
  const [u] = await db.select().from(units).where(eq(units.id, unitId));
  return u ? (lang === "en" ? u.nameEn : u.nameZh) : "";
}

const GROUP_LABEL: Record<ReportGroup, { zh: string; en: string }> = {
  disclosed: { zh: "（一）予以公开", en: "(1) Disclosed" },
  partial: { zh: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", en: "(2) Partly disclosed" },
  withheld: { zh: "（三）不予公开", en: "(3) Withheld" },
  unavailable: { zh: "（四）无法提供", en: "(4) Cannot be provided" },
  rejected: { zh: "（五）不予处理", en: "(5) Not processed" },
  other: { zh: "（六）其他处理", en: "(6) Other handling" },
};

/** The sub-rows' labels: the part of the outcome label after the group name. */
function subLabel(lang: Lang, row: ReportRow, n: number): string {
  const key = `requests.outcome.${row === "unavailable_not_held" ? "unavailable_not_held" : row}` as MessageKey;
  const full = translate(lang, key);
  const i = full.search(/[：:]/);
  return `${n}. ${i >= 0 ? full.slice(i + 1).trim() : full}`;
}

export interface TableRow {
  label: string;
  /** 0: a heading row, 1: a category, 2: a sub-row */
  level: 0 | 1 | 2;
  counts: Counts | null;
}

/** The report as the template's rows, in order: what the page, the spreadsheet and the CSV all show. */
export function reportRows(rep: AnnualReport, lang: Lang): TableRow[] {
  const zh = lang === "zh";
  const out: TableRow[] = [
    { label: zh ? "一、本年新收政府信息公开申请数量" : "I. New requests this year", level: 0, counts: rep.newReceived },
    { label: zh ? "二、上年结转政府信息公开申请数量" : "II. Carried over from last year", level: 0, counts: rep.carriedOver },
    { label: zh ? "三、本年度办理结果" : "III. Handled this year", level: 0, counts: null },
  ];
  for (const g of REPORT_GROUPS) {
    const subs = REPORT_ROWS.filter((r) => groupOf(r) === g);
    out.push({ label: GROUP_LABEL[g][lang], level: 1, counts: rep.groups[g] });
    if (subs.length > 1 || g === "other") subs.forEach((s, i) => out.push({ label: subLabel(lang, s, i + 1), level: 2, counts: rep.results[s] }));
  }
  out.push({ label: zh ? "（七）总计" : "(7) Total", level: 1, counts: rep.finished });
  out.push({ label: zh ? "四、结转下年度继续办理" : "IV. Carried over to next year", level: 0, counts: rep.carriedNext });
  return out;
}

function columnLabels(lang: Lang): string[] {
  return [...APPLICANT_TYPES.map((t) => translate(lang, `requests.type.${t}`)), lang === "zh" ? "总计" : "Total"];
}

export function remedyRows(rep: AnnualReport, lang: Lang): (string | number)[][] {
  const head = [lang === "zh" ? "行政复议 / 行政诉讼" : "Reconsideration / lawsuit", ...REMEDY_OUTCOMES.map((o) => translate(lang, `requests.remedyOutcome.${o}`)), lang === "zh" ? "总计" : "Total"];
  return [head, ...REMEDY_KINDS.map((k) => [translate(lang, `requests.remedy.${k}`), ...REMEDY_OUTCOMES.map((o) => rep.remedies[k][o]), rep.remedies[k].total])];
}

function matrix(rep: AnnualReport, lang: Lang) {
  const header = [lang === "zh" ? "收到和处理政府信息公开申请情况" : "Requests received and handled", ...columnLabels(lang)];
  const body: (string | number)[][] = reportRows(rep, lang).map((r) => [r.label, ...(r.counts ? [...APPLICANT_TYPES.map((t) => r.counts![t]), r.counts.total] : APPLICANT_TYPES.map(() => "").concat([""]))]);
  return { header, body: [...body, [], ...remedyRows(rep, lang)] };
}

export function reportCsv(rep: AnnualReport, lang: Lang): string {
  const { header, body } = matrix(rep, lang);
  return toCsv(header, body);
}

export function reportXlsx(rep: AnnualReport, lang: Lang): Promise<Buffer> {
  const { header, body } = matrix(rep, lang);
  return toXlsx(`${rep.year}`, header, body);
}

