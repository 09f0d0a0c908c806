import type { Route } from "./+types/console.events.export";
import { registrationTable, toCsv, toXlsx } from "~/.server/events/exports";
import { loadStaffSession } from "~/.server/events/staff";

/** Registrations of a session as CSV or Excel; `full=1` unmasks personal data (audited). */
export async function action({ request, params, context }: Route.ActionArgs) {
  const { s, a } = await loadStaffSession(request, context, params.id);
  const url = new URL(request.url);
  const full = url.searchParams.get("full") === "1";
  const { header, body } = await registrationTable(context.db, a, s.id, full, context.now());
  const name = `registrations-session-${s.id}${full ? "-full" : ""}`;
  if (url.searchParams.get("format") === "xlsx") {
    return new Response(new Uint8Array(await toXlsx("报名", header, body)), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${name}.xlsx"`,
        "Cache-Control": "no-store",
      },
    });
  }
  return new Response(toCsv(header, body), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}.csv"`, "Cache-Control": "no-store" },
  });
}

/** An audited export is a POST (see ExportButton): a GET is refused before anything is written. */
export function loader() {
  throw new Response("Method Not Allowed / 请使用导出按钮", { status: 405, headers: { Allow: "POST" } });
}
