import { Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.events";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { unitEvents } from "~/.server/events/events";
import { useT } from "~/i18n/use-t";
import { formatSession } from "~/lib/dates";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleEvents");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const list = await unitEvents(context.db, actor(context, user), user.unitId);
  return {
    events: list.map((e) => ({
      id: e.id,
      year: e.year,
      title: e.title,
      status: e.status,
      sessions: e.sessions.map((s) => ({ id: s.id, when: formatSession(s.startsAt, s.endsAt, context.lang), taken: s.taken, held: s.held, capacity: s.capacity })),
    })),
  };
}

export default function ConsoleEvents() {
  const { events } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("events.console.title")}</h1>
      <p>
        <Link className="button" to="/console/events/new">
          {t("events.console.new")}
        </Link>{" "}
        <Link to="/console/events/themes">{t("events.themes.title")}</Link>
      </p>
      {events.length === 0 ? <p>{t("events.console.none")}</p> : null}
      {events.map((e) => (
        <section key={e.id} className="card" aria-labelledby={`ev-${e.id}`}>
          <h2 id={`ev-${e.id}`}>
            <Link to={`/console/events/${e.id}`}>
              {e.year} · {e.title}
            </Link>{" "}
            <small>{t(`events.eventStatus.${e.status}`)}</small>
          </h2>
          <ul>
            {e.sessions.map((s) => (
              <li key={s.id}>
                <Link to={`/console/events/sessions/${s.id}`}>{s.when}</Link> — {t("events.console.taken", { taken: s.taken, held: s.held, cap: s.capacity })} ·{" "}
                <Link to={`/console/events/sessions/${s.id}/check-in`}>{t("events.checkin.title")}</Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
