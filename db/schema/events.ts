/** 政府开放月: events, sessions (场次), registrations with waitlist, themes, questionnaires. */
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
import { units, users } from "./foundation";
import { tz } from "./columns";


export const eventStatusEnum = pgEnum("event_status", ["draft", "published", "cancelled"]);

/** 开放活动 */
export const events = pgTable(
  "events",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    year: integer().notNull(),
    title: text().notNull(),
    /** Host institution shown to the public (e.g. 区档案馆), under the unit. */
    host: text().notNull(),
    theme: text().notNull(),
    /** District area (陆家嘴, 张江, 川沙…) for filtering. */
    area: text().notNull(),
    venue: text().notNull(),
    address: text().notNull(),
    directions: text(),
    description: text().notNull(),
    /** What visitors will do: qa, symposium, experience, questionnaire. */
    activities: jsonb().$type<string[]>().notNull().default([]),
    accessibility: text(),
    ageLimit: text("age_limit"),
    bring: text(),
    status: eventStatusEnum().notNull().default("draft"),
    themeProposalId: integer("theme_proposal_id"),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
    /** When what the public sees last changed: calendar LAST-MODIFIED, sitemap lastmod. */
    updatedAt: timestamp("updated_at", tz).notNull().defaultNow(),
    /** RFC 5545 SEQUENCE of the event's sessions: raised by every public change, so subscribed calendars update. */
    sequence: integer().notNull().default(0),
  },
  (t) => [index("events_year_idx").on(t.year, t.status), index("events_unit_idx").on(t.unitId)],
);

/**
 * 场次. `taken` = confirmed seats, `held` = seats held by open offers to the waitlist.
 * The CHECK is the last line of defence: no code path can commit an oversold session.
 */
export const eventSessions = pgTable(
  "event_sessions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", tz).notNull(),
    endsAt: timestamp("ends_at", tz).notNull(),
    capacity: integer().notNull(),
    taken: integer().notNull().default(0),
    held: integer().notNull().default(0),
    /**
     * How many requests this session has accepted: the last place handed out in
     * its order of acceptance (event_registrations.seq), raised under the row lock.
     */
    accepted: integer().notNull().default(0),
    maxSeatsPerRegistration: integer("max_seats_per_registration").notNull().default(1),
    registrationOpensAt: timestamp("registration_opens_at", tz).notNull(),
    registrationClosesAt: timestamp("registration_closes_at", tz).notNull(),
    cancelDeadline: timestamp("cancel_deadline", tz).notNull(),
    questionnaireSentAt: timestamp("questionnaire_sent_at", tz),
    noShowsMarkedAt: timestamp("no_shows_marked_at", tz),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [
    index("event_sessions_event_idx").on(t.eventId),
    index("event_sessions_starts_idx").on(t.startsAt),
    check("event_sessions_capacity", sql`${t.taken} >= 0 and ${t.held} >= 0 and ${t.taken} + ${t.held} <= ${t.capacity}`),
    check("event_sessions_times", sql`${t.endsAt} > ${t.startsAt}`),
    check("event_sessions_max_seats", sql`${t.maxSeatsPerRegistration} between 1 and 20`),
  ],
);

export const registrationStatusEnum = pgEnum("event_registration_status", [
  "confirmed",
  "waitlisted",
  "offered",
  "cancelled",
  "expired",
]);

export const registrationChannelEnum = pgEnum("event_registration_channel", ["web", "hotline"]);

