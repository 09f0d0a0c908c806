import { Form, Link, data, useActionData, useLoaderData, useSearchParams } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/my.registrations";
import QRCode from "qrcode";
import { z } from "zod";
import { requireUser } from "~/.server/auth/guards";
import { eventsConfig } from "~/.server/events/config";
import { pendingQuestionnaires } from "~/.server/events/questionnaire";
import { displayCode } from "~/.server/events/codes";
import { acceptOffer, cancelRegistration, myRegistrations } from "~/.server/events/registration";
import { runForm } from "~/.server/http";
import { FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { formatDateTime, formatSession } from "~/lib/dates";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.myRegistrations");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(request, context);
  const now = context.now();
  const list = await myRegistrations(context.db, user.id, now, eventsConfig());
  const pending = new Set((await pendingQuestionnaires(context.db, user.id)).map((p) => p.id));
  const lang = context.lang;
  return {
    items: await Promise.all(
      list.map(async ({ r, s, e, position }) => ({
        id: r.id,
        eventId: e.id,
        title: e.title,
        venue: `${e.venue}，${e.address}`,
        when: formatSession(s.startsAt, s.endsAt, lang),
        status: r.status,
        seats: r.seats,
        names: r.attendeeNames.join("、"),
        position,
        offerUntil: r.offerExpiresAt ? formatDateTime(r.offerExpiresAt, lang) : null,
        code: r.status === "confirmed" ? displayCode(r.code) : null,
        qr: r.status === "confirmed" && !r.checkedInAt && s.endsAt > now ? await QRCode.toDataURL(r.code, { margin: 1, width: 180 }) : null,
        checkedIn: !!r.checkedInAt,
        past: s.endsAt <= now,
        canCancel: (r.status === "confirmed" && now < s.cancelDeadline && !r.checkedInAt) || r.status === "waitlisted",
        questionnaire: pending.has(r.id),
      })),
    ),
  };
}

const schema = z.object({ intent: z.enum(["cancel", "accept", "decline"]), id: z.coerce.number().int() });

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(request, context);
  return runForm(request, context, schema, async ({ intent, id }) => {
    const now = context.now();
    if (intent === "accept") await acceptOffer(context.db, user, id, now, eventsConfig());
    else await cancelRegistration(context.db, user, id, now, eventsConfig());
    return data({ ok: true as const, intent });
  });
}

export default function MyRegistrations() {
  const { items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  const done = params.get("done");
  // A cancellation asks first: the link opens this question (a page state, so it works without JavaScript).
  const asking = result?.ok ? null : params.get("cancel");
  // The answer to a registration: a waiting one learns its place, the one its mail states.
  const answered = done ? items.find((i) => String(i.id) === done) : undefined;
  const upcoming = items.filter((i) => !i.past);
  const past = items.filter((i) => i.past);
  return (
    <div className="page">
      <h1>{t("events.my.title")}</h1>
      <FormError message={err?.message} />
      {result?.ok ? (
        <p role="status" className="notice">
          {t(`events.my.done.${result.intent}`)}
        </p>
      ) : done ? (
        <p role="status" className="notice">
          {answered?.status === "waitlisted" && answered.position ? t("events.my.registeredWaiting", { n: answered.position }) : t("events.my.registered")}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>
          {t("events.my.none")} <Link to="/open-month">{t("events.overview")}</Link>
        </p>
      ) : null}
      <ul className="ev-my">
        {[...upcoming, ...past].map((i) => (
          <li key={i.id} id={`reg-${i.id}`} className={`card ev-reg ev-${i.status}`}>
            <h2>
              <Link to={`/open-month/events/${i.eventId}`}>{i.title}</Link>
            </h2>
            <p>
              {i.when} · {i.venue}
            </p>
            <p>
              <strong className="ev-status">{t(`events.status.${i.status}`)}</strong>
              {i.checkedIn ? ` · ${t("events.checkedIn")}` : ""} · {t("events.my.seats", { n: i.seats })} {i.names}
            </p>
            {i.position ? <p>{t("events.my.position", { n: i.position })}</p> : null}
            {i.status === "offered" ? (
              <div className="notice">
                <p>{t("events.my.offer", { until: i.offerUntil ?? "" })}</p>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="id" value={i.id} />
                  <button type="submit" name="intent" value="accept" className="button primary">
                    {t("events.my.accept")}
                  </button>{" "}
                  <button type="submit" name="intent" value="decline" className="link-button">
                    {t("events.my.decline")}
                  </button>
                </Form>
              </div>
            ) : null}
            {i.code ? (
              <div className="ev-ticket">
                {i.qr ? <img src={i.qr} alt={t("events.my.qrAlt", { code: i.code })} width={180} height={180} /> : null}
                <p>
                  {t("events.code")}: <code className="ev-code">{i.code}</code>
                  <br />
                  <a href={`/my/registrations/${i.id}/calendar.ics`} download>
                    {t("events.my.ics")}
                  </a>
                </p>
              </div>
            ) : null}
            {i.canCancel && !i.past ? (
              asking === String(i.id) ? (
                <div className="notice bad ev-confirm" role="group" aria-labelledby={`cancel-q-${i.id}`}>
                  <p id={`cancel-q-${i.id}`}>
                    <strong>{i.status === "waitlisted" ? t("events.my.leaveWaitlist.confirm") : t("events.my.cancel.confirm")}</strong>{" "}
                    {i.status === "waitlisted" ? t("events.my.leaveWaitlist.consequence") : t("events.my.cancel.consequence")}
                  </p>
                  <Form method="post" action="/my/registrations" className="inline-form">
                    <input type="hidden" name="id" value={i.id} />
                    <button type="submit" name="intent" value="cancel" className="button primary">
                      {i.status === "waitlisted" ? t("events.my.leaveWaitlist.yes") : t("events.my.cancel.yes")}
                    </button>
                  </Form>{" "}
                  <Link to={`/my/registrations#reg-${i.id}`}>{i.status === "waitlisted" ? t("events.my.leaveWaitlist.keep") : t("events.my.cancel.keep")}</Link>
                </div>
              ) : (
                <p>
                  <Link to={`?cancel=${i.id}#reg-${i.id}`}>{i.status === "waitlisted" ? t("events.my.leaveWaitlist") : t("events.my.cancel")}</Link>
                </p>
              )
            ) : null}
            {i.questionnaire ? (
              <p>
                <Link to={`/my/registrations/${i.id}/questionnaire`}>{t("events.q.fill")}</Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
