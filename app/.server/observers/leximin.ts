/**
 * LEXIMIN-fair selection lotteries (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 2021).
 *
 * Applicants with the same feature values are interchangeable, so the programme works on
 * "types" (feature combinations): a panel is a vector of counts per type. The lottery is a
 * distribution over valid panels (quotas met) that maximises the lowest selection probability,
 * then the next lowest, and so on. Solved by column generation: the dual LP over the panels
 * found so far gives weights; an integer programme (the oracle) finds the panel of highest
 * weight; when no panel beats the dual bound, the types with positive dual weight are fixed at
 * the current minimum and the next level is optimised.
 *
 * Pure and synchronous: no database, no clock. HiGHS (WebAssembly) solves every LP/MIP.
 */
import loadHighs from "highs";

export interface Quota {
  feature: string;
  value: string;
  min: number;
  max: number;
}

export interface PoolApplicant {
  ref: string;
  values: Record<string, string>;
}

export interface LeximinInput {
  seats: number;
  /** Ordered feature keys; the first is normally "category". */
  features: string[];
  quotas: Quota[];
  applicants: PoolApplicant[];
}

export interface PanelType {
  key: string;
  values: string[];
  refs: string[];
}

export interface SolvedLottery {
  types: PanelType[];
  /** Panels with their (unrounded) LEXIMIN probability. */
  panels: { counts: number[]; weight: number }[];
  /** Unrounded LEXIMIN selection probability per type (= per person of that type). */
  typeProbabilities: number[];
  stats: { stages: number; oracleCalls: number; ms: number };
}

export interface RoundedLottery {
  slotsTotal: number;
  /** Panels with the number of equally likely slots each occupies, in slot order. */
  panels: { counts: number[]; slots: number }[];
  /** Per type, probability after rounding (exact: sum of slots × count / (slotsTotal × n)). */
  typeProbabilities: number[];
  /** Largest |rounded − LEXIMIN| over people. */
  maxDeviation: number;
}

export class InfeasibleQuotasError extends Error {
  constructor(
    public readonly constraint: { kind: "seats" | "quota_min" | "quota_max" | "combination"; feature?: string; value?: string; detail: string },
  ) {
    super(`infeasible quotas: ${constraint.detail}`);
  }
}

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsPromise: Promise<Highs> | null = null;
export function getHighs(): Promise<Highs> {
  // Emscripten's Node loader finds highs.wasm next to highs.js on its own.
  highsPromise ??= loadHighs();
  return highsPromise;
}

const SOLVE_OPTS = { output_flag: false, log_to_console: false } as const;

function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error("non-finite coefficient");
  if (Math.abs(x) < 1e-13) return "0";
  // Plain decimal with enough digits; LP format accepts exponents too.
  return x.toPrecision(15);
}

function lin(terms: [number, string][]): string {
  const parts: string[] = [];
  for (const [c, v] of terms) {
    if (c === 0) continue;
    parts.push(`${c < 0 ? "-" : "+"} ${num(Math.abs(c))} ${v}`);
  }
  return parts.length ? parts.join(" ") : `+ 0 ${terms[0]?.[1] ?? "x0"}`;
}

/** Group applicants into types, in a canonical order (by values, then refs sorted). */
export function groupTypes(features: string[], applicants: PoolApplicant[]): PanelType[] {
  const map = new Map<string, PanelType>();
  for (const a of applicants) {
    const values = features.map((f) => a.values[f] ?? "");
    const key = JSON.stringify(values);
    let t = map.get(key);
    if (!t) map.set(key, (t = { key, values, refs: [] }));
    t.refs.push(a.ref);
  }
  const types = [...map.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const t of types) t.refs.sort();
  return types;
}

interface Model {
  seats: number;
  n: number[];
  /** Quota rows: member type indices and bounds. */
  rows: { quota: Quota; members: number[] }[];
}

