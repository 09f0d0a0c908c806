import { redirect, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.events.new";
import { z } from "zod";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { AREAS, createEvent, eventSchema } from "~/.server/events/events";
import { runForm } from "~/.server/http";
import { listUnits } from "~/.server/units/units";
import { EventForm } from "~/components/event-form";
import { useT } from "~/i18n/use-t";
import { openMonthYear } from "~/lib/events-time";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleNewEvent");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const units = user.role === "admin" ? (await listUnits(context.db)).map((u) => ({ id: u.id, name: context.lang === "en" ? u.nameEn : u.nameZh })) : undefined;
  return { units, year: openMonthYear(context.now()), areas: [...AREAS] };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const schema = eventSchema.extend({ unitId: z.coerce.number().int().optional() });
  return runForm(request, context, schema, async ({ unitId, ...input }) => {
    const unit = user.role === "admin" ? (unitId ?? -1) : user.unitId!;
    const e = await createEvent(context.db, actor(context, user), unit, openMonthYear(context.now()), input, context.now());
    return redirect(`/console/events/${e.id}`);
  });
}

export default function NewEvent() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("events.console.newTitle", { year: d.year })}</h1>
      <EventForm areas={d.areas} units={d.units} err={result && !result.ok ? result : undefined} />
    </>
  );
}
