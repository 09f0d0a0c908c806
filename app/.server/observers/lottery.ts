/**
 * From a frozen pool to the published distribution: LEXIMIN, rounded to equally likely slots.
 * `computeDistributionInWorker` runs it on a worker thread so the server keeps answering.
 */
import { Worker } from "node:worker_threads";
import { fileURLToPath, pathToFileURL } from "node:url";
import { existsSync } from "node:fs";
import path from "node:path";
import { probabilitiesOf, type DistributionDoc, type PoolDoc } from "./draw";
import { InfeasibleQuotasError, roundLottery, solveLeximin } from "./leximin";

export const SLOTS_TOTAL = 1000;

export interface DistributionOutcome {
  distribution: DistributionDoc;
  /** Unrounded LEXIMIN probability per ref (for the record, not hashed). */
  leximin: Record<string, number>;
  maxDeviation: number;
  ms: number;
}

export async function computeDistribution(pool: PoolDoc, poolHash: string, slotsTotal = SLOTS_TOTAL): Promise<DistributionOutcome> {
  const solved = await solveLeximin({ seats: pool.seats, features: pool.features, quotas: pool.quotas, applicants: pool.applicants });
  const rounded = await roundLottery(solved, slotsTotal);
  const types = solved.types.map((t) => ({ values: t.values, refs: t.refs }));
  const distribution: DistributionDoc = {
    version: 1,
    poolHash,
    method: "leximin",
    slotsTotal,
    types,
    panels: rounded.panels.map((p) => ({ counts: p.counts, slots: p.slots })),
    probabilities: probabilitiesOf(types, rounded.panels, slotsTotal),
  };
  const leximin: Record<string, number> = {};
  solved.types.forEach((t, i) => t.refs.forEach((r) => (leximin[r] = solved.typeProbabilities[i]!)));
  return { distribution, leximin, maxDeviation: rounded.maxDeviation, ms: solved.stats.ms };
}

type WorkerReply = { ok: true; outcome: DistributionOutcome } | { ok: false; infeasible?: InfeasibleQuotasError["constraint"]; message: string };

function workerFile(): string | null {
  // Source checkout (dev, tests, production server run with tsx): the worker runs the .ts file through tsx.
  const candidates = [path.join(process.cwd(), "app/.server/observers/lottery-worker.ts")];
  try {
    candidates.unshift(path.join(path.dirname(fileURLToPath(import.meta.url)), "lottery-worker.ts"));
  } catch {
    /* bundled: import.meta.url is not a file */
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}

export async function computeDistributionInWorker(pool: PoolDoc, poolHash: string, slotsTotal = SLOTS_TOTAL): Promise<DistributionOutcome> {
  const file = workerFile();
  if (!file) return computeDistribution(pool, poolHash, slotsTotal);
  const reply = await new Promise<WorkerReply>((resolve, reject) => {
    // The worker loads the TypeScript module through tsx's loader API (tsx is a runtime dependency).
    const boot = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`;
    const w = new Worker(boot, { eval: true, workerData: { pool, poolHash, slotsTotal } });
    w.once("message", (m: WorkerReply) => resolve(m));
    w.once("error", reject);
    w.once("exit", (code) => code !== 0 && reject(new Error(`lottery worker exited ${code}`)));
  });
  if (reply.ok) return reply.outcome;
  if (reply.infeasible) throw new InfeasibleQuotasError(reply.infeasible);
  throw new Error(reply.message);
}
