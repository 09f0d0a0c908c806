import type { AppLoadContext } from "react-router";
import { data } from "react-router";
import type { z } from "zod";
import { translate } from "~/i18n/messages";
import { notFound, UserError } from "./errors";
import { formValues, parseInput, userErrorToFields, type FieldErrors } from "./forms";

export interface ActionErrors {
  ok: false;
  message: string;
  errors: FieldErrors;
  values: Record<string, string>;
}

const MAX_FORM_BYTES = 2 * 1024 * 1024;

/**
 * The whole life of a form post: size bound, zod on the server, the service
 * call, and every refusal turned into messages in the user's language with
 * the submitted values kept. Routes stay one line.
 */
export async function runForm<S extends z.ZodType, R>(
  request: Request,
  context: AppLoadContext,
  schema: S,
  fn: (input: z.output<S>, form: FormData) => Promise<R>,
) {
  const lang = context.lang;
  const form = await readForm(request);
  if (form === "tooLarge") {
    return data<ActionErrors>({ ok: false, message: translate(lang, "err.tooLong"), errors: {}, values: {} }, { status: 413 });
  }
  if (form === "malformed") {
    return data<ActionErrors>({ ok: false, message: translate(lang, "err.form"), errors: {}, values: {} }, { status: 400 });
  }
  const parsed = parseInput(schema, form, lang);
  if (!parsed.ok) {
    return data<ActionErrors>(
      { ok: false, message: parsed.errors._form ?? translate(lang, "err.form"), errors: parsed.errors, values: parsed.values },
      { status: 400 },
    );
  }
  try {
    return await fn(parsed.data, form);
  } catch (e) {
    if (e instanceof UserError) {
      const errors = userErrorToFields(e, lang);
      return data<ActionErrors>(
        { ok: false, message: translate(lang, e.key, e.params), errors, values: formValues(form) },
        { status: e.status },
      );
    }
    throw e;
  }
}

/**
 * The form in a request body, read with a byte bound. Content-Length alone is
 * not enough: a chunked body has none, and `request.formData()` would buffer
 * all of it (a 30 MB chunked post used to end in a 5xx).
 */
export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormData | "tooLarge" | "malformed"> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return "tooLarge";
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          // Stop reading but do not cancel: cancelling destroys the socket and
          // the client never sees the 413. The server reads the rest off the
          // wire once it has answered (server/unread-body.ts).
          reader.releaseLock();
          return "tooLarge";
        }
        chunks.push(value);
      }
    } catch {
      return "malformed";
    }
  }
  const type = request.headers.get("content-type") ?? "";
  try {
    return await new Response(Buffer.concat(chunks), { headers: { "Content-Type": type } }).formData();
  } catch {
    return "malformed";
  }
}

const BASE = "http://canyu.invalid";

/**
 * Only same-site paths: never an open redirect. The URL parser drops tabs and
 * newlines, so `/\t/evil.example` would become `//evil.example`: any control
 * character or backslash refuses the path outright, and what survives is
 * re-serialised by the parser, which percent-encodes non-ASCII (a Location
 * header cannot carry U+3000 or Chinese text raw).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2000 || !to.startsWith("/") || to.startsWith("//")) return fallback;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return url.pathname + url.search + url.hash;
}

/**
 * A record id from the URL: digits only and within PostgreSQL's integer
 * range, or null (the route answers 404). `Number.isInteger` alone lets
 * "1e308" or "99999999999" through to the database, which refuses them with
 * a 500.
 */
export function idParam(value: string | undefined): number | null {
  if (!value || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}

/** `idParam` for loaders and actions: anything that is not a valid id is a 404. */
export function requireIdParam(value: string | undefined): number {
  const id = idParam(value);
  if (id == null) throw notFound();
  return id;
}

