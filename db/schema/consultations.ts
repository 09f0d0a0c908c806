import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { decisions } from "./decisions";
import { units, users } from "./foundation";
import { tz } from "./columns";


/**
 * 公开征求意见: a comment period on a draft. It is a draft (staff only) until
 * published; then upcoming / open / closed follow from opens_at and closes_at
 * (closes_at is exclusive: a period closing "on 30 June" has closes_at =
 * 1 July 00:00 +08:00).
 */
export const consultations = pgTable(
  "consultations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    /** The decision (catalogue item) whose consultation stage this is; null for a stand-alone normative document. */
    decisionId: integer("decision_id").references(() => decisions.id),
    title: text().notNull(),
    summary: text().notNull().default(""),
    /** The draft as pasted by staff; articles below are parsed from it. */
    draftText: text("draft_text").notNull().default(""),
    /** 起草说明 */
    explanation: text().notNull().default(""),
    /** 政策解读 */
    interpretation: text().notNull().default(""),
    /** How else to comment: mail, post, fax. */
    otherWays: text("other_ways").notNull().default(""),
    opensAt: timestamp("opens_at", tz).notNull(),
    closesAt: timestamp("closes_at", tz).notNull(),
    /** The close announced when the period was published; closes_at can move later, never earlier than this. */
    announcedClosesAt: timestamp("announced_closes_at", tz),
    /** Required (and shown publicly) when the period is shorter than 30 days. */
    shortReason: text("short_reason"),
    publishedAt: timestamp("published_at", tz),
    /** 公众参与情况: the feedback report. */
    reportSummary: text("report_summary"),
    reportData: jsonb("report_data").$type<Record<string, unknown>>(),
    reportPublishedAt: timestamp("report_published_at", tz),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", tz).notNull().defaultNow(),
  },
  (t) => [
    index("consultations_unit_idx").on(t.unitId),
    index("consultations_decision_idx").on(t.decisionId),
    check("consultations_period", sql`${t.closesAt} > ${t.opensAt}`),
    check(
      "consultations_never_shortened",
      sql`${t.announcedClosesAt} is null or ${t.closesAt} >= ${t.announcedClosesAt}`,
    ),
  ],
);

/** The draft structured into sections and articles, so a comment can point at one. */
export const consultationArticles = pgTable(
  "consultation_articles",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    /** e.g. 第一章 总则 */
    section: text(),
    /** e.g. 第三条 */
    label: text().notNull(),
    body: text().notNull(),
  },
  (t) => [uniqueIndex("consultation_articles_pos_key").on(t.consultationId, t.position)],
);

export const consultationAttachments = pgTable(
  "consultation_attachments",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    filename: text().notNull(),
    contentType: text("content_type").notNull(),
    size: integer().notNull(),
    /** base64 */
    content: text().notNull(),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [index("consultation_attachments_c_idx").on(t.consultationId)],
);

export const consultationEventKindEnum = pgEnum("consultation_event_kind", ["published", "extended", "report_published"]);

/** The public history of a period: publication, each extension (with its reason), the report. */
export const consultationEvents = pgTable(
  "consultation_events",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    kind: consultationEventKindEnum().notNull(),
    at: timestamp(tz).notNull(),
    previousClosesAt: timestamp("previous_closes_at", tz),
    closesAt: timestamp("closes_at", tz),
    reason: text(),
  },
  (t) => [index("consultation_events_c_idx").on(t.consultationId)],
);

export const consultationFollows = pgTable(
  "consultation_follows",
  {
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.userId] })],
);

export const COMMENT_STATUSES = ["pending", "published", "rejected", "abusive"] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];
export const commentStatusEnum = pgEnum("consultation_comment_status", COMMENT_STATUSES);

export const ADOPTIONS = ["adopted", "partly", "not_adopted", "not_applicable"] as const;
export type Adoption = (typeof ADOPTIONS)[number];
export const adoptionEnum = pgEnum("consultation_adoption", ADOPTIONS);

export const consultationComments = pgTable(
  "consultation_comments",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    /** null: a comment on the whole draft. */
    articleId: integer("article_id").references(() => consultationArticles.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    /** The reference number the commenter can look up. */
    reference: text().notNull(),
    /** Client-generated; a retried submission with the same key returns the first comment. */
    idempotencyKey: text("idempotency_key").notNull(),
    body: text().notNull(),
    showName: boolean("show_name").notNull().default(false),
    /** The name at the time of commenting (shown only when show_name). */
    authorName: text("author_name").notNull(),
    attachmentName: text("attachment_name"),
    attachmentType: text("attachment_type"),
    attachmentContent: text("attachment_content"),
    /** Identical / near-identical comments share the id of the first one (the representative). */
    groupId: integer("group_id"),
    normalized: text().notNull(),
    /** MinHash bands of `normalized` (see similarityBands): near-duplicate candidates share one. */
    bands: integer().array(),
    status: commentStatusEnum().notNull().default("pending"),
    /** Internal: never shown publicly. */
    moderationReason: text("moderation_reason"),
    moderatedBy: integer("moderated_by").references(() => users.id),
    moderatedAt: timestamp("moderated_at", tz),
    adoption: adoptionEnum(),
    adoptionReason: text("adoption_reason"),
    answer: text(),
    theme: text(),
    answeredAt: timestamp("answered_at", tz),
    ip: text(),
    createdAt: timestamp("created_at", tz).notNull(),
  },
  (t) => [
    uniqueIndex("consultation_comments_reference_key").on(t.reference),
    uniqueIndex("consultation_comments_idem_key").on(t.userId, t.idempotencyKey),
    index("consultation_comments_c_idx").on(t.consultationId, t.status),
    index("consultation_comments_group_idx").on(t.groupId),
    index("consultation_comments_bands_idx").using("gin", t.bands),
    // Hash, not btree: a normalised 5,000-character comment is longer than a btree entry may be.
    index("consultation_comments_normalized_idx").using("hash", t.normalized),
    check(
      "consultation_comments_not_adopted_reason",
      sql`${t.adoption} is distinct from 'not_adopted' or coalesce(${t.adoptionReason}, '') <> ''`,
    ),
  ],
);
