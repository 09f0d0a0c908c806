import type { Route } from "./+types/console.policies.faq-export";
import { requireConsoleUser } from "~/.server/auth/guards";
import { exportFaq, faqCsv } from "~/.server/policies/questions";

/**
 * The FAQ for the 12345 hotline's knowledge base: the staff member's unit, or
 * every unit (`?all=1`, and always for the admin). FAQ entries are public text,
 * so any console user may export all of them.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const url = new URL(request.url);
  const format = url.pathname.endsWith(".json") ? "json" : "csv";
  const all = url.searchParams.get("all") === "1" || user.unitId == null;
  const rows = await exportFaq(context.db, all ? null : user.unitId);
  const name = `policy-faq-${all ? "all" : `unit-${user.unitId}`}`;
  const headers = { "Cache-Control": "no-store", "Content-Disposition": `attachment; filename="${name}.${format}"` };
  if (format === "json") {
    return new Response(JSON.stringify({ generatedAt: context.now().toISOString(), items: rows }, null, 2), {
      headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
    });
  }
  return new Response(faqCsv(rows), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
}
