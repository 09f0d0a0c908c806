import type { Route } from "./+types/observers.export";
import { drawExportOf } from "~/.server/observers/public";
import { requireIdParam } from "~/.server/http";

/** The draw export, for `npm run verify-draw -- <file>`. */
export async function loader({ context, params }: Route.LoaderArgs) {
  const id = requireIdParam(params.id);
  const exp = await drawExportOf(context.db, id).catch(() => null);
  if (!exp) return new Response("Not Found", { status: 404 });
  return new Response(JSON.stringify(exp, null, 1), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="canyu-observer-draw-${id}.json"` },
  });
}
