import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/open-month.session";
import { z } from "zod";
import { requireUser } from "~/.server/auth/guards";
import { eventsConfig } from "~/.server/events/config";
import { getEventRow, getSession } from "~/.server/events/events";
import { noShowStatus } from "~/.server/events/noshow";
import { registerResident } from "~/.server/events/registration";
import { seatsLeft } from "~/.server/events/seats";
import { UserError } from "~/.server/errors";
import { optionalText } from "~/.server/forms";
import { runForm, requireIdParam } from "~/.server/http";
import { PartyRule } from "~/components/events-ui";
import { Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { formatDateTime, formatSession } from "~/lib/dates";
import { httpError, notFound } from "~/.server/errors";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.openMonthSession");

/** The session and its event; a missing or unpublished one is 404, anything else (a database outage) is not. */
async function load(context: Route.LoaderArgs["context"], id: number) {
  const s = await getSession(context.db, id).catch(httpError);
  const e = await getEventRow(context.db, s.eventId).catch(httpError);
  if (e.status !== "published") throw notFound();
  return { s, e };
}

/** Anyone may read a session and its rules; only registering needs an account. */
export async function loader({ params, context }: Route.LoaderArgs) {
  const { s, e } = await load(context, requireIdParam(params.id));
  const user = context.user;
  const cfg = eventsConfig();
  const ns = user ? await noShowStatus(context.db, user.id, context.now(), cfg) : null;
  return {
    event: { id: e.id, title: e.title, venue: e.venue, address: e.address, bring: e.bring, ageLimit: e.ageLimit },
    session: { id: s.id, when: formatSession(s.startsAt, s.endsAt, context.lang), maxSeats: s.maxSeatsPerRegistration, left: seatsLeft(s), capacity: s.capacity },
    policy: { limit: cfg.noShowLimit, window: cfg.noShowWindowDays, suspend: cfg.noShowSuspendDays, hold: cfg.offerHoldHours, auto: cfg.autoPromoteHours },
    loggedIn: !!user,
    noShows: ns?.count ?? 0,
    suspendedUntil: ns?.suspendedUntil ? formatDateTime(ns.suspendedUntil, context.lang) : null,
    name: user?.displayName ?? "",
  };
}

const schema = z.object({ phone: optionalText(30) });

export async function action({ request, params, context }: Route.ActionArgs) {
  const user = requireUser(request, context);
  // registerResident reads the session and its event itself (404 unless published): no second read here.
  const sessionId = requireIdParam(params.id);
  return runForm(request, context, schema, async (input, form) => {
    // One seat per attendee named: works without JavaScript.
    const names = form.getAll("attendee").map((n) => String(n).trim()).filter(Boolean);
    if (names.length === 0) throw new UserError("events.err.names", { n: 1 }, "attendeeNames");
    const r = await registerResident(context.db, user, { sessionId, seats: names.length, attendeeNames: names, phone: input.phone }, context.now(), eventsConfig());
    return redirect(`/my/registrations?done=${r.id}`);
  });
}

export default function RegisterPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  return (
    <div className="page narrow">
      <p>
        <Link to={`/open-month/events/${d.event.id}`}>← {d.event.title}</Link>
      </p>
      <h1>{d.session.left > 0 ? t("events.register") : t("events.joinWaitlist")}</h1>
      <dl className="facts">
        <dt>{t("events.event")}</dt>
        <dd>{d.event.title}</dd>
        <dt>{t("events.when")}</dt>
        <dd>{d.session.when}</dd>
        <dt>{t("events.venue")}</dt>
        <dd>
          {d.event.venue}，{d.event.address}
        </dd>
        <dt>{t("events.seats")}</dt>
        <dd>{d.session.left > 0 ? t("events.seats.left", { n: d.session.left, cap: d.session.capacity }) : t("events.seats.full")}</dd>
      </dl>
      <PartyRule maxSeats={d.session.maxSeats} left={d.session.left} />
      <section className="notice" aria-labelledby="ev-policy">
        <h2 id="ev-policy">{t("events.policy.title")}</h2>
        <p>{t("events.policy.text", { limit: d.policy.limit, window: d.policy.window, suspend: d.policy.suspend })}</p>
        <p>{t("events.policy.waitlist", { hold: d.policy.hold, auto: d.policy.auto })}</p>
        {d.loggedIn ? <p>{t("events.policy.yours", { n: d.noShows })}</p> : null}
      </section>
      {!d.loggedIn ? (
        <p>
          <Link className="button primary" to={`/login?redirectTo=${encodeURIComponent(`/open-month/sessions/${d.session.id}`)}`}>
            {t("events.loginToRegister")}
          </Link>
        </p>
      ) : d.suspendedUntil ? (
        <p className="form-error" role="alert">
          {t("events.err.suspended", { until: d.suspendedUntil })}
        </p>
      ) : (
        <Form method="post" noValidate>
          <FormError message={err?.message} />
          <fieldset>
            <legend>{t("events.attendees")}</legend>
            <p className="hint" id="ev-names-hint">
              {t("events.attendeesHint", { max: d.session.maxSeats })}
            </p>
            {Array.from({ length: d.session.maxSeats }, (_, i) => (
              <Field
                key={i}
                id={`f-attendee-${i}`}
                name="attendee"
                label={t("events.attendeeN", { n: i + 1 })}
                defaultValue={i === 0 ? d.name : ""}
                required={i === 0}
                autoComplete={i === 0 ? "name" : "off"}
                error={i === 0 ? err?.errors.attendeeNames : undefined}
              />
            ))}
          </fieldset>
          <Field name="phone" type="tel" label={t("auth.phone")} autoComplete="tel" defaultValue={err?.values.phone} error={err?.errors.phone} />
          <button type="submit" className="button primary">
            {d.session.left > 0 ? t("events.register.submit") : t("events.joinWaitlist")}
          </button>
        </Form>
      )}
    </div>
  );
}
