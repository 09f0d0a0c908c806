import { expect, test } from "@playwright/test";
import { expectAccessible, logIn, logOut } from "./helpers";

// Each flow visits many pages with an axe check on each; give them room on a busy 2-core machine.
test.describe.configure({ timeout: 180_000 });

test("citizen: search the catalogue, read the full process, follow, get the milestone mail", async ({ page }) => {
  await page.goto("/decisions");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("重大行政决策事项目录");
  await expectAccessible(page);
  await page.getByLabel("关键词").fill("加装电梯");
  await page.getByLabel("年度").selectOption("all");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/q=/);
  const first = page.locator(".dc-item h2 a").first();
  await expect(first).toContainText("加装电梯");
  await expectAccessible(page);
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("加装电梯");
  // All eleven stages, in order, each with a state.
  const stages = page.locator(".dc-timeline > li h3");
  await expect(stages).toHaveCount(11);
  await expect(stages.first()).toContainText("决策草案");
  await expect(stages.nth(6)).toContainText("合法性审查");
  await expect(stages.last()).toContainText("其他");
  await expect(page.getByText(/理由：/).first()).toBeVisible();
  await expectAccessible(page);
  const decisionUrl = page.url();

  await page.getByRole("link", { name: "登录后关注" }).click();
  await page.getByLabel(/电子邮箱/).fill("chen.jing@example.com");
  await page.getByLabel(/^密码$/).fill("canyu-demo-2026");
  await page.getByRole("button", { name: /^登录$/ }).click();
  await expect(page).toHaveURL(decisionUrl);
  await page.getByRole("button", { name: "关注此事项" }).click();
  await expect(page.getByText("您已关注此事项")).toBeVisible();
  await expectAccessible(page);
  await logOut(page);

  // Staff of the unit publish a milestone; the follower is mailed.
  const id = decisionUrl.split("/").pop();
  await logIn(page, "staff.construction@pudong.example");
  await page.goto(`/console/decisions/items/${id}`);
  await page.getByLabel("标题", { exact: true }).fill("专家论证会召开");
  await page.getByLabel("内容（选填）").fill("邀请结构、电梯、法律专家对方案进行论证。");
  await page.getByRole("button", { name: "发布", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("已保存");
  await page.goto("/dev/mail");
  await expect(page.getByText(/【决策进展】.*专家论证会召开/).first()).toBeVisible();
  await page.goto(decisionUrl);
  await expect(page.locator(".dc-milestones")).toContainText("专家论证会召开");
});

test("staff: create and publish a catalogue, gate refusal, public change history; admin compliance", async ({ page }) => {
  // A citizen subscribes to the 家长 tag first.
  await logIn(page, "li.qiang@example.com");
  await page.goto("/decisions/subscriptions");
  await page.getByLabel("标签", { exact: true }).fill("家长");
  await page.getByRole("button", { name: "订阅", exact: true }).click();
  await expect(page.getByRole("button", { name: "取消订阅 家长" })).toBeVisible();
  await expectAccessible(page);
  await logOut(page);

  await logIn(page, "staff.education@pudong.example");
  await page.goto("/console/decisions");
  await expectAccessible(page);
  await page.getByLabel("年度").fill("2027");
  await page.getByRole("button", { name: "创建" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("2027");
  await page.getByLabel("事项名称").fill("2027年浦东新区义务教育阶段学校招生划片方案");
  await page.getByLabel("事项概要").fill("根据新建学校投用调整对口入学区域。");
  await page.getByLabel(/标签/).fill("教育，家长");
  await page.getByRole("button", { name: "新增事项" }).click();
  await expect(page).toHaveURL(/\/console\/decisions\/items\/\d+/);
  await expectAccessible(page);
  const itemUrl = page.url();

  // Documents: a real PDF is accepted, a disguised file is refused by its content.
  const draft = page.locator("#stage-draft");
  await draft.locator("summary").first().click();
  await draft.getByLabel("文件标题").fill("招生划片方案（草案）及起草说明");
  await draft.getByLabel(/上传文件/).setInputFiles({ name: "草案.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n") });
  await draft.getByRole("button", { name: "添加文件" }).click();
  await expect(page.locator("#stage-draft").getByRole("link", { name: "招生划片方案（草案）及起草说明" })).toBeVisible();
  await page.locator("#stage-draft").getByLabel("文件标题").fill("伪装的文件");
  await page.locator("#stage-draft").getByLabel(/上传文件/).setInputFiles({ name: "evil.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html><script>alert(1)</script></html>") });
  await page.locator("#stage-draft").getByRole("button", { name: "添加文件" }).click();
  await expect(page.locator("#stage-draft").getByRole("alert")).toContainText("文件内容与类型不符");

  // Draft: not visible to the public.
  const ctx = await page.context().browser()!.newContext({ baseURL: new URL(itemUrl).origin });
  const anon = await ctx.newPage();
  const id = itemUrl.split("/").pop();
  expect((await anon.goto(`/decisions/${id}`))?.status()).toBe(404);

  // Gate: deliberation cannot complete before the legality review.
  const delib = page.locator("#stage-deliberation");
  await delib.locator("summary").first().click();
  await delib.getByLabel("状态").selectOption("completed");
  await delib.getByRole("button", { name: "保存阶段" }).click();
  await expect(page.locator("#stage-deliberation").getByRole("alert")).toContainText("合法性审查尚未完成");
  // Gate: legality review shorter than 7 working days (National Day 2026).
  const legal = page.locator("#stage-legality_review");
  await legal.locator("summary").first().click();
  await legal.getByLabel("状态").selectOption("completed");
  await legal.getByLabel("实际开始").fill("2026-09-30");
  await legal.getByLabel("实际完成").fill("2026-10-09");
  await legal.getByRole("button", { name: "保存阶段" }).click();
  await expect(page.locator("#stage-legality_review").getByRole("alert")).toContainText("至少需要 7 个工作日");
  await expectAccessible(page);

  // Publish the catalogue deliberately.
  await page.getByRole("link", { name: "返回目录" }).click();
  await page.getByLabel("我已审查目录内容，确认公开").check();
  await page.getByRole("button", { name: "公开目录" }).click();
  await expect(page.getByText(/公布日期/)).toBeVisible();
  await page.goto("/dev/mail");
  await expect(page.getByText(/【决策目录】区教育局：2027年浦东新区义务教育阶段学校招生划片方案/).first()).toBeVisible();
  await page.goBack();
  // A later addition needs a public reason.
  await page.getByLabel("事项名称").fill("浦东新区校外培训机构监管办法");
  await page.getByRole("button", { name: "新增事项" }).click();
  await expect(page.getByText("目录公开后的调整必须说明理由").first()).toBeVisible();
  await page.getByRole("textbox", { name: /^调整理由（目录公开后必填/ }).fill("根据区政府工作安排新增");
  await page.getByRole("button", { name: "新增事项" }).click();
  await expect(page).toHaveURL(/\/console\/decisions\/items\/\d+/);

  await anon.goto("/units/education/catalogue/2027");
  await expect(anon.getByRole("heading", { level: 1 })).toContainText("2027");
  await expect(anon.getByText("2027年浦东新区义务教育阶段学校招生划片方案")).toBeVisible();
  await expect(anon.getByText("根据区政府工作安排新增")).toBeVisible();
  await expectAccessible(anon);
  const feed = await anon.request.get("/feeds/units/education/milestones.atom");
  expect(feed.headers()["content-type"]).toContain("application/atom+xml");
  const api = await anon.request.get("/api/v1/catalogues/education/2027");
  expect(api.status()).toBe(200);
  expect((await api.json()).decisions).toHaveLength(2);
  await ctx.close();
  await logOut(page);

  await logIn(page, "admin@pudong.example");
  await page.goto("/admin/compliance?year=2026");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("2026");
  await expect(page.locator("tr", { hasText: "区生态环境局" }).first()).toContainText("逾期公开");
  await expectAccessible(page);
  const csv = await page.request.get("/admin/compliance.csv?year=2026");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("区人力资源和社会保障局");
});
