import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "#db/index";
import { eventSessions, events } from "#db/schema";
import { buildIcs, type IcsItem } from "./ics";
import { publicUrl } from "../urls";

type EventRow = typeof events.$inferSelect;
type SessionRow = typeof eventSessions.$inferSelect;

/**
 * One session as a calendar entry. The site feed and a registration's own
 * file both use it, so a calendar holding both shows the session once (same
 * UID) and either copy updates the other (same SEQUENCE and LAST-MODIFIED).
 */
export function sessionCalendarItem(e: EventRow, s: SessionRow, note?: string): IcsItem {
  const page = publicUrl(`/open-month/events/${e.id}`);
  return {
    uid: `session-${s.id}@canyu.pudong`,
    title: `${e.title}（${e.host}）`,
    description: [note, e.description, page].filter(Boolean).join("\n"),
    location: `${e.venue} ${e.address}`,
    start: s.startsAt,
    end: s.endsAt,
    url: page,
    sequence: e.sequence,
    // Sessions are never rescheduled (staff add new ones), so their entry changes only with the event.
    lastModified: e.updatedAt,
    cancelled: e.status === "cancelled",
  };
}

/**
 * Every public session of the year's open month, one calendar. Cancelled
 * events stay in it as STATUS:CANCELLED, so subscribers' calendars drop
 * them instead of keeping a stale copy.
 */
export async function monthFeed(db: Db, year: number): Promise<string> {
  const list = await db
    .select({ e: events, s: eventSessions })
    .from(eventSessions)
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .where(and(eq(events.year, year), inArray(events.status, ["published", "cancelled"])))
    .orderBy(asc(eventSessions.startsAt), asc(eventSessions.id));
  return buildIcs(
    list.map(({ e, s }) => sessionCalendarItem(e, s)),
    `浦东新区政府开放月 ${year}`,
  );
}
