import type { Route } from "./+types/console.consultations.export";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { exportComments } from "~/.server/consultations/report";
import { UserError } from "~/.server/errors";
import { requireIdParam } from "~/.server/http";

/** CSV / Excel of a period's comments; masked unless the actor may see originals; audited. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const originals = url.searchParams.get("originals") === "1";
  try {
    const file = await exportComments(context.db, actor(context, user), requireIdParam(params.id), originals, format, context.now());
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (e instanceof UserError) return new Response(e.status === 403 ? "Forbidden / 无权访问" : "Not Found", { status: e.status });
    throw e;
  }
}
