import { describe, expect, it } from "vitest";
import { NotFoundError, ForbiddenError, httpError } from "./errors";
import { readForm, safeRedirect } from "./http";
import { readCookie } from "./auth/session";

describe("safeRedirect (open redirect)", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirect("/consultations/3?tab=comments#c12")).toBe("/consultations/3?tab=comments#c12");
    expect(safeRedirect("/")).toBe("/");
  });

  it("refuses every way out of the site, including the tab and newline the URL parser drops", () => {
    for (const bad of ["//evil.example", "/\\evil.example", "/\t/evil.example/phish", "/\n/evil.example", "/\r\n/evil.example", "https://evil.example", "evil.example", "/%09/x\u0000", "\\/evil.example"]) {
      const to = safeRedirect(bad);
      expect(to, JSON.stringify(bad)).toBe("/");
      expect(new URL(to, "http://localhost:3000").host).toBe("localhost:3000");
    }
  });

  it("answers header-safe ASCII for U+3000 and Chinese text, so the redirect cannot fail", () => {
    for (const odd of ["/decisions?q=\u3000", "/搜索?q=浦东", "/a\u3000b"]) {
      const to = safeRedirect(odd);
      expect(to).toMatch(/^\/[\x21-\x7e]*$/);
      expect(() => new Headers({ Location: to })).not.toThrow();
      expect(decodeURIComponent(to)).toBe(odd);
    }
  });
});

describe("readForm (body bound)", () => {
  const chunked = (bytes: number) =>
    new Request("http://x/", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      // A stream has no Content-Length: the bound must hold while reading.
      body: new ReadableStream({
        start(c) {
          const chunk = new TextEncoder().encode("a=" + "x".repeat(1024 * 1024 - 2));
          for (let sent = 0; sent < bytes; sent += chunk.byteLength) c.enqueue(chunk);
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);

  it("refuses a 30 MB chunked body without buffering it", async () => {
    expect(await readForm(chunked(30 * 1024 * 1024))).toBe("tooLarge");
  });

  it("reads an ordinary form and calls a broken body malformed", async () => {
    const ok = await readForm(new Request("http://x/", { method: "POST", body: new URLSearchParams({ a: "浦东" }) }));
    expect(ok instanceof FormData && ok.get("a")).toBe("浦东");
    const broken = await readForm(new Request("http://x/", { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=x" }, body: "--y\r\nnope" }));
    expect(broken).toBe("malformed");
  });
});

describe("httpError (the one place a refusal gets its status)", () => {
  it("throws a Response with the error's status for refusals, and rethrows anything else untouched", () => {
    const statusOf = (e: unknown) => {
      try {
        httpError(e);
      } catch (r) {
        return r instanceof Response ? r.status : r;
      }
    };
    expect(statusOf(new NotFoundError())).toBe(404);
    expect(statusOf(new ForbiddenError())).toBe(403);
    const outage = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(statusOf(outage)).toBe(outage);
  });
});

describe("readCookie", () => {
  it("treats a malformed value as no cookie instead of throwing", () => {
    expect(readCookie("lang=%E0%A4%A; canyu_session=%zz", "lang")).toBeNull();
    expect(readCookie("lang=%E0%A4%A; canyu_session=%zz", "canyu_session")).toBeNull();
    expect(readCookie("lang=en; care=1", "care")).toBe("1");
  });
});
