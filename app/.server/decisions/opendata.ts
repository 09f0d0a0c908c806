/**
 * Open data: the versioned JSON API (v1) with its JSON Schema, the Atom feed
 * of milestones (site-wide and per unit) and the sitemap. Dates are ISO 8601
 * in +08:00.
 */
import { and, asc, count, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "#db/index";
import {
  catalogueChanges,
  decisionCatalogues,
  decisionMilestones,
  decisionStages,
  decisions,
  DECISION_STATUSES,
  STAGE_KINDS,
  STAGE_STATES,
  stageDocuments,
  units,
} from "#db/schema";
import { translate } from "~/i18n/messages";
import { milestonesFeedPath } from "~/lib/feeds";
import { NotFoundError } from "../errors";
import { publicOrigin, publicUrl } from "../urls";
import { atomText, atomXml } from "../opendata/atom";
import { isoDay, isoShanghai } from "~/lib/shanghai";

export const API_VERSION = "1";
const DATE_TIME = { type: "string", format: "date-time", pattern: "\\+08:00$" } as const;
const NULLABLE_DATE_TIME = { anyOf: [DATE_TIME, { type: "null" }] } as const;

const documentSchema = {
  type: "object",
  additionalProperties: false,
  required: ["id", "title", "date", "url", "size", "mimeType"],
  properties: {
    id: { type: "integer" },
    title: { type: "string" },
    date: DATE_TIME,
    url: { type: "string", description: "Absolute link to the attached file or the linked document." },
    size: { type: ["integer", "null"], description: "Bytes, for attached files." },
    mimeType: { type: ["string", "null"] },
  },
} as const;

const stageSchema = {
  type: "object",
  additionalProperties: false,
  required: ["kind", "name", "state", "reason", "plannedStart", "plannedEnd", "started", "completed", "link", "documents"],
  properties: {
    kind: { enum: [...STAGE_KINDS] },
    name: { type: "string", description: "Chinese name of the stage kind." },
    state: { enum: [...STAGE_STATES] },
    reason: { type: ["string", "null"], description: "Why the stage is not applicable / not carried out." },
    plannedStart: NULLABLE_DATE_TIME,
    plannedEnd: NULLABLE_DATE_TIME,
    started: NULLABLE_DATE_TIME,
    completed: NULLABLE_DATE_TIME,
    link: { type: ["string", "null"], description: "Where the stage lives on the platform (absolute URL)." },
    documents: { type: "array", items: documentSchema },
  },
} as const;

const decisionSummarySchema = {
  type: "object",
  required: ["id", "url", "title", "unit", "year", "position", "status", "tags", "summary", "legalBasis", "plannedSchedule", "plannedDecision", "updated"],
  properties: {
    id: { type: "integer" },
    url: { type: "string" },
    title: { type: "string" },
    unit: { type: "object", required: ["slug", "name"], properties: { slug: { type: "string" }, name: { type: "string" }, nameEn: { type: "string" } } },
    year: { type: "integer" },
    position: { type: "integer" },
    status: { enum: [...DECISION_STATUSES] },
    tags: { type: "array", items: { type: "string" } },
    summary: { type: "string" },
    legalBasis: { type: "string" },
    plannedSchedule: { type: "string" },
    plannedDecision: NULLABLE_DATE_TIME,
    decided: NULLABLE_DATE_TIME,
    withdrawnReason: { type: ["string", "null"] },
    updated: DATE_TIME,
    stages: { type: "array", minItems: 11, maxItems: 11, items: stageSchema },
    milestones: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "date", "title", "body", "stage", "published"],
        properties: {
          id: { type: "integer" },
          date: DATE_TIME,
          title: { type: "string" },
          body: { type: "string" },
          stage: { anyOf: [{ enum: [...STAGE_KINDS] }, { type: "null" }] },
          published: DATE_TIME,
        },
      },
    },
  },
} as const;

const changeSchema = {
  type: "object",
  required: ["at", "kind", "description", "reason", "decisionId"],
  properties: {
    at: DATE_TIME,
    kind: { enum: ["added", "changed", "withdrawn", "reordered"] },
    description: { type: "string" },
    reason: { type: "string" },
    decisionId: { type: ["integer", "null"] },
  },
} as const;

