import { expect, test } from "@playwright/test";
import { expectAccessible, logIn, logOut } from "./helpers";

const LIFT = "浦东新区既有多层住宅加装电梯实施办法（征求意见稿）";
const WASTE = "浦东新区生活垃圾分类管理实施细则（修订征求意见稿）";

test("a citizen comments on one article, gets a reference number and finds it; a retry does not duplicate", async ({ page }) => {
  await page.goto("/consultations");
  await expect(page.getByRole("heading", { level: 1, name: "决策草案公开征求意见" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "正在征求意见" })).toBeVisible();
  await expect(page.locator(".consult-list .countdown").first()).toContainText(/还剩 \d+ 天|今天截止/);
  await expectAccessible(page);

  await page.getByRole("link", { name: LIFT }).click();
  await expect(page.getByRole("heading", { level: 1, name: LIFT })).toBeVisible();
  await expect(page.getByRole("heading", { name: "政策解读" })).toBeVisible();
  // Published comments are masked in public.
  await expect(page.getByText("[电话已隐去]").first()).toBeVisible();
  await expect(page.getByText("13912345678")).toHaveCount(0);
  await expectAccessible(page);

  await logIn(page, "chen.jing@example.com");
  await page.goto("/consultations");
  await page.getByRole("link", { name: LIFT }).click();
  await page.getByRole("link", { name: "对第五条提意见" }).click();
  await expect(page.getByLabel("意见针对")).toHaveValue(/\d+/);
  await expect(page.getByLabel("意见针对").locator("option:checked")).toContainText("第五条");
  const body = `建议街镇窗口提供周末预约服务，方便上班族办理。联系电话13600001111（e2e ${Date.now()}）`;
  await page.getByLabel("意见内容").fill(body);
  await page.getByLabel("公开时显示我的名称").check();
  const key = await page.locator("input[name=idempotencyKey]").inputValue();
  const articleId = await page.getByLabel("意见针对").inputValue();
  await page.getByRole("button", { name: "提交意见" }).click();
  const done = page.getByTestId("comment-done");
  await expect(done).toContainText(/编号 ZQ\d+-[A-Z2-7]+/);
  const reference = (await done.textContent())!.match(/ZQ\d+-[A-Z2-7]+/)![0];
  await expectAccessible(page);

  // A network retry resends the same form with the same key: the first comment comes back, no second one.
  const detailPath = new URL(page.url()).pathname;
  await page.goto("/consultations/mine");
  const rowsBefore = await page.locator("tbody tr").count();
  const retry = await page.request.post(detailPath, {
    multipart: { articleId, body, showName: "on", idempotencyKey: key },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(retry.status()).toBe(200);
  expect(await retry.text()).toContain(reference);
  await page.reload();
  await expect(page.locator("tbody tr")).toHaveCount(rowsBefore);

  await page.goto(`/consultations/mine?ref=${reference}`);
  await expect(page.getByRole("heading", { name: reference })).toBeVisible();
  await expect(page.getByTestId("lookup-status")).toHaveText("待审核");
  await expect(page.getByText(body)).toBeVisible(); // the author sees the original
  await expect(page.getByRole("cell", { name: reference })).toHaveCount(1);
  await expectAccessible(page);

  // Not public before review.
  await page.goto("/consultations");
  await page.getByRole("link", { name: LIFT }).click();
  await expect(page.getByText("建议街镇窗口提供周末预约服务")).toHaveCount(0);
  await logOut(page);
});

test("staff moderate a campaign group and a new comment, answer it, and the public sees it masked with the answer", async ({ page }) => {
  // A citizen's comment to moderate.
  await logIn(page, "li.qiang@example.com");
  await page.goto("/consultations");
  await page.getByRole("link", { name: LIFT }).click();
  const marker = `e2e${Date.now().toString(36)}`;
  await page.getByRole("link", { name: "对第七条提意见" }).click();
  await expect(page.getByLabel("意见针对").locator("option:checked")).toContainText("第七条");
  await page.getByLabel("意见内容").fill(`费用分摊应当公开透明，我住张杨路88号，邮箱lq@example.com。${marker}`);
  await page.getByRole("button", { name: "提交意见" }).click();
  await expect(page.getByTestId("comment-done")).toBeVisible();
  const reference = (await page.getByTestId("comment-done").textContent())!.match(/ZQ\d+-[A-Z2-7]+/)![0];
  await logOut(page);

  await logIn(page, "staff.construction@pudong.example");
  await page.goto("/console/consultations");
  await expectAccessible(page);
  await page.getByRole("row", { name: new RegExp(LIFT.slice(0, 10)) }).getByRole("link", { name: /待审/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "意见审核" })).toBeVisible();
  // Pending by default; the campaign shows as one group with its count.
  await expect(page.getByText(/相同或相近意见 \d+ 条/).first()).toBeVisible();
  await expectAccessible(page);

  // Staff see the original text.
  const item = page.locator("li.queue-item", { hasText: reference });
  await expect(item).toContainText("张杨路88号");
  await item.getByRole("checkbox").check();
  await page.getByRole("radio", { name: "公开", exact: true }).check();
  await page.getByRole("button", { name: "执行审核" }).click();
  await expect(page.getByRole("status")).toContainText("已处理 1 条意见");
  await expect(page.locator("li.queue-item", { hasText: reference })).toHaveCount(0);

  // Answer it: filter by text, select, choose adoption, answer publicly.
  await page.getByLabel("状态", { exact: true }).selectOption("published");
  await page.getByLabel("包含文字").fill(marker);
  await page.getByRole("button", { name: "筛选" }).click();
  await page.locator("li.queue-item", { hasText: reference }).getByRole("checkbox").check();
  await page.locator("#f-adoption").selectOption("adopted");
  await page.getByLabel("公开答复").fill("采纳。实施办法将要求加装方案中公示费用分摊明细。");
  await page.getByLabel("主题").fill("费用分摊");
  await page.getByRole("button", { name: "保存采纳情况" }).click();
  await expect(page.getByRole("status")).toContainText("已处理 1 条意见");

  // Keyboard: J moves to the first item's checkbox, X selects it.
  await page.getByLabel("状态", { exact: true }).selectOption("pending");
  await page.getByLabel("包含文字").fill("");
  await page.getByRole("button", { name: "筛选" }).click();
  await page.getByRole("heading", { level: 1, name: "意见审核" }).click();
  await page.keyboard.press("j");
  await page.keyboard.press("x");
  await expect(page.locator("li.queue-item").first().getByRole("checkbox")).toBeChecked();

  // The masked export downloads (and is audited server-side).
  await page.goto("/console/consultations");
  await page.getByRole("link", { name: LIFT }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出 CSV（已脱敏）" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^consultation-\d+-comments\.csv$/);
  await logOut(page);

  await page.goto("/consultations");
  await page.getByRole("link", { name: LIFT }).click();
  const published = page.locator("li.comment", { hasText: marker });
  await expect(published).toContainText("[地址已隐去]");
  await expect(published).toContainText("[邮箱已隐去]");
  await expect(published).not.toContainText("lq@example.com");
  await expect(published).toContainText("采纳。实施办法将要求加装方案中公示费用分摊明细。");
  await expect(published).toContainText("匿名");
});

test("staff publish the feedback report after close; it completes the decision's participation stage and shows on the decision page", async ({ page }) => {
  await logIn(page, "staff.ecology@pudong.example");
  await page.goto("/console/consultations");
  await page.getByRole("link", { name: WASTE }).click();
  await expect(page.getByRole("heading", { name: "发布反馈报告" })).toBeVisible();
  // One published comment still has no adoption decision: refused with the count.
  await page.getByRole("button", { name: "发布反馈报告" }).click();
  await expect(page.getByRole("alert")).toContainText("还有 1 条意见没有采纳情况");

  await page.getByRole("link", { name: "审核与答复" }).click();
  await page.getByLabel("状态", { exact: true }).selectOption("all");
  await page.locator("#q-adoption").selectOption("none");
  await page.getByRole("button", { name: "筛选" }).click();
  await page.getByRole("checkbox", { name: "全选" }).check();
  await page.locator("#f-adoption").selectOption("not_adopted");
  await page.getByRole("button", { name: "保存采纳情况" }).click();
  // Not adopting needs a reason.
  await expect(page.getByText("不予采纳须说明理由。").first()).toBeVisible();
  await page.locator("li.queue-item").first().getByRole("checkbox").check();
  await page.locator("#f-adoption").selectOption("partly");
  await page.getByLabel("公开答复").fill("误时投放点将纳入物业服务考核。");
  await page.getByRole("button", { name: "保存采纳情况" }).click();
  await expect(page.getByRole("status")).toContainText("已处理 1 条意见");

  await page.goto("/console/consultations");
  await page.getByRole("link", { name: WASTE }).click();
  await page.getByLabel("总体说明").fill("共收到意见3条，公开选登2条，采纳1条，部分采纳2条。");
  await page.getByRole("button", { name: "发布反馈报告" }).click();
  await expect(page.getByRole("status")).toContainText("已保存");
  await logOut(page);

  // The public page shows the report, and the decision page links its completed participation stage to it.
  await page.goto("/consultations");
  await page.getByRole("link", { name: WASTE }).click();
  await expect(page.getByRole("heading", { name: "公众参与情况（反馈报告）" })).toBeVisible();
  await expect(page.getByTestId("report-received")).toHaveText("3");
  await expect(page.getByTestId("report-adopted")).toHaveText("1");
  await expectAccessible(page);
  await page.getByRole("link", { name: "浦东新区生活垃圾分类管理实施细则（修订）" }).click();
  await expect(page).toHaveURL(/\/decisions\/\d+/);
  const stage = page.locator("#stage-participation");
  await expect(stage).toContainText("已完成");
  await stage.getByRole("link", { name: "在本平台查看" }).click();
  await expect(page).toHaveURL(/\/consultations\/\d+#report$/);
  await expect(page.getByRole("heading", { name: "公众参与情况（反馈报告）" })).toBeVisible();
  await expect(page.locator("#report").getByText("误时投放点将纳入物业服务考核。")).toBeVisible();
});

test("a closed period accepts nothing and the closing time is shown", async ({ page }) => {
  await logIn(page, "wang.fang@example.com");
  await page.goto("/consultations");
  await page.getByRole("link", { name: /义务教育阶段学校招生划片方案/ }).click();
  await expect(page.getByText("征求意见已截止，不再接受意见。")).toBeVisible();
  await expect(page.getByRole("button", { name: "提交意见" })).toHaveCount(0);
  await expect(page.getByText(/截止时间由 2026年2月27日24时 延长至 2026年3月5日24时/)).toBeVisible();
  await expect(page.getByText("须在4月入学信息登记前公布方案")).toBeVisible();
  // A forged post is refused by the server with the closing time.
  const url = page.url();
  const res = await page.request.post(url, {
    multipart: { body: "截止后提交", idempotencyKey: "forged-after-close-1", articleId: "" },
    headers: { Origin: new URL(url).origin },
  });
  expect(res.status()).toBe(409);
  await expect
    .poll(async () => (await page.request.get(`${new URL(url).origin}/consultations/mine`)).text())
    .not.toContain("截止后提交");
});
