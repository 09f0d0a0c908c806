/**
 * 节假日安排 as data: the official schedules the working-day rules use. Years
 * `chinese-days` knows are loaded into the table once (never over an admin's
 * edit); the admin adds each new year when the State Council announces it,
 * usually in November, and every change is audited.
 */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { createRequire } from "node:module";
import type ChineseDaysModule from "chinese-days";
import type { Db } from "#db/index";
import { holidaySchedules } from "#db/schema";
import { recordAudit } from "../audit/audit";
import type { Actor } from "../context";
import { ForbiddenError, UserError } from "../errors";
import { optionalText } from "../forms";
import { addCalendarDays, shanghaiDay, weekdayOf } from "~/lib/shanghai";
import { makeCalendar, type HolidayCalendar } from "./working-days";

export type HolidaySchedule = typeof holidaySchedules.$inferSelect;

export async function loadCalendar(db: Db): Promise<HolidayCalendar> {
  return makeCalendar(await db.select({ year: holidaySchedules.year, offDays: holidaySchedules.offDays, workdays: holidaySchedules.workdays }).from(holidaySchedules));
}

export function listSchedules(db: Db): Promise<HolidaySchedule[]> {
  return db.select().from(holidaySchedules).orderBy(asc(holidaySchedules.year));
}

const WEEKDAY_NAMES = new Set(["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]);

type ChineseDays = typeof ChineseDaysModule;

/**
 * Runs `fn` with the process in UTC. `chinese-days` builds its table at load
 * time from dates made at UTC midnight and formatted in the host zone, so
 * loaded west of UTC every day is keyed a day early; loaded and read in UTC it
 * is right. Synchronous, so nothing else runs while TZ is changed.
 */
function inUtc<T>(fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = "UTC";
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

let packaged: ChineseDays | null = null;

/**
 * The schedules `chinese-days` carries, read in UTC (see inUtc): each day is
 * handed over as noon of that calendar day and must come back as the same day.
 * Nothing else of the package is used; all counting is ours.
 */
export function packagedSchedules(years?: readonly number[]): { year: number; offDays: string[]; workdays: string[] }[] {
  return inUtc(() => {
    packaged ??= createRequire(import.meta.url)("chinese-days") as ChineseDays;
    const lib = packaged;
    const detail = (d: string) => {
      const r = lib.getDayDetail(new Date(`${d}T12:00:00Z`));
      if (r.date !== d) throw new Error(`chinese-days read ${d} as ${r.date}`);
      return r;
    };
    const out: { year: number; offDays: string[]; workdays: string[] }[] = [];
    for (const year of years ?? ALL_YEARS) {
      // Every announced schedule gives 1 January off (元旦); a year without it is not in the package.
      if (WEEKDAY_NAMES.has(detail(`${year}-01-01`).name)) continue;
      const offDays: string[] = [];
      const workdays: string[] = [];
      for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addCalendarDays(d, 1)) {
        const r = detail(d);
        const weekend = weekdayOf(d) === 0 || weekdayOf(d) === 6;
        if (!r.work && !WEEKDAY_NAMES.has(r.name)) offDays.push(d);
        else if (r.work && weekend) workdays.push(d);
      }
      out.push({ year, offDays, workdays });
    }
    return out;
  });
}

const ALL_YEARS = Array.from({ length: 101 }, (_, i) => 2000 + i);

/**
 * Loads the packaged years the table lacks (at every migration; idempotent,
 * cheap once loaded). Like a migration it is installation, not a staff
 * action, so it writes no audit row: each row says its source, and an admin's
 * later edit (audited) is never overwritten.
 */
export async function importKnownSchedules(db: Db, now = new Date()): Promise<number[]> {
  const have = new Set((await db.select({ year: holidaySchedules.year }).from(holidaySchedules)).map((r) => r.year));
  const known = packagedSchedules(ALL_YEARS.filter((y) => !have.has(y)));
  if (!known.length) return [];
  const inserted = await db
    .insert(holidaySchedules)
    .values(known.map((s) => ({ ...s, reference: "chinese-days", source: "chinese-days" as const, updatedAt: now })))
    .onConflictDoNothing()
    .returning({ year: holidaySchedules.year });
  return inserted.map((r) => r.year).sort();
}

const DAY_LINE = /^(\d{4}-\d{2}-\d{2})(?:\s.*)?$/;

/** One day per line ('YYYY-MM-DD', anything after a space is a note); commas and 、 separate too. */
function parseDayList(s: string | null | undefined): string[] | null {
  const out = new Set<string>();
  for (const raw of (s ?? "").split(/[\n,，、;；]+/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = DAY_LINE.exec(line);
    if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)) || new Date(`${m[1]}T00:00:00Z`).toISOString().slice(0, 10) !== m[1]) return null;
    out.add(m[1]);
  }
  return [...out].sort();
}