const catalogueSchema = {
  type: "object",
  required: ["unit", "year", "url", "published", "decisions", "changes"],
  properties: {
    unit: { type: "object", required: ["slug", "name"], properties: { slug: { type: "string" }, name: { type: "string" }, nameEn: { type: "string" } } },
    year: { type: "integer" },
    url: { type: "string" },
    published: DATE_TIME,
    decisions: { type: "array", items: decisionSummarySchema },
    changes: { type: "array", items: changeSchema },
  },
} as const;

/** Items per page of every paged list (?page=1, 2, …). */
export const API_PAGE_SIZE = 100;

const pageLink = { type: ["string", "null"], description: "Absolute URL, or null when there is no such page." } as const;
export const pagingRequired = ["page", "pageSize", "total", "pages", "links"] as const;
export const pagingProperties = {
  page: { type: "integer", minimum: 1 },
  pageSize: { const: API_PAGE_SIZE },
  total: { type: "integer", minimum: 0, description: "Items on every page together." },
  pages: { type: "integer", minimum: 1 },
  links: {
    type: "object",
    additionalProperties: false,
    required: ["self", "first", "last", "prev", "next"],
    properties: { self: { type: "string" }, first: { type: "string" }, last: { type: "string" }, prev: pageLink, next: pageLink },
  },
} as const;

/** The published JSON Schema (draft 2020-12) of every v1 response. */
export const apiSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "/api/v1/schema.json",
  title: "Canyu open data API v1: 重大行政决策事项目录",
  description:
    "Responses of /api/v1: every answer, errors included, is one of $defs (see anyOf). Dates are ISO 8601 in Asia/Shanghai (+08:00). Only published catalogues appear. Endpoints: GET /api/v1 (index), GET /api/v1/catalogues?year=YYYY&page=N, GET /api/v1/catalogues/{unit}/{year}, GET /api/v1/decisions?year=YYYY&unit=slug&page=N, GET /api/v1/decisions/{id}. Lists are paged by pageSize items.",
  anyOf: ["index", "catalogueList", "catalogue", "decisionList", "decision", "error"].map((d) => ({ $ref: `#/$defs/${d}` })),
  $defs: {
    document: documentSchema,
    stage: stageSchema,
    decision: { ...decisionSummarySchema, required: [...decisionSummarySchema.required, "stages", "milestones"] },
    catalogue: catalogueSchema,
    index: {
      type: "object",
      description: "GET /api/v1",
      required: ["apiVersion", "description", "schema", "pageSize", "endpoints"],
      properties: {
        apiVersion: { const: API_VERSION },
        description: { type: "string" },
        schema: { type: "string", description: "Absolute URL of this schema." },
        pageSize: { const: API_PAGE_SIZE, description: "Items per page of every paged list." },
        endpoints: { type: "array", items: { type: "string" } },
      },
    },
    error: {
      type: "object",
      description: "Every answer that is not a 2xx or 304: 400 bad input, 403 cross-site write, 404 unknown resource or page, 405 method, 500/503 server.",
      required: ["apiVersion", "error"],
      properties: {
        apiVersion: { const: API_VERSION },
        error: {
          type: "object",
          additionalProperties: false,
          required: ["status", "code", "message", "messageZh"],
          properties: {
            status: { type: "integer", minimum: 400, maximum: 599 },
            code: { enum: ["bad_request", "forbidden", "not_found", "method_not_allowed", "server_error", "unavailable"] },
            message: { type: "string" },
            messageZh: { type: "string" },
            parameter: { type: "string", description: "The query parameter that was refused." },
          },
        },
      },
    },
    decisionList: {
      type: "object",
      description: "GET /api/v1/decisions?year=YYYY&unit=slug&page=N: decisions of published catalogues, by year (newest first), unit and position.",
      required: ["apiVersion", "year", "unit", ...pagingRequired, "decisions"],
      properties: {
        apiVersion: { const: API_VERSION },
        year: { type: ["integer", "null"] },
        unit: { type: ["string", "null"] },
        ...pagingProperties,
        decisions: { type: "array", maxItems: API_PAGE_SIZE, items: decisionSummarySchema },
      },
    },
    catalogueList: {
      type: "object",
      description: "GET /api/v1/catalogues?year=YYYY&page=N",
      required: ["apiVersion", "year", ...pagingRequired, "catalogues"],
      properties: {
        apiVersion: { const: API_VERSION },
        year: { type: ["integer", "null"] },
        ...pagingProperties,
        catalogues: {
          maxItems: API_PAGE_SIZE,
          type: "array",
          items: {
            type: "object",
            required: ["unit", "year", "url", "published", "decisions"],
            properties: {
              unit: catalogueSchema.properties.unit,
              year: { type: "integer" },
              url: { type: "string" },
              published: DATE_TIME,
              decisions: { type: "integer", description: "Number of items." },
            },
          },
        },
      },
    },
  },
} as const;

