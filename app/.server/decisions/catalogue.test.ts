import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { useTestDb } from "#db/testing/db";
import { auditLog, catalogueChanges, decisionCatalogues, decisions, outbox, tagSubscriptions } from "#db/schema";
import { addDecision, createCatalogue, moveDecision, publishCatalogue, updateDecision, withdrawDecision, listCatalogueItems, listCataloguesForUnit, type DecisionInput } from "./catalogue";
import { addFileDocument, addLinkDocument, getFile, sniffType } from "./documents";
import { setFollow } from "./follows";
import { getDecisionPage, getUnitCatalogue, searchCatalogue } from "./public";
import { makeUnit, makeUser, refusalKey } from "#db/testing/kit";
import { decisionText, termCondition } from "../text-match";

const t = useTestDb();
const now = new Date("2026-03-10T02:00:00Z");

const item = (title: string, extra: Partial<DecisionInput> = {}): DecisionInput => ({
  title,
  summary: null,
  legalBasis: null,
  plannedSchedule: null,
  plannedDecisionOn: null,
  tags: [],
  changeReason: null,
  ...extra,
});

describe("catalogue lifecycle", () => {
  it("drafts are private; publishing is deliberate; later changes need a public reason", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const citizen = await makeUser(t.db, "citizen");
    await t.db.insert(tagSubscriptions).values({ userId: citizen.user.id, tag: "老年人" });
    const cat = await createCatalogue(t.db, staff.actor, unit.id, { year: 2026 }, now);
    expect(await refusalKey(createCatalogue(t.db, staff.actor, unit.id, { year: 2026 }, now))).toBe("decisions.err.catalogueExists");
    expect(await refusalKey(publishCatalogue(t.db, staff.actor, cat.id, now))).toBe("decisions.err.emptyCatalogue");
    const a = await addDecision(t.db, staff.actor, cat.id, item("社区养老服务设施专项规划", { tags: ["老年人", "养老"] }), now);
    const b = await addDecision(t.db, staff.actor, cat.id, item("道路停车收费调整"), now);
    expect(b.position).toBe(2);

    // Draft: the public sees nothing; the unit's staff sees it.
    await expect(getDecisionPage(t.db, a.id, null)).rejects.toThrow();
    await expect(getDecisionPage(t.db, a.id, { ...citizen.actor })).rejects.toThrow();
    expect((await getDecisionPage(t.db, a.id, staff.actor)).stages).toHaveLength(11);
    expect((await getUnitCatalogue(t.db, unit.slug, 2026, null)).catalogue).toBeNull();
    // No mail while a draft.
    expect(await t.db.select().from(outbox).where(eq(outbox.to, citizen.user.email))).toHaveLength(0);

    // Staff of another unit cannot publish it.
    const other = await makeUser(t.db, "staff", (await makeUnit(t.db)).id);
    expect(await refusalKey(publishCatalogue(t.db, other.actor, cat.id, now))).toBe("err.forbidden");

    const r = await publishCatalogue(t.db, staff.actor, cat.id, now);
    expect(r.mailed).toBe(1);
    const mails = await t.db.select().from(outbox).where(eq(outbox.to, citizen.user.email));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain("社区养老服务设施专项规划");
    expect(await refusalKey(publishCatalogue(t.db, staff.actor, cat.id, now))).toBe("decisions.err.alreadyPublished");
    const page = await getDecisionPage(t.db, a.id, null);
    expect(page.stages.map((s) => s.kind)).toEqual([
      "draft", "consultation", "hearing", "participation", "expert_review", "risk_assessment", "legality_review", "deliberation", "result", "implementation", "other",
    ]);
    expect(page.stages.every((s) => s.state === "not_started")).toBe(true);

    // After publication: a change without a reason is refused; with one it is recorded publicly.
    expect(await refusalKey(updateDecision(t.db, staff.actor, b.id, item("道路停车收费标准调整方案"), now))).toBe("decisions.err.changeReason");
    await updateDecision(t.db, staff.actor, b.id, item("道路停车收费标准调整方案", { changeReason: "名称规范化" }), now);
    const c = await addDecision(t.db, staff.actor, cat.id, item("新增：老旧小区改造", { changeReason: "区政府工作安排新增", tags: ["老年人"] }), now);
    await moveDecision(t.db, staff.actor, c.id, "up", "按决策时间排序", now);
    await withdrawDecision(t.db, staff.actor, b.id, "并入其他事项统筹研究", now);
    const changes = await t.db.select().from(catalogueChanges).where(eq(catalogueChanges.catalogueId, cat.id));
    expect(changes.map((x) => x.kind).sort()).toEqual(["added", "changed", "reordered", "withdrawn"]);
    expect(changes.find((x) => x.kind === "changed")!.description).toContain("道路停车收费调整 → 道路停车收费标准调整方案");
    expect(changes.find((x) => x.kind === "withdrawn")!.reason).toBe("并入其他事项统筹研究");
    expect((await listCatalogueItems(t.db, cat.id)).map((x) => x.id)).toEqual([a.id, c.id, b.id]);
    // The new item reached the tag subscriber too.
    expect(await t.db.select().from(outbox).where(eq(outbox.to, citizen.user.email))).toHaveLength(2);
    expect((await getUnitCatalogue(t.db, unit.slug, 2026, null)).changes).toHaveLength(4);
    // Withdrawn items cannot be edited.
    expect(await refusalKey(updateDecision(t.db, staff.actor, b.id, item("x", { changeReason: "y" }), now))).toBe("decisions.err.withdrawn");
    // Every staff change is audited.
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.actorId, staff.user.id))).map((x) => x.action);
    expect(actions).toEqual(
      expect.arrayContaining(["catalogue.create", "decision.create", "catalogue.publish", "decision.update", "decision.move", "decision.withdraw"]),
    );
  });

  it("following needs a public decision", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const citizen = await makeUser(t.db, "citizen");
    const cat = await createCatalogue(t.db, staff.actor, unit.id, { year: 2025 }, now);
    const d = await addDecision(t.db, staff.actor, cat.id, item("草稿事项"), now);
    await expect(setFollow(t.db, citizen.user.id, d.id, true, now)).rejects.toThrow();
    await publishCatalogue(t.db, staff.actor, cat.id, now);
    await setFollow(t.db, citizen.user.id, d.id, true, now);
    await setFollow(t.db, citizen.user.id, d.id, true, now);
    expect((await getDecisionPage(t.db, d.id, citizen.actor)).following).toBe(true);
    await setFollow(t.db, citizen.user.id, d.id, false, now);
    expect((await getDecisionPage(t.db, d.id, citizen.actor)).following).toBe(false);
  });
});

