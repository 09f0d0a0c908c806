import { describe, expect, it } from "vitest";
import { csvCell, csvDocument } from "./csv";

describe("CSV export cells (OWASP CSV injection)", () => {
  it("neutralises every cell that would start a formula, masked ones included", () => {
    for (const bad of ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "=***"]) {
      expect(csvCell(bad)).toBe(`'${bad}`);
    }
    expect(csvCell("王芳")).toBe("王芳");
    expect(csvCell(-5)).toBe(-5);
    expect(csvCell(null)).toBe("");
  });

  it("writes a BOM and quotes, and keeps the text readable after the apostrophe", () => {
    const doc = csvDocument([["意见"], ['=cmd|"/c calc"!A1'], ["普通意见, 带逗号"]]);
    expect(doc.startsWith("\uFEFF")).toBe(true);
    expect(doc.slice(1).split("\n")).toEqual(["意见", `"'=cmd|""/c calc""!A1"`, `"普通意见, 带逗号"`, ""]);
  });
});
