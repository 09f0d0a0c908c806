import { translate } from "~/i18n/messages";

/** Every 503 answer's headers: try again in 5 seconds, and never keep this page. */
export const UNAVAILABLE_HEADERS = { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" };

/**
 * The page served with a 503 while the database is unreachable. It is static
 * (no database, no React) so it can be served when nothing else can; both
 * languages because the language preference may be unknown.
 */
export const UNAVAILABLE_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务暂时不可用 · 参与</title>
<style>body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a}h1{font-size:1.4rem}p.en{color:#555}</style>
</head><body><main>
<h1>参与 · Canyu</h1>
<p>${translate("zh", "err.server")}</p>
<p class="en" lang="en">${translate("en", "err.server")}</p>
<p><a href="">重试 / Try again</a></p>
</main></body></html>`;

export function unavailableResponse(): Response {
  return new Response(UNAVAILABLE_PAGE, { status: 503, headers: UNAVAILABLE_HEADERS });
}
