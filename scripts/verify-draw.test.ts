import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { commitmentOf, hashDoc, probabilitiesOf, seedOf, selectFromSeed, type DrawExport, type PoolDoc, type PublishedRecord } from "../app/.server/observers/draw";
import { computeDistribution } from "../app/.server/observers/lottery";
import { verifyDraw } from "../app/.server/observers/verify";

function run(args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync("npx", ["tsx", "scripts/verify-draw.ts", ...args], { encoding: "utf8" }) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, out: err.stdout };
  }
}

/** 14 applicants, 4 seats: 2 residents, 1 of each enterprise kind (as in the rigged export of issue 13). */
const pool: PoolDoc = {
  version: 1,
  callId: 7,
  seats: 4,
  features: ["category", "gender"],
  quotas: [
    { feature: "category", value: "resident", min: 2, max: 2 },
    { feature: "category", value: "small_micro_enterprise", min: 1, max: 1 },
    { feature: "category", value: "private_enterprise", min: 1, max: 1 },
    { feature: "gender", value: "female", min: 1, max: 3 },
  ],
  applicants: Array.from({ length: 14 }, (_, i) => ({
    ref: `C7-${String(i + 1).padStart(4, "0")}`,
    values: { category: i < 8 ? "resident" : i < 11 ? "small_micro_enterprise" : "private_enterprise", gender: i % 2 ? "male" : "female" },
  })),
};

/** What a tamperer does after a change: every hash, the seed and the selection made to agree again. */
function resign(x: DrawExport): DrawExport {
  const y = structuredClone(x);
  y.poolHash = hashDoc(y.pool);
  y.distribution.poolHash = y.poolHash;
  y.distribution.probabilities = probabilitiesOf(y.distribution.types, y.distribution.panels, y.distribution.slotsTotal);
  y.distributionHash = hashDoc(y.distribution);
  for (const w of y.randomness.witnesses) w.commitment = commitmentOf(w.secret);
  y.result = selectFromSeed(y.distribution, seedOf(y.poolHash, y.distributionHash, y.randomness));
  return y;
}

let genuine: DrawExport;
let page: PublishedRecord;

beforeAll(async () => {
  const poolHash = hashDoc(pool);
  const { distribution } = await computeDistribution(pool, poolHash);
  const distributionHash = hashDoc(distribution);
  const randomness = {
    witnesses: [
      { name: "浦东新区公证处", commitment: commitmentOf("s1"), secret: "s1" },
      { name: "张华", commitment: commitmentOf("s2"), secret: "s2" },
    ],
    external: { source: "中国福利彩票双色球第2026135期开奖号码", value: "03 08 14 21 27 30 + 05" },
  };
  genuine = {
    format: "canyu-observer-draw/2",
    callId: 7,
    callUrl: "http://localhost:3000/observers/calls/7",
    pool,
    poolHash,
    distribution,
    distributionHash,
    randomness,
    timeline: {
      opensAt: "2026-11-01T09:00:00+08:00",
      closesAt: "2026-11-20T00:00:00+08:00",
      frozenAt: "2026-11-20T09:00:00+08:00",
      distributedAt: "2026-11-20T09:00:03+08:00",
      externalPublishesAt: "2026-11-22T21:30:00+08:00",
      externalRecordedAt: "2026-11-23T10:00:00+08:00",
      drawnAt: "2026-11-23T10:02:41+08:00",
      witnesses: [
        { name: "浦东新区公证处", role: "公证员", committedAt: "2026-11-01T09:10:00+08:00", revealedAt: "2026-11-23T10:01:12+08:00" },
        { name: "张华", role: "居民代表", committedAt: "2026-11-02T15:00:00+08:00", revealedAt: "2026-11-23T10:02:05+08:00" },
      ],
    },
    drawnBy: "周敏",
    result: selectFromSeed(distribution, seedOf(poolHash, distributionHash, randomness)),
  };
  page = { poolHash, distributionHash, commitments: { 浦东新区公证处: commitmentOf("s1"), 张华: commitmentOf("s2") }, externalValue: "03 08 14 21 27 30 + 05" };
});

const failed = async (x: DrawExport, published: PublishedRecord = {}) => (await verifyDraw(x, published)).checks.filter((c) => !c.ok).map((c) => c.name);

