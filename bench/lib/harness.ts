/**
 * What every HTTP benchmark and fault run shares: a fresh database on the
 * PostgreSQL server, the production build, app instances as child processes
 * (so their memory is their own), residents with sessions, a bounded load
 * generator and a table printer. Loopback only.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { Pool } from "undici";
import { openDatabase, rows, type Database } from "#db/index";
import { sessions } from "#db/schema";
import { sql } from "drizzle-orm";
import { migrate } from "#db/migrate";
import { generateSessionToken, sessionIdOf } from "~/.server/auth/session";
import { buildIsStale } from "../../scripts/build-stale";

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ROOT = path.resolve(import.meta.dirname, "../..");
const BUILD_DIR = path.join(ROOT, "build-bench");

// ------------------------------------------------------------------ database

/** Drops and recreates `name` on the PostgreSQL server and migrates it. */
export async function freshDatabase(name: string, pool = 10): Promise<{ url: string; database: Database; drop: () => Promise<void> }> {
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openDatabase({ url, max: pool });
  await migrate(database);
  return {
    url,
    database,
    drop: async () => {
      await database.close();
      const a = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

// ------------------------------------------------------------------ build and instances

let built = false;
/** The production build in build-bench/, rebuilt when the sources are newer. */
function ensureBuild(): void {
  if (built) return;
  built = true;
  if (!buildIsStale(BUILD_DIR, ROOT)) return;
  console.error("building the production bundle into build-bench/ …");
  const r = spawnSync("npx", ["react-router", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, BUILD_DIR } });
  if (r.status !== 0) throw new Error("build failed");
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface Instance {
  port: number;
  origin: string;
  child: ChildProcess;
  /** Everything the instance printed, for a post-mortem. */
  log: string[];
  /** Peak resident set size so far (VmHWM), in MiB. */
  peakMiB(): number;
  stop(): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** One production app instance on `url`, no seed; resolves once /healthz answers. */
export async function startInstance(url: string, env: Record<string, string> = {}): Promise<Instance> {
  ensureBuild();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each instance there when it stops.
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      BUILD_DIR,
      DATABASE_URL: url,
      PORT: String(port),
      PUBLIC_URL: origin,
      CANYU_SEED: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  const keep = (b: Buffer) => {
    for (const line of b.toString().split("\n")) if (line) log.push(line);
    if (log.length > 2000) log.splice(0, log.length - 2000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (!Number.isFinite(await waitHealthy(origin, 60_000, () => child.exitCode != null))) {
    throw new Error(`instance ${child.exitCode != null ? "exited during start" : "did not start"}:\n${log.join("\n")}`);
  }
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode == null && child.signalCode == null) child.kill(signal);
    await exited;
  };
  return {
    port,
    origin,
    child,
    log,
    peakMiB: () => peakMiBOf(child.pid),
    stop: () => kill("SIGTERM"),
    kill,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `origin`/healthz until it answers 200; the milliseconds that took, or NaN on timeout or when `gaveUp()`. */
export async function waitHealthy(origin: string, timeoutMs: number, gaveUp: () => boolean = () => false): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs && !gaveUp()) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return performance.now() - t0;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  return NaN;
}

/** A process's peak resident set size (VmHWM) in MiB, or NaN once it is gone. */
export function peakMiBOf(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

// ------------------------------------------------------------------ residents

export interface Resident {
  id: number;
  cookie: string;
}

/**
 * `n` citizen accounts with a live session each, written in bulk (a login
 * per resident would benchmark argon2, not the registration).
 */
export async function makeResidents(database: Database, n: number, prefix: string): Promise<Resident[]> {
  const users = await rows<{ id: number }>(
    database.db,
    sql`insert into users (email, password_hash, display_name, role)
        select ${prefix} || '-' || i || '@bench.example', 'x', '居民' || i, 'citizen'
        from generate_series(1, ${n}::int) as i
        returning id`,
  );
  const tokens = users.map(() => generateSessionToken());
  const expiresAt = new Date(Date.now() + 7 * 86_400_000);
  const rowsOf = users.map((u, i) => ({ id: sessionIdOf(tokens[i]!), userId: Number(u.id), expiresAt }));
  for (let i = 0; i < rowsOf.length; i += 1000) await database.db.insert(sessions).values(rowsOf.slice(i, i + 1000));
  return users.map((u, i) => ({ id: Number(u.id), cookie: `canyu_session=${tokens[i]}` }));
}

// ------------------------------------------------------------------ load

export interface Outcome {
  status: number;
  ms: number;
  location?: string;
  /** Bytes of the answer's body. */
  bytes?: number;
  body?: string;
  error?: string;
}

export interface LoadResult {
  outcomes: Outcome[];
  wallMs: number;
}

export interface RequestSpec {
  origin: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  form?: Record<string, string | string[]>;
  /** Keep the body (for checks); otherwise it is read and dropped. */
  keepBody?: boolean;
}

/**
 * Issues `total` requests from `concurrency` loops, each request built by
 * `make(i)`; bounded (every loop ends when the counter reaches total).
 */
export async function runLoad(total: number, concurrency: number, make: (i: number) => RequestSpec, opts: { timeoutMs?: number } = {}): Promise<LoadResult> {
  const pools = new Map<string, Pool>();
  const poolOf = (origin: string) => {
    let p = pools.get(origin);
    if (!p) pools.set(origin, (p = new Pool(origin, { connections: concurrency, pipelining: 1 })));
    return p;
  };
  const outcomes: Outcome[] = new Array(total);
  let next = 0;
  const t0 = performance.now();
  const loop = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const spec = make(i);
      const headers: Record<string, string> = { ...spec.headers };
      let body: string | undefined;
      if (spec.form) {
        const p = new URLSearchParams();
        for (const [k, v] of Object.entries(spec.form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
        body = p.toString();
        headers["content-type"] = "application/x-www-form-urlencoded";
        headers.origin = spec.origin;
      }
      const s = performance.now();
      try {
        const r = await poolOf(spec.origin).request({
          method: spec.method,
          path: spec.path,
          headers,
          body,
          headersTimeout: opts.timeoutMs ?? 30_000,
          bodyTimeout: opts.timeoutMs ?? 30_000,
        });
        const text = await r.body.text();
        const loc = r.headers.location;
        outcomes[i] = {
          status: r.statusCode,
          ms: performance.now() - s,
          location: typeof loc === "string" ? loc : undefined,
          bytes: Buffer.byteLength(text),
          body: spec.keepBody || r.statusCode >= 400 ? text.slice(0, 4000) : undefined,
        };
      } catch (e) {
        outcomes[i] = { status: 0, ms: performance.now() - s, error: (e as { code?: string }).code ?? (e as Error).message };
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const wallMs = performance.now() - t0;
  await Promise.all([...pools.values()].map((p) => p.close()));
  return { outcomes, wallMs };
}

/**
 * The baseline's loop: `total` calls of `fn(i)` from `concurrency` loops in
 * this process, timed like runLoad's requests; a throw counts as an error.
 */
export async function runDirect(total: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<Figures> {
  const ms: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const s = performance.now();
        try {
          await fn(i);
        } catch {
          errors++;
        }
        ms.push(performance.now() - s);
      }
    }),
  );
  const wall = performance.now() - t0;
  return { requests: ms.length, perSecond: ms.length / (wall / 1000), p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms), errors };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Figures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

/** Throughput and latency of a run; `ok` says which answers count as success. */
export function figures(r: LoadResult, ok: (o: Outcome) => boolean = (o) => o.status >= 200 && o.status < 400): Figures {
  const ms = r.outcomes.map((o) => o.ms);
  return {
    requests: r.outcomes.length,
    perSecond: r.outcomes.length / (r.wallMs / 1000),
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: Math.max(...ms),
    errors: r.outcomes.filter((o) => !ok(o)).length,
  };
}

// ------------------------------------------------------------------ output

export const fmt = {
  n: (x: number, d = 0) => (Number.isFinite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }) : "—"),
  ms: (x: number) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString("en-US")} ms` : "—"),
  pct: (x: number) => `${(x * 100).toFixed(0)}%`,
};

/** A Markdown table, so a run can be pasted into bench/RESULTS.md as it is. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  console.log(`\n### ${title}\n`);
  console.log(`| ${header.join(" | ")} |`);
  console.log(`| ${header.map(() => "---").join(" | ")} |`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

export function machineLine(): string {
  const cpus = os.cpus();
  return `${os.hostname()} · ${cpus.length} × ${cpus[0]?.model ?? "cpu"} · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · load average ${os.loadavg()[0]!.toFixed(1)} · ${new Date().toISOString().slice(0, 16)}Z`;
}

/** Fails the run with a message (checks after a benchmark are assertions, not figures). */
export function check(ok: boolean, message: string): void {
  if (!ok) {
    console.error(`CHECK FAILED: ${message}`);
    process.exitCode = 1;
  } else console.log(`✓ ${message}`);
}
