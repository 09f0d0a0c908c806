/**
 * A fresh database for one test file, copied from the migrated template:
 * PGlite in memory, or a new PostgreSQL database when the `postgres` project runs.
 */
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type Database, type Db } from "../index";
import { adminUrl } from "./global-setup";

export const testDriver = (process.env.TEST_DB === "postgres" ? "postgres" : "pglite") as "pglite" | "postgres";

export async function createTestDatabase(): Promise<Database> {
  if (testDriver === "pglite") {
    const blob = new Blob([await readFile(inject("pgliteTemplate"))]);
    return openDatabase({ loadDataDir: blob });
  }
  const url = process.env.DATABASE_URL!;
  const template = inject("postgresTemplate");
  const name = `canyu_t_${template.replace("canyu_tpl_", "")}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Copying a template fails while anyone else is connected to it; the window is short, so retry.
    for (let i = 0; ; i++) {
      try {
        await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (e) {
        if (i > 20) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: adminUrl(url, name), max: 20 });
  const close = database.close;
  database.close = async () => {
    await close();
    const a = postgres(url, { max: 1, onnotice: () => {} });
    await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  return database;
}

/**
 * Registers a database for the current test file:
 *   const t = useTestDb(); … t.db
 */
export function useTestDb() {
  const holder = {} as { database: Database; db: Db };
  beforeAll(async () => {
    holder.database = await createTestDatabase();
    holder.db = holder.database.db;
  });
  afterAll(async () => {
    await holder.database?.close();
  });
  return holder;
}
