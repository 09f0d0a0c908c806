import { expect, test } from "@playwright/test";
import { expectAccessible, logIn, logOut } from "./helpers";

// Many pages with an axe check on each; give them room on a busy 2-core machine.
test.describe.configure({ timeout: 180_000 });

const MEAL = "浦东新区社区长者助餐服务补贴办法";

test("a resident finds a policy by topic, asks a question, and sees it answered and promoted to the FAQ", async ({ page }) => {
  await page.goto("/policies");
  await expect(page.getByRole("heading", { level: 1, name: "政策文件库" })).toBeVisible();
  await expectAccessible(page);

  // One search box over policies, decisions and consultations, grouped by kind; a two-character term.
  await page.getByLabel("一键查询").fill("养老");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByRole("heading", { name: /查询“养老”的结果/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^重大行政决策事项（[1-9]\d*）$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^政策文件（[1-9]\d*）$/ })).toBeVisible();
  await expectAccessible(page);

  // By topic.
  await page.goto("/policies");
  await page.getByLabel("主题").selectOption("助餐");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/topic=/);
  await expect(page.locator(".dc-item h2 a")).toHaveText([MEAL]);
  await page.getByRole("link", { name: MEAL }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(MEAL);
  await expect(page.getByTestId("validity")).toContainText("有效");
  await expect(page.getByRole("link", { name: "在线办理：老年人助餐补助申请" }).first()).toHaveAttribute("href", /^https:\/\/zwdt\.sh\.gov\.cn\//);
  await expect(page.getByRole("heading", { name: "常见问题" })).toBeVisible();
  await expect(page.getByText("跟踪解读").first()).toBeVisible();
  await expectAccessible(page);
  const policyUrl = page.url();

  await logIn(page, "li.qiang@example.com");
  await page.goto(policyUrl);
  const question = `长者食堂周末是否营业？如有变化请电话告知13700001111（e2e ${Date.now()}）`;
  await page.getByLabel("留言内容").fill(question);
  await page.getByRole("button", { name: "提交留言" }).click();
  const done = page.getByTestId("question-done");
  await expect(done).toContainText(/编号 ZC\d+-[A-Z2-7]+/);
  const reference = (await done.textContent())!.match(/ZC\d+-[A-Z2-7]+/)![0];
  await expect(page.getByTestId("my-questions")).toContainText(reference);
  await expect(page.getByTestId("my-questions")).toContainText("待审核");
  await expectAccessible(page);
  await logOut(page);

  // 先审查、后公开: not public yet.
  await page.goto(policyUrl);
  await expect(page.getByText(reference)).toHaveCount(0);

  // Staff of the issuing unit publish, answer and promote it.
  await logIn(page, "staff.civil@pudong.example");
  await page.goto("/console/policies/questions");
  await expect(page.getByRole("heading", { level: 1, name: "留言处理" })).toBeVisible();
  await expect(page.getByText(/个工作日/)).toBeVisible();
  await expectAccessible(page);
  const item = page.getByTestId(`question-${reference}`);
  await expect(item).toContainText("答复期限");
  await item.getByRole("button", { name: "公开", exact: true }).click();
  await expect(item).toContainText("已公开");
  await item.getByLabel("答复").fill("长者食堂周末正常营业，节假日安排以各食堂公告为准。");
  await item.getByRole("button", { name: "提交答复" }).click();
  await expect(item.getByRole("button", { name: "列入常见问题" })).toBeVisible();
  await item.getByRole("button", { name: "列入常见问题" }).click();
  await expect(page.getByTestId(`question-${reference}`)).toHaveCount(0); // done: it left the open queue
  await page.goto("/console/policies/questions?all=1");
  await expect(page.getByTestId(`question-${reference}`)).toContainText("已列入常见问题");
  await expectAccessible(page);
  await logOut(page);

  // Public: answered under the question, and in the FAQ at the top, with the phone number hidden.
  await page.goto(policyUrl);
  const board = page.locator(".pl-questions > li", { hasText: reference });
  await expect(board).toContainText("长者食堂周末正常营业");
  await expect(board).toContainText("[电话已隐去]");
  await expect(page.getByText("13700001111")).toHaveCount(0);
  await expect(page.locator(".pl-faq summary", { hasText: "长者食堂周末是否营业" })).toBeVisible();
  await expectAccessible(page);
});

test("staff amend a policy: 三同步 refuses a normative document without interpretation; the old one links to the new", async ({ page }) => {
  const OLD = "浦东新区非机动车停放管理办法";
  const NEW = `浦东新区非机动车停放管理办法（2026年修订 e2e ${Date.now().toString(36)}）`;
  await logIn(page, "staff.construction@pudong.example");
  await page.goto("/console/policies");
  await expect(page.getByRole("heading", { level: 1, name: "政策文件" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("标题", { exact: true }).fill(NEW);
  await page.getByLabel("文号").fill("浦建委规〔2026〕9号");
  await page.getByLabel(/^正文/).fill("第一条 为规范非机动车停放秩序，制定本办法。\n第二条 轨道交通站点周边应当设置非机动车停放区域。");
  await page.getByLabel(/^主题标签/).fill("交通");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByRole("heading", { level: 1, name: NEW })).toBeVisible();

  await page.getByRole("button", { name: "发布", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("三同步");
  await expectAccessible(page);

  await page.getByLabel("解读标题").fill("一图读懂非机动车停放管理办法（2026年修订）");
  await page.getByLabel("解读内容").fill("修订要点：一是扩大停放区域……");
  await page.getByRole("button", { name: "添加政策解读" }).click();
  await expect(page.getByTestId("console-done")).toContainText("解读已添加");
  await page.getByRole("button", { name: "发布", exact: true }).click();
  await expect(page.getByTestId("console-done")).toContainText("已发布");

  // Amend the old one with the new.
  await page.goto("/console/policies");
  await page.getByRole("link", { name: OLD, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: OLD })).toBeVisible();
  await page.getByLabel("变化", { exact: true }).selectOption({ label: "已修改" });
  await page.getByLabel(/^新文件/).selectOption({ label: `${NEW} 浦建委规〔2026〕9号` });
  await page.getByLabel("说明（公开显示）").fill("根据停放秩序治理经验修订。");
  await page.getByRole("button", { name: "确认效力变化" }).click();
  await expect(page.getByTestId("console-done")).toContainText("已修改");
  await expectAccessible(page);
  await logOut(page);

  await page.goto("/policies?validity=amended");
  await page.getByRole("link", { name: OLD, exact: true }).click();
  await expect(page.getByTestId("validity")).toContainText("已修改");
  await page.getByTestId("validity").getByRole("link", { name: NEW }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(NEW);
  await expect(page.getByTestId("validity")).toContainText("有效");
  await expect(page.getByTestId("validity").getByRole("link", { name: OLD })).toBeVisible();
  await expectAccessible(page);

  // A policy whose valid-until date has passed shows 已失效 by itself.
  await page.goto("/policies?validity=lapsed");
  await page.getByRole("link", { name: /稳岗就业补贴实施细则/ }).click();
  await expect(page.getByTestId("validity")).toContainText("已失效");
  await expect(page.getByTestId("validity")).toContainText("有效期已于");
  await expectAccessible(page);
});