function buildModel(input: LeximinInput, types: PanelType[]): Model {
  const rows = input.quotas.map((q) => {
    const fi = input.features.indexOf(q.feature);
    if (fi < 0) throw new Error(`quota on unknown feature ${q.feature}`);
    const members = types.flatMap((t, i) => (t.values[fi] === q.value ? [i] : []));
    return { quota: q, members };
  });
  return { seats: input.seats, n: types.map((t) => t.refs.length), rows };
}

function panelProgram(m: Model, objective: number[], sense: "Maximize" | "Minimize", omit = -1): string {
  const T = m.n.length;
  const lines: string[] = [sense, ` obj: ${lin(objective.map((w, i) => [w, `x${i}`] as [number, string]).concat([[0, "x0"]]))}`, "Subject To"];
  lines.push(` seats: ${m.n.map((_, i) => `+ 1 x${i}`).join(" ")} = ${m.seats}`);
  m.rows.forEach((r, j) => {
    if (j === omit) return;
    if (!r.members.length) {
      // Nobody of this value: only a zero minimum is satisfiable; represent with a dummy.
      lines.push(` q${j}lo: + 0 x0 >= ${r.quota.min}`);
      return;
    }
    const expr = r.members.map((i) => `+ 1 x${i}`).join(" ");
    lines.push(` q${j}lo: ${expr} >= ${r.quota.min}`);
    lines.push(` q${j}hi: ${expr} <= ${r.quota.max}`);
  });
  lines.push("Bounds");
  for (let i = 0; i < T; i++) lines.push(` 0 <= x${i} <= ${Math.min(m.n[i]!, m.seats)}`);
  lines.push("Generals");
  lines.push(" " + m.n.map((_, i) => `x${i}`).join(" "));
  lines.push("End");
  return lines.join("\n");
}

function solvePanel(highs: Highs, m: Model, weights: number[], omit = -1): number[] | null {
  const res = highs.solve(panelProgram(m, weights, "Maximize", omit), { ...SOLVE_OPTS, mip_rel_gap: 1e-9, mip_abs_gap: 1e-10 });
  if (res.Status === "Infeasible" || res.Status === "Primal infeasible or unbounded") return null;
  if (res.Status !== "Optimal") throw new Error(`panel oracle: ${res.Status}`);
  return m.n.map((_, i) => Math.round(res.Columns[`x${i}`]?.Primal ?? 0));
}

/** Explain why no valid panel exists: the first simple failing constraint, else the quota whose removal restores feasibility. */
function diagnose(highs: Highs, input: LeximinInput, m: Model): InfeasibleQuotasError {
  const total = m.n.reduce((a, b) => a + b, 0);
  if (total < m.seats) return new InfeasibleQuotasError({ kind: "seats", detail: `${m.seats} seats but only ${total} applicants` });
  for (const r of m.rows) {
    const avail = r.members.reduce((a, i) => a + m.n[i]!, 0);
    if (avail < r.quota.min)
      return new InfeasibleQuotasError({ kind: "quota_min", feature: r.quota.feature, value: r.quota.value, detail: `${r.quota.feature}=${r.quota.value} needs at least ${r.quota.min} but only ${avail} applied` });
  }
  for (const f of input.features) {
    const rs = m.rows.filter((r) => r.quota.feature === f);
    const values = new Set(rs.map((r) => r.quota.value));
    const fi = input.features.indexOf(f);
    const uncovered = m.n.some((_, i) => !values.has(/* value of type */ typeValue(m, input, i, fi)));
    const sumMin = rs.reduce((a, r) => a + r.quota.min, 0);
    if (sumMin > m.seats) return new InfeasibleQuotasError({ kind: "quota_min", feature: f, detail: `minimums for ${f} add up to ${sumMin} > ${m.seats} seats` });
    const sumMax = rs.reduce((a, r) => a + Math.min(r.quota.max, r.members.reduce((s, i) => s + m.n[i]!, 0)), 0);
    if (!uncovered && rs.length && sumMax < m.seats) return new InfeasibleQuotasError({ kind: "quota_max", feature: f, detail: `maximums for ${f} allow only ${sumMax} < ${m.seats} seats` });
  }
  for (let j = 0; j < m.rows.length; j++) {
    if (solvePanel(highs, m, m.n.map(() => 0), j)) {
      const q = m.rows[j]!.quota;
      return new InfeasibleQuotasError({ kind: "combination", feature: q.feature, value: q.value, detail: `quota ${q.feature}=${q.value} [${q.min}, ${q.max}] cannot be met together with the other quotas` });
    }
  }
  return new InfeasibleQuotasError({ kind: "combination", detail: "the quotas cannot be met together" });
}

