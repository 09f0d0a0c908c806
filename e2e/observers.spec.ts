import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, logIn, logOut } from "./helpers";

async function openCallOf(page: Page, meetingTitle: string) {
  await page.goto("/observers");
  await expectAccessible(page);
  const card = page.locator("li.card").filter({ has: page.getByRole("link", { name: meetingTitle, exact: true }) });
  await card.getByRole("link", { name: /^列席征集：/ }).first().click();
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

/** The public page's hashes, as a resident notes them before the draw. */
async function noteHashes(page: Page, callId: string) {
  await page.goto(`/observers/calls/${callId}`);
  const text = async (label: RegExp) => (await page.locator("p").filter({ hasText: label }).locator(".obs-hash").first().textContent())!.trim();
  return { pool: await text(/^名单哈希/), distribution: await text(/^分布哈希/) };
}

function verify(file: string, args: string[]): string {
  return execFileSync("npx", ["tsx", "scripts/verify-draw.ts", file, ...args], { encoding: "utf8" });
}

test("the witnessed draw publishes seed and result, and the downloaded export verifies", async ({ page }, testInfo) => {
  await logIn(page, "staff.office@pudong.example");
  await page.goto("/console/observers");
  await expectAccessible(page);
  const item = page.locator("li").filter({ has: page.getByRole("link", { name: "2026年第23次区政府常务会议", exact: true }) });
  await item.getByRole("link", { name: /^报名时间 / }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("概率分布已公布");
  const callId = page.url().match(/calls\/(\d+)/)![1]!;
  await expectAccessible(page);
  const noted = await noteHashes(page, callId);
  await page.goBack();
  // A wrong secret is refused: the commitment was published before the freeze. Nothing typed is lost.
  await page.getByLabel(/^外部公开随机值/).fill("06 12 15 23 27 30 + 03");
  await page.getByLabel("张华 的秘密值").fill("猜一个");
  await page.getByLabel("浦东新区公证处 的秘密值").fill("浦东公证处-见证-2026");
  await page.getByRole("button", { name: "见证抽选" }).click();
  await expect(page.getByText("张华 的秘密值与其承诺不符。").first()).toBeVisible();
  await expect(page.getByLabel(/^外部公开随机值/)).toHaveValue("06 12 15 23 27 30 + 03");
  await expect(page.getByLabel("浦东新区公证处 的秘密值")).toHaveValue("浦东公证处-见证-2026");
  await page.getByLabel("张华 的秘密值").fill("陆家嘴居民代表-见证-2026");
  await page.getByRole("button", { name: "见证抽选" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("已抽选");
  await page.getByRole("link", { name: "公开页面" }).click();
  await expect(page.getByRole("heading", { name: "抽选结果" })).toBeVisible();
  await expect(page.getByText("陆家嘴居民代表-见证-2026")).toBeVisible();
  await expect(page.locator(".obs-selected")).toContainText("C");
  await expect(page.getByRole("table", { name: "时间线（北京时间，精确到秒）" })).toContainText("主持：周敏");
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载抽选数据（JSON）" }).click()]);
  const file = testInfo.outputPath("draw.json");
  await download.saveAs(file);
  const out = verify(file, ["--pool-hash", noted.pool, "--distribution-hash", noted.distribution, "--external", "06 12 15 23 27 30 + 03"]);
  expect(out).toContain("MATCH");
  expect(out).not.toContain("✗");
  // The page numbers the slot as the export does.
  const exp = JSON.parse(readFileSync(file, "utf8")) as { result: { slot: number } };
  await expect(page.getByText(`抽中的方案号: ${exp.result.slot.toLocaleString("en")}（方案号 0 至 999,999,999）`)).toBeVisible();
});

/** A Shanghai wall-clock time for a datetime-local input, `seconds` from now. */
const shanghaiInput = (seconds: number) => new Date(Date.now() + seconds * 1000 + 8 * 3600_000).toISOString().slice(0, 19);

test("a call from opening to a verified draw, with every step's time on the public page", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const secrets = { 张华: "张华-e2e-见证", 浦东新区公证处: "公证处-e2e-见证" };
  const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
  await logIn(page, "staff.office@pudong.example");
  await page.goto("/console/observers");
  await page.getByRole("link", { name: "2026年第24次区政府常务会议", exact: true }).click();
  await expect(page.getByRole("heading", { name: "发起列席征集" })).toBeVisible();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "发起征集" }) });
  await form.getByLabel("列席席位").fill("2");
  await form.getByLabel("报名开始").fill(shanghaiInput(-3600).slice(0, 16));
  const closesIn = 45;
  await form.getByLabel("报名截止").fill(shanghaiInput(closesIn));
  for (const [c, min, max] of [["市民代表", 2, 2], ["小微企业代表", 1, 2], ["民营企业代表", 0, 2], ["其他", 0, 0]] as const) {
    await form.getByLabel(`${c} min`).fill(String(min));
    await form.getByLabel(`${c} max`).fill(String(max));
  }
  await form.getByLabel("本年度已获选列席的人员不参加本次抽选").uncheck();
  // Quotas no pool could meet are refused at opening, in the user's language.
  await page.getByRole("button", { name: "发起征集" }).click();
  await expect(page.getByText("「类别」各取值的最少席位之和为 3，超过总席位 2，任何报名情况都无法满足。").first()).toBeVisible();
  await expect(form.getByLabel("列席席位")).toHaveValue("2");
  await form.getByLabel("小微企业代表 min").fill("0");
  await form.getByLabel("报名截止").fill(shanghaiInput(closesIn));
  const closesAt = Date.now() + closesIn * 1000;
  await page.getByRole("button", { name: "发起征集" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("报名中");
  const callId = page.url().match(/calls\/(\d+)/)![1]!;
  for (const [name, role] of [["张华", "陆家嘴街道居民代表"], ["浦东新区公证处", "公证员"]] as const) {
    await page.getByLabel("姓名").fill(name);
    await page.getByLabel("身份").fill(role);
    await page.getByLabel("承诺值 SHA-256(秘密值)").fill(sha(secrets[name]));
    await page.getByRole("button", { name: "登记见证人承诺" }).click();
    await expect(page.getByText(sha(secrets[name]))).toBeVisible();
  }
  await logOut(page);
  for (const [email, name] of [["wang.fang@example.com", "王芳"], ["chen.jing@example.com", "陈静"], ["li.qiang@example.com", "李强"]]) {
    await logIn(page, email!);
    await page.goto(`/observers/calls/${callId}`);
    await page.getByLabel("类别").selectOption("resident");
    await page.getByLabel("姓名", { exact: true }).fill(name!);
    await page.getByLabel(/申请理由/).fill("希望了解区政府决策过程。");
    await page.getByLabel(/不存在利益冲突/).check();
    await page.getByRole("button", { name: "提交申请" }).click();
    await expect(page.getByText(/您已提交申请/)).toBeVisible();
    await logOut(page);
  }
  await logIn(page, "staff.office@pudong.example");
  await page.goto(`/console/observers/calls/${callId}`);
  await page.waitForTimeout(Math.max(0, closesAt - Date.now() + 1500));
  // The freeze names the external value and when it is published; nobody knows it yet.
  const source = "中国福利彩票双色球第2026199期开奖号码（演示数据）";
  await page.getByLabel("外部公开随机值的来源（可在冻结名单时再指定）").fill(source);
  const publishesIn = 25;
  await page.getByLabel("外部随机值的公布时间（北京时间）").fill(shanghaiInput(publishesIn));
  const publishesAt = Date.now() + publishesIn * 1000;
  await page.getByRole("button", { name: "冻结名单" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("名单已冻结");
  await page.getByRole("button", { name: "计算并公布概率分布" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("概率分布已公布");
  // Before the external value's time nothing can be revealed or drawn.
  const value = "09 13 17 22 25 31 + 11";
  await page.getByLabel(/^外部公开随机值/).fill(value);
  await page.getByLabel("张华 的秘密值").fill(secrets["张华"]);
  await page.getByLabel("浦东新区公证处 的秘密值").fill(secrets["浦东新区公证处"]);
  if (Date.now() < publishesAt - 3000) {
    await page.getByRole("button", { name: "见证抽选" }).click();
    await expect(page.getByText(/公布，此前不能揭示秘密或抽选。/).first()).toBeVisible();
  }
  const noted = await noteHashes(page, callId);
  await expect(page.getByRole("table", { name: "时间线（北京时间，精确到秒）" })).toContainText("预定时间");
  await page.waitForTimeout(Math.max(0, publishesAt - Date.now() + 1500));
  await page.goto(`/console/observers/calls/${callId}`);
  await page.getByLabel(/^外部公开随机值/).fill(value);
  await page.getByLabel("张华 的秘密值").fill(secrets["张华"]);
  await page.getByLabel("浦东新区公证处 的秘密值").fill(secrets["浦东新区公证处"]);
  await page.getByRole("button", { name: "见证抽选" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("已抽选");
  await page.goto(`/observers/calls/${callId}`);
  const timeline = page.getByRole("table", { name: "时间线（北京时间，精确到秒）" });
  const rows = timeline.locator("tbody tr");
  // Opening, closing, two commitments, freeze, distribution, the value's time, its record, two reveals, the draw.
  await expect(rows).toHaveCount(11);
  for (let i = 0; i < 11; i++) await expect(rows.nth(i).locator("td").nth(1)).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}$/);
  // Compared by the machine-readable instant each <time> carries.
  const times = await rows.locator("td:nth-child(2)").evaluateAll((tds) => tds.map((td) => td.querySelector("time")?.getAttribute("datetime") ?? ""));
  const steps = await rows.locator("td:nth-child(1)").allTextContents();
  const at = (label: string) => times[steps.findIndex((s) => s.startsWith(label))]!;
  expect(at("公布概率分布") < at("外部随机值公布")).toBe(true);
  expect(at("张华 公开秘密值") >= at("外部随机值公布")).toBe(true);
  await expect(timeline).toContainText(value);
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载抽选数据（JSON）" }).click()]);
  const file = testInfo.outputPath("opened-draw.json");
  await download.saveAs(file);
  const out = verify(file, ["--pool-hash", noted.pool, "--distribution-hash", noted.distribution, "--commitment", `张华=${sha(secrets["张华"])}`, "--external", value]);
  expect(out).toContain("✓ distribution is the LEXIMIN one");
  expect(out).toContain("MATCH");
  expect(out).not.toContain("✗");
});

test("a selected citizen declines and the next fitting alternate is offered the seat", async ({ page }) => {
  await logIn(page, "li.qiang@example.com");
  await openCallOf(page, "2026年第22次区政府常务会议（专题）");
  await expect(page.getByText(/您已获选列席/)).toBeVisible();
  await expectAccessible(page);
  const rows = page.locator("table").filter({ hasText: "确认截止" }).locator("tbody tr");
  const declinedBefore = await rows.filter({ hasText: "已放弃" }).count();
  const offeredBefore = await rows.filter({ hasText: "待确认" }).count();
  await page.getByRole("button", { name: "放弃席位" }).click();
  await expect(page.getByText("已放弃", { exact: true })).toBeVisible();
  // His seat is declined and the next fitting alternate holds an offer in his place.
  await expect(rows.filter({ hasText: "已放弃" })).toHaveCount(declinedBefore + 1);
  await expect(rows.filter({ hasText: "待确认" })).toHaveCount(offeredBefore);
  await expect(rows.last()).toContainText("待确认 · 候补递补");
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
