/** 公众代表列席: decision meetings, observer calls, applications, the verifiable draw, seats and remarks. */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { decisions } from "./decisions";
import { units, users } from "./foundation";
import { tz } from "./columns";


export interface ObserverFeature {
  key: string;
  labelZh: string;
  labelEn: string;
  values: string[];
}
export interface ObserverQuota {
  feature: string;
  value: string;
  min: number;
  max: number;
}

/** A decision meeting, e.g. 区政府常务会议. */
export const observerMeetings = pgTable(
  "observer_meetings",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    title: text().notNull(),
    startsAt: timestamp("starts_at", tz).notNull(),
    place: text().notNull(),
    seats: integer().notNull(),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [index("observer_meetings_starts_idx").on(t.startsAt), check("observer_meetings_seats", sql`${t.seats} between 1 and 100`)],
);

/** The agenda: catalogue decisions discussed at the meeting (part of their deliberation stage). */
export const observerAgenda = pgTable(
  "observer_agenda",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => observerMeetings.id, { onDelete: "cascade" }),
    decisionId: integer("decision_id").references(() => decisions.id),
    title: text().notNull(),
    position: integer().notNull().default(0),
  },
  (t) => [index("observer_agenda_meeting_idx").on(t.meetingId), index("observer_agenda_decision_idx").on(t.decisionId)],
);

/** A call for observers with its quotas and, once drawn, the published documents of the draw. */
export const observerCalls = pgTable(
  "observer_calls",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => observerMeetings.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    seats: integer().notNull(),
    opensAt: timestamp("opens_at", tz).notNull(),
    closesAt: timestamp("closes_at", tz).notNull(),
    eligibility: text().notNull(),
    features: jsonb().$type<ObserverFeature[]>().notNull(),
    quotas: jsonb().$type<ObserverQuota[]>().notNull(),
    excludePrevious: boolean("exclude_previous").notNull().default(true),
    confirmDays: integer("confirm_days").notNull().default(3),
    /** The future public value the seed will include, declared (at the latest) at the freeze. */
    externalSource: text("external_source"),
    /** When that value is published; reveals and the draw are refused before. */
    externalPublishesAt: timestamp("external_publishes_at", tz),
    /** open → frozen → distributed → drawn; cancelled stays visible with its reason. */
    status: text().notNull().default("open"),
    pool: jsonb(),
    poolHash: text("pool_hash"),
    frozenAt: timestamp("frozen_at", tz),
    distribution: jsonb(),
    distributionHash: text("distribution_hash"),
    distributedAt: timestamp("distributed_at", tz),
    distributionError: text("distribution_error"),
    externalValue: text("external_value"),
    externalRecordedAt: timestamp("external_recorded_at", tz),
    /** The staff member who ran the draw; never one of its witnesses. */
    drawnBy: integer("drawn_by").references(() => users.id),
    drawExport: jsonb("draw_export"),
    seed: text(),
    drawnAt: timestamp("drawn_at", tz),
    cancelReason: text("cancel_reason"),
    cancelledAt: timestamp("cancelled_at", tz),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [
    index("observer_calls_meeting_idx").on(t.meetingId),
    check("observer_calls_status", sql`${t.status} in ('open','frozen','distributed','drawn','cancelled')`),
    check("observer_calls_window", sql`${t.closesAt} > ${t.opensAt}`),
  ],
);

/** Witnesses commit SHA-256(secret) before the freeze and reveal the secret at the draw. */
export const observerWitnesses = pgTable(
  "observer_witnesses",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    callId: integer("call_id")
      .notNull()
      .references(() => observerCalls.id),
    name: text().notNull(),
    role: text().notNull(),
    commitment: text().notNull(),
    committedAt: timestamp("committed_at", tz).notNull(),
    secret: text(),
    revealedAt: timestamp("revealed_at", tz),
  },
  (t) => [uniqueIndex("observer_witnesses_call_name_key").on(t.callId, t.name)],
);

export const observerApplications = pgTable(
  "observer_applications",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    callId: integer("call_id")
      .notNull()
      .references(() => observerCalls.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    category: text().notNull(),
    features: jsonb().$type<Record<string, string>>().notNull(),
    fullName: text("full_name").notNull(),
    enterpriseName: text("enterprise_name"),
    creditCode: text("credit_code"),
    statement: text().notNull(),
    noConflict: boolean("no_conflict").notNull(),
    consentPublish: boolean("consent_publish").notNull(),
    /** applied | withdrawn | excluded (selected earlier this year) */
    status: text().notNull().default("applied"),
    /** Pseudonymous reference number in the published pool. */
    ref: text(),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
    withdrawnAt: timestamp("withdrawn_at", tz),
  },
  (t) => [
    uniqueIndex("observer_applications_call_user_key").on(t.callId, t.userId),
    uniqueIndex("observer_applications_call_ref_key").on(t.callId, t.ref),
    check("observer_applications_status", sql`${t.status} in ('applied','withdrawn','excluded')`),
  ],
);

/** One row per person offered a seat (drawn or alternate). */
export const observerSeats = pgTable(
  "observer_seats",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    callId: integer("call_id")
      .notNull()
      .references(() => observerCalls.id),
    applicationId: integer("application_id")
      .notNull()
      .references(() => observerApplications.id),
    source: text().notNull(),
    /** offered | confirmed | declined | lapsed */
    status: text().notNull().default("offered"),
    confirmBy: timestamp("confirm_by", tz).notNull(),
    respondedAt: timestamp("responded_at", tz),
    replacesSeatId: integer("replaces_seat_id"),
    attended: boolean(),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("observer_seats_application_key").on(t.applicationId),
    index("observer_seats_call_idx").on(t.callId),
    check("observer_seats_status", sql`${t.status} in ('offered','confirmed','declined','lapsed')`),
    check("observer_seats_source", sql`${t.source} in ('draw','alternate')`),
  ],
);

/** Observers' remarks after the meeting and how they were taken into account. */
export const observerRemarks = pgTable(
  "observer_remarks",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => observerMeetings.id),
    seatId: integer("seat_id")
      .notNull()
      .references(() => observerSeats.id),
    decisionId: integer("decision_id").references(() => decisions.id),
    remark: text().notNull(),
    response: text().notNull(),
    createdAt: timestamp("created_at", tz).notNull().defaultNow(),
  },
  (t) => [index("observer_remarks_meeting_idx").on(t.meetingId), index("observer_remarks_decision_idx").on(t.decisionId)],
);