export const eventRegistrations = pgTable(
  "event_registrations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer("session_id")
      .notNull()
      .references(() => eventSessions.id, { onDelete: "cascade" }),
    /** Null for a resident registered by staff over the phone without an account. */
    userId: integer("user_id").references(() => users.id),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone"),
    contactEmail: text("contact_email"),
    seats: integer().notNull(),
    attendeeNames: jsonb("attendee_names").$type<string[]>().notNull().default([]),
    status: registrationStatusEnum().notNull(),
    channel: registrationChannelEnum().notNull().default("web"),
    createdById: integer("created_by_id").references(() => users.id),
    /** ≥ 64 bits of randomness (80), base32; single-use at the door. */
    code: text().notNull(),
    /**
     * The place in the session's order of acceptance (1, 2, …), fixed under the
     * session's row lock when the request is accepted; waitlist, offers, the
     * staff list and every position shown follow it.
     */
    seq: integer().notNull().default(0),
    waitlistedAt: timestamp("waitlisted_at", tz),
    offerExpiresAt: timestamp("offer_expires_at", tz),
    confirmedAt: timestamp("confirmed_at", tz),
    cancelledAt: timestamp("cancelled_at", tz),
    checkedInAt: timestamp("checked_in_at", tz),
    checkedInById: integer("checked_in_by_id").references(() => users.id),
    noShowAt: timestamp("no_show_at", tz),
    /** When the request was accepted; never earlier than the one accepted before it in the same session. */
    createdAt: timestamp("created_at", tz).notNull(),
  },
  (t) => [
    uniqueIndex("event_registrations_code_key").on(t.code),
    // One active registration per person per session.
    uniqueIndex("event_registrations_active_user_key")
      .on(t.sessionId, t.userId)
      .where(sql`${t.status} in ('confirmed','waitlisted','offered') and ${t.userId} is not null`),
    uniqueIndex("event_registrations_active_phone_key")
      .on(t.sessionId, t.contactPhone)
      .where(sql`${t.status} in ('confirmed','waitlisted','offered') and ${t.userId} is null and ${t.contactPhone} is not null`),
    index("event_registrations_session_idx").on(t.sessionId, t.status),
    index("event_registrations_order_idx").on(t.sessionId, t.seq),
    // The waiting line: who fits into the free seats, and how many are ahead.
    index("event_registrations_waiting_idx").on(t.sessionId, t.seats, t.seq).where(sql`${t.status} = 'waitlisted'`),
    index("event_registrations_user_idx").on(t.userId),
    index("event_registrations_offer_idx").on(t.offerExpiresAt).where(sql`${t.status} = 'offered'`),
    check("event_registrations_seats", sql`${t.seats} between 1 and 20`),
  ],
);

/** Staff lifting a resident's no-show suspension; no-shows before `liftedAt` no longer count. */
export const eventNoShowLifts = pgTable(
  "event_no_show_lifts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    liftedById: integer("lifted_by_id")
      .notNull()
      .references(() => users.id),
    reason: text(),
    liftedAt: timestamp("lifted_at", tz).notNull(),
  },
  (t) => [index("event_no_show_lifts_user_idx").on(t.userId, t.liftedAt)],
);

export const themeStatusEnum = pgEnum("event_theme_status", ["open", "adopted", "declined"]);

/** 主题征集 */
export const eventThemeProposals = pgTable(
  "event_theme_proposals",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    year: integer().notNull(),
    title: text().notNull(),
    description: text(),
    proposerId: integer("proposer_id")
      .notNull()
      .references(() => users.id),
    status: themeStatusEnum().notNull().default("open"),
    eventId: integer("event_id").references(() => events.id),
    createdAt: timestamp("created_at", tz).notNull(),
  },
  (t) => [index("event_theme_year_idx").on(t.year), index("event_theme_proposer_idx").on(t.proposerId, t.year)],
);

export const eventThemeSupports = pgTable(
  "event_theme_supports",
  {
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => eventThemeProposals.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", tz).notNull(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.userId] })],
);

export const questionKindEnum = pgEnum("event_question_kind", ["single", "multiple", "rating", "text"]);

/** 问卷 questions, per event. */
export const eventQuestions = pgTable(
  "event_questions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    kind: questionKindEnum().notNull(),
    prompt: text().notNull(),
    options: jsonb().$type<string[]>().notNull().default([]),
    required: boolean().notNull().default(false),
  },
  (t) => [index("event_questions_event_idx").on(t.eventId, t.position)],
);

export const eventResponses = pgTable(
  "event_responses",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    registrationId: integer("registration_id")
      .notNull()
      .references(() => eventRegistrations.id),
    /** questionId → option index(es), rating 1–5, or text. */
    answers: jsonb().$type<Record<string, number | number[] | string>>().notNull(),
    submittedAt: timestamp("submitted_at", tz).notNull(),
  },
  (t) => [uniqueIndex("event_responses_registration_key").on(t.registrationId)],
);
