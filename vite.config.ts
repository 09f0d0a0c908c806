import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "#db": fileURLToPath(new URL("./db", import.meta.url)),
    },
  },
  server: { port: 3000 },
  build: { target: "es2022" },
  ssr: {
    // Native and wasm packages stay external so the server bundle loads them from node_modules.
    external: ["@node-rs/argon2", "@electric-sql/pglite", "postgres", "nodemailer"],
  },
  plugins: [
    remix({
      // Parallel e2e runs build side by side (scripts/e2e.ts); inside the project so node_modules resolve.
      buildDirectory: process.env.BUILD_DIR ?? "build",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
});
