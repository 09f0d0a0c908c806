/**
 * The HTTP side of the open-data API v1: dispatch, query parsing, paging,
 * conditional GET (ETag / Last-Modified → 304), CORS, and one JSON error
 * shape ($defs/error in the schema) for every refusal, so a client never
 * meets an HTML or text answer under /api/.
 */
import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rows, isDatabaseUnavailable, type Db } from "#db/index";
import { translate, type MessageKey } from "~/i18n/messages";
import { UserError } from "../errors";
import { idParam } from "../http";
import { publicUrl } from "../urls";
import {
  API_PAGE_SIZE,
  API_VERSION,
  apiCatalogue,
  apiCatalogueList,
  apiDecision,
  apiDecisionList,
} from "../decisions/opendata";
import { apiPolicy, apiPolicyLastmod, apiPolicyList, apiPolicyListLastmod, openDataSchema } from "../policies/opendata";
import { POLICY_CHANGES } from "~/policies-constants";
import { milestonesFeedPath, policiesFeedPath } from "~/lib/feeds";
import { CATALOGUE_LASTMOD, DECISION_LASTMOD } from "./sitemap";

const ALLOWED_METHODS = "GET, HEAD, OPTIONS";

/** CORS for every answer: the data is public, read-only and needs no credentials. */
const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, Retry-After",
} as const;

const PREFLIGHT = {
  ...CORS,
  "Access-Control-Allow-Methods": ALLOWED_METHODS,
  "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since, Cache-Control",
  "Access-Control-Max-Age": "86400",
} as const;

type ErrorCode = "bad_request" | "forbidden" | "not_found" | "method_not_allowed" | "server_error" | "unavailable";

const CODE_OF: Record<number, ErrorCode> = { 400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 500: "server_error", 503: "unavailable" };

/** The error body ($defs/error); also used by the Express layer for what it refuses before the router. */
export function apiErrorBody(status: number, key: MessageKey, parameter?: string) {
  return {
    apiVersion: API_VERSION,
    error: {
      status,
      code: CODE_OF[status] ?? (status >= 500 ? "server_error" : "bad_request"),
      message: translate("en", key),
      messageZh: translate("zh", key),
      ...(parameter ? { parameter } : {}),
    },
  };
}

export const API_ERROR_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...CORS };

function apiError(status: number, key: MessageKey, parameter?: string, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(apiErrorBody(status, key, parameter), null, 2), { status, headers: { ...API_ERROR_HEADERS, ...extra } });
}

class ApiInputError extends UserError {
  constructor(
    key: MessageKey,
    readonly parameter: string,
  ) {
    super(key, {}, parameter, 400);
  }
}

const year = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 2099);
const page = z
  .string()
  .regex(/^[1-9]\d{0,5}$/)
  .transform(Number);
const unitSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
/** A topic or audience tag as written (老年人): no control characters, at most 20 characters like the tags staff may enter. */
const tag = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[^\p{Cc}]+$/u);
const validity = z.enum(POLICY_CHANGES);

/** A query parameter through its schema: absent is null, anything else must pass or the answer is a 400 naming it. */
function param<T>(url: URL, name: string, schema: z.ZodType<T>, key: MessageKey): T | null {
  const all = url.searchParams.getAll(name);
  if (all.length === 0) return null;
  const r = schema.safeParse(all.length === 1 ? all[0] : null);
  if (!r.success) throw new ApiInputError(key, name);
  return r.data;
}

async function lastModified(db: Db, query: SQL): Promise<Date | null> {
  const [r] = await rows<{ at: string | Date | null }>(db, query);
  return r?.at ? new Date(r.at) : null;
}

interface Resource {
  body: unknown;
  lastModified?: Date | null;
  links?: { prev: string | null; next: string | null; first: string; last: string };
  contentType?: string;
}

