import { describe, expect, it } from "vitest";
import { NEAR_DUPLICATE, normalizeComment, similarity, similarityBands } from "./text";

const shared = (a: number[], b: number[]) => a.filter((x) => b.includes(x)).length;

describe("similarity bands", () => {
  const base = normalizeComment("建议补贴按楼层分档发放，低层住户的补偿标准应当另行明确，并且在街道公示不少于七天。");

  it("are the same for the same text and share a band for near-duplicates", () => {
    expect(similarityBands(base)).toEqual(similarityBands(base));
    expect(similarityBands(base)).toHaveLength(20);
    // Campaign-style copies: a word changed or added here and there.
    const copies = [
      "建议补贴按楼层分档发放，低层住户的补偿标准应当另行明确，并且在街道公示不少于七日。",
      "建议补贴按楼层分档发放，低层住户的补偿标准应当另行明确，并在街道公示不少于七天。",
      "我建议补贴按楼层分档发放，低层住户的补偿标准应当另行明确，并且在街道公示不少于七天。",
    ].map(normalizeComment);
    for (const c of copies) {
      expect(similarity(base, c)).toBeGreaterThanOrEqual(NEAR_DUPLICATE);
      expect(shared(similarityBands(base), similarityBands(c)), c).toBeGreaterThan(0);
    }
  });

  it("rarely share a band for unrelated texts", () => {
    const others = Array.from({ length: 200 }, (_, i) => normalizeComment(`第${i}条意见：关于停车位第${i * 37}号的收费和夜间噪声，希望物业在${i % 12}月前答复。`));
    const collisions = others.filter((o) => similarity(base, o) < 0.3 && shared(similarityBands(base), similarityBands(o)) > 0).length;
    expect(collisions).toBeLessThan(5);
  });

  it("are empty for an empty text", () => {
    expect(similarityBands("")).toEqual([]);
  });
});
