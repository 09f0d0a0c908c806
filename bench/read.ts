/**
 * Reading: 1,000 decisions with all eleven stages, documents and milestones.
 * Requests/s, p50/p99 and the server's peak memory for the catalogue list, a
 * decision page, a search and the JSON API at concurrency 50. Baseline: a
 * plain Node `http` server (bench/lib/static-server.ts) returning the very
 * same bytes from memory.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rows, type Database } from "#db/index";
import { seed } from "../seeds/index";
import { check, figures, fmt, freePort, freshDatabase, peakMiBOf, printTable, runLoad, sleep, startInstance, type Figures } from "./lib/harness";

export const READ = { decisions: 1000, requests: 2000, concurrency: 50, warmup: 200 };

/** Demo data, then copies of its decisions (stages, documents, milestones with them) up to `target`. */
export async function thousandDecisions(database: Database, target: number): Promise<number[]> {
  await seed(database.db, new Date());
  await database.exec(`
    DO $$
    DECLARE src record; st record; nd int; ns int; k int := 0; maxid int := (select max(id) from decisions);
    BEGIN
      WHILE (select count(*) from decisions) < ${target} LOOP
        k := k + 1;
        FOR src IN SELECT * FROM decisions WHERE id <= maxid ORDER BY id LOOP
          EXIT WHEN (select count(*) from decisions) >= ${target};
          INSERT INTO decisions (catalogue_id, unit_id, year, position, title, summary, legal_basis, planned_schedule,
            planned_decision_on, status, tags, decided_on, withdrawn_reason, announced_at, created_at, updated_at)
          VALUES (src.catalogue_id, src.unit_id, src.year, src.position + 100 * k, src.title || '（第' || k || '批）', src.summary,
            src.legal_basis, src.planned_schedule, src.planned_decision_on, src.status, src.tags, src.decided_on,
            src.withdrawn_reason, src.announced_at, src.created_at, src.updated_at)
          RETURNING id INTO nd;
          FOR st IN SELECT * FROM decision_stages WHERE decision_id = src.id LOOP
            INSERT INTO decision_stages (decision_id, kind, state, reason, planned_start_on, planned_end_on, started_on,
              completed_on, hearing_on, materials_sent_on, link_path, note, updated_at)
            VALUES (nd, st.kind, st.state, st.reason, st.planned_start_on, st.planned_end_on, st.started_on, st.completed_on,
              st.hearing_on, st.materials_sent_on, st.link_path, st.note, st.updated_at)
            RETURNING id INTO ns;
            INSERT INTO decision_stage_documents (stage_id, decision_id, title, document_on, url, file_id, size, mime_type, created_by, created_at)
            SELECT ns, nd, title, document_on, url, file_id, size, mime_type, created_by, created_at
            FROM decision_stage_documents WHERE stage_id = st.id;
          END LOOP;
          INSERT INTO decision_milestones (decision_id, stage_kind, happened_on, title, body, link_path, published_at, created_by)
          SELECT nd, stage_kind, happened_on, title, body, link_path, published_at, created_by
          FROM decision_milestones WHERE decision_id = src.id;
        END LOOP;
      END LOOP;
    END $$;`);
  // The public ones: a decision is public once its catalogue is published.
  const ids = await rows<{ id: number }>(
    database.db,
    sql`select d.id from decisions d join decision_catalogues c on c.id = d.catalogue_id where c.published_at is not null order by d.id`,
  );
  return ids.map((r) => Number(r.id));
}

