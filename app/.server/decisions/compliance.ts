/**
 * The admin's compliance view for a year: catalogues published by 31 March,
 * results published within 20 working days of the deliberation, stages
 * overdue against their planned dates, decisions whose recorded stages break
 * a statutory rule, the 4-meetings pace by quarter, and holiday schedules
 * the working-day rules lack.
 */
import { inArray, sql } from "drizzle-orm";
import { rows, type Db } from "#db/index";
import { decisionStages, STAGE_KINDS, type StageKind } from "#db/schema";
import { translate } from "~/i18n/messages";
import { dayEnd, shanghaiDay } from "~/lib/shanghai";
import { loadCalendar, missingScheduleYears } from "../calendar/schedules";
import { csvDocument } from "../csv";
import { compliance as observerCompliance } from "../observers/public";
import { overdueStages, resultDueOn, stageViolations } from "./rules";


type CatalogueStatus = "on_time" | "late" | "missing" | "pending";

function catalogueDeadline(year: number): Date {
  return dayEnd(`${year}-03-31`);
}

export async function complianceReport(db: Db, year: number, now: Date, opts: { observerTarget?: number } = {}) {
  const today = shanghaiDay(now);
  const deadline = catalogueDeadline(year);
  const cal = await loadCalendar(db);
  const cats = await rows<{ unitId: number; slug: string; nameZh: string; nameEn: string; catalogueId: number | null; publishedAt: string | Date | null; items: number | string | null }>(
    db,
    sql`select u.id as "unitId", u.slug, u.name_zh as "nameZh", u.name_en as "nameEn", c.id as "catalogueId", c.published_at as "publishedAt",
          (select count(*) from decisions d where d.catalogue_id = c.id) as items
        from units u left join decision_catalogues c on c.unit_id = u.id and c.year = ${year}
        order by u.id`,
  );
  const catalogues = cats.map((c) => {
    const publishedAt = c.publishedAt ? new Date(c.publishedAt) : null;
    const status: CatalogueStatus = publishedAt
      ? publishedAt < deadline
        ? "on_time"
        : "late"
      : now < deadline
        ? "pending"
        : "missing";
    return { unitId: Number(c.unitId), slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, hasCatalogue: c.catalogueId != null, items: Number(c.items ?? 0), publishedAt, status };
  });

  // The clock runs from the deliberation's completion (集体审议), not from a field staff may leave empty.
  const decided = await rows<{ id: number; title: string; unit: string; decidedOn: string; resultState: string; resultOn: string | null }>(
    db,
    sql`select d.id, d.title, u.name_zh as unit, delib.completed_on::text as "decidedOn", s.state::text as "resultState", s.completed_on::text as "resultOn"
        from decisions d join units u on u.id = d.unit_id
        join decision_stages delib on delib.decision_id = d.id and delib.kind = 'deliberation'
        left join decision_stages s on s.decision_id = d.id and s.kind = 'result'
        where d.year = ${year} and delib.state = 'completed' and delib.completed_on is not null and d.status <> 'withdrawn'
        order by delib.completed_on, d.id`,
  );
  const results = decided
    .map((d) => {
      const due = resultDueOn([{ kind: "deliberation", state: "completed", completedOn: d.decidedOn, plannedStartOn: null, plannedEndOn: null }], cal)!;
      const published = d.resultState === "completed" && d.resultOn ? d.resultOn : null;
      const late = published ? published > due.day : today > due.day;
      return { id: Number(d.id), title: d.title, unit: d.unit, decidedOn: d.decidedOn, due: due.day, provisional: due.provisional, missingYears: due.missing, publishedOn: published, late };
    })
    .filter((r) => r.late);

  const items = await rows<{ id: number; title: string; unit: string }>(
    db,
    sql`select d.id, d.title, u.name_zh as unit from decisions d join units u on u.id = d.unit_id
        where d.year = ${year} and d.status <> 'withdrawn' order by d.id`,
  );
  const stageRows = items.length
    ? await db.select().from(decisionStages).where(inArray(decisionStages.decisionId, items.map((i) => Number(i.id))))
    : [];
  const found = items.flatMap((d) =>
    stageViolations(stageRows.filter((s) => s.decisionId === Number(d.id)), cal).map((v) => ({ id: Number(d.id), title: d.title, unit: d.unit, stage: v.stage, key: v.key, params: v.params })),
  );
  // A review in a year without a schedule is not known to break the rule: it cannot be checked yet.
  const unverifiable = (v: { key: string }) => v.key === "decisions.err.legalityScheduleMissing";
  const violations = found.filter((v) => !unverifiable(v));
  // Stages past their planned dates (the statutory result day is the results list above).
  const overdue = items
    .flatMap((d) =>
      overdueStages(stageRows.filter((s) => s.decisionId === Number(d.id)), cal, today)
        .filter((o) => o.rule !== "statutory")
        .map((o) => {
          const s = stageRows.find((r) => r.decisionId === Number(d.id) && r.kind === o.stage)!;
          return { id: Number(d.id), title: d.title, unit: d.unit, kind: o.stage, state: s.state, plannedStartOn: s.plannedStartOn, plannedEndOn: s.plannedEndOn, overdueFrom: o.due };
        }),
    )
    .sort((x, y) => (x.plannedEndOn ?? x.plannedStartOn ?? "").localeCompare(y.plannedEndOn ?? y.plannedStartOn ?? "") || x.id - y.id || STAGE_KINDS.indexOf(x.kind) - STAGE_KINDS.indexOf(y.kind));
  const unverified = found.filter(unverifiable);

  const pace = await observerCompliance(db, year, opts.observerTarget ?? (Number(process.env.OBSERVER_MEETINGS_TARGET) || 4), now);
  return {
    year,
    today,
    deadline: `${year}-03-31`,
    catalogues,
    results,
    overdueStages: overdue,
    violations,
    unverified,
    observers: { target: pace.target, held: pace.held, expected: pace.expected, behind: pace.behind, byQuarter: pace.byQuarter },
    missingSchedules: missingScheduleYears(cal, now),
  };
}