const abs = (p: string) => (p.startsWith("/") ? publicUrl(p) : p);

async function decisionsJson(db: Db, ds: (typeof decisions.$inferSelect)[], unitsById: Map<number, typeof units.$inferSelect>, full: boolean) {
  const ids = ds.map((d) => d.id);
  const stageRows = full && ids.length ? await db.select().from(decisionStages).where(inArray(decisionStages.decisionId, ids)) : [];
  const docs = full && ids.length ? await db.select().from(stageDocuments).where(inArray(stageDocuments.decisionId, ids)).orderBy(asc(stageDocuments.documentOn), asc(stageDocuments.id)) : [];
  const ms = full && ids.length ? await db.select().from(decisionMilestones).where(inArray(decisionMilestones.decisionId, ids)).orderBy(desc(decisionMilestones.happenedOn), desc(decisionMilestones.id)) : [];
  return ds.map((d) => {
    const u = unitsById.get(d.unitId)!;
    const base = {
      id: d.id,
      url: publicUrl(`/decisions/${d.id}`),
      title: d.title,
      unit: { slug: u.slug, name: u.nameZh, nameEn: u.nameEn },
      year: d.year,
      position: d.position,
      status: d.status,
      tags: d.tags,
      summary: d.summary,
      legalBasis: d.legalBasis,
      plannedSchedule: d.plannedSchedule,
      plannedDecision: isoDay(d.plannedDecisionOn),
      decided: isoDay(d.decidedOn),
      withdrawnReason: d.withdrawnReason,
      updated: isoShanghai(d.updatedAt)!,
    };
    if (!full) return base;
    return {
      ...base,
      stages: STAGE_KINDS.map((kind) => {
        const s = stageRows.find((r) => r.decisionId === d.id && r.kind === kind);
        return {
          kind,
          name: translate("zh", `decisions.stage.${kind}`),
          state: s?.state ?? "not_started",
          reason: s?.reason ?? null,
          plannedStart: isoDay(s?.plannedStartOn),
          plannedEnd: isoDay(s?.plannedEndOn),
          started: isoDay(s?.startedOn),
          completed: isoDay(s?.completedOn),
          link: s?.linkPath ? publicUrl(s.linkPath) : null,
          documents: docs
            .filter((doc) => s && doc.stageId === s.id)
            .map((doc) => ({
              id: doc.id,
              title: doc.title,
              date: isoDay(doc.documentOn)!,
              url: doc.fileId ? publicUrl(`/decisions/files/${doc.fileId}`) : abs(doc.url!),
              size: doc.size,
              mimeType: doc.mimeType,
            })),
        };
      }),
      milestones: ms
        .filter((m) => m.decisionId === d.id)
        .map((m) => ({ id: m.id, date: isoDay(m.happenedOn)!, title: m.title, body: m.body, stage: m.stageKind, published: isoShanghai(m.publishedAt)! })),
    };
  });
}

async function unitMap(db: Db) {
  return new Map((await db.select().from(units)).map((u) => [u.id, u]));
}

