import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import canonicalize from "canonicalize";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { auditLog } from "#db/schema";
import type { Actor } from "../context";

export const GENESIS_HASH = "0".repeat(64);
// Serialises writers so each row's prev_hash is the row committed just before it.
export const AUDIT_LOCK = 7_274_001;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  summary?: Record<string, unknown>;
}

type Row = typeof auditLog.$inferSelect;

function contentOf(r: Pick<Row, "at" | "actorId" | "actorUnitId" | "actorRole" | "action" | "entityType" | "entityId" | "summary" | "ip">) {
  return {
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorUnitId: r.actorUnitId,
    actorRole: r.actorRole,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    summary: r.summary,
    ip: r.ip,
  };
}

export function hashRow(prevHash: string, content: ReturnType<typeof contentOf>): string {
  const text = `${prevHash}\n${canonicalize(content)}`;
  return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}

/**
 * Writes one audit row. Call it inside the transaction that makes the change,
 * so the change and its trace commit or roll back together.
 */
export async function recordAudit(tx: Db, actor: Actor | null, entry: AuditEntry, now: Date): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Round-trip through JSON so what is hashed is exactly what jsonb gives back.
  const summary = JSON.parse(JSON.stringify(entry.summary ?? {})) as Record<string, unknown>;
  const row = {
    at: now,
    actorId: actor?.id ?? null,
    actorUnitId: actor?.unitId ?? null,
    actorRole: actor?.role ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    summary,
    ip: actor?.ip ?? null,
  };
  await tx.insert(auditLog).values({ ...row, prevHash, hash: hashRow(prevHash, contentOf(row)) });
}

/** A chain head copied out of the database: the row id and its hash at that moment. */
export interface Anchor {
  lastId: number;
  headHash: string;
}

export type ChainReport =
  | { ok: true; count: number; anchors: number }
  | { ok: false; count: number; brokenAt: number; reason: "prev_hash" | "hash" | "anchor" | "anchor_missing" };

/**
 * Recomputes the whole chain; reports the first row whose link or content
 * does not match. A chain that is only self-consistent proves little against
 * someone who can write the table (edit a row and rehash everything after it,
 * or drop the newest rows), so each anchor — a head published earlier and
 * kept outside the database — must still be found in it, with its hash.
 */
export async function verifyAuditChain(db: Db, opts: { anchors?: Anchor[]; batch?: number } = {}): Promise<ChainReport> {
  const batch = opts.batch ?? 1000;
  // Several copies may name the same row (the table's, a mail, a saved page): each must match.
  const want = new Map<number, Set<string>>();
  for (const a of opts.anchors ?? []) if (a.lastId > 0) want.set(a.lastId, (want.get(a.lastId) ?? new Set()).add(a.headHash));
  const ids = [...want.keys()].sort((a, b) => a - b);
  let next = 0;
  let prev = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(batch);
    if (page.length === 0) break;
    for (const r of page) {
      // An anchored id that the walk steps over was deleted.
      if (next < ids.length && ids[next] < r.id) return { ok: false, count, brokenAt: ids[next], reason: "anchor_missing" };
      if (r.prevHash !== prev) return { ok: false, count, brokenAt: r.id, reason: "prev_hash" };
      if (hashRow(r.prevHash, contentOf(r)) !== r.hash) return { ok: false, count, brokenAt: r.id, reason: "hash" };
      if (next < ids.length && ids[next] === r.id) {
        if ([...want.get(r.id)!].some((h) => h !== r.hash)) return { ok: false, count, brokenAt: r.id, reason: "anchor" };
        next++;
      }
      prev = r.hash;
      lastId = r.id;
      count++;
    }
  }
  // Anchored rows past the end: the newest rows were deleted.
  if (next < ids.length) return { ok: false, count, brokenAt: ids[next], reason: "anchor_missing" };
  return { ok: true, count, anchors: want.size };
}

/** The chain's newest row right now (the genesis hash for an empty log). */
export async function chainHead(db: Db): Promise<Anchor> {
  const [last] = await db.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return last ? { lastId: last.id, headHash: last.hash } : { lastId: 0, headHash: GENESIS_HASH };
}

export async function listAudit(db: Db, opts: { unitId?: number; limit?: number } = {}) {
  const q = db.select().from(auditLog);
  const filtered = opts.unitId != null ? q.where(sql`${auditLog.actorUnitId} = ${opts.unitId}`) : q;
  return filtered.orderBy(desc(auditLog.id)).limit(opts.limit ?? 100);
}
