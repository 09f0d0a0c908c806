import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { users } from "#db/schema";
import { asLang, translate, type Lang } from "~/i18n/messages";
import { recordAudit } from "../audit/audit";
import type { Config } from "../config";
import type { Actor, CurrentUser } from "../context";
import { UserError } from "../errors";
import { optionalText, text } from "../forms";
import { enqueueMail } from "../notify/outbox";
import { hitRateLimit, refundRateLimit } from "../security/rate-limit";
import { hashPassword, verifyPassword } from "./password";
import { createSession, generateSessionToken, invalidateUserSessions } from "./session";

export const email = z
  .string({ error: "err.email" })
  .trim()
  .toLowerCase()
  .max(254, { error: "err.email" })
  .pipe(z.email({ error: "err.email" }));
export const password = z
  .string({ error: "err.password.short" })
  .min(8, { error: "err.password.short" })
  .max(128, { error: "err.password.long" });
const phone = optionalText(20).refine((p) => p === null || /^1[3-9]\d{9}$/.test(p.replace(/[\s-]/g, "")), {
  error: "err.phone",
});

export const signUpSchema = z.object({
  email,
  password,
  displayName: text(40, "err.displayName"),
  phone,
});
export const loginSchema = z.object({ email, password: z.string({ error: "err.badLogin" }).min(1, { error: "err.badLogin" }).max(128, { error: "err.badLogin" }) });
export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "err.badPassword" }).min(1, { error: "err.badPassword" }).max(128),
  newPassword: password,
});

export interface RequestInfo {
  ip: string;
  now: Date;
  config: Config;
  lang: Lang;
}

export interface NewSession {
  userId: number;
  token: string;
  expiresAt: Date;
}

async function limit(db: Db, key: string, max: number, info: RequestInfo) {
  const r = await hitRateLimit(db, key, max, info.config.rateWindowMinutes * 60, info.now);
  if (!r.allowed) throw new UserError("err.rateLimited", { minutes: Math.ceil(r.retryAfterSeconds / 60) }, undefined, 429);
}

async function openSession(db: Db, userId: number, info: RequestInfo): Promise<NewSession> {
  const token = generateSessionToken();
  const s = await createSession(db, token, userId, info.now, info.config.sessionDays);
  return { userId, token, expiresAt: s.expiresAt };
}

export async function signUp(db: Db, input: z.output<typeof signUpSchema>, info: RequestInfo): Promise<NewSession> {
  await limit(db, `signup:ip:${info.ip}`, info.config.signupPerIp, info);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${input.email}`);
    if (existing) throw new UserError("err.emailTaken", {}, "email");
    const [u] = await tx
      .insert(users)
      .values({ email: input.email, passwordHash, displayName: input.displayName, phone: input.phone, role: "citizen", lang: info.lang })
      .returning({ id: users.id });
    await enqueueMail(tx, {
      to: input.email,
      subject: translate(info.lang, "mail.welcome.subject"),
      text: translate(info.lang, "mail.welcome.body", { name: input.displayName }),
    });
    await recordAudit(tx, { id: u.id, role: "citizen", unitId: null, ip: info.ip }, { action: "user.signup", entityType: "user", entityId: u.id, summary: { email: input.email } }, info.now);
    return openSession(tx, u.id, info);
  });
}

/**
 * Password guesses are throttled three ways, each counting only attempts that
 * fail: per account *and* address (the real owner signing in from elsewhere is
 * never locked out by one attacker), per address across accounts (one
 * attacker spraying many accounts), and per account across all addresses (a
 * far higher bound that only slows a distributed attack). Every attempt is
 * counted before the password is checked, so parallel guesses cannot slip
 * past, and a correct password takes its hits back.
 */
async function passwordAttempt<T>(db: Db, accountEmail: string, info: RequestInfo, check: () => Promise<T | null>): Promise<T | null> {
  const c = info.config;
  const keys: [string, number][] = [
    [`login:pair:${accountEmail}|${info.ip}`, c.loginPerAccount],
    [`login:ip:${info.ip}`, c.loginPerIp],
    [`login:account:${accountEmail}`, c.loginPerAccountAll],
  ];
  const window = c.rateWindowMinutes * 60;
  let wait = 0;
  for (const [key, max] of keys) {
    const r = await hitRateLimit(db, key, max, window, info.now);
    if (!r.allowed) wait = Math.max(wait, r.retryAfterSeconds);
  }
  if (wait > 0) throw new UserError("err.rateLimited", { minutes: Math.ceil(wait / 60) }, undefined, 429);
  const result = await check();
  if (result !== null) for (const [key] of keys) await refundRateLimit(db, key);
  return result;
}

export async function logIn(db: Db, input: z.output<typeof loginSchema>, info: RequestInfo): Promise<NewSession> {
  const u = await passwordAttempt(db, input.email, info, async () => {
    const [row] = await db
      .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email}`);
    // Verify even for unknown emails so timing does not reveal which accounts exist.
    const ok = await verifyPassword(row?.passwordHash ?? DUMMY_HASH, input.password);
    return row && ok ? row : null;
  });
  if (!u) throw new UserError("err.badLogin", {}, "password", 401);
  if (u.disabledAt) throw new UserError("err.disabled", {}, undefined, 403);
  return openSession(db, u.id, info);
}

