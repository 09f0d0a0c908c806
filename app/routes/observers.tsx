import { Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/observers";
import { listMeetings } from "~/.server/observers/public";
import { CallStatus, When } from "~/components/observers-ui";
import { useLang, useT } from "~/i18n/use-t";
import { Msg } from "~/components/msg";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.observers");

export async function loader({ context }: Route.LoaderArgs) {
  return { meetings: await listMeetings(context.db) };
}

export default function ObserversIndex() {
  const { meetings } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <div className="page observers">
      <h1>{t("observers.title")}</h1>
      <p className="lead">{t("observers.lead")}</p>
      <h2>{t("observers.meetings")}</h2>
      {meetings.length === 0 ? <p>{t("observers.noMeetings")}</p> : null}
      <ul className="obs-list">
        {meetings.map((m) => (
          <li key={m.id} className="card">
            <h3>
              <Link to={`/observers/meetings/${m.id}`}>{m.title}</Link>
            </h3>
            <p>
              <When d={m.startsAt} /> · {m.place} · {lang === "en" ? m.unitNameEn : m.unitNameZh}
            </p>
            {m.calls.length ? (
              <ul>
                {m.calls.map((c) => (
                  <li key={c.id}>
                    <Link to={`/observers/calls/${c.id}`}>
                      <Msg k="observers.callFor" user={{ title: m.title }} />
                    </Link>{" "}
                    <CallStatus status={c.status} /> · {t("observers.seats")} {c.seats} · {t("observers.window")} <When d={c.opensAt} /> – <When d={c.closesAt} end />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
