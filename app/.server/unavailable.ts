import { translate } from "~/i18n/messages";

/** Seconds a client is asked to wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The page served with a 503 while the database is unreachable. It is static
 * (no database, no React) so it can be served when nothing else can; both
 * languages because the language preference may be unknown.
 */
export function unavailablePage(): string {
  const zh = translate("zh", "err.server");
  const en = translate("en", "err.server");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务暂时不可用 · 参与</title>
<style>body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a}h1{font-size:1.4rem}p.en{color:#555}</style>
</head><body><main>
<h1>参与 · Canyu</h1>
<p>${zh}</p>
<p class="en" lang="en">${en}</p>
<p><a href="">重试 / Try again</a></p>
</main></body></html>`;
}

export function unavailableResponse(): Response {
  return new Response(unavailablePage(), {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}
