/**
 * Recompute an observer draw: `npm run verify-draw -- <export.json | export URL> [--pool-hash H]
 * [--distribution-hash H] [--commitment NAME=H]... [--external VALUE]`. The hashes are the ones the public page
 * showed before the draw (note them, or take them from an archived copy of the page).
 * It recomputes the LEXIMIN distribution from the pool, every commitment, the order of events,
 * the seed, the slot, the panel and the alternates. Exit code 0 when everything matches, 1 otherwise.
 * How the hashes are made: docs/observer-draw.md.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { DrawExport, PublishedRecord } from "../app/.server/observers/draw";
import { verifyDraw } from "../app/.server/observers/verify";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "pool-hash": { type: "string" }, "distribution-hash": { type: "string" }, commitment: { type: "string", multiple: true }, external: { type: "string" } },
});
const source = positionals.find((a) => a !== "--");
if (!source) {
  console.error("usage: npm run verify-draw -- <draw-export.json | https://…/observers/calls/N/export.json> [--pool-hash H] [--distribution-hash H] [--commitment NAME=H]... [--external VALUE]");
  process.exit(2);
}
const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : readFileSync(source, "utf8");
const exp = JSON.parse(text) as DrawExport;
if (exp.format !== "canyu-observer-draw/2") {
  console.error(`unknown format: ${String(exp.format)} (this verifier reads canyu-observer-draw/2)`);
  process.exit(2);
}
const published: PublishedRecord = { poolHash: values["pool-hash"], distributionHash: values["distribution-hash"], externalValue: values.external };
if (values.commitment?.length)
  published.commitments = Object.fromEntries(values.commitment.map((c) => [c.slice(0, c.lastIndexOf("=")), c.slice(c.lastIndexOf("=") + 1)]));

const { ok, checks, notes } = await verifyDraw(exp, published);
for (const c of checks) console.log(`${c.ok ? "✓" : "✗"} ${c.name}${c.detail ? `: ${c.detail}` : ""}`);
for (const n of notes) console.log(`· ${n}`);
if (!published.poolHash || !published.distributionHash)
  console.log("! not compared with the page: pass --pool-hash and --distribution-hash as the page showed them before the draw (未与公开页面公布的哈希值比对)");
if (published.externalValue === undefined) console.log(`! compare by hand (or pass --external): ${exp.randomness.external?.source} published at ${exp.timeline.externalPublishesAt}: the export says "${exp.randomness.external?.value}" (请对照来源核对外部随机值)`);
console.log(ok ? "MATCH: the draw is reproduced exactly (核验一致)" : "MISMATCH: the export does not reproduce (核验不一致)");
process.exit(ok ? 0 : 1);
