/**
 * `npm start`: builds when the build is missing or older than the sources,
 * then runs the server (which migrates and seeds an empty database).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const marker = path.join(process.env.BUILD_DIR ?? "build", "server/index.js");
const sources = Math.max(newest("app"), statSync("vite.config.ts").mtimeMs, statSync("package.json").mtimeMs);
if (!existsSync(marker) || statSync(marker).mtimeMs < sources) {
  console.log("Building Canyu…");
  const r = spawnSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
process.env.NODE_ENV ??= "production";
await import("../server/index");