export type ComplianceReport = Awaited<ReturnType<typeof complianceReport>>;

const CATALOGUE_LABEL: Record<CatalogueStatus, string> = { on_time: "按时公开", late: "逾期公开", missing: "未公开", pending: "尚未到期" };
const stageLabel = (kind: string) => translate("zh", `decisions.stage.${kind as StageKind}`);

/** One CSV with a section column, UTF-8 with BOM so Excel opens the Chinese correctly. */
export function complianceCsv(r: ComplianceReport): string {
  const out: (string | number | null)[][] = [["类别 section", "单位 unit", "事项 item", "状态 status", "日期 date", "期限 due"]];
  for (const y of r.missingSchedules) {
    out.push(["节假日安排 holiday schedule", "区政务公开办", `${y}年节假日安排`, "缺失 missing", "", y > Number(r.today.slice(0, 4)) ? `${y - 1}-11-01` : `${y}-01-01`]);
  }
  for (const c of r.catalogues) {
    out.push(["目录公开 catalogue", c.nameZh, `${r.year}年度目录`, CATALOGUE_LABEL[c.status], c.publishedAt ? shanghaiDay(c.publishedAt) : "", r.deadline]);
  }
  for (const x of r.results) {
    out.push(["结果公开 result", x.unit, x.title, x.publishedOn ? "逾期公开" : "逾期未公开", x.decidedOn, x.provisional ? `${x.due}（暂定 provisional）` : x.due]);
  }
  for (const s of r.overdueStages) {
    out.push(["阶段逾期 stage", s.unit, `${s.title} · ${stageLabel(s.kind)}`, s.state, s.overdueFrom ?? "", s.plannedEndOn ?? s.plannedStartOn ?? ""]);
  }
  for (const v of r.violations) {
    out.push(["程序违规 rule", v.unit, `${v.title} · ${stageLabel(v.stage)}`, translate("zh", v.key, v.params), "", ""]);
  }
  for (const q of r.observers.byQuarter) {
    out.push([
      "公众列席 observers",
      "区政府",
      `第${q.quarter}季度 Q${q.quarter}`,
      `${q.held} 次 held`,
      "",
      `累计至少 ${q.expectedCumulative} 次 (cumulative ≥ ${q.expectedCumulative})`,
    ]);
  }
  return csvDocument(out);
}
