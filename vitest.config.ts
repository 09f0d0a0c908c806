import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = {
  "~": fileURLToPath(new URL("./app", import.meta.url)),
  "#db": fileURLToPath(new URL("./db", import.meta.url)),
};

// Rules run on PGlite always, and on the PostgreSQL server too when DATABASE_URL is set
// (TEST_DRIVERS=postgres limits a run to the server, as .ci/run does on its second pass).
// The host zone the rules run under: UTC unless TEST_TZ says otherwise (.ci/run repeats the
// unit tests under TEST_TZ=America/Los_Angeles: every date must come out the same).
const hostTz = process.env.TEST_TZ || "UTC";
const drivers = (process.env.TEST_DRIVERS ?? (process.env.DATABASE_URL ? "pglite,postgres" : "pglite")).split(",");

export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: ["./db/testing/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: drivers.map((name) => ({
      extends: true,
      test: {
        name,
        include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "seeds/**/*.test.ts", "scripts/**/*.test.ts", "server/**/*.test.ts"],
        env: { TEST_DB: name, TZ: hostTz },
      },
    })),
  },
});
