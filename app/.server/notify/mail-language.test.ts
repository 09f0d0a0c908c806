import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "#db/testing/db";
import { decisionFollows, outbox, tagSubscriptions, users } from "#db/schema";
import { addDecision, createCatalogue, publishCatalogue } from "../decisions/catalogue";
import { publishMilestoneTx } from "../decisions/milestones";
import { makeDecision } from "../decisions/testkit";
import { makeUnit, makeUser } from "#db/testing/kit";

const t = useTestDb();
const now = new Date("2026-03-10T02:00:00Z");
const CJK = /[\u4e00-\u9fff]/;

/** Two residents, one who reads Chinese and one who switched to English. */
async function readers() {
  const zh = await makeUser(t.db, "citizen");
  const en = await makeUser(t.db, "citizen");
  await t.db.update(users).set({ lang: "en" }).where(eq(users.id, en.user.id));
  return { zh, en };
}

const mailTo = async (email: string) => (await t.db.select().from(outbox).where(eq(outbox.to, email)))[0];

describe("each mail goes out in its recipient's language", () => {
  it("a milestone: Chinese for one follower, English for the other, whoever published it", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const { decision } = await makeDecision(t.db, { unitId: unit.id, published: now });
    const { zh, en } = await readers();
    await t.db.insert(decisionFollows).values([{ userId: zh.user.id, decisionId: decision.id }, { userId: en.user.id, decisionId: decision.id }]);
    await t.db.transaction((tx) => publishMilestoneTx(tx, staff.actor, decision.id, { happenedOn: "2026-03-10", title: "草案全文公布", stageKind: "consultation" }, now));
    const a = await mailTo(zh.user.email);
    const b = await mailTo(en.user.email);
    expect(a.subject).toMatch(/^【决策进展】/);
    expect(a.text).toContain("公开征求意见 · 草案全文公布");
    expect(b.subject).toMatch(/^\[Decision update\] /);
    expect(b.text).toContain("Public consultation · 草案全文公布");
    // Only the decision's and milestone's own words (user content) stay Chinese in the English mail.
    expect(b.text.replaceAll(decision.title, "").replaceAll("草案全文公布", "")).not.toMatch(CJK);
    expect(b.text).toContain(`http`);
  });

  it("a tag subscription: the unit's name in the reader's language", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const { zh, en } = await readers();
    await t.db.insert(tagSubscriptions).values([{ userId: zh.user.id, tag: "老年人" }, { userId: en.user.id, tag: "老年人" }]);
    const cat = await createCatalogue(t.db, staff.actor, unit.id, { year: 2026 }, now);
    await addDecision(t.db, staff.actor, cat.id, { title: "养老服务设施规划", summary: null, legalBasis: null, plannedSchedule: null, plannedDecisionOn: null, tags: ["老年人"], changeReason: null }, now);
    await publishCatalogue(t.db, staff.actor, cat.id, now);
    expect((await mailTo(zh.user.email)).subject).toBe(`【决策目录】${unit.nameZh}：养老服务设施规划`);
    expect((await mailTo(en.user.email)).subject).toBe(`[Decision catalogue] ${unit.nameEn}: 养老服务设施规划`);
  });
});