describe("console catalogue list", () => {
  it("counts each catalogue's items (事项数), empty ones included", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const full = await createCatalogue(t.db, staff.actor, unit.id, { year: 2026 }, now);
    for (const title of ["一", "二", "三", "四"]) await addDecision(t.db, staff.actor, full.id, item(`事项${title}`), now);
    await createCatalogue(t.db, staff.actor, unit.id, { year: 2027 }, now);
    const list = await listCataloguesForUnit(t.db, unit.id);
    expect(list.map((c) => [c.year, c.items])).toEqual([
      [2027, 0],
      [2026, 4],
    ]);
  });
});

describe("documents", () => {
  const pdf = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n");
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

  it("checks the type by content, not by name", () => {
    expect(sniffType(pdf)?.mime).toBe("application/pdf");
    expect(sniffType(png)?.mime).toBe("image/png");
    expect(sniffType(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))?.ext).toBe("doc");
    expect(sniffType(new TextEncoder().encode("PK\u0003\u0004....[Content_Types].xml....word/document.xml"))?.ext).toBe("docx");
    expect(sniffType(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffType(new TextEncoder().encode("MZ\u0090\u0000"))).toBeNull();
  });

  it("stores an upload, refuses a disguised or oversized file, and hides drafts' files", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const cat = await createCatalogue(t.db, staff.actor, unit.id, { year: 2026 }, now);
    const d = await addDecision(t.db, staff.actor, cat.id, item("文件测试"), now);
    const exe = new TextEncoder().encode("MZ this is not a pdf");
    expect(
      await refusalKey(addFileDocument(t.db, staff.actor, d.id, "draft", { title: "草案", documentOn: "2026-03-01", filename: "草案.pdf", bytes: exe }, now)),
    ).toBe("decisions.err.fileType");
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pdf);
    expect(
      await refusalKey(addFileDocument(t.db, staff.actor, d.id, "draft", { title: "草案", documentOn: "2026-03-01", filename: "a.pdf", bytes: big }, now)),
    ).toBe("decisions.err.fileSize");
    const doc = await addFileDocument(t.db, staff.actor, d.id, "draft", { title: "决策草案及起草说明", documentOn: "2026-03-01", filename: "../../草案.PDF", bytes: pdf }, now);
    await addLinkDocument(t.db, staff.actor, d.id, "draft", { title: "政策解读", documentOn: "2026-03-02", url: "https://www.pudong.gov.cn/x.html" }, now);
    expect(
      await refusalKey(addLinkDocument(t.db, staff.actor, d.id, "draft", { title: "x", documentOn: "2026-03-02", url: "javascript:alert(1)" }, now)),
    ).toBe("decisions.err.url");
    await expect(getFile(t.db, doc.fileId!, null)).rejects.toThrow();
    const f = await getFile(t.db, doc.fileId!, staff.actor);
    expect(f.filename).toBe("草案.pdf");
    expect(f.published).toBe(false);
    expect(Buffer.from(f.content).subarray(0, 5).toString()).toBe("%PDF-");
    await publishCatalogue(t.db, staff.actor, cat.id, now);
    expect(await getFile(t.db, doc.fileId!, null)).toMatchObject({ size: pdf.length, published: true });
    const page = await getDecisionPage(t.db, d.id, null);
    const draft = page.stages.find((s) => s.kind === "draft")!;
    expect(draft.documents.map((x) => x.title)).toEqual(["决策草案及起草说明", "政策解读"]);
    expect(draft.documents[0].size).toBe(pdf.length);
  });
});

