import { Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/requests";
import { listMyRequests } from "~/.server/requests/requests";
import { DueDay, StatusBadge } from "~/components/requests-ui";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "requests.title");

export async function loader({ context }: Route.LoaderArgs) {
  const mine = context.user ? await listMyRequests(context.db, context.user.id, context.now()) : null;
  return { mine };
}

export default function Requests() {
  const { mine } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <div className="page">
      <h1>{t("requests.title")}</h1>
      <p>{t("requests.lead")}</p>
      <p className="request-actions">
        <Link className="button primary" to="/requests/new">
          {t("requests.new")}
        </Link>{" "}
        <Link className="button" to="/requests/lookup">
          {t("requests.lookup.link")}
        </Link>
      </p>
      {mine ? (
        <>
          <h2>{t("requests.mine")}</h2>
          {mine.length === 0 ? (
            <p>{t("requests.none")}</p>
          ) : (
            <div className="table-wrap">
              <table className="stack request-table">
                <thead>
                  <tr>
                    <th scope="col">{t("requests.trackingNo")}</th>
                    <th scope="col">{t("requests.unit")}</th>
                    <th scope="col">{t("requests.receivedOn")}</th>
                    <th scope="col">{t("requests.status")}</th>
                    <th scope="col">{t("requests.dueOn")}</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((r) => (
                    <tr key={r.id}>
                      <td className="ref">
                        <Link to={`/requests/${r.trackingNo}`}>{r.trackingNo}</Link>
                      </td>
                      <td className="wide">{lang === "en" ? r.unitNameEn : r.unitName}</td>
                      <td data-label={t("requests.receivedOn")}>{r.receivedOn}</td>
                      <td>
                        <StatusBadge status={r.status} />
                      </td>
                      <td data-label={t("requests.dueOn")}>
                        <DueDay clock={r.clock} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </div>
  );
}
