/**
 * A micro-cache for the public read pages anonymous visitors hit in a rush
 * (catalogue, decision pages, search, the open-data API): the first answer
 * for a URL is kept for a few seconds and served again to the next anonymous
 * visitors, the way a reverse proxy's micro-cache would, but with a fresh CSP
 * nonce in every answer (the stored page has its nonce swapped for the
 * request's own).
 *
 * One request renders a page at a time: the visitors who ask for it
 * meanwhile wait for that answer (no stampede when fifty arrive at once), and
 * once a page is older than the TTL the next visitor refreshes it while the
 * others still get the previous copy (for at most `staleMs`).
 *
 * What is never cached: anyone with a session cookie, anything but GET,
 * answers other than 200, answers that set a cookie, and pages outside the
 * allow-list. A write handled by this instance (any successful non-GET)
 * empties the cache, so a resident or staff member always sees their own
 * change at once; other instances catch up within the TTL.
 */
import type { NextFunction, Request, Response } from "express";
import { LRUCache } from "lru-cache";
import { notModified } from "~/.server/opendata/api";

interface Entry {
  headers: Record<string, string>;
  /** The page (always a 200) cut where its nonce stood; each hit joins it with the request's own nonce. */
  parts: string[];
  bytes: number;
  freshUntil: number;
}

export interface PageCacheOptions {
  ttlMs: number;
  /** How long past the TTL a page may still be served while it is being refreshed. */
  staleMs?: number;
  /** Upper bound on the bytes held. */
  maxBytes?: number;
  /** Paths (without query) that may be cached; `.data` single-fetch twins included. */
  paths?: RegExp;
  sessionCookie: string;
}

/** Public read pages whose content is the same for every anonymous visitor. */
const PUBLIC_READ_PATHS =
  /^\/(?:|decisions|decisions\/\d+|units\/[a-z0-9-]+\/catalogue(?:\/\d{4})?|consultations|open-month|open-month\/events\/\d+|observers|observers\/meetings\/\d+|policies|policies\/\d+|api\/v1(?:\/[A-Za-z0-9./-]*)?|sitemap\.xml|feeds\/[A-Za-z0-9./-]+)(?:\.data)?$/;

const KEPT_HEADERS = ["content-type", "cache-control", "access-control-allow-origin", "access-control-expose-headers", "etag", "last-modified", "link", "vary", "x-remix-response"];

export function pageCache(opts: PageCacheOptions) {
  const paths = opts.paths ?? PUBLIC_READ_PATHS;
  const staleMs = opts.staleMs ?? 30_000;
  const cache = new LRUCache<string, Entry>({
    ttl: opts.ttlMs + staleMs,
    maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (e) => Math.max(1, e.bytes),
  });

  /** Keys being rendered now, with the requests waiting for them. */
  const rendering = new Map<string, (() => void)[]>();

  const serve = (req: Request, res: Response, hit: Entry, nonce: string, how: string) => {
    res.status(200).set(hit.headers).set("X-Page-Cache", how);
    // A conditional GET (the API's ETag / Last-Modified) gets its 304 from the copy too. Not
    // req.fresh: it refuses whenever the request says no-cache, which fetch() adds to every conditional request.
    if (notModified(req.headers["if-none-match"], req.headers["if-modified-since"], hit.headers.etag, hit.headers["last-modified"])) {
      return void res.status(304).end();
    }
    res.send(hit.parts.join(nonce));
  };

  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== "GET") {
      // A monitor's HEAD or a preflight changes nothing.
      if (req.method !== "HEAD" && req.method !== "OPTIONS") {
        res.on("finish", () => {
          if (res.statusCode < 400) cache.clear();
        });
      }
      return next();
    }
    if (opts.ttlMs <= 0 || !paths.test(req.path) || (req.headers.cookie ?? "").includes(`${opts.sessionCookie}=`)) return next();
    const nonce: string = res.locals.nonce ?? "";
    const key = `${res.locals.lang ?? ""}|${res.locals.care ? 1 : 0}|${req.originalUrl}`;
    const hit = cache.get(key);
    if (hit && hit.freshUntil > Date.now()) return serve(req, res, hit, nonce, "hit");
    const waiting = rendering.get(key);
    if (waiting) {
      if (hit) return serve(req, res, hit, nonce, "stale");
      // Someone is rendering this page: take their answer, or render it ourselves if they got none.
      waiting.push(() => {
        const done = cache.get(key);
        if (done) serve(req, res, done, nonce, "hit");
        else next();
      });
      return;
    }
    rendering.set(key, []);
    res.once("close", () => {
      const ws = rendering.get(key) ?? [];
      rendering.delete(key);
      for (const w of ws) w();
    });
    // Keep a copy of what goes out (upstream of compression, so uncompressed).
    const chunks: Buffer[] = [];
    let size = 0;
    let keep = true;
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => Response;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (!keep || chunk == null || typeof chunk === "function") return;
      const b = Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);
      size += b.length;
      if (size > 2 * 1024 * 1024) keep = false;
      else chunks.push(b);
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      if (keep && res.statusCode === 200 && !res.getHeader("set-cookie")) {
        const headers: Record<string, string> = {};
        for (const h of KEPT_HEADERS) {
          const v = res.getHeader(h);
          if (v != null) headers[h] = String(v);
        }
        const body = Buffer.concat(chunks);
        const text = body.toString("utf8");
        cache.set(key, { headers, parts: nonce ? text.split(nonce) : [text], bytes: body.length, freshUntil: Date.now() + opts.ttlMs });
      }
      return end(chunk, ...rest);
    }) as Response["end"];
    next();
  };
  return middleware;
}
