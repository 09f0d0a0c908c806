import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { outbox, sessions, users } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { loadConfig } from "../config";
import { UserError } from "../errors";
import { parseInput } from "../forms";
import { changePassword, logIn, loginSchema, signUp, signUpSchema } from "./accounts";
import { sessionIdOf, validateSessionToken } from "./session";

const t = useTestDb();
const config = { ...loadConfig({}), signupPerIp: 1000, loginPerIp: 1000 };
const info = (over: Partial<{ ip: string; now: Date }> = {}) => ({ ip: "10.0.0.1", now: new Date("2026-03-01T02:00:00Z"), config, lang: "zh" as const, ...over });

describe("sign up", () => {
  it("stores an argon2id hash, never the password, and queues a welcome mail in the same transaction", async () => {
    const s = await signUp(t.db, { email: "mei@example.com", password: "correct horse", displayName: "梅", phone: null }, info());
    const [u] = await t.db.select().from(users).where(eq(users.id, s.userId));
    expect(u.passwordHash).toMatch(/^\$argon2id\$/);
    expect(u.passwordHash).not.toContain("correct horse");
    expect(u.role).toBe("citizen");
    const mails = await t.db.select().from(outbox).where(eq(outbox.to, "mei@example.com"));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain("欢迎");
  });

  it("stores only the SHA-256 of the session token", async () => {
    const s = await signUp(t.db, { email: "hash@example.com", password: "correct horse", displayName: "H", phone: null }, info());
    const stored = await t.db.select().from(sessions).where(eq(sessions.userId, s.userId));
    expect(stored).toHaveLength(1);
    expect(stored[0].id).toBe(sessionIdOf(s.token));
    expect(stored[0].id).not.toBe(s.token);
  });

  it("refuses a second account with the same email in any case", async () => {
    await signUp(t.db, { email: "dup@example.com", password: "12345678", displayName: "A", phone: null }, info());
    await expect(
      signUp(t.db, { email: "dup@example.com", password: "12345678", displayName: "B", phone: null }, info()),
    ).rejects.toMatchObject({ key: "err.emailTaken", field: "email" });
  });

  it("explains bad input in Chinese and in English, and keeps what was typed except the password", () => {
    const form = new FormData();
    form.set("email", "not-an-email");
    form.set("password", "short");
    form.set("displayName", "");
    form.set("phone", "123");
    const zh = parseInput(signUpSchema, form, "zh");
    const en = parseInput(signUpSchema, form, "en");
    if (zh.ok || en.ok) throw new Error("should fail");
    expect(zh.errors.email).toBe("请输入有效的电子邮箱地址。");
    expect(zh.errors.password).toBe("密码至少需要 8 个字符。");
    expect(zh.errors.phone).toContain("手机号码");
    expect(en.errors.email).toBe("Enter a valid email address.");
    expect(zh.values.email).toBe("not-an-email");
    expect(zh.values).not.toHaveProperty("password");
  });

  it("is rate-limited per IP", async () => {
    const strict = { ...info({ ip: "10.9.9.9" }), config: { ...config, signupPerIp: 2 } };
    await signUp(t.db, { email: "r1@example.com", password: "12345678", displayName: "r", phone: null }, strict);
    await signUp(t.db, { email: "r2@example.com", password: "12345678", displayName: "r", phone: null }, strict);
    await expect(
      signUp(t.db, { email: "r3@example.com", password: "12345678", displayName: "r", phone: null }, strict),
    ).rejects.toMatchObject({ key: "err.rateLimited", status: 429 });
  });
});

