import type { LoaderFunctionArgs } from "@remix-run/node";
import { sitemapXml } from "~/.server/decisions/opendata";

export async function loader({ context }: LoaderFunctionArgs) {
  return new Response(await sitemapXml(context.db), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
