/**
 * Open data for the policy library: the JSON API's policy resources (and
 * their JSON Schema, merged into /api/v1/schema.json) and the time each
 * policy's page last changed (API Last-Modified, sitemap lastmod).
 */
import { and, asc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "#db/index";
import { policies, policyFaqs, policyInterpretations, POLICY_CHANGES, POLICY_KINDS, units } from "#db/schema";
import { NotFoundError } from "../errors";
import { parseDraft } from "../consultations/text";
import { API_PAGE_SIZE, apiSchema, API_VERSION, listUrl, paging, pagingProperties, pagingRequired } from "../decisions/opendata";
import { isoDay, isoShanghai, shanghaiDay } from "~/lib/shanghai";
import { publicUrl } from "../urls";
import { validityOf, validitySql, type Validity } from "./validity";

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

const policyListSchema = {
  type: "object",
  description: "GET /api/v1/policies?unit=slug&tag=标签&validity=in_force|amended|repealed|lapsed&page=N: published policies, newest issued first.",
  required: ["apiVersion", "unit", "tag", "validity", ...pagingRequired, "policies"],
  properties: {
    apiVersion: { const: API_VERSION },
    unit: { type: ["string", "null"] },
    tag: { type: ["string", "null"], description: "A topic or audience tag (标签), e.g. 老年人." },
    validity: { anyOf: [{ enum: POLICY_CHANGES }, { type: "null" }] },
    ...pagingProperties,
    policies: { type: "array", maxItems: API_PAGE_SIZE, items: policySummarySchema },
  },
} as const;

/** /api/v1/schema.json: the catalogue's schema with the policy resources added. */
export const openDataSchema = {
  ...apiSchema,
  title: "Canyu open data API v1: 重大行政决策事项目录 · 政策文件库",
  description: `${apiSchema.description} Policies (政策文件库): GET /api/v1/policies?unit=slug&tag=标签&validity=in_force|amended|repealed|lapsed&page=N, GET /api/v1/policies/{id} (with its interpretations, English version, successor and FAQ).`,
  anyOf: [...apiSchema.anyOf, { $ref: "#/$defs/policyList" }, { $ref: "#/$defs/policy" }],
  $defs: {
    ...apiSchema.$defs,
    policy: { ...policySchema, properties: { apiVersion: { const: API_VERSION }, ...policySchema.properties }, required: ["apiVersion", ...policySchema.required] },
    policyList: policyListSchema,
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

/**
 * When what a policy's page and its API answer show last changed (`p` is the
 * policy): its own row, its interpretations and FAQ, its board's published
 * questions and answers, and the midnight its valid-until date passed, when
 * it became 已失效 without any row changing.
 */
export function policyLastmod(now: Date): SQL {
  return sql`greatest(p.updated_at, p.published_at,
    (select max(i.created_at) from policy_interpretations i where i.policy_id = p.id),
    (select max(f.updated_at) from policy_faqs f where f.policy_id = p.id),
    (select max(greatest(q.moderated_at, q.answered_at)) from policy_questions q where q.policy_id = p.id and q.status = 'published'),
    case when p.change = 'in_force' and p.valid_until < ${shanghaiDay(now)}::date
      then ((p.valid_until + 1)::timestamp at time zone 'Asia/Shanghai') end)`;
}

export interface PolicyListFilter {
  unit: string | null;
  tag: string | null;
  validity: Validity | null;
}

function listWhere(f: PolicyListFilter, now: Date): SQL {
  const where: SQL[] = [sql`p.published_at is not null`];
  if (f.unit) where.push(sql`u.slug = ${f.unit}`);
  if (f.tag) where.push(sql`(p.topics @> array[${f.tag}]::text[] or p.audiences @> array[${f.tag}]::text[])`);
  if (f.validity) where.push(sql`${validitySql(now)} = ${f.validity}`);
  return sql.join(where, sql` and `);
}

/** Published policies, newest issued first, paged like every list of the API. */
export async function apiPolicyList(db: Db, f: PolicyListFilter, now: Date, page = 1) {
  const where = listWhere(f, now);
  const [{ n }] = await rows<{ n: number | string }>(db, sql`select count(*) as n from policies p join units u on u.id = p.unit_id where ${where}`);
  const { offset, block } = paging(Number(n), page, (pg) => listUrl("/api/v1/policies", { unit: f.unit, tag: f.tag, validity: f.validity }, pg));
  const ids = await rows<{ id: number }>(
    db,
    sql`select p.id from policies p join units u on u.id = p.unit_id where ${where}
        order by p.issued_on desc nulls last, p.id desc limit ${API_PAGE_SIZE} offset ${offset}`,
  );
  const order = ids.map((r) => Number(r.id));
  const list = order.length ? await publishedWithUnit(db).where(inArray(policies.id, order)) : [];
  const byId = new Map(list.map((r) => [r.p.id, r]));
  return {
    apiVersion: API_VERSION,
    unit: f.unit,
    tag: f.tag,
    validity: f.validity,
    ...block,
    policies: order.map((id) => byId.get(id)!).map((r) => summaryJson({ ...r.p, unitSlug: r.unitSlug, unitNameZh: r.unitNameZh, unitNameEn: r.unitNameEn }, now)),
  };
}

/** The time the list's answer last changed: the latest of its policies' (for Last-Modified). */
export async function apiPolicyListLastmod(db: Db, f: PolicyListFilter, now: Date): Promise<Date | null> {
  const [r] = await rows<{ at: string | Date | null }>(db, sql`select max(${policyLastmod(now)}) as at from policies p join units u on u.id = p.unit_id where ${listWhere(f, now)}`);
  return r?.at ? new Date(r.at) : null;
}

export async function apiPolicyLastmod(db: Db, id: number, now: Date): Promise<Date | null> {
  const [r] = await rows<{ at: string | Date | null }>(db, sql`select ${policyLastmod(now)} as at from policies p where p.id = ${id} and p.published_at is not null`);
  return r?.at ? new Date(r.at) : null;
}

const publishedWithUnit = (db: Db) =>
  db
    .select({ p: policies, unitSlug: units.slug, unitNameZh: units.nameZh, unitNameEn: units.nameEn })
    .from(policies)
    .innerJoin(units, eq(units.id, policies.unitId));

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
    apiVersion: API_VERSION,
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
