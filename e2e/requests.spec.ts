/** 依申请公开: an applicant files and follows a request; staff take one through 补正 to a reply. */
import { expect, test } from "@playwright/test";
import { expectAccessible, logIn, logOut, uniqueEmail } from "./helpers";

const shanghaiDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + offsetDays * 86_400_000));

test("an applicant files a request, gets a tracking number and follows it as staff ask for a correction", async ({ page }) => {
  await logIn(page, "li.qiang@example.com");
  await page.goto("/requests");
  await page.getByRole("link", { name: "提交申请" }).click();
  await expect(page).toHaveURL(/\/requests\/new$/);
  await expectAccessible(page);
  await page.getByLabel("受理单位").selectOption({ label: "区教育局" });
  await page.getByLabel("申请人类型").selectOption({ label: "自然人" });
  await expect(page.getByLabel("申请人姓名或名称")).toHaveValue("李强");
  // Refused without a description: what was typed stays.
  await page.getByLabel("通信地址").fill("浦东新区张杨路500号");
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByText("此项必填。").first()).toBeVisible();
  await expect(page.getByLabel("通信地址")).toHaveValue("浦东新区张杨路500号");
  await page.getByLabel(/所需政府信息/).fill("<b>2026年</b>洋泾街道中小学体育场地对外开放安排");
  await page.getByLabel("获取方式").selectOption({ label: "电子邮件" });
  await page.getByRole("button", { name: "提交申请" }).click();

  await expect(page).toHaveURL(/\/requests\/YS\d{4}-[0-9A-Z]{8}\?filed=1$/);
  const trackingNo = /\/requests\/(YS[^?]+)/.exec(page.url())![1];
  await expect(page.getByRole("status")).toContainText(trackingNo);
  await expect(page.getByTestId("request-clock")).toContainText("距答复期限还有 20 个工作日");
  // User text is shown as text.
  await expect(page.getByText("<b>2026年</b>洋泾街道中小学体育场地对外开放安排")).toBeVisible();
  await expect(page.getByText("网上提交申请")).toBeVisible();
  await expectAccessible(page);
  await page.goto("/requests");
  await expect(page.getByRole("link", { name: trackingNo })).toBeVisible();
  await page.goto(`/dev/mail?to=${encodeURIComponent("li.qiang@example.com")}`);
  await expect(page.getByRole("heading", { name: `政府信息公开申请已收到（${trackingNo}）` })).toBeVisible();
  await page.goto("/");
  await logOut(page);

  // The unit asks for a correction.
  await logIn(page, "staff.education@pudong.example");
  await page.goto("/console/requests");
  await page.getByRole("link", { name: trackingNo }).click();
  await page.getByLabel("需要补正的内容").fill("请写明所需学校的名称。");
  await page.getByLabel("补正期限").fill(shanghaiDay(14));
  await page.getByRole("button", { name: "发出补正通知（收到申请后7个工作日内）" }).click();
  await expect(page.getByRole("status")).toContainText("已保存");
  await page.goto("/");
  await logOut(page);

  // The applicant sees the pause, why, and the notice itself.
  await logIn(page, "li.qiang@example.com");
  await page.goto(`/requests/${trackingNo}`);
  await expect(page.getByText("待补正").first()).toBeVisible();
  await expect(page.getByTestId("request-clock")).toContainText(`计时暂停：等待补正，补正期限 ${shanghaiDay(14)}`);
  await page.getByText("文书").first().click();
  await expect(page.getByText("请写明所需学校的名称。")).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/dev/mail?to=${encodeURIComponent("li.qiang@example.com")}`);
  await expect(page.getByRole("heading", { name: `政府信息公开申请补正通知（${trackingNo}）` })).toBeVisible();
});

test("staff register a letter, send a 补正 notice, restart the clock on the correction, reply with the generated letter, post and close", async ({ page }) => {
  const email = uniqueEmail("applicant");
  await logIn(page, "staff.construction@pudong.example");
  await page.goto("/console/requests");
  await expectAccessible(page);
  // The demo queue flags its overdue request.
  await page.getByRole("link", { name: "登记来信、当面或传真申请" }).click();
  await page.getByLabel("申请渠道").selectOption({ label: "信函" });
  await expect(page.getByLabel("收到日期")).toHaveValue(shanghaiDay());
  await page.getByLabel("申请人类型").selectOption({ label: "商业企业" });
  await page.getByLabel("申请人姓名或名称").fill("上海某某建材有限公司");
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel(/所需政府信息/).fill("某道路工程的施工许可");
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page).toHaveURL(/\/console\/requests\/\d+$/);
  // The address changes before the new page has rendered: wait for its heading.
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/YS\d{4}-[0-9A-Z]{8}/);
  const trackingNo = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/YS\d{4}-[0-9A-Z]{8}/)![0];
  await expect(page.getByTestId("request-clock")).toContainText("距答复期限还有 20 个工作日");
  await expectAccessible(page);

  // 补正: a refused form keeps what was typed.
  await page.getByLabel("补正期限").fill(shanghaiDay(10));
  await page.getByRole("button", { name: "发出补正通知（收到申请后7个工作日内）" }).click();
  await expect(page.getByText("此项必填。").first()).toBeVisible();
  await expect(page.getByLabel("补正期限")).toHaveValue(shanghaiDay(10));
  await page.getByLabel("需要补正的内容").fill("请写明道路名称和工程年份。");
  await page.getByRole("button", { name: "发出补正通知（收到申请后7个工作日内）" }).click();
  await expect(page.getByText("待补正").first()).toBeVisible();
  await expect(page.getByTestId("request-clock")).toContainText("计时暂停：等待补正");

  await page.getByLabel("备注").fill("申请人来信补正：川沙路，2025年");
  await page.getByRole("button", { name: "登记收到补正" }).click();
  await expect(page.getByText("办理中").first()).toBeVisible();
  await expect(page.getByTestId("request-clock")).toContainText("距答复期限还有 20 个工作日");

  // The reply letter is generated from the chosen form, then edited.
  await page.getByLabel("答复类型（第三十六条）").selectOption({ label: "予以公开" });
  await page.getByRole("button", { name: "生成答复书" }).click();
  const letter = page.getByLabel("答复书（可修改）");
  await expect(letter).toContainText("政府信息公开申请答复书");
  await expect(letter).toContainText("第三十六条第（二）项");
  await expect(letter).toContainText("行政复议");
  await letter.fill((await letter.inputValue()).replace("（见附件）", "（见附件：川沙路施工许可证复印件）"));
  await page.getByRole("button", { name: "发出答复" }).click();
  await expect(page.getByText("已答复").first()).toBeVisible();

  await page.getByLabel("运单号").fill("1190000012345");
  await page.getByRole("button", { name: "登记邮寄" }).click();
  await expect(page.getByText("邮寄答复书")).toBeVisible();
  await page.getByRole("button", { name: "办结归档" }).click();
  await expect(page.getByText("已办结").first()).toBeVisible();
  for (const step of ["登记收到申请", "发出补正通知", "收到补正材料", "作出答复", "邮寄答复书", "办结归档"]) {
    await expect(page.locator(".request-history").getByText(step, { exact: true })).toBeVisible();
  }
  await expectAccessible(page);

  await page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
  await expect(page.getByRole("heading", { name: `政府信息公开申请补正通知（${trackingNo}）` })).toBeVisible();
  await expect(page.getByRole("heading", { name: `政府信息公开申请答复书（${trackingNo}）` })).toBeVisible();
  await expect(page.getByText("川沙路施工许可证复印件")).toBeVisible();
  // Registered without an account: the mails point to the lookup, with the number only.
  await expect(page.getByText(`/requests/lookup?no=${trackingNo}`).first()).toBeVisible();

  // The annual table counts it.
  await page.goto(`/console/requests/report?year=${shanghaiDay().slice(0, 4)}`);
  await expect(page.getByTestId("requests-report")).toBeVisible();
  await expectAccessible(page);
});

test("someone who wrote by fax follows the request with its tracking number and phone number, without an account", async ({ page }) => {
  await logIn(page, "staff.ecology@pudong.example");
  await page.goto("/console/requests/new");
  await page.getByLabel("申请渠道").selectOption({ label: "传真" });
  await page.getByLabel("申请人姓名或名称").fill("陈立");
  await page.getByLabel("联系电话").fill("021-5888 1234");
  await page.getByLabel(/所需政府信息/).fill("高桥镇2026年河道水质监测报告");
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page).toHaveURL(/\/console\/requests\/\d+$/);
  // The address changes before the new page has rendered: wait for its heading.
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/YS\d{4}-[0-9A-Z]{8}/);
  const trackingNo = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/YS\d{4}-[0-9A-Z]{8}/)![0];
  await page.goto("/");
  await logOut(page);

  await page.goto("/requests");
  await page.getByRole("link", { name: "凭编号查询办理进度" }).click();
  await expect(page).toHaveURL(/\/requests\/lookup$/);
  await expectAccessible(page);
  // A wrong phone number: the same answer as for a number that does not exist, what was typed kept.
  await page.getByLabel("申请编号").fill(trackingNo);
  await page.getByLabel("电子邮箱或联系电话").fill("021-5888 4321");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByRole("alert")).toContainText("编号与联系方式不匹配");
  await expect(page.getByLabel("申请编号")).toHaveValue(trackingNo);
  await page.getByLabel("电子邮箱或联系电话").fill("02158881234");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(trackingNo);
  await expect(page.getByTestId("request-clock")).toContainText("距答复期限还有 20 个工作日");
  await expect(page.locator(".request-history").getByText("登记收到申请", { exact: true })).toBeVisible();
  await expectAccessible(page);
  // The number alone in the address prefills the form; the phone number never goes in a URL.
  await page.goto(`/requests/lookup?no=${trackingNo}`);
  await expect(page.getByLabel("申请编号")).toHaveValue(trackingNo);
  await expect(page.getByLabel("电子邮箱或联系电话")).toHaveValue("");
});

test("overdue and nearly-due requests stand out on the console home and in the queue", async ({ page }) => {
  await logIn(page, "staff.drc@pudong.example");
  await page.goto("/console");
  // The demo data's 周建华 request, received 24 working days ago, is overdue.
  await expect(page.getByTestId("requests-due")).toContainText("1 件已超过答复期限");
  await page.getByTestId("requests-due").getByRole("link").click();
  const row = page.getByTestId("request-queue").getByRole("row", { name: /周建华/ });
  await expect(row.getByText("已超期")).toBeVisible();
  await expect(row).toHaveClass(/request-overdue/);
  await row.getByRole("link").first().click();
  await expect(page.getByTestId("request-clock")).toContainText("已超过答复期限 4 个工作日");
  // A second extension is not offered, and an overdue one cannot be extended: the form says why.
  await page.getByLabel("理由").fill("需要协调多个部门");
  await page.getByLabel("批准人（政府信息公开工作机构负责人）").fill("陈主任");
  await page.getByRole("button", { name: "延期答复（只能一次，不超过20个工作日）" }).click();
  await expect(page.getByRole("alert")).toContainText("已超过答复期限");
  await expect(page.getByLabel("理由")).toHaveValue("需要协调多个部门");
  await expectAccessible(page);
});

test("the admin's compliance page lists each unit's overdue and nearly-due requests", async ({ page }) => {
  await logIn(page, "admin@pudong.example");
  await page.goto("/admin/compliance");
  const section = page.getByRole("heading", { name: "依申请公开：答复期限" });
  await expect(section).toBeVisible();
  // 区发展和改革委员会 has the demo's overdue request (周建华).
  const row = page.getByRole("row", { name: /区发展和改革委员会/ }).filter({ has: page.locator("strong.badge") });
  await expect(row.locator("strong.badge")).toHaveText(/^[1-9]\d*$/);
  await expectAccessible(page);
});
