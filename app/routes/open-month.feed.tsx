import type { Route } from "./+types/open-month.feed";
import { monthFeed } from "~/.server/events/feed";
import { openMonthYear } from "~/lib/events-time";

/** Site-wide calendar feed of the open month (subscribe in any calendar app). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const y = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(y) && y > 2000 && y < 2100 ? y : openMonthYear(context.now());
  return new Response(await monthFeed(context.db, year), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="open-month-${year}.ics"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
