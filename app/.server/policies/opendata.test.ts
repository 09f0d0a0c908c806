import Ajv2020 from "ajv/dist/2020";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "#db/testing/db";
import { seedDecisions } from "../../../seeds/decisions";
import { seedFoundation } from "../../../seeds/foundation";
import { seedPolicies } from "../../../seeds/policies";
import { NotFoundError } from "../errors";
import { apiPolicy, apiPolicyList, openDataSchema, policySitemapEntries } from "./opendata";

const t = useTestDb();
const now = new Date("2026-11-27T04:00:00Z");

beforeAll(async () => {
  await t.db.transaction(async (tx) => {
    const f = await seedFoundation(tx);
    await seedDecisions(tx, f, now);
    await seedPolicies(tx, f, now);
  });
});

function validator(def: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addSchema(openDataSchema);
  return ajv.getSchema(`/api/v1/schema.json#/$defs/${def}`)!;
}

describe("policy open data", () => {
  it("lists and serves policies as the published schema says, with validity derived as of now", async () => {
    const list = await apiPolicyList(t.db, { unit: null, tag: null, validity: null }, now);
    const v = validator("policyList");
    expect(v(list), JSON.stringify(v.errors)).toBe(true);
    expect(list.policies.length).toBeGreaterThanOrEqual(28);
    const lapsed = await apiPolicyList(t.db, { unit: null, tag: null, validity: "lapsed" }, now);
    expect(lapsed.policies.map((p) => p.title)).toEqual(["浦东新区稳岗就业补贴实施细则（2023—2025年）"]);
    const elderly = await apiPolicyList(t.db, { unit: "civil-affairs", tag: "老年人", validity: null }, now);
    expect(elderly.policies.length).toBeGreaterThan(0);
    expect(elderly.policies.every((p) => p.unit.slug === "civil-affairs" && p.audiences.includes("老年人"))).toBe(true);

    const amended = list.policies.find((p) => p.validity === "amended")!;
    const one = await apiPolicy(t.db, amended.id, now);
    const pv = validator("policy");
    expect(pv(one), JSON.stringify(pv.errors)).toBe(true);
    expect(one.successor?.url).toMatch(/\/policies\/\d+$/);
    expect(one.interpretations[0].kind).toBe("initial");
    const english = list.policies.filter((p) => p.title.includes("外"));
    const withEnglish = await Promise.all(english.map((p) => apiPolicy(t.db, p.id, now)));
    expect(withEnglish.filter((p) => p.english).length).toBe(2);
    await expect(apiPolicy(t.db, 999_999, now)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("puts the library and every published policy in the sitemap", async () => {
    const extra = await policySitemapEntries(t.db);
    expect(extra[0].loc).toMatch(/\/policies$/);
    expect(extra.slice(1).every((e) => /\/policies\/\d+$/.test(e.loc) && /\+08:00$/.test(e.lastmod!))).toBe(true);
    expect(extra.length).toBeGreaterThanOrEqual(29);
  });
});
