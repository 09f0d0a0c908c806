/**
 * What citizens read: the catalogue across units with filters and search,
 * one unit's catalogue, and a decision's full process.
 */
import { and, asc, desc, eq, inArray, isNotNull, ne, sql, type SQL } from "drizzle-orm";
import { decisionText, likePattern, searchTerms, termCondition } from "../text-match";
import { rows, type Db } from "#db/index";
import {
  catalogueChanges,
  decisionCatalogues,
  decisionFollows,
  decisionMilestones,
  decisionStages,
  decisions,
  DECISION_STATUSES,
  STAGE_KINDS,
  stageDocuments,
  units,
  type DecisionStatus,
  type StageKind,
} from "#db/schema";
import { canManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { NotFoundError } from "../errors";
import { shanghaiDay } from "~/lib/shanghai";
import { loadCalendar } from "../calendar/schedules";
import { overdueStages, resultDueOn, stageViolations, type Overdue } from "./rules";

import { SORTS, type Sort } from "~/decisions-constants";
import { clip } from "../forms";
const PAGE_SIZE = 20;

export interface CatalogueQuery {
  year?: number | null;
  unit?: string | null;
  stage?: StageKind | null;
  status?: DecisionStatus | null;
  tag?: string | null;
  q?: string | null;
  sort?: Sort | null;
  page?: number | null;
  pageSize?: number;
}

export function currentYear(now: Date): number {
  return Number(shanghaiDay(now).slice(0, 4));
}

/** Query string → a validated query (unknown values are ignored, not errors). */
export function parseCatalogueQuery(params: URLSearchParams, now: Date): CatalogueQuery & { year: number | null } {
  const yearRaw = params.get("year");
  const year = yearRaw === "all" ? null : /^\d{4}$/.test(yearRaw ?? "") ? Number(yearRaw) : currentYear(now);
  const stage = params.get("stage");
  const status = params.get("status");
  const sort = params.get("sort");
  const page = Number(params.get("page") ?? 1);
  const q = clip((params.get("q") ?? "").trim(), 100);
  return {
    year,
    unit: params.get("unit") || null,
    stage: (STAGE_KINDS as readonly string[]).includes(stage ?? "") ? (stage as StageKind) : null,
    status: (DECISION_STATUSES as readonly string[]).includes(status ?? "") ? (status as DecisionStatus) : null,
    tag: clip((params.get("tag") ?? "").trim(), 20) || null,
    q: q || null,
    sort: (SORTS as readonly string[]).includes(sort ?? "") ? (sort as Sort) : null,
    page: Number.isInteger(page) && page > 0 ? Math.min(page, 1000) : 1,
  };
}

/**
 * The furthest point a decision has reached: its first stage in progress, or
 * else its last completed stage (enum order is the process order).
 */
const CURRENT_STAGE = sql`coalesce(
  (select s.kind from decision_stages s where s.decision_id = d.id and s.state = 'in_progress' order by s.kind limit 1),
  (select s.kind from decision_stages s where s.decision_id = d.id and s.state = 'completed' order by s.kind desc limit 1))`;

export interface CatalogueRow {
  id: number;
  title: string;
  summary: string;
  status: DecisionStatus;
  tags: string[];
  year: number;
  position: number;
  plannedSchedule: string;
  plannedDecisionOn: string | null;
  unitSlug: string;
  unitNameZh: string;
  unitNameEn: string;
  currentStage: StageKind | null;
  score: number;
}

/**
 * Published decisions, filtered, searched and paged. Search is substring
 * matching, which suits Chinese without a word segmenter: every term must
 * appear in the title and summary (found through the trigram and bigram
 * indexes of the unified search, ../text-match.ts) or in a document title; a
 * hit in the title weighs most, then the summary, then documents.
 */
export async function searchCatalogue(db: Db, query: CatalogueQuery) {
  const where: SQL[] = [sql`c.published_at is not null`];
  if (query.year) where.push(sql`d.year = ${query.year}`);
  if (query.unit) where.push(sql`u.slug = ${query.unit}`);
  if (query.status) where.push(sql`d.status = ${query.status}`);
  if (query.tag) where.push(sql`${query.tag} = any(d.tags)`);
  if (query.stage) where.push(sql`${CURRENT_STAGE} = ${query.stage}`);
  const terms = searchTerms(query.q ?? "");
  const scoreParts: SQL[] = [];
  for (const term of terms) {
    const p = likePattern(term);
    const inDocs = sql`exists (select 1 from decision_stage_documents sd where sd.decision_id = d.id and sd.title ilike ${p})`;
    // The indexed text through the index, then the (few, short) document titles: a set the planner joins by id.
    where.push(
      sql`d.id in (select d2.id from decisions d2 where ${termCondition(decisionText("d2"), term)}
                   union select sd.decision_id from decision_stage_documents sd where sd.title ilike ${p})`,
    );
    scoreParts.push(
      sql`(case when d.title ilike ${p} then 10 else 0 end + case when d.summary ilike ${p} then 3 else 0 end + case when ${inDocs} then 1 else 0 end)`,
    );
  }
  const score = scoreParts.length ? sql.join(scoreParts, sql` + `) : sql`0`;
  const order =
    query.sort === "updated"
      ? sql`d.updated_at desc, d.id desc`
      : query.sort === "planned"
        ? sql`d.planned_decision_on asc nulls last, d.id`
        : query.sort === "title"
          ? sql`d.title collate "C" asc, d.id`
          : terms.length && !query.sort
            ? sql`score desc, d.year desc, u.id, d.position`
            : sql`d.year desc, u.id, d.position, d.id`;
  const pageSize = query.pageSize ?? PAGE_SIZE;
  const page = query.page ?? 1;
  const whereSql = sql.join(where, sql` and `);
  const list = await rows<CatalogueRow & { total: number | string; score: number | string }>(
    db,
    sql`select d.id, d.title, d.summary, d.status, d.tags, d.year, d.position,
          d.planned_schedule as "plannedSchedule", d.planned_decision_on::text as "plannedDecisionOn",
          u.slug as "unitSlug", u.name_zh as "unitNameZh", u.name_en as "unitNameEn",
          ${CURRENT_STAGE}::text as "currentStage", (${score}) as score, count(*) over () as total
        from decisions d
        join decision_catalogues c on c.id = d.catalogue_id
        join units u on u.id = d.unit_id
        where ${whereSql}
        order by ${order}
        limit ${pageSize} offset ${(page - 1) * pageSize}`,
  );
  let total = list.length ? Number(list[0].total) : 0;
  if (!list.length && page > 1) {
    const [r] = await rows<{ n: number | string }>(
      db,
      sql`select count(*) as n from decisions d join decision_catalogues c on c.id = d.catalogue_id join units u on u.id = d.unit_id where ${whereSql}`,
    );
    total = Number(r.n);
  }
  return {
    items: list.map(({ total: _t, ...r }) => ({ ...r, score: Number(r.score), tags: pgArray(r.tags) })),
    total,
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    terms,
  };
}

/** postgres.js gives text[] as an array; be tolerant of the '{a,b}' literal too. */
function pgArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  if (typeof v === "string") return v.replace(/^\{|\}$/g, "").split(",").filter(Boolean).map((s) => s.replace(/^"|"$/g, ""));
  return [];
}

