import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, openDatabase, pgError } from "./index";
import { useTestDb } from "./testing/db";

describe("isDatabaseUnavailable", () => {
  const t = useTestDb();

  it("is true for a server that cannot be reached, through drizzle's wrapper", async () => {
    // Nothing listens on port 1: the connection is refused.
    const gone = await openDatabase({ url: "postgres://postgres@127.0.0.1:1/none", max: 1 });
    const e = await gone.db.execute(sql`select 1`).then(() => null, (err: unknown) => err);
    await gone.close().catch(() => {});
    expect(e).toBeTruthy();
    expect(isDatabaseUnavailable(e)).toBe(true);
  });

  it("is true for the SQLSTATEs of a server going down or starting up", () => {
    for (const code of ["57P01", "57P03", "08006", "08001", "53300"]) {
      expect(isDatabaseUnavailable(Object.assign(new Error("x"), { cause: { code } })), code).toBe(true);
    }
  });

  it("is false for the errors a request itself causes", async () => {
    const e = await t.db.execute(sql`select 1/0`).then(() => null, (err: unknown) => err);
    expect(pgError(e)?.code).toBe("22012");
    expect(isDatabaseUnavailable(e)).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
  });
});
