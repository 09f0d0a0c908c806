import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { SHANGHAI as TZ } from "./shanghai";

/** "2026年8月8日 周六 09:30–11:00" / "Sat 8 Aug 2026 09:30–11:00" in Shanghai time. */
export function formatSessionTime(start: Date, end: Date | null, lang: "zh" | "en"): string {
  const s = new TZDate(start, TZ);
  const wdZh = "日一二三四五六"[s.getDay()];
  const head = lang === "zh" ? `${s.getFullYear()}年${s.getMonth() + 1}月${s.getDate()}日 周${wdZh} ${format(s, "HH:mm")}` : format(s, "EEE d MMM yyyy HH:mm");
  if (!end) return head;
  return `${head}–${format(new TZDate(end, TZ), "HH:mm")}`;
}

/** A Shanghai wall-clock time as an instant. */
export function shanghai(y: number, m: number, d: number, h = 0, min = 0): Date {
  return new Date(new TZDate(y, m - 1, d, h, min, 0, TZ).getTime());
}

export function shanghaiDay(d: Date): { y: number; m: number; d: number } {
  const s = new TZDate(d, TZ);
  return { y: s.getFullYear(), m: s.getMonth() + 1, d: s.getDate() };
}

/** The August whose registrations are open now: this year's until it is over, then next year's. */
export function openMonthYear(now: Date): number {
  const d = shanghaiDay(now);
  return d.m >= 9 ? d.y + 1 : d.y;
}

/** "2026-07-20 10:00:05", Shanghai time, to the second: when a request was accepted, for staff lists and exports. */
export function formatSecond(d: Date): string {
  return format(new TZDate(d, TZ), "yyyy-MM-dd HH:mm:ss");
}
