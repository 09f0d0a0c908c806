import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

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
  plugins: [reactRouter()],
});
