/**
 * Anchors for the audit chain (全程留痕). The chain proves the rows are
 * consistent with each other; only a copy of its head held outside the
 * database proves nothing was rewritten or dropped since. Once a Shanghai day
 * the head is recorded, shown on the public /audit/anchors page (and its JSON),
 * and mailed to every admin; verification takes anchors from the table and
 * from any copy an admin or a member of the public kept.
 */
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { auditAnchors, users } from "#db/schema";
import { translate } from "~/i18n/messages";
import { shanghaiDay } from "~/lib/shanghai";
import { enqueueMail } from "../notify/outbox";
import { publicUrl } from "../urls";
import { AUDIT_LOCK, chainHead, type Anchor } from "./audit";
import { startRepeating } from "../repeat";

const PREFIX = "canyu-audit-anchor:v1";

/** The one line an anchor travels as (mail, saved files, the admin's paste box). */
export function anchorLine(day: string, a: Anchor): string {
  return `${PREFIX}:${day}:${a.lastId}:${a.headHash}`;
}

/**
 * Anchors from text kept elsewhere: anchor lines (as mailed) or the JSON of
 * /audit/anchors.json. Blank lines are skipped; anything else unreadable is
 * returned so the caller can say which line it could not use.
 */
export function parseAnchors(text: string): { anchors: (Anchor & { day: string })[]; bad: string[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      const json = JSON.parse(trimmed) as { anchors?: unknown } | unknown[];
      const list = Array.isArray(json) ? json : ((json as { anchors?: unknown }).anchors as unknown[]);
      const anchors = (list ?? []).flatMap((x) => {
        const o = x as { day?: unknown; lastId?: unknown; headHash?: unknown };
        return typeof o.day === "string" && Number.isSafeInteger(o.lastId) && typeof o.headHash === "string" && /^[0-9a-f]{64}$/.test(o.headHash)
          ? [{ day: o.day, lastId: o.lastId as number, headHash: o.headHash }]
          : [];
      });
      return { anchors, bad: anchors.length === (list ?? []).length ? [] : ["JSON"] };
    } catch {
      return { anchors: [], bad: ["JSON"] };
    }
  }
  const anchors: (Anchor & { day: string })[] = [];
  const bad: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^canyu-audit-anchor:v1:(\d{4}-\d{2}-\d{2}):(\d{1,15}):([0-9a-f]{64})$/.exec(line);
    if (m) anchors.push({ day: m[1], lastId: Number(m[2]), headHash: m[3] });
    else bad.push(line.slice(0, 120));
  }
  return { anchors, bad };
}

export async function listAnchors(db: Db, limit = 400) {
  return db.select().from(auditAnchors).orderBy(desc(auditAnchors.day)).limit(limit);
}

/**
 * Records today's anchor once (every instance may call it; the day is the key)
 * and mails it to every admin in the same transaction. Holding the audit lock
 * keeps the head from moving while it is read.
 */
export async function publishAnchor(db: Db, now: Date): Promise<{ day: string; anchor: Anchor; created: boolean }> {
  const day = shanghaiDay(now);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [existing] = await tx.select().from(auditAnchors).where(eq(auditAnchors.day, day));
    if (existing) return { day, anchor: { lastId: existing.lastId, headHash: existing.headHash }, created: false };
    const anchor = await chainHead(tx);
    await tx.insert(auditAnchors).values({ day, at: now, ...anchor });
    const admins = await tx.select({ email: users.email }).from(users).where(sql`${users.role} = 'admin' and ${users.disabledAt} is null`);
    const line = anchorLine(day, anchor);
    for (const a of admins) {
      await enqueueMail(tx, {
        to: a.email,
        subject: `${translate("zh", "audit.anchors.mail.subject", { day })} / ${translate("en", "audit.anchors.mail.subject", { day })}`,
        text: `${translate("zh", "audit.anchors.mail.body", { day, line, url: publicUrl("/audit/anchors") })}\n\n---\n\n${translate("en", "audit.anchors.mail.body", { day, line, url: publicUrl("/audit/anchors") })}`,
      });
    }
    return { day, anchor, created: true };
  });
}

/** Each instance checks hourly; the first check of a Shanghai day publishes that day's anchor. */
export function startAnchorWorker(db: Db, intervalMs = 60 * 60 * 1000, onError: (e: unknown) => void = (e) => console.error("audit anchor:", e)): () => void {
  return startRepeating(() => publishAnchor(db, new Date()), { firstMs: 5000, intervalMs, onError });
}
