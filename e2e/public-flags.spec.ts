import { expect, test } from "@playwright/test";
import { expectAccessible } from "./helpers";

test.describe.configure({ timeout: 180_000 });

// A demo decision whose deliberation is completed and whose result is still unpublished past
// its 20 working days (the admin compliance page lists it as 逾期未公开).
const RENTAL = "浦东新区公共租赁住房准入标准调整";

test("an overdue stage flags itself on the decision page and in the catalogue list (#17)", async ({ page }) => {
  await page.goto(`/decisions?year=all&q=${encodeURIComponent(RENTAL)}`);
  const item = page.locator(".dc-item", { hasText: RENTAL }).first();
  await expect(item.locator('[data-overdue="result"]')).toContainText(/决策结果逾期：应于\d{4}年\d{1,2}月\d{1,2}日前公开/);
  await item.getByRole("link", { name: RENTAL }).click();
  const result = page.locator("#stage-result");
  await expect(result.locator("[data-overdue]")).toContainText(/逾期：应于\d{4}年\d{1,2}月\d{1,2}日前公开/);
  await expectAccessible(page);

  await page.context().addCookies([{ name: "lang", value: "en", url: page.url() }]);
  await page.reload();
  await expect(page.locator("#stage-result [data-overdue]")).toContainText(/Overdue: due to be published by \d{1,2} [A-Z][a-z]{2} \d{4}/);
});

test("the feedback report's counts add up and published comments carry their dates (#17)", async ({ page }) => {
  await page.goto("/consultations");
  const hrefs = await page.locator("main a[href^='/consultations/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  let seen = 0;
  for (const href of [...new Set(hrefs)].filter((h) => /^\/consultations\/\d+$/.test(h))) {
    await page.goto(href);
    if (!(await page.locator("#report").count())) continue;
    seen++;
    const received = await page.getByTestId("report-received").textContent();
    await expect(page.getByTestId("report-article-total")).toHaveText(received!);
    await expect(page.getByTestId("report-theme-total")).toHaveText(received!);
    await expect(page.getByTestId("report-reconcile")).toContainText(`收到意见${received}条`);
    await expect(page.locator("#report th", { hasText: "草案整体" }).first()).toBeVisible();
    const dates = page.locator(".comments .comment time");
    if (await page.locator(".comments .comment").count()) await expect(dates.first()).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日$/);
  }
  expect(seen).toBeGreaterThan(0);
});
