/**
 * 依申请公开: information requests (政府信息公开条例 2019, Art 29–36). Never public:
 * only the applicant and the staff of the receiving unit (and the admin) read them.
 */
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { tz } from "./columns";
import { units, users } from "./foundation";

const day = (name: string) => date(name, { mode: "string" });

/** 自然人; 法人或其他组织 by the annual report's five types. */
export const applicantTypeEnum = pgEnum("request_applicant_type", [
  "natural_person",
  "commercial",
  "research",
  "public_interest",
  "legal_services",
  "other_org",
]);

export const requestChannelEnum = pgEnum("request_channel", ["online", "letter", "in_person", "fax"]);
export const requestFormEnum = pgEnum("request_form", ["paper", "electronic"]);
export const requestDeliveryEnum = pgEnum("request_delivery", ["post", "email", "pickup", "online"]);

/**
 * received: the clock runs · correction: 补正 notice out, the period starts again when it comes back ·
 * consulting: a third party is asked, the clock is paused · replied · withdrawn (incl. no correction in time) · closed (archived).
 */
export const requestStatusEnum = pgEnum("request_status", ["received", "correction", "consulting", "replied", "withdrawn", "closed"]);

export const informationRequests = pgTable(
  "information_requests",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    trackingNo: text("tracking_no").notNull().unique(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    /** The account that filed online; null for a request staff registered from a letter, a visit or a fax. */
    applicantUserId: integer("applicant_user_id").references(() => users.id),
    applicantType: applicantTypeEnum("applicant_type").notNull(),
    applicantName: text("applicant_name").notNull(),
    contactEmail: text("contact_email"),
    contactPhone: text("contact_phone"),
    contactAddress: text("contact_address"),
    description: text().notNull(),
    preferredForm: requestFormEnum("preferred_form").notNull(),
    delivery: requestDeliveryEnum().notNull(),
    channel: requestChannelEnum().notNull(),
    receivedAt: timestamp("received_at", tz).notNull(),
    /** The Shanghai day of receipt: the 补正 deadline and the annual report count from it. */
    receivedOn: day("received_on").notNull(),
    status: requestStatusEnum().notNull().default("received"),
    /** The day the 20-working-day period counts from (receipt, or the day a correction arrived). */
    clockStartOn: day("clock_start_on").notNull(),
    correctionDueOn: day("correction_due_on"),
    correctionAskedOn: day("correction_asked_on"),
    consultStartedOn: day("consult_started_on"),
    consultDueOn: day("consult_due_on"),
    /** Working days of finished third-party consultations: not counted toward the deadline (Art 33). */
    pausedDays: integer("paused_days").notNull().default(0),
    extensionDays: integer("extension_days").notNull().default(0),
    /** The current deadline; null while the clock waits for a correction. Kept for the queue's order. */
    dueOn: day("due_on"),
    repliedOn: day("replied_on"),
    outcome: text(),
    closedAt: timestamp("closed_at", tz),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [
    index("information_requests_unit_due_idx").on(t.unitId, t.dueOn),
    index("information_requests_applicant_idx").on(t.applicantUserId),
    check("information_requests_extension", sql`${t.extensionDays} between 0 and 20`),
    check("information_requests_paused", sql`${t.pausedDays} >= 0`),
  ],
);

/** Every step, with its time and staff member; `letter` is the notice or reply text the applicant receives. */
export const informationRequestEvents = pgTable(
  "information_request_events",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer("request_id")
      .notNull()
      .references(() => informationRequests.id),
    at: timestamp(tz).notNull(),
    /** The Shanghai day the step took effect (may be before `at` when staff register a letter late). */
    on: day("on").notNull(),
    actorId: integer("actor_id").references(() => users.id),
    kind: text().notNull(),
    note: text(),
    letter: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Internal steps (a consultation's third party, for instance) stay off the applicant's page. */
    visibleToApplicant: boolean("visible_to_applicant").notNull().default(true),
  },
  (t) => [index("information_request_events_request_idx").on(t.requestId, t.id)],
);

export const remedyKindEnum = pgEnum("request_remedy_kind", ["reconsideration", "litigation", "litigation_after_reconsideration"]);
/** The annual report's columns: 维持, 纠正, 其他结果, 尚未审结. */
export const remedyOutcomeEnum = pgEnum("request_remedy_outcome", ["pending", "upheld", "corrected", "other"]);

/** 复议 and 诉讼 brought against a reply. */
export const informationRequestRemedies = pgTable(
  "information_request_remedies",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer("request_id")
      .notNull()
      .references(() => informationRequests.id),
    kind: remedyKindEnum().notNull(),
    filedOn: day("filed_on").notNull(),
    outcome: remedyOutcomeEnum().notNull().default("pending"),
    decidedOn: day("decided_on"),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [index("information_request_remedies_request_idx").on(t.requestId)],
);
