/** 统一入口、一键查询: one search over policies, decisions and consultations, index-backed (../text-match.ts). */
import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "#db/index";
import { decisionText, likePattern, matchAll, searchTerms } from "../text-match";
import { SHANGHAI } from "~/lib/shanghai";
import { validitySql, type Validity } from "./validity";

/** The expressions the indexes are built on. */
export const POLICY_TEXT = sql`p.search_text`;
const DECISION_TEXT = decisionText("d");
const CONSULTATION_TEXT = sql`(c.title || ' ' || c.summary || ' ' || c.draft_text)`;

interface SearchHit {
  id: number;
  title: string;
  snippet: string;
  unitNameZh: string;
  unitNameEn: string;
  extra: string | null;
  validity?: Validity;
}

export interface UnifiedResults {
  terms: string[];
  policies: { total: number; items: SearchHit[] };
  decisions: { total: number; items: SearchHit[] };
  consultations: { total: number; items: SearchHit[] };
}

const KIND_LIMIT = 10;
type Kind = "policy" | "decision" | "consultation";

/** 统一入口、一键查询: published policies, decisions and consultations, grouped by kind. */
export async function unifiedSearch(db: Db, q: string, now: Date, limit = KIND_LIMIT, opts: { policies?: boolean } = {}): Promise<UnifiedResults> {
  const terms = searchTerms(q);
  const empty = { total: 0, items: [] as SearchHit[] };
  if (terms.length === 0) return { terms, policies: empty, decisions: empty, consultations: empty };
  const first = terms[0];
  const snippet = (text: SQL) => sql`substr(${text}, greatest(1, strpos(lower(${text}), lower(${first})) - 20), 90)`;
  type Row = SearchHit & { kind: Kind; total: number | string; pos: number | string };
  const part = (kind: Kind, columns: SQL, from: SQL, where: SQL, order: SQL) =>
    sql`(select ${kind} as kind, ${columns}, count(*) over () as total, row_number() over (order by ${order}) as pos
        from ${from} where ${where} order by ${order} limit ${limit})`;
  const titleFirst = (alias: string) => sql`(case when ${sql.raw(alias)}.title ilike ${likePattern(first)} then 0 else 1 end)`;
  const parts: SQL[] = [
    part(
      "decision",
      sql`d.id, d.title, ${snippet(sql`d.summary`)} as snippet, u.name_zh as "unitNameZh", u.name_en as "unitNameEn", d.year::text as extra, null as validity`,
      sql`decisions d join decision_catalogues k on k.id = d.catalogue_id join units u on u.id = d.unit_id`,
      sql`k.published_at is not null and ${matchAll(DECISION_TEXT, terms)}`,
      sql`${titleFirst("d")}, d.year desc, d.id desc`,
    ),
    part(
      "consultation",
      sql`c.id, c.title, ${snippet(sql`c.summary`)} as snippet, u.name_zh as "unitNameZh", u.name_en as "unitNameEn",
          to_char(c.closes_at at time zone ${SHANGHAI}, 'YYYY-MM-DD') as extra, null as validity`,
      sql`consultations c join units u on u.id = c.unit_id`,
      sql`c.published_at is not null and ${matchAll(CONSULTATION_TEXT, terms)}`,
      sql`${titleFirst("c")}, c.opens_at desc, c.id desc`,
    ),
  ];
  // The library page lists the policies itself; it asks only for the other kinds.
  if (opts.policies !== false) {
    parts.unshift(
      part(
        "policy",
        sql`p.id, p.title, ${snippet(sql`p.summary || ' ' || p.body`)} as snippet, u.name_zh as "unitNameZh", u.name_en as "unitNameEn",
          p.doc_number as extra, ${validitySql(now)} as validity`,
        sql`policies p join units u on u.id = p.unit_id`,
        sql`p.published_at is not null and ${matchAll(POLICY_TEXT, terms)}`,
        sql`${titleFirst("p")}, p.issued_on desc nulls last, p.id desc`,
      ),
    );
  }
  // One statement for the kinds: on a busy machine every round trip to the
  // database is a wait for the CPU on both sides. UNION ALL keeps no order,
  // so each row carries its place in its kind; the first part names the columns,
  // and every part names them alike.
  const all = await rows<Row>(db, sql.join(parts, sql` union all `));
  const of = (kind: Kind) => all.filter((r) => r.kind === kind).sort((x, y) => Number(x.pos) - Number(y.pos));
  const group = (list: Row[]) => ({
    total: Number(list[0]?.total ?? 0),
    items: list.map(({ total: _total, pos: _pos, kind, validity, ...r }) => ({ ...r, id: Number(r.id), ...(kind === "policy" ? { validity: validity! } : {}) })),
  });
  return { terms, policies: group(of("policy")), decisions: group(of("decision")), consultations: group(of("consultation")) };
}
