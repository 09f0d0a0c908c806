import { sql } from "drizzle-orm";
import { check, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { tz } from "./columns";
import { users } from "./foundation";

export const holidayScheduleSourceEnum = pgEnum("holiday_schedule_source", ["chinese-days", "admin"]);

/**
 * 节假日安排: the State Council's official schedule for one year — the days off
 * (法定节假日, weekends inside a holiday included) and the make-up working
 * days (调休上班). A year without a row has no announced schedule: working
 * days in it are unknown, never weekends-only.
 */
export const holidaySchedules = pgTable(
  "holiday_schedules",
  {
    year: integer().primaryKey(),
    /** 'YYYY-MM-DD' Shanghai days, sorted. */
    offDays: text("off_days").array().notNull(),
    workdays: text().array().notNull(),
    /** Where it came from: the notice's document number or address (e.g. 国办发明电〔2025〕7号). */
    reference: text().notNull().default(""),
    source: holidayScheduleSourceEnum().notNull(),
    updatedAt: timestamp("updated_at", tz).notNull().defaultNow(),
    updatedBy: integer("updated_by").references(() => users.id),
  },
  (t) => [check("holiday_schedules_year", sql`${t.year} between 2000 and 2100`)],
);
