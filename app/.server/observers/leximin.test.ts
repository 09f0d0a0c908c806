import { describe, expect, it } from "vitest";
import { hashDoc, quotasMet, selectFromSeed, sha256Hex, type PoolDoc } from "./draw";
import { getHighs, InfeasibleQuotasError, stratifiedProbabilities, type LeximinInput } from "./leximin";
import { computeDistribution, computeDistributionInWorker, SLOTS_TOTAL } from "./lottery";

function poolOf(input: LeximinInput): PoolDoc {
  return { version: 1, callId: 1, seats: input.seats, features: input.features, quotas: input.quotas, applicants: [...input.applicants].sort((a, b) => (a.ref < b.ref ? -1 : 1)) };
}

/** 12 applicants, category + gender, quotas that make some people scarce. */
const small: LeximinInput = {
  seats: 4,
  features: ["category", "gender"],
  quotas: [
    { feature: "category", value: "resident", min: 1, max: 2 },
    { feature: "category", value: "small_micro_enterprise", min: 1, max: 2 },
    { feature: "category", value: "private_enterprise", min: 1, max: 1 },
    { feature: "gender", value: "female", min: 2, max: 2 },
    { feature: "gender", value: "male", min: 2, max: 2 },
  ],
  applicants: [
    ["P01", "resident", "female"],
    ["P02", "resident", "female"],
    ["P03", "resident", "female"],
    ["P04", "resident", "female"],
    ["P05", "resident", "male"],
    ["P06", "resident", "male"],
    ["P07", "small_micro_enterprise", "male"],
    ["P08", "small_micro_enterprise", "male"],
    ["P09", "small_micro_enterprise", "male"],
    ["P10", "small_micro_enterprise", "female"],
    ["P11", "private_enterprise", "male"],
    ["P12", "private_enterprise", "female"],
  ].map(([ref, category, gender]) => ({ ref: ref!, values: { category: category!, gender: gender! } })),
};

function combos<T>(xs: T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (xs.length < k) return [];
  const [h, ...rest] = xs;
  return [...combos(rest, k - 1).map((c) => [h!, ...c]), ...combos(rest, k)];
}

/** Brute-force LEXIMIN per person over every enumerated valid panel, each level solved by HiGHS LPs. */
async function bruteForceLeximin(input: LeximinInput): Promise<Record<string, number>> {
  const highs = await getHighs();
  const pool = poolOf(input);
  const refs = pool.applicants.map((a) => a.ref);
  const panels = combos(refs, input.seats).filter((p) => quotasMet(pool, p));
  const fixed = new Map<string, number>();
  const lp = (objective: string, extra: string[]) => {
    const lines = ["Maximize", ` obj: ${objective}`, "Subject To"];
    lines.push(` sum: ${panels.map((_, j) => `+ 1 l${j}`).join(" ")} = 1`);
    refs.forEach((r, i) => {
      const terms = panels.flatMap((p, j) => (p.includes(r) ? [`+ 1 l${j}`] : []));
      const expr = terms.length ? terms.join(" ") : "+ 0 l0";
      if (fixed.has(r)) lines.push(` f${i}: ${expr} >= ${fixed.get(r)! - 1e-9}`);
      else lines.push(` u${i}: ${expr} - 1 z >= 0`);
    });
    lines.push(...extra, "Bounds", " z >= 0", "End");
    const res = highs.solve(lines.join("\n"), { output_flag: false });
    expect(res.Status).toBe("Optimal");
    return res;
  };
  while (fixed.size < refs.length) {
    const z = lp("+ 1 z", []).ObjectiveValue;
    // Everyone who cannot get more than z while the others keep ≥ z is fixed at z.
    const unfixed = refs.filter((r) => !fixed.has(r));
    const capped: string[] = [];
    for (const r of unfixed) {
      const terms = panels.flatMap((p, j) => (p.includes(r) ? [`+ 1 l${j}`] : []));
      const obj = terms.length ? terms.join(" ") : "+ 0 l0";
      const best = lp(obj, [` zfix: + 1 z >= ${z - 1e-9}`]).ObjectiveValue;
      if (best <= z + 1e-7) capped.push(r);
    }
    for (const r of capped.length ? capped : unfixed) fixed.set(r, z);
  }
  return Object.fromEntries(fixed);
}

