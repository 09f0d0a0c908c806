import { sql } from "drizzle-orm";
import { rows, ts, type Db } from "#db/index";

export interface RateResult {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

/**
 * A fixed-window counter kept in the database, so every app instance on the
 * same PostgreSQL shares it. One upsert both resets a stale window and counts
 * the hit, so concurrent requests cannot slip past the limit.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): Promise<RateResult> {
  const cutoff = new Date(now.getTime() - windowSeconds * 1000);
  const [row] = await rows<{ window_start: Date | string; hits: number }>(
    db,
    sql`insert into rate_limits (key, window_start, hits) values (${key}, ${ts(now)}, 1)
        on conflict (key) do update set
          window_start = case when rate_limits.window_start <= ${ts(cutoff)} then excluded.window_start else rate_limits.window_start end,
          hits = case when rate_limits.window_start <= ${ts(cutoff)} then 1 else rate_limits.hits + 1 end
        returning window_start, hits`,
  );
  const hits = Number(row.hits);
  const windowStart = new Date(row.window_start);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
  return { allowed: hits <= limit, hits, retryAfterSeconds };
}

export async function pruneRateLimits(db: Db, olderThan: Date): Promise<void> {
  await db.execute(sql`delete from rate_limits where window_start < ${ts(olderThan)}`);
}

/**
 * Every counter key (address, account) stays in the table after its window
 * ends; an hourly sweep of windows older than the longest limit keeps it small.
 * Safe on every instance at once.
 */
export function startRateLimitPruner(db: Db, longestWindowSeconds: number, onError: (e: unknown) => void = (e) => console.error("rate limits:", e)): () => void {
  const sweep = () => pruneRateLimits(db, new Date(Date.now() - longestWindowSeconds * 1000)).catch(onError);
  const timer = setInterval(sweep, 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Takes back one hit of the current window: an attempt that turned out
 * legitimate (a correct password) does not count towards the limit, so a
 * whole office behind one address cannot lock itself out by logging in.
 */
export async function refundRateLimit(db: Db, key: string): Promise<void> {
  await db.execute(sql`update rate_limits set hits = greatest(hits - 1, 0) where key = ${key}`);
}
