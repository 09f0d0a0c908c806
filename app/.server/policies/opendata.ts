/**
 * Open data for the policy library: the JSON API's policy resources (and
 * their JSON Schema, to merge into /api/v1/schema.json) and sitemap entries.
 */
import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { policies, policyFaqs, policyInterpretations, POLICY_CHANGES, POLICY_KINDS, units } from "#db/schema";
import { NotFoundError } from "../errors";
import { parseDraft } from "../consultations/text";
import { apiSchema, API_VERSION } from "../decisions/opendata";
import { isoDay, isoShanghai } from "~/lib/shanghai";
import { publicUrl } from "../urls";
import { validityOf } from "./validity";

const DATE_TIME = { type: "string", format: "date-time", pattern: "\\+08:00$" } as const;
const NULLABLE_DATE_TIME = { anyOf: [DATE_TIME, { type: "null" }] } as const;
const UNIT = { type: "object", required: ["slug", "name", "nameEn"], properties: { slug: { type: "string" }, name: { type: "string" }, nameEn: { type: "string" } } } as const;

const policySummarySchema = {
  type: "object",
  required: ["id", "url", "title", "docNumber", "kind", "unit", "issued", "effective", "validUntil", "validity", "topics", "audiences", "updated"],
  properties: {
    id: { type: "integer" },
    url: { type: "string" },
    title: { type: "string" },
    docNumber: { type: "string", description: "文号" },
    kind: { enum: POLICY_KINDS, description: "normative: 行政规范性文件; other: 其他政策文件" },
    unit: UNIT,
    issued: NULLABLE_DATE_TIME,
    effective: NULLABLE_DATE_TIME,
    validUntil: { ...NULLABLE_DATE_TIME, description: "null: 长期有效 (no expiry)" },
    validity: { enum: POLICY_CHANGES, description: "有效 · 已修改 · 已废止 · 已失效, as of the response (a passed validUntil is lapsed)" },
    topics: { type: "array", items: { type: "string" } },
    audiences: { type: "array", items: { type: "string" } },
    updated: DATE_TIME,
  },
} as const;

const policySchema = {
  ...policySummarySchema,
  required: [...policySummarySchema.required, "summary", "articles", "english", "interpretations", "successor", "services", "decision", "faq"],
  properties: {
    ...policySummarySchema.properties,
    summary: { type: "string" },
    articles: { type: "array", items: { type: "object", required: ["label", "body"], properties: { section: { type: ["string", "null"] }, label: { type: "string" }, body: { type: "string" } } } },
    english: { anyOf: [{ type: "null" }, { type: "object", required: ["title", "text"], properties: { title: { type: ["string", "null"] }, text: { type: "string" } } }] },
    interpretations: {
      type: "array",
      items: {
        type: "object",
        required: ["kind", "title", "body", "date"],
        properties: { kind: { enum: ["initial", "follow_up"], description: "follow_up: 跟踪解读" }, title: { type: "string" }, body: { type: "string" }, date: DATE_TIME },
      },
    },
    changed: NULLABLE_DATE_TIME,
    changeNote: { type: ["string", "null"] },
    successor: { anyOf: [{ type: "null" }, { type: "object", required: ["id", "url", "title"], properties: { id: { type: "integer" }, url: { type: "string" }, title: { type: "string" } } }] },
    services: { type: "array", items: { type: "object", required: ["name", "url", "article"], properties: { name: { type: "string" }, url: { type: "string" }, article: { type: ["string", "null"] } } } },
    decision: { anyOf: [{ type: "null" }, { type: "object", required: ["id", "url"], properties: { id: { type: "integer" }, url: { type: "string" } } }] },
    faq: { type: "array", items: { type: "object", required: ["question", "answer"], properties: { question: { type: "string" }, answer: { type: "string" } } } },
  },
} as const;

/** /api/v1/schema.json: the catalogue's schema with the policy resources added. */
export const openDataSchema = {
  ...apiSchema,
  description: `${apiSchema.description} Policies: GET /api/v1/policies?unit=&tag=&validity= (list), GET /api/v1/policies/{id}.`,
  $defs: {
    ...apiSchema.$defs,
    policy: policySchema,
    policyList: {
      type: "object",
      required: ["apiVersion", "policies"],
      properties: { apiVersion: { const: API_VERSION }, policies: { type: "array", items: policySummarySchema } },
    },
  },
} as const;