const typeValueCache = new WeakMap<Model, string[][]>();
function typeValue(m: Model, input: LeximinInput, i: number, fi: number): string {
  let v = typeValueCache.get(m);
  if (!v) {
    v = groupTypes(input.features, input.applicants).map((t) => t.values);
    typeValueCache.set(m, v);
  }
  return v[i]![fi]!;
}

/** Check a panel (counts per type) against seats, availability and every quota. */
export function panelIsValid(input: LeximinInput, types: PanelType[], counts: number[]): boolean {
  if (counts.reduce((a, b) => a + b, 0) !== input.seats) return false;
  if (counts.some((c, i) => c < 0 || c > types[i]!.refs.length || !Number.isInteger(c))) return false;
  for (const q of input.quotas) {
    const fi = input.features.indexOf(q.feature);
    const s = counts.reduce((a, c, i) => a + (types[i]!.values[fi] === q.value ? c : 0), 0);
    if (s < q.min || s > q.max) return false;
  }
  return true;
}

export const prof = { dual: 0, mip: 0, ls: 0, mipCalls: 0, round: 0 };
const EPS_COLGEN = 1e-7;
const EPS_DUAL = 1e-6;

export async function solveLeximin(input: LeximinInput): Promise<SolvedLottery> {
  const started = Date.now();
  const highs = await getHighs();
  const types = groupTypes(input.features, input.applicants);
  const m = buildModel(input, types);
  const T = types.length;
  if (input.seats < 1) throw new InfeasibleQuotasError({ kind: "seats", detail: "no seats" });

  const first = solvePanel(highs, m, m.n.map((n) => 1 / n));
  if (!first) throw diagnose(highs, input, m);
  const panels: number[][] = [first];
  const sparse: SparsePanel[] = [sparsePanel(first)];
  const seen = new Set([first.join(",")]);
  const fixed: (number | null)[] = new Array(T).fill(null);
  let stages = 0;
  let oracleCalls = 1;

  const ls = swapContext(input, types, m);
  const inf = highs.infinity;
  const C = highs.constants;
  // Restricted dual, kept in memory and warm-started as panels are added:
  // min ŷ − Σ_fixed f_t y_t  s.t. Σ_t a_Pt y_t − ŷ ≤ 0 ∀P, Σ_unfixed y_t = 1, y ≥ 0.
  const dual = highs.createModel();
  // Panel oracle: max Σ w_t x_t over valid panels (integer counts per type).
  const oracle = highs.createModel();
  try {
    dual.options.set({ output_flag: false });
    oracle.options.set({ output_flag: false, mip_rel_gap: 1e-9, mip_abs_gap: 1e-10 });
    for (let i = 0; i < T; i++) dual.addVar(0, inf);
    dual.addVar(-inf, inf); // ŷ
    dual.changeColCost(T, 1);
    dual.addRow(1, 1, { indices: types.map((_, i) => i), values: types.map(() => 1) });
    const addPanelRow = (p: number[]) => {
      const idx: number[] = [];
      const val: number[] = [];
      p.forEach((c, i) => {
        if (c) {
          idx.push(i);
          val.push(c / m.n[i]!);
        }
      });
      idx.push(T);
      val.push(-1);
      dual.addRow(-inf, 0, { indices: idx, values: val });
    };
    addPanelRow(first);

    for (let i = 0; i < T; i++) {
      oracle.addVar(0, Math.min(m.n[i]!, m.seats));
      oracle.changeColIntegrality(i, C.variableType.integer);
    }
    oracle.addRow(m.seats, m.seats, { indices: types.map((_, i) => i), values: types.map(() => 1) });
    for (const r of m.rows) if (r.members.length) oracle.addRow(r.quota.min, r.quota.max, { indices: r.members, values: r.members.map(() => 1) });

    while (fixed.some((f) => f === null)) {
      stages++;
      let y: number[] = [];
      let z = 0;
      for (let iter = 0; ; iter++) {
        let t0 = performance.now();
        dual.run();
        prof.dual += performance.now() - t0;
        if (dual.getModelStatus() !== C.modelStatus.optimal) throw new Error(`leximin dual: status ${dual.getModelStatus()}`);
        const sol = dual.getSolution().colValue;
        y = types.map((_, i) => Math.max(0, sol[i]!));
        const yh = sol[T]!;
        z = dual.getObjectiveValue();
        const w = y.map((v, i) => v / m.n[i]!);
        // Cheap first: improve the best known panel by swaps; the MIP proves optimality only when that fails.
        t0 = performance.now();
        // Several starts (the best known panels) give several new columns per LP solve.
        const found = localSearchMany(ls, panels, sparse, w, 4).filter((q) => q.reduce((a, c, i) => a + c * w[i]!, 0) > yh + EPS_COLGEN && !seen.has(q.join(",")));
        prof.ls += performance.now() - t0;
        if (found.length && iter <= 5000) {
          for (const q of found) {
            const k = q.join(",");
            if (seen.has(k)) continue;
            seen.add(k);
            panels.push(q);
            sparse.push(sparsePanel(q));
            addPanelRow(q);
          }
          continue;
        }
        let p = found[0] ?? panels[0]!;
        let value = -Infinity;
        {
          w.forEach((v, i) => oracle.changeColCost(i, -v));
          t0 = performance.now();
          oracle.run();
          prof.mip += performance.now() - t0;
          prof.mipCalls++;
          oracleCalls++;
          if (oracle.getModelStatus() !== C.modelStatus.optimal) throw new Error(`panel oracle: status ${oracle.getModelStatus()}`);
          const sol2 = oracle.getSolution().colValue;
          p = sol2.length === T ? Array.from(sol2, (v) => Math.round(v)) : p;
          value = p.reduce((a, c, i) => a + c * w[i]!, 0);
          if (!panelOk(ls, p)) value = -Infinity;
        }
        const key = p.join(",");
        if (value <= yh + EPS_COLGEN || seen.has(key) || iter > 5000) break;
        seen.add(key);
        panels.push(p);
        sparse.push(sparsePanel(p));
        addPanelRow(p);
      }
      const unfixed = fixed.flatMap((f, i) => (f === null ? [i] : []));
      const maxY = Math.max(...unfixed.map((i) => y[i]!));
      for (const i of unfixed)
        if (y[i]! > EPS_DUAL || y[i] === maxY) {
          const f = Math.max(0, Math.min(1, z));
          fixed[i] = f;
          dual.changeColCost(i, -f);
          dual.changeCoefficient(0, i, 0);
        }
    }
  } finally {
    dual.dispose();
    oracle.dispose();
  }

  // Final lottery: a distribution over the panels that gives every type at least its fixed value.
  const weights = finalLottery(highs, panels, m.n, fixed as number[]);
  const keep = panels.map((p, j) => ({ counts: p, weight: weights[j]! })).filter((p) => p.weight > 1e-12);
  const total = keep.reduce((a, p) => a + p.weight, 0);
  for (const p of keep) p.weight /= total;
  const typeProbabilities = types.map((_, i) => keep.reduce((a, p) => a + (p.weight * p.counts[i]!) / m.n[i]!, 0));
  return { types, panels: keep, typeProbabilities, stats: { stages, oracleCalls, ms: Date.now() - started } };
}

