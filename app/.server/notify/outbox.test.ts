import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "#db/schema";
import { openDatabase } from "#db/index";
import { testDriver, useTestDb } from "#db/testing/db";
import { backoffSeconds, claimDue, enqueueMail, processOutbox, type Transport } from "./outbox";

const t = useTestDb();

function recording(fail = false): Transport & { sent: string[]; ids: string[] } {
  const sent: string[] = [];
  const ids: string[] = [];
  return {
    name: "test",
    sent,
    ids,
    async send(m) {
      ids.push(m.messageId);
      if (fail) throw new Error("smtp down");
      sent.push(m.subject);
    },
  };
}

describe("outbox", () => {
  it("sends nothing queued in a transaction that rolled back", async () => {
    await t.db.transaction(async (tx) => {
      await enqueueMail(tx, { to: "a@example.com", subject: "kept", text: "x" });
    });
    await t.db
      .transaction(async (tx) => {
        await enqueueMail(tx, { to: "a@example.com", subject: "rolled back", text: "x" });
        throw new Error("no");
      })
      .catch(() => {});
    const tr = recording();
    await processOutbox(t.db, tr, "from@example.com", new Date());
    expect(tr.sent).toEqual(["kept"]);
    expect(await processOutbox(t.db, tr, "from@example.com", new Date())).toEqual({ sent: 0, failed: 0 });
  });

  it("retries with growing backoff and gives up after the last attempt", async () => {
    await enqueueMail(t.db, { to: "b@example.com", subject: "flaky", text: "x" });
    // The row is due from the database's now(), in microseconds; a JavaScript Date in the same
    // millisecond is truncated below it, so the clock for the test starts one millisecond on.
    const now = new Date(Date.now() + 1);
    const failing = recording(true);
    await processOutbox(t.db, failing, "参与 <noreply@canyu.pudong.example>", now);
    const [m] = await t.db.select().from(outbox).where(eq(outbox.subject, "flaky"));
    expect(m.status).toBe("pending");
    expect(m.attempts).toBe(1);
    expect(m.lastError).toBe("smtp down");
    expect(m.nextAttemptAt.getTime() - now.getTime()).toBe(backoffSeconds(1) * 1000);
    // Not due yet: nothing happens.
    const tr = recording();
    await processOutbox(t.db, tr, "f", new Date(now.getTime() + 1000));
    expect(tr.sent).toEqual([]);
    await processOutbox(t.db, tr, "参与 <noreply@canyu.pudong.example>", new Date(now.getTime() + 31_000));
    expect(tr.sent).toEqual(["flaky"]);
    // The retry carries the first attempt's Message-ID, so a receiver that got both can drop one.
    expect(tr.ids).toEqual(failing.ids);
    expect(tr.ids[0]).toBe(`<outbox-${m.id}@canyu.pudong.example>`);
    expect(backoffSeconds(2)).toBe(60);
    expect(backoffSeconds(20)).toBe(3600);
  });

  it("is sent once even when several app instances poll together", async () => {
    // On PostgreSQL a second instance is a second connection pool on the same database.
    const other = testDriver === "postgres" ? await openDatabase({ url: t.database.url, max: 5 }) : null;
    const instances = [t.db, other?.db ?? t.db];
    try {
      for (let i = 0; i < 30; i++) await enqueueMail(t.db, { to: "c@example.com", subject: `m${i}`, text: "x" });
      const tr = recording();
      const now = new Date(Date.now() + 10 * 60_000);
      await Promise.all(Array.from({ length: 6 }, (_, i) => processOutbox(instances[i % 2], tr, "f", now, 5)));
      await Promise.all(Array.from({ length: 4 }, (_, i) => processOutbox(instances[i % 2], tr, "f", now, 50)));
      const mine = tr.sent.filter((s) => /^m\d+$/.test(s));
      expect(mine).toHaveLength(30);
      expect(new Set(mine).size).toBe(30);
    } finally {
      await other?.close();
    }
  });

  it("retries a message whose worker died mid-send once its lease runs out", async () => {
    await enqueueMail(t.db, { to: "d@example.com", subject: "orphan", text: "x" });
    const now = new Date(Date.now() + 20 * 60_000);
    // A worker claims it and dies before marking it sent.
    const claimed = await claimDue(t.db, now, 100);
    expect(claimed.map((c) => c.subject)).toContain("orphan");
    const tr = recording();
    await processOutbox(t.db, tr, "f", new Date(now.getTime() + 1000));
    expect(tr.sent).not.toContain("orphan");
    await processOutbox(t.db, tr, "f", new Date(now.getTime() + 61_000));
    expect(tr.sent).toEqual(["orphan"]);
  });
});
