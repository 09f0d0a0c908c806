import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, logIn, logOut } from "./helpers";

async function openEvent(page: Page, title: RegExp) {
  await page.goto("/open-month");
  await expectAccessible(page);
  await page.getByRole("link", { name: title }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

test("a resident browses the open month and registers with a QR code and calendar file", async ({ page }) => {
  await page.goto("/open-month");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("政府开放月");
  await expect(page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "六" }) })).toBeVisible();
  // Filter by area.
  await page.getByLabel("区域").selectOption("张江");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.getByRole("link", { name: /张江科学城展示中心/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /白龙港/ })).toHaveCount(0);
  const feed = await page.request.get("/open-month/feed.ics");
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  expect(await feed.text()).toContain("TZID=Asia/Shanghai");

  // Anyone may read a session and the rule by which seats are given; registering needs an account.
  await openEvent(page, /规划浦东/);
  await page.getByRole("link", { name: /^报名/ }).first().click();
  await expect(page).toHaveURL(/\/open-month\/sessions\/\d+$/);
  await expect(page.getByRole("heading", { name: "名额分配规则：先到先得，整组安排" })).toBeVisible();
  await expect(page.getByText(/一组报名（最多 4 人）只整组安排/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "登录后报名" }).click();
  await expect(page).toHaveURL(/\/login\?redirectTo=/);

  await logIn(page, "chen.jing@example.com");
  await openEvent(page, /规划浦东/);
  await expectAccessible(page);
  await page.getByRole("link", { name: /^报名/ }).first().click();
  await expect(page.getByRole("heading", { name: "名额分配规则：先到先得，整组安排" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "报名未到场规则" }).or(page.getByRole("heading", { name: "报名须知与未到场规则" }))).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("参加者 2").fill("陈小明");
  await page.getByRole("button", { name: "确认报名" }).click();
  await expect(page).toHaveURL(/\/my\/registrations/);
  const card = page.locator(".ev-reg").filter({ hasText: "规划浦东" });
  await expect(card.getByText("报名成功")).toBeVisible();
  await expect(card.getByText("陈静、陈小明")).toBeVisible();
  await expect(card.getByRole("img", { name: /入场二维码/ })).toBeVisible();
  await expectAccessible(page);
  // The confirmation email carries the calendar file.
  await page.goto("/dev/mail");
  await expect(page.getByText(/报名成功：规划浦东/).first()).toBeVisible();
});

test("a cancellation offers the freed seat to the first on the waitlist, who accepts it", async ({ page }) => {
  // The archives' second session has exactly one seat left.
  await logIn(page, "li.qiang@example.com");
  await openEvent(page, /走进区档案馆/);
  const row = page.getByRole("row").filter({ hasText: "余 1 / 30" });
  await row.getByRole("link", { name: /报名/ }).click();
  await page.getByRole("button", { name: "确认报名" }).click();
  await expect(page.locator(".ev-reg").filter({ hasText: "走进区档案馆" }).getByText("报名成功")).toBeVisible();
  await logOut(page);

  await logIn(page, "zhang.wei@example.com");
  await openEvent(page, /走进区档案馆/);
  // The same session is now full: joining the waitlist.
  const full = page.getByRole("row").filter({ hasText: "8月13日" });
  await expect(full.getByText("已满")).toBeVisible();
  await full.getByRole("link", { name: /加入候补/ }).click();
  await page.getByRole("button", { name: "加入候补" }).click();
  const mine = page.locator(".ev-reg").filter({ hasText: "走进区档案馆" });
  await expect(mine.getByText("候补中")).toBeVisible();
  await expect(mine.getByText("候补第 1 位")).toBeVisible();
  await logOut(page);

  await logIn(page, "li.qiang@example.com");
  await page.goto("/my/registrations");
  // Cancelling asks first; the question names what happens to the seat.
  await page.locator(".ev-reg").filter({ hasText: "走进区档案馆" }).getByRole("link", { name: "取消报名" }).click();
  await expect(page.getByRole("group", { name: /确认取消报名/ })).toContainText("名额将让给下一位候补者");
  await page.getByRole("button", { name: "确认取消" }).click();
  await expect(page.getByText("已取消。")).toBeVisible();
  await logOut(page);

  await logIn(page, "zhang.wei@example.com");
  await page.goto("/my/registrations");
  const offer = page.locator(".ev-reg").filter({ hasText: "走进区档案馆" });
  await expect(offer.getByText(/有名额为您保留至/)).toBeVisible();
  await expectAccessible(page);
  await offer.getByRole("button", { name: "确认参加" }).click();
  await expect(page.getByText("已确认，名额是您的了。")).toBeVisible();
  await expect(page.locator(".ev-reg").filter({ hasText: "走进区档案馆" }).getByText("报名成功")).toBeVisible();
  await page.goto("/dev/mail");
  await expect(page.getByText(/候补名额已为您保留：走进区档案馆/).first()).toBeVisible();
});

