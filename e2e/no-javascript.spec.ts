/**
 * With JavaScript off (or before it loads on a slow phone) every form is a
 * plain HTML form post. The site's referrer policy must keep the Origin on
 * those posts, or the CSRF check refuses them (it did: Referrer-Policy
 * no-referrer made Chromium send `Origin: null`).
 */
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, logIn, logOut, uniqueEmail } from "./helpers";

test.use({ javaScriptEnabled: false });

test("without JavaScript a resident signs up, logs in, switches language and easy-read mode, registers and comments", async ({ page }) => {
  const email = uniqueEmail("nojs");
  const res = await page.goto("/decisions");
  expect(res?.headers()["referrer-policy"]).toBe("same-origin");

  await page.goto("/signup");
  await page.getByLabel(/电子邮箱/).fill(email);
  await page.getByLabel(/^密码$/).fill(DEMO_PASSWORD);
  await page.getByLabel("显示名称").fill("无脚本居民");
  await page.getByRole("button", { name: /^注册/ }).click();
  await expect(page.getByRole("button", { name: "退出" })).toBeVisible();
  await logOut(page);
  await logIn(page, email);

  // The header's language and 适老化 buttons are form posts too.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByRole("button", { name: "适老化", exact: true }).click();
  await expect(page.locator("html")).toHaveClass(/care/);
  await expect(page.getByRole("button", { name: "适老化", exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "适老化", exact: true }).click();
  await expect(page.locator("html")).not.toHaveClass(/care/);

  // An open-day registration.
  await page.goto("/open-month");
  await page.getByRole("link", { name: /规划浦东/ }).first().click();
  await page.getByRole("link", { name: /^报名/ }).first().click();
  await page.getByRole("button", { name: "确认报名" }).click();
  await expect(page).toHaveURL(/\/my\/registrations/);
  await expect(page.locator(".ev-reg").filter({ hasText: "规划浦东" }).getByText("报名成功")).toBeVisible();
  // Cancelling it asks first, on a page of its own: no window.confirm needed.
  const reg = page.locator(".ev-reg").filter({ hasText: "规划浦东" });
  await reg.getByRole("link", { name: "取消报名" }).click();
  await expect(page.getByRole("group", { name: /确认取消报名/ })).toBeVisible();
  await page.getByRole("link", { name: "不取消，保留报名" }).click();
  await expect(reg.getByText("报名成功")).toBeVisible();
  await reg.getByRole("link", { name: "取消报名" }).click();
  await page.getByRole("button", { name: "确认取消" }).click();
  await expect(page.getByText("已取消。")).toBeVisible();

  // A comment on an open consultation.
  await page.goto("/consultations");
  await page.getByRole("link", { name: "浦东新区既有多层住宅加装电梯实施办法（征求意见稿）" }).click();
  await page.getByLabel("意见内容").fill(`没有脚本也能提交意见：建议公布加装电梯的补贴标准。${Date.now()}`);
  await page.getByRole("button", { name: "提交意见" }).click();
  await expect(page.getByTestId("comment-done")).toBeVisible();
});
