import type { Route } from "./+types/console.requests.report-export";
import { loadReport } from "~/.server/requests/report-params";
import { reportCsv, reportXlsx } from "~/.server/requests/report";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { year, unitId, report } = await loadReport(request, context);
  const name = `information-requests-${year}${unitId != null ? `-unit-${unitId}` : ""}`;
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (new URL(request.url).pathname.endsWith(".xlsx")) {
    return new Response(new Uint8Array(await reportXlsx(report, context.lang)), {
      headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Content-Disposition": `attachment; filename="${name}.xlsx"` },
    });
  }
  return new Response(reportCsv(report, context.lang), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}.csv"` } });
}