interface SwapContext {
  n: number[];
  cap: number[];
  /** Per type, per feature: index of the quota row of its value (−1 if none). */
  rowOf: number[][];
  lo: number[];
  hi: number[];
  seats: number;
}

function swapContext(input: LeximinInput, types: PanelType[], m: Model): SwapContext {
  const rowOf = types.map((t) => input.features.map((f, fi) => m.rows.findIndex((r) => r.quota.feature === f && r.quota.value === t.values[fi])));
  return { n: m.n, cap: m.n.map((x) => Math.min(x, m.seats)), rowOf, lo: m.rows.map((r) => r.quota.min), hi: m.rows.map((r) => r.quota.max), seats: m.seats };
}

function panelOk(ctx: SwapContext, p: number[]): boolean {
  const load = ctx.lo.map(() => 0);
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i]! < 0 || p[i]! > ctx.cap[i]!) return false;
    total += p[i]!;
    for (const r of ctx.rowOf[i]!) if (r >= 0) load[r]! += p[i]!;
  }
  return total === ctx.seats && load.every((l, r) => l >= ctx.lo[r]! && l <= ctx.hi[r]!);
}

/** A panel's nonzero entries (types ascending), for cheap scoring: at most `seats` of them. */
interface SparsePanel {
  idx: Int32Array;
  cnt: Float64Array;
}

