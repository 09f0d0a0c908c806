import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { SHANGHAI } from "../app/lib/shanghai";
import * as schema from "./schema";

export { schema };

/** One type for both drivers; a transaction is also a Db. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Driver = "pglite" | "postgres";

export interface Database {
  db: Db;
  driver: Driver;
  /** Set for the postgres driver. */
  url?: string;
  /** Runs a script of several statements (migrations, test setup). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… ; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder; absent means in memory. */
  dataDir?: string;
  /** PGlite: start from a dumped data folder (test template). */
  loadDataDir?: Blob;
  /** postgres.js pool size. */
  max?: number;
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  if (opts.url) {
    const client = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      // Keep timestamps and dates as the same JS types PGlite gives.
      types: { bigint: postgres.BigInt },
      connection: { TimeZone: SHANGHAI },
    });
    preparedByDefault(client);
    const db = drizzlePostgres({ client, schema, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      driver: "postgres",
      url: opts.url,
      exec: async (script) => {
        await client.unsafe(script);
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    // The search indexes (db/sql/019_search.sql) need pg_trgm; PostgreSQL ships it in contrib.
    extensions: { pg_trgm },
  });
  await client.exec(`SET TIME ZONE '${SHANGHAI}'`);
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    exec: async (script) => {
      await client.exec(script);
    },
    close: () => client.close(),
  };
}

/**
 * Drizzle sends every query it did not name as an unnamed statement, and for
 * a query with parameters postgres.js then asks the server to describe it
 * before binding: two round trips and a fresh plan on every execution. Named
 * statements, postgres.js's own default for its tagged queries, take one round
 * trip once a connection has seen the text and let the server reuse the plan
 * (docs/decisions/1902-search-page-cost.md). Queries in a transaction run on
 * the transaction's own handle and stay unnamed.
 */
function preparedByDefault(client: postgres.Sql): void {
  const unsafe = client.unsafe.bind(client);
  client.unsafe = ((query: string, args?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
    unsafe(query, args, { ...options, prepare: true })) as typeof client.unsafe;
}

/** Raw SQL with one result shape: postgres.js returns an array, PGlite `{ rows }`. */
export async function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows: T[] }).rows ?? []) as T[];
}

export async function ping(db: Db): Promise<boolean> {
  try {
    const r = await rows<{ ok: number }>(db, sql`select 1 as ok`);
    return Number(r[0]?.ok) === 1;
  } catch {
    return false;
  }
}

type Cause = { code?: unknown; message?: string; constraint?: string; constraint_name?: string; cause?: unknown };

/** An error and the errors under it (drizzle wraps the driver's error in `cause`), `depth` deep. */
function* causes(e: unknown, depth: number): Generator<Cause> {
  let cur: unknown = e;
  for (let i = 0; i < depth && cur; i++) {
    yield cur as Cause;
    cur = (cur as Cause).cause;
  }
}

/** The PostgreSQL error under drizzle's wrapper, whichever driver raised it. */
export function pgError(e: unknown): { code?: string; message: string; constraint?: string } | null {
  for (const c of causes(e, 5)) {
    if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) {
      return { code: c.code, message: c.message ?? "", constraint: c.constraint ?? c.constraint_name };
    }
  }
  return null;
}

// postgres.js's own codes for a connection it lost or could not make.
const LOST_CONNECTION = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);

/**
 * True when the database could not be reached or went away mid-query (a
 * restart, a failover): the request should be answered 503 "try again", not
 * 500. SQLSTATE class 08 is a connection exception; 57P01–57P03 are the
 * server shutting down or starting up; 53300 is too many connections.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (const { code } of causes(e, 6)) {
    if (typeof code === "string" && (LOST_CONNECTION.has(code) || code.startsWith("08") || /^57P0[123]$/.test(code) || code === "53300")) return true;
  }
  return false;
}

/**
 * A timestamp parameter for raw SQL. drizzle's postgres.js driver passes raw
 * parameters through unserialised, so a Date must go in as ISO text; raw
 * results likewise come back as text there and as Date on PGlite: wrap them
 * in `new Date(…)`.
 */
export function ts(d: Date): SQL {
  return sql`${d.toISOString()}::timestamptz`;
}
