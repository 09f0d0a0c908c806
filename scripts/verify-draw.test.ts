import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commitmentOf, hashDoc, seedOf, selectFromSeed, type DrawExport, type PoolDoc, type RandomnessDoc } from "../app/.server/observers/draw";
import { computeDistribution } from "../app/.server/observers/lottery";

function run(file: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync("npx", ["tsx", "scripts/verify-draw.ts", file], { encoding: "utf8" }) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, out: err.stdout };
  }
}

describe("npm run verify-draw", () => {
  it("says MATCH for a genuine export and MISMATCH for a tampered one", async () => {
    const pool: PoolDoc = {
      version: 1,
      callId: 7,
      seats: 2,
      features: ["category"],
      quotas: [{ feature: "category", value: "resident", min: 1, max: 1 }],
      applicants: ["A1", "A2", "A3", "B1", "B2"].map((ref) => ({ ref, values: { category: ref.startsWith("A") ? "resident" : "private_enterprise" } })),
    };
    const poolHash = hashDoc(pool);
    const { distribution } = await computeDistribution(pool, poolHash);
    const distributionHash = hashDoc(distribution);
    const randomness: RandomnessDoc = {
      witnesses: [
        { name: "甲", commitment: commitmentOf("s1"), secret: "s1" },
        { name: "乙", commitment: commitmentOf("s2"), secret: "s2" },
      ],
      external: null,
    };
    const result = selectFromSeed(distribution, seedOf(poolHash, distributionHash, randomness));
    const exp: DrawExport = { format: "canyu-observer-draw/1", pool, poolHash, distribution, distributionHash, randomness, result };
    const dir = mkdtempSync(path.join(tmpdir(), "verify-"));
    writeFileSync(path.join(dir, "good.json"), JSON.stringify(exp));
    const good = run(path.join(dir, "good.json"));
    expect(good.code).toBe(0);
    expect(good.out).toContain("MATCH");
    const bad = structuredClone(exp);
    bad.pool.applicants[0]!.values.category = "private_enterprise";
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify(bad));
    const r = run(path.join(dir, "bad.json"));
    expect(r.code).toBe(1);
    expect(r.out).toContain("✗ pool hash");
  }, 60_000);
});
