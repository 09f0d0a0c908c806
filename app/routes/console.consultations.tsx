import { Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.consultations";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { listManagedConsultations, periodStatus } from "~/.server/consultations/periods";
import { formatDateTime, formatPeriodEnd } from "~/lib/dates";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleConsultations");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const now = context.now();
  const list = await listManagedConsultations(context.db, actor(context, user));
  return {
    list: list.map((c) => ({
      id: c.id,
      title: c.title,
      unitZh: c.unitZh,
      unitEn: c.unitEn,
      status: periodStatus(c, now),
      opensAt: formatDateTime(c.opensAt, context.lang),
      closesAt: formatPeriodEnd(c.closesAt, context.lang),
      pending: Number(c.pending),
      total: Number(c.total),
      report: c.reportPublishedAt != null,
    })),
  };
}

export default function ConsoleConsultations() {
  const { list } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("consultations.console.title")}</h1>
      <p>
        <Link className="button primary" to="/console/consultations/new">
          {t("consultations.console.new")}
        </Link>
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("consultations.console.titleField")}</th>
              <th scope="col">{t("consultations.console.unit")}</th>
              <th scope="col">{t("consultations.period")}</th>
              <th scope="col">{t("consultations.queue.status")}</th>
              <th scope="col">{t("consultations.comments")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/console/consultations/${c.id}`}>{c.title}</Link>
                </td>
                <td>{lang === "en" ? c.unitEn : c.unitZh}</td>
                <td>
                  {c.opensAt} — {c.closesAt}
                </td>
                <td>
                  {t(`consultations.status.${c.status}`)}
                  {c.report ? ` · ${t("consultations.reportPublished")}` : ""}
                </td>
                <td>
                  <Link to={`/console/consultations/${c.id}/moderation`}>
                    {t("consultations.console.total", { n: c.total })} · {t("consultations.console.pending", { n: c.pending })}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
