import type { Route } from "./+types/console.consultations.export";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { exportComments } from "~/.server/consultations/report";
import { httpError } from "~/.server/errors";
import { requireIdParam } from "~/.server/http";

/** CSV / Excel of a period's comments; masked unless the actor may see originals; audited. */
export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const originals = url.searchParams.get("originals") === "1";
  const file = await exportComments(context.db, actor(context, user), requireIdParam(params.id), originals, format, context.now()).catch(httpError);
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

/** An audited export is a POST (see ExportButton): a GET is refused before anything is written. */
export function loader() {
  throw new Response("Method Not Allowed / 请使用导出按钮", { status: 405, headers: { Allow: "POST" } });
}
