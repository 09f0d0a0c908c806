import { sql } from "drizzle-orm";
import {
  check,
  customType,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { tz } from "./columns";
import { units, users } from "./foundation";

/** A calendar day in Asia/Shanghai, as 'YYYY-MM-DD' (no time-zone drift). */
const day = (name: string) => date(name, { mode: "string" });

/** Raw bytes; PGlite gives Uint8Array, postgres.js a Buffer (also a Uint8Array). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

import { DECISION_STATUSES, STAGE_KINDS, STAGE_STATES } from "../../app/decisions-constants";

export { DECISION_STATUSES, STAGE_KINDS, STAGE_STATES };
export type { DecisionStatus, StageKind, StageState } from "../../app/decisions-constants";

export const stageKindEnum = pgEnum("decision_stage_kind", STAGE_KINDS);
export const stageStateEnum = pgEnum("decision_stage_state", STAGE_STATES);
export const decisionStatusEnum = pgEnum("decision_status", DECISION_STATUSES);

/** 重大行政决策事项目录: one per unit per year; public once published (先审查、后公开). */
export const decisionCatalogues = pgTable(
  "decision_catalogues",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    year: integer().notNull(),
    note: text(),
    publishedAt: timestamp("published_at", tz),
    publishedBy: integer("published_by").references(() => users.id),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("decision_catalogues_unit_year_key").on(t.unitId, t.year),
    index("decision_catalogues_year_idx").on(t.year),
    check("decision_catalogues_year", sql`${t.year} between 2000 and 2100`),
  ],
);

/** 决策事项: one item of a catalogue. */
export const decisions = pgTable(
  "decisions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    catalogueId: integer("catalogue_id")
      .notNull()
      .references(() => decisionCatalogues.id),
    /** Copied from the catalogue so filters and permission checks need no join. */
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    year: integer().notNull(),
    position: integer().notNull(),
    title: text().notNull(),
    summary: text().notNull().default(""),
    legalBasis: text("legal_basis").notNull().default(""),
    /** Free text schedule as published (e.g. "2026年二季度提交审议"). */
    plannedSchedule: text("planned_schedule").notNull().default(""),
    plannedDecisionOn: day("planned_decision_on"),
    status: decisionStatusEnum().notNull().default("planned"),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** The day the decision was taken (集体审议通过); the 20-working-day publication clock starts here. */
    decidedOn: day("decided_on"),
    withdrawnReason: text("withdrawn_reason"),
    /** Set the first time the item is public, so tag subscribers hear about it once. */
    announcedAt: timestamp("announced_at", tz),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", tz).notNull().defaultNow(),
  },
  (t) => [
    index("decisions_catalogue_idx").on(t.catalogueId, t.position),
    index("decisions_year_unit_idx").on(t.year, t.unitId),
    index("decisions_tags_idx").using("gin", t.tags),
  ],
);

/** 全流程信息: exactly one row per decision per stage kind, so no stage is ever missing. */
export const decisionStages = pgTable(
  "decision_stages",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    kind: stageKindEnum().notNull(),
    state: stageStateEnum().notNull().default("not_started"),
    /** Why the stage is 不适用 / 未开展 (required when not_applicable). */
    reason: text(),
    plannedStartOn: day("planned_start_on"),
    plannedEndOn: day("planned_end_on"),
    startedOn: day("started_on"),
    completedOn: day("completed_on"),
    /** Hearing stage: the hearing date and the day materials went to participants (Art 17). */
    hearingOn: day("hearing_on"),
    materialsSentOn: day("materials_sent_on"),
    /** Where the stage lives on the platform (a comment period, an observer meeting): a same-site path. */
    linkPath: text("link_path"),
    note: text(),
    updatedAt: timestamp("updated_at", tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("decision_stages_decision_kind_key").on(t.decisionId, t.kind),
    check("decision_stages_reason", sql`${t.state} <> 'not_applicable' or coalesce(${t.reason}, '') <> ''`),
    check("decision_stages_link_path", sql`${t.linkPath} is null or (${t.linkPath} like '/%' and ${t.linkPath} not like '//%')`),
  ],
);

/** Uploaded files live in the database (see README): transactional with their document, shared by every instance. */
export const decisionFiles = pgTable("decision_files", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  filename: text().notNull(),
  mimeType: text("mime_type").notNull(),
  size: integer().notNull(),
  sha256: text().notNull(),
  content: bytea("content").notNull(),
  createdAt: timestamp("created_at", tz).notNull().defaultNow(),
});

/** A document of a stage: an uploaded file or a link. */
export const stageDocuments = pgTable(
  "decision_stage_documents",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    stageId: integer("stage_id")
      .notNull()
      .references(() => decisionStages.id, { onDelete: "cascade" }),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    title: text().notNull(),
    documentOn: day("document_on").notNull(),
    url: text(),
    fileId: integer("file_id").references(() => decisionFiles.id),
    /** Bytes, for uploads (and for links when known). */
    size: integer(),
    mimeType: text("mime_type"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [
    index("decision_stage_documents_stage_idx").on(t.stageId),
    index("decision_stage_documents_decision_idx").on(t.decisionId),
    check("decision_stage_documents_source", sql`(${t.url} is null) <> (${t.fileId} is null)`),
  ],
);

/** A dated milestone published on a decision; followers are mailed. */
export const decisionMilestones = pgTable(
  "decision_milestones",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    stageKind: stageKindEnum("stage_kind"),
    happenedOn: day("happened_on").notNull(),
    title: text().notNull(),
    body: text().notNull().default(""),
    linkPath: text("link_path"),
    publishedAt: timestamp("published_at", tz).notNull(),
    createdBy: integer("created_by").references(() => users.id),
  },
  (t) => [
    index("decision_milestones_decision_idx").on(t.decisionId, t.publishedAt),
    index("decision_milestones_published_idx").on(t.publishedAt),
  ],
);

export const catalogueChangeKindEnum = pgEnum("catalogue_change_kind", ["added", "changed", "withdrawn", "reordered"]);

/** Changes to a catalogue after it was published, shown publicly: what, when, why. */
export const catalogueChanges = pgTable(
  "decision_catalogue_changes",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    catalogueId: integer("catalogue_id")
      .notNull()
      .references(() => decisionCatalogues.id),
    decisionId: integer("decision_id").references(() => decisions.id),
    kind: catalogueChangeKindEnum().notNull(),
    /** What changed, e.g. "事项名称：A → B". */
    description: text().notNull(),
    reason: text().notNull(),
    at: timestamp(tz).notNull(),
    actorId: integer("actor_id").references(() => users.id),
  },
  (t) => [index("decision_catalogue_changes_catalogue_idx").on(t.catalogueId, t.at)],
);

/** A user following a decision: mailed on each new milestone. */
export const decisionFollows = pgTable(
  "decision_follows",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.decisionId] }), index("decision_follows_decision_idx").on(t.decisionId)],
);

/** A user subscribed to a tag: mailed when a decision with that tag is published. */
export const tagSubscriptions = pgTable(
  "decision_tag_subscriptions",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tag: text().notNull(),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tag] }), index("decision_tag_subscriptions_tag_idx").on(t.tag)],
);
