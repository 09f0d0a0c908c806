import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import express from "express";
import compression from "compression";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageCache } from "./page-cache";

// A stand-in for the Remix handler: counts renders and embeds the request's nonce like the real pages do.
let renders = 0;
let origin = "";
let shortOrigin = "";
const closers: (() => void)[] = [];

async function serveApp(ttlMs: number): Promise<string> {
  const app = express();
  app.use(compression());
  app.use((req, res, next) => {
    res.locals.nonce = crypto.randomBytes(16).toString("base64");
    res.locals.lang = req.headers.cookie?.includes("lang=en") ? "en" : "zh";
    next();
  });
  app.use(pageCache({ ttlMs, sessionCookie: "canyu_session" }));
  app.get("/decisions/99", (_req, res) => {
    renders++;
    setTimeout(() => res.type("html").send(`slow ${renders}`), 150);
  });
  app.get("/decisions/:id", (req, res) => {
    renders++;
    if (req.params.id === "404") return res.status(404).send("missing");
    if (req.params.id === "7") res.cookie("x", "1");
    res.type("html").send(`<html><script nonce="${res.locals.nonce}"></script>${"页".repeat(2000)} render ${renders} ${res.locals.lang}</html>`);
  });
  app.get("/api/v1/decisions/:id", (req, res) => {
    renders++;
    res.set({ ETag: `"v${req.params.id}"`, "Last-Modified": new Date("2026-11-27T04:00:00Z").toUTCString(), "Content-Type": "application/json; charset=utf-8" });
    res.end(JSON.stringify({ id: req.params.id }));
  });
  app.get("/account", (_req, res) => {
    renders++;
    res.send(`account ${renders}`);
  });
  app.post("/decisions/:id", (_req, res) => res.redirect(303, "/decisions/1"));
  return new Promise<string>((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      closers.push(() => server.close());
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

beforeAll(async () => {
  origin = await serveApp(60_000);
  shortOrigin = await serveApp(300);
});
afterAll(() => closers.forEach((c) => c()));

const get = (path: string, cookie?: string) => fetch(origin + path, { headers: cookie ? { cookie } : {} });
const nonceOf = (html: string) => /nonce="([^"]+)"/.exec(html)?.[1];

describe("page micro-cache", () => {
  it("serves an anonymous public page again without rendering, with a fresh nonce each time", async () => {
    const first = await (await get("/decisions/1")).text();
    const before = renders;
    const r = await get("/decisions/1");
    const second = await r.text();
    expect(renders).toBe(before);
    expect(r.headers.get("x-page-cache")).toBe("hit");
    expect(second.replace(/nonce="[^"]+"/, "")).toBe(first.replace(/nonce="[^"]+"/, ""));
    expect(nonceOf(second)).toBeTruthy();
    expect(nonceOf(second)).not.toBe(nonceOf(first));
    // The cached body is the uncompressed page; compression still applies on the way out.
    const gz = await fetch(origin + "/decisions/1", { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers.get("x-page-cache")).toBe("hit");
    expect(await gz.text()).toContain("render");
  });

  it("keeps languages apart and never caches for a signed-in visitor", async () => {
    const zh = await (await get("/decisions/2")).text();
    const en = await (await get("/decisions/2", "lang=en")).text();
    expect(zh).toContain(" zh<");
    expect(en).toContain(" en<");
    const before = renders;
    await get("/decisions/2", "canyu_session=abc");
    await get("/decisions/2", "canyu_session=abc");
    expect(renders).toBe(before + 2);
  });

  it("does not cache errors, cookies or pages outside the allow-list", async () => {
    for (const path of ["/decisions/404", "/decisions/7", "/account"]) {
      await get(path);
      const before = renders;
      await get(path);
      expect(renders, path).toBe(before + 1);
    }
  });

  it("is emptied by a write, so the writer sees the change at once", async () => {
    await get("/decisions/3");
    const before = renders;
    await get("/decisions/3");
    expect(renders).toBe(before);
    await fetch(origin + "/decisions/3", { method: "HEAD" });
    expect((await get("/decisions/3")).headers.get("x-page-cache")).toBe("hit");
    const post = await fetch(origin + "/decisions/3", { method: "POST", redirect: "manual" });
    expect(post.status).toBe(303);
    const afterHead = renders;
    await get("/decisions/3");
    expect(renders).toBe(afterHead + 1);
  });

  it("renders a page once when many ask for it at the same moment", async () => {
    const before = renders;
    const bodies = await Promise.all(Array.from({ length: 20 }, () => get("/decisions/99").then((r) => r.text())));
    expect(renders).toBe(before + 1);
    expect(new Set(bodies).size).toBe(1);
  });

  it("after the TTL, one visitor refreshes the page while the others get the previous copy", async () => {
    const first = await (await fetch(shortOrigin + "/decisions/99")).text();
    await new Promise((r) => setTimeout(r, 400));
    const before = renders;
    const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(shortOrigin + "/decisions/99")));
    const how = answers.map((r) => r.headers.get("x-page-cache"));
    expect(renders).toBe(before + 1);
    expect(how.filter((h) => h === null)).toHaveLength(1);
    expect(how.filter((h) => h === "stale").length).toBeGreaterThan(0);
    const after = await (await fetch(shortOrigin + "/decisions/99")).text();
    expect(after).not.toBe(first);
  });

  it("keeps an API answer's validators, so a conditional GET on a cached copy gets its 304", async () => {
    const first = await get("/api/v1/decisions/5");
    expect(first.headers.get("etag")).toBe('"v5"');
    const before = renders;
    const again = await fetch(origin + "/api/v1/decisions/5", { headers: { "if-none-match": '"v5"' } });
    expect(again.headers.get("x-page-cache")).toBe("hit");
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const since = await fetch(origin + "/api/v1/decisions/5", { headers: { "if-modified-since": new Date("2026-11-27T04:00:00Z").toUTCString() } });
    expect(since.status).toBe(304);
    const changed = await fetch(origin + "/api/v1/decisions/5", { headers: { "if-none-match": '"v4"' } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).toBe('"v5"');
    expect(await changed.json()).toEqual({ id: "5" });
    expect(renders).toBe(before);
  });
});
