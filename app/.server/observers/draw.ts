/**
 * The verifiable part of an observer draw: canonical documents, their SHA-256 hashes, the seed
 * from the witnesses' reveals, and the deterministic selection from the seed.
 * Pure, no solver, no database: the verify-draw script imports exactly this file.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import canonicalize from "canonicalize";

export interface QuotaDoc {
  feature: string;
  value: string;
  min: number;
  max: number;
}

export interface PoolDoc {
  version: 1;
  callId: number;
  seats: number;
  features: string[];
  quotas: QuotaDoc[];
  /** Pseudonymous applicants, sorted by ref. */
  applicants: { ref: string; values: Record<string, string> }[];
}

export interface DistributionDoc {
  version: 1;
  poolHash: string;
  method: "leximin";
  slotsTotal: number;
  /** Feature combinations in canonical order; `refs` sorted. */
  types: { values: string[]; refs: string[] }[];
  /** Panels (seats per type) and how many of the equally likely slots each occupies, in slot order. */
  panels: { counts: number[]; slots: number }[];
  /** Each applicant's selection probability under the published slots. */
  probabilities: Record<string, number>;
}

export interface RandomnessDoc {
  witnesses: { name: string; commitment: string; secret: string }[];
  external: { source: string; value: string } | null;
}

export interface DrawResult {
  seed: string;
  slot: number;
  panelIndex: number;
  selected: string[];
  alternates: string[];
}

export interface DrawExport {
  format: "canyu-observer-draw/1";
  pool: PoolDoc;
  poolHash: string;
  distribution: DistributionDoc;
  distributionHash: string;
  randomness: RandomnessDoc;
  result: DrawResult;
}

const enc = new TextEncoder();
export const sha256Hex = (s: string) => encodeHexLowerCase(sha256(enc.encode(s)));
export function canonical(x: unknown): string {
  const s = canonicalize(x);
  if (s === undefined) throw new Error("cannot canonicalize");
  return s;
}
export const hashDoc = (x: unknown) => sha256Hex(canonical(x));

export const commitmentOf = (secret: string) => sha256Hex(secret);

export function seedOf(poolHash: string, distributionHash: string, randomness: RandomnessDoc): string {
  return hashDoc({
    poolHash,
    distributionHash,
    reveals: randomness.witnesses.map((w) => ({ name: w.name, secret: w.secret })),
    external: randomness.external,
  });
}

