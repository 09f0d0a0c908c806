/**
 * `npm start`: builds when the build is missing or older than the sources,
 * then runs the server (which migrates and seeds an empty database).
 */
import { spawnSync } from "node:child_process";
import { buildIsStale } from "./build-stale";

if (buildIsStale(process.env.BUILD_DIR ?? "build")) {
  console.log("Building Canyu…");
  const r = spawnSync("npx", ["react-router", "build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
process.env.NODE_ENV ??= "production";
await import("../server/index");
