/**
 * Recompute an observer draw from its export: `npm run verify-draw -- <file.json>`.
 * Checks the pool and distribution hashes, every witness's commitment, the seed, the slot,
 * the selected people and the alternates. Exit code 0 when everything matches, 1 otherwise.
 */
import { readFileSync } from "node:fs";
import { verifyExport, type DrawExport } from "../app/.server/observers/draw";

const file = process.argv.slice(2).find((a) => a !== "--");
if (!file) {
  console.error("usage: npm run verify-draw -- <draw-export.json>");
  process.exit(2);
}
const exp = JSON.parse(readFileSync(file, "utf8")) as DrawExport;
if (exp.format !== "canyu-observer-draw/1") {
  console.error(`unknown format: ${String(exp.format)}`);
  process.exit(2);
}
const { ok, checks } = verifyExport(exp);
for (const c of checks) console.log(`${c.ok ? "✓" : "✗"} ${c.name}${c.detail ? `: ${c.detail}` : ""}`);
console.log(ok ? "MATCH: the draw is reproduced exactly (核验一致)" : "MISMATCH: the export does not reproduce (核验不一致)");
process.exit(ok ? 0 : 1);
