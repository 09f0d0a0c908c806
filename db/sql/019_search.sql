-- Search indexes for the unified search (policies, decisions, consultations). Idempotent.
-- pg_trgm serves terms of three characters or more (ILIKE '%term%' on a GIN trigram index);
-- a trigram index cannot help a two-character term such as 养老 or 电梯 (it has no trigram),
-- so a GIN index over the text's character bigrams (canyu_bigrams) serves those.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Distinct lower-cased character bigrams of a text, without whitespace ones. Computing it for a row is
-- expensive (about 0.2 ms for a decision's title and summary); the high COST tells the planner so, or it
-- would rather evaluate it on every row than read the index built on it.
CREATE OR REPLACE FUNCTION canyu_bigrams(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 10000 AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}')
  FROM (SELECT substr(lower(t), i, 2) AS g FROM generate_series(1, char_length(t) - 1) AS i) s
  WHERE g !~ '\s'
$$;

CREATE INDEX IF NOT EXISTS policies_search_trgm ON policies USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS policies_search_bigrams ON policies USING gin (canyu_bigrams(search_text));

CREATE INDEX IF NOT EXISTS decisions_search_trgm ON decisions USING gin ((title || ' ' || summary) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS decisions_search_bigrams ON decisions USING gin (canyu_bigrams(title || ' ' || summary));

CREATE INDEX IF NOT EXISTS consultations_search_trgm ON consultations USING gin ((title || ' ' || summary || ' ' || draft_text) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS consultations_search_bigrams ON consultations USING gin (canyu_bigrams(title || ' ' || summary || ' ' || draft_text));