/** Years and tags that have published items, for the filter controls. */
export async function catalogueFacets(db: Db) {
  const years = await rows<{ year: number }>(
    db,
    sql`select distinct year from decision_catalogues where published_at is not null order by year desc`,
  );
  const tags = await rows<{ tag: string; n: number | string }>(
    db,
    sql`select t as tag, count(*) as n from decisions d join decision_catalogues c on c.id = d.catalogue_id,
          unnest(d.tags) t where c.published_at is not null group by t order by count(*) desc, t limit 40`,
  );
  const unitList = await db.select().from(units).orderBy(asc(units.id));
  return { years: years.map((y) => Number(y.year)), tags: tags.map((t) => t.tag), units: unitList };
}

/** A viewer may see a draft catalogue's contents only as its unit's staff or the admin. */
export function canSeeDraft(viewer: Pick<Actor, "role" | "unitId"> | null, unitId: number) {
  return !!viewer && canManageUnit(viewer, unitId);
}

export async function getDecisionPage(db: Db, decisionId: number, viewer: (Pick<Actor, "role" | "unitId"> & { id: number }) | null) {
  const [row] = await db
    .select({ d: decisions, c: decisionCatalogues, u: units })
    .from(decisions)
    .innerJoin(decisionCatalogues, eq(decisionCatalogues.id, decisions.catalogueId))
    .innerJoin(units, eq(units.id, decisions.unitId))
    .where(eq(decisions.id, decisionId));
  if (!row) throw new NotFoundError();
  if (!row.c.publishedAt && !canSeeDraft(viewer, row.d.unitId)) throw new NotFoundError();
  const stageRows = await db.select().from(decisionStages).where(eq(decisionStages.decisionId, decisionId));
  const docs = await db
    .select({
      id: stageDocuments.id,
      stageId: stageDocuments.stageId,
      title: stageDocuments.title,
      documentOn: stageDocuments.documentOn,
      url: stageDocuments.url,
      fileId: stageDocuments.fileId,
      size: stageDocuments.size,
      mimeType: stageDocuments.mimeType,
    })
    .from(stageDocuments)
    .where(eq(stageDocuments.decisionId, decisionId))
    .orderBy(asc(stageDocuments.documentOn), asc(stageDocuments.id));
  // Never a blank stage: a missing row shows as not started.
  const stages = STAGE_KINDS.map((kind) => {
    const s = stageRows.find((r) => r.kind === kind);
    return {
      kind,
      id: s?.id ?? null,
      state: s?.state ?? ("not_started" as const),
      reason: s?.reason ?? null,
      plannedStartOn: s?.plannedStartOn ?? null,
      plannedEndOn: s?.plannedEndOn ?? null,
      startedOn: s?.startedOn ?? null,
      completedOn: s?.completedOn ?? null,
      hearingOn: s?.hearingOn ?? null,
      materialsSentOn: s?.materialsSentOn ?? null,
      linkPath: s?.linkPath ?? null,
      note: s?.note ?? null,
      documents: docs.filter((doc) => s && doc.stageId === s.id).map(({ stageId: _s, ...doc }) => doc),
    };
  });
  const milestones = await db
    .select()
    .from(decisionMilestones)
    .where(eq(decisionMilestones.decisionId, decisionId))
    .orderBy(desc(decisionMilestones.happenedOn), desc(decisionMilestones.id));
  const changes = await db
    .select()
    .from(catalogueChanges)
    .where(eq(catalogueChanges.decisionId, decisionId))
    .orderBy(desc(catalogueChanges.at));
  let following = false;
  if (viewer) {
    const [f] = await db
      .select()
      .from(decisionFollows)
      .where(and(eq(decisionFollows.decisionId, decisionId), eq(decisionFollows.userId, viewer.id)));
    following = !!f;
  }
  // Rows recorded before the rules held are shown with what they break, never refused at display.
  const cal = await loadCalendar(db);
  const violations = stageViolations(stageRows, cal);
  const resultDue = resultDueOn(stageRows, cal);
  return { decision: row.d, catalogue: row.c, unit: row.u, stages, milestones, changes, following, violations, resultDue };
}

