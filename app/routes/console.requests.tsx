import { Form, Link, useLoaderData } from "react-router";
import { httpError } from "~/.server/errors";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.requests";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { idParam } from "~/.server/http";
import { listQueue } from "~/.server/requests/requests";
import { requestCalendar } from "~/.server/requests/working-days";
import { listUnits } from "~/.server/units/units";
import { DueBadge, DueDay, ProvisionalNote, StatusBadge } from "~/components/requests-ui";
import { useLang, useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n/messages";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "requests.console.nav");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const units = user.role === "admin" ? await listUnits(context.db) : [];
  const unitId = user.unitId ?? idParam(new URL(request.url).searchParams.get("unit") ?? undefined) ?? units[0]?.id;
  if (unitId == null) return { units, unitId: null, open: [], finished: [], missingYears: [] };
  const a = actor(context, user);
  const now = context.now();
  const row = (i: Awaited<ReturnType<typeof listQueue>>[number]) => ({
    id: i.request.id,
    trackingNo: i.request.trackingNo,
    applicantName: i.request.applicantName,
    applicantType: i.request.applicantType,
    receivedOn: i.request.receivedOn,
    status: i.request.status,
    repliedOn: i.request.repliedOn,
    clock: i.clock,
  });
  // One calendar for both lists: the schedules are read once however long the queue.
  const cal = await requestCalendar(context.db);
  const open = await listQueue(context.db, a, unitId, now, { cal }).catch(httpError);
  const finished = await listQueue(context.db, a, unitId, now, { cal, finished: true }).catch(httpError);
  const missingYears = [...new Set(open.flatMap((i) => i.clock.missingYears))].sort((x, y) => x - y);
  return { units, unitId, open: open.map(row), finished: finished.slice(0, 50).map(row), missingYears };
}

export default function ConsoleRequests() {
  const { units, unitId, open, finished, missingYears } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("requests.console.nav")}</h1>
      <p className="request-actions">
        <Link className="button primary" to={`/console/requests/new${units.length ? `?unit=${unitId}` : ""}`}>
          {t("requests.console.register")}
        </Link>{" "}
        <Link className="button" to={`/console/requests/report${units.length ? `?unit=${unitId}` : ""}`}>
          {t("requests.console.report")}
        </Link>
      </p>
      {units.length ? (
        <Form method="get">
          <label htmlFor="unit">{t("requests.unit")}</label>{" "}
          <select id="unit" name="unit" defaultValue={unitId ?? undefined}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {lang === "en" ? u.nameEn : u.nameZh}
              </option>
            ))}
          </select>{" "}
          <button className="button">{t("requests.report.show")}</button>
        </Form>
      ) : null}
      <h2>{t("requests.console.queue")}</h2>
      {missingYears.length ? <ProvisionalNote years={missingYears} /> : null}
      <div className="table-wrap">
        <table className="request-table" data-testid="request-queue">
          <thead>
            <tr>
              <th scope="col">{t("requests.trackingNo")}</th>
              <th scope="col">{t("requests.console.applicant")}</th>
              <th scope="col">{t("requests.receivedOn")}</th>
              <th scope="col">{t("requests.status")}</th>
              <th scope="col">{t("requests.dueOn")}</th>
              <th scope="col">{t("requests.daysLeft")}</th>
            </tr>
          </thead>
          <tbody>
            {open.map((r) => (
              <tr key={r.id} className={r.clock.overdue ? "request-overdue" : r.clock.nearlyDue ? "request-near" : undefined}>
                <td>
                  <Link to={`/console/requests/${r.id}`}>{r.trackingNo}</Link> <DueBadge clock={r.clock} />
                </td>
                <td>
                  {r.applicantName} · {t(`requests.type.${r.applicantType}` as MessageKey)}
                </td>
                <td>{r.receivedOn}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>
                  <DueDay clock={r.clock} />
                </td>
                <td>{r.clock.daysLeft ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("requests.console.finished")}</h2>
      <ul>
        {finished.map((r) => (
          <li key={r.id}>
            <Link to={`/console/requests/${r.id}`}>{r.trackingNo}</Link> · {r.applicantName} · <StatusBadge status={r.status} /> · {r.repliedOn}
          </li>
        ))}
      </ul>
    </>
  );
}