export const scheduleSchema = z.object({
  year: z.coerce.number({ error: "calendar.err.year" }).int({ error: "calendar.err.year" }).min(2000, { error: "calendar.err.year" }).max(2100, { error: "calendar.err.year" }),
  offDays: z.string().optional().default(""),
  workdays: z.string().optional().default(""),
  reference: optionalText(300),
});
export type ScheduleInput = z.output<typeof scheduleSchema>;

/**
 * The admin records (or corrects) a year's official schedule. Every day must
 * lie in that year; a make-up working day is a Saturday or Sunday; no day is
 * both. Audited with what changed.
 */
export async function saveSchedule(db: Db, actor: Actor, input: ScheduleInput, now: Date): Promise<HolidaySchedule> {
  if (actor.role !== "admin") throw new ForbiddenError();
  const offDays = parseDayList(input.offDays);
  if (!offDays) throw new UserError("calendar.err.days", {}, "offDays");
  const workdays = parseDayList(input.workdays);
  if (!workdays) throw new UserError("calendar.err.days", {}, "workdays");
  if (offDays.length === 0) throw new UserError("calendar.err.noOffDays", { year: input.year }, "offDays");
  for (const [field, list] of [["offDays", offDays], ["workdays", workdays]] as const) {
    const stray = list.find((d) => Number(d.slice(0, 4)) !== input.year);
    if (stray) throw new UserError("calendar.err.wrongYear", { day: stray, year: input.year }, field);
  }
  const weekday = workdays.find((d) => weekdayOf(d) !== 0 && weekdayOf(d) !== 6);
  if (weekday) throw new UserError("calendar.err.workdayNotWeekend", { day: weekday }, "workdays");
  const both = workdays.find((d) => offDays.includes(d));
  if (both) throw new UserError("calendar.err.both", { day: both }, "workdays");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(holidaySchedules).where(eq(holidaySchedules.year, input.year)).for("update");
    const values = { offDays, workdays, reference: input.reference ?? "", source: "admin" as const, updatedAt: now, updatedBy: actor.id };
    const [after] = before
      ? await tx.update(holidaySchedules).set(values).where(eq(holidaySchedules.year, input.year)).returning()
      : await tx.insert(holidaySchedules).values({ year: input.year, ...values }).returning();
    const diff = (a: readonly string[], b: readonly string[]) => a.filter((d) => !b.includes(d));
    await recordAudit(
      tx,
      actor,
      {
        action: before ? "calendar.update" : "calendar.create",
        entityType: "holiday_schedule",
        entityId: input.year,
        summary: before
          ? { year: input.year, offAdded: diff(offDays, before.offDays), offRemoved: diff(before.offDays, offDays), workAdded: diff(workdays, before.workdays), workRemoved: diff(before.workdays, workdays), reference: values.reference }
          : { year: input.year, offDays, workdays, reference: values.reference },
      },
      now,
    );
    return after;
  });
}

/** From 1 November the next year's schedule is due (the State Council announces it then). */
const NEXT_YEAR_DUE_MONTH = 11;

/**
 * The years whose schedule is missing and matters now: this year always, next
 * year from 1 November.
 */
export function missingScheduleYears(cal: HolidayCalendar, now: Date): number[] {
  const today = shanghaiDay(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const wanted = month >= NEXT_YEAR_DUE_MONTH ? [year, year + 1] : [year];
  return wanted.filter((y) => !cal.years.has(y));
}
