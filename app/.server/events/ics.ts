import { createEvents, type EventAttributes } from "ics";

export interface IcsItem {
  uid: string;
  title: string;
  description?: string;
  location?: string;
  start: Date;
  end: Date;
  url?: string;
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** Wall-clock parts in Asia/Shanghai (fixed +08:00, no DST). */
function shanghaiParts(d: Date): [number, number, number, number, number] {
  const s = new Date(d.getTime() + SHANGHAI_OFFSET_MS);
  return [s.getUTCFullYear(), s.getUTCMonth() + 1, s.getUTCDate(), s.getUTCHours(), s.getUTCMinutes()];
}

const VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:Asia/Shanghai",
  "X-LIC-LOCATION:Asia/Shanghai",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0800",
  "TZOFFSETTO:+0800",
  "TZNAME:CST",
  "DTSTART:19700101T000000",
  "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");

/**
 * A calendar file whose times carry the Asia/Shanghai time zone
 * (DTSTART;TZID=Asia/Shanghai plus its VTIMEZONE). The `ics` package writes
 * the events with floating local times; we attach the zone.
 */
export function buildIcs(items: IcsItem[], calName = "政府开放月"): string {
  const attrs: EventAttributes[] = items.map((i) => ({
    uid: i.uid,
    title: i.title,
    description: i.description,
    location: i.location,
    url: i.url,
    start: shanghaiParts(i.start),
    startInputType: "local",
    startOutputType: "local",
    end: shanghaiParts(i.end),
    endInputType: "local",
    endOutputType: "local",
    productId: "canyu/open-month",
    calName,
  }));
  const { error, value } = createEvents(attrs.length ? attrs : [], { calName, productId: "canyu/open-month" });
  if (error || !value) throw error ?? new Error("ics failed");
  return value
    .replace(/^DTSTART:/gm, "DTSTART;TZID=Asia/Shanghai:")
    .replace(/^DTEND:/gm, "DTEND;TZID=Asia/Shanghai:")
    .replace(/\r\nBEGIN:VEVENT|\r\nEND:VCALENDAR/, (m) => `\r\nX-WR-TIMEZONE:Asia/Shanghai\r\n${VTIMEZONE}${m}`);
}
