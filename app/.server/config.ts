/** Every setting the app reads from the environment, with its default (see README). */
type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got ${v}`);
  return n;
}

type DevMail = "off" | "admin" | "anyone";

function devMailOf(env: Env, production: boolean): DevMail {
  const v = env.CANYU_DEV_MAIL;
  if (env.SMTP_URL || v === "0") return "off";
  if (v === "anyone") return "anyone";
  // In production it exists only when asked for, and then for the admin alone.
  if (production) return v === "1" ? "admin" : "off";
  return "anyone";
}

export interface Config {
  production: boolean;
  /** Behind TLS: HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** Secure cookies; browsers accept them on http://localhost too. */
  secureCookies: boolean;
  sessionDays: number;
  loginPerIp: number;
  /** Failed logins per account from one address. */
  loginPerAccount: number;
  /** Failed logins per account from every address together: only slows a distributed attack. */
  loginPerAccountAll: number;
  signupPerIp: number;
  /** 依申请公开 lookups (tracking number + contact) that failed, per address and per tracking number, within the window. */
  requestLookup: { perIp: number; perNumber: number };
  rateWindowMinutes: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /**
   * Who may read /dev/mail, the mail kept while no SMTP server is set:
   * nobody (the route does not exist), the admin, or anyone (development
   * and the e2e rig only). It holds every resident's mail, door codes included.
   */
  devMail: DevMail;
  outboxIntervalMs: number;
  /** How long a worker owns the messages it claimed; after a crash they are sent again once it runs out. */
  outboxLeaseSeconds: number;
  /** Comments per resident and per address within the window (a campus or office shares one address). */
  commentRate: { perUser: number; perIp: number; windowSeconds: number };
  /** How long an anonymous visitor's public page may be served again to the next (0 = never). */
  pageCacheSeconds: number;
  /** 政策留言板: working days a unit has to answer a question (POLICY_ANSWER_DAYS). */
  policyAnswerDays: number;
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === "production";
  return {
    production,
    // A public origin on https means TLS in front: HSTS then, without a second switch to forget.
    https: env.HTTPS === "1" || (env.HTTPS !== "0" && /^https:\/\//i.test(env.PUBLIC_URL ?? "")),
    secureCookies: production && env.COOKIE_SECURE !== "0",
    sessionDays: int(env, "SESSION_DAYS", 30),
    loginPerIp: int(env, "RATE_LOGIN_PER_IP", 30),
    loginPerAccount: int(env, "RATE_LOGIN_PER_ACCOUNT", 10),
    loginPerAccountAll: int(env, "RATE_LOGIN_PER_ACCOUNT_ALL", 100),
    signupPerIp: int(env, "RATE_SIGNUP_PER_IP", 10),
    requestLookup: { perIp: int(env, "RATE_REQUEST_LOOKUP_PER_IP", 20), perNumber: int(env, "RATE_REQUEST_LOOKUP_PER_NUMBER", 30) },
    rateWindowMinutes: int(env, "RATE_WINDOW_MINUTES", 15),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || "参与 Canyu <noreply@canyu.pudong.example>",
    devMail: devMailOf(env, production),
    outboxIntervalMs: int(env, "OUTBOX_INTERVAL_MS", 2000),
    outboxLeaseSeconds: int(env, "OUTBOX_LEASE_SECONDS", 60),
    pageCacheSeconds: int(env, "PAGE_CACHE_SECONDS", production ? 2 : 0),
    policyAnswerDays: int(env, "POLICY_ANSWER_DAYS", 5),
    commentRate: {
      perUser: int(env, "RATE_COMMENTS_PER_USER", 5),
      perIp: int(env, "RATE_COMMENTS_PER_IP", 20),
      windowSeconds: int(env, "RATE_COMMENTS_WINDOW_MINUTES", 10) * 60,
    },
  };
}
