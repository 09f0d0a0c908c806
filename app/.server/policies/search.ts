/** 统一入口、一键查询: one search over policies, decisions and consultations, index-backed (../text-match.ts). */
import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "#db/index";
import { decisionText, likePattern, matchAll, searchTerms } from "../text-match";
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

/** 统一入口、一键查询: published policies, decisions and consultations, grouped by kind. */
export async function unifiedSearch(db: Db, q: string, now: Date, limit = KIND_LIMIT, opts: { policies?: boolean } = {}): Promise<UnifiedResults> {
  const terms = searchTerms(q);
  const empty = { total: 0, items: [] as SearchHit[] };
  if (terms.length === 0) return { terms, policies: empty, decisions: empty, consultations: empty };
  const first = terms[0];
  const snippet = (text: SQL) => sql`substr(${text}, greatest(1, strpos(lower(${text}), lower(${first})) - 20), 90)`;
  type Row = SearchHit & { total: number | string };
  const [pol, dec, con] = await Promise.all([
    // The library page lists the policies itself; it asks only for the other kinds.
    opts.policies === false ? Promise.resolve([] as Row[]) : rows<Row>(
      db,
      sql`select p.id, p.title, ${snippet(sql`p.summary || ' ' || p.body`)} as snippet, u.name_zh as "unitNameZh", u.name_en as "unitNameEn",
            p.doc_number as extra, ${validitySql(now)} as validity, count(*) over () as total
          from policies p join units u on u.id = p.unit_id
          where p.published_at is not null and ${matchAll(POLICY_TEXT, terms)}
          order by (case when p.title ilike ${likePattern(first)} then 0 else 1 end), p.issued_on desc nulls last, p.id desc
          limit ${limit}`,
    ),
    rows<Row>(
      db,
      sql`select d.id, d.title, ${snippet(sql`d.summary`)} as snippet, u.name_zh as "unitNameZh", u.name_en as "unitNameEn",
            d.year::text as extra, count(*) over () as total
          from decisions d join decision_catalogues k on k.id = d.catalogue_id join units u on u.id = d.unit_id
          where k.published_at is not null and ${matchAll(DECISION_TEXT, terms)}
          order by (case when d.title ilike ${likePattern(first)} then 0 else 1 end), d.year desc, d.id desc
          limit ${limit}`,
    ),
    rows<Row>(
      db,
      sql`select c.id, c.title, ${snippet(sql`c.summary`)} as snippet, u.name_zh as "unitNameZh", u.name_en as "unitNameEn",
            to_char(c.closes_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as extra, count(*) over () as total
          from consultations c join units u on u.id = c.unit_id
          where c.published_at is not null and ${matchAll(CONSULTATION_TEXT, terms)}
          order by (case when c.title ilike ${likePattern(first)} then 0 else 1 end), c.opens_at desc, c.id desc
          limit ${limit}`,
    ),
  ]);
  const group = (list: Row[]) => ({
    total: Number(list[0]?.total ?? 0),
    items: list.map(({ total: _total, ...r }) => ({ ...r, id: Number(r.id) })),
  });
  return { terms, policies: group(pol), decisions: group(dec), consultations: group(con) };
}
