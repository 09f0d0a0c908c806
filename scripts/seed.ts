/**
 * Reloads the demo data: empties the database (PGlite: its folder; PostgreSQL:
 * the public schema), migrates and seeds. Stop the app first when on PGlite:
 * only one process may open its folder.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { openDatabase } from "#db/index";
import { migrate } from "#db/migrate";
import { seed } from "../seeds/index";

const url = process.env.DATABASE_URL || undefined;
const dataDir = process.env.PGLITE_DIR ?? path.resolve("data/pglite");
if (!url) await rm(dataDir, { recursive: true, force: true });
const database = await openDatabase({ url, dataDir: url ? undefined : dataDir });
if (url) await database.exec("DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS drizzle CASCADE; CREATE SCHEMA public;");
await migrate(database);
await seed(database.db, new Date());
await database.close();
console.log(`Demo data loaded (${database.driver}).`);