/** One page of a list: its slice bounds and the paging block of the answer, or NotFoundError past the last page. */
export function paging(total: number, page: number, url: (page: number) => string) {
  const pages = Math.max(1, Math.ceil(total / API_PAGE_SIZE));
  if (page > pages) throw new NotFoundError();
  return {
    offset: (page - 1) * API_PAGE_SIZE,
    block: {
      page,
      pageSize: API_PAGE_SIZE,
      total,
      pages,
      links: { self: url(page), first: url(1), last: url(pages), prev: page > 1 ? url(page - 1) : null, next: page < pages ? url(page + 1) : null },
    },
  };
}

export function listUrl(path: string, query: Record<string, string | number | null>, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v != null) q.set(k, String(v));
  if (page > 1) q.set("page", String(page));
  const qs = q.toString();
  return publicUrl(qs ? `${path}?${qs}` : path);
}

export async function apiCatalogueList(db: Db, year: number | null, page = 1) {
  const where = and(isNotNull(decisionCatalogues.publishedAt), year ? eq(decisionCatalogues.year, year) : undefined);
  const [{ total }] = await db.select({ total: count() }).from(decisionCatalogues).where(where);
  const { offset, block } = paging(Number(total), page, (p) => listUrl("/api/v1/catalogues", { year }, p));
  const list = await db
    .select({ c: decisionCatalogues, u: units, n: count(decisions.id) })
    .from(decisionCatalogues)
    .innerJoin(units, eq(units.id, decisionCatalogues.unitId))
    .leftJoin(decisions, eq(decisions.catalogueId, decisionCatalogues.id))
    .where(where)
    .groupBy(decisionCatalogues.id, units.id)
    .orderBy(desc(decisionCatalogues.year), asc(units.id))
    .limit(API_PAGE_SIZE)
    .offset(offset);
  return {
    apiVersion: API_VERSION,
    year,
    ...block,
    catalogues: list.map(({ c, u, n }) => ({
      unit: { slug: u.slug, name: u.nameZh, nameEn: u.nameEn },
      year: c.year,
      url: publicUrl(`/api/v1/catalogues/${u.slug}/${c.year}`),
      published: isoShanghai(c.publishedAt)!,
      decisions: Number(n),
    })),
  };
}

/** Decisions of published catalogues, newest year first, then unit and catalogue position. */
export async function apiDecisionList(db: Db, f: { year: number | null; unit: string | null }, page = 1) {
  const where = and(
    isNotNull(decisionCatalogues.publishedAt),
    f.year ? eq(decisions.year, f.year) : undefined,
    f.unit ? eq(units.slug, f.unit) : undefined,
  );
  const base = () =>
    db
      .select({ d: decisions })
      .from(decisions)
      .innerJoin(decisionCatalogues, eq(decisionCatalogues.id, decisions.catalogueId))
      .innerJoin(units, eq(units.id, decisions.unitId))
      .where(where);
  const [{ total }] = await db
    .select({ total: count() })
    .from(decisions)
    .innerJoin(decisionCatalogues, eq(decisionCatalogues.id, decisions.catalogueId))
    .innerJoin(units, eq(units.id, decisions.unitId))
    .where(where);
  const { offset, block } = paging(Number(total), page, (p) => listUrl("/api/v1/decisions", { year: f.year, unit: f.unit }, p));
  const rows = await base().orderBy(desc(decisions.year), asc(units.id), asc(decisions.position), asc(decisions.id)).limit(API_PAGE_SIZE).offset(offset);
  return {
    apiVersion: API_VERSION,
    year: f.year,
    unit: f.unit,
    ...block,
    decisions: await decisionsJson(db, rows.map((r) => r.d), await unitMap(db), false),
  };
}

export async function apiCatalogue(db: Db, slug: string, year: number) {
  const [row] = await db
    .select({ c: decisionCatalogues, u: units })
    .from(decisionCatalogues)
    .innerJoin(units, eq(units.id, decisionCatalogues.unitId))
    .where(and(eq(units.slug, slug), eq(decisionCatalogues.year, year), isNotNull(decisionCatalogues.publishedAt)));
  if (!row) throw new NotFoundError();
  const ds = await db.select().from(decisions).where(eq(decisions.catalogueId, row.c.id)).orderBy(asc(decisions.position), asc(decisions.id));
  const changes = await db.select().from(catalogueChanges).where(eq(catalogueChanges.catalogueId, row.c.id)).orderBy(asc(catalogueChanges.at));
  return {
    apiVersion: API_VERSION,
    unit: { slug: row.u.slug, name: row.u.nameZh, nameEn: row.u.nameEn },
    year: row.c.year,
    url: publicUrl(`/units/${row.u.slug}/catalogue/${row.c.year}`),
    published: isoShanghai(row.c.publishedAt)!,
    decisions: await decisionsJson(db, ds, await unitMap(db), true),
    changes: changes.map((c) => ({ at: isoShanghai(c.at)!, kind: c.kind, description: c.description, reason: c.reason, decisionId: c.decisionId })),
  };
}

