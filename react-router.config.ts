import type { Config } from "@react-router/dev/config";

export default {
  appDirectory: "app",
  ssr: true,
  // Parallel e2e runs and the benches build side by side (scripts/e2e.ts, bench/); inside the project so node_modules resolve.
  buildDirectory: process.env.BUILD_DIR ?? "build",
} satisfies Config;
