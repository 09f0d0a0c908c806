import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { useTestDb } from "#db/testing/db";
import { originAllowed } from "./origin";
import { hitRateLimit, pruneRateLimits } from "./rate-limit";

const t = useTestDb();

describe("origin check (CSRF)", () => {
  it("lets safe methods through and same-origin posts", () => {
    expect(originAllowed("GET", "canyu.example", undefined)).toBe(true);
    expect(originAllowed("POST", "localhost:3000", "http://localhost:3000")).toBe(true);
    expect(originAllowed("POST", "localhost:3000", undefined, "http://localhost:3000/login")).toBe(true);
  });
  it("refuses cross-site, missing and malformed origins", () => {
    expect(originAllowed("POST", "localhost:3000", "https://evil.example")).toBe(false);
    expect(originAllowed("POST", "localhost:3000", undefined)).toBe(false);
    expect(originAllowed("DELETE", "localhost:3000", "null")).toBe(false);
    expect(originAllowed("POST", "localhost:3000", "::not a url")).toBe(false);
  });
});

describe("rate limit", () => {
  it("counts hits in a window and opens again when the window passes", async () => {
    const now = new Date("2026-05-01T00:00:00Z");
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(t.db, "k1", 3, 60, now));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3].retryAfterSeconds).toBe(60);
    const later = await hitRateLimit(t.db, "k1", 3, 60, new Date(now.getTime() + 61_000));
    expect(later).toMatchObject({ allowed: true, hits: 1 });
  });

  it("holds under concurrent hits (one atomic statement)", async () => {
    const now = new Date("2026-05-02T00:00:00Z");
    const all = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit(t.db, "k2", 5, 60, now)));
    expect(all.filter((r) => r.allowed)).toHaveLength(5);
  });

  it("prunes only windows older than the cutoff", async () => {
    await hitRateLimit(t.db, "old", 3, 60, new Date("2026-04-01T00:00:00Z"));
    await hitRateLimit(t.db, "new", 3, 60, new Date("2026-04-02T00:00:00Z"));
    await pruneRateLimits(t.db, new Date("2026-04-01T12:00:00Z"));
    const left = await rows<{ key: string }>(t.db, sql`select key from rate_limits where key in ('old', 'new') order by key`);
    expect(left.map((r) => r.key)).toEqual(["new"]);
  });
});
