import type { Route } from "./+types/feeds.milestones";
import { httpError } from "~/.server/errors";
import { milestonesFeed } from "~/.server/decisions/opendata";

/** Atom feed of published milestones: /feeds/milestones.atom and /feeds/units/:slug/milestones.atom. */
export async function loader({ context, params }: Route.LoaderArgs) {
  const xml = await milestonesFeed(context.db, params.slug ?? null, context.now()).catch(httpError);
  return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