type Row = typeof policies.$inferSelect & { unitSlug: string; unitNameZh: string; unitNameEn: string };

function summaryJson(p: Row, now: Date) {
  return {
    id: p.id,
    url: publicUrl(`/policies/${p.id}`),
    title: p.title,
    docNumber: p.docNumber,
    kind: p.kind,
    unit: { slug: p.unitSlug, name: p.unitNameZh, nameEn: p.unitNameEn },
    issued: isoDay(p.issuedOn),
    effective: isoDay(p.effectiveOn),
    validUntil: isoDay(p.validUntil),
    validity: validityOf(p, now),
    topics: p.topics,
    audiences: p.audiences,
    updated: isoShanghai(p.updatedAt)!,
  };
}

const publishedWithUnit = (db: Db) =>
  db
    .select({ p: policies, unitSlug: units.slug, unitNameZh: units.nameZh, unitNameEn: units.nameEn })
    .from(policies)
    .innerJoin(units, eq(units.id, policies.unitId));

export async function apiPolicyList(db: Db, filter: { unit: string | null; tag: string | null; validity: string | null }, now: Date) {
  const where = [isNotNull(policies.publishedAt)];
  if (filter.unit) where.push(eq(units.slug, filter.unit));
  if (filter.tag) where.push(sql`(${filter.tag} = any(${policies.topics}) or ${filter.tag} = any(${policies.audiences}))`);
  const list = await publishedWithUnit(db)
    .where(and(...where))
    .orderBy(desc(policies.issuedOn), desc(policies.id));
  const items = list.map((r) => summaryJson({ ...r.p, unitSlug: r.unitSlug, unitNameZh: r.unitNameZh, unitNameEn: r.unitNameEn }, now));
  return { apiVersion: API_VERSION, policies: filter.validity ? items.filter((p) => p.validity === filter.validity) : items };
}

export async function apiPolicy(db: Db, id: number, now: Date) {
  const [r] = await publishedWithUnit(db).where(and(eq(policies.id, id), isNotNull(policies.publishedAt)));
  if (!r) throw new NotFoundError();
  const p = r.p;
  const [interps, faqs, successor] = await Promise.all([
    db.select().from(policyInterpretations).where(eq(policyInterpretations.policyId, id)).orderBy(asc(policyInterpretations.publishedOn), asc(policyInterpretations.id)),
    db.select().from(policyFaqs).where(eq(policyFaqs.policyId, id)).orderBy(asc(policyFaqs.position), asc(policyFaqs.id)),
    p.successorId != null
      ? db.select({ id: policies.id, title: policies.title }).from(policies).where(and(eq(policies.id, p.successorId), isNotNull(policies.publishedAt)))
      : Promise.resolve([]),
  ]);
  return {
    ...summaryJson({ ...p, unitSlug: r.unitSlug, unitNameZh: r.unitNameZh, unitNameEn: r.unitNameEn }, now),
    summary: p.summary,
    articles: parseDraft(p.body),
    english: p.bodyEn ? { title: p.titleEn, text: p.bodyEn } : null,
    interpretations: interps.map((i) => ({ kind: i.kind, title: i.title, body: i.body, date: isoDay(i.publishedOn)! })),
    changed: isoDay(p.changedOn),
    changeNote: p.changeNote,
    successor: successor[0] ? { id: successor[0].id, url: publicUrl(`/policies/${successor[0].id}`), title: successor[0].title } : null,
    services: p.services,
    decision: p.decisionId != null ? { id: p.decisionId, url: publicUrl(`/decisions/${p.decisionId}`) } : null,
    faq: faqs.map((f) => ({ question: f.question, answer: f.answer })),
  };
}

/** The library and every published policy, for sitemap.xml. */
export async function policySitemapEntries(db: Db): Promise<{ loc: string; lastmod?: string }[]> {
  const list = await db.select({ id: policies.id, updatedAt: policies.updatedAt }).from(policies).where(isNotNull(policies.publishedAt)).orderBy(asc(policies.id));
  return [{ loc: publicUrl("/policies") }, ...list.map((p) => ({ loc: publicUrl(`/policies/${p.id}`), lastmod: isoShanghai(p.updatedAt)! }))];
}
