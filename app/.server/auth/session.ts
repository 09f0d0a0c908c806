import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "#db/index";
import { sessions, users } from "#db/schema";
import type { CurrentUser } from "../context";

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_COOKIE = "canyu_session";

/** 160 random bits, base32: the value only the browser ever holds. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Db, token: string, userId: number, now: Date, days: number) {
  const session = { id: sessionIdOf(token), userId, expiresAt: new Date(now.getTime() + days * DAY) };
  await db.insert(sessions).values(session);
  return session;
}

export interface ValidatedSession {
  user: CurrentUser;
  expiresAt: Date;
  /** The expiry moved forward: the cookie must be sent again. */
  refreshed: boolean;
}

/**
 * Sliding expiry: a session used in the second half of its life is extended to
 * a full period again, so an active user stays logged in and an idle one does not.
 */
export async function validateSessionToken(
  db: Db,
  token: string,
  now: Date,
  days: number,
): Promise<ValidatedSession | null> {
  const id = sessionIdOf(token);
  const [row] = await db
    .select({
      expiresAt: sessions.expiresAt,
      user: {
        id: users.id,
        email: users.email,
        displayName: users.displayName,
        role: users.role,
        unitId: users.unitId,
      },
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.userId), isNull(users.disabledAt)))
    .where(eq(sessions.id, id));
  if (!row) return null;
  if (now.getTime() >= row.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  let expiresAt = row.expiresAt;
  let refreshed = false;
  if (now.getTime() >= expiresAt.getTime() - (days * DAY) / 2) {
    expiresAt = new Date(now.getTime() + days * DAY);
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
    refreshed = true;
  }
  return { user: { ...row.user, sessionId: id }, expiresAt, refreshed };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "HttpOnly",
    "SameSite=Lax",
    "Path=/",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0${secure ? "; Secure" : ""}`;
}

export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    if (part.slice(0, i).trim() !== name) continue;
    // A malformed value (`%zz`) is no cookie at all, not a server error on every page.
    try {
      return decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}
