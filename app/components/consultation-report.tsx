import type { Counts, FeedbackReport } from "~/.server/consultations/report";
import { useT } from "~/i18n/use-t";

function CountsTable({ rows, head }: { rows: (Counts & { name: string })[]; head: string }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{t("consultations.report.received")}</th>
            <th scope="col">{t("consultations.report.published")}</th>
            <th scope="col">{t("consultations.report.adopted")}</th>
            <th scope="col">{t("consultations.report.partly")}</th>
            <th scope="col">{t("consultations.report.notAdopted")}</th>
            <th scope="col">{t("consultations.report.notApplicable")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              <td>{r.received}</td>
              <td>{r.published}</td>
              <td>{r.adopted}</td>
              <td>{r.partly}</td>
              <td>{r.notAdopted}</td>
              <td>{r.notApplicable}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 公众参与情况: the published feedback report. */
export function ConsultationReport({ report, summary, publishedAt }: { report: FeedbackReport; summary: string | null; publishedAt: string }) {
  const t = useT();
  const tot = report.totals;
  return (
    <section id="report" aria-labelledby="report-h" className="consult-report">
      <h2 id="report-h">{t("consultations.report.title")}</h2>
      <p className="hint">{publishedAt}</p>
      {summary ? <p className="prewrap">{summary}</p> : null}
      <dl className="report-totals">
        <div>
          <dt>{t("consultations.report.received")}</dt>
          <dd data-testid="report-received">{tot.received}</dd>
        </div>
        <div>
          <dt>{t("consultations.report.commenters")}</dt>
          <dd>{tot.commenters}</dd>
        </div>
        <div>
          <dt>{t("consultations.report.published")}</dt>
          <dd data-testid="report-published">{tot.published}</dd>
        </div>
        <div>
          <dt>{t("consultations.report.adopted")}</dt>
          <dd data-testid="report-adopted">{tot.adopted}</dd>
        </div>
        <div>
          <dt>{t("consultations.report.partly")}</dt>
          <dd>{tot.partly}</dd>
        </div>
        <div>
          <dt>{t("consultations.report.notAdopted")}</dt>
          <dd>{tot.notAdopted}</dd>
        </div>
      </dl>
      <h3>{t("consultations.report.byArticle")}</h3>
      <CountsTable head={t("consultations.report.article")} rows={report.byArticle.map((a) => ({ ...a, name: a.label }))} />
      <h3>{t("consultations.report.byTheme")}</h3>
      <CountsTable head={t("consultations.report.theme")} rows={report.byTheme.map((a) => ({ ...a, name: a.theme }))} />
      <h3>{t("consultations.report.items")}</h3>
      <ol className="report-items">
        {report.items.map((i, n) => (
          <li key={n}>
            <p className="hint">
              {i.articleLabel ?? t("consultations.comment.whole")}
              {i.theme ? ` · ${i.theme}` : ""}
              {i.count > 1 ? ` · ${t("consultations.report.count", { n: i.count })}` : ""}
            </p>
            <p className="prewrap">{i.text ?? t("consultations.report.unpublishedText")}</p>
            <p>
              <span className={`badge adoption-${i.adoption ?? "none"}`}>{t(`consultations.adoption.${(i.adoption ?? "none") as "none"}`)}</span>
              {i.reason ? ` ${t("consultations.reason")}：${i.reason}` : ""}
            </p>
            {i.answer ? (
              <p className="answer prewrap">
                <strong>{t("consultations.comments.answer")}：</strong>
                {i.answer}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