function sparsePanel(p: number[]): SparsePanel {
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) if (p[i]) idx.push(i);
  return { idx: Int32Array.from(idx), cnt: Float64Array.from(idx, (i) => p[i]!) };
}

/**
 * The `starts` best known panels by weight (ties: earlier panel first, as a stable sort would),
 * each improved by swaps. Scores sum the nonzero entries in type order, so they equal the dense sums exactly.
 */
function localSearchMany(ctx: SwapContext, panels: number[][], sparse: SparsePanel[], w: number[], starts: number): number[][] {
  const topI: number[] = [];
  const topV: number[] = [];
  for (let j = 0; j < sparse.length; j++) {
    const { idx, cnt } = sparse[j]!;
    let v = 0;
    for (let k = 0; k < idx.length; k++) v += cnt[k]! * w[idx[k]!]!;
    if (topI.length === starts && !(v > topV[starts - 1]!)) continue;
    let pos = topI.length === starts ? starts - 1 : topI.length;
    while (pos > 0 && v > topV[pos - 1]!) pos--;
    topI.splice(pos, 0, j);
    topV.splice(pos, 0, v);
    if (topI.length > starts) {
      topI.pop();
      topV.pop();
    }
  }
  const order = w.map((_, i) => i).sort((x, y) => w[y]! - w[x]! || x - y);
  return topI.map((j) => localSearch(ctx, panels[j]!, w, order));
}

/** Best-improvement swap search (move one seat from type a to type b) starting at a known panel. */
function localSearch(ctx: SwapContext, start: number[], w: number[], order: number[]): number[] {
  const p = [...start];
  const T = p.length;
  const load = ctx.lo.map(() => 0);
  p.forEach((c, i) => {
    for (const r of ctx.rowOf[i]!) if (r >= 0) load[r]! += c;
  });
  for (let step = 0; step < 200; step++) {
    let gain = 1e-12;
    let move: [number, number] | null = null;
    for (let a = 0; a < T; a++) {
      if (!p[a]) continue;
      for (const b of order) {
        if (w[b]! - w[a]! <= gain) break;
        if (b === a || p[b]! >= ctx.cap[b]!) continue;
        let ok = true;
        const ra = ctx.rowOf[a]!;
        const rb = ctx.rowOf[b]!;
        for (let f = 0; f < ra.length && ok; f++) {
          if (ra[f] === rb[f]) continue;
          if (ra[f]! >= 0 && load[ra[f]!]! - 1 < ctx.lo[ra[f]!]!) ok = false;
          if (rb[f]! >= 0 && load[rb[f]!]! + 1 > ctx.hi[rb[f]!]!) ok = false;
        }
        if (ok) {
          gain = w[b]! - w[a]!;
          move = [a, b];
          break;
        }
      }
    }
    if (!move) break;
    const [a, b] = move;
    p[a]!--;
    p[b]!++;
    for (const r of ctx.rowOf[a]!) if (r >= 0) load[r]!--;
    for (const r of ctx.rowOf[b]!) if (r >= 0) load[r]!++;
  }
  return p;
}

