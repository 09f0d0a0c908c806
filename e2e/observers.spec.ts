import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, logIn } from "./helpers";

async function openCallOf(page: Page, meetingTitle: string) {
  await page.goto("/observers");
  await expectAccessible(page);
  const card = page.locator("li.card").filter({ has: page.getByRole("link", { name: meetingTitle, exact: true }) });
  await card.getByRole("link", { name: /^征集 #\d+$/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(meetingTitle);
}

test("a citizen applies as an enterprise representative (credit code checked) and withdraws", async ({ page }) => {
  await logIn(page, "wang.fang@example.com");
  await openCallOf(page, "2026年第24次区政府常务会议");
  await expectAccessible(page);
  await page.getByLabel("类别").selectOption("small_micro_enterprise");
  await page.getByLabel("街镇").selectOption("张江镇");
  await page.getByLabel("年龄段").selectOption("35-49");
  await page.getByLabel("性别").selectOption("女");
  await page.getByLabel("姓名", { exact: true }).fill("王芳");
  await page.getByLabel("企业名称").fill("上海张江微纳科技有限公司");
  await page.getByLabel("统一社会信用代码").fill("91110000802100433A");
  await page.getByLabel(/申请理由/).fill("关注张江科学城的营商环境。");
  await page.getByLabel(/不存在利益冲突/).check();
  await page.getByLabel(/同意公开本人姓名/).check();
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByText("统一社会信用代码格式或校验码不正确。").first()).toBeVisible();
  await expect(page.getByLabel("企业名称")).toHaveValue("上海张江微纳科技有限公司");
  await expectAccessible(page);
  await page.getByLabel("统一社会信用代码").fill("91110000802100433B");
  await page.getByLabel(/不存在利益冲突/).check();
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByText(/您已提交申请/)).toBeVisible();
  await page.getByRole("button", { name: "撤回申请" }).click();
  await expect(page.getByText(/您已撤回申请/)).toBeVisible();
  await expectAccessible(page);
});

test("the witnessed draw publishes seed and result, and the downloaded export verifies", async ({ page }, testInfo) => {
  await logIn(page, "staff.office@pudong.example");
  await page.goto("/console/observers");
  await expectAccessible(page);
  const item = page.locator("li").filter({ has: page.getByRole("link", { name: "2026年第23次区政府常务会议", exact: true }) });
  await item.getByRole("link", { name: /^征集 #\d+$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("概率分布已公布");
  await expectAccessible(page);
  // A wrong secret is refused: the commitment was published before the freeze.
  await page.getByLabel("周敏 的秘密值").fill("猜一个");
  await page.getByLabel("浦东新区公证处 的秘密值").fill("浦东公证处-见证-2026");
  await page.getByRole("button", { name: "见证抽选" }).click();
  await expect(page.getByText("周敏 的秘密值与其承诺不符。").first()).toBeVisible();
  await page.getByLabel("周敏 的秘密值").fill("浦东-见证-周敏-2026");
  await page.getByLabel("浦东新区公证处 的秘密值").fill("浦东公证处-见证-2026");
  await page.getByRole("button", { name: "见证抽选" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("已抽选");
  await page.getByRole("link", { name: "公开页面" }).click();
  await expect(page.getByRole("heading", { name: "抽选结果" })).toBeVisible();
  await expect(page.getByText("浦东-见证-周敏-2026")).toBeVisible();
  await expect(page.locator(".obs-selected")).toContainText("C");
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载抽选数据（JSON）" }).click()]);
  const file = testInfo.outputPath("draw.json");
  await download.saveAs(file);
  const out = execFileSync("npx", ["tsx", "scripts/verify-draw.ts", file], { encoding: "utf8" });
  expect(out).toContain("MATCH");
  expect(out).not.toContain("✗");
});

test("a selected citizen declines and the next fitting alternate is offered the seat", async ({ page }) => {
  await logIn(page, "li.qiang@example.com");
  await openCallOf(page, "2026年第22次区政府常务会议（专题）");
  await expect(page.getByText(/您已获选列席/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "放弃席位" }).click();
  await expect(page.getByText("已放弃", { exact: true })).toBeVisible();
  const rows = page.locator("table").filter({ hasText: "确认截止" }).locator("tbody tr");
  await expect(rows.filter({ hasText: "已放弃 · 抽选" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "待确认 · 候补递补" })).toHaveCount(1);
  await expectAccessible(page);
  await page.goto("/dev/mail");
  await expect(page.getByText(/您已获选列席：2026年第22次区政府常务会议（专题）/).first()).toBeVisible();
});

test("the admin sees the year's observer meetings against the target, and staff pages are accessible", async ({ page }) => {
  await logIn(page, "admin@pudong.example");
  await page.goto("/admin/observers?year=2026");
  await expect(page.getByRole("heading", { name: "列席合规" })).toBeVisible();
  await expect(page.locator(".obs-big")).toContainText("3");
  await expectAccessible(page);
  await page.goto("/admin/observers?year=2026&target=12");
  await expect(page.getByRole("alert")).toContainText("进度落后");
  await page.goto("/observers");
  await page.getByRole("link", { name: "2026年第6次区政府常务会议", exact: true }).click();
  await expect(page.getByRole("heading", { name: "列席代表意见及采纳情况" })).toBeVisible();
  await expect(page.getByText(/已采纳：实施意见增加/)).toBeVisible();
  await expectAccessible(page);
  // The same remark and its answer appear on the decision the meeting deliberated.
  await page.locator(".obs-remark").filter({ hasText: "已采纳：实施意见增加" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/decisions\/\d+$/);
  await expect(page.getByRole("heading", { name: "列席代表意见及采纳情况" })).toBeVisible();
  await expect(page.getByText(/已采纳：实施意见增加/)).toBeVisible();
  await expectAccessible(page);
  await page.goto("/console/observers");
  await page.getByRole("link", { name: "2026年第6次区政府常务会议", exact: true }).click();
  await expect(page.getByRole("heading", { name: "发起列席征集" })).toBeVisible();
  await expectAccessible(page);
});
