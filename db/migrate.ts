import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database } from "./index";

const here = path.dirname(fileURLToPath(import.meta.url));
export const migrationsFolder = path.join(here, "migrations");
const sqlFolder = path.join(here, "sql");

/**
 * drizzle-kit migrations, then the idempotent scripts in db/sql (triggers and
 * functions drizzle-kit does not model), in name order.
 */
export async function migrate(database: Database): Promise<void> {
  if (database.driver === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder });
  } else {
    // Two instances starting together must not both run the same migration:
    // one dedicated connection holds a session lock around the run.
    const client = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      await client`SELECT pg_advisory_lock(727274)`;
      await migratePostgres(drizzle({ client }), { migrationsFolder });
      for (const f of await sqlFiles()) await client.unsafe(await readFile(f, "utf8"));
    } finally {
      await client.end({ timeout: 5 });
    }
    return;
  }
  for (const f of await sqlFiles()) await database.exec(await readFile(f, "utf8"));
}

async function sqlFiles(): Promise<string[]> {
  const names = (await readdir(sqlFolder)).filter((f) => f.endsWith(".sql")).sort();
  return names.map((f) => path.join(sqlFolder, f));
}
