import { describe, expect, it } from "vitest";
import { chineseNumber, structuralLabel } from "./labels";

describe("structural labels in English (#17)", () => {
  it("reads Chinese numerals", () => {
    expect(chineseNumber("三")).toBe(3);
    expect(chineseNumber("十")).toBe(10);
    expect(chineseNumber("十二")).toBe(12);
    expect(chineseNumber("三十二")).toBe(32);
    expect(chineseNumber("一百零五")).toBe(105);
    expect(chineseNumber("12")).toBe(12);
    expect(chineseNumber("甲")).toBeNull();
  });

  it("names articles, chapters and paragraphs in English and keeps Chinese as written", () => {
    expect(structuralLabel("第一条", "en")).toBe("Article 1");
    expect(structuralLabel("第二十三条", "en")).toBe("Article 23");
    expect(structuralLabel("第二章 总则", "en")).toBe("Chapter 2 总则");
    expect(structuralLabel("第4段", "en")).toBe("Paragraph 4");
    expect(structuralLabel("第一条", "zh")).toBe("第一条");
    expect(structuralLabel("附件", "en")).toBe("附件");
  });
});
