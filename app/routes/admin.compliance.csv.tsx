import type { Route } from "./+types/admin.compliance.csv";
import { requireAdmin } from "~/.server/auth/guards";
import { complianceCsv, complianceReport } from "~/.server/decisions/compliance";
import { currentYear } from "~/.server/decisions/public";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin(request, context);
  const y = new URL(request.url).searchParams.get("year");
  const year = y && /^\d{4}$/.test(y) ? Number(y) : currentYear(context.now());
  const csv = complianceCsv(await complianceReport(context.db, year, context.now()));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="decisions-compliance-${year}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
