import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/.server/auth/guards";
import { complianceReport } from "~/.server/decisions/compliance";
import { currentYear } from "~/.server/decisions/public";
import { shDate, StageName } from "~/components/decisions-ui";
import { useLang, useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "合规情况 · 参与" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const y = new URL(request.url).searchParams.get("year");
  const year = y && /^\d{4}$/.test(y) ? Number(y) : currentYear(context.now());
  return { report: await complianceReport(context.db, year, context.now()) };
}

export default function Compliance() {
  const { report } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>
        {t("decisions.compliance.title")} · {report.year}
      </h1>
      <Form method="get" className="dc-inline">
        <div className="field">
          <label htmlFor="cy">{t("decisions.compliance.year")}</label>
          <input id="cy" name="year" type="number" min={2000} max={2100} defaultValue={report.year} />
        </div>
        <button className="button">{t("decisions.filter.apply")}</button>
        <a className="button" href={`/admin/compliance.csv?year=${report.year}`} download>
          {t("decisions.compliance.csv")}
        </a>
      </Form>
      <h2>{t("decisions.compliance.catalogues")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("decisions.unit")}</th>
              <th scope="col">{t("decisions.status")}</th>
              <th scope="col">{t("decisions.compliance.publishedOn")}</th>
              <th scope="col">{t("decisions.console.items")}</th>
            </tr>
          </thead>
          <tbody>
            {report.catalogues.map((c) => (
              <tr key={c.unitId} className={`dc-c-${c.status}`}>
                <td>{lang === "en" ? c.nameEn : c.nameZh}</td>
                <td>
                  <span className={`dc-badge dc-compliance-${c.status}`}>{t(`decisions.compliance.${c.status}`)}</span>
                </td>
                <td>{c.publishedAt ? shDate(c.publishedAt) : "—"}</td>
                <td>{c.hasCatalogue ? c.items : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("decisions.compliance.results")}</h2>
      {report.results.length === 0 ? (
        <p>{t("decisions.compliance.resultsNone")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("decisions.compliance.item")}</th>
                <th scope="col">{t("decisions.unit")}</th>
                <th scope="col">{t("decisions.decidedOn")}</th>
                <th scope="col">{t("decisions.compliance.due")}</th>
                <th scope="col">{t("decisions.compliance.publishedOn")}</th>
              </tr>
            </thead>
            <tbody>
              {report.results.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/decisions/${r.id}`}>{r.title}</Link>
                  </td>
                  <td>{r.unit}</td>
                  <td>{r.decidedOn}</td>
                  <td>{r.due}</td>
                  <td>{r.publishedOn ?? t("decisions.compliance.notYet")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("decisions.compliance.stages")}</h2>
      {report.overdueStages.length === 0 ? (
        <p>{t("decisions.compliance.stagesNone")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("decisions.compliance.item")}</th>
                <th scope="col">{t("decisions.unit")}</th>
                <th scope="col">{t("decisions.compliance.stage")}</th>
                <th scope="col">{t("decisions.console.state")}</th>
                <th scope="col">{t("decisions.compliance.planned")}</th>
              </tr>
            </thead>
            <tbody>
              {report.overdueStages.map((s) => (
                <tr key={`${s.id}-${s.kind}`}>
                  <td>
                    <Link to={`/decisions/${s.id}#stage-${s.kind}`}>{s.title}</Link>
                  </td>
                  <td>{s.unit}</td>
                  <td>
                    <StageName kind={s.kind} />
                  </td>
                  <td>{t(`decisions.state.${s.state as "not_started"}`)}</td>
                  <td>
                    {s.plannedStartOn ?? "—"} – {s.plannedEndOn ?? "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