/** A Shanghai wall-clock date and time `minutes` from now, as the console's form wants them. */
function shanghaiInput(minutes: number) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date(Date.now() + minutes * 60_000));
  const v = (t: string) => parts.find((p) => p.type === t)!.value;
  return { date: `${v("year")}-${v("month")}-${v("day")}`, time: `${v("hour")}:${v("minute")}`, label: `${Number(v("month"))}月${Number(v("day"))}日` };
}

test("the door opens only around the session: staff check in a phone registration once, and refuse an August code in advance", async ({ page }) => {
  await logIn(page, "wang.fang@example.com");
  await page.goto("/my/registrations");
  const code = (await page.locator(".ev-reg").filter({ hasText: "区市民中心" }).locator(".ev-code").textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
  await logOut(page);

  await logIn(page, "staff.office@pudong.example");
  await page.goto("/console/events");
  await expectAccessible(page);
  await page.getByRole("link", { name: /走进区市民中心/ }).click();
  await expectAccessible(page);
  const eventUrl = page.url();
  await page.locator("main ul li a").filter({ hasText: "8月5日" }).first().click();
  await expect(page.getByRole("table").getByText("王芳")).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "受理时间" })).toBeVisible();
  await expectAccessible(page);
  // Before the day (unless the suite runs in August), the August session's door is shut and says so.
  const inAugust = shanghaiInput(0).date.slice(5, 7) === "08";
  if (!inAugust) {
    await page.getByRole("link", { name: "现场签到" }).click();
    await expect(page.getByText(/签到尚未开始/).first()).toBeVisible();
    await page.getByLabel("确认码").fill(code);
    await page.getByRole("button", { name: "签到", exact: true }).click();
    await expect(page.getByRole("alert").getByText(/签到尚未开始/)).toBeVisible();
  }

  // A session starting within the hour: staff add it, take a phone registration and check the caller in.
  const start = shanghaiInput(30);
  const end = shanghaiInput(90);
  await page.goto(eventUrl);
  await page.getByText("添加场次").first().click();
  await page.getByLabel("日期", { exact: true }).fill(start.date);
  await page.getByLabel("开始时间").fill(start.time);
  await page.getByLabel("结束时间").fill(end.date === start.date ? end.time : "23:59");
  await page.locator("details form").getByRole("button", { name: "添加场次" }).click();
  await page.locator("main ul li a").filter({ hasText: start.label }).filter({ hasText: start.time }).first().click();
  const email = `door.${Date.now().toString(36)}@example.com`;
  await page.getByLabel("联系人").fill("赵阿姨");
  await page.getByRole("textbox", { name: "电话", exact: true }).fill("13800001234");
  await page.getByLabel(/电子邮箱/).fill(email);
  await page.getByLabel(/^人数/).fill("2");
  await page.getByLabel(/参加者/).fill("赵阿姨、赵小明");
  await page.getByRole("button", { name: "代为报名" }).click();
  await expect(page.getByRole("status").getByText("报名成功")).toBeVisible();
  await page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
  const mailed = /确认码：([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})/.exec((await page.locator("pre").first().textContent())!)![1];
  await page.goBack();
  await page.getByRole("link", { name: "现场签到" }).click();
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
  await page.getByLabel("确认码").fill(mailed.toLowerCase());
  await page.getByRole("button", { name: "签到", exact: true }).click();
  await expect(page.getByText("签到成功")).toBeVisible();
  await expect(page.getByText(/赵阿姨、赵小明/)).toBeVisible();
  await expect(page.getByText(/已到场 2 人/)).toBeVisible();
  await page.getByLabel("确认码").fill(mailed);
  await page.getByRole("button", { name: "签到", exact: true }).click();
  await expect(page.getByText("该确认码已签到过，不能重复使用。")).toBeVisible();
  // Another session's code at this door is refused as such.
  await page.getByLabel("确认码").fill(code);
  await page.getByRole("button", { name: "签到", exact: true }).click();
  await expect(page.getByText("该确认码属于其他场次。")).toBeVisible();
  await page.getByLabel("确认码").fill("AAAA-BBBB-CCCC-DDDD");
  await page.getByRole("button", { name: "签到", exact: true }).click();
  await expect(page.getByText("确认码不存在，请核对后重新输入。")).toBeVisible();
  await expectAccessible(page);
});
