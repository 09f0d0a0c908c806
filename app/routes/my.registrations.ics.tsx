import type { Route } from "./+types/my.registrations.ics";
import { requireUser } from "~/.server/auth/guards";
import { registrationIcs } from "~/.server/events/mails";
import { notFound } from "~/.server/errors";
import { requireIdParam } from "~/.server/http";

/** The calendar file of one of my confirmed registrations (same as the email attachment). */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = requireUser(request, context);
  const ics = await registrationIcs(context.db, user.id, requireIdParam(params.id));
  if (!ics) throw notFound();
  return new Response(ics, {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `attachment; filename="open-month-${params.id}.ics"`, "Cache-Control": "private, no-store" },
  });
}
