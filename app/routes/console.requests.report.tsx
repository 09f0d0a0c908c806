import { Form, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.requests.report";
import { loadReport } from "~/.server/requests/report-params";
import { APPLICANT_TYPES, remedyRows, reportRows, reportUnitName } from "~/.server/requests/report";
import { listUnits } from "~/.server/units/units";
import { useLang, useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n/messages";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "requests.console.report");

export async function loader({ request, context }: Route.LoaderArgs) {
  const { user, year, unitId, report } = await loadReport(request, context);
  return {
    year,
    unitId,
    unitName: await reportUnitName(context.db, unitId, context.lang),
    units: user.role === "admin" ? await listUnits(context.db) : [],
    rows: reportRows(report, context.lang),
    remedies: remedyRows(report, context.lang),
    types: APPLICANT_TYPES,
  };
}

export default function RequestsReport() {
  const { year, unitId, unitName, units, rows, remedies, types } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const qs = `year=${year}${unitId != null ? `&unit=${unitId}` : ""}`;
  return (
    <>
      <h1>{t("requests.console.report")}</h1>
      <Form method="get">
        <label htmlFor="year">{t("requests.report.year")}</label> <input id="year" name="year" type="number" min={2008} max={2100} defaultValue={year} />{" "}
        {units.length ? (
          <select name="unit" defaultValue={unitId ?? ""} aria-label={t("requests.unit")}>
            <option value="">{t("requests.report.allUnits")}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {lang === "en" ? u.nameEn : u.nameZh}
              </option>
            ))}
          </select>
        ) : null}{" "}
        <button className="button">{t("requests.report.show")}</button>
      </Form>
      <p>
        <a className="button" href={`/console/requests/report.xlsx?${qs}`}>
          {t("requests.report.xlsx")}
        </a>{" "}
        <a className="button" href={`/console/requests/report.csv?${qs}`}>
          {t("requests.report.csv")}
        </a>
      </p>
      <h2>
        {unitName} · {year}
      </h2>
      <div className="table-wrap">
        <table data-testid="requests-report">
          <thead>
            <tr>
              <th scope="col" rowSpan={2} colSpan={1}>
                {t("requests.console.report")}
              </th>
              <th scope="col" rowSpan={2}>
                {t("requests.type.natural_person")}
              </th>
              <th scope="colgroup" colSpan={5}>
                {lang === "en" ? "Legal persons or other organisations" : "法人或其他组织"}
              </th>
              <th scope="col" rowSpan={2}>
                {lang === "en" ? "Total" : "总计"}
              </th>
            </tr>
            <tr>
              {types.slice(1).map((ty) => (
                <th scope="col" key={ty}>
                  {ty === "other_org" ? (lang === "en" ? "Other" : "其他") : t(`requests.type.${ty}` as MessageKey)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label} className={`report-level-${r.level}`}>
                <th scope="row" style={{ paddingLeft: `${r.level * 1.25}rem`, textAlign: "left" }}>
                  {r.label}
                </th>
                {r.counts ? (
                  <>
                    {types.map((ty) => (
                      <td key={ty}>{r.counts![ty]}</td>
                    ))}
                    <td>{r.counts.total}</td>
                  </>
                ) : (
                  <td colSpan={7} />
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              {remedies[0].map((h) => (
                <th scope="col" key={String(h)}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {remedies.slice(1).map((row) => (
              <tr key={String(row[0])}>
                {row.map((c, i) => (i === 0 ? <th scope="row" key={i}>{c}</th> : <td key={i}>{c}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
