import { and, asc, eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { eventSessions, events } from "#db/schema";
import { buildIcs } from "./ics";
import { publicUrl } from "../urls";

/** Every published session of the year's open month, one calendar. */
export async function monthFeed(db: Db, year: number): Promise<string> {
  const list = await db
    .select({ e: events, s: eventSessions })
    .from(eventSessions)
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .where(and(eq(events.year, year), eq(events.status, "published")))
    .orderBy(asc(eventSessions.startsAt));
  return buildIcs(
    list.map(({ e, s }) => ({
      uid: `session-${s.id}@canyu.pudong`,
      title: `${e.title}（${e.host}）`,
      description: `${e.description}\n${publicUrl(`/open-month/events/${e.id}`)}`,
      location: `${e.venue} ${e.address}`,
      start: s.startsAt,
      end: s.endsAt,
      url: publicUrl(`/open-month/events/${e.id}`),
    })),
    `浦东新区政府开放月 ${year}`,
  );
}
