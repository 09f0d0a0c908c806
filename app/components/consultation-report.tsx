import type { Counts, FeedbackReport } from "~/.server/consultations/report";
import { useLang, useT } from "~/i18n/use-t";
import { structuralLabel } from "~/lib/labels";

/** Reports published before #17 stored these names for the whole draft and the unthemed. */
const LEGACY_WHOLE = "整体意见";
const LEGACY_OTHER = "其他";

type Row = Counts & { name: string; user?: boolean };

/**
 * One table of counts, ending with the abusive comments (not counted by row)
 * and a total that equals the comments received.
 */
function CountsTable({ rows, head, abusive, testId }: { rows: Row[]; head: string; abusive: number; testId: string }) {
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
              <th scope="row" {...(r.user ? { "data-user-content": "", lang: "zh" } : {})}>
                {r.name}
              </th>
              <td>{r.received}</td>
              <td>{r.published}</td>
              <td>{r.adopted}</td>
              <td>{r.partly}</td>
              <td>{r.notAdopted}</td>
              <td>{r.notApplicable}</td>
            </tr>
          ))}
          {abusive ? (
            <tr>
              <th scope="row">{t("consultations.report.abusiveRow")}</th>
              <td>{abusive}</td>
              <td>0</td>
              <td colSpan={4}>{t("consultations.report.notCounted")}</td>
            </tr>
          ) : null}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("consultations.report.total")}</th>
            <td data-testid={testId}>{rows.reduce((n, r) => n + r.received, 0) + abusive}</td>
            <td>{rows.reduce((n, r) => n + r.published, 0)}</td>
            <td>{rows.reduce((n, r) => n + r.adopted, 0)}</td>
            <td>{rows.reduce((n, r) => n + r.partly, 0)}</td>
            <td>{rows.reduce((n, r) => n + r.notAdopted, 0)}</td>
            <td>{rows.reduce((n, r) => n + r.notApplicable, 0)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** 公众参与情况: the published feedback report. */
export function ConsultationReport({ report, summary, publishedAt }: { report: FeedbackReport; summary: string | null; publishedAt: string }) {
  const t = useT();
  const lang = useLang();
  const tot = report.totals;
  const isWhole = (label: string | null) => label == null || label === LEGACY_WHOLE;
  const articleRows: Row[] = report.byArticle.map((a) => ({ ...a, name: isWhole(a.label) ? t("consultations.report.wholeRow") : structuralLabel(a.label!, lang) }));
  const themeRows: Row[] = report.byTheme.map((a) => (a.theme == null || a.theme === LEGACY_OTHER ? { ...a, name: t("consultations.report.noTheme") } : { ...a, name: a.theme, user: true }));
  const onArticles = report.byArticle.filter((a) => !isWhole(a.label)).reduce((n, a) => n + a.received, 0);
  const onWhole = report.byArticle.filter((a) => isWhole(a.label)).reduce((n, a) => n + a.received, 0);
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
      <p data-testid="report-reconcile">
        {t("consultations.report.reconcile", { received: tot.received, articles: onArticles, whole: onWhole, abusive: tot.abusive })}{" "}
        {t("consultations.report.reconcilePublished", { published: tot.published, rejected: tot.notPublished, abusive: tot.abusive })}
      </p>
      <h3>{t("consultations.report.byArticle")}</h3>
      <CountsTable head={t("consultations.report.article")} rows={articleRows} abusive={tot.abusive} testId="report-article-total" />
      <h3>{t("consultations.report.byTheme")}</h3>
      <CountsTable head={t("consultations.report.theme")} rows={themeRows} abusive={tot.abusive} testId="report-theme-total" />
      <h3>{t("consultations.report.items")}</h3>
      <ol className="report-items">
        {report.items.map((i, n) => (
          <li key={n}>
            <p className="hint">
              {i.articleLabel ? structuralLabel(i.articleLabel, lang) : t("consultations.comment.whole")}
              {i.theme ? (
                <>
                  {" · "}
                  <span data-user-content="" lang="zh">
                    {i.theme}
                  </span>
                </>
              ) : null}
              {i.count > 1 ? ` · ${t("consultations.report.count", { n: i.count })}` : ""}
            </p>
            <p className="prewrap">{i.text ?? t("consultations.report.unpublishedText")}</p>
            <p>
              <span className={`badge adoption-${i.adoption ?? "none"}`}>{t(`consultations.adoption.${(i.adoption ?? "none") as "none"}`)}</span>
              {i.reason ? (
                <>
                  {" "}
                  {t("consultations.reason")}
                  {t("common.colon")}
                  <span data-user-content="" lang="zh">
                    {i.reason}
                  </span>
                </>
              ) : null}
            </p>
            {i.answer ? (
              <p className="answer prewrap">
                <strong>
                  {t("consultations.comments.answer")}
                  {t("common.colon")}
                </strong>
                <span data-user-content="" lang="zh">
                  {i.answer}
                </span>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
