import { Form, Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/admin.compliance";
import { requireAdmin } from "~/.server/auth/guards";
import { complianceReport } from "~/.server/decisions/compliance";
import { currentYear } from "~/.server/decisions/public";
import { policyCompliance } from "~/.server/policies/questions";
import { requestDeadlineSummary } from "~/.server/requests/requests";
import { actorOf } from "~/.server/context";
import { DataTable } from "~/components/data-table";
import { ProvisionalNote } from "~/components/requests-ui";
import { StageName } from "~/components/decisions-ui";
import { formatDate } from "~/lib/dates";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.adminCompliance");

export async function loader({ request, context }: Route.LoaderArgs) {
  const admin = requireAdmin(request, context);
  const y = new URL(request.url).searchParams.get("year");
  const year = y && /^\d{4}$/.test(y) ? Number(y) : currentYear(context.now());
  const [report, policies, requests] = await Promise.all([
    complianceReport(context.db, year, context.now()),
    policyCompliance(context.db, context.now(), context.config.policyAnswerDays),
    requestDeadlineSummary(context.db, actorOf(admin), context.now()),
  ]);
  return { report, policies, requests };
}

export default function Compliance() {
  const { report, policies, requests } = useLoaderData<typeof loader>();
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
      {report.missingSchedules.map((y) => (
        <p key={y} className="notice warn" role="status" data-testid="schedule-missing">
          {t("decisions.compliance.scheduleMissing", { year: y })} <Link to="/admin/calendar">{t("decisions.compliance.scheduleLink")}</Link>
        </p>
      ))}
      <h2>{t("decisions.compliance.catalogues")}</h2>
      <DataTable
        rows={report.catalogues}
        rowKey={(c) => c.unitId}
        rowClass={(c) => `dc-c-${c.status}`}
        columns={[
          { header: t("decisions.unit"), cell: (c) => (lang === "en" ? c.nameEn : c.nameZh) },
          { header: t("decisions.status"), cell: (c) => <span className={`dc-badge dc-compliance-${c.status}`}>{t(`decisions.compliance.${c.status}`)}</span> },
          { header: t("decisions.compliance.publishedOn"), cell: (c) => (c.publishedAt ? formatDate(c.publishedAt, lang) : "—") },
          { header: t("decisions.console.items"), cell: (c) => (c.hasCatalogue ? c.items : "—") },
        ]}
      />
      <h2>{t("decisions.compliance.results")}</h2>
      <DataTable
        rows={report.results}
        rowKey={(r) => r.id}
        empty={t("decisions.compliance.resultsNone")}
        columns={[
          { header: t("decisions.compliance.item"), cell: (r) => <Link to={`/decisions/${r.id}`}>{r.title}</Link> },
          { header: t("decisions.unit"), cell: (r) => r.unit },
          { header: t("decisions.decidedOn"), cell: (r) => r.decidedOn },
          { header: t("decisions.compliance.due"), cell: (r) => (r.provisional ? `${r.due} · ${t("decisions.compliance.provisional", { years: r.missingYears.join("、") })}` : r.due) },
          { header: t("decisions.compliance.publishedOn"), cell: (r) => r.publishedOn ?? t("decisions.compliance.notYet") },
        ]}
      />
      <h2>{t("decisions.compliance.stages")}</h2>
      <DataTable
        rows={report.overdueStages}
        rowKey={(s) => `${s.id}-${s.kind}`}
        empty={t("decisions.compliance.stagesNone")}
        columns={[
          { header: t("decisions.compliance.item"), cell: (s) => <Link to={`/decisions/${s.id}#stage-${s.kind}`}>{s.title}</Link> },
          { header: t("decisions.unit"), cell: (s) => s.unit },
          { header: t("decisions.compliance.stage"), cell: (s) => <StageName kind={s.kind} /> },
          { header: t("decisions.console.state"), cell: (s) => t(`decisions.state.${s.state as "not_started"}`) },
          {
            header: t("decisions.compliance.planned"),
            cell: (s) => (
              <>
                {s.plannedStartOn ?? "—"} – {s.plannedEndOn ?? "—"}
              </>
            ),
          },
        ]}
      />
      <h2 id="violations">{t("decisions.compliance.violations")}</h2>
      <DataTable
        rows={report.violations}
        rowKey={(v) => `${v.id}-${v.key}-${v.stage}`}
        empty={t("decisions.compliance.violationsNone")}
        columns={[
          { header: t("decisions.compliance.item"), cell: (v) => <Link to={`/decisions/${v.id}#stage-${v.stage}`}>{v.title}</Link> },
          { header: t("decisions.unit"), cell: (v) => v.unit },
          { header: t("decisions.compliance.stage"), cell: (v) => <StageName kind={v.stage} /> },
          { header: t("decisions.compliance.rule"), cell: (v) => t(v.key, v.params) },
        ]}
      />
      {report.unverified.length ? (
        <ul className="hint">
          {report.unverified.map((v) => (
            <li key={`${v.id}-${v.key}`}>
              <Link to={`/decisions/${v.id}#stage-${v.stage}`}>{v.title}</Link>
              {t("common.colon")}
              {t(v.key, v.params)}
            </li>
          ))}
        </ul>
      ) : null}
      <h2 id="pace">{t("decisions.compliance.pace", { target: report.observers.target })}</h2>
      <p className={report.observers.behind ? "notice warn" : "hint"}>
        {report.observers.behind
          ? t("decisions.compliance.paceBehind", { expected: report.observers.expected, held: report.observers.held })
          : t("decisions.compliance.paceOk", { held: report.observers.held })}
      </p>
      <DataTable
        rows={report.observers.byQuarter}
        rowKey={(q) => q.quarter}
        columns={[
          { header: t("decisions.compliance.quarter"), cell: (q) => t("decisions.compliance.quarterN", { q: q.quarter }) },
          { header: t("decisions.compliance.paceHeld"), cell: (q) => q.held },
          { header: t("decisions.compliance.paceExpected"), cell: (q) => q.expectedCumulative },
        ]}
      />
      <h2>{t("policies.compliance.title")}</h2>
      <DataTable
        rows={policies}
        rowKey={(u) => u.id}
        empty={t("policies.compliance.none")}
        columns={[
          { header: t("decisions.unit"), cell: (u) => (lang === "en" ? u.nameEn : u.nameZh) },
          { header: t("policies.compliance.overdue"), cell: (u) => u.overdueQuestions },
          { header: t("policies.compliance.noInterpretation"), cell: (u) => u.withoutInterpretation },
        ]}
      />
      <h2 id="requests">{t("requests.compliance.title")}</h2>
      {requests.missingYears.length ? <ProvisionalNote years={requests.missingYears} /> : null}
      <DataTable
        rows={requests.units}
        rowKey={(u) => u.unitId}
        empty={t("requests.compliance.none")}
        columns={[
          { header: t("decisions.unit"), cell: (u) => (lang === "en" ? u.unitNameEn : u.unitNameZh) },
          { header: t("requests.compliance.open"), cell: (u) => u.open },
          { header: t("requests.console.overdue"), cell: (u) => (u.overdue ? <strong className="badge warn">{u.overdue}</strong> : 0) },
          { header: t("requests.console.nearlyDue"), cell: (u) => u.nearlyDue },
          { header: t("requests.compliance.overdueList"), cell: (u) => u.overdueTrackingNos.join(" ") || "—" },
          ...(requests.missingYears.length ? [{ header: t("requests.compliance.provisional"), cell: (u: (typeof requests.units)[number]) => u.provisional }] : []),
        ]}
      />
    </>
  );
}