describe("LEXIMIN lottery", () => {
  it("matches a brute-force LEXIMIN over all enumerated valid panels of a 12-applicant pool", async () => {
    const brute = await bruteForceLeximin(small);
    const pool = poolOf(small);
    const out = await computeDistribution(pool, hashDoc(pool));
    for (const a of small.applicants) {
      expect(out.leximin[a.ref]).toBeCloseTo(brute[a.ref]!, 5);
      // Published (rounded) probabilities stay within 1/1000 of the exact LEXIMIN.
      expect(Math.abs(out.distribution.probabilities[a.ref]! - brute[a.ref]!)).toBeLessThanOrEqual(1 / 1000 + 1e-9);
    }
    // The scarce private-enterprise representatives get exactly 1/2; not everyone is equal.
    expect(brute["P11"]).toBeCloseTo(0.5, 6);
    expect(new Set(Object.values(brute).map((p) => p.toFixed(4))).size).toBeGreaterThan(1);
  });

  it("matches brute force on a second pool with three features", async () => {
    const input: LeximinInput = {
      seats: 3,
      features: ["category", "street", "age"],
      quotas: [
        { feature: "category", value: "resident", min: 1, max: 2 },
        { feature: "category", value: "private_enterprise", min: 1, max: 2 },
        { feature: "street", value: "张江", min: 1, max: 2 },
        { feature: "age", value: "65+", min: 1, max: 1 },
      ],
      applicants: Array.from({ length: 11 }, (_, i) => ({
        ref: `Q${String(i).padStart(2, "0")}`,
        values: { category: i % 3 === 0 ? "private_enterprise" : "resident", street: i % 4 === 0 ? "张江" : "花木", age: i % 5 === 1 ? "65+" : "35-49" },
      })),
    };
    const brute = await bruteForceLeximin(input);
    const pool = poolOf(input);
    const out = await computeDistribution(pool, hashDoc(pool));
    for (const a of input.applicants) expect(out.leximin[a.ref]).toBeCloseTo(brute[a.ref]!, 5);
  });

  it("meets the quotas in every published panel and every draw", async () => {
    const pool = poolOf(small);
    const { distribution } = await computeDistribution(pool, hashDoc(pool));
    expect(distribution.panels.reduce((a, p) => a + p.slots, 0)).toBe(SLOTS_TOTAL);
    for (let s = 0; s < 500; s++) {
      const r = selectFromSeed(distribution, sha256Hex(`seed-${s}`));
      expect(quotasMet(pool, r.selected)).toBe(true);
      expect(new Set([...r.selected, ...r.alternates]).size).toBe(12);
    }
  });

  it("empirical selection frequencies over many seeds match the published probabilities", async () => {
    const pool = poolOf(small);
    const { distribution } = await computeDistribution(pool, hashDoc(pool));
    const N = 20000;
    const hits: Record<string, number> = {};
    for (let s = 0; s < N; s++) for (const r of selectFromSeed(distribution, sha256Hex(`freq-${s}`)).selected) hits[r] = (hits[r] ?? 0) + 1;
    for (const a of small.applicants) {
      const p = distribution.probabilities[a.ref]!;
      const sd = Math.sqrt((p * (1 - p)) / N);
      expect(Math.abs((hits[a.ref] ?? 0) / N - p)).toBeLessThan(4.5 * sd + 1e-9);
    }
  });

  it("gives the same panel for the same inputs and seed", async () => {
    const pool = poolOf(small);
    const a = await computeDistribution(pool, hashDoc(pool));
    const b = await computeDistribution(structuredClone(pool), hashDoc(pool));
    expect(hashDoc(a.distribution)).toBe(hashDoc(b.distribution));
    const seed = sha256Hex("same");
    expect(selectFromSeed(a.distribution, seed)).toEqual(selectFromSeed(b.distribution, seed));
    expect(selectFromSeed(a.distribution, sha256Hex("other")).selected).not.toEqual(undefined);
  });

  it("never gives anyone a lower minimum probability than simple stratified sampling", async () => {
    for (const [res, sme, pe] of [
      [30, 6, 3],
      [50, 4, 8],
      [12, 12, 2],
    ] as const) {
      const applicants = [
        ...Array.from({ length: res }, (_, i) => ({ ref: `R${i}`, values: { category: "resident" } })),
        ...Array.from({ length: sme }, (_, i) => ({ ref: `S${i}`, values: { category: "small_micro_enterprise" } })),
        ...Array.from({ length: pe }, (_, i) => ({ ref: `E${i}`, values: { category: "private_enterprise" } })),
      ];
      const input: LeximinInput = {
        seats: 8,
        features: ["category"],
        quotas: [
          { feature: "category", value: "resident", min: 3, max: 5 },
          { feature: "category", value: "small_micro_enterprise", min: 1, max: 3 },
          { feature: "category", value: "private_enterprise", min: 1, max: 3 },
        ],
        applicants,
      };
      const pool = poolOf(input);
      const out = await computeDistribution(pool, hashDoc(pool));
      const strat = Math.min(...stratifiedProbabilities(input).values());
      const lex = Math.min(...Object.values(out.distribution.probabilities));
      expect(lex).toBeGreaterThanOrEqual(strat - 1 / 1000);
      expect(Math.min(...Object.values(out.leximin))).toBeGreaterThanOrEqual(strat - 1e-7);
    }
  });

  it("says which constraint fails when the quotas cannot be met", async () => {
    const pool = poolOf({ ...small, quotas: [...small.quotas.slice(0, 2), { feature: "category", value: "private_enterprise", min: 3, max: 3 }, ...small.quotas.slice(3)] });
    await expect(computeDistribution(pool, hashDoc(pool))).rejects.toMatchObject({
      constraint: { kind: "quota_min", feature: "category", value: "private_enterprise" },
    });
    // A combination that only fails together: 2 women required but the only women are residents capped at 1.
    const combo = poolOf({
      seats: 3,
      features: ["category", "gender"],
      quotas: [
        { feature: "category", value: "resident", min: 0, max: 1 },
        { feature: "gender", value: "female", min: 2, max: 3 },
      ],
      applicants: [
        { ref: "a", values: { category: "resident", gender: "female" } },
        { ref: "b", values: { category: "resident", gender: "female" } },
        { ref: "c", values: { category: "private_enterprise", gender: "male" } },
        { ref: "d", values: { category: "private_enterprise", gender: "male" } },
      ],
    });
    const err = await computeDistribution(combo, hashDoc(combo)).catch((e) => e);
    expect(err).toBeInstanceOf(InfeasibleQuotasError);
    expect(err.constraint.kind).toBe("combination");
  });

  it("solves in a worker thread with the same result", async () => {
    const pool = poolOf(small);
    const inWorker = await computeDistributionInWorker(pool, hashDoc(pool));
    const inline = await computeDistribution(pool, hashDoc(pool));
    expect(hashDoc(inWorker.distribution)).toBe(hashDoc(inline.distribution));
  }, 30_000);
});
