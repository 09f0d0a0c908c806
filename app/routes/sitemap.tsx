import type { Route } from "./+types/sitemap";
import { sitemapXml } from "~/.server/opendata/sitemap";

export async function loader({ context }: Route.LoaderArgs) {
  return new Response(await sitemapXml(context.db, context.now()), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
