import http from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

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

/**
 * Logs in through the form and waits until the page shows the outcome: the
 * logout button, or (expectFailure) the error. Waiting on "networkidle" alone
 * races the form submission on a busy machine.
 */
export async function logIn(page: Page, email: string, password = DEMO_PASSWORD, opts: { expectFailure?: boolean } = {}) {
  await page.goto("/login");
  await page.getByLabel(/电子邮箱|Email/).fill(email);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole("button", { name: /^(登录|Log in)$/ }).click();
  if (opts.expectFailure) await expect(page.getByRole("alert")).toBeVisible();
  else await expect(page.getByRole("button", { name: /^(退出|Log out)$/ })).toBeVisible();
}

export async function logOut(page: Page) {
  await page.getByRole("button", { name: /^(退出|Log out)$/ }).click();
  await expect(page.getByRole("link", { name: /^(登录|Log in)$/ })).toBeVisible();
}

/** The first id a page links to by `pattern` (its first group), as the given context sees the page. */
export async function firstId(ctx: APIRequestContext, page: string, pattern: RegExp): Promise<number> {
  const res = await ctx.get(page);
  expect(res.status(), page).toBe(200);
  const m = (await res.text()).match(pattern);
  expect(m, `${pattern} on ${page}`).not.toBeNull();
  return Number(m![1]);
}

/**
 * Requests over one kept-alive connection (Node's agent with a single socket),
 * each answer saying whether it came over the connection already open: what
 * a browser or a proxy does between requests.
 */
export function oneConnection(baseURL: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}) {
    const { method = "GET", headers = {}, body } = opts;
    return new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const req = http.request(new URL(path, baseURL), { method, headers, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
      });
      req.on("error", reject);
      req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${method} ${path} within 15 s`)));
      req.end(body);
    });
  }
  return { send, close: () => agent.destroy() };
}
