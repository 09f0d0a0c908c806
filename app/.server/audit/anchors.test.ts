import { asc, eq, gt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, outbox, users } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { anchorLine, listAnchors, parseAnchors, publishAnchor } from "./anchors";
import { GENESIS_HASH, hashRow, recordAudit, verifyAuditChain } from "./audit";

const t = useTestDb();
const staff = { id: 1, role: "staff" as const, unitId: 2, ip: "10.0.0.5" };
const day = (d: number) => new Date(Date.UTC(2026, 5, d, 2, 0, 0));

async function write(n: number, at: Date) {
  for (let i = 0; i < n; i++) {
    await t.db.transaction((tx) => recordAudit(tx, staff, { action: "decision.update", entityType: "decision", entityId: i, summary: { n: i } }, at));
  }
}

/** What someone with the table owner's rights can do: the triggers off, then back on. */
async function asOwner(statements: string) {
  await t.database.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; ${statements}; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;`);
}

async function storedAnchors() {
  return (await listAnchors(t.db)).map((a) => ({ lastId: a.lastId, headHash: a.headHash }));
}

describe("audit anchors", () => {
  it("publishes the head once a Shanghai day and mails it to every admin", async () => {
    await t.db.insert(users).values({ email: "chief@pudong.example", passwordHash: "x", displayName: "管理员", role: "admin" });
    const empty = await publishAnchor(t.db, day(1));
    expect(empty).toMatchObject({ day: "2026-06-01", anchor: { lastId: 0, headHash: GENESIS_HASH }, created: true });
    await write(3, day(2));
    const first = await publishAnchor(t.db, day(2));
    expect(first.created).toBe(true);
    expect(first.anchor.lastId).toBeGreaterThan(0);
    // Later the same day (another instance, a restart): nothing new.
    await write(1, day(2));
    expect(await publishAnchor(t.db, new Date(day(2).getTime() + 3600_000))).toMatchObject({ created: false, anchor: first.anchor });
    const mails = await t.db.select().from(outbox).where(eq(outbox.to, "chief@pudong.example"));
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain(anchorLine("2026-06-02", first.anchor));
    expect(mails[1].subject).toContain("2026-06-02");
    expect(await verifyAuditChain(t.db, { anchors: await storedAnchors() })).toMatchObject({ ok: true, anchors: 1 });
  });

  it("catches deleting the newest rows, which the chain alone cannot see", async () => {
    await write(3, day(3));
    const a = await publishAnchor(t.db, day(3));
    await asOwner(`DELETE FROM audit_log WHERE id > ${a.anchor.lastId - 2}`);
    // The shortened chain is still self-consistent…
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    // …but the anchor names a row that is gone.
    expect(await verifyAuditChain(t.db, { anchors: await storedAnchors() })).toMatchObject({ ok: false, brokenAt: a.anchor.lastId, reason: "anchor_missing" });
    // The mailed copy catches it even if the anchors table were wiped as well.
    const kept = parseAnchors(anchorLine(a.day, a.anchor));
    expect(await verifyAuditChain(t.db, { anchors: kept.anchors })).toMatchObject({ ok: false, reason: "anchor_missing" });
  });
});

describe("audit anchors against edit-and-rehash", () => {
  const u = useTestDb();
  it("catches a row edited with every later hash recomputed", async () => {
    for (let i = 0; i < 6; i++) {
      await u.db.transaction((tx) => recordAudit(tx, staff, { action: "comment.publish", entityType: "comment", entityId: i, summary: { i } }, day(10)));
    }
    const a = await publishAnchor(u.db, day(10));
    const line = anchorLine(a.day, a.anchor);
    const all = await u.db.select().from(auditLog).orderBy(asc(auditLog.id));
    const victim = all[1];
    // Forge: change one row's summary, then rebuild the chain from there on.
    let prev = victim.prevHash;
    const forged: string[] = [];
    for (const r of await u.db.select().from(auditLog).where(gt(auditLog.id, victim.id - 1)).orderBy(asc(auditLog.id))) {
      const summary = r.id === victim.id ? { i: 1, note: "篡改" } : r.summary;
      const hash = hashRow(prev, { at: r.at.toISOString(), actorId: r.actorId, actorUnitId: r.actorUnitId, actorRole: r.actorRole, action: r.action, entityType: r.entityType, entityId: r.entityId, summary, ip: r.ip });
      forged.push(`UPDATE audit_log SET summary = '${JSON.stringify(summary)}', prev_hash = '${prev}', hash = '${hash}' WHERE id = ${r.id}`);
      prev = hash;
    }
    await u.database.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; ${forged.join("; ")}; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;`);
    expect((await verifyAuditChain(u.db)).ok).toBe(true);
    expect(await verifyAuditChain(u.db, { anchors: parseAnchors(line).anchors })).toMatchObject({ ok: false, brokenAt: a.anchor.lastId, reason: "anchor" });
    // The forger also rewrote the anchors table: the stored copy agrees with the forgery, the kept one still does not.
    const rewritten = { lastId: a.anchor.lastId, headHash: prev };
    expect(await verifyAuditChain(u.db, { anchors: [...parseAnchors(line).anchors, rewritten] })).toMatchObject({ ok: false, reason: "anchor" });
    expect(await verifyAuditChain(u.db, { anchors: [rewritten, ...parseAnchors(line).anchors] })).toMatchObject({ ok: false, reason: "anchor" });
  });

  it("reads anchors from mailed lines and from the public JSON, and names lines it cannot use", () => {
    const h = "a".repeat(64);
    expect(parseAnchors(`\ncanyu-audit-anchor:v1:2026-06-01:12:${h}\nnot an anchor\n`)).toEqual({ anchors: [{ day: "2026-06-01", lastId: 12, headHash: h }], bad: ["not an anchor"] });
    expect(parseAnchors(JSON.stringify({ anchors: [{ day: "2026-06-01", lastId: 12, headHash: h, at: "x" }] })).anchors).toEqual([{ day: "2026-06-01", lastId: 12, headHash: h }]);
  });
});
