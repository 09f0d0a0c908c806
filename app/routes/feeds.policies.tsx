import type { Route } from "./+types/feeds.policies";
import { NotFoundError } from "~/.server/errors";
import { policiesFeed } from "~/.server/policies/feed";

/** A tag as staff may enter it (policies.ts tagList): 1–20 characters, no control characters. */
const TAG = /^[^\p{Cc}\s]{1,20}$/u;

/** Atom feed of new and changed policies: /feeds/policies.atom, /feeds/units/:slug/policies.atom, /feeds/tags/:tag/policies.atom. */
export async function loader({ context, params }: Route.LoaderArgs) {
  const tag = params.tag ?? null;
  try {
    if (tag != null && !TAG.test(tag)) throw new NotFoundError();
    const xml = await policiesFeed(context.db, { unit: params.slug ?? null, tag }, context.now());
    return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
  } catch (e) {
    if (e instanceof NotFoundError) return new Response("Not Found", { status: 404 });
    throw e;
  }
}
