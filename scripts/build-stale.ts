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

/** True when the production build in `buildDir` is missing or older than the sources under `root`. */
export function buildIsStale(buildDir: string, root = "."): boolean {
  const marker = path.join(buildDir, "server/index.js");
  const sources = Math.max(newest(path.join(root, "app")), statSync(path.join(root, "vite.config.ts")).mtimeMs, statSync(path.join(root, "react-router.config.ts")).mtimeMs, statSync(path.join(root, "package.json")).mtimeMs);
  return !existsSync(marker) || statSync(marker).mtimeMs < sources;
}
