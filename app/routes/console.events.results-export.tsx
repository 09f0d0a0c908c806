import type { Route } from "./+types/console.events.results-export";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { resultsTable, toCsv, toXlsx } from "~/.server/events/exports";
import { requireIdParam } from "~/.server/http";
import { httpError } from "~/.server/errors";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const { header, body } = await resultsTable(context.db, actor(context, user), id).catch(httpError);
  if (new URL(request.url).searchParams.get("format") === "xlsx") {
    return new Response(new Uint8Array(await toXlsx("问卷", header, body)), {
      headers: { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Content-Disposition": `attachment; filename="questionnaire-${id}.xlsx"` },
    });
  }
  return new Response(toCsv(header, body), { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="questionnaire-${id}.csv"` } });
}
