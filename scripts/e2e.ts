/**
 * End-to-end run: builds the app, gives it a fresh database (a temporary
 * PGlite folder, or a new database on the DATABASE_URL server), starts it and
 * runs the Playwright specs in Debian's Chromium.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `No Chromium at ${chromium}. Install Debian's Chromium (apt-get install -y chromium) or set CHROMIUM_PATH; Playwright's own browser download does not work here.`,
  );
  process.exit(1);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

// A build of its own, so parallel runs never serve each other's half-written bundle.
const buildDir = path.join("build-e2e", String(process.pid));
const build = spawnSync("npx", ["react-router", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, BUILD_DIR: buildDir } });
if (build.status !== 0) process.exit(build.status ?? 1);

const env: NodeJS.ProcessEnv = { ...process.env, BUILD_DIR: buildDir, E2E_PORT: String(await freePort()), CHROMIUM_PATH: chromium };
const removeBuild = () => rmSync(buildDir, { recursive: true, force: true });
let cleanup = () => {};
const url = process.env.DATABASE_URL;
if (url) {
  const name = `canyu_e2e_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  env.DATABASE_URL = u.toString();
  cleanup = () => {
    spawnSync("psql", [url, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: "ignore" });
  };
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), "canyu-e2e-"));
  env.PGLITE_DIR = dir;
  cleanup = () => rmSync(dir, { recursive: true, force: true });
}

const r = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], { stdio: "inherit", env });
cleanup();
removeBuild();
process.exit(r.status ?? 1);