/**
 * The stages of these decisions that are past their planned or statutory
 * dates on the Shanghai day of `now` (rules.ts overdueStages, the rule the
 * compliance page uses), by decision id. Withdrawn decisions are not overdue.
 */
export async function publicOverdue(db: Db, decisionIds: readonly number[], now: Date): Promise<Record<number, Overdue[]>> {
  const out: Record<number, Overdue[]> = {};
  if (!decisionIds.length) return out;
  const stageRows = await db
    .select({
      decisionId: decisionStages.decisionId,
      kind: decisionStages.kind,
      state: decisionStages.state,
      plannedStartOn: decisionStages.plannedStartOn,
      plannedEndOn: decisionStages.plannedEndOn,
      completedOn: decisionStages.completedOn,
    })
    .from(decisionStages)
    .innerJoin(decisions, eq(decisions.id, decisionStages.decisionId))
    .where(and(inArray(decisionStages.decisionId, [...decisionIds]), ne(decisions.status, "withdrawn")));
  const cal = await loadCalendar(db);
  const today = shanghaiDay(now);
  for (const id of decisionIds) {
    const found = overdueStages(
      stageRows.filter((s) => s.decisionId === id),
      cal,
      today,
    ).sort((a, b) => STAGE_KINDS.indexOf(a.stage) - STAGE_KINDS.indexOf(b.stage));
    if (found.length) out[id] = found;
  }
  return out;
}

export async function getUnitCatalogue(db: Db, slug: string, year: number, viewer: Pick<Actor, "role" | "unitId"> | null) {
  const [row] = await db
    .select({ c: decisionCatalogues, u: units })
    .from(decisionCatalogues)
    .innerJoin(units, eq(units.id, decisionCatalogues.unitId))
    .where(and(eq(units.slug, slug), eq(decisionCatalogues.year, year)));
  const [unit] = row ? [row.u] : await db.select().from(units).where(eq(units.slug, slug));
  if (!unit) throw new NotFoundError();
  const years = await db
    .select({ year: decisionCatalogues.year })
    .from(decisionCatalogues)
    .where(and(eq(decisionCatalogues.unitId, unit.id), isNotNull(decisionCatalogues.publishedAt)))
    .orderBy(desc(decisionCatalogues.year));
  if (!row || (!row.c.publishedAt && !canSeeDraft(viewer, unit.id))) {
    return { unit, catalogue: null, items: [], changes: [], years: years.map((y) => y.year) };
  }
  const items = await db
    .select()
    .from(decisions)
    .where(eq(decisions.catalogueId, row.c.id))
    .orderBy(asc(decisions.position), asc(decisions.id));
  const changes = await db
    .select()
    .from(catalogueChanges)
    .where(eq(catalogueChanges.catalogueId, row.c.id))
    .orderBy(desc(catalogueChanges.at), desc(catalogueChanges.id));
  return { unit, catalogue: row.c, items, changes, years: years.map((y) => y.year) };
}

