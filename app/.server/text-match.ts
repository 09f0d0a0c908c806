/**
 * Index-backed substring search for Chinese text without a word segmenter,
 * shared by the unified search (policies/search.ts) and the catalogue's own
 * (/decisions?q=). A term of three characters or more is matched with
 * (I)LIKE on a pg_trgm GIN index; a two-character term (养老, 电梯) has no
 * trigram, so it is decided by a GIN index over the text's character bigrams
 * (canyu_bigrams, db/sql/019_search.sql). A single character falls back to a
 * scan. The indexed expressions must stay exactly those in db/sql, or the
 * planner will not use the indexes (docs/decisions/1901-search-indexes.md).
 */
import { sql, type SQL } from "drizzle-orm";

/** Search terms: split on spaces and punctuation; each term must match somewhere. */
export function searchTerms(q: string): string[] {
  return [...new Set(q.split(/[\s,，、。;；:：!！?？"“”'‘’()（）]+/).map((s) => s.trim()).filter(Boolean))].slice(0, 6);
}

/** `%term%` with LIKE's own characters escaped. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One condition on an indexed text expression. A two-character term is
 * decided by the bigram index alone: the text's lower-cased bigrams contain
 * the lower-cased term exactly when the text contains it, case aside (terms
 * never hold whitespace). A term with no cased letters (Chinese) uses LIKE:
 * ILIKE folds the case of every row's whole text on recheck, several times
 * slower on long Chinese texts, for nothing.
 */
export function termCondition(expr: SQL, term: string): SQL {
  if (Array.from(term).length === 2) return sql`canyu_bigrams(${expr}) @> array[lower(${term})]`;
  const caseless = term.toLowerCase() === term.toUpperCase();
  return caseless ? sql`${expr} like ${likePattern(term)}` : sql`${expr} ilike ${likePattern(term)}`;
}

/** Every term must match. */
export function matchAll(expr: SQL, terms: string[]): SQL {
  return terms.length ? sql.join(terms.map((t) => termCondition(expr, t)), sql` and `) : sql`true`;
}

/** A decision's searched text, as indexed (decisions_search_trgm, decisions_search_bigrams); `alias` is the table's. */
export const decisionText = (alias: string) => sql.raw(`(${alias}.title || ' ' || ${alias}.summary)`);
