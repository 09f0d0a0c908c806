import type { Route } from "./+types/observers.export";
import { drawExportOf } from "~/.server/observers/public";
import { httpError } from "~/.server/errors";
import { requireIdParam } from "~/.server/http";

/** The draw export, for `npm run verify-draw -- <file>`. */
export async function loader({ context, params }: Route.LoaderArgs) {
  const id = requireIdParam(params.id);
  const exp = await drawExportOf(context.db, id).catch(httpError);
  return new Response(JSON.stringify(exp, null, 1), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="canyu-observer-draw-${id}.json"` },
  });
}
