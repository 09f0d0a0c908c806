import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDayEnd, formatDaysIn, formatOrderTime, formatPeriodEnd, formatSession, formatTime, inBoth } from "./dates";

// Instants given with their offset: the output must not depend on the host zone
// (this file also runs under TEST_TZ=America/Los_Angeles, where 18 Dec 00:30 in
// Shanghai is still 17 Dec).
const AT = new Date("2026-12-18T14:00:05+08:00");
const EARLY = new Date("2026-12-18T00:30:00+08:00");
const MIDNIGHT = new Date("2026-12-19T00:00:00+08:00");

describe("one date style for both languages (#17)", () => {
  it("writes a day as government sites do, and in English as day month year", () => {
    expect(formatDate(AT, "zh")).toBe("2026年12月18日");
    expect(formatDate(AT, "en")).toBe("18 Dec 2026");
    expect(formatDate(EARLY, "zh")).toBe("2026年12月18日");
    expect(formatDate("2026-06-01", "zh")).toBe("2026年6月1日");
    expect(formatDate("2026-06-01", "en")).toBe("1 Jun 2026");
    expect(formatDate(AT.toISOString(), "en")).toBe("18 Dec 2026");
    expect(formatDate(null, "zh")).toBe("");
  });

  it("writes a date and time to the minute", () => {
    expect(formatDateTime(AT, "zh")).toBe("2026年12月18日 14:00");
    expect(formatDateTime(AT, "en")).toBe("18 Dec 2026, 14:00");
    expect(formatDateTime(EARLY, "en")).toBe("18 Dec 2026, 00:30");
    expect(formatTime(AT)).toBe("14:00");
  });

  it("writes a period ending at midnight as the end of the day before, never 24:00 of a dash date or 00:00 of the next", () => {
    expect(formatPeriodEnd(MIDNIGHT, "zh")).toBe("2026年12月18日24时");
    expect(formatPeriodEnd(MIDNIGHT, "en")).toBe("18 Dec 2026, 24:00");
    expect(formatPeriodEnd(AT, "zh")).toBe("2026年12月18日 14:00");
    expect(formatPeriodEnd("2026-12-18", "zh")).toBe("2026年12月18日24时");
    expect(formatDayEnd("2026-12-31", "en")).toBe("31 Dec 2026, 24:00");
    expect(formatPeriodEnd(new Date("2027-01-01T00:00:00+08:00"), "zh")).toBe("2026年12月31日24时");
  });

  it("gives seconds only in the one function for order", () => {
    expect(formatOrderTime(AT, "zh")).toBe("2026年12月18日 14:00:05");
    expect(formatOrderTime(AT, "en")).toBe("18 Dec 2026, 14:00:05");
    expect(formatDateTime(AT, "zh")).not.toContain(":05");
  });

  it("writes a session with its weekday and span", () => {
    const s = new Date("2026-08-08T09:30:00+08:00"), e = new Date("2026-08-08T11:00:00+08:00");
    expect(formatSession(s, e, "zh")).toBe("2026年8月8日 周六 09:30–11:00");
    expect(formatSession(s, e, "en")).toBe("Sat 8 Aug 2026, 09:30–11:00");
    expect(formatSession(s, null, "en")).toBe("Sat 8 Aug 2026, 09:30");
  });

  it("gives both languages for a message written later", () => {
    expect(inBoth((l) => formatPeriodEnd(MIDNIGHT, l))).toEqual({ zh: "2026年12月18日24时", en: "18 Dec 2026, 24:00" });
  });

  it("writes the days among a message's parameters as dates", () => {
    expect(formatDaysIn({ started: "2026-06-05", n: 3, note: "x" }, "en")).toEqual({ started: "5 Jun 2026", n: 3, note: "x" });
  });
});
