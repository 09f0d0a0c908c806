/** What residents and enterprises read: the policy library and a policy's page. */
import { and, asc, desc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "#db/index";
import { decisions, policies, policyInterpretations, POLICY_CHANGES, POLICY_KINDS, units, type PolicyKind } from "#db/schema";
import { canManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { NotFoundError } from "../errors";
import { parseDraft } from "../consultations/text";
import { listFaqs, listPublishedQuestions } from "./questions";
import { matchAll, searchTerms } from "../text-match";
import { POLICY_TEXT } from "./search";
import { POLICY_SORTS, SUMMARY_CHARS, type PolicySort } from "~/policies-constants";
import { validityOf, validitySql, type Validity } from "./validity";
import { clip } from "../forms";

const PAGE_SIZE = 20;

export interface PolicyQuery {
  q: string | null;
  unit: string | null;
  kind: PolicyKind | null;
  topic: string | null;
  audience: string | null;
  validity: Validity | null;
  year: number | null;
  sort: PolicySort | null;
  page: number;
}

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null => ((list as readonly string[]).includes(v ?? "") ? (v as T) : null);

/** Query string → a validated query; unknown values are ignored, not errors. */
export function parsePolicyQuery(params: URLSearchParams): PolicyQuery {
  const page = Number(params.get("page") ?? 1);
  const year = params.get("year") ?? "";
  const tag = (k: string) => clip((params.get(k) ?? "").trim(), 20) || null;
  return {
    q: clip((params.get("q") ?? "").trim(), 100) || null,
    unit: clip(params.get("unit") ?? "", 60) || null,
    kind: oneOf(POLICY_KINDS, params.get("kind")),
    topic: tag("topic"),
    audience: tag("audience"),
    validity: oneOf(POLICY_CHANGES, params.get("validity")),
    year: /^\d{4}$/.test(year) ? Number(year) : null,
    sort: oneOf(POLICY_SORTS, params.get("sort")),
    page: Number.isInteger(page) && page > 0 ? Math.min(page, 1000) : 1,
  };
}

export interface PolicyRow {
  id: number;
  title: string;
  docNumber: string;
  kind: PolicyKind;
  summary: string;
  issuedOn: string | null;
  validUntil: string | null;
  topics: string[];
  audiences: string[];
  hasEnglish: boolean;
  unitSlug: string;
  unitNameZh: string;
  unitNameEn: string;
  validity: Validity;
}

/** 分类展示、一键查询: published policies filtered, searched and paged. */
export async function listPublicPolicies(db: Db, query: PolicyQuery, now: Date) {
  const where: SQL[] = [sql`p.published_at is not null`];
  if (query.unit) where.push(sql`u.slug = ${query.unit}`);
  if (query.kind) where.push(sql`p.kind = ${query.kind}`);
  if (query.topic) where.push(sql`p.topics @> array[${query.topic}]::text[]`);
  if (query.audience) where.push(sql`p.audiences @> array[${query.audience}]::text[]`);
  if (query.validity) where.push(sql`${validitySql(now)} = ${query.validity}`);
  if (query.year) where.push(sql`extract(year from p.issued_on) = ${query.year}`);
  const terms = searchTerms(query.q ?? "");
  if (terms.length) where.push(matchAll(POLICY_TEXT, terms));
  const order = (a: string) =>
    query.sort === "title"
      ? sql.raw(`${a}.title collate "C", ${a}.id`)
      : query.sort === "issued_asc"
        ? sql.raw(`${a}.issued_on asc nulls last, ${a}.id`)
        : sql.raw(`${a}.issued_on desc nulls last, ${a}.id desc`);
  // The page is chosen and counted over narrow rows (id and sort keys); only its
  // twenty rows are then read whole. Counting the full rows copied every match's
  // text through the window: twice the database time for a common term.
  const list = await rows<Omit<PolicyRow, "hasEnglish"> & { hasEnglish: boolean | string; total: number | string }>(
    db,
    sql`with page as (
          select p.id, p.title, p.issued_on, count(*) over () as total
          from policies p join units u on u.id = p.unit_id
          where ${sql.join(where, sql` and `)}
          order by ${order("p")}
          limit ${PAGE_SIZE} offset ${(query.page - 1) * PAGE_SIZE})
        select p.id, p.title, p.doc_number as "docNumber", p.kind, left(p.summary, ${SUMMARY_CHARS + 1}) as summary, p.issued_on::text as "issuedOn",
          p.valid_until::text as "validUntil", p.topics, p.audiences, (p.body_en is not null) as "hasEnglish", u.slug as "unitSlug",
          u.name_zh as "unitNameZh", u.name_en as "unitNameEn", ${validitySql(now)} as validity, page.total
        from page join policies p on p.id = page.id join units u on u.id = p.unit_id
        order by ${order("page")}`,
  );
  const total = Number(list[0]?.total ?? 0);
  return {
    total,
    page: query.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    items: list.map(({ total: _t, ...r }) => ({ ...r, id: Number(r.id), hasEnglish: r.hasEnglish === true || r.hasEnglish === "t" })),
  };
}

type Facets = { units: { slug: string; nameZh: string; nameEn: string; id: number }[]; topics: string[]; audiences: string[]; years: number[] };
const FACETS_MS = 30_000;
const facetsMemo = new WeakMap<Db, { at: number; value: Promise<Facets> }>();

/**
 * The values the filters offer: units, topics and audiences in use, years.
 * They change only when a policy is published, and reading them walks every
 * policy's tags, so each process keeps them for 30 seconds.
 */
export function policyFacets(db: Db): Promise<Facets> {
  const hit = facetsMemo.get(db);
  if (hit && Date.now() - hit.at < FACETS_MS) return hit.value;
  const value = readFacets(db);
  facetsMemo.set(db, { at: Date.now(), value });
  value.catch(() => facetsMemo.delete(db));
  return value;
}

async function readFacets(db: Db): Promise<Facets> {
  const [tagRows, unitRows] = await Promise.all([
    rows<{ kind: string; tag: string; n: number | string }>(
      db,
      sql`select 'topic' as kind, t as tag, count(*) as n from policies, unnest(topics) t where published_at is not null group by t
          union all
          select 'audience', t, count(*) from policies, unnest(audiences) t where published_at is not null group by t
          order by n desc, tag`,
    ),
    db
      .selectDistinct({ slug: units.slug, nameZh: units.nameZh, nameEn: units.nameEn, id: units.id })
      .from(policies)
      .innerJoin(units, eq(units.id, policies.unitId))
      .where(isNotNull(policies.publishedAt))
      .orderBy(asc(units.id)),
  ]);
  const years = await rows<{ y: number | string }>(
    db,
    sql`select distinct extract(year from issued_on)::int as y from policies where published_at is not null and issued_on is not null order by y desc`,
  );
  return {
    units: unitRows,
    topics: tagRows.filter((r) => r.kind === "topic").map((r) => r.tag),
    audiences: tagRows.filter((r) => r.kind === "audience").map((r) => r.tag),
    years: years.map((r) => Number(r.y)),
  };
}

/**
 * A policy's page: the text by article, validity with links both ways
 * (successor, and the documents it replaced), interpretations, FAQ and the
 * published questions. Staff of the unit also see a draft.
 */
export async function getPolicyPage(db: Db, id: number, viewer: Pick<Actor, "role" | "unitId"> | null, now: Date) {
  const [row] = await db
    .select({ p: policies, unitSlug: units.slug, unitNameZh: units.nameZh, unitNameEn: units.nameEn })
    .from(policies)
    .innerJoin(units, eq(units.id, policies.unitId))
    .where(eq(policies.id, id));
  if (!row) throw new NotFoundError();
  const p = row.p;
  if (!p.publishedAt && !(viewer && canManageUnit(viewer, p.unitId))) throw new NotFoundError();
  const linkedIds = [p.successorId].filter((x): x is number => x != null);
  const [interpretations, successor, predecessors, decision, faqs, questions] = await Promise.all([
    db.select().from(policyInterpretations).where(eq(policyInterpretations.policyId, id)).orderBy(asc(policyInterpretations.publishedOn), asc(policyInterpretations.id)),
    linkedIds.length
      ? db.select({ id: policies.id, title: policies.title, docNumber: policies.docNumber }).from(policies).where(and(inArray(policies.id, linkedIds), isNotNull(policies.publishedAt)))
      : Promise.resolve([]),
    db
      .select({ id: policies.id, title: policies.title, docNumber: policies.docNumber, change: policies.change })
      .from(policies)
      .where(and(eq(policies.successorId, id), isNotNull(policies.publishedAt)))
      .orderBy(desc(policies.id)),
    p.decisionId != null
      ? db.select({ id: decisions.id, title: decisions.title, year: decisions.year }).from(decisions).where(eq(decisions.id, p.decisionId))
      : Promise.resolve([]),
    listFaqs(db, id),
    listPublishedQuestions(db, id),
  ]);
  const { body, bodyEn, publishedBy: _by, createdBy: _cb, searchText: _st, lapseAnnouncedAt: _la, ...rest } = p;
  return {
    policy: { ...rest, unitSlug: row.unitSlug, unitNameZh: row.unitNameZh, unitNameEn: row.unitNameEn, validity: validityOf(p, now) },
    articles: parseDraft(body),
    englishArticles: bodyEn ? parseDraft(bodyEn) : null,
    interpretations,
    successor: successor[0] ?? null,
    predecessors,
    decision: decision[0] ?? null,
    faqs,
    questions,
  };
}
