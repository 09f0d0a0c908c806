import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.observers";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { decisions } from "#db/schema";
import { actor, forbidden, requireConsoleUser } from "~/.server/auth/guards";
import { runForm } from "~/.server/http";
import { shanghaiDateTime as shanghai } from "~/.server/observers/forms";
import { createMeeting } from "~/.server/observers/calls";
import { listMeetings } from "~/.server/observers/public";
import { Field, FormError } from "~/components/form";
import { CallStatus, When } from "~/components/observers-ui";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleObservers");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const unitId = user.role === "admin" ? undefined : user.unitId!;
  const meetings = await listMeetings(context.db, { unitId });
  const ds = unitId
    ? await context.db.select({ id: decisions.id, title: decisions.title, year: decisions.year }).from(decisions).where(and(eq(decisions.unitId, unitId))).orderBy(asc(decisions.year), asc(decisions.position))
    : [];
  return { meetings, decisions: ds, canCreate: !!unitId };
}

const schema = z.object({
  title: z.string().trim().min(1, { error: "observers.err.required" }).max(200),
  startsAt: shanghai,
  place: z.string().trim().min(1, { error: "observers.err.required" }).max(200),
  seats: z.coerce.number().int().min(1).max(100),
  other: z.string().max(5000).optional(),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  if (!user.unitId) throw forbidden();
  return runForm(request, context, schema, async (input, form) => {
    const agenda = [
      ...form.getAll("decisionId").map((v) => ({ decisionId: Number(v) })),
      ...(input.other ?? "")
        .split("\n")
        .map((s) => s.trim())
        .filter(Boolean)
        .map((title) => ({ title })),
    ];
    const m = await createMeeting(context.db, actor(context, user), { unitId: user.unitId!, title: input.title, startsAt: input.startsAt, place: input.place, seats: input.seats, agenda }, context.now());
    return redirect(`/console/observers/meetings/${m.id}`);
  });
}

export default function ConsoleObservers() {
  const { meetings, decisions: ds, canCreate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = result && "ok" in result && !result.ok ? result : undefined;
  const t = useT();
  return (
    <>
      <h1>{t("observers.console")}</h1>
      <ul className="obs-list">
        {meetings.map((m) => (
          <li key={m.id}>
            <Link to={`/console/observers/meetings/${m.id}`}>{m.title}</Link> · <When d={m.startsAt} /> · {m.place}
            <ul>
              {m.calls.map((c) => (
                <li key={c.id}>
                  <Link to={`/console/observers/calls/${c.id}`}>
                    {t("observers.window")} <When d={c.opensAt} /> – <When d={c.closesAt} end />
                  </Link>{" "}
                  <CallStatus status={c.status} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {canCreate ? (
        <>
          <h2>{t("observers.console.new")}</h2>
          <Form method="post" noValidate>
            <FormError message={err?.message} />
            <Field name="title" label={t("observers.console.title")} defaultValue={err?.values.title ?? "区政府常务会议"} error={err?.errors.title} />
            <Field name="startsAt" type="datetime-local" label={t("observers.startsAt")} defaultValue={err?.values.startsAt} error={err?.errors.startsAt} />
            <Field name="place" label={t("observers.place")} defaultValue={err?.values.place} error={err?.errors.place} />
            <Field name="seats" type="number" min={1} max={100} label={t("observers.seats")} defaultValue={err?.values.seats ?? "6"} error={err?.errors.seats} />
            <fieldset>
              <legend>{t("observers.console.agendaDecisions")}</legend>
              {ds.map((d) => (
                <div className="field check" key={d.id}>
                  <input type="checkbox" name="decisionId" value={d.id} id={`d-${d.id}`} />
                  <label htmlFor={`d-${d.id}`} data-user-content="">
                    {d.year} · {d.title}
                  </label>
                </div>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="f-other">{t("observers.console.agendaOther")}</label>
              <textarea id="f-other" name="other" rows={3} defaultValue={err?.values.other} />
            </div>
            <button className="button primary">{t("observers.console.create")}</button>
          </Form>
        </>
      ) : null}
    </>
  );
}
