import Ajv2020 from "ajv/dist/2020";
import { eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { policies, units } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { seedDecisions } from "../../../seeds/decisions";
import { seedFoundation } from "../../../seeds/foundation";
import { seedPolicies } from "../../../seeds/policies";
import { NotFoundError } from "../errors";
import { apiAnswer } from "../opendata/api";
import { sitemapEntries } from "../opendata/sitemap";
import { API_PAGE_SIZE } from "../decisions/opendata";
import { policiesFeed } from "./feed";
import { apiPolicy, apiPolicyList, openDataSchema } from "./opendata";

const t = useTestDb();
const now = new Date("2026-11-27T04:00:00Z");

beforeAll(async () => {
  await t.db.transaction(async (tx) => {
    const f = await seedFoundation(tx);
    await seedDecisions(tx, f, now);
    await seedPolicies(tx, f, now);
  });
});

const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
ajv.addSchema(openDataSchema);
const root = ajv.getSchema("/api/v1/schema.json")!;
const def = (name: string) => ajv.getSchema(`/api/v1/schema.json#/$defs/${name}`)!;
const noFilter = { unit: null, tag: null, validity: null };

async function get(path: string, init: RequestInit = {}, at = now) {
  const res = await apiAnswer(t.db, new Request(`http://localhost:3000${path}`, init), at);
  const text = res.status === 204 || res.status === 304 ? "" : await res.text();
  const json = text ? JSON.parse(text) : null;
  if (json && !path.endsWith("schema.json")) expect(root(json), `${path}: ${JSON.stringify(root.errors)}`).toBe(true);
  return { res, json };
}

describe("policy open data", () => {
  it("lists and serves policies as the published schema says, with validity derived as of now", async () => {
    const list = await apiPolicyList(t.db, noFilter, now);
    const v = def("policyList");
    expect(v(list), JSON.stringify(v.errors)).toBe(true);
    expect(list.total).toBeGreaterThanOrEqual(28);
    expect(list.policies).toHaveLength(Math.min(list.total, API_PAGE_SIZE));
    const lapsed = await apiPolicyList(t.db, { ...noFilter, validity: "lapsed" }, now);
    expect(lapsed.policies.map((p) => p.title)).toEqual(["浦东新区稳岗就业补贴实施细则（2023—2025年）"]);
    const elderly = await apiPolicyList(t.db, { unit: "civil-affairs", tag: "老年人", validity: null }, now);
    expect(elderly.policies.length).toBeGreaterThan(0);
    expect(elderly.policies.every((p) => p.unit.slug === "civil-affairs" && p.audiences.includes("老年人"))).toBe(true);

    const amended = list.policies.find((p) => p.validity === "amended")!;
    const one = await apiPolicy(t.db, amended.id, now);
    const pv = def("policy");
    expect(pv(one), JSON.stringify(pv.errors)).toBe(true);
    expect(one.successor?.url).toMatch(/\/policies\/\d+$/);
    expect(one.interpretations[0].kind).toBe("initial");
    const english = list.policies.filter((p) => p.title.includes("外"));
    const withEnglish = await Promise.all(english.map((p) => apiPolicy(t.db, p.id, now)));
    expect(withEnglish.filter((p) => p.english).length).toBe(2);
    await expect(apiPolicy(t.db, 999_999, now)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers over HTTP under /api/v1/policies: schema, paging, JSON errors naming the parameter, 304, CORS", async () => {
    const index = await get("/api/v1");
    expect(index.json.endpoints).toContain("/api/v1/policies/{id}");
    expect(index.json.endpoints).toContain("/feeds/policies.atom");
    const schema = await get("/api/v1/schema.json");
    expect(schema.json.$defs.policyList).toBeDefined();

    const list = await get("/api/v1/policies?validity=in_force&tag=%E8%80%81%E5%B9%B4%E4%BA%BA");
    expect(list.res.status).toBe(200);
    expect(def("policyList")(list.json)).toBe(true);
    expect(list.json.tag).toBe("老年人");
    expect(list.json.policies.every((p: { validity: string }) => p.validity === "in_force")).toBe(true);
    expect(list.res.headers.get("access-control-allow-origin")).toBe("*");
    expect(list.res.headers.get("link")).toContain('rel="first"');
    expect(list.json.links.self).toContain("/api/v1/policies?");

    const one = await get(`/api/v1/policies/${list.json.policies[0].id}`);
    expect(def("policy")(one.json), JSON.stringify(def("policy").errors)).toBe(true);
    const etag = one.res.headers.get("etag")!;
    const lastModified = one.res.headers.get("last-modified")!;
    expect(lastModified).toBeTruthy();
    expect((await get(one.json.url.replace(/^.*\/policies\//, "/api/v1/policies/"), { headers: { "If-None-Match": etag } })).res.status).toBe(304);
    expect((await get(`/api/v1/policies/${one.json.id}`, { headers: { "If-Modified-Since": lastModified } })).res.status).toBe(304);

    for (const [path, status, parameter] of [
      ["/api/v1/policies?validity=valid", 400, "validity"],
      ["/api/v1/policies?tag=", 400, "tag"],
      ["/api/v1/policies?tag=%01x", 400, "tag"],
      ["/api/v1/policies?unit=%3Cscript%3E", 400, "unit"],
      ["/api/v1/policies?page=0", 400, "page"],
      ["/api/v1/policies?page=99", 404, undefined],
      ["/api/v1/policies/abc", 404, undefined],
      ["/api/v1/policies/999999", 404, undefined],
    ] as const) {
      const r = await get(path);
      expect(r.res.status, path).toBe(status);
      expect(def("error")(r.json), path).toBe(true);
      expect(r.json.error.parameter, path).toBe(parameter);
    }
  });

  it("a lapse by date changes the answer and its Last-Modified at Shanghai midnight, with no row written", async () => {
    const inForce = (await apiPolicyList(t.db, { ...noFilter, validity: "in_force" }, now)).policies[0];
    const [p] = await t.db.select().from(policies).where(eq(policies.id, inForce.id));
    const [row] = await t.db.update(policies).set({ validUntil: "2026-12-31" }).where(eq(policies.id, p.id)).returning();
    const before = await get(`/api/v1/policies/${row.id}`, {}, new Date("2026-12-31T23:00:00+08:00"));
    const after = await get(`/api/v1/policies/${row.id}`, { headers: { "If-None-Match": before.res.headers.get("etag")! } }, new Date("2027-01-01T08:00:00+08:00"));
    expect(before.json.validity).toBe("in_force");
    expect(after.res.status).toBe(200);
    expect(after.json.validity).toBe("lapsed");
    expect(new Date(after.res.headers.get("last-modified")!).toISOString()).toBe("2026-12-31T16:00:00.000Z");
    await t.db.update(policies).set({ validUntil: p.validUntil }).where(eq(policies.id, p.id));
  });

  it("puts the library and every published policy in the sitemap", async () => {
    const entries = await sitemapEntries(t.db, now);
    const pub = await t.db.select({ id: policies.id }).from(policies);
    expect(entries.find((e) => e.path === "/policies")?.lastmod).toBeInstanceOf(Date);
    const pages = entries.filter((e) => /^\/policies\/\d+$/.test(e.path));
    expect(pages.map((e) => e.path).sort()).toEqual(pub.map((p) => `/policies/${p.id}`).sort());
    expect(pages.every((e) => e.lastmod && e.lastmod <= now)).toBe(true);
  });
});

type Entry = { id: string; title: { "#text": string }; summary: { "#text": string }; link: { "@_href": string }; category: { "@_term": string }[] | { "@_term": string } };
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" || name === "category" });
const entries = (xml: string): Entry[] => parser.parse(xml).feed.entry ?? [];
const terms = (e: Entry) => (Array.isArray(e.category) ? e.category : [e.category]).map((c) => c["@_term"]);

describe("policy feed", () => {
  it("site-wide: publications, 跟踪解读 and every kind of validity change, newest first, as text", async () => {
    const xml = await policiesFeed(t.db, {}, now, 200);
    const list = entries(xml);
    const kinds = new Set(list.map((e) => terms(e)[0]));
    for (const k of ["published", "interpreted", "amended", "repealed", "lapsed"]) expect(kinds, k).toContain(k);
    expect(new Set(list.map((e) => e.id)).size).toBe(list.length);
    const updated = [...xml.matchAll(/<entry>[\s\S]*?<updated>([^<]+)<\/updated>/g)].map((m) => Date.parse(m[1]));
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    expect(updated.every((u) => u <= now.getTime())).toBe(true);
    expect(xml).toMatch(/<updated>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00<\/updated>/);
    const lapse = list.find((e) => terms(e)[0] === "lapsed" && e.title["#text"].includes("稳岗就业"))!;
    expect(lapse.title["#text"]).toMatch(/^已失效：/);
    expect(lapse.link["@_href"]).toMatch(/\/policies\/\d+$/);
  });

  it("per unit and per tag: only theirs; an unknown unit is not found; a staff title is never markup", async () => {
    const [civil] = await t.db.select().from(units).where(eq(units.slug, "civil-affairs"));
    const own = await t.db.select({ id: policies.id, topics: policies.topics, audiences: policies.audiences, unitId: policies.unitId }).from(policies);
    const idOf = (e: Entry) => Number(/\/policies\/(\d+)#/.exec(e.id)![1]);
    const unitList = entries(await policiesFeed(t.db, { unit: "civil-affairs" }, now, 200));
    expect(unitList.length).toBeGreaterThan(0);
    expect(unitList.every((e) => own.find((p) => p.id === idOf(e))!.unitId === civil.id)).toBe(true);
    const tagList = entries(await policiesFeed(t.db, { tag: "老年人" }, now, 200));
    expect(tagList.length).toBeGreaterThan(0);
    expect(tagList.every((e) => terms(e).includes("老年人"))).toBe(true);
    expect(entries(await policiesFeed(t.db, { tag: "没有这个标签" }, now))).toEqual([]);
    await expect(policiesFeed(t.db, { unit: "no-such-unit" }, now)).rejects.toBeInstanceOf(NotFoundError);

    const [p] = await t.db.select().from(policies).where(eq(policies.unitId, civil.id)).limit(1);
    await t.db.update(policies).set({ title: '<script>alert(1)</script>&"' }).where(eq(policies.id, p.id));
    const xml = await policiesFeed(t.db, { unit: "civil-affairs" }, now, 200);
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("&lt;script&gt;");
    expect(xml).not.toMatch(/type="html"|CDATA/);
    // A feed reader gets the characters back as text.
    expect(entries(xml).some((e) => e.title["#text"].includes('<script>alert(1)</script>&"'))).toBe(true);
    await t.db.update(policies).set({ title: p.title }).where(eq(policies.id, p.id));
  });
});
