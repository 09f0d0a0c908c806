/**
 * The verifiable part of an observer draw: canonical documents, their SHA-256 hashes, the seed
 * from the witnesses' reveals, and the deterministic selection from the seed.
 * Pure, no solver, no database: the verify-draw script imports exactly this file.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import canonicalize from "canonicalize";

interface QuotaDoc {
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

/** Exactly what the seed hashes besides the two document hashes. */
export interface RandomnessDoc {
  witnesses: { name: string; commitment: string; secret: string }[];
  external: { source: string; value: string } | null;
}

export interface DrawResult {
  seed: string;
  /** 0-based, as the seed picks it: slot ∈ [0, slotsTotal − 1]; the page shows the same number. */
  slot: number;
  panelIndex: number;
  selected: string[];
  alternates: string[];
}

/** Every step of the protocol, to the second, in Shanghai time (ISO 8601 with +08:00). */
interface TimelineDoc {
  opensAt: string;
  closesAt: string;
  /** The pool, the witnesses' commitments and the external value's source and time were fixed. */
  frozenAt: string;
  /** The distribution was stored, after its computation finished. */
  distributedAt: string;
  /** When the declared external value is published by its source; nothing random is known before. */
  externalPublishesAt: string;
  externalRecordedAt: string;
  drawnAt: string;
  witnesses: { name: string; role: string; committedAt: string; revealedAt: string }[];
}

export interface DrawExport {
  format: "canyu-observer-draw/2";
  callId: number;
  /** The public page that showed the hashes and commitments before the draw. */
  callUrl: string;
  pool: PoolDoc;
  poolHash: string;
  distribution: DistributionDoc;
  distributionHash: string;
  randomness: RandomnessDoc;
  timeline: TimelineDoc;
  /** Who ran the draw (never one of its witnesses). */
  drawnBy: string;
  result: DrawResult;
}

/** What a resident noted from the public page before the draw, to hold the export to. */
export interface PublishedRecord {
  poolHash?: string;
  distributionHash?: string;
  /** Witness name → commitment. */
  commitments?: Record<string, string>;
  /** The external value as read at its source. */
  externalValue?: string;
}

/** A time to the second in Shanghai (UTC+8, no daylight saving), whatever the host's zone. */
export function shanghaiSecond(d: Date | string): string {
  const t = Math.floor(new Date(d).getTime() / 1000) * 1000;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 19) + "+08:00";
}

