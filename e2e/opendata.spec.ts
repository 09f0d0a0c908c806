/**
 * The checks a third party runs on the machine-readable side of the site,
 * with independent tools: every page free of NUL and valid under the Nu HTML
 * Checker (vnu.jar on Java), every calendar parsed by ical.js with lines of at
 * most 75 octets, the feeds found from their pages and parsed by a feed
 * reader's parser, the sitemap covering the pages the site links to, and the
 * API validated against its own schema, conditional GET and CORS included.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import Ajv2020 from "ajv/dist/2020.js";
import ICAL from "ical.js";
import { logIn } from "./helpers";

const VNU_JAR = createRequire(import.meta.url).resolve("vnu-jar/build/dist/vnu.jar");
const JAVA = process.env.JAVA ?? "java";

/** Public pages from the sitemap, as paths (the sitemap's origin is PUBLIC_URL, not the test server). */
async function sitemapPaths(request: APIRequestContext): Promise<string[]> {
  const xml = await (await request.get("/sitemap.xml")).text();
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
}

interface Fetched {
  url: string;
  body: Buffer;
}

async function fetchAll(request: APIRequestContext, paths: string[]): Promise<Fetched[]> {
  const out: Fetched[] = [];
  for (const p of paths) {
    const r = await request.get(p);
    expect(r.status(), p).toBeLessThan(500);
    out.push({ url: p, body: await r.body() });
  }
  return out;
}

