import path from "node:path";
import { openDatabase } from "#db/index";
import { migrate } from "#db/migrate";

const database = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATABASE_URL ? undefined : (process.env.PGLITE_DIR ?? path.resolve("data/pglite")),
});
await migrate(database);
await database.close();
console.log(`Migrated (${database.driver}).`);
