import Ajv2020 from "ajv/dist/2020";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { decisions } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { seedFoundation } from "../../../seeds/foundation";
import { seedDecisions } from "../../../seeds/decisions";
import { API_PAGE_SIZE, apiSchema } from "../decisions/opendata";
import { linkPlatformStage } from "../decisions/stages";
import { apiAnswer } from "./api";

const t = useTestDb();
const now = new Date("2026-11-27T04:00:00Z");

beforeAll(async () => {
  await t.db.transaction(async (tx) => {
    const f = await seedFoundation(tx);
    await seedDecisions(tx, f, now);
  });
});

/** The schema as a third party uses it: the root accepts every answer, errors included. */
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const validate = ajv.compile(apiSchema);
const def = (name: string) => ajv.getSchema(`/api/v1/schema.json#/$defs/${name}`)!;

async function get(path: string, init: RequestInit = {}) {
  const res = await apiAnswer(t.db, new Request(`http://localhost:3000${path}`, init));
  const text = res.status === 204 || res.status === 304 ? "" : await res.text();
  return { res, text, json: text ? JSON.parse(text) : null };
}

async function valid(path: string, as: string, init?: RequestInit) {
  const r = await get(path, init);
  expect(r.res.headers.get("content-type"), path).toMatch(/^application\/json; charset=utf-8$/);
  expect(validate(r.json), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
  expect(def(as)(r.json), `${path} as ${as}: ${JSON.stringify(def(as).errors)}`).toBe(true);
  return r;
}

describe("API v1 over HTTP", () => {
  it("every answer is JSON described by the schema: the index, lists, resources and errors", async () => {
    const index = await valid("/api/v1", "index");
    expect(index.json.pageSize).toBe(API_PAGE_SIZE);
    await valid("/api/v1/catalogues", "catalogueList");
    await valid("/api/v1/catalogues?year=2026", "catalogueList");
    const cat = await valid("/api/v1/catalogues/construction/2026", "catalogue");
    await valid("/api/v1/decisions?year=2025&unit=construction", "decisionList");
    await valid(`/api/v1/decisions/${cat.json.decisions[0].id}`, "decision");
    const schema = await get("/api/v1/schema.json");
    expect(schema.res.headers.get("content-type")).toMatch(/^application\/schema\+json/);
    expect(schema.json.$defs.index).toBeDefined();

    for (const [path, status, parameter] of [
      ["/api/v1/catalogues?year=0000", 400, "year"],
      ["/api/v1/catalogues?year=20266", 400, "year"],
      ["/api/v1/catalogues?page=0", 400, "page"],
      ["/api/v1/catalogues?page=-1", 400, "page"],
      ["/api/v1/decisions?page=abc", 400, "page"],
      ["/api/v1/decisions?unit=%3Cscript%3E", 400, "unit"],
      ["/api/v1/decisions/%00", 404, undefined],
      ["/api/v1/decisions/%E0%A4%A", 400, undefined],
      ["/api/v1/decisions/99999999999", 404, undefined],
      ["/api/v1/decisions/0", 404, undefined],
      ["/api/v1/catalogues/hrss/2026", 404, undefined], // a draft
      ["/api/v1/nothing", 404, undefined],
      ["/api/v2", 404, undefined],
      ["/api/v1/catalogues?page=9", 404, undefined],
    ] as const) {
      const r = await valid(path, "error");
      expect(r.res.status, path).toBe(status);
      expect(r.json.error.status).toBe(status);
      expect(r.json.error.parameter).toBe(parameter);
      expect(r.json.error.messageZh.length).toBeGreaterThan(0);
    }
    const post = await valid("/api/v1/catalogues", "error", { method: "POST" });
    expect(post.res.status).toBe(405);
    expect(post.res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("counts each catalogue's items in the list", async () => {
    const list = (await get("/api/v1/catalogues?year=2026")).json;
    const construction = list.catalogues.find((c: { unit: { slug: string } }) => c.unit.slug === "construction");
    const full = (await get("/api/v1/catalogues/construction/2026")).json;
    expect(construction.decisions).toBe(full.decisions.length);
    expect(full.decisions.length).toBeGreaterThan(1);
  });

  it("pages lists by the documented page size, with links and a Link header", async () => {
    const first = await get("/api/v1/decisions");
    const total = first.json.total as number;
    expect(total).toBeGreaterThan(20);
    expect(first.json.page).toBe(1);
    expect(first.json.pages).toBe(Math.max(1, Math.ceil(total / API_PAGE_SIZE)));
    expect(first.json.decisions).toHaveLength(Math.min(total, API_PAGE_SIZE));
    expect(first.json.links.prev).toBeNull();
    expect(first.res.headers.get("link")).toContain('rel="first"');
  });

  it("conditional GET: a matching ETag or an unchanged Last-Modified gets 304; a change gets 200 with a new ETag", async () => {
    const [d] = await t.db.select().from(decisions).where(eq(decisions.title, "浦东新区碳达峰实施方案"));
    const path = `/api/v1/decisions/${d.id}`;
    const a = await get(path);
    const etag = a.res.headers.get("etag")!;
    const lastModified = a.res.headers.get("last-modified")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(new Date(lastModified).getTime()).toBeLessThanOrEqual(now.getTime());
    expect(a.res.headers.get("access-control-expose-headers")).toContain("ETag");

    const same = await get(path, { headers: { "If-None-Match": etag } });
    expect(same.res.status).toBe(304);
    expect(same.text).toBe("");
    expect(same.res.headers.get("etag")).toBe(etag);
    expect((await get(path, { headers: { "If-None-Match": `"other", W/${etag}` } })).res.status).toBe(304);
    expect((await get(path, { headers: { "If-Modified-Since": lastModified } })).res.status).toBe(304);
    expect((await get(path, { headers: { "If-Modified-Since": new Date(Date.parse(lastModified) - 1000).toUTCString() } })).res.status).toBe(200);

    // A stage change shows in the answer: new ETag, later Last-Modified, the old validators no longer match.
    const when = new Date(now.getTime() + 3600_000);
    await t.db.transaction((tx) => linkPlatformStage(tx, null, d.id, "deliberation", { state: "in_progress", startedOn: when, linkPath: "/observers/1", note: "区政府常务会议邀请公众代表列席" }, when));
    const b = await get(path, { headers: { "If-None-Match": etag } });
    expect(b.res.status).toBe(200);
    expect(b.res.headers.get("etag")).not.toBe(etag);
    expect(new Date(b.res.headers.get("last-modified")!).getTime()).toBe(Math.floor(when.getTime() / 1000) * 1000);
    expect((await get(path, { headers: { "If-Modified-Since": lastModified } })).res.status).toBe(200);
  });

  it("walks a list longer than a page: every decision once, in order, through links.next", async () => {
    const [cat] = await rows<{ id: number; unit_id: number }>(t.db, sql`select c.id, c.unit_id from decision_catalogues c join units u on u.id = c.unit_id where u.slug = 'construction' and c.year = 2026`);
    await t.db.insert(decisions).values(
      Array.from({ length: 130 }, (_, i) => ({ catalogueId: cat.id, unitId: cat.unit_id, year: 2026, position: 100 + i, title: `批量事项 ${i}`, tags: [], updatedAt: now })),
    );
    const expected = (await t.db.select({ id: decisions.id }).from(decisions).where(and(eq(decisions.catalogueId, cat.id)))).length;
    expect(expected).toBeGreaterThan(API_PAGE_SIZE);
    const seen: number[] = [];
    let url: string | null = "/api/v1/decisions?year=2026&unit=construction";
    const links: string[] = [];
    while (url) {
      const r = await valid(url.replace("http://localhost:3000", ""), "decisionList");
      expect(r.json.decisions.length).toBeLessThanOrEqual(API_PAGE_SIZE);
      seen.push(...r.json.decisions.map((d: { id: number }) => d.id));
      links.push(r.res.headers.get("link")!);
      url = r.json.links.next;
    }
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
    expect(links).toHaveLength(Math.ceil(expected / API_PAGE_SIZE));
    expect(links[0]).toContain('rel="next"');
    expect(links.at(-1)).toContain('rel="prev"');
    expect((await get(`/api/v1/decisions?year=2026&unit=construction&page=${links.length + 1}`)).res.status).toBe(404);
  });

  it("answers a CORS preflight with the methods and headers a browser may use", async () => {
    const r = await get("/api/v1/catalogues", { method: "OPTIONS", headers: { Origin: "https://example.org", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match" } });
    expect(r.res.status).toBe(204);
    expect(r.text).toBe("");
    expect(r.res.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.res.headers.get("access-control-allow-methods")).toBe("GET, HEAD, OPTIONS");
    expect(r.res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("if-none-match");
    expect(Number(r.res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
  });
});
