import { defineConfig } from "@playwright/test";

// scripts/e2e.ts prepares the database, port and build, then runs Playwright with these set.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  outputDir: `test-results/e2e-${port}`,
  reporter: [["list"], ["json", { outputFile: process.env.E2E_JSON ?? `test-results/e2e-${port}.json` }]],
  use: {
    baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: "tsx server/index.ts",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      RATE_SIGNUP_PER_IP: "1000",
      RATE_LOGIN_PER_IP: "1000",
      RATE_REQUEST_LOOKUP_PER_IP: "1000",
      // The rig only: specs read the kept mail as whoever they are logged in as. Never on a deployment.
      CANYU_DEV_MAIL: "anyone",
      // Demo data on PostgreSQL too (a DATABASE_URL deployment otherwise starts empty).
      CANYU_SEED: "1",
      OUTBOX_INTERVAL_MS: "300",
      // The opening-to-draw spec cannot wait 10 minutes between the freeze and the external value.
      OBSERVERS_EXTERNAL_LEAD_MINUTES: "0",
    },
  },
});
