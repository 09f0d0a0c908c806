import path from "node:path";
import { openDatabase } from "#db/index";
import { migrate } from "#db/migrate";

const database = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATABASE_URL ? undefined : (process.env.PGLITE_DIR ?? path.resolve("data/pglite")),
});
// MIGRATION_DATABASE_URL: migrate as the owner and grant DATABASE_URL's role only what the app needs.
await migrate(database, { ownerUrl: process.env.MIGRATION_DATABASE_URL || undefined });
await database.close();
console.log(`Migrated (${database.driver}).`);
