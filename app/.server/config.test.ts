import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { devMailAccess } from "./notify/outbox";

describe("configuration that matters for security", () => {
  it("keeps /dev/mail away in production unless enabled, and then for the admin only", () => {
    const prod = { NODE_ENV: "production" };
    expect(loadConfig(prod).devMail).toBe("off");
    expect(loadConfig({ ...prod, CANYU_DEV_MAIL: "1" }).devMail).toBe("admin");
    expect(loadConfig({ ...prod, CANYU_DEV_MAIL: "1", SMTP_URL: "smtp://mail.example" }).devMail).toBe("off");
    expect(loadConfig({ NODE_ENV: "development" }).devMail).toBe("anyone");
    expect(loadConfig({ NODE_ENV: "development", CANYU_DEV_MAIL: "0" }).devMail).toBe("off");

    expect(devMailAccess("off", { role: "admin" })).toBe(404);
    expect(devMailAccess("admin", null)).toBe(403);
    expect(devMailAccess("admin", { role: "staff" })).toBe(403);
    expect(devMailAccess("admin", { role: "citizen" })).toBe(403);
    expect(devMailAccess("admin", { role: "admin" })).toBe(200);
    expect(devMailAccess("anyone", null)).toBe(200);
  });

  it("sends HSTS when told so or when the public origin is https", () => {
    expect(loadConfig({ NODE_ENV: "production" }).https).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", HTTPS: "1" }).https).toBe(true);
    expect(loadConfig({ NODE_ENV: "production", PUBLIC_URL: "https://canyu.pudong.gov.cn" }).https).toBe(true);
    expect(loadConfig({ NODE_ENV: "production", PUBLIC_URL: "https://canyu.pudong.gov.cn", HTTPS: "0" }).https).toBe(false);
  });
});

describe("demo data policy", () => {
  it("seeds the embedded demo start only; a DATABASE_URL deployment starts empty unless asked", async () => {
    const { wantsDemoData } = await import("../../seeds/index");
    expect(wantsDemoData({})).toBe(true);
    expect(wantsDemoData({ DATABASE_URL: "postgres://db/canyu" })).toBe(false);
    expect(wantsDemoData({ DATABASE_URL: "postgres://db/canyu", CANYU_SEED: "1" })).toBe(true);
    expect(wantsDemoData({ CANYU_SEED: "0" })).toBe(false);
  });
});
