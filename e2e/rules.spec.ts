import { expect, test } from "@playwright/test";
import { expectAccessible, logIn, logOut } from "./helpers";

test.describe.configure({ timeout: 180_000 });

test("staff are refused a deliberation dated before the legality review ended, the rule named and their input kept", async ({ page }) => {
  await logIn(page, "staff.civil@pudong.example");
  await page.goto("/console/decisions");
  await page.getByLabel("年度").fill("2029");
  await page.getByRole("button", { name: "创建" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("2029");
  await page.getByLabel("事项名称").fill("浦东新区社区养老服务综合体建设导则");
  await page.getByRole("button", { name: "新增事项" }).click();
  await expect(page).toHaveURL(/\/console\/decisions\/items\/\d+/);

  // The legality review: 1–14 April 2026, ten working days.
  const legal = page.locator("#stage-legality_review");
  await legal.locator("summary").first().click();
  await legal.getByLabel("状态").selectOption("completed");
  await legal.getByLabel("实际开始").fill("2026-04-01");
  await legal.getByLabel("实际完成").fill("2026-04-14");
  await legal.getByRole("button", { name: "保存阶段" }).click();
  await expect(page.getByRole("status")).toContainText("已保存");

  // The deliberation recorded on 10 April, before the review ended: refused, naming the rule and both dates.
  const delib = page.locator("#stage-deliberation");
  await delib.locator("summary").first().click();
  await delib.getByLabel("状态").selectOption("completed");
  await delib.getByLabel("实际开始").fill("2026-04-10");
  await delib.getByLabel("实际完成").fill("2026-04-10");
  await delib.getByLabel("备注").fill("区政府第12次常务会议");
  await delib.getByRole("button", { name: "保存阶段" }).click();
  const alert = page.locator("#stage-deliberation").getByRole("alert");
  await expect(alert).toContainText("集体审议日期 2026-04-10 早于合法性审查完成日期 2026-04-14");
  await expect(alert).toContainText("第二十八条");
  // What staff typed is still there to correct.
  await expect(page.locator("#stage-deliberation").getByLabel("实际完成")).toHaveValue("2026-04-10");
  await expect(page.locator("#stage-deliberation").getByLabel("备注")).toHaveValue("区政府第12次常务会议");
  await expectAccessible(page);

  // Dated on or after the review's end it is accepted, and the item is decided.
  await page.locator("#stage-deliberation").getByLabel("实际开始").fill("2026-04-20");
  await page.locator("#stage-deliberation").getByLabel("实际完成").fill("2026-04-20");
  await page.locator("#stage-deliberation").getByRole("button", { name: "保存阶段" }).click();
  await expect(page.getByRole("status")).toContainText("已保存");
  await expect(page.locator(".dc-status-decided").first()).toBeVisible();

  // The review is now fixed: changing it without a correction reason is refused.
  const legal2 = page.locator("#stage-legality_review");
  await legal2.locator("summary").first().click();
  await legal2.getByLabel("实际完成").fill("2026-04-15");
  await legal2.getByRole("button", { name: "保存阶段" }).click();
  await expect(page.locator("#stage-legality_review").getByRole("alert")).toContainText("合法性审查不能再改动");
  await logOut(page);
});

test("the admin adds next year's holiday schedule and the compliance warning disappears", async ({ page }) => {
  await logIn(page, "admin@pudong.example");
  await page.goto("/admin/compliance");
  const warning = page.getByTestId("schedule-missing");
  const count = await warning.count();
  // The warning is due for next year from 1 November, or for this year when it has no schedule at all.
  test.skip(count === 0, "no holiday schedule is missing at today's date");
  const text = (await warning.first().textContent()) ?? "";
  const year = Number(/(\d{4}) 年节假日安排/.exec(text)?.[1]);
  expect(year).toBeGreaterThan(2025);
  await expectAccessible(page);

  await page.getByRole("link", { name: "录入节假日安排" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("节假日安排");
  await expect(page.getByLabel("年度", { exact: true })).toHaveValue(String(year));
  // Test input, not an official schedule. A weekday given as a make-up working day is refused, naming it.
  await page.getByLabel(/^放假日/).fill(`${year}-01-01 元旦\n${year}-10-01 国庆节`);
  const friday = ["01", "02", "03", "04", "05", "06", "07"].map((d) => `${year}-01-${d}`).find((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 5)!;
  const saturday = ["01", "02", "03", "04", "05", "06", "07", "08"].map((d) => `${year}-01-${d}`).find((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 6 && d !== `${year}-01-01`)!;
  await page.getByLabel(/^调休上班日/).fill(friday);
  await page.getByLabel(/^依据/).fill("e2e 测试数据");
  await page.getByRole("button", { name: "保存安排" }).click();
  await expect(page.getByRole("alert").first()).toContainText(`${friday} 不是周六或周日`);
  await expect(page.getByLabel(/^放假日/)).toHaveValue(`${year}-01-01 元旦\n${year}-10-01 国庆节`);
  await page.getByLabel(/^调休上班日/).fill(saturday);
  await page.getByRole("button", { name: "保存安排" }).click();
  await expect(page.getByRole("status")).toContainText(`已保存 ${year} 年节假日安排`);
  await expectAccessible(page);

  await page.goto("/admin/compliance");
  await expect(page.getByTestId("schedule-missing").filter({ hasText: `${year} 年` })).toHaveCount(0);
  // The change is in the audit log.
  await page.goto("/admin/audit");
  await expect(page.getByText("calendar.create").first()).toBeVisible();
});

test("compliance: the rule-breaking demo row is flagged and the observer pace shows each quarter", async ({ page }) => {
  await logIn(page, "admin@pudong.example");
  await page.goto("/admin/compliance");
  await expect(page.locator("#violations + .table-wrap")).toContainText("浦东新区河道水环境综合治理方案");
  await expect(page.locator("#violations + .table-wrap")).toContainText("早于合法性审查完成日期");
  const pace = page.locator("#pace ~ .table-wrap").first();
  await expect(pace.locator("th").first()).toHaveText("季度");
  await expect(pace.locator("tbody tr").first()).toContainText("第1季度");
  const csv = await page.request.get("/admin/compliance.csv");
  const body = await csv.text();
  expect(body).toContain("程序违规 rule");
  expect(body).toContain("第4季度 Q4");
});