const enc = new TextEncoder();
export const sha256Hex = (s: string) => encodeHexLowerCase(sha256(enc.encode(s)));
function canonical(x: unknown): string {
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
class SeedStream {
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

function pickSlot(seed: string, slotsTotal: number): number {
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
  /** What was compared, so a reader can check it by other means. */
  detail?: string;
}

const sameWitnessName = (a: string, b: string) => a.replace(/[（(].*$/, "").trim() === b.replace(/[（(].*$/, "").trim();

/**
 * Everything in an export that needs no solver: hashes (against the page's, when given), the
 * documents' consistency, the commitments, the order of events, the seed, the slot, the panel and
 * the alternates. `verifyDraw` (verify.ts) adds the recomputation of the LEXIMIN distribution.
 */
export function verifyExport(x: DrawExport, published: PublishedRecord = {}): { ok: boolean; checks: VerifyCheck[] } {
  const checks: VerifyCheck[] = [];
  const add = (name: string, ok: boolean, detail?: string) => checks.push({ name, ok, detail });
  const d = x.distribution;
  const poolHash = hashDoc(x.pool);
  add("pool hash", poolHash === x.poolHash, `SHA-256 of the canonical pool = ${poolHash}; export says ${x.poolHash}`);
  if (published.poolHash) add("pool hash as published before the draw", poolHash === published.poolHash.toLowerCase(), `page showed ${published.poolHash}`);
  add("pool belongs to this call", x.pool.callId === x.callId, `pool.callId ${x.pool.callId}, call ${x.callId}`);
  add("distribution refers to this pool", d.poolHash === poolHash, d.poolHash);
  const distributionHash = hashDoc(d);
  add("distribution hash", distributionHash === x.distributionHash, `SHA-256 of the canonical distribution = ${distributionHash}; export says ${x.distributionHash}`);
  if (published.distributionHash)
    add("distribution hash as published before the draw", distributionHash === published.distributionHash.toLowerCase(), `page showed ${published.distributionHash}`);
  const slots = d.panels.reduce((a, p) => a + p.slots, 0);
  add("slots add up", slots === d.slotsTotal && d.panels.every((p) => Number.isInteger(p.slots) && p.slots > 0), `${slots} of ${d.slotsTotal}`);
  const typeRefs = d.types.flatMap((t) => t.refs).sort();
  const poolRefs = x.pool.applicants.map((a) => a.ref).sort();
  add("combinations cover the pool, each applicant once", canonical(typeRefs) === canonical(poolRefs), `${typeRefs.length} in combinations, ${poolRefs.length} in the pool`);
  const byRef = new Map(x.pool.applicants.map((a) => [a.ref, a.values]));
  add(
    "combinations match applicants' features",
    d.types.every((t) => t.refs.every((r) => canonical(x.pool.features.map((f) => byRef.get(r)?.[f] ?? "")) === canonical(t.values))),
  );
  const badPanel = d.panels.findIndex(
    (p) =>
      p.counts.length !== d.types.length ||
      !p.counts.every((c, i) => Number.isInteger(c) && c >= 0 && c <= d.types[i]!.refs.length) ||
      !quotasMet(x.pool, d.types.flatMap((t, i) => t.refs.slice(0, p.counts[i]!))),
  );
  add("every panel fills the seats within the quotas", badPanel < 0, badPanel < 0 ? `${d.panels.length} panels` : `panel ${badPanel} does not`);
  const probs = probabilitiesOf(d.types, d.panels, d.slotsTotal);
  const wrongP = Object.keys(probs).filter((r) => Math.abs(probs[r]! - (d.probabilities[r] ?? -1)) > 1e-12);
  add("published probabilities follow from the slots", wrongP.length === 0 && Object.keys(d.probabilities).length === Object.keys(probs).length, wrongP.slice(0, 5).join(" "));
  const r = x.randomness;
  add("at least two witnesses", r.witnesses.length >= 2, String(r.witnesses.length));
  for (const w of r.witnesses) {
    const c = commitmentOf(w.secret);
    add(`commitment of ${w.name}`, c === w.commitment, `SHA-256(secret) = ${c}; committed ${w.commitment}`);
    const pub = published.commitments?.[w.name];
    if (pub !== undefined) add(`commitment of ${w.name} as published before the freeze`, pub.toLowerCase() === w.commitment, `page showed ${pub}`);
  }
  if (published.commitments)
    add("every commitment on the page is in the export", Object.keys(published.commitments).every((n) => r.witnesses.some((w) => w.name === n)), Object.keys(published.commitments).join(", "));
  add("external value present", !!r.external?.value?.trim(), r.external ? `${r.external.source}: ${r.external.value}` : "none");
  if (published.externalValue !== undefined)
    add("external value as published by its source", r.external?.value.trim() === published.externalValue.trim(), `source says ${published.externalValue}`);
  add("runner of the draw is not a witness", !!x.drawnBy && !r.witnesses.some((w) => sameWitnessName(w.name, x.drawnBy)), x.drawnBy);
  // The order of events, each to the second.
  const tl = x.timeline;
  const wt = (name: string) => tl.witnesses.find((w) => w.name === name);
  add("timeline lists every witness", r.witnesses.every((w) => wt(w.name)) && tl.witnesses.length === r.witnesses.length);
  const order: [string, string | undefined, string | undefined, boolean][] = [
    ["applications closed before the freeze", tl.closesAt, tl.frozenAt, false],
    ...tl.witnesses.map((w) => [`${w.name} committed before the freeze`, w.committedAt, tl.frozenAt, false] as [string, string, string, boolean]),
    ["distribution stored after the freeze", tl.frozenAt, tl.distributedAt, false],
    ["distribution stored before the external value was published", tl.distributedAt, tl.externalPublishesAt, true],
    ["external value recorded after its publication time", tl.externalPublishesAt, tl.externalRecordedAt, false],
    ...tl.witnesses.map((w) => [`${w.name} revealed after the external value was recorded`, tl.externalRecordedAt, w.revealedAt, false] as [string, string, string, boolean]),
    ...tl.witnesses.map((w) => [`draw after ${w.name} revealed`, w.revealedAt, tl.drawnAt, false] as [string, string, string, boolean]),
  ];
  for (const [name, a, b, strict] of order) {
    const ta = a ? Date.parse(a) : NaN;
    const tb = b ? Date.parse(b) : NaN;
    add(name, Number.isFinite(ta) && Number.isFinite(tb) && (strict ? ta < tb : ta <= tb), `${a} ${strict ? "<" : "≤"} ${b}`);
  }
  const seed = seedOf(poolHash, distributionHash, r);
  add("seed", seed === x.result.seed, `SHA-256 of canonical {poolHash, distributionHash, reveals, external} = ${seed}`);
  const res = selectFromSeed(d, seed);
  add("slot", res.slot === x.result.slot, `${res.slot} of 0…${d.slotsTotal - 1}; export says ${x.result.slot}`);
  add("panel", res.panelIndex === x.result.panelIndex, `panel ${res.panelIndex}`);
  add("selected", canonical(res.selected) === canonical(x.result.selected), res.selected.join(" "));
  add("alternates", canonical(res.alternates) === canonical(x.result.alternates), res.alternates.join(" "));
  add("selection meets the quotas", quotasMet(x.pool, res.selected));
  return { ok: checks.every((c) => c.ok), checks };
}
