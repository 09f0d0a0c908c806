import { expect, test } from "@playwright/test";
import { expectAccessible, logIn, logOut, oneConnection, uniqueEmail } from "./helpers";

test("home page is Chinese by default, shows the demo units and sends security headers", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("浦东新区 · 参与");
  await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "决策目录" })).toBeVisible();
  await expect(page.getByText("区发展和改革委员会")).toBeVisible();
  await expectAccessible(page);
});

test("sign up, log out, log in again and change the password", async ({ page }) => {
  const email = uniqueEmail("signup");
  await page.goto("/signup");
  await expectAccessible(page);
  // Bad input first: a clear Chinese message and nothing typed is lost.
  await page.getByLabel("电子邮箱").fill("not-an-email");
  await page.getByLabel("显示名称").fill("测试居民");
  await page.getByLabel("密码", { exact: true }).fill("short");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByText("请输入有效的电子邮箱地址。")).toBeVisible();
  await expect(page.getByLabel("显示名称")).toHaveValue("测试居民");
  await expect(page.getByLabel("电子邮箱")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill("a good password");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "我的账户" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);
  const cookie = (await page.context().cookies()).find((c) => c.name === "canyu_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });
  // The welcome mail went through the outbox; without SMTP it is kept for the developer.
  await page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
  await expect(page.getByRole("heading", { name: "欢迎使用“参与”平台" })).toBeVisible();

  await logOut(page);
  expect((await page.context().cookies()).find((c) => c.name === "canyu_session")).toBeUndefined();
  await expect(page.getByRole("link", { name: "登录" })).toBeVisible();
  const account = await page.goto("/account");
  expect(page.url()).toContain("/login?redirectTo=%2Faccount");
  expect(account?.status()).toBe(200);

  await logIn(page, email, "wrong password", { expectFailure: true });
  await expect(page.getByText("邮箱或密码不正确。").first()).toBeVisible();
  await logIn(page, email, "a good password");
  await page.goto("/account");
  await page.getByLabel("当前密码").fill("a good password");
  await page.getByLabel("新密码").fill("an even better one");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText("密码已修改")).toBeVisible();
  await logOut(page);
  await logIn(page, email, "an even better one");
  await page.goto("/account");
  await expect(page.getByText(email)).toBeVisible();
});

test("a citizen is refused from the staff console and the admin area", async ({ page }) => {
  await logIn(page, "wang.fang@example.com");
  const console = await page.goto("/console");
  expect(console?.status()).toBe(403);
  await expect(page.getByText("您没有权限访问此页面。")).toBeVisible();
  const admin = await page.goto("/admin/units");
  expect(admin?.status()).toBe(403);
});

test("staff of one unit can open their unit's records but not another unit's", async ({ page }) => {
  await logIn(page, "staff.drc@pudong.example");
  const own = await page.goto("/console/units/drc");
  expect(own?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "区发展和改革委员会" })).toBeVisible();
  await expectAccessible(page);
  const other = await page.goto("/console/units/education");
  expect(other?.status()).toBe(403);
  const admin = await page.goto("/admin/audit");
  expect(admin?.status()).toBe(403);
});

test("the admin creates a staff account, it is audited and the chain verifies", async ({ page }) => {
  await logIn(page, "admin@pudong.example");
  await page.goto("/admin/staff");
  await expectAccessible(page);
  const email = uniqueEmail("staff");
  await page.getByLabel("显示名称").fill("新同事");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill("staff password 1");
  await page.getByLabel("所属单位").selectOption({ label: "区教育局" });
  await page.getByRole("button", { name: "创建账户" }).click();
  await expect(page.getByRole("cell", { name: email })).toBeVisible();
  await page.goto("/admin/audit");
  await expect(page.getByTestId("chain-status")).toContainText("日志链完整");
  await expect(page.getByRole("cell", { name: "staff.create" }).first()).toBeVisible();
  await expectAccessible(page);
});

test("the language switch turns the interface into English and back", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pudong · Canyu");
  await expect(page.getByRole("link", { name: "Decisions", exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("easy-read mode enlarges the text and works by keyboard alone", async ({ page }) => {
  await page.goto("/");
  const before = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  // Keyboard only: tab to the easy-read toggle and press Enter.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "跳到主要内容" })).toBeFocused();
  // A toggle keeps its name and reports its state (aria-pressed), whichever mode is on.
  const toggle = page.getByRole("button", { name: "适老化", exact: true });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  for (let i = 0; i < 6 && !(await toggle.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(toggle).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("html")).toHaveClass(/care/);
  const after = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(after).toBeGreaterThan(before);
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "标准模式" })).toHaveCount(0);
  await expectAccessible(page);
  await toggle.click();
  await expect(page.locator("html")).not.toHaveClass(/care/);
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
});

test("a state-changing request from another site is refused", async ({ request, baseURL }) => {
  const cross = await request.post("/login", {
    headers: { Origin: "https://evil.example" },
    form: { email: "wang.fang@example.com", password: "x" },
  });
  expect(cross.status()).toBe(403);
  const same = await request.post("/prefs", { headers: { Origin: baseURL! }, form: { lang: "en" }, maxRedirects: 0 });
  expect(same.status()).toBe(302);
});

test("healthz reports the database", async ({ request }) => {
  const r = await request.get("/healthz");
  expect(r.status()).toBe(200);
  expect(await r.json()).toMatchObject({ status: "ok", database: "up" });
});

test("an idle keep-alive connection is still served after Node's 5 s default", async ({ baseURL }) => {
  // A client (or a proxy in front) that reuses a pooled socket the server is closing gets ECONNRESET.
  const conn = oneConnection(baseURL!);
  expect(await conn.send("/healthz")).toEqual({ status: 200, reused: false });
  await new Promise((r) => setTimeout(r, 6_000));
  expect(await conn.send("/healthz"), "the same connection, still open").toEqual({ status: 200, reused: true });
  conn.close();
});