describe("verify-draw", () => {
  it("matches an untouched export, against the page's hashes too", async () => {
    const r = await verifyDraw(genuine, page);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.notes[0]).toContain("identical");
  }, 60_000);

  // Inputs: a tamperer can change them and make everything else agree again.
  const tamperings: [string, (x: DrawExport) => void, boolean][] = [
    ["an applicant's features", (x) => (x.pool.applicants[0]!.values.gender = "male"), true],
    ["a published probability", (x) => (x.distribution.probabilities[x.pool.applicants[0]!.ref]! += 0.01), false],
    [
      "the panels' slots",
      (x) => {
        const d = x.distribution;
        const big = d.panels.reduce((b, p, j) => (p.slots > d.panels[b]!.slots ? j : b), 0);
        const move = Math.floor(d.panels[big]!.slots / 2);
        d.panels[big]!.slots -= move;
        d.panels[(big + 1) % d.panels.length]!.slots += move;
      },
      true,
    ],
    ["a witness's reveal", (x) => (x.randomness.witnesses[1]!.secret = "s3"), true],
    ["the external value", (x) => (x.randomness.external!.value = "01 02 03 04 05 06 + 07"), true],
    ["the selection", (x) => (x.result.selected[0] = x.result.alternates[0]!), false],
    ["the alternates", (x) => x.result.alternates.reverse(), false],
    ["the slot", (x) => (x.result.slot = (x.result.slot + 1) % x.distribution.slotsTotal), false],
    ["the order of events", (x) => (x.timeline.distributedAt = "2026-11-22T21:30:05+08:00"), true],
    ["who ran the draw", (x) => (x.drawnBy = "张华"), true],
  ];
  for (const [what, change, input] of tamperings) {
    it(`fails when ${what} is changed${input ? ", even with the rest made to agree again" : ""}`, async () => {
      const naive = structuredClone(genuine);
      change(naive);
      expect(await failed(naive)).not.toEqual([]);
      if (!input) return; // derived values: re-signing would only restore them
      const consistent = structuredClone(genuine);
      change(consistent);
      // Against the hashes, commitments and external value the public saw, a re-signed export fails too.
      expect(await failed(resign(consistent), page)).not.toEqual([]);
    }, 60_000);
  }

  it("fails on a distribution that agrees with itself but is not the LEXIMIN one (one fixed panel)", async () => {
    const rigged = structuredClone(genuine);
    const d = rigged.distribution;
    const fixed = d.panels.find((p) => p.slots > 0)!;
    d.panels = [{ counts: fixed.counts, slots: d.slotsTotal }];
    const x = resign(rigged);
    // Some applicants can never be selected; LEXIMIN gives everyone a chance.
    expect(Object.values(x.distribution.probabilities).filter((p) => p === 0).length).toBeGreaterThanOrEqual(3);
    // Everything the export says about itself agrees …
    const names = await failed(x);
    expect(names).toEqual([expect.stringMatching(/^distribution is the LEXIMIN one/)]);
    // … and with the page's hashes the distribution hash fails as well.
    expect(await failed(x, page)).toEqual(expect.arrayContaining(["distribution hash as published before the draw"]));
  }, 60_000);

  it("prints every check with what it compared and exits 0 on MATCH, 1 on MISMATCH", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "verify-"));
    writeFileSync(path.join(dir, "good.json"), JSON.stringify(genuine));
    const good = run([path.join(dir, "good.json"), "--pool-hash", page.poolHash!, "--distribution-hash", page.distributionHash!, "--commitment", `张华=${page.commitments!["张华"]}`]);
    expect(good.out).toContain("MATCH");
    expect(good.out).not.toContain("✗");
    expect(good.out).toContain("✓ distribution is the LEXIMIN one");
    expect(good.out).toContain("✓ commitment of 张华 as published before the freeze");
    expect(good.code).toBe(0);
    const rigged = structuredClone(genuine);
    rigged.distribution.panels = [{ counts: rigged.distribution.panels[0]!.counts, slots: rigged.distribution.slotsTotal }];
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify(resign(rigged)));
    const bad = run([path.join(dir, "bad.json")]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("✗ distribution is the LEXIMIN one");
    expect(bad.out).toContain("MISMATCH");
  }, 60_000);
});