function finalLottery(highs: Highs, panels: number[][], n: number[], fixed: number[]): number[] {
  for (const slack of [1e-9, 1e-7, 1e-5, 1e-3]) {
    // Maximise the smallest margin above the fixed values (≤ 0 allowed within slack).
    const lines = ["Maximize", " obj: + 1 s", "Subject To"];
    fixed.forEach((f, i) => {
      lines.push(` t${i}: ${lin(panels.map((p, j) => [p[i]! / n[i]!, `l${j}`] as [number, string]))} - 1 s >= ${num(f - slack)}`);
    });
    lines.push(` sum: ${panels.map((_, j) => `+ 1 l${j}`).join(" ")} = 1`);
    lines.push("Bounds", " 0 <= s <= 0", "End");
    const res = highs.solve(lines.join("\n"), SOLVE_OPTS);
    if (res.Status === "Optimal") return panels.map((_, j) => Math.max(0, res.Columns[`l${j}`]?.Primal ?? 0));
  }
  throw new Error("leximin: final lottery infeasible");
}

/**
 * Round the lottery to `slotsTotal` equally likely slots. Each panel gets ⌊M·λ⌋ or ⌈M·λ⌉ slots;
 * a small integer programme chooses which to round up so that the largest change in any person's
 * probability is as small as possible (typically well below 1/M).
 */
/**
 * Branch-and-bound nodes for the rounding programme. A node count (not a time
 * limit) keeps the result the same on every machine, so anyone can recompute
 * a draw. 20,000 nodes took 95 s on a 200-applicant pool whose one-person
 * feature combinations can never all be rounded within 1/1000.
 */
const ROUNDING_MAX_NODES = 150;

export async function roundLottery(solved: SolvedLottery, slotsTotal = 1000): Promise<RoundedLottery> {
  const highs = await getHighs();
  const r0 = performance.now();
  const M = slotsTotal;
  const n = solved.types.map((t) => t.refs.length);
  const x = solved.panels.map((p) => p.weight * M);
  const floors = x.map((v) => Math.floor(v + 1e-9));
  const fracs = x.map((v, j) => Math.max(0, v - floors[j]!));
  const up = M - floors.reduce((a, b) => a + b, 0);
  const frac = fracs.flatMap((f, j) => (f > 1e-9 ? [j] : []));
  const chosen = new Set<number>();
  const lr = [...frac].sort((a, b) => fracs[b]! - fracs[a]! || a - b).slice(0, up);
  const devOf = (set: Set<number>) =>
    Math.max(0, ...n.map((nt, i) => Math.abs(frac.reduce((a, j) => a + ((set.has(j) ? 1 : 0) - fracs[j]!) * solved.panels[j]!.counts[i]!, 0) / nt)));
  lr.forEach((j) => chosen.add(j));
  improveBySwaps(chosen, frac, fracs, solved.panels.map((p) => p.counts.map((c, i) => c / n[i]!)));
  // Largest remainders improved by swaps usually keep everyone within 1/M; otherwise optimise the choice.
  if (up > 0 && devOf(chosen) > 0.999) {
    chosen.clear();
    const lines = ["Minimize", " obj: + 1 d", "Subject To"];
    lines.push(` cnt: ${frac.map((j) => `+ 1 u${j}`).join(" ")} = ${up}`);
    n.forEach((nt, i) => {
      const terms = frac.map((j) => [solved.panels[j]!.counts[i]! / nt, `u${j}`] as [number, string]).filter(([c]) => c !== 0);
      if (!terms.length) return;
      const rhs = frac.reduce((a, j) => a + (fracs[j]! * solved.panels[j]!.counts[i]!) / nt, 0);
      lines.push(` a${i}: ${lin(terms)} - 1 d <= ${num(rhs)}`);
      lines.push(` b${i}: ${lin(terms)} + 1 d >= ${num(rhs)}`);
    });
    lines.push("Bounds", " d >= 0", "Binaries", " " + frac.map((j) => `u${j}`).join(" "), "End");
    const res = highs.solve(lines.join("\n"), { ...SOLVE_OPTS, mip_max_nodes: ROUNDING_MAX_NODES });
    if (res.Status === "Optimal" || (res.Columns && Object.keys(res.Columns).length && res.Status !== "Infeasible")) {
      for (const j of frac) if ((res.Columns[`u${j}`]?.Primal ?? 0) > 0.5) chosen.add(j);
    }
    if (chosen.size !== up) {
      chosen.clear();
      lr.forEach((j) => chosen.add(j));
    }
  }
  const panels = solved.panels
    .map((p, j) => ({ counts: p.counts, slots: floors[j]! + (chosen.has(j) ? 1 : 0) }))
    .filter((p) => p.slots > 0);
  const typeProbabilities = n.map((nt, i) => panels.reduce((a, p) => a + p.slots * p.counts[i]!, 0) / (M * nt));
  const maxDeviation = Math.max(0, ...typeProbabilities.map((p, i) => Math.abs(p - solved.typeProbabilities[i]!)));
  prof.round += performance.now() - r0;
  return { slotsTotal: M, panels, typeProbabilities, maxDeviation };
}

