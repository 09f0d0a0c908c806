/**
 * The audit chain's head is published where the database cannot rewrite it —
 * the public anchors page and the admin's daily mail — and the admin checks
 * the log against a kept anchor.
 */
import { expect, test } from "@playwright/test";
import { logIn } from "./helpers";

test("the daily anchor is public and mailed, and the admin verifies the log against it", async ({ page, request }) => {
  // The anchor timer runs a few seconds after start.
  let anchors: { day: string; lastId: number; headHash: string }[] = [];
  await expect(async () => {
    anchors = (await (await request.get("/audit/anchors.json")).json()).anchors;
    expect(anchors.length).toBeGreaterThan(0);
  }).toPass({ timeout: 30_000 });
  const a = anchors[0];
  expect(a.headHash).toMatch(/^[0-9a-f]{64}$/);
  const line = `canyu-audit-anchor:v1:${a.day}:${a.lastId}:${a.headHash}`;

  await page.goto("/audit/anchors");
  await expect(page.getByRole("heading", { level: 1, name: "操作日志锚点" })).toBeVisible();
  await expect(page.getByTestId("anchors")).toContainText(line);

  await page.goto(`/dev/mail?to=${encodeURIComponent("admin@pudong.example")}`);
  await expect(page.locator("article.mail").filter({ hasText: "操作日志锚点" }).first()).toContainText(line);

  await logIn(page, "admin@pudong.example");
  await page.goto("/admin/audit");
  await expect(page.getByTestId("chain-status")).toContainText("日志链完整");
  await page.getByLabel(/核对外部保存的锚点/).fill(line);
  await page.getByRole("button", { name: "核验" }).click();
  await expect(page.getByTestId("anchor-check")).toContainText("日志链完整");
  // A kept anchor that no longer matches (the log was rewritten since) is named.
  const forged = line.slice(0, -1) + (line.endsWith("0") ? "1" : "0");
  await page.getByLabel(/核对外部保存的锚点/).fill(forged);
  await page.getByRole("button", { name: "核验" }).click();
  await expect(page.getByTestId("anchor-check")).toContainText(`第 ${a.lastId} 条记录处断开`);
});