describe("log in", () => {
  it("accepts the right password and refuses a wrong one with the same message as an unknown email", async () => {
    await signUp(t.db, { email: "login@example.com", password: "right password", displayName: "L", phone: null }, info());
    const s = await logIn(t.db, loginSchema.parse({ email: " LOGIN@example.com", password: "right password" }), info());
    expect(s.token).toMatch(/^[a-z2-7]{32}$/);
    const wrong = await logIn(t.db, { email: "login@example.com", password: "wrong password" }, info()).catch((e) => e);
    const unknown = await logIn(t.db, { email: "nobody@example.com", password: "wrong password" }, info()).catch((e) => e);
    expect(wrong).toBeInstanceOf(UserError);
    expect(wrong.key).toBe("err.badLogin");
    expect(unknown.key).toBe("err.badLogin");
  });

  it("throttles one attacker's guesses without locking the owner out from another address", async () => {
    await signUp(t.db, { email: "target@example.com", password: "right password", displayName: "T", phone: null }, info());
    const c = { ...config, loginPerAccount: 3 };
    const attacker = { ...info({ ip: "10.1.0.66" }), config: c };
    for (let i = 0; i < 3; i++) {
      await expect(logIn(t.db, { email: "target@example.com", password: "nope" }, attacker)).rejects.toMatchObject({ key: "err.badLogin" });
    }
    // The attacker is stopped, even with the right password…
    await expect(logIn(t.db, { email: "target@example.com", password: "right password" }, attacker)).rejects.toMatchObject({ key: "err.rateLimited", status: 429 });
    // …and the owner, elsewhere, still gets in.
    const owner = await logIn(t.db, { email: "target@example.com", password: "right password" }, { ...info({ ip: "10.1.0.99" }), config: c });
    expect(owner.token).toMatch(/^[a-z2-7]{32}$/);
  });
  it("stops one address spraying many accounts, and bounds a distributed attack on one account", async () => {
    const spray = { ...info({ ip: "10.2.0.1" }), config: { ...config, loginPerIp: 4 } };
    for (let i = 0; i < 4; i++) await logIn(t.db, { email: `victim${i}@example.com`, password: "nope" }, spray).catch(() => {});
    await expect(logIn(t.db, { email: "victim9@example.com", password: "nope" }, spray)).rejects.toMatchObject({ key: "err.rateLimited" });
    const c = { ...config, loginPerAccountAll: 5 };
    for (let i = 0; i < 5; i++) await logIn(t.db, { email: "botnet@example.com", password: "nope" }, { ...info({ ip: `10.3.0.${i}` }), config: c }).catch(() => {});
    await expect(logIn(t.db, { email: "botnet@example.com", password: "nope" }, { ...info({ ip: "10.3.0.200" }), config: c })).rejects.toMatchObject({ key: "err.rateLimited" });
  });
  it("does not count successful logins: a whole office behind one address keeps logging in", async () => {
    const c = { ...config, loginPerIp: 3, loginPerAccount: 3 };
    const office = { ...info({ ip: "10.4.0.1" }), config: c };
    await signUp(t.db, { email: "clerk@example.com", password: "right password", displayName: "C", phone: null }, info());
    for (let i = 0; i < 10; i++) await logIn(t.db, { email: "clerk@example.com", password: "right password" }, office);
    // Two typos still leave room: the ten successes took nothing.
    await logIn(t.db, { email: "clerk@example.com", password: "typo" }, office).catch(() => {});
    await logIn(t.db, { email: "clerk@example.com", password: "typo" }, office).catch(() => {});
    await expect(logIn(t.db, { email: "clerk@example.com", password: "right password" }, office)).resolves.toHaveProperty("token");
  });
  it("holds the bound under parallel guesses (each is counted before the password is checked)", async () => {
    const c = { ...config, loginPerAccount: 3 };
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => logIn(t.db, { email: "parallel@example.com", password: "nope" }, { ...info({ ip: "10.5.0.1" }), config: c })),
    );
    const keys = results.map((r) => (r.status === "rejected" ? (r.reason as UserError).key : "ok"));
    expect(keys.filter((k) => k === "err.badLogin")).toHaveLength(3);
    expect(keys.filter((k) => k === "err.rateLimited")).toHaveLength(9);
  });
});
describe("sessions", () => {
  it("slide forward when used in the second half of their life and expire when idle", async () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const s = await signUp(t.db, { email: "slide@example.com", password: "12345678", displayName: "S", phone: null }, info({ now: start }));
    const day = 86400_000;
    const early = await validateSessionToken(t.db, s.token, new Date(start.getTime() + 5 * day), 30);
    expect(early?.refreshed).toBe(false);
    const late = await validateSessionToken(t.db, s.token, new Date(start.getTime() + 20 * day), 30);
    expect(late?.refreshed).toBe(true);
    expect(late!.expiresAt.getTime()).toBe(start.getTime() + 50 * day);
    expect(await validateSessionToken(t.db, s.token, new Date(start.getTime() + 51 * day), 30)).toBeNull();
    const [{ n }] = await rows<{ n: string }>(t.db, sql`select count(*) as n from sessions where user_id = ${s.userId}`);
    expect(Number(n)).toBe(0);
  });

  it("changing the password ends every other session", async () => {
    const now = new Date("2026-02-01T00:00:00Z");
    const first = await signUp(t.db, { email: "pw@example.com", password: "old password", displayName: "P", phone: null }, info({ now }));
    const second = await logIn(t.db, { email: "pw@example.com", password: "old password" }, info({ now }));
    const v = await validateSessionToken(t.db, second.token, now, 30);
    const fresh = await changePassword(t.db, v!.user, { currentPassword: "old password", newPassword: "new password!" }, info({ now }));
    expect(await validateSessionToken(t.db, first.token, now, 30)).toBeNull();
    expect(await validateSessionToken(t.db, second.token, now, 30)).toBeNull();
    expect(await validateSessionToken(t.db, fresh.token, now, 30)).not.toBeNull();
    await expect(logIn(t.db, { email: "pw@example.com", password: "old password" }, info({ now }))).rejects.toMatchObject({ key: "err.badLogin" });
    await expect(
      changePassword(t.db, v!.user, { currentPassword: "wrong", newPassword: "whatever1" }, info({ now })),
    ).rejects.toMatchObject({ key: "err.badPassword" });
  });
});

describe("first admin (npm run admin:create)", () => {
  it("creates an admin who can log in, with an audit row, and refuses the same email twice", async () => {
    const { adminSchema, createAdmin, generatePassword } = await import("./accounts");
    const password = generatePassword();
    expect(password).toMatch(/^[a-z2-7]{24}$/);
    const input = adminSchema.parse({ email: "Chief@Pudong.gov.cn", displayName: "区政务公开办", password });
    const { id } = await createAdmin(t.db, input, new Date("2026-03-01T02:00:00Z"));
    const [u] = await t.db.select().from(users).where(eq(users.id, id));
    expect(u).toMatchObject({ role: "admin", unitId: null, email: "chief@pudong.gov.cn" });
    const [a] = await rows<{ action: string; actor_id: number | null }>(t.db, sql`select action, actor_id from audit_log where entity_type = 'user' and entity_id = ${String(id)}`);
    expect(a).toEqual({ action: "user.admin_create", actor_id: null });
    await expect(logIn(t.db, { email: "chief@pudong.gov.cn", password }, info())).resolves.toHaveProperty("userId", id);
    await expect(createAdmin(t.db, input, new Date())).rejects.toMatchObject({ key: "err.emailTaken" });
  });
});
