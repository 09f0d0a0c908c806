import { Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/open-month.event";
import { requireIdParam } from "~/.server/http";
import { getPublicEvent } from "~/.server/events/events";
import { eventsConfig } from "~/.server/events/config";
import { activeRegistrationsOf } from "~/.server/events/registration";
import { processEventTimers } from "~/.server/events/waitlist";
import { EventsSubNav, SeatsLeft } from "~/components/events-ui";
import { useLang, useT } from "~/i18n/use-t";
import { formatDateTime, formatSession } from "~/lib/dates";
import { httpError } from "~/.server/errors";

export const meta: Route.MetaFunction = ({ data, matches }) => pageTitle(matches, "title.openMonthEvent", data?.event.title, undefined, data?.event.description);

export async function loader({ params, context }: Route.LoaderArgs) {
  const id = requireIdParam(params.id);
  // Lazily pass on offers that ran out (one query when none is due), so the seats shown are current.
  await processEventTimers(context.db, context.now(), eventsConfig());
  const x = await getPublicEvent(context.db, id).catch(httpError);
  const now = context.now();
  const mine = context.user ? await activeRegistrationsOf(context.db, context.user.id, x.sessions.map((s) => s.id)) : [];
  const lang = context.lang;
  return {
    event: x.e,
    unit: lang === "en" ? x.unit.nameEn : x.unit.nameZh,
    sessions: x.sessions.map((s) => ({
      id: s.id,
      when: formatSession(s.startsAt, s.endsAt, lang),
      capacity: s.capacity,
      left: s.seatsLeft,
      waiting: s.waiting,
      maxSeats: s.maxSeatsPerRegistration,
      open: now >= s.registrationOpensAt && now < s.registrationClosesAt && now < s.startsAt && x.e.status === "published",
      opens: formatDateTime(s.registrationOpensAt, lang),
      mine: mine.find((r) => r.sessionId === s.id)?.status ?? null,
      ended: s.endsAt <= now,
    })),
  };
}

export default function EventPage() {
  const { event: e, unit, sessions } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  void lang;
  return (
    <div className="page">
      <p>
        <Link to={`/open-month?year=${e.year}`}>← {t("events.title", { year: e.year })}</Link>
      </p>
      <h1>{e.title}</h1>
      {e.status === "cancelled" ? <p className="notice">{t("events.cancelledEvent")}</p> : null}
      <dl className="facts">
        <dt>{t("events.host")}</dt>
        <dd>
          {e.host} {t("common.paren", { x: unit })}
        </dd>
        <dt>{t("events.f.theme")}</dt>
        <dd>{e.theme}</dd>
        <dt>{t("events.venue")}</dt>
        <dd>
          {e.venue}
          <br />
          {e.address}
        </dd>
        {e.directions ? (
          <>
            <dt>{t("events.directions")}</dt>
            <dd>{e.directions}</dd>
          </>
        ) : null}
        <dt>{t("events.activities")}</dt>
        <dd>{e.activities.map((a) => t(`events.activity.${a as "qa"}`)).join(lang === "en" ? ", " : "、") || "—"}</dd>
        {e.accessibility ? (
          <>
            <dt>{t("events.accessibility")}</dt>
            <dd>{e.accessibility}</dd>
          </>
        ) : null}
        {e.ageLimit ? (
          <>
            <dt>{t("events.ageLimit")}</dt>
            <dd>{e.ageLimit}</dd>
          </>
        ) : null}
        {e.bring ? (
          <>
            <dt>{t("events.bring")}</dt>
            <dd>{e.bring}</dd>
          </>
        ) : null}
      </dl>
      <p className="ev-description">{e.description}</p>
      <h2>{t("events.sessions")}</h2>
      <div className="table-wrap">
        <table className="stack ev-session-table">
          <thead>
            <tr>
              <th scope="col">{t("events.when")}</th>
              <th scope="col">{t("events.seats")}</th>
              <th scope="col">{t("events.action")}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>{s.when}</td>
                <td>
                  <SeatsLeft capacity={s.capacity} left={s.left} waiting={s.waiting} />
                </td>
                <td>
                  {s.ended ? (
                    <span>{t("events.ended")}</span>
                  ) : s.mine ? (
                    <Link to="/my/registrations">{t(`events.status.${s.mine}`)}</Link>
                  ) : s.open ? (
                    <Link className="button primary" to={`/open-month/sessions/${s.id}`}>
                      {s.left > 0 ? t("events.register") : t("events.joinWaitlist")}
                      <span className="visually-hidden"> {s.when}</span>
                    </Link>
                  ) : (
                    <span>{t("events.notOpenNow")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <EventsSubNav year={e.year} />
    </div>
  );
}