/** Uniform integers from SHA-256(seed:label:counter), by rejection sampling (no modulo bias). */
export class SeedStream {
  private counter = 0;
  constructor(
    private readonly seed: string,
    private readonly label: string,
  ) {}
  next(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) throw new Error("bad bound");
    const limit = Math.floor(2 ** 32 / bound) * bound;
    for (;;) {
      const h = sha256(enc.encode(`${this.seed}:${this.label}:${this.counter++}`));
      const r = ((h[0]! << 24) >>> 0) + (h[1]! << 16) + (h[2]! << 8) + h[3]!;
      if (r < limit) return r % bound;
    }
  }
  /** Fisher–Yates on a copy. */
  shuffle<T>(xs: readonly T[]): T[] {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.next(i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
}

export function pickSlot(seed: string, slotsTotal: number): number {
  return new SeedStream(seed, "slot").next(slotsTotal);
}

/** The selection a seed determines: slot → panel → within each combination the first people of a seeded shuffle; then ranked alternates. */
export function selectFromSeed(dist: DistributionDoc, seed: string): DrawResult {
  const slot = pickSlot(seed, dist.slotsTotal);
  let acc = 0;
  let panelIndex = -1;
  for (let j = 0; j < dist.panels.length; j++) {
    acc += dist.panels[j]!.slots;
    if (slot < acc) {
      panelIndex = j;
      break;
    }
  }
  if (panelIndex < 0) throw new Error("slots do not cover slotsTotal");
  const panel = dist.panels[panelIndex]!;
  const selected: string[] = [];
  const rest: string[] = [];
  dist.types.forEach((t, i) => {
    const order = new SeedStream(seed, `type:${canonical(t.values)}`).shuffle([...t.refs].sort());
    selected.push(...order.slice(0, panel.counts[i]!));
    rest.push(...order.slice(panel.counts[i]!));
  });
  const alternates = new SeedStream(seed, "alternates").shuffle(rest.sort());
  return { seed, slot, panelIndex, selected, alternates };
}

/** Per-person probability from slots (exact, deterministic arithmetic on integers). */
export function probabilitiesOf(types: DistributionDoc["types"], panels: DistributionDoc["panels"], slotsTotal: number): Record<string, number> {
  const out: Record<string, number> = {};
  types.forEach((t, i) => {
    const num = panels.reduce((a, p) => a + p.slots * p.counts[i]!, 0);
    for (const r of t.refs) out[r] = num / (slotsTotal * t.refs.length);
  });
  return out;
}

export function quotasMet(pool: Pick<PoolDoc, "seats" | "features" | "quotas" | "applicants">, refs: string[], requireFull = true): boolean {
  if (requireFull && refs.length !== pool.seats) return false;
  const byRef = new Map(pool.applicants.map((a) => [a.ref, a.values]));
  for (const q of pool.quotas) {
    const n = refs.filter((r) => byRef.get(r)?.[q.feature] === q.value).length;
    if (n > q.max) return false;
    if (requireFull && n < q.min) return false;
  }
  return true;
}

/**
 * When a selected person declines or does not confirm: the first ranked alternate whose
 * arrival keeps every quota (seats held by `active`, minus the leaving person, plus them).
 */
export function nextAlternate(pool: PoolDoc, active: string[], leaving: string, alternates: string[], used: Set<string>): string | null {
  const rest = active.filter((r) => r !== leaving);
  for (const alt of alternates) {
    if (used.has(alt) || active.includes(alt)) continue;
    if (quotasMet(pool, [...rest, alt], rest.length + 1 === pool.seats)) return alt;
  }
  return null;
}

export interface VerifyCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/** Recompute everything in an export and say what matches. */
export function verifyExport(x: DrawExport): { ok: boolean; checks: VerifyCheck[] } {
  const checks: VerifyCheck[] = [];
  const add = (name: string, ok: boolean, detail?: string) => checks.push({ name, ok, detail });
  const poolHash = hashDoc(x.pool);
  add("pool hash", poolHash === x.poolHash, poolHash);
  add("distribution refers to this pool", x.distribution.poolHash === poolHash);
  const distributionHash = hashDoc(x.distribution);
  add("distribution hash", distributionHash === x.distributionHash, distributionHash);
  const slots = x.distribution.panels.reduce((a, p) => a + p.slots, 0);
  add("slots add up", slots === x.distribution.slotsTotal, `${slots}/${x.distribution.slotsTotal}`);
  const typeRefs = x.distribution.types.flatMap((t) => t.refs).sort();
  const poolRefs = x.pool.applicants.map((a) => a.ref).sort();
  add("combinations cover the pool", canonical(typeRefs) === canonical(poolRefs));
  const byRef = new Map(x.pool.applicants.map((a) => [a.ref, a.values]));
  add(
    "combinations match applicants' features",
    x.distribution.types.every((t) => t.refs.every((r) => canonical(x.pool.features.map((f) => byRef.get(r)?.[f] ?? "")) === canonical(t.values))),
  );
  const panelsValid = x.distribution.panels.every((p) => {
    const refs = x.distribution.types.flatMap((t, i) => t.refs.slice(0, p.counts[i]!));
    return p.counts.every((c, i) => c >= 0 && c <= x.distribution.types[i]!.refs.length) && quotasMet(x.pool, refs);
  });
  add("every panel meets the quotas", panelsValid);
  const probs = probabilitiesOf(x.distribution.types, x.distribution.panels, x.distribution.slotsTotal);
  add("published probabilities", Object.keys(probs).every((r) => Math.abs(probs[r]! - (x.distribution.probabilities[r] ?? -1)) < 1e-12));
  add("at least two witnesses", x.randomness.witnesses.length >= 2);
  for (const w of x.randomness.witnesses) add(`commitment of ${w.name}`, commitmentOf(w.secret) === w.commitment);
  const seed = seedOf(poolHash, distributionHash, x.randomness);
  add("seed", seed === x.result.seed, seed);
  const r = selectFromSeed(x.distribution, seed);
  add("slot", r.slot === x.result.slot, String(r.slot));
  add("selected", canonical(r.selected) === canonical(x.result.selected), r.selected.join(" "));
  add("alternates", canonical(r.alternates) === canonical(x.result.alternates));
  add("selection meets the quotas", quotasMet(x.pool, r.selected));
  return { ok: checks.every((c) => c.ok), checks };
}
