/**
 * Pure text helpers for comment periods: personal-data masking, the draft
 * parser (sections and articles) and near-duplicate detection.
 */

// Order matters: an 18-digit ID number contains 11-digit runs a phone pattern would take.
const ID_CARD = /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const MOBILE = /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g;
const LANDLINE = /(?<!\d)(?:\(?0\d{2,3}\)?[-\s]?)?[2-8]\d{3}[-\s]?\d{4}(?!\d)/g;
/**
 * A street address: a road / lane name followed by a house number, optionally
 * building and room (e.g. 浦东南路1234弄5号601室, 张杨路88号).
 */
const ADDRESS =
  /[\u4e00-\u9fa5A-Za-z0-9]{1,12}(?:大道|公路|路|街|巷|弄|村)\s*\d+\s*(?:号|弄|支弄)(?:\s*\d+\s*(?:号楼|号|弄|栋|幢|楼|单元|室))*(?:\s*\d+\s*室)?/g;

/** Masks phone numbers, ID-card numbers, emails and street addresses. */
export function maskPersonalData(input: string): string {
  return input
    .replace(ID_CARD, "[身份证号已隐去]")
    .replace(EMAIL, "[邮箱已隐去]")
    .replace(MOBILE, "[电话已隐去]")
    .replace(LANDLINE, "[电话已隐去]")
    .replace(ADDRESS, "[地址已隐去]");
}

export interface ParsedArticle {
  section: string | null;
  label: string;
  body: string;
}

const SECTION = /^\s*(第[一二三四五六七八九十百零〇\d]+[章节])\s*(.*)$/;
const ARTICLE = /^\s*(第[一二三四五六七八九十百零〇\d]+条)\s*(.*)$/;

/**
 * Splits a pasted draft into articles. Lines "第X章 …" start a section; lines
 * "第X条 …" start an article; other lines continue the current article. A
 * draft without any "第X条" becomes numbered paragraphs.
 */
export function parseDraft(draft: string): ParsedArticle[] {
  const lines = draft.replace(/\r\n?/g, "\n").split("\n");
  const out: ParsedArticle[] = [];
  let section: string | null = null;
  let current: ParsedArticle | null = null;
  let sawArticle = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const s = SECTION.exec(line);
    if (s) {
      section = `${s[1]} ${s[2]}`.trim();
      current = null;
      continue;
    }
    const a = ARTICLE.exec(line);
    if (a) {
      sawArticle = true;
      current = { section, label: a[1], body: a[2] };
      out.push(current);
      continue;
    }
    if (current) current.body = current.body ? `${current.body}\n${line}` : line;
  }
  if (sawArticle) return out;
  return lines
    .map((l) => l.trim())
    .filter(Boolean)
    .map((body, i) => ({ section: null, label: `第${i + 1}段`, body }));
}

/** Text for duplicate detection: width-folded, lower-case, no punctuation or spaces. */
export function normalizeComment(input: string): string {
  return input
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

function shingles(s: string, k = 3): Set<string> {
  const chars = Array.from(s);
  const out = new Set<string>();
  if (chars.length <= k) {
    if (chars.length) out.add(chars.join(""));
    return out;
  }
  for (let i = 0; i + k <= chars.length; i++) out.add(chars.slice(i, i + k).join(""));
  return out;
}

/** Jaccard similarity of character 3-shingles of two normalised texts. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const A = shingles(a);
  const B = shingles(b);
  if (A.size === 0 || B.size === 0) return 0;
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  return inter / (A.size + B.size - inter);
}

export const NEAR_DUPLICATE = 0.8;

const BANDS = 20;
const ROWS = 5;

/** FNV-1a, 32 bits. */
function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit mixer (murmur3's finaliser): one of many hash functions, chosen by `seed`. */
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Locality-sensitive bands of a normalised text's 3-shingles (MinHash, 20
 * bands of 5): two texts share at least one band with probability
 * 1 − (1 − J⁵)²⁰ — 99.96% at the near-duplicate Jaccard of 0.8, 47% at 0.5,
 * practically never for unrelated texts. Stored with each comment and
 * indexed, they turn "compare with every earlier comment" into "compare with
 * the few that share a band"; `similarity` still makes the decision.
 */
export function similarityBands(normalized: string): number[] {
  const base = [...shingles(normalized)].map((x) => fnv1a(x));
  if (base.length === 0) return [];
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let band = fnv1a(String(b));
    for (let r = 0; r < ROWS; r++) {
      const seed = Math.imul(b * ROWS + r + 1, 0x9e3779b1) >>> 0;
      let min = 0xffffffff;
      for (const x of base) {
        const h = mix(x, seed);
        if (h < min) min = h;
      }
      band = mix(band ^ min, seed);
    }
    out.push(band | 0); // a signed int4 for PostgreSQL
  }
  return out;
}
