import Ajv2020 from "ajv/dist/2020";
import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser } from "fast-xml-parser";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "#db/testing/db";
import { decisionMilestones, decisionStages, decisions } from "#db/schema";
import { seedFoundation, type FoundationSeed } from "../../../seeds/foundation";
import { seedDecisions } from "../../../seeds/decisions";
import { complianceCsv, complianceReport } from "./compliance";
import { apiCatalogue, apiCatalogueList, apiDecision, apiSchema, milestonesFeed } from "./opendata";
import { searchCatalogue, getDecisionPage } from "./public";
import { linkPlatformStage } from "./stages";

const t = useTestDb();
const now = new Date("2026-11-27T04:00:00Z");
let f: FoundationSeed;

beforeAll(async () => {
  await t.db.transaction(async (tx) => {
    f = await seedFoundation(tx);
    await seedDecisions(tx, f, now);
  });
});

function validator(def: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // Minimal date-time format check (ajv-formats not needed): ISO 8601 with an offset.
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addSchema(apiSchema);
  return ajv.getSchema(`/api/v1/schema.json#/$defs/${def}`)!;
}

describe("seeds", () => {
  it("give two years of catalogues for several units with at least 30 decisions in realistic states", async () => {
    const all = await t.db.select().from(decisions);
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(new Set(all.map((d) => d.year))).toEqual(new Set([2025, 2026]));
    expect(new Set(all.map((d) => d.unitId)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(all.map((d) => d.status))).toEqual(new Set(["planned", "in_progress", "decided", "implementing", "withdrawn"]));
    const stages = await t.db.select().from(decisionStages);
    expect(stages.length).toBe(all.length * 11);
    expect(stages.filter((s) => s.state === "not_applicable").every((s) => (s.reason ?? "").length > 0)).toBe(true);
    // Every seeded completed deliberation has a completed legality review of ≥7 working days.
    for (const d of all) {
      const ds = stages.filter((s) => s.decisionId === d.id);
      if (ds.find((s) => s.kind === "deliberation")?.state === "completed") {
        expect(ds.find((s) => s.kind === "legality_review")?.state).toBe("completed");
      }
    }
  });

  it("search finds the demo matters", async () => {
    for (const q of ["加装电梯", "养老", "营商环境", "防汛", "碳达峰", "招生划片", "保障性租赁住房"]) {
      const r = await searchCatalogue(t.db, { year: null, q });
      expect(r.total, q).toBeGreaterThan(0);
      expect(r.items[0].title + r.items[0].summary, q).toContain(q);
    }
  });
});

describe("open data", () => {
  it("API responses validate against the published schema, with +08:00 dates", async () => {
    const list = await apiCatalogueList(t.db, 2026);
    const vList = validator("catalogueList");
    expect(vList(list), JSON.stringify(vList.errors)).toBe(true);
    expect(list.catalogues.length).toBeGreaterThanOrEqual(5);
    // hrss has a draft 2026 catalogue: not in the open data.
    expect(list.catalogues.some((c) => c.unit.slug === "hrss")).toBe(false);

    const cat = await apiCatalogue(t.db, "construction", 2026);
    const vCat = validator("catalogue");
    expect(vCat(cat), JSON.stringify(vCat.errors)).toBe(true);
    expect(cat.published).toBe("2026-03-18T10:00:00+08:00");
    expect(cat.changes.length).toBeGreaterThan(0);

    const d = await apiDecision(t.db, (cat.decisions[0] as { id: number }).id);
    const vD = validator("decision");
    expect(vD(d), JSON.stringify(vD.errors)).toBe(true);
    expect(d.stages).toHaveLength(11);
    // A broken response is caught by the schema.
    expect(vD({ ...d, stages: d.stages.slice(1) })).toBe(false);
    expect(vD({ ...d, updated: "2026-03-18T02:00:00Z" })).toBe(false);

    await expect(apiCatalogue(t.db, "hrss", 2026)).rejects.toThrow();
  });

  it("the Atom feed parses, site-wide and per unit, and carries new milestones", async () => {
    const [d] = await t.db.select().from(decisions).where(eq(decisions.title, "浦东新区碳达峰实施方案"));
    const when = new Date("2026-11-27T05:00:00Z");
    await t.db.transaction((tx) =>
      linkPlatformStage(tx, null, d.id, "deliberation", { state: "in_progress", startedOn: when, linkPath: "/observers/1", note: "区政府常务会议邀请公众代表列席" }, when),
    );
    const parser = new XMLParser({ ignoreAttributes: false });
    const xml = await milestonesFeed(t.db, null, now);
    const doc = parser.parse(xml);
    expect(doc.feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    const entries = [doc.feed.entry].flat();
    expect(entries.length).toBeGreaterThan(5);
    const text = (v: unknown) => (typeof v === "string" ? v : String((v as Record<string, unknown>)["#text"]));
    expect(text(entries[0].title)).toContain("浦东新区碳达峰实施方案");
    expect(entries[0].link["@_href"]).toMatch(/\/decisions\/\d+$/);
    expect(entries[0].updated).toBe("2026-11-27T13:00:00+08:00");
    expect(doc.feed.updated).toMatch(/\+08:00$/);

    // A real feed reader sees the same entries, with its self link typed.
    const parsed = parseFeed(xml);
    expect(parsed.meta.type).toBe("atom");
    expect(parsed.items).toHaveLength(entries.length);
    expect(parsed.items[0].url).toMatch(/\/decisions\/\d+$/);
    expect([doc.feed.link].flat()).toContainEqual({ "@_rel": "self", "@_type": "application/atom+xml", "@_href": expect.stringMatching(/\/feeds\/milestones\.atom$/) });

    const unitXml = await milestonesFeed(t.db, "education", now);
    const unitEntries = [parser.parse(unitXml).feed.entry].flat();
    expect(unitEntries.length).toBeGreaterThan(0);
    expect(unitEntries.every((e: { author: { name: string } }) => e.author.name === "区教育局")).toBe(true);
    await expect(milestonesFeed(t.db, "no-such-unit", now)).rejects.toThrow();
  });

  it("staff text reaches feed readers as text, never as markup", async () => {
    const [d] = await t.db.select().from(decisions).where(eq(decisions.title, "浦东新区碳达峰实施方案"));
    const hostile = `<script>alert("x")</script> & <b>粗体</b>\u0007\u001b`;
    await t.db.insert(decisionMilestones).values({ decisionId: d.id, happenedOn: "2026-11-27", title: hostile, body: hostile, publishedAt: new Date("2026-11-27T06:00:00Z") });
    const xml = await milestonesFeed(t.db, null, now);
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("CDATA");
    expect(xml).not.toMatch(/type="html"/);
    expect([...xml].filter((c) => c < " " && !"\t\n\r".includes(c))).toEqual([]);
    const entry = [new XMLParser({ ignoreAttributes: false }).parse(xml).feed.entry].flat()[0];
    expect(entry.title["@_type"]).toBe("text");
    expect(entry.title["#text"]).toBe(`浦东新区碳达峰实施方案：<script>alert("x")</script> & <b>粗体</b>`);
    expect(entry.summary["@_type"]).toBe("text");
    expect(parseFeed(xml).items[0].title).toContain("<script>");
  });
});

describe("compliance", () => {
  it("flags late and missing catalogues, late results and overdue stages, and exports CSV", async () => {
    const r = await complianceReport(t.db, 2026, now);
    const by = Object.fromEntries(r.catalogues.map((c) => [c.slug, c.status]));
    expect(by.construction).toBe("on_time");
    expect(by.ecology).toBe("late");
    expect(by.hrss).toBe("missing");
    expect(by.justice).toBe("missing");
    // Before 31 March 24:00 +08:00 a missing catalogue is not yet late.
    const early = await complianceReport(t.db, 2026, new Date("2026-03-31T15:59:00Z"));
    expect(early.catalogues.find((c) => c.slug === "hrss")!.status).toBe("pending");
    expect(r.results.some((x) => x.title === "浦东新区公共租赁住房准入标准调整" && x.publishedOn === null)).toBe(true);
    expect(r.overdueStages.length).toBeGreaterThan(0);
    const csv = complianceCsv(r);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("区生态环境局");
    expect(csv).toContain("逾期公开");
    expect(csv).toContain("逾期未公开");
  });

  it("results: 20 working days counted on the official calendar", async () => {
    const [d] = await t.db.select().from(decisions).where(eq(decisions.title, "浦东新区社区助餐服务补贴办法"));
    // Deliberation completed 2025-09-26 (Fri): the 20th working day after, with the National Day holiday
    // and the 28 Sep / 11 Oct make-up days, is 2025-10-30. The clock runs from the deliberation, whatever decidedOn says.
    await t.db.update(decisions).set({ decidedOn: null, year: 2025 }).where(eq(decisions.id, d.id));
    await t.db.execute(
      (await import("drizzle-orm")).sql`update decision_stages set state = 'completed', completed_on = '2025-09-26' where decision_id = ${d.id} and kind = 'deliberation'`,
    );
    await t.db.execute(
      // raw update of the result stage: published on the deadline day is on time, a day later is late
      (await import("drizzle-orm")).sql`update decision_stages set state = 'completed', started_on = '2025-10-30', completed_on = '2025-10-30' where decision_id = ${d.id} and kind = 'result'`,
    );
    let r = await complianceReport(t.db, 2025, now);
    expect(r.results.find((x) => x.id === d.id)).toBeUndefined();
    await t.db.execute((await import("drizzle-orm")).sql`update decision_stages set completed_on = '2025-10-31' where decision_id = ${d.id} and kind = 'result'`);
    r = await complianceReport(t.db, 2025, now);
    expect(r.results.find((x) => x.id === d.id)).toMatchObject({ due: "2025-10-30", publishedOn: "2025-10-31" });
    void getDecisionPage;
  });
});