describe("search", () => {
  it("finds Chinese substrings, needs every term, ranks title over summary over documents", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const cat = await createCatalogue(t.db, staff.actor, unit.id, { year: 2031 }, now);
    const inTitle = await addDecision(t.db, staff.actor, cat.id, item("既有多层住宅加装电梯实施办法", { tags: ["老年人"] }), now);
    const inSummary = await addDecision(t.db, staff.actor, cat.id, item("老旧小区综合改造", { summary: "包括加装电梯、屋面防水" }), now);
    const inDoc = await addDecision(t.db, staff.actor, cat.id, item("城市更新行动计划"), now);
    await addLinkDocument(t.db, staff.actor, inDoc.id, "draft", { title: "关于加装电梯的专题报告", documentOn: "2031-01-01", url: "https://example.gov.cn/a" }, now);
    await addDecision(t.db, staff.actor, cat.id, item("营商环境优化方案"), now);
    await publishCatalogue(t.db, staff.actor, cat.id, now);

    const r = await searchCatalogue(t.db, { year: 2031, q: "加装电梯" });
    expect(r.items.map((x) => x.id)).toEqual([inTitle.id, inSummary.id, inDoc.id]);
    const both = await searchCatalogue(t.db, { year: 2031, q: "加装电梯 办法" });
    expect(both.items.map((x) => x.id)).toEqual([inTitle.id]);
    expect((await searchCatalogue(t.db, { year: 2031, q: "营商环境" })).total).toBe(1);
    expect((await searchCatalogue(t.db, { year: 2031, q: "100%" })).total).toBe(0);
    expect((await searchCatalogue(t.db, { year: 2031, tag: "老年人" })).items.map((x) => x.id)).toEqual([inTitle.id]);
    const paged = await searchCatalogue(t.db, { year: 2031, pageSize: 3, page: 2 });
    expect(paged.total).toBe(4);
    expect(paged.items).toHaveLength(1);
    expect(paged.pages).toBe(2);
  });

  it("finds two-character terms (电梯, 养老) through the bigram index and longer ones through the trigram index", async () => {
    const unit = await makeUnit(t.db);
    const staff = await makeUser(t.db, "staff", unit.id);
    const cat = await createCatalogue(t.db, staff.actor, unit.id, { year: 2032 }, now);
    const lift = await addDecision(t.db, staff.actor, cat.id, item("住宅电梯安全管理办法"), now);
    const care = await addDecision(t.db, staff.actor, cat.id, item("社区服务设施规划", { summary: "15分钟养老服务圈" }), now);
    const doc = await addDecision(t.db, staff.actor, cat.id, item("城市更新行动计划"), now);
    await addLinkDocument(t.db, staff.actor, doc.id, "draft", { title: "养老设施专题报告", documentOn: "2032-01-01", url: "https://example.gov.cn/b" }, now);
    const latin = await addDecision(t.db, staff.actor, cat.id, item("PM2.5 Monitoring 网络建设"), now);
    await publishCatalogue(t.db, staff.actor, cat.id, now);

    expect((await searchCatalogue(t.db, { year: 2032, q: "电梯" })).items.map((x) => x.id)).toEqual([lift.id]);
    expect((await searchCatalogue(t.db, { year: 2032, q: "养老" })).items.map((x) => x.id)).toEqual([care.id, doc.id]);
    expect((await searchCatalogue(t.db, { year: 2032, q: "养老 设施" })).items.map((x) => x.id)).toEqual([care.id, doc.id]);
    expect((await searchCatalogue(t.db, { year: 2032, q: "pm" })).items.map((x) => x.id)).toEqual([latin.id]);
    expect((await searchCatalogue(t.db, { year: 2032, q: "monitoring" })).items.map((x) => x.id)).toEqual([latin.id]);
    expect((await searchCatalogue(t.db, { year: 2032, q: "电梯 养老" })).total).toBe(0);

    // The condition the search puts on a decision's text is the one the indexes serve.
    const plan = (term: string) =>
      t.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const r = await rows<Record<string, string>>(tx, sql`explain select d2.id from decisions d2 where ${termCondition(decisionText("d2"), term)}`);
        return r.map((x) => Object.values(x)[0]).join("\n");
      });
    expect(await plan("养老")).toContain("decisions_search_bigrams");
    expect(await plan("加装电梯")).toContain("decisions_search_trgm");
  });

  it("finds and ranks among thousands of decisions (speed lives in npm run bench -- search)", async () => {
    const unit = await makeUnit(t.db);
    const [cat] = await t.db.insert(decisionCatalogues).values({ unitId: unit.id, year: 2040, publishedAt: now }).returning();
    const words = ["养老", "教育", "防汛", "营商环境", "碳达峰", "住房", "交通", "医疗"];
    const values = Array.from({ length: 3000 }, (_, i) => ({
      catalogueId: cat.id,
      unitId: unit.id,
      year: 2040,
      position: i + 1,
      title: `${words[i % 8]}相关事项第${i}号`,
      summary: `关于${words[(i * 3) % 8]}和${words[(i * 5) % 8]}的安排`,
      tags: [words[i % 8]],
    }));
    for (let i = 0; i < values.length; i += 500) await t.db.insert(decisions).values(values.slice(i, i + 500));
    const r = await searchCatalogue(t.db, { year: 2040, q: "营商环境" });
    expect(r.total).toBe(1125); // 营商环境 is in the titles of i ≡ 3 (mod 8) and the summaries of i ≡ 1 and i ≡ 7: 3 × 375
    expect(r.items[0].title).toContain("营商环境");
    const filtered = await searchCatalogue(t.db, { year: 2040, q: "养老 教育", status: "planned" });
    expect(filtered.items.every((x) => /养老|教育/.test(x.title + x.summary))).toBe(true);
  });
});

describe("decision page", () => {
  it("is never blank: all eleven stages even if rows are missing", async () => {
    const unit = await makeUnit(t.db);
    const [cat] = await t.db.insert(decisionCatalogues).values({ unitId: unit.id, year: 2026, publishedAt: now }).returning();
    const [d] = await t.db.insert(decisions).values({ catalogueId: cat.id, unitId: unit.id, year: 2026, position: 1, title: "无阶段记录" }).returning();
    const page = await getDecisionPage(t.db, d.id, null);
    expect(page.stages).toHaveLength(11);
    expect(page.stages.every((s) => s.state === "not_started")).toBe(true);
    void and;
  });
});
