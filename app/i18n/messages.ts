/**
 * Every UI string, in both languages. Each domain keeps its strings in
 * ./domains/<domain>.ts, where `en` is typed against `zh`, so a key missing in
 * either language is a type error (and a test failure).
 */
import * as calendar from "./domains/calendar";
import * as core from "./domains/core";
import * as consultations from "./domains/consultations";
import * as decisions from "./domains/decisions";
import * as events from "./domains/events";
import * as observers from "./domains/observers";
import * as home from "./domains/home";
import * as mail from "./domains/mail";
import * as places from "./domains/places";
import * as topics from "./domains/topics";
import * as requests from "./domains/requests";
import * as policies from "./domains/policies";
import * as titles from "./domains/titles";
import * as security from "./domains/security";

export const zh = {
  ...core.zh,
  ...calendar.zh,
  ...consultations.zh,
  ...decisions.zh,
  ...events.zh,
  ...observers.zh,
  ...requests.zh,
  ...policies.zh,
  ...titles.zh,
  ...places.zh,
  ...topics.zh,
  ...mail.zh,
  ...home.zh,
  ...security.zh,
} as const;

export type MessageKey = keyof typeof zh;

export const en: Record<MessageKey, string> = {
  ...core.en,
  ...calendar.en,
  ...consultations.en,
  ...decisions.en,
  ...events.en,
  ...observers.en,
  ...requests.en,
  ...policies.en,
  ...titles.en,
  ...places.en,
  ...topics.en,
  ...mail.en,
  ...home.en,
  ...security.en,
};

export type Lang = "zh" | "en";

/** A stored language (users.lang), read defensively: anything else is Chinese. */
export function asLang(s: string | null | undefined): Lang {
  return s === "en" ? "en" : "zh";
}
const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

export function isMessageKey(s: string): s is MessageKey {
  return Object.prototype.hasOwnProperty.call(zh, s);
}

/** An area's name in the visitor's language; a name the app does not know is shown as written. */
export function placeName(lang: Lang, area: string): string {
  const key = `place.${area}`;
  return isMessageKey(key) ? translate(lang, key) : area;
}

/** A value from a list the app owns (a place, a 街镇, a gender, a tag or topic) in the visitor's language; anything else as written. */
export function termName(lang: Lang, value: string): string {
  for (const key of [`place.${value}`, `term.${value}`, `topic.${value}`]) if (isMessageKey(key)) return translate(lang, key);
  return value;
}

/** A placeholder's value; a `{ zh, en }` pair for text that has a label in each language (e.g. a feature's name). */
type MessageParam = string | number | { zh: string; en: string };
export type MessageParams = Record<string, MessageParam>;

export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  let s: string = dictionaries[lang][key] ?? zh[key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(typeof v === "object" ? v[lang] : v));
  return s;
}
