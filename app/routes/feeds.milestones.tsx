import type { Route } from "./+types/feeds.milestones";
import { NotFoundError } from "~/.server/errors";
import { milestonesFeed } from "~/.server/decisions/opendata";

/** Atom feed of published milestones: /feeds/milestones.atom and /feeds/units/:slug/milestones.atom. */
export async function loader({ context, params }: Route.LoaderArgs) {
  try {
    const xml = await milestonesFeed(context.db, params.slug ?? null, context.now());
    return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
  } catch (e) {
    if (e instanceof NotFoundError) return new Response("Not Found", { status: 404 });
    throw e;
  }
}