/** A plain Node http server answering each path with stored bytes; resolves with its origin. */
export async function staticServer(entries: Map<string, { status: number; type: string; body: Buffer }>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "canyu-bench-static-"));
  const file = path.join(dir, "entries.json");
  writeFileSync(file, JSON.stringify([...entries].map(([p, e]) => [p, e.status, e.type, e.body.toString("base64")])));
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "lib/static-server.ts"), file, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (c) => reject(new Error(`static server exited ${c}`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    peakMiB: () => peakMiBOf(child.pid),
    stop: () => {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function runRead(): Promise<void> {
  const { url, database, drop } = await freshDatabase("canyu_bench_read");
  try {
    const t0 = performance.now();
    const ids = await thousandDecisions(database, READ.decisions);
    const [counts] = await rows<{ d: string; s: string; docs: string; m: string }>(
      database.db,
      sql`select (select count(*) from decisions) d, (select count(*) from decision_stages) s,
                 (select count(*) from decision_stage_documents) docs, (select count(*) from decision_milestones) m`,
    );
    console.log(`seeded ${counts!.d} decisions (${ids.length} public), ${counts!.s} stages, ${counts!.docs} documents, ${counts!.m} milestones in ${Math.round(performance.now() - t0)} ms`);

    const terms = ["电梯", "养老", "停车", "垃圾分类", "学校"];
    const endpoints: { name: string; path: (i: number) => string }[] = [
      { name: "catalogue list", path: (i) => `/decisions?page=${1 + (i % 20)}` },
      // One page each, as a rush on a newly announced decision would hit it.
      { name: "decision page", path: () => `/decisions/${ids[Math.floor(ids.length / 2)]}` },
      { name: "search", path: (i) => `/decisions?q=${encodeURIComponent(terms[i % terms.length]!)}` },
      { name: "JSON API", path: () => `/api/v1/decisions/${ids[Math.floor(ids.length / 2)]}` },
    ];

    const measure = async (origin: string) => {
      const out: Figures[] = [];
      for (const ep of endpoints) {
        const r = await runLoad(READ.requests, READ.concurrency, (i) => ({ origin, method: "GET", path: ep.path(i) }));
        out.push(figures(r, (o) => o.status === 200));
      }
      return out;
    };
    const stored = new Map<string, { status: number; type: string; body: Buffer }>();
    const runs: { name: string; f: Figures[]; peak: number }[] = [];
    // With the anonymous micro-cache (the default) and without it (every request rendered).
    for (const [name, seconds] of [["app, page cache 2 s", "2"], ["app, no page cache", "0"]] as const) {
      const app = await startInstance(url, { DB_POOL: "10", PAGE_CACHE_SECONDS: seconds });
      try {
        // Warm up, and keep each answer's bytes for the baseline.
        for (const ep of endpoints) {
          const paths = [...new Set(Array.from({ length: READ.requests }, (_, i) => ep.path(i)))];
          for (let i = 0; i < paths.length; i += 25) {
            await Promise.all(
              paths.slice(i, i + 25).map(async (p) => {
                const r = await fetch(app.origin + p);
                const body = Buffer.from(await r.arrayBuffer());
                if (!stored.has(p)) stored.set(p, { status: r.status, type: r.headers.get("content-type") ?? "text/html", body });
              }),
            );
          }
          await runLoad(READ.warmup, READ.concurrency, (i) => ({ origin: app.origin, method: "GET", path: ep.path(i) }));
        }
        runs.push({ name, f: await measure(app.origin), peak: app.peakMiB() });
      } finally {
        await app.stop();
      }
    }
    const bad = [...stored].filter(([, e]) => e.status !== 200);
    check(bad.length === 0, `every page answered 200 (${bad.length} did not${bad[0] ? `, e.g. ${bad[0][0]} → ${bad[0][1].status}` : ""})`);
    const base = await staticServer(stored);
    try {
      runs.push({ name: "baseline: node http from memory", f: await measure(base.origin), peak: NaN });
      await sleep(100);
      runs[runs.length - 1]!.peak = base.peakMiB();
    } finally {
      base.stop();
    }
    const baseRun = runs[runs.length - 1]!;
    const rowsOut: (string | number)[][] = [];
    for (const [k, ep] of endpoints.entries()) {
      const bytes = stored.get(ep.path(0))?.body.length ?? 0;
      for (const r of runs) {
        const f = r.f[k]!;
        rowsOut.push([ep.name, r.name, fmt.n(bytes), fmt.n(f.perSecond), fmt.ms(f.p50), fmt.ms(f.p99), fmt.ms(f.max), f.errors, fmt.pct(f.perSecond / baseRun.f[k]!.perSecond)]);
      }
    }
    printTable(
      `Reading: ${counts!.d} decisions, ${READ.requests.toLocaleString("en-US")} requests per page at concurrency ${READ.concurrency}`,
      ["page", "server", "bytes", "requests/s", "p50", "p99", "max", "errors", "vs baseline"],
      rowsOut,
    );
    console.log(`\npeak memory (VmHWM): ${runs.map((r) => `${r.name} ${fmt.n(r.peak)} MiB`).join(" · ")}`);
    for (const r of runs.slice(0, 2)) {
      for (const [k, ep] of endpoints.entries()) {
        const f = r.f[k]!;
        check(f.errors === 0, `${r.name}, ${ep.name}: no errors (${f.errors})`);
        console.log(`target ${r.name}, ${ep.name}: p99 < 250 ms → ${f.p99 < 250 ? "met" : "MISSED"} (${fmt.ms(f.p99)})`);
      }
    }
  } finally {
    await drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runRead();
