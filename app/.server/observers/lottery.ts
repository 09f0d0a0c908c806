/**
 * From a frozen pool to the published distribution: LEXIMIN, rounded to 10⁹ equally likely slots.
 * `computeDistributionInWorker` runs it on a worker thread so the server keeps answering.
 */
import { Worker } from "node:worker_threads";
import { fileURLToPath, pathToFileURL } from "node:url";
import { existsSync } from "node:fs";
import path from "node:path";
import { probabilitiesOf, type DistributionDoc, type PoolDoc } from "./draw";
import { InfeasibleQuotasError, solveLeximin, type SolvedLottery } from "./leximin";

/**
 * Equally likely slots the published lottery is cut into. 10⁹ slots round every panel's LEXIMIN
 * weight to within 10⁻⁹, so nobody's published probability moves by more than (panels they sit in) × 10⁻⁹
 * from their unrounded LEXIMIN probability; `ROUNDING_BOUND` is the promise we check against it.
 */
export const SLOTS_TOTAL = 1_000_000_000;
/** Published probability within this fraction (relative) of the unrounded LEXIMIN probability, for everyone. */
export const ROUNDING_BOUND = 0.005;
/** Slack for people whose LEXIMIN probability is 0 (or numerically so): one slot. */
const ROUNDING_SLACK = 1 / SLOTS_TOTAL;

export interface DistributionOutcome {
  distribution: DistributionDoc;
  /** Unrounded LEXIMIN probability per ref (for the record, not hashed). */
  leximin: Record<string, number>;
  maxDeviation: number;
  /** Largest |rounded − LEXIMIN| / LEXIMIN over people with a positive probability. */
  maxRelativeDeviation: number;
  ms: number;
}

export function withinRoundingBound(published: number, leximin: number): boolean {
  return Math.abs(published - leximin) <= ROUNDING_BOUND * leximin + ROUNDING_SLACK;
}

/**
 * Largest-remainder rounding of the panel weights to `slotsTotal` slots (ties: earlier panel first).
 * Each panel's share moves by less than one slot, which is what the bound above rests on. It is
 * deterministic arithmetic, so a verifier with the same solver output gets the same slots.
 */
function roundToSlots(solved: SolvedLottery, slotsTotal: number): { counts: number[]; slots: number }[] {
  const x = solved.panels.map((p) => p.weight * slotsTotal);
  const floors = x.map((v) => Math.floor(v));
  let up = slotsTotal - floors.reduce((a, b) => a + b, 0);
  const order = x.map((_, j) => j).sort((a, b) => x[b]! - floors[b]! - (x[a]! - floors[a]!) || a - b);
  const slots = [...floors];
  for (const j of order) {
    if (up <= 0) break;
    slots[j]!++;
    up--;
  }
  if (up !== 0) throw new Error("rounding: weights do not add up to 1");
  return solved.panels.map((p, j) => ({ counts: p.counts, slots: slots[j]! })).filter((p) => p.slots > 0);
}

export async function computeDistribution(pool: PoolDoc, poolHash: string, slotsTotal = SLOTS_TOTAL): Promise<DistributionOutcome> {
  const solved = await solveLeximin({ seats: pool.seats, features: pool.features, quotas: pool.quotas, applicants: pool.applicants });
  return distributionFromSolved(solved, poolHash, slotsTotal);
}

/** The published document from a solved lottery (verify-draw reuses the solve it already made). */
export function distributionFromSolved(solved: SolvedLottery, poolHash: string, slotsTotal = SLOTS_TOTAL): DistributionOutcome {
  const panels = roundToSlots(solved, slotsTotal);
  const types = solved.types.map((t) => ({ values: t.values, refs: t.refs }));
  const distribution: DistributionDoc = {
    version: 1,
    poolHash,
    method: "leximin",
    slotsTotal,
    types,
    panels,
    probabilities: probabilitiesOf(types, panels, slotsTotal),
  };
  const leximin = leximinByRef(solved);
  let maxDeviation = 0;
  let maxRelativeDeviation = 0;
  for (const [r, p] of Object.entries(leximin)) {
    const d = Math.abs(distribution.probabilities[r]! - p);
    maxDeviation = Math.max(maxDeviation, d);
    if (p > ROUNDING_SLACK) maxRelativeDeviation = Math.max(maxRelativeDeviation, d / p);
    // Never publish a lottery that breaks the documented promise (it would take ~10⁶ panels per person).
    if (slotsTotal === SLOTS_TOTAL && !withinRoundingBound(distribution.probabilities[r]!, p)) throw new Error(`rounding bound broken for ${r}`);
  }
  return { distribution, leximin, maxDeviation, maxRelativeDeviation, ms: solved.stats.ms };
}

export function leximinByRef(solved: SolvedLottery): Record<string, number> {
  const out: Record<string, number> = {};
  solved.types.forEach((t, i) => t.refs.forEach((r) => (out[r] = solved.typeProbabilities[i]!)));
  return out;
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