async function resource(db: Db, url: URL, rest: string[], now: Date): Promise<Resource | null> {
  const [head, a, b] = rest;
  if (rest.length === 0) {
    return {
      body: {
        apiVersion: API_VERSION,
        description: "浦东新区重大行政决策事项目录与政策文件库开放数据接口。Dates are ISO 8601 in +08:00.",
        schema: publicUrl("/api/v1/schema.json"),
        pageSize: API_PAGE_SIZE,
        endpoints: [
          "/api/v1/catalogues?year=YYYY&page=N",
          "/api/v1/catalogues/{unit}/{year}",
          "/api/v1/decisions?year=YYYY&unit={unit}&page=N",
          "/api/v1/decisions/{id}",
          "/api/v1/policies?unit={unit}&tag={tag}&validity={in_force|amended|repealed|lapsed}&page=N",
          "/api/v1/policies/{id}",
          milestonesFeedPath(null),
          "/feeds/units/{unit}/milestones.atom",
          policiesFeedPath(null),
          "/feeds/units/{unit}/policies.atom",
          "/feeds/tags/{tag}/policies.atom",
          "/open-month/feed.ics",
          "/sitemap.xml",
        ],
      },
    };
  }
  if (rest.length === 1 && head === "schema.json") return { body: openDataSchema, contentType: "application/schema+json; charset=utf-8" };
  if (head === "catalogues" && rest.length === 1) {
    const y = param(url, "year", year, "api.err.year");
    const body = await apiCatalogueList(db, y, param(url, "page", page, "api.err.page") ?? 1);
    const at = await lastModified(
      db,
      sql`select max(${CATALOGUE_LASTMOD}) as at from decision_catalogues c where c.published_at is not null and (${y}::int is null or c.year = ${y}::int)`,
    );
    return { body, lastModified: at, links: body.links };
  }
  if (head === "catalogues" && rest.length === 3) {
    const y = year.safeParse(b);
    if (!y.success || !unitSlug.safeParse(a).success) return null;
    const body = await apiCatalogue(db, a!, y.data);
    const at = await lastModified(
      db,
      sql`select greatest(${CATALOGUE_LASTMOD}, (select max(${DECISION_LASTMOD}) from decisions d where d.catalogue_id = c.id)) as at
          from decision_catalogues c join units u on u.id = c.unit_id where u.slug = ${a} and c.year = ${y.data}`,
    );
    return { body, lastModified: at };
  }
  if (head === "decisions" && rest.length === 1) {
    const f = { year: param(url, "year", year, "api.err.year"), unit: param(url, "unit", unitSlug, "api.err.unit") };
    const body = await apiDecisionList(db, f, param(url, "page", page, "api.err.page") ?? 1);
    const at = await lastModified(
      db,
      sql`select greatest(max(d.updated_at), max(c.published_at)) as at
          from decisions d join decision_catalogues c on c.id = d.catalogue_id join units u on u.id = d.unit_id
          where c.published_at is not null and (${f.year}::int is null or d.year = ${f.year}::int) and (${f.unit}::text is null or u.slug = ${f.unit}::text)`,
    );
    return { body, lastModified: at, links: body.links };
  }
  if (head === "decisions" && rest.length === 2) {
    const id = idParam(a);
    if (id == null) return null;
    const body = await apiDecision(db, id);
    return { body, lastModified: await lastModified(db, sql`select ${DECISION_LASTMOD} as at from decisions d where d.id = ${id}`) };
  }
  if (head === "policies" && rest.length === 1) {
    const f = {
      unit: param(url, "unit", unitSlug, "api.err.unit"),
      tag: param(url, "tag", tag, "api.err.tag"),
      validity: param(url, "validity", validity, "api.err.validity"),
    };
    const body = await apiPolicyList(db, f, now, param(url, "page", page, "api.err.page") ?? 1);
    return { body, lastModified: await apiPolicyListLastmod(db, f, now), links: body.links };
  }
  if (head === "policies" && rest.length === 2) {
    const id = idParam(a);
    if (id == null) return null;
    const body = await apiPolicy(db, id, now);
    return { body, lastModified: await apiPolicyLastmod(db, id, now) };
  }
  return null;
}

/**
 * Whether a conditional GET may get a 304 (RFC 9110 §13.1): If-None-Match
 * (weak comparison) wins over If-Modified-Since, whose HTTP date has whole
 * seconds. The page micro-cache asks the same of its stored copies.
 */
export function notModified(ifNoneMatch: string | null | undefined, ifModifiedSince: string | null | undefined, etag: string | null | undefined, lastModified: string | null | undefined): boolean {
  if (ifNoneMatch) {
    if (!etag) return false;
    if (ifNoneMatch.trim() === "*") return true;
    const bare = (t: string) => t.trim().replace(/^W\//, "");
    return ifNoneMatch.split(",").some((t) => bare(t) === bare(etag));
  }
  if (!ifModifiedSince || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Math.floor(Date.parse(lastModified) / 1000) <= Math.floor(since / 1000);
}

/** One answer of the API to any request under /api/. */
export async function apiAnswer(db: Db, request: Request, now: Date = new Date()): Promise<Response> {
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: { ...PREFLIGHT, Allow: ALLOWED_METHODS } });
  if (request.method !== "GET" && request.method !== "HEAD") return apiError(405, "api.err.method", undefined, { Allow: ALLOWED_METHODS });
  const url = new URL(request.url);
  const parts = url.pathname.split("/").filter(Boolean);
  if (parts[0] !== "api" || parts[1] !== "v1") return apiError(404, "api.err.notFound");
  let rest: string[];
  try {
    rest = parts.slice(2).map(decodeURIComponent);
  } catch {
    return apiError(400, "api.err.badUrl");
  }
  let r: Resource | null;
  try {
    r = await resource(db, url, rest, now);
  } catch (e) {
    if (e instanceof ApiInputError) return apiError(400, e.key, e.parameter);
    if (e instanceof UserError) return apiError(e.status, e.status === 404 ? "api.err.notFound" : e.key);
    if (isDatabaseUnavailable(e)) return apiError(503, "api.err.unavailable", undefined, { "Retry-After": "5" });
    console.error(e);
    return apiError(500, "api.err.server");
  }
  if (!r) return apiError(404, "api.err.notFound");

  const text = JSON.stringify(r.body, null, 2);
  const etag = `"${createHash("sha256").update(text).digest("base64url").slice(0, 32)}"`;
  const headers: Record<string, string> = {
    "Content-Type": r.contentType ?? "application/json; charset=utf-8",
    "Cache-Control": "public, max-age=300",
    ETag: etag,
    ...CORS,
  };
  if (r.lastModified) headers["Last-Modified"] = r.lastModified.toUTCString();
  if (r.links) {
    const rels = (["first", "prev", "next", "last"] as const).filter((k) => r.links![k]).map((k) => `<${r.links![k]}>; rel="${k}"`);
    headers.Link = rels.join(", ");
  }
  if (notModified(request.headers.get("if-none-match"), request.headers.get("if-modified-since"), etag, headers["Last-Modified"])) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(text, { status: 200, headers });
}
