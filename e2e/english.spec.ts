import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./helpers";

/**
 * In English mode the words the app itself writes — page titles, the header,
 * navigation and footer, headings' labels, form labels, buttons, table headers,
 * placeholders and accessible names — carry no Chinese. User content (a
 * decision's title, a comment, a unit's own name) is what it is; where the app
 * shows Chinese on purpose (the "中文" switch) the element says so with
 * lang="zh-…", which is also what a screen reader needs to switch voice.
 */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

async function appTextWithChinese(page: Page): Promise<string[]> {
  return page.evaluate((cjkSource) => {
    const cjk = new RegExp(cjkSource);
    const found: string[] = [];
    const exempt = (el: Element | null) => !!el?.closest('[lang^="zh"], [aria-hidden="true"], [data-user-content]');
    if (cjk.test(document.title)) found.push(`<title> ${document.title}`);
    const chrome = "header, nav, footer, label, button, th, legend, summary, caption, dt, option:not([data-user-content])";
    for (const el of Array.from(document.querySelectorAll(chrome))) {
      for (const node of Array.from(el.childNodes)) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        const text = node.textContent ?? "";
        if (cjk.test(text) && !exempt(el)) found.push(`<${el.tagName.toLowerCase()}> ${text.trim().slice(0, 60)}`);
      }
    }
    for (const el of Array.from(document.querySelectorAll("[placeholder], [aria-label], [title]"))) {
      for (const attr of ["placeholder", "aria-label", "title"]) {
        const v = el.getAttribute(attr);
        if (v && cjk.test(v) && !exempt(el)) found.push(`[${attr}] ${v.slice(0, 60)}`);
      }
    }
    return found;
  }, CJK.source);
}


const PUBLIC = ["/", "/decisions", "/consultations", "/open-month", "/open-month/themes", "/observers", "/requests", "/requests/lookup", "/policies", "/policies?q=%E5%85%BB%E8%80%81", "/login", "/signup"];
const STAFF = ["/console", "/console/decisions", "/console/consultations", "/console/events", "/console/observers", "/console/requests", "/console/requests/new", "/console/requests/report", "/console/policies", "/console/policies/questions"];
const ADMIN = ["/admin/units", "/admin/staff", "/admin/audit", "/admin/compliance", "/admin/calendar", "/admin/observers"];

test.describe("English pages carry no Chinese the app wrote", () => {
  test("public pages", async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: "lang", value: "en", url: baseURL! }]);
    for (const path of PUBLIC) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      expect(await appTextWithChinese(page), path).toEqual([]);
    }
  });

  test("staff console and admin pages", async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: "lang", value: "en", url: baseURL! }]);
    await logIn(page, "staff.construction@pudong.example");
    for (const path of STAFF) {
      await page.goto(path);
      expect(await appTextWithChinese(page), path).toEqual([]);
    }
    await page.context().clearCookies();
    await page.context().addCookies([{ name: "lang", value: "en", url: baseURL! }]);
    await logIn(page, "admin@pudong.example");
    for (const path of ADMIN) {
      await page.goto(path);
      expect(await appTextWithChinese(page), path).toEqual([]);
    }
  });

  test("the check itself notices Chinese in the chrome", async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: "lang", value: "zh", url: baseURL! }]);
    await page.goto("/decisions");
    expect((await appTextWithChinese(page)).length).toBeGreaterThan(0);
  });
});