/** Swap which panels are rounded up while that lowers the largest per-person deviation (in units of 1/M). */
function improveBySwaps(chosen: Set<number>, frac: number[], fracs: number[], a: number[][]) {
  const T = a[0]?.length ?? 0;
  const D = new Array<number>(T).fill(0);
  for (const j of frac) for (let i = 0; i < T; i++) D[i]! += ((chosen.has(j) ? 1 : 0) - fracs[j]!) * a[j]![i]!;
  const maxAbs = (v: number[]) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  for (let step = 0; step < 100; step++) {
    const cur = maxAbs(D);
    if (cur <= 0.5) break;
    let best = cur - 1e-9;
    let move: [number, number] | null = null;
    const ins = frac.filter((j) => chosen.has(j));
    const outs = frac.filter((j) => !chosen.has(j));
    for (const j of ins)
      for (const k of outs) {
        let m = 0;
        for (let i = 0; i < T && m < best; i++) m = Math.max(m, Math.abs(D[i]! - a[j]![i]! + a[k]![i]!));
        if (m < best) [best, move] = [m, [j, k]];
      }
    if (!move) break;
    const [j, k] = move;
    chosen.delete(j);
    chosen.add(k);
    for (let i = 0; i < T; i++) D[i]! += a[k]![i]! - a[j]![i]!;
  }
}

/**
 * "Simple stratified sampling" baseline: seats per category value proportional to applicants
 * (largest remainder, clamped to the category quotas), uniform within the category.
 * Returns the per-type probability. Only meaningful when the quotas concern the category alone.
 */
export function stratifiedProbabilities(input: LeximinInput, feature = input.features[0]!): Map<string, number> {
  const fi = input.features.indexOf(feature);
  const counts = new Map<string, number>();
  for (const a of input.applicants) counts.set(a.values[feature]!, (counts.get(a.values[feature]!) ?? 0) + 1);
  const total = input.applicants.length;
  const values = [...counts.keys()].sort();
  const q = (v: string) => input.quotas.find((x) => x.feature === feature && x.value === v);
  const alloc = new Map(values.map((v) => [v, Math.max(q(v)?.min ?? 0, Math.min(q(v)?.max ?? Infinity, counts.get(v)!, Math.floor((input.seats * counts.get(v)!) / total)))]));
  let left = input.seats - [...alloc.values()].reduce((a, b) => a + b, 0);
  const order = [...values].sort((a, b) => ((input.seats * counts.get(b)!) / total) % 1 - ((input.seats * counts.get(a)!) / total) % 1 || (a < b ? -1 : 1));
  while (left > 0) {
    let moved = false;
    for (const v of order) {
      if (left > 0 && alloc.get(v)! < Math.min(q(v)?.max ?? Infinity, counts.get(v)!)) {
        alloc.set(v, alloc.get(v)! + 1);
        left--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  void fi;
  return new Map(values.map((v) => [v, alloc.get(v)! / counts.get(v)!]));
}
