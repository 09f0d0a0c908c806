/**
 * The admin's compliance view for a year: catalogues published by 31 March,
 * results published within 20 working days of the decision, stages overdue
 * against their planned dates.
 */
import { sql } from "drizzle-orm";
import { rows, type Db } from "#db/index";
import type { StageKind } from "#db/schema";
import { addWorkingDays, dayEnd, shanghaiDay } from "./working-days";
import { csvDocument } from "../csv";

/** Results are published within 20 working days (政府信息公开条例 Art 26). */
export const RESULT_WORKING_DAYS = 20;

export type CatalogueStatus = "on_time" | "late" | "missing" | "pending";

export function catalogueDeadline(year: number): Date {
  return dayEnd(`${year}-03-31`);
}

export async function complianceReport(db: Db, year: number, now: Date) {
  const today = shanghaiDay(now);
  const deadline = catalogueDeadline(year);
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

  const decided = await rows<{ id: number; title: string; unit: string; decidedOn: string; resultState: string; resultOn: string | null }>(
    db,
    sql`select d.id, d.title, u.name_zh as unit, d.decided_on::text as "decidedOn", s.state::text as "resultState", s.completed_on::text as "resultOn"
        from decisions d join units u on u.id = d.unit_id
        left join decision_stages s on s.decision_id = d.id and s.kind = 'result'
        where d.year = ${year} and d.decided_on is not null and d.status <> 'withdrawn'
        order by d.decided_on, d.id`,
  );
  const results = decided
    .map((d) => {
      const due = addWorkingDays(d.decidedOn, RESULT_WORKING_DAYS);
      const published = d.resultState === "completed" && d.resultOn ? d.resultOn : null;
      const late = published ? published > due : today > due;
      return { id: Number(d.id), title: d.title, unit: d.unit, decidedOn: d.decidedOn, due, publishedOn: published, late };
    })
    .filter((r) => r.late);

  const overdue = await rows<{ id: number; title: string; unit: string; kind: StageKind; state: string; plannedStartOn: string | null; plannedEndOn: string | null }>(
    db,
    sql`select d.id, d.title, u.name_zh as unit, s.kind::text as kind, s.state::text as state,
          s.planned_start_on::text as "plannedStartOn", s.planned_end_on::text as "plannedEndOn"
        from decision_stages s join decisions d on d.id = s.decision_id join units u on u.id = d.unit_id
        where d.year = ${year} and d.status <> 'withdrawn'
          and ((s.planned_end_on is not null and s.planned_end_on < ${today}::date and s.state in ('not_started', 'in_progress'))
            or (s.planned_start_on is not null and s.planned_start_on < ${today}::date and s.state = 'not_started'))
        order by coalesce(s.planned_end_on, s.planned_start_on), d.id, s.kind`,
  );
  return {
    year,
    today,
    deadline: `${year}-03-31`,
    catalogues,
    results,
    overdueStages: overdue.map((o) => ({ ...o, id: Number(o.id), overdueFrom: o.plannedEndOn && o.plannedEndOn < today && o.state !== "completed" ? o.plannedEndOn : o.plannedStartOn })),
  };
}

export type ComplianceReport = Awaited<ReturnType<typeof complianceReport>>;

const CATALOGUE_LABEL: Record<CatalogueStatus, string> = { on_time: "按时公开", late: "逾期公开", missing: "未公开", pending: "尚未到期" };
const STAGE_LABEL: Record<string, string> = {
  draft: "决策草案", consultation: "公开征求意见", hearing: "听证会", participation: "公众参与情况", expert_review: "专家论证",
  risk_assessment: "风险评估", legality_review: "合法性审查", deliberation: "集体审议", result: "决策结果", implementation: "决策执行情况", other: "其他",
};

/** One CSV with a section column, UTF-8 with BOM so Excel opens the Chinese correctly. */
export function complianceCsv(r: ComplianceReport): string {
  const out: (string | number | null)[][] = [["类别 section", "单位 unit", "事项 item", "状态 status", "日期 date", "期限 due"]];
  for (const c of r.catalogues) {
    out.push(["目录公开 catalogue", c.nameZh, `${r.year}年度目录`, CATALOGUE_LABEL[c.status], c.publishedAt ? shanghaiDay(c.publishedAt) : "", r.deadline]);
  }
  for (const x of r.results) {
    out.push(["结果公开 result", x.unit, x.title, x.publishedOn ? "逾期公开" : "逾期未公开", x.decidedOn, x.due]);
  }
  for (const s of r.overdueStages) {
    out.push(["阶段逾期 stage", s.unit, `${s.title} · ${STAGE_LABEL[s.kind] ?? s.kind}`, s.state, s.overdueFrom ?? "", s.plannedEndOn ?? s.plannedStartOn ?? ""]);
  }
  return csvDocument(out);
}
