/**
 * The app's own structural labels in the visitor's language: a draft's
 * "第三条" / "第二章" / "第4段" (parsed by consultations/text.ts) read as
 * "Article 3" / "Chapter 2" / "Paragraph 4" in English. A label the app did
 * not make is shown as written. Browser-safe.
 */
import type { Lang } from "~/i18n/messages";

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "三十二" → 32, "一百零五" → 105, "12" → 12; null when it is not a number. */
export function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in DIGITS) digit = DIGITS[ch];
    else if (ch in UNITS) {
      total += (digit ?? 1) * UNITS[ch];
      digit = null;
    } else return null;
  }
  return s ? total + (digit ?? 0) : null;
}

const LABEL = /^第([一二三四五六七八九十百千零〇两\d]+)([条章节段])(.*)$/;
const KIND_EN: Record<string, string> = { 条: "Article", 章: "Chapter", 节: "Section", 段: "Paragraph" };

export function structuralLabel(label: string, lang: Lang): string {
  if (lang === "zh") return label;
  const m = LABEL.exec(label.trim());
  const n = m ? chineseNumber(m[1]) : null;
  if (!m || n == null) return label;
  return `${KIND_EN[m[2]]} ${n}${m[3]}`;
}
