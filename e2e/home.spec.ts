import { expect, test } from "@playwright/test";
import { expectAccessible } from "./helpers";

test("the home page leads with what is open now, each with its deadline", async ({ page }) => {
  await page.goto("/");
  const now = page.getByRole("region", { name: "现在可以参与" });
  await expect(now).toBeVisible();

  const consultations = now.getByRole("region", { name: "正在征求意见" });
  const items = consultations.getByRole("listitem");
  expect(await items.count()).toBeGreaterThan(0);
  await expect(items.first()).toContainText(/截止 \d{4}年\d{1,2}月\d{1,2}日(24时| \d{2}:\d{2})/);
  await expect(items.first()).toContainText(/还剩 \d+ 天|今天截止/);

  const calls = now.getByRole("region", { name: "列席报名" });
  await expect(calls.getByRole("link").first()).toHaveAttribute("href", /\/observers\/calls\/\d+/);
  await expect(calls.getByRole("listitem").first()).toContainText(/报名截止 \d{4}/);

  await expect(now.getByRole("region", { name: /年政府开放月/ })).toBeVisible();
  await expect(now.getByRole("region", { name: "最新决策进展" }).getByRole("link").first()).toHaveAttribute("href", /\/decisions\/\d+/);

  // The units are links to their catalogues, not buttons that do nothing.
  const unit = page.getByRole("region", { name: "决策单位" }).getByRole("link").first();
  await expect(unit).toHaveAttribute("href", /\/units\/[\w-]+\/catalogue/);
  await expectAccessible(page);

  // The first open consultation leads to its page.
  const first = items.first().getByRole("link");
  const title = await first.innerText();
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
});

test("every page has a description and Open Graph title for search and sharing; a decision's is its own summary", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /浦东|决策/);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", "参与 Canyu · 浦东新区");
  await page.goto("/decisions");
  const link = page.locator('a[href^="/decisions/"]').filter({ hasNotText: /订阅/ }).first();
  const linked = (await link.innerText()).trim();
  await link.click();
  await expect(page).toHaveURL(/\/decisions\/\d+$/);
  // The address changes before the new page has rendered: wait for its heading.
  await expect(page.getByRole("heading", { level: 1 })).toContainText(linked);
  const title = await page.getByRole("heading", { level: 1 }).innerText();
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", `${title} · 参与`);
  const description = await page.locator('meta[name="description"]').getAttribute("content");
  expect(description?.length).toBeGreaterThan(10);
  expect(description!.length).toBeLessThanOrEqual(160);
});