const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$PS94c54mTLbJkDuLJpUaSA$5u68fUNc9lY4l2V+XVg/u9BeWnN1BswWfFlnazWZc6o";

/** Changing the password ends every session of the account and opens a fresh one here. */
export async function changePassword(
  db: Db,
  user: CurrentUser,
  input: z.output<typeof changePasswordSchema>,
  info: RequestInfo,
): Promise<NewSession> {
  const u = await passwordAttempt(db, user.email.toLowerCase(), info, async () => {
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    return row && (await verifyPassword(row.passwordHash, input.currentPassword)) ? row : null;
  });
  if (!u) throw new UserError("err.badPassword", {}, "currentPassword");
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await invalidateUserSessions(tx, user.id);
    await enqueueMail(tx, {
      to: u.email,
      subject: translate(asLang(u.lang), "mail.passwordChanged.subject"),
      text: translate(asLang(u.lang), "mail.passwordChanged.body", { name: u.displayName }),
    });
    const actor: Actor = { id: user.id, role: user.role, unitId: user.unitId, ip: info.ip };
    await recordAudit(tx, actor, { action: "user.password_change", entityType: "user", entityId: user.id }, info.now);
    return openSession(tx, user.id, info);
  });
}

/** The language switch, for a signed-in visitor, is also the language of their mail. */
export async function setMailLanguage(db: Db, userId: number, lang: Lang): Promise<void> {
  await db.update(users).set({ lang }).where(eq(users.id, userId));
}

export const adminSchema = z.object({ email, displayName: text(40, "err.displayName"), password });

/** A password for a first admin when none was typed: 120 random bits, base32, shown once. */
export function generatePassword(): string {
  return generateSessionToken().slice(0, 24);
}

/**
 * The first (or another) platform admin, from the command line: a real
 * deployment starts without any account, so nobody ever shares a published
 * password. Its audit row has no actor: the operator at the console made it.
 */
export async function createAdmin(db: Db, input: z.output<typeof adminSchema>, now: Date): Promise<{ id: number }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${input.email}`);
    if (existing) throw new UserError("err.emailTaken", {}, "email", 409);
    const [u] = await tx
      .insert(users)
      .values({ email: input.email, passwordHash, displayName: input.displayName, role: "admin", unitId: null })
      .returning({ id: users.id });
    await recordAudit(tx, null, { action: "user.admin_create", entityType: "user", entityId: u.id, summary: { email: input.email, via: "admin:create" } }, now);
    return u;
  });
}
