import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Every page a spec visits must have no serious or critical axe-core violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

export const DEMO_PASSWORD = "canyu-demo-2026";

let counter = 0;
export function uniqueEmail(prefix = "e2e"): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}${counter}@example.com`;
}

export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(/电子邮箱|Email/).fill(email);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole("button", { name: /^(登录|Log in)$/ }).click();
  await page.waitForLoadState("networkidle");
}

export async function logOut(page: Page) {
  await page.getByRole("button", { name: /^(退出|Log out)$/ }).click();
  await page.waitForLoadState("networkidle");
}
