/**
 * The one process that serves Canyu: opens the database (PGlite under data/,
 * or PostgreSQL when DATABASE_URL is set), migrates, seeds an empty database,
 * starts the outbox worker and serves the React Router app with security headers,
 * the CSRF origin check and session handling.
 */
import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@react-router/express";
import type { ServerBuild } from "react-router";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { isDatabaseUnavailable, openDatabase, ping } from "#db/index";
import { migrate } from "#db/migrate";
import { loadConfig } from "~/.server/config";
import { keepTransport, smtpTransport, startOutboxWorker } from "~/.server/notify/outbox";
import { eventsConfig } from "~/.server/events/config";
import { startEventsWorker } from "~/.server/events/waitlist";
import { startAnchorWorker } from "~/.server/audit/anchors";
import { startLapseWorker } from "~/.server/policies/policies";
import { startRequestsWorker } from "~/.server/requests/requests";
import { isEmpty, seed, wantsDemoData } from "../seeds/index";
import { originAllowed } from "~/.server/security/origin";
import { startRateLimitPruner } from "~/.server/security/rate-limit";
import { API_ERROR_HEADERS, apiErrorBody } from "~/.server/opendata/api";
import { pageCache } from "./page-cache";
import { readUnreadBodies } from "./unread-body";
import { sessionMiddleware } from "./session";
import { SESSION_COOKIE } from "~/.server/auth/session";
import { UNAVAILABLE_HEADERS, UNAVAILABLE_PAGE } from "~/.server/unavailable";

const config = loadConfig();
const dev = process.env.NODE_ENV === "development";
const port = Number(process.env.PORT ?? 3000);
const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");

const database = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATABASE_URL ? undefined : (process.env.PGLITE_DIR ?? path.resolve("data/pglite")),
  max: Number(process.env.DB_POOL ?? 10),
});
// MIGRATION_DATABASE_URL: migrations run as the owner; the app's own role may only read and append the audit log.
await migrate(database, { ownerUrl: process.env.MIGRATION_DATABASE_URL || undefined });
if (wantsDemoData(process.env) && (await isEmpty(database.db))) {
  console.log("Empty database: loading demo data…");
  await seed(database.db, new Date());
} else if (await isEmpty(database.db)) {
  console.log("Empty database without demo data: create the first admin with `npm run admin:create -- --email <address>`.");
}
const { db } = database;
if (config.production && config.devMail === "anyone") console.warn("CANYU_DEV_MAIL=anyone: every visitor can read all kept mail at /dev/mail. Never on a real deployment.");

const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : keepTransport;
const stopWorker = process.env.OUTBOX_WORKER === "0" ? () => {} : startOutboxWorker(db, transport, config.mailFrom, { intervalMs: config.outboxIntervalMs, leaseSeconds: config.outboxLeaseSeconds });
// Open month: expire unaccepted waitlist offers and pass the seats on (safe on every instance at once).
const stopEventsWorker = process.env.EVENTS_WORKER === "0" ? () => {} : startEventsWorker(db, eventsConfig());
// 依申请公开: a 补正 whose deadline passed is treated as withdrawn (safe on every instance at once).
const stopRequestsWorker = process.env.REQUESTS_WORKER === "0" ? () => {} : startRequestsWorker(db);
const stopPruner = startRateLimitPruner(db, Math.max(config.rateWindowMinutes * 60, config.commentRate.windowSeconds));
// Audit anchors: the chain head published and mailed once a Shanghai day (every instance may try; one wins).
const stopAnchorWorker = process.env.AUDIT_ANCHORS === "0" ? () => {} : startAnchorWorker(db);
// Policies whose valid-until date passed: their subscribers mailed once (every instance may look; one claims each).
const stopLapseWorker = process.env.POLICY_LAPSES === "0" ? () => {} : startLapseWorker(db);

const viteDevServer = dev
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use(readUnreadBodies());
app.use(compression());

