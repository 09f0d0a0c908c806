import { Form, Link, data, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.events.event";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { eventSessions } from "#db/schema";
import { actor, canManageUnit, forbidden, requireConsoleUser } from "~/.server/auth/guards";
import { addSession, AREAS, eventSchema, getEventRow, sessionSchema, setEventStatus, updateEvent } from "~/.server/events/events";
import { addQuestion, listQuestions, questionSchema } from "~/.server/events/questionnaire";
import { requireIdParam, runForm } from "~/.server/http";
import { EventForm } from "~/components/event-form";
import { Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { formatSession } from "~/lib/dates";
import { httpError } from "~/.server/errors";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleEvent");

async function loadOwn(request: Request, context: Route.LoaderArgs["context"], id: string | undefined) {
  const user = requireConsoleUser(request, context);
  const e = await getEventRow(context.db, requireIdParam(id)).catch(httpError);
  if (!canManageUnit(user, e.unitId)) throw forbidden();
  return { user, e };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { e } = await loadOwn(request, context, params.id);
  const sessions = await context.db.select().from(eventSessions).where(eq(eventSessions.eventId, e.id)).orderBy(asc(eventSessions.startsAt));
  return {
    event: e,
    areas: [...AREAS],
    sessions: sessions.map((s) => ({ id: s.id, when: formatSession(s.startsAt, s.endsAt, context.lang), taken: s.taken, held: s.held, capacity: s.capacity })),
    questions: await listQuestions(context.db, e.id),
  };
}

const schema = z.discriminatedUnion("intent", [
  eventSchema.extend({ intent: z.literal("save") }),
  z.object({ intent: z.literal("status"), status: z.enum(["draft", "published", "cancelled"]) }),
  sessionSchema.safeExtend({ intent: z.literal("session") }),
  questionSchema.extend({ intent: z.literal("question") }),
]);

export async function action({ request, params, context }: Route.ActionArgs) {
  const { user, e } = await loadOwn(request, context, params.id);
  const a = actor(context, user);
  return runForm(request, context, schema, async (input) => {
    const now = context.now();
    if (input.intent === "save") {
      const { intent: _i, ...rest } = input;
      await updateEvent(context.db, a, e.id, rest, now);
    } else if (input.intent === "status") await setEventStatus(context.db, a, e.id, input.status, now);
    else if (input.intent === "session") await addSession(context.db, a, e.id, input, now);
    else await addQuestion(context.db, a, e.id, input, now);
    return data({ ok: true as const, intent: input.intent });
  });
}

export default function ConsoleEvent() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  const e = d.event;
  const y = e.year;
  return (
    <>
      <p>
        <Link to="/console/events">← {t("events.console.title")}</Link>
      </p>
      <h1>
        {e.title} <small>{t(`events.eventStatus.${e.status}`)}</small>
      </h1>
      {result?.ok ? (
        <p role="status" className="notice">
          {t("events.saved")}
        </p>
      ) : null}
      <FormError message={err?.message} />
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="status" />
        {e.status !== "published" ? (
          <button type="submit" name="status" value="published" className="button">
            {t("events.console.publish")}
          </button>
        ) : (
          <Link to={`/open-month/events/${e.id}`}>{t("events.console.view")}</Link>
        )}{" "}
        {e.status !== "cancelled" ? (
          <button type="submit" name="status" value="cancelled" className="link-button">
            {t("events.console.cancelEvent")}
          </button>
        ) : null}
      </Form>
      <p>
        <Link to={`/console/events/${e.id}/results`}>{t("events.q.results")}</Link>
      </p>

      <h2>{t("events.sessions")}</h2>
      <ul>
        {d.sessions.map((s) => (
          <li key={s.id}>
            <Link to={`/console/events/sessions/${s.id}`}>{s.when}</Link> — {t("events.console.taken", { taken: s.taken, held: s.held, cap: s.capacity })}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t("events.console.addSession")}</summary>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="session" />
          <Field name="date" type="date" label={t("events.f.date")} defaultValue={`${y}-08-15`} error={err?.errors.date} required />
          <Field name="start" type="time" label={t("events.f.start")} defaultValue="09:30" error={err?.errors.start} required />
          <Field name="end" type="time" label={t("events.f.end")} defaultValue="11:30" error={err?.errors.end} required />
          <Field name="capacity" type="number" min={1} label={t("events.capacity")} defaultValue="30" error={err?.errors.capacity} required />
          <Field name="maxSeats" type="number" min={1} max={20} label={t("events.f.maxSeats")} defaultValue="4" error={err?.errors.maxSeats} required />
          <Field name="opensDate" type="date" label={t("events.f.opens")} defaultValue={`${y}-07-10`} error={err?.errors.opensDate} required />
          <Field name="closesHoursBefore" type="number" min={0} label={t("events.f.closesHours")} defaultValue="24" error={err?.errors.closesHoursBefore} />
          <Field name="cancelHoursBefore" type="number" min={0} label={t("events.f.cancelHours")} defaultValue="24" error={err?.errors.cancelHoursBefore} />
          <button type="submit" className="button">
            {t("events.console.addSession")}
          </button>
        </Form>
      </details>

      <h2>{t("events.q.title")}</h2>
      <ol>
        {d.questions.map((q) => (
          <li key={q.id}>
            {q.prompt} <small>({t(`events.q.kind.${q.kind}`)})</small>
            {q.options.length ? <small> — {q.options.join(" / ")}</small> : null}
          </li>
        ))}
      </ol>
      <details>
        <summary>{t("events.q.add")}</summary>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="question" />
          <div className="field">
            <label htmlFor="f-kind">{t("events.q.kind")}</label>
            <select id="f-kind" name="kind">
              {(["single", "multiple", "rating", "text"] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`events.q.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <Field name="prompt" label={t("events.q.prompt")} error={err?.errors.prompt} required />
          <div className="field">
            <label htmlFor="f-options">{t("events.q.options")}</label>
            <textarea id="f-options" name="options" rows={4} />
            {err?.errors.options ? <p className="error">{err.errors.options}</p> : null}
          </div>
          <label className="ev-inline">
            <input type="checkbox" name="required" /> {t("events.q.required")}
          </label>
          <button type="submit" className="button">
            {t("events.q.add")}
          </button>
        </Form>
      </details>

      <details>
        <summary>{t("events.console.edit")}</summary>
        <EventForm areas={d.areas} err={err?.values.intent === "save" ? err : undefined} defaults={e as unknown as Record<string, string>} />
      </details>
    </>
  );
}
