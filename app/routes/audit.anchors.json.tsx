import type { Route } from "./+types/audit.anchors.json";
import { listAnchors } from "~/.server/audit/anchors";

/** The anchors as JSON, for archives and `npm run audit:verify`. */
export async function loader({ context }: Route.LoaderArgs) {
  const anchors = await listAnchors(context.db, 5000);
  return Response.json(
    { anchors: anchors.map((a) => ({ day: a.day, at: a.at.toISOString(), lastId: a.lastId, headHash: a.headHash })) },
    { headers: { "Cache-Control": "public, max-age=300" } },
  );
}
