import { eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { consultations, decisionCatalogues, decisionMilestones, decisions, eventSessions, events, observerCalls, observerMeetings, units } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { seed } from "../../../seeds";
import { sql } from "drizzle-orm";
import { sitemapEntries, sitemapXml } from "./sitemap";

const t = useTestDb();
// The demo story's clock: well before the real one, so a lastmod taken from when rows were written shows up.
const now = new Date("2026-11-27T04:00:00Z");

beforeAll(async () => {
  await seed(t.db, now);
});

async function locs() {
  const doc = new XMLParser().parse(await sitemapXml(t.db, now));
  return (doc.urlset.url as { loc: string; lastmod?: string }[]).map((u) => ({ path: new URL(u.loc).pathname, lastmod: u.lastmod }));
}

describe("sitemap", () => {
  it("lists every public page and nothing else", async () => {
    const paths = new Set((await locs()).map((u) => u.path));
    for (const p of ["/", "/decisions", "/consultations", "/open-month", "/open-month/themes", "/observers", "/observers/verify", "/requests", "/audit/anchors"]) expect(paths, p).toContain(p);

    const pub = await rows<{ id: number }>(t.db, sql`select d.id from decisions d join decision_catalogues c on c.id = d.catalogue_id where c.published_at is not null`);
    const all = await t.db.select({ id: decisions.id }).from(decisions);
    for (const d of all) expect(paths.has(`/decisions/${d.id}`), `decision ${d.id}`).toBe(pub.some((p) => p.id === d.id));

    const cats = await t.db.select({ slug: units.slug, year: decisionCatalogues.year, publishedAt: decisionCatalogues.publishedAt }).from(decisionCatalogues).innerJoin(units, eq(units.id, decisionCatalogues.unitId));
    for (const c of cats) expect(paths.has(`/units/${c.slug}/catalogue/${c.year}`)).toBe(c.publishedAt != null);

    const cs = await t.db.select().from(consultations);
    expect(cs.length).toBeGreaterThan(0);
    for (const c of cs) expect(paths.has(`/consultations/${c.id}`)).toBe(c.publishedAt != null);

    const evs = await t.db.select().from(events);
    const ss = await t.db.select().from(eventSessions);
    expect(ss.length).toBeGreaterThan(0);
    for (const e of evs) expect(paths.has(`/open-month/events/${e.id}`)).toBe(e.status !== "draft");
    for (const s of ss) expect(paths.has(`/open-month/sessions/${s.id}`)).toBe(evs.find((e) => e.id === s.eventId)!.status !== "draft");

    const ms = await t.db.select().from(observerMeetings);
    const ks = await t.db.select().from(observerCalls);
    expect(ms.length).toBeGreaterThan(0);
    for (const m of ms) expect(paths).toContain(`/observers/meetings/${m.id}`);
    for (const k of ks) expect(paths).toContain(`/observers/calls/${k.id}`);
  });

  it("dates each page by its last change in the demo story, not by when the rows were written", async () => {
    const list = await locs();
    const dated = list.filter((u) => u.lastmod);
    expect(dated.length).toBe(list.length - 4); // all but /open-month/themes, /observers/verify, /requests and /audit/anchors
    const future = dated.filter((u) => new Date(u.lastmod!) > now).map((u) => `${u.path} ${u.lastmod}`);
    expect(future).toEqual([]);
    for (const u of dated) {
      expect(u.lastmod, u.path).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      expect(new Date(u.lastmod!).getTime(), `${u.path} ${u.lastmod}`).toBeLessThanOrEqual(now.getTime());
    }
    // Pages differ: not one load time stamped on everything.
    expect(new Set(dated.map((u) => u.lastmod)).size).toBeGreaterThan(dated.length / 3);
  });

  it("a new milestone or an event change moves the page's lastmod, and its list's", async () => {
    const [d] = await t.db.select().from(decisions).where(eq(decisions.title, "浦东新区碳达峰实施方案"));
    const later = new Date(now.getTime() + 3600_000);
    await t.db.insert(decisionMilestones).values({ decisionId: d.id, happenedOn: "2026-11-27", title: "专家论证会召开", publishedAt: later });
    const [e] = await t.db.select().from(events).where(eq(events.status, "published")).limit(1);
    await t.db.update(events).set({ updatedAt: later }).where(eq(events.id, e.id));
    const [s] = await t.db.select().from(eventSessions).where(eq(eventSessions.eventId, e.id)).limit(1);
    const by = new Map((await sitemapEntries(t.db, later)).map((x) => [x.path, x.lastmod?.getTime()]));
    for (const p of [`/decisions/${d.id}`, "/decisions", `/open-month/events/${e.id}`, `/open-month/sessions/${s.id}`, "/open-month", "/"]) {
      expect(by.get(p), p).toBe(later.getTime());
    }
  });
});
