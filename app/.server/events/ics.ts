import { TZDate } from "@date-fns/tz";
import ical, { ICalEventStatus } from "ical-generator";
import { SHANGHAI as TZ } from "~/lib/shanghai";

export interface IcsItem {
  /** Stable across every file that carries this session (site feed, a registration's own file). */
  uid: string;
  title: string;
  description?: string;
  location?: string;
  start: Date;
  end: Date;
  url?: string;
  /** RFC 5545 SEQUENCE: raised on every public change, so a client replaces its copy. */
  sequence: number;
  lastModified: Date;
  cancelled?: boolean;
}

/** Asia/Shanghai has kept +08:00 without DST since 1991: one STANDARD rule describes it. */
const VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  `TZID:${TZ}`,
  `X-LIC-LOCATION:${TZ}`,
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0800",
  "TZOFFSETTO:+0800",
  "TZNAME:CST",
  "DTSTART:19700101T000000",
  "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");

/**
 * A calendar file whose times carry the Asia/Shanghai zone (DTSTART;TZID=…
 * with its VTIMEZONE), written by ical-generator: it folds lines at 75
 * octets as RFC 5545 §3.1 asks (the `ics` package counted characters, so
 * Chinese lines ran to 86 octets). Times are handed over as TZDates, which
 * ical-generator reads in their own zone whatever the host's TZ.
 */
export function buildIcs(items: IcsItem[], calName = "政府开放月"): string {
  const cal = ical({
    name: calName,
    prodId: { company: "canyu", product: "open-month", language: "ZH" },
    // No calendar-wide zone: ical-generator would then write DTSTAMP and LAST-MODIFIED as
    // local times, where RFC 5545 wants UTC. Each event names its zone; the generator adds the VTIMEZONE.
    timezone: { name: null, generator: (tz) => (tz === TZ ? VTIMEZONE : null) },
    x: [["X-WR-TIMEZONE", TZ]],
  });
  for (const i of items) {
    cal.createEvent({
      id: i.uid,
      summary: i.title,
      description: i.description,
      location: i.location,
      url: i.url,
      start: new TZDate(i.start, TZ),
      end: new TZDate(i.end, TZ),
      timezone: TZ,
      sequence: i.sequence,
      lastModified: i.lastModified,
      // DTSTAMP of a published calendar (no METHOD) is when its content last changed (§3.8.7.2),
      // which keeps the file identical between two requests.
      stamp: i.lastModified,
      status: i.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // Every content line ends in CRLF (§3.1), the last one too; ical-generator stops at "END:VCALENDAR".
  return `${cal.toString()}\r\n`;
}
