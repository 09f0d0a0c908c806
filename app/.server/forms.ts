import { z } from "zod";
import { isMessageKey, translate, type Lang } from "~/i18n/messages";
import type { UserError } from "./errors";

const localeErrors = { zh: z.locales.zhCN().localeError, en: z.locales.en().localeError };

export type FieldErrors = Record<string, string>;

export type Parsed<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Never sent back to the browser, even when the form fails. */
const SECRET_FIELDS = /password/i;

export function formValues(input: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of input.entries()) {
    if (typeof v === "string" && !SECRET_FIELDS.test(k) && !(k in values)) values[k] = v.slice(0, 20000);
  }
  return values;
}

function fromFormData(input: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of new Set(input.keys())) {
    const all = input.getAll(k);
    // A field sent twice is ambiguous; keep the list so the schema can refuse it.
    out[k] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/**
 * Validates a form or JSON body with zod on the server. Messages come back in
 * the user's language: a schema's own message is a message key; anything else
 * uses zod's locale for that language. The submitted values come back too, so
 * a refused form loses nothing.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: FormData | unknown, lang: Lang): Parsed<z.output<S>> {
  const data = input instanceof FormData ? fromFormData(input) : input;
  const result = schema.safeParse(data, { error: localeErrors[lang] });
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    if (errors[field]) continue;
    errors[field] = isMessageKey(issue.message) ? translate(lang, issue.message) : issue.message;
  }
  return { ok: false, errors, values: input instanceof FormData ? formValues(input) : {} };
}

export function userErrorToFields(e: UserError, lang: Lang): FieldErrors {
  return { [e.field ?? "_form"]: translate(lang, e.key, e.params) };
}

/** C0 controls other than tab, LF and CR, and DEL: never kept in stored text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Trimmed single-line text with a length bound and no control characters. */
export function text(max: number, key: Parameters<typeof translate>[1] = "err.required") {
  return z
    .string({ error: key })
    .transform((s) => s.replace(CONTROL_CHARS, "").trim())
    .pipe(z.string().min(1, { error: key }).max(max, { error: "err.tooLong" }));
}

export function optionalText(max: number) {
  return z
    .string()
    .optional()
    .transform((s) => (s ?? "").replace(CONTROL_CHARS, "").trim())
    .pipe(z.string().max(max, { error: "err.tooLong" }))
    .transform((s) => (s === "" ? null : s));
}

/**
 * At most `n` UTF-16 units of a query value, never ending on half of a
 * character outside the BMP: a lone surrogate cannot be percent-encoded, and
 * a feed link built from it failed the whole page with a 500.
 */
export function clip(s: string, n: number): string {
  const cut = s.slice(0, n);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
