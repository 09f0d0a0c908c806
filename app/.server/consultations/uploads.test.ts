import { describe, expect, it } from "vitest";
import { attachmentType, checkUpload } from "./periods";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const file = (type: string, bytes: Uint8Array | string) => ({ name: "f", type, bytes: typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes });

describe("attachment type (sniffed, never the browser's claim)", () => {
  it("refuses HTML or script sent under an allowed type", () => {
    for (const claimed of ["image/png", "application/pdf", "text/plain"]) {
      expect(() => checkUpload(file(claimed, new Uint8Array([0x3c, 0x68, 0, 0x74])), "attachment")).toThrow(/fileType/);
    }
    expect(() => checkUpload(file("image/png", "MZ\u0000\u0001 an executable"), "attachment")).toThrow(/fileType/);
  });

  it("stores the type the content shows, whatever was claimed", () => {
    expect(checkUpload(file("text/html", PNG), "attachment").type).toBe("image/png");
    expect(checkUpload(file("application/pdf", "意见附件：建议增加公交线路。\n"), "attachment").type).toBe("text/plain; charset=utf-8");
    expect(checkUpload(file("application/octet-stream", "%PDF-1.7 …"), "attachment").type).toBe("application/pdf");
  });

  it("serves what the bytes show even for a row stored with a claimed type", () => {
    expect(attachmentType(new TextEncoder().encode("<html><body>hi</body></html>"))).toBe("text/plain; charset=utf-8");
    expect(attachmentType(new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]))).toBeNull();
    expect(attachmentType(PNG)).toBe("image/png");
  });
});
