/**
 * `npm run bench [rush|read|comment|draw|search …]`: the benchmarks of the production
 * build against the PostgreSQL server (DATABASE_URL or BENCH_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test; each creates and drops its
 * own database). Each prints a Markdown table with a baseline measured in the
 * same run; bench/RESULTS.md keeps the latest.
 */
import { runComment } from "./comment";
import { runDraw } from "./draw";
import { machineLine } from "./lib/harness";
import { runRead } from "./read";
import { runRush } from "./rush";
import { runSearch } from "./search";

const all = { rush: runRush, read: runRead, comment: runComment, draw: runDraw, search: runSearch } as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(a in all));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}; choose from ${Object.keys(all).join(", ")}`);
  process.exit(2);
}
console.log(`# Canyu benchmarks\n\n${machineLine()}`);
for (const [name, run] of Object.entries(all)) {
  if (asked.length && !asked.includes(name)) continue;
  const t0 = performance.now();
  await run();
  console.log(`\n(${name}: ${Math.round((performance.now() - t0) / 1000)} s)`);
}
process.exit(process.exitCode ?? 0);
