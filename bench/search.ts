/**
 * Search: the policy library's unified search (policies, decisions and
 * consultations, grouped by kind) over 10,000 policies with their full text
 * and 1,000 decisions, uncached (PAGE_CACHE_SECONDS=0: every request is
 * rendered and queried), at concurrency 10. Two-character terms (养老, 电梯)
 * go through the bigram index, longer ones through pg_trgm. Baseline: a plain
 * Node `http` server returning the same bytes from memory.
 */
import { sql } from "drizzle-orm";
import { rows } from "#db/index";
import { check, figures, fmt, freshDatabase, printTable, runLoad, sleep, startInstance, type Figures } from "./lib/harness";
import { staticServer, thousandDecisions } from "./read";

// The warm-up is long enough for V8 to have optimised the render path: after
// only 100 requests the first quarter of the measured ones was 20 % slower
// than the last (bench/RESULTS.md, search).
export const SEARCH = { policies: 10_000, decisions: 1000, requests: 2000, concurrency: 10, warmup: 500 };
const TERMS = ["养老", "电梯", "加装电梯", "小微企业", "住房保障", "外资", "补贴", "托育"];

export async function runSearch(): Promise<void> {
  const { url, database, drop } = await freshDatabase("canyu_bench_search");
  try {
    const t0 = performance.now();
    await thousandDecisions(database, SEARCH.decisions);
    // Copies of the demo policies, each with its full text, up to 10,000.
    await database.exec(`
      INSERT INTO policies (unit_id, kind, title, doc_number, summary, body, title_en, body_en, issued_on, effective_on, valid_until,
        topics, audiences, services, attachments, decision_id, change, published_at, published_by, created_by, created_at, updated_at)
      SELECT p.unit_id, p.kind, p.title || '（第' || g || '批）', p.doc_number, p.summary, p.body || E'\\n' || p.summary, p.title_en, p.body_en,
        p.issued_on, p.effective_on, p.valid_until, p.topics, p.audiences, p.services, p.attachments, p.decision_id, 'in_force',
        p.published_at, p.published_by, p.created_by, p.created_at, p.updated_at
      FROM policies p CROSS JOIN generate_series(1, 400) g
      WHERE p.published_at IS NOT NULL
      LIMIT ${SEARCH.policies} - (SELECT count(*) FROM policies);`);
    // Measured in the steady state a live database is in, not while autovacuum
    // first visits ten thousand new rows (and sets their hint bits) mid-run.
    for (const table of ["policies", "decisions", "consultations"]) await database.exec(`VACUUM (ANALYZE) ${table}`);
    const [counts] = await rows<{ p: string; d: string; chars: string }>(
      database.db,
      sql`select (select count(*) from policies) p, (select count(*) from decisions) d, (select sum(char_length(search_text)) from policies) chars`,
    );
    console.log(`seeded ${counts!.p} policies (${fmt.n(Number(counts!.chars))} characters of text), ${counts!.d} decisions in ${Math.round(performance.now() - t0)} ms`);

    const path = (i: number) => `/policies?q=${encodeURIComponent(TERMS[i % TERMS.length]!)}`;
    const stored = new Map<string, { status: number; type: string; body: Buffer }>();
    const measure = async (origin: string): Promise<Figures> =>
      figures(await runLoad(SEARCH.requests, SEARCH.concurrency, (i) => ({ origin, method: "GET", path: path(i) })), (o) => o.status === 200);
    const app = await startInstance(url, { DB_POOL: "10", PAGE_CACHE_SECONDS: "0" });
    let appFigures: Figures;
    let appPeak: number;
    try {
      for (const term of TERMS) {
        const p = `/policies?q=${encodeURIComponent(term)}`;
        const r = await fetch(app.origin + p);
        stored.set(p, { status: r.status, type: r.headers.get("content-type") ?? "text/html", body: Buffer.from(await r.arrayBuffer()) });
      }
      await runLoad(SEARCH.warmup, SEARCH.concurrency, (i) => ({ origin: app.origin, method: "GET", path: path(i) }));
      appFigures = await measure(app.origin);
      appPeak = app.peakMiB();
    } finally {
      await app.stop();
    }
    const bad = [...stored].filter(([, e]) => e.status !== 200);
    check(bad.length === 0, `every search answered 200 (${bad.length} did not)`);
    const base = await staticServer(stored);
    let baseFigures: Figures;
    try {
      baseFigures = await measure(base.origin);
      await sleep(100);
    } finally {
      base.stop();
    }
    const bytes = stored.get(path(0))!.body.length;
    printTable(
      `Search: ${counts!.p} policies and ${counts!.d} decisions, uncached, ${SEARCH.requests.toLocaleString("en-US")} requests over ${TERMS.length} terms at concurrency ${SEARCH.concurrency}`,
      ["server", "bytes", "requests/s", "p50", "p99", "max", "errors", "vs baseline"],
      [
        ["app, no page cache", fmt.n(bytes), fmt.n(appFigures.perSecond), fmt.ms(appFigures.p50), fmt.ms(appFigures.p99), fmt.ms(appFigures.max), appFigures.errors, fmt.pct(appFigures.perSecond / baseFigures.perSecond)],
        ["baseline: node http from memory", fmt.n(bytes), fmt.n(baseFigures.perSecond), fmt.ms(baseFigures.p50), fmt.ms(baseFigures.p99), fmt.ms(baseFigures.max), baseFigures.errors, "100%"],
      ],
    );
    console.log(`\npeak memory (VmHWM): app ${fmt.n(appPeak)} MiB`);
    check(appFigures.errors === 0, `search: no errors (${appFigures.errors})`);
    console.log(`target search, uncached, concurrency ${SEARCH.concurrency}: p99 < 250 ms → ${appFigures.p99 < 250 ? "met" : "MISSED"} (${fmt.ms(appFigures.p99)})`);
  } finally {
    await drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runSearch();
