import type { Route } from "./+types/feeds.policies";
import { httpError, notFound } from "~/.server/errors";
import { policiesFeed } from "~/.server/policies/feed";

/** A tag as staff may enter it (policies.ts tagList): 1–20 characters, no control characters. */
const TAG = /^[^\p{Cc}\s]{1,20}$/u;

/** Atom feed of new and changed policies: /feeds/policies.atom, /feeds/units/:slug/policies.atom, /feeds/tags/:tag/policies.atom. */
export async function loader({ context, params }: Route.LoaderArgs) {
  const tag = params.tag ?? null;
  if (tag != null && !TAG.test(tag)) return notFound();
  const xml = await policiesFeed(context.db, { unit: params.slug ?? null, tag }, context.now()).catch(httpError);
  return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
