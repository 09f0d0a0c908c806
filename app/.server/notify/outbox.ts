import { and, eq, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { rows, ts, type Db } from "#db/index";
import { outbox } from "#db/schema";
import { startRepeating } from "../repeat";

interface MailAttachment {
  filename: string;
  /** base64 */
  content: string;
  contentType: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

/** Queue a message in the caller's transaction: it is sent only if the change commits. */
export async function enqueueMail(tx: Db, mail: Mail): Promise<void> {
  await tx.insert(outbox).values({
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    attachments: mail.attachments ?? null,
  });
}

export interface Transport {
  name: string;
  /** `messageId` is the same on every attempt for one outbox row, so a receiver can drop a resend. */
  send(mail: Mail & { from: string; messageId: string }): Promise<void>;
}

/** The Message-ID of an outbox row: stable across retries. */
function messageIdOf(id: number, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? "canyu.invalid";
  return `<outbox-${id}@${domain}>`;
}

export function smtpTransport(url: string): Transport {
  const t = nodemailer.createTransport(url);
  return {
    name: "smtp",
    async send(mail) {
      await t.sendMail({
        from: mail.from,
        messageId: mail.messageId,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        attachments: mail.attachments?.map((a) => ({
          filename: a.filename,
          content: Buffer.from(a.content, "base64"),
          contentType: a.contentType,
        })),
      });
    },
  };
}

/** Without SMTP the message stays in the outbox, readable on the development mail page. */
export const keepTransport: Transport = { name: "kept", send: async () => {} };

const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 60;

/** 30 s, 1 min, 2 min, … capped at one hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));
}

interface Claimed {
  id: number;
  to: string;
  subject: string;
  text: string;
  attachments: MailAttachment[] | null;
  attempts: number;
}

/**
 * Claims due messages with SKIP LOCKED and a lease, so several workers (one per
 * app instance) never take the same message; a worker that dies mid-send loses
 * its lease and the message is retried.
 */
export async function claimDue(db: Db, now: Date, limit: number, leaseSeconds = LEASE_SECONDS): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + leaseSeconds * 1000);
  const claimed = await rows<Claimed & { attachments: unknown }>(
    db,
    sql`update outbox set locked_until = ${ts(leaseUntil)}, attempts = attempts + 1
        where id in (
          select id from outbox
          where status = 'pending' and next_attempt_at <= ${ts(now)}
            and (locked_until is null or locked_until < ${ts(now)})
          order by id limit ${limit}
          for update skip locked)
        returning id, "to", subject, text, attachments, attempts`,
  );
  return claimed.map((c) => ({
    ...c,
    id: Number(c.id),
    attempts: Number(c.attempts),
    attachments: (typeof c.attachments === "string" ? JSON.parse(c.attachments) : c.attachments) as MailAttachment[] | null,
  }));
}

export async function processOutbox(
  db: Db,
  transport: Transport,
  from: string,
  now: Date,
  limit = 20,
  leaseSeconds = LEASE_SECONDS,
): Promise<{ sent: number; failed: number }> {
  const due = await claimDue(db, now, limit, leaseSeconds);
  let sent = 0;
  let failed = 0;
  for (const m of due) {
    try {
      await transport.send({ from, messageId: messageIdOf(m.id, from), to: m.to, subject: m.subject, text: m.text, attachments: m.attachments ?? undefined });
      // Only the lease holder may mark it: a lease that ran out meanwhile belongs to someone else.
      await db
        .update(outbox)
        .set({ status: "sent", sentAt: now, lockedUntil: null, transport: transport.name, lastError: null })
        .where(and(eq(outbox.id, m.id), eq(outbox.attempts, m.attempts)));
      sent++;
    } catch (e) {
      failed++;
      const giveUp = m.attempts >= MAX_ATTEMPTS;
      await db
        .update(outbox)
        .set({
          status: giveUp ? "failed" : "pending",
          lockedUntil: null,
          lastError: String((e as Error)?.message ?? e).slice(0, 500),
          nextAttemptAt: new Date(now.getTime() + backoffSeconds(m.attempts) * 1000),
        })
        .where(and(eq(outbox.id, m.id), eq(outbox.attempts, m.attempts)));
    }
  }
  return { sent, failed };
}

/** Polls the outbox until stopped; one per app process. */
export function startOutboxWorker(
  db: Db,
  transport: Transport,
  from: string,
  { intervalMs, leaseSeconds = LEASE_SECONDS, onError = (e) => console.error("outbox:", e) }: { intervalMs: number; leaseSeconds?: number; onError?: (e: unknown) => void },
): () => void {
  return startRepeating(
    async (stopped) => {
      // Drain what is due, then wait.
      while (!stopped()) {
        const r = await processOutbox(db, transport, from, new Date(), 20, leaseSeconds);
        if (r.sent + r.failed === 0) break;
      }
    },
    { firstMs: 50, intervalMs, onError },
  );
}

export function listOutbox(db: Db, opts: { to?: string; limit?: number } = {}) {
  const q = db.select().from(outbox);
  return (opts.to ? q.where(eq(outbox.to, opts.to)) : q).orderBy(sql`${outbox.id} desc`).limit(opts.limit ?? 100);
}

/**
 * /dev/mail for this visitor: absent unless configured (a 404, as if it never
 * existed), and when configured for the admin alone, refused to anyone else.
 */
export function devMailAccess(mode: "off" | "admin" | "anyone", user: { role: string } | null): 200 | 403 | 404 {
  if (mode === "off") return 404;
  if (mode === "anyone" || user?.role === "admin") return 200;
  return 403;
}