export async function apiDecision(db: Db, id: number) {
  const [row] = await db
    .select({ d: decisions })
    .from(decisions)
    .innerJoin(decisionCatalogues, eq(decisionCatalogues.id, decisions.catalogueId))
    .where(and(eq(decisions.id, id), isNotNull(decisionCatalogues.publishedAt)));
  if (!row) throw new NotFoundError();
  const [json] = await decisionsJson(db, [row.d], await unitMap(db), true);
  return { apiVersion: API_VERSION, ...(json as Extract<typeof json, { stages: unknown }>) };
}

/**
 * Atom feed (RFC 4287) of newly published milestones; `unitSlug` narrows it
 * to one unit. Every text is type="text", escaped (../opendata/atom.ts), and
 * times are +08:00.
 */
export async function milestonesFeed(db: Db, unitSlug: string | null, now: Date, limit = 50): Promise<string> {
  let unit: typeof units.$inferSelect | undefined;
  if (unitSlug) {
    [unit] = await db.select().from(units).where(eq(units.slug, unitSlug));
    if (!unit) throw new NotFoundError();
  }
  const list = await db
    .select({ m: decisionMilestones, d: decisions, u: units })
    .from(decisionMilestones)
    .innerJoin(decisions, eq(decisions.id, decisionMilestones.decisionId))
    .innerJoin(decisionCatalogues, eq(decisionCatalogues.id, decisions.catalogueId))
    .innerJoin(units, eq(units.id, decisions.unitId))
    .where(and(isNotNull(decisionCatalogues.publishedAt), unit ? eq(decisions.unitId, unit.id) : undefined))
    .orderBy(desc(decisionMilestones.publishedAt), desc(decisionMilestones.id))
    .limit(limit);
  const selfPath = unit ? milestonesFeedPath(unit.slug) : milestonesFeedPath(null);
  const feed = {
    "@_xmlns": "http://www.w3.org/2005/Atom",
    "@_xml:lang": "zh-CN",
    id: publicUrl(selfPath),
    title: atomText(unit ? `${unit.nameZh} · 重大行政决策进展` : "浦东新区重大行政决策进展"),
    subtitle: atomText("重大行政决策事项新发布的进展（里程碑）"),
    updated: isoShanghai(list[0]?.m.publishedAt ?? now),
    link: [
      { "@_rel": "alternate", "@_type": "text/html", "@_href": publicUrl(unit ? `/units/${unit.slug}/catalogue` : "/decisions") },
      { "@_rel": "self", "@_type": "application/atom+xml", "@_href": publicUrl(selfPath) },
    ],
    rights: atomText("浦东新区人民政府"),
    generator: "Canyu",
    author: { name: unit?.nameZh ?? "浦东新区人民政府", uri: publicOrigin() },
    entry: list.map(({ m, d, u }) => ({
      id: publicUrl(`/decisions/${d.id}#milestone-${m.id}`),
      title: atomText(`${d.title}：${m.title}`),
      link: { "@_rel": "alternate", "@_type": "text/html", "@_href": publicUrl(`/decisions/${d.id}`) },
      updated: isoShanghai(m.publishedAt),
      published: isoShanghai(m.publishedAt),
      summary: atomText(`${m.happenedOn} · ${u.nameZh}${m.body ? ` · ${m.body}` : ""}`),
      author: { name: u.nameZh },
      category: m.stageKind ? { "@_term": m.stageKind, "@_label": translate("zh", `decisions.stage.${m.stageKind}`) } : undefined,
    })),
  };
  return atomXml(feed);
}

