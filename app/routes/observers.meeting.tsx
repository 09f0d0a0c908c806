import { Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/observers.meeting";
import { httpError } from "~/.server/errors";
import { requireIdParam } from "~/.server/http";
import { getMeeting } from "~/.server/observers/public";
import { CallStatus, catLabel, When } from "~/components/observers-ui";
import { useLang, useT } from "~/i18n/use-t";
import { Msg } from "~/components/msg";

export const meta: Route.MetaFunction = ({ data, matches }) => pageTitle(matches, "title.observerMeeting", data?.meeting.title);

export async function loader({ context, params }: Route.LoaderArgs) {
  return getMeeting(context.db, requireIdParam(params.id)).catch(httpError);
}

export default function MeetingPage() {
  const { meeting, agenda, calls, observers, remarks } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <div className="page observers">
      <p>
        <Link to="/observers">{t("observers.title")}</Link>
      </p>
      <h1>{meeting.title}</h1>
      <dl className="obs-facts">
        <dt>{t("observers.startsAt")}</dt>
        <dd>
          <When d={meeting.startsAt} />
        </dd>
        <dt>{t("observers.place")}</dt>
        <dd>{meeting.place}</dd>
        <dt>{t("observers.unit")}</dt>
        <dd>{lang === "en" ? meeting.unitNameEn : meeting.unitNameZh}</dd>
        <dt>{t("observers.seats")}</dt>
        <dd>{meeting.seats}</dd>
      </dl>
      <h2>{t("observers.agenda")}</h2>
      <ol>
        {agenda.map((a) => (
          <li key={a.id}>{a.decisionId ? <Link to={`/decisions/${a.decisionId}`}>{a.title}</Link> : a.title}</li>
        ))}
      </ol>
      <h2>{t("observers.calls")}</h2>
      <ul>
        {calls.map((c) => (
          <li key={c.id}>
            <Link to={`/observers/calls/${c.id}`}>
              <Msg k="observers.callFor" user={{ title: meeting.title }} />
            </Link>{" "}
            <CallStatus status={c.status} />
            {c.cancelReason ? <p className="notice">{t("observers.cancelled", { reason: c.cancelReason })}</p> : null}
          </li>
        ))}
      </ul>
      <h2>{t("observers.observers")}</h2>
      <ul>
        {observers.map((o) => (
          <li key={o.seatId}>
            {o.name ?? `${o.ref} ${t("observers.anonymous")}`} · {catLabel(t, o.category)}
            {o.enterpriseName ? ` · ${o.enterpriseName}` : ""}
            {o.attended === true ? ` · ${t("observers.attended")}` : o.attended === false ? ` · ${t("observers.absent")}` : ""}
          </li>
        ))}
      </ul>
      <h2>{t("observers.remarks")}</h2>
      {remarks.length === 0 ? <p>{t("observers.noRemarks")}</p> : null}
      {remarks.map((r) => (
        <article key={r.id} className="card obs-remark">
          <p>
            <strong>{t("observers.remark")}</strong>
            {r.by ? ` ${t("common.paren", { x: r.by })}` : ""}
            {t("common.colon")}
            {r.remark}
          </p>
          <p>
            <strong>{t("observers.response")}</strong>
            {t("common.colon")}
            {r.response}
          </p>
          {r.decisionId ? (
            <p>
              <Link to={`/decisions/${r.decisionId}`}>{agenda.find((a) => a.decisionId === r.decisionId)?.title}</Link>
            </p>
          ) : null}
        </article>
      ))}
    </div>
  );
}
