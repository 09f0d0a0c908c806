import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pgError } from "#db/index";
import { auditLog } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { GENESIS_HASH, recordAudit, verifyAuditChain } from "./audit";

const t = useTestDb();
const staff = { id: 1, role: "staff" as const, unitId: 2, ip: "10.0.0.5" };

describe("audit log", () => {
  it("chains each row to the one before and verifies intact", async () => {
    for (let i = 0; i < 5; i++) {
      await t.db.transaction((tx) =>
        recordAudit(tx, staff, { action: "decision.update", entityType: "decision", entityId: i, summary: { title: `第${i}项`, n: i } }, new Date(Date.UTC(2026, 0, 1, 0, 0, i))),
      );
    }
    const all = await t.db.select().from(auditLog).orderBy(auditLog.id);
    expect(all[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i].prevHash).toBe(all[i - 1].hash);
    expect(all[0]).toMatchObject({ actorId: 1, actorUnitId: 2, actorRole: "staff", ip: "10.0.0.5", entityType: "decision" });
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: 5, anchors: 0 });
  });

  it("stays a single chain under concurrent writers", async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.db.transaction((tx) => recordAudit(tx, staff, { action: "x", entityType: "y", entityId: i }, new Date())),
      ),
    );
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(true);
  });

  it("is rolled back with the change it records", async () => {
    const before = (await verifyAuditChain(t.db)).count;
    await t.db
      .transaction(async (tx) => {
        await recordAudit(tx, staff, { action: "doomed", entityType: "y" }, new Date());
        throw new Error("boom");
      })
      .catch(() => {});
    expect((await verifyAuditChain(t.db)).count).toBe(before);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    for (const q of [sql`update audit_log set action = 'forged'`, sql`delete from audit_log`, sql`truncate audit_log`]) {
      const e = await t.db.execute(q).then(() => null, (err: unknown) => pgError(err));
      expect(e?.message).toMatch(/append-only/);
      expect(e?.code).toBe("42501");
    }
  });

  it("reports where the chain breaks when a row is altered behind the trigger's back", async () => {
    const rowsBefore = await t.db.select().from(auditLog).orderBy(auditLog.id);
    const victim = rowsBefore[2];
    await t.database.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
      UPDATE audit_log SET summary = '{"title":"篡改"}' WHERE id = ${victim.id};
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;`);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: victim.id, reason: "hash" });
  });
});