app.use((_req, res, next) => {
  res.locals.nonce = crypto.randomBytes(16).toString("base64");
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: dev
          ? ["'self'", "'unsafe-inline'", "'unsafe-eval'"]
          : ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.nonce}'`],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: dev ? ["'self'", "ws:"] : ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.https ? [] : null,
      },
    },
    strictTransportSecurity: config.https,
    crossOriginEmbedderPolicy: false,
    // Not helmet's no-referrer: with it Chromium sends `Origin: null` on a
    // plain form post, and the CSRF check refused every form without
    // JavaScript. same-origin keeps the origin for our own posts and still
    // tells other sites nothing.
    referrerPolicy: { policy: "same-origin" },
  }),
);

app.get("/healthz", async (_req, res) => {
  const ok = await ping(db);
  res.status(ok ? 200 : 503).json({ status: ok ? "ok" : "unavailable", database: ok ? "up" : "down", driver: database.driver });
});

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
}

/** Under /api/ every answer is JSON ($defs/error of the API schema), even the ones refused before the router. */
const isApi = (req: express.Request) => req.path === "/api" || req.path.startsWith("/api/");

app.use((req, res, next) => {
  if (originAllowed(req.method, req.headers.host, req.headers.origin, req.headers.referer)) {
    // Accepted on its same-site Referer: the opaque `Origin: null` would make
    // React Router's own origin check throw (a 500), so it goes no further.
    if (req.headers.origin === "null") delete req.headers.origin;
    return next();
  }
  if (isApi(req)) return void res.status(403).set(API_ERROR_HEADERS).json(apiErrorBody(403, "api.err.crossSite"));
  res.status(403).type("text/plain; charset=utf-8").send("跨站请求被拒绝 / Cross-site request refused");
});

// Hostile URLs are refused here with a 400 rather than failing deeper as a
// 5xx: a NUL (PostgreSQL text cannot hold one) or a path that is not valid
// percent-encoded UTF-8 (the router cannot decode its params).
app.use((req, res, next) => {
  let ok = !/%00/i.test(req.url);
  if (ok) {
    try {
      decodeURIComponent(req.path);
    } catch {
      ok = false;
    }
  }
  if (ok) return next();
  if (isApi(req)) return void res.status(400).set(API_ERROR_HEADERS).json(apiErrorBody(400, "api.err.badUrl"));
  res.status(400).type("text/plain; charset=utf-8").send("请求无效 / Bad request");
});

app.use(sessionMiddleware(db, config));
app.use(pageCache({ ttlMs: config.pageCacheSeconds * 1000, sessionCookie: SESSION_COOKIE }));

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>
  : ((await import(path.join(buildDir, "server/index.js"))) as ServerBuild);

app.all(
  "*",
  createRequestHandler({
    build,
    mode: dev ? "development" : "production",
    getLoadContext: (req, res) => ({
      db,
      user: res.locals.user ?? null,
      lang: res.locals.lang,
      care: res.locals.care,
      nonce: res.locals.nonce,
      ip: req.ip ?? "unknown",
      now: () => new Date(),
      config,
    }),
  }),
);

// Errors outside React Router (the session lookup) are the database being away.
app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
  if (isDatabaseUnavailable(err)) console.error(`database unavailable: ${req.method} ${req.path}`);
  else console.error(err);
  if (res.headersSent) return;
  if (isApi(req)) return void res.status(503).set({ ...API_ERROR_HEADERS, "Retry-After": "5" }).json(apiErrorBody(503, "api.err.unavailable"));
  res.status(503).set(UNAVAILABLE_HEADERS).send(UNAVAILABLE_PAGE);
});

const server = app.listen(port, () => {
  console.log(`Canyu is listening on http://localhost:${port} (${database.driver})`);
});
// Node closes an idle keep-alive connection after 5 s. A client or proxy that reuses the socket just as
// it closes gets ECONNRESET (a proxy answers 502), so the server waits longer than they keep one idle
// (nginx and most load balancers: 60 s). Headers must be allowed longer than that.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: shutting down`);
  stopWorker();
  stopEventsWorker();
  stopRequestsWorker();
  stopPruner();
  stopAnchorWorker();
  stopLapseWorker();
  server.close();
  await viteDevServer?.close();
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
