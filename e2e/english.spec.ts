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

async function appTextWithChinese(page: Page, body = false): Promise<string[]> {
  return page.evaluate(([cjkSource, wholeBody]) => {
    const cjk = new RegExp(cjkSource);
    const found: string[] = [];
    const exempt = (el: Element | null) => !!el?.closest('[lang^="zh"], [aria-hidden="true"], [data-user-content]');
    // A page named after its content (a decision's title) carries that name: only the rest is the app's.
    const heading = document.querySelector("h1")?.textContent?.trim() ?? "";
    const ownTitle = heading ? document.title.replace(heading, "") : document.title;
    const named = ownTitle.split(" · ")[0].trim();
    if (cjk.test(ownTitle) && !(named && document.querySelector("main")?.textContent?.includes(named))) found.push(`<title> ${document.title}`);
    const chrome = "header, nav, footer, label, button, th, legend, summary, caption, dt, option:not([data-user-content])";
    for (const el of Array.from(document.querySelectorAll(chrome))) {
      for (const node of Array.from(el.childNodes)) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        const text = node.textContent ?? "";
        if (cjk.test(text) && !exempt(el)) found.push(`<${el.tagName.toLowerCase()}> ${text.trim().slice(0, 60)}`);
      }
    }
    // In the page body the app's own words are found two ways, whatever element holds them:
    // a text node that mixes Chinese with English words (an English string with Chinese built in,
    // "Reason：…", "Overdue: 2026年…"), and a text node of Chinese punctuation alone (a "：" or
    // "（" the markup adds between English labels and values).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = wholeBody ? walker.nextNode() : null; node; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      const el = node.parentElement;
      if (!cjk.test(text) || exempt(el) || el?.closest("script, style, noscript")) continue;
      const mixed = /[A-Za-z]{2,}/.test(text);
      const punctuationOnly = /^[\s\u3000-\u303f\uff00-\uffef]+$/.test(text);
      if (mixed || punctuationOnly) found.push(`<${el?.tagName.toLowerCase()}> ${text.trim().slice(0, 60)}`);
    }
    for (const el of Array.from(document.querySelectorAll("[placeholder], [aria-label], [title]"))) {
      for (const attr of ["placeholder", "aria-label", "title"]) {
        const v = el.getAttribute(attr);
        if (v && cjk.test(v) && !exempt(el)) found.push(`[${attr}] ${v.slice(0, 60)}`);
      }
    }
    return found;
  }, [CJK.source, body] as const);
}


const PUBLIC = ["/", "/decisions", "/consultations", "/open-month", "/open-month/themes", "/observers", "/requests", "/requests/lookup", "/policies", "/policies?q=%E5%85%BB%E8%80%81", "/login", "/signup"];

/** Every page a list links to under `prefix` (e.g. each consultation, a closed one with its report among them), at most `max`. */
async function linked(page: Page, from: string, prefix: RegExp, max: number): Promise<string[]> {
  await page.goto(from);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs.filter((h) => prefix.test(h)))].slice(0, max);
}
const STAFF = ["/console", "/console/decisions", "/console/consultations", "/console/events", "/console/observers", "/console/requests", "/console/requests/new", "/console/requests/report", "/console/policies", "/console/policies/questions"];
const ADMIN = ["/admin/units", "/admin/staff", "/admin/audit", "/admin/compliance", "/admin/calendar", "/admin/observers"];

test.describe("English pages carry no Chinese the app wrote", () => {
  test("public pages", async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: "lang", value: "en", url: baseURL! }]);
    const problems: Record<string, string[]> = {};
    for (const path of PUBLIC) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      const found = await appTextWithChinese(page, true);
      if (found.length) problems[path] = found;
    }
    expect(problems).toEqual({});
  });

  test("public detail pages: decisions, consultations with a report, an event, observer calls and meetings, policies", async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: "lang", value: "en", url: baseURL! }]);
    const pages = [
      ...(await linked(page, "/decisions", /^\/decisions\/\d+$/, 6)),
      ...(await linked(page, "/decisions", /^\/units\/[^/]+\/catalogue\/\d+$/, 1)),
      ...(await linked(page, "/consultations", /^\/consultations\/\d+$/, 10)),
      ...(await linked(page, "/open-month", /^\/open-month\/events\/\d+$/, 2)),
      ...(await linked(page, "/observers", /^\/observers\/(calls|meetings)\/\d+$/, 10)),
      ...(await linked(page, "/policies", /^\/policies\/\d+$/, 4)),
    ];
    for (const kind of ["/decisions/", "/consultations/", "/open-month/events/", "/observers/calls/", "/policies/"]) expect(pages.some((p) => p.startsWith(kind)), kind).toBe(true);
    let reports = 0;
    const problems: Record<string, string[]> = {};
    for (const path of pages) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      const found = await appTextWithChinese(page, true);
      if (found.length) problems[path] = found;
      if (await page.locator("#report").count()) reports++;
    }
    expect(problems).toEqual({});
    // A closed consultation with its feedback report was among them.
    expect(reports).toBeGreaterThan(0);
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

