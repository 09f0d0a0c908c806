import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { tz } from "./columns";
import { decisions } from "./decisions";
import { units, users } from "./foundation";

/** A calendar day in Asia/Shanghai, as 'YYYY-MM-DD'. */
const day = (name: string) => date(name, { mode: "string" });

import { POLICY_CHANGES, POLICY_KINDS } from "../../app/policies-constants";

export { POLICY_CHANGES, POLICY_KINDS };
export type { PolicyChange, PolicyKind } from "../../app/policies-constants";

/** 行政规范性文件 · 其他主动公开的政策文件 */
export const policyKindEnum = pgEnum("policy_kind", POLICY_KINDS);

/**
 * What staff recorded. 已失效 by a passing valid_until is not stored: it is
 * derived at read time (see policies/validity.ts), so no timer can miss it.
 */
export const policyChangeEnum = pgEnum("policy_change", POLICY_CHANGES);

/** 阅办联动: an online service the policy concerns, optionally tied to one article. */
export interface PolicyService {
  name: string;
  url: string;
  article: string | null;
}

export interface PolicyAttachment {
  title: string;
  url: string;
}

/** 政策文件 */
export const policies = pgTable(
  "policies",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    kind: policyKindEnum().notNull(),
    title: text().notNull(),
    /** 文号, e.g. 浦府办〔2023〕18号 */
    docNumber: text("doc_number").notNull().default(""),
    summary: text().notNull().default(""),
    /** The text as pasted; articles are parsed from it (第X条). */
    body: text().notNull().default(""),
    titleEn: text("title_en"),
    /** The English version (外文版), for policies that concern foreign businesses. */
    bodyEn: text("body_en"),
    issuedOn: day("issued_on"),
    effectiveOn: day("effective_on"),
    /** null: 长期有效 */
    validUntil: day("valid_until"),
    topics: text().array().notNull().default(sql`'{}'::text[]`),
    audiences: text().array().notNull().default(sql`'{}'::text[]`),
    services: jsonb().$type<PolicyService[]>().notNull().default([]),
    attachments: jsonb().$type<PolicyAttachment[]>().notNull().default([]),
    /** The catalogue decision that produced it. */
    decisionId: integer("decision_id").references(() => decisions.id),
    change: policyChangeEnum().notNull().default("in_force"),
    /** The document that amended or repealed this one. */
    successorId: integer("successor_id").references((): AnyPgColumn => policies.id),
    changedOn: day("changed_on"),
    changeNote: text("change_note"),
    /**
     * When subscribers were mailed that the valid-until date had passed (the
     * lapse itself is derived, see validity.ts): set once, so they hear of it once.
     */
    lapseAnnouncedAt: timestamp("lapse_announced_at", tz),
    publishedAt: timestamp("published_at", tz),
    publishedBy: integer("published_by").references(() => users.id),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", tz).notNull().defaultNow(),
    /** What the search indexes look at (trigram and bigram indexes in db/sql). */
    searchText: text("search_text").generatedAlwaysAs(
      sql`title || ' ' || doc_number || ' ' || summary || ' ' || body || ' ' || coalesce(title_en, '')`,
    ),
  },
  (t) => [
    index("policies_unit_idx").on(t.unitId),
    index("policies_published_idx").on(t.publishedAt),
    index("policies_topics_idx").using("gin", t.topics),
    index("policies_audiences_idx").using("gin", t.audiences),
    index("policies_decision_idx").on(t.decisionId),
    check("policies_successor", sql`${t.change} <> 'amended' or ${t.successorId} is not null`),
    check("policies_validity_order", sql`${t.validUntil} is null or ${t.effectiveOn} is null or ${t.validUntil} >= ${t.effectiveOn}`),
  ],
);

export const INTERPRETATION_KINDS = ["initial", "follow_up"] as const;
export const interpretationKindEnum = pgEnum("policy_interpretation_kind", INTERPRETATION_KINDS);

/** 政策解读: the first is published with the policy; later ones are 跟踪解读, dated. */
export const policyInterpretations = pgTable(
  "policy_interpretations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    policyId: integer("policy_id")
      .notNull()
      .references(() => policies.id, { onDelete: "cascade" }),
    kind: interpretationKindEnum().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    publishedOn: day("published_on").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [index("policy_interpretations_policy_idx").on(t.policyId, t.publishedOn)],
);

export const QUESTION_STATUSES = ["pending", "published", "refused"] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
export const questionStatusEnum = pgEnum("policy_question_status", QUESTION_STATUSES);

/** 政策留言板: a resident's question; public only after review (先审查、后公开), masked. */
export const policyQuestions = pgTable(
  "policy_questions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    policyId: integer("policy_id")
      .notNull()
      .references(() => policies.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    reference: text().notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    body: text().notNull(),
    showName: boolean("show_name").notNull().default(false),
    authorName: text("author_name").notNull(),
    status: questionStatusEnum().notNull().default("pending"),
    /** Shown to the asker, not publicly. */
    refusalReason: text("refusal_reason"),
    moderatedBy: integer("moderated_by").references(() => users.id),
    moderatedAt: timestamp("moderated_at", tz),
    answer: text(),
    answeredBy: integer("answered_by").references(() => users.id),
    answeredAt: timestamp("answered_at", tz),
    askedAt: timestamp("asked_at", tz).notNull(),
  },
  (t) => [
    uniqueIndex("policy_questions_reference_key").on(t.reference),
    uniqueIndex("policy_questions_idem_key").on(t.userId, t.idempotencyKey),
    index("policy_questions_policy_idx").on(t.policyId, t.status),
    check("policy_questions_refusal_reason", sql`${t.status} <> 'refused' or coalesce(${t.refusalReason}, '') <> ''`),
  ],
);

/** 常见问题: shown at the top of the policy page and exported to the 12345 knowledge base. */
export const policyFaqs = pgTable(
  "policy_faqs",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    policyId: integer("policy_id")
      .notNull()
      .references(() => policies.id, { onDelete: "cascade" }),
    /** The answered question it was promoted from, if any. */
    questionId: integer("question_id").references(() => policyQuestions.id),
    question: text().notNull(),
    answer: text().notNull(),
    position: integer().notNull().default(0),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", tz).notNull().defaultNow(),
  },
  (t) => [index("policy_faqs_policy_idx").on(t.policyId, t.position), uniqueIndex("policy_faqs_question_key").on(t.questionId)],
);
