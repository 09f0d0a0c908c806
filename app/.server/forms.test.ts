import { describe, expect, it } from "vitest";
import { parseCatalogueQuery } from "./decisions/public";
import { clip } from "./forms";
import { parsePolicyQuery } from "./policies/public";

describe("clip (query values cut to a bound)", () => {
  it("never leaves half a character outside the BMP, and keeps the bound", () => {
    const astral = "𐀀".repeat(15); // 30 UTF-16 units
    expect(clip(astral, 20)).toBe("𐀀".repeat(10));
    expect(clip(`a${astral}`, 20)).toBe(`a${"𐀀".repeat(9)}`);
    expect(clip("浦东新区", 2)).toBe("浦东");
    for (let n = 0; n < 31; n++) {
      expect(clip(`a${astral}`, n).length).toBeLessThanOrEqual(n);
      expect(() => encodeURIComponent(clip(`a${astral}`, n))).not.toThrow();
    }
  });

  it("is how the policy library and the catalogue cut their filters", () => {
    const odd = `a${"𐀀".repeat(60)}`;
    const p = parsePolicyQuery(new URLSearchParams({ q: odd, unit: odd, topic: odd, audience: odd }));
    const d = parseCatalogueQuery(new URLSearchParams({ q: odd, tag: odd }), new Date());
    for (const v of [p.q, p.unit, p.topic, p.audience, d.q, d.tag]) expect(() => encodeURIComponent(v ?? "")).not.toThrow();
  });
});
