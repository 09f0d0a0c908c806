import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { tz } from "./columns";


/** 决策单位 */
export const units = pgTable("units", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  slug: text().notNull().unique(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  createdAt: timestamp("created_at", tz).notNull().defaultNow(),
});

export const roleEnum = pgEnum("role", ["citizen", "staff", "admin"]);

export const users = pgTable(
  "users",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    passwordHash: text("password_hash").notNull(),
    displayName: text("display_name").notNull(),
    phone: text(),
    role: roleEnum().notNull().default("citizen"),
    unitId: integer("unit_id").references(() => units.id),
    disabledAt: timestamp("disabled_at", tz),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
    /** The language the account's mail is written in: the one chosen at sign-up or last switched to. */
    lang: text().notNull().default("zh"),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    // A staff member belongs to exactly one unit; nobody else belongs to one.
    check("users_staff_unit", sql`(${t.role} = 'staff') = (${t.unitId} is not null)`),
  ],
);

/** Only the SHA-256 of the session token is stored, so a leaked table cannot be replayed. */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", tz).notNull(),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** 全程留痕: append-only (triggers in db/sql refuse UPDATE/DELETE/TRUNCATE), hash-chained. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp(tz).notNull(),
    actorId: integer("actor_id"),
    actorUnitId: integer("actor_unit_id"),
    actorRole: text("actor_role"),
    action: text().notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    summary: jsonb().$type<Record<string, unknown>>().notNull(),
    ip: text(),
    prevHash: text("prev_hash").notNull(),
    hash: text().notNull(),
  },
  (t) => [index("audit_entity_idx").on(t.entityType, t.entityId), index("audit_unit_idx").on(t.actorUnitId)],
);

/**
 * The audit chain's head, once a Shanghai day: published on /audit/anchors and
 * mailed to every admin, so copies live where the database cannot rewrite them.
 */
export const auditAnchors = pgTable("audit_anchors", {
  day: date({ mode: "string" }).primaryKey(),
  at: timestamp(tz).notNull(),
  /** The newest audit row at that moment (0 for an empty log). */
  lastId: bigint("last_id", { mode: "number" }).notNull(),
  headHash: text("head_hash").notNull(),
});

export const outboxStatusEnum = pgEnum("outbox_status", ["pending", "sent", "failed"]);

/** Transactional outbox: written in the same transaction as the change it announces. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    attachments: jsonb().$type<{ filename: string; content: string; contentType: string }[]>(),
    status: outboxStatusEnum().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", tz).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", tz),
    lastError: text("last_error"),
    transport: text(),
    sentAt: timestamp("sent_at", tz),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

/** Fixed-window counters shared by every app instance on the same database. */
export const rateLimits = pgTable("rate_limits", {
  key: text().primaryKey(),
  windowStart: timestamp("window_start", tz).notNull(),
  hits: integer().notNull(),
});
