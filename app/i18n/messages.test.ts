import { describe, expect, it } from "vitest";
import { en, translate, zh } from "./messages";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("UI strings", () => {
  it("exist in both languages, none empty, with the same placeholders", () => {
    const zhKeys = Object.keys(zh).sort();
    expect(Object.keys(en).sort()).toEqual(zhKeys);
    for (const k of zhKeys) {
      const a = zh[k as keyof typeof zh];
      const b = en[k as keyof typeof en];
      expect(a.trim(), k).not.toBe("");
      expect(b.trim(), k).not.toBe("");
      expect(placeholders(b), k).toEqual(placeholders(a));
    }
  });

  it("English strings carry no Chinese, except where Chinese is the subject", () => {
    // The switch names the other language in that language; the draft syntax and the tags are written in Chinese.
    const chineseOnPurpose = new Set(["prefs.switchTo", "consultations.console.draftHint", "decisions.subscriptions.lead"]);
    const withChinese = Object.entries(en).filter(([k, v]) => /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/.test(v) && !chineseOnPurpose.has(k));
    expect(withChinese).toEqual([]);
  });

  it("fills placeholders", () => {
    expect(translate("zh", "err.rateLimited", { minutes: 5 })).toBe("尝试次数过多，请在 5 分钟后再试。");
    expect(translate("en", "err.rateLimited", { minutes: 5 })).toBe("Too many attempts. Try again in 5 minutes.");
  });
});
