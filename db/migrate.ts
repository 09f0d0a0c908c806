import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { importKnownSchedules } from "../app/.server/calendar/schedules";
import type { Database } from "./index";

const here = path.dirname(fileURLToPath(import.meta.url));
const migrationsFolder = path.join(here, "migrations");
const sqlFolder = path.join(here, "sql");

/**
 * What the app's own role may do once migrations ran as the owner: read and
 * write the tables, but only read and append the audit log and its anchors.
 * Not being the owner, it can neither disable the append-only triggers nor
 * alter the tables. Idempotent, and run after every migration, so tables
 * added later are covered too.
 */
function appRoleGrants(role: string): string {
  const r = `"${role.replaceAll('"', '""')}"`;
  return `GRANT USAGE ON SCHEMA public TO ${r};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_anchors FROM ${r};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};`;
}

export interface MigrateOptions {
  /**
   * PostgreSQL: run the migrations as this (owning) role, then grant the
   * role the app connects as (`database.url`'s user) only what appRoleGrants
   * lists. Without it the app's own connection migrates (it is the owner).
   */
  ownerUrl?: string;
}

/**
 * drizzle-kit migrations, then the idempotent scripts in db/sql (triggers and
 * functions drizzle-kit does not model), in name order, then the holiday
 * schedules `chinese-days` knows that the table lacks (data the rules need).
 */
export async function migrate(database: Database, opts: MigrateOptions = {}): Promise<void> {
  if (database.driver === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder });
    for (const f of await sqlFiles()) await database.exec(await readFile(f, "utf8"));
  } else {
    // Two instances starting together must not both run the same migration:
    // one dedicated connection holds a session lock around the run.
    const client = postgres(opts.ownerUrl ?? database.url!, { max: 1, onnotice: () => {} });
    try {
      await client`SELECT pg_advisory_lock(727274)`;
      await migratePostgres(drizzle({ client }), { migrationsFolder });
      for (const f of await sqlFiles()) await client.unsafe(await readFile(f, "utf8"));
      if (opts.ownerUrl) {
        const app = postgres(database.url!, { max: 1, onnotice: () => {} });
        const [{ role }] = await app<{ role: string }[]>`SELECT current_user AS role`.finally(() => app.end({ timeout: 5 }));
        const [{ owner }] = await client<{ owner: string }[]>`SELECT current_user AS owner`;
        if (role !== owner) await client.unsafe(appRoleGrants(role));
      }
    } finally {
      await client.end({ timeout: 5 });
    }
  }
  await importKnownSchedules(database.db);
}

async function sqlFiles(): Promise<string[]> {
  const names = (await readdir(sqlFolder)).filter((f) => f.endsWith(".sql")).sort();
  return names.map((f) => path.join(sqlFolder, f));
}