/** Runs the Nu HTML Checker once over every page; returns its errors as "url: line:col message". */
function nuErrors(pages: Fetched[]): string[] {
  const java = spawnSync(JAVA, ["-version"], { encoding: "utf8" });
  if (java.status !== 0) throw new Error(`No Java for the Nu HTML Checker (set JAVA or install Debian's default-jre-headless): ${java.error?.message ?? java.stderr}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "canyu-vnu-"));
  try {
    const files = pages.map((p, i) => {
      const f = path.join(dir, `page-${i}.html`);
      writeFileSync(f, p.body);
      return f;
    });
    const r = spawnSync(JAVA, ["-Xss4m", "-jar", VNU_JAR, "--errors-only", "--format", "json", ...files], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const report = JSON.parse(r.stderr || r.stdout) as { messages: { type: string; url: string; lastLine?: number; lastColumn?: number; message: string; extract?: string }[] };
    return report.messages
      .filter((m) => m.type === "error" || m.type === "non-document-error")
      .map((m) => {
        const i = files.findIndex((f) => m.url.endsWith(path.basename(f)));
        return `${pages[i]?.url ?? m.url}: ${m.lastLine}:${m.lastColumn} ${m.message} ${m.extract ? JSON.stringify(m.extract) : ""}`;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectCleanHtml(pages: Fetched[]) {
  const withNul = pages.filter((p) => p.body.includes(0)).map((p) => p.url);
  expect(withNul, "pages with NUL bytes").toEqual([]);
  expect(nuErrors(pages)).toEqual([]);
}

/** A calendar as a third party checks it: CRLF lines ≤ 75 octets, then ical.js. */
function parseCalendar(text: string) {
  const lines = text.replace(/\r\n$/, "").split("\r\n");
  expect(lines.filter((l) => Buffer.byteLength(l) > 75), "lines over 75 octets").toEqual([]);
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
}

async function alternateFeeds(page: Page, pathname: string) {
  await page.goto(pathname);
  return page.locator('head link[rel="alternate"][type="application/atom+xml"]').evaluateAll((ls) => ls.map((l) => (l as HTMLLinkElement).getAttribute("href")!));
}

test.describe("open data, checked as a third party would", () => {
  test("every public page is free of NUL and valid HTML (Nu HTML Checker)", async ({ request }) => {
    test.setTimeout(300_000);
    const paths = await sitemapPaths(request);
    expect(paths.length).toBeGreaterThan(50);
    // Plus pages the sitemap does not list: sign-in, sign-up, an error page, a search with paging.
    const pages = await fetchAll(request, [...paths, "/login", "/signup", "/no-such-page", "/decisions/999999", "/decisions?q=%E5%85%BB%E8%80%81&page=1"]);
    expectCleanHtml(pages);
  });

  test("the main console and resident pages are free of NUL and valid HTML", async ({ page }) => {
    test.setTimeout(300_000);
    const pages: Fetched[] = [];
    await logIn(page, "staff.construction@pudong.example");
    pages.push(...(await fetchAll(page.request, ["/console", "/console/decisions", "/console/consultations", "/console/consultations/new", "/console/events", "/console/events/new", "/console/observers", "/console/requests"])));
    // One of each detail page the unit's console links to.
    await page.goto("/console/decisions");
    const catalogue = await page.locator('a[href^="/console/decisions/catalogues/"]').first().getAttribute("href");
    await page.goto(catalogue!);
    const item = await page.locator('a[href^="/console/decisions/items/"]').first().getAttribute("href");
    pages.push(...(await fetchAll(page.request, [catalogue!, item!])));
    await page.context().clearCookies();

    await logIn(page, "admin@pudong.example");
    pages.push(...(await fetchAll(page.request, ["/admin/units", "/admin/staff", "/admin/audit", "/admin/compliance", "/admin/observers", "/console/events/themes"])));
    for (const [list, prefix] of [
      ["/console/consultations", "/console/consultations/"],
      ["/console/events", "/console/events/"],
      ["/console/observers", "/console/observers/"],
    ] as const) {
      await page.goto(list);
      const hrefs = await page.locator(`main a[href^="${prefix}"]`).evaluateAll((ls) => ls.map((l) => (l as HTMLAnchorElement).getAttribute("href")!));
      const details = [...new Set(hrefs.filter((h) => /\/\d+(\/[a-z-]+)?$/.test(h)))].slice(0, 4);
      expect(details.length, list).toBeGreaterThan(0);
      pages.push(...(await fetchAll(page.request, details)));
    }
    await page.context().clearCookies();

    await logIn(page, "wang.fang@example.com");
    pages.push(...(await fetchAll(page.request, ["/account", "/my/registrations", "/consultations/mine", "/decisions/subscriptions", "/observers"])));
    expectCleanHtml(pages);
  });

  test("the calendars: the site feed and a registration's own file parse, fold at 75 octets and share the session's UID", async ({ page, request }) => {
    const feed = await request.get("/open-month/feed.ics");
    expect(feed.headers()["content-type"]).toMatch(/^text\/calendar/);
    const site = parseCalendar(await feed.text());
    expect(site.length).toBeGreaterThan(10);
    expect(site.every((e) => /^session-\d+@canyu\.pudong$/.test(e.uid) && e.startDate.zone?.tzid === "Asia/Shanghai")).toBe(true);

    await logIn(page, "wang.fang@example.com");
    await page.goto("/my/registrations");
    const href = await page.locator('a[href$="/calendar.ics"]').first().getAttribute("href");
    const own = parseCalendar(await (await page.request.get(href!)).text());
    expect(own).toHaveLength(1);
    const twin = site.find((e) => e.uid === own[0].uid);
    expect(twin, "the registration's session is in the site feed under the same UID").toBeDefined();
    expect(own[0].sequence).toBe(twin!.sequence);
    expect(own[0].startDate.toJSDate().getTime()).toBe(twin!.startDate.toJSDate().getTime());
  });

  test("the feeds are linked from their pages and parse in a feed reader", async ({ page, request }) => {
    const decisionPath = new URL((await (await request.get("/api/v1/catalogues/construction/2026")).json()).decisions[0].url).pathname;
    const policy = (await (await request.get("/api/v1/policies?unit=civil-affairs")).json()).policies[0] as { url: string; topics: string[]; audiences: string[] };
    const tagFeed = (tag: string) => `/feeds/tags/${encodeURIComponent(tag)}/policies.atom`;
    const expected: Record<string, string[]> = {
      "/": ["/feeds/milestones.atom"],
      "/decisions": ["/feeds/milestones.atom"],
      [decisionPath]: ["/feeds/milestones.atom", "/feeds/units/construction/milestones.atom"],
      "/units/construction/catalogue/2026": ["/feeds/milestones.atom", "/feeds/units/construction/milestones.atom"],
      "/policies": ["/feeds/policies.atom"],
      [`/policies?unit=civil-affairs&audience=${encodeURIComponent("老年人")}`]: ["/feeds/policies.atom", "/feeds/units/civil-affairs/policies.atom", tagFeed("老年人")],
      [new URL(policy.url).pathname]: ["/feeds/policies.atom", "/feeds/units/civil-affairs/policies.atom", ...[...new Set([...policy.topics, ...policy.audiences])].map(tagFeed)],
    };
    const feeds = new Set<string>();
    for (const [pathname, want] of Object.entries(expected)) {
      const hrefs = await alternateFeeds(page, pathname);
      expect(hrefs, pathname).toEqual(want);
      hrefs.forEach((h) => feeds.add(h));
    }
    for (const href of feeds) {
      const r = await request.get(href);
      expect(r.headers()["content-type"]).toMatch(/^application\/atom\+xml/);
      const feed = parseFeed(await r.text());
      expect(feed.meta.type).toBe("atom");
      expect(feed.items.length, href).toBeGreaterThan(0);
      const kind = href.endsWith("/policies.atom") ? "/policies/" : "/decisions/";
      expect(feed.items.every((i) => i.url && new URL(i.url).pathname.startsWith(kind)), href).toBe(true);
    }
    await page.goto("/open-month");
    await expect(page.locator('head link[rel="alternate"][type="text/calendar"]')).toHaveAttribute("href", "/open-month/feed.ics");
  });

  test("the sitemap covers every public page the site links to from its lists", async ({ page, request }) => {
    const listed = new Set(await sitemapPaths(request));
    const detail = /^\/(decisions\/\d+|units\/[a-z0-9-]+\/catalogue\/\d{4}|consultations\/\d+|open-month\/events\/\d+|open-month\/sessions\/\d+|observers\/(meetings|calls)\/\d+|policies\/\d+)$/;
    const found = new Set<string>();
    for (const list of ["/", "/decisions", "/decisions?year=2025", "/consultations", "/open-month", "/observers", "/policies", "/policies?page=2"]) {
      await page.goto(list);
      const hrefs = await page.locator("a[href^='/']").evaluateAll((ls) => ls.map((l) => new URL((l as HTMLAnchorElement).href).pathname));
      hrefs.filter((h) => detail.test(h)).forEach((h) => found.add(h));
    }
    // One level down: the sessions of an event, the calls of a meeting.
    for (const p of [...found].filter((p) => /^\/(open-month\/events|observers\/meetings)\//.test(p)).slice(0, 6)) {
      await page.goto(p);
      const hrefs = await page.locator("a[href^='/']").evaluateAll((ls) => ls.map((l) => new URL((l as HTMLAnchorElement).href).pathname));
      hrefs.filter((h) => detail.test(h)).forEach((h) => found.add(h));
    }
    expect(found.size).toBeGreaterThan(20);
    expect([...found].filter((p) => !listed.has(p))).toEqual([]);
  });

  test("the API over HTTP: schema-valid answers and errors, paging, 304 on conditional GET, CORS preflight", async ({ request }) => {
    const schema = await (await request.get("/api/v1/schema.json")).json();
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    const validate = ajv.compile(schema);
    const check = async (p: string, status: number) => {
      const r = await request.get(p);
      expect(r.status(), p).toBe(status);
      expect(r.headers()["content-type"], p).toMatch(/^application\/json/);
      const body = await r.json();
      expect(validate(body), `${p}: ${JSON.stringify(validate.errors)}`).toBe(true);
      return { r, body };
    };
    const index = await check("/api/v1", 200);
    expect(index.body.pageSize).toBeGreaterThan(0);
    const list = await check("/api/v1/decisions?year=2026", 200);
    expect(list.body.decisions.length).toBeLessThanOrEqual(index.body.pageSize);
    await check("/api/v1/catalogues?year=2026", 200);
    const policies = await check(`/api/v1/policies?tag=${encodeURIComponent("老年人")}&validity=in_force`, 200);
    expect(policies.body.policies.length).toBeGreaterThan(0);
    await check(new URL(policies.body.policies[0].url).pathname.replace(/^\/policies\//, "/api/v1/policies/"), 200);
    expect((await check("/api/v1/policies?validity=valid", 400)).body.error.parameter).toBe("validity");
    for (const p of ["/api/v1/decisions/%00", "/api/v1/decisions/abc", "/api/v1/nothing", "/api/other", "/api/v1/decisions?page=999"]) {
      const { body } = await check(p, p.includes("%00") ? 400 : 404);
      expect(body.error.messageZh).toBeTruthy();
    }
    const bad = await check("/api/v1/catalogues?year=0000", 400);
    expect(bad.body.error.parameter).toBe("year");

    const first = await request.get("/api/v1/catalogues/construction/2026");
    const etag = first.headers()["etag"];
    expect(etag).toBeTruthy();
    expect(first.headers()["last-modified"]).toBeTruthy();
    expect((await request.get("/api/v1/catalogues/construction/2026", { headers: { "If-None-Match": etag } })).status()).toBe(304);
    expect((await request.get("/api/v1/catalogues/construction/2026", { headers: { "If-Modified-Since": first.headers()["last-modified"] } })).status()).toBe(304);

    const pre = await request.fetch("/api/v1/decisions", { method: "OPTIONS", headers: { Origin: "https://data.example.org", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match" } });
    expect(pre.status()).toBe(204);
    expect(pre.headers()["access-control-allow-origin"]).toBe("*");
    expect(pre.headers()["access-control-allow-methods"]).toContain("GET");
    expect(pre.headers()["access-control-allow-headers"].toLowerCase()).toContain("if-none-match");
    expect(await pre.text()).toBe("");
  });
});
