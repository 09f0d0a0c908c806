/**
 * `npm test`: the rules (Vitest, on PGlite and — with DATABASE_URL — on that
 * PostgreSQL too), then the Playwright specs. Ends with one line that totals
 * both: `N passed, N failed`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";

mkdirSync("test-results", { recursive: true });
const unitJson = "test-results/unit.json";
const e2eJson = "test-results/e2e.json";

const unit = spawnSync("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${unitJson}`], {
  stdio: "inherit",
});
const skipE2e = process.env.SKIP_E2E === "1";
const e2e = skipE2e ? { status: 0 } : spawnSync("npx", ["tsx", "scripts/e2e.ts"], { stdio: "inherit", env: { ...process.env, E2E_JSON: e2eJson } });

let passed = 0;
let failed = 0;
if (existsSync(unitJson)) {
  const r = JSON.parse(readFileSync(unitJson, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
} else failed += 1;
if (!skipE2e) {
  if (existsSync(e2eJson)) {
    const r = JSON.parse(readFileSync(e2eJson, "utf8"));
    passed += r.stats?.expected ?? 0;
    failed += (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0);
    if (r.errors?.length && !r.stats?.unexpected) failed += r.errors.length;
  } else failed += 1;
}
// A runner that crashed before counting still fails the run.
if ((unit.status !== 0 || e2e.status !== 0) && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
