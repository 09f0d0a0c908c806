import { Form, Link, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/consultations.detail";
import { requireUser } from "~/.server/auth/guards";
import { commentSchema, submitComment } from "~/.server/consultations/comments";
import { fileFromForm, setFollow } from "~/.server/consultations/periods";
import { getPublicConsultation } from "~/.server/consultations/public";
import { httpError } from "~/.server/errors";
import { requireIdParam, runForm } from "~/.server/http";
import { ConsultationReport } from "~/components/consultation-report";
import type { FeedbackReport } from "~/.server/consultations/report";
import { FieldError, fieldAria, FormError } from "~/components/form";
import { useLang, useT } from "~/i18n/use-t";
import { formatDate } from "~/lib/dates";
import { structuralLabel } from "~/lib/labels";

export const meta: Route.MetaFunction = ({ data, matches }) => pageTitle(matches, "title.consultation", data?.c.title, undefined, data?.c.summary);

export async function loader({ context, params }: Route.LoaderArgs) {
  const c = await getPublicConsultation(context.db, requireIdParam(params.id), context.now(), context.user?.id ?? null, context.lang).catch(httpError);
  // The key for this rendering of the form: a double click or a network retry sends the same key twice.
  return { c, loggedIn: !!context.user, idempotencyKey: crypto.randomUUID() };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser(request, context);
  const id = requireIdParam(params.id);
  const intent = new URL(request.url).searchParams.get("intent");
  if (intent === "follow" || intent === "unfollow") {
    await setFollow(context.db, user.id, id, intent === "follow", context.now());
    return redirect(`/consultations/${id}`);
  }
  return runForm(request, context, commentSchema, async (input, form) => {
    const file = await fileFromForm(form, "attachment");
    const r = await submitComment(context.db, user, context.ip, id, input, context.now(), file, context.config.commentRate);
    return { ok: true as const, reference: r.reference };
  });
}

export default function ConsultationPage() {
  const { c, loggedIn, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const err = result && !result.ok ? result : undefined;
  const done = result && result.ok ? result : undefined;
  const preselected = err?.values.articleId ?? params.get("article") ?? "";
  let lastSection: string | null = null;
  return (
    <div className="page consult">
      <p>
        <Link to="/consultations">{t("consultations.title")}</Link>
      </p>
      <h1>{c.title}</h1>
      <dl className="facts">
        <dt>{t("consultations.unit")}</dt>
        <dd>{lang === "en" ? c.unit.nameEn : c.unit.nameZh}</dd>
        <dt>{t("consultations.period")}</dt>
        <dd>
          <span className={`badge status-${c.status}`}>{t(`consultations.status.${c.status}`)}</span> {c.opensAt} — {c.closesAt}
          {c.daysLeft != null ? (
            <strong className="countdown"> {c.daysLeft <= 1 ? t("consultations.lastDay") : t("consultations.daysLeft", { days: c.daysLeft })}</strong>
          ) : null}
        </dd>
        {c.shortReason ? (
          <>
            <dt>{t("consultations.shortReason")}</dt>
            <dd>{c.shortReason}</dd>
          </>
        ) : null}
        {c.decision ? (
          <>
            <dt>{t("consultations.decisionLink")}</dt>
            <dd>
              <Link to={`/decisions/${c.decision.id}`}>{c.decision.title}</Link>
            </dd>
          </>
        ) : null}
      </dl>
      {c.summary ? <p className="lead">{c.summary}</p> : null}

      <nav aria-label={t("consultations.title")} className="consult-toc">
        <ul>
          <li><a href="#draft">{t("consultations.draft")}</a></li>
          <li><a href="#explanation">{t("consultations.explanation")}</a></li>
          <li><a href="#interpretation">{t("consultations.interpretation")}</a></li>
          <li><a href="#comments">{t("consultations.comments")}</a></li>
          {c.status === "open" ? <li><a href="#comment">{t("consultations.comment.title")}</a></li> : null}
          {c.report ? <li><a href="#report">{t("consultations.report.title")}</a></li> : null}
        </ul>
      </nav>

      {loggedIn && c.status !== "closed" ? (
        <Form method="post" action={`?intent=${c.following ? "unfollow" : "follow"}`} className="inline">
          {c.following ? <span className="hint">{t("consultations.following")}</span> : null}
          <button className={c.following ? "button" : "button primary"}>{c.following ? t("consultations.unfollow") : t("consultations.follow")}</button>
        </Form>
      ) : null}

      {c.report ? <ConsultationReport report={c.report.data as unknown as FeedbackReport} summary={c.report.summary} publishedAt={c.report.publishedAt} /> : null}
      {c.status === "closed" && !c.report ? <p className="notice">{t("consultations.report.pending")}</p> : null}

      <section id="draft" aria-labelledby="draft-h">
        <h2 id="draft-h">{t("consultations.draft")}</h2>
        <ol className="articles">
          {c.articles.map((a) => {
            const heading = a.section && a.section !== lastSection ? a.section : null;
            lastSection = a.section;
            return (
              <li key={a.id} id={`article-${a.id}`} className="article">
                {heading ? <h3 className="section-h">{heading}</h3> : null}
                <p className="prewrap">
                  <strong>{structuralLabel(a.label, lang)}</strong> {a.body}
                </p>
                <p className="article-meta">
                  <span>{t("consultations.articleComments", { n: a.published })}</span>
                  {c.status === "open" ? (
                    <Link to={`?article=${a.id}#comment`} preventScrollReset={false}>
                      {t("consultations.commentOnArticle", { label: structuralLabel(a.label, lang) })}
                    </Link>
                  ) : null}
                </p>
              </li>
            );
          })}
        </ol>
      </section>

      <section id="explanation" aria-labelledby="explanation-h">
        <h2 id="explanation-h">{t("consultations.explanation")}</h2>
        <p className="prewrap">{c.explanation}</p>
      </section>
      <section id="interpretation" aria-labelledby="interpretation-h">
        <h2 id="interpretation-h">{t("consultations.interpretation")}</h2>
        <p className="prewrap">{c.interpretation}</p>
      </section>
      {c.attachments.length ? (
        <section aria-labelledby="att-h">
          <h2 id="att-h">{t("consultations.attachments")}</h2>
          <ul>
            {c.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/consultations/${c.id}/attachments/${a.id}`} download>
                  {a.filename}
                </a>{" "}
                <span className="hint">({Math.ceil(a.size / 1024)} KB)</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.otherWays ? (
        <section aria-labelledby="other-h">
          <h2 id="other-h">{t("consultations.otherWays")}</h2>
          <p className="prewrap" data-user-content="" lang="zh">
            {c.otherWays}
          </p>
        </section>
      ) : null}

      <section id="comment" aria-labelledby="comment-h">
        <h2 id="comment-h">{t("consultations.comment.title")}</h2>
        {done ? (
          <p role="status" className="notice ok" data-testid="comment-done">
            {t("consultations.comment.done", { reference: done.reference })}
          </p>
        ) : null}
        {c.status === "closed" ? (
          <>
            <p className="notice">{t("consultations.comment.closedNote")}</p>
            {err?.values.body ? (
              // Sent just after the close: refused, but the resident keeps what they wrote.
              <div className="field" data-testid="comment-after-close">
                <FormError message={err.message} />
                <label htmlFor="f-body-kept">{t("consultations.comment.keptText")}</label>
                <textarea id="f-body-kept" rows={6} readOnly defaultValue={err.values.body} />
              </div>
            ) : null}
          </>
        ) : c.status === "upcoming" ? (
          <p className="notice">{t("consultations.comment.upcomingNote")}</p>
        ) : !loggedIn ? (
          <p>
            {t("consultations.comment.loginFirst")}{" "}
            <Link to={`/login?redirectTo=${encodeURIComponent(`/consultations/${c.id}#comment`)}`}>{t("consultations.comment.login")}</Link>
          </p>
        ) : (
          <Form method="post" encType="multipart/form-data" noValidate key={idempotencyKey}>
            <FormError message={err?.message} />
            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
            <div className="field">
              <label htmlFor="f-articleId">{t("consultations.comment.target")}</label>
              <select id="f-articleId" name="articleId" defaultValue={preselected}>
                <option value="">{t("consultations.comment.whole")}</option>
                {c.articles.map((a) => (
                  <option key={a.id} value={a.id}>
                    {structuralLabel(a.label, lang)} {a.body.slice(0, 24)}
                  </option>
                ))}
              </select>
            </div>
            <div className={`field${err?.errors.body ? " has-error" : ""}`}>
              <label htmlFor="f-body">{t("consultations.comment.body")}</label>
              <p id="f-body-hint" className="hint">{t("consultations.comment.bodyHint")}</p>
              <textarea
                id="f-body"
                name="body"
                rows={6}
                maxLength={5000}
                required
                defaultValue={err?.values.body}
                aria-invalid={err?.errors.body ? true : undefined}
                aria-describedby={`f-body-hint${err?.errors.body ? " f-body-error" : ""}`}
              />
              {err?.errors.body ? <p id="f-body-error" className="error">{err.errors.body}</p> : null}
            </div>
            <div className="field checkbox">
              <label>
                <input type="checkbox" name="showName" defaultChecked={err?.values.showName === "on"} /> {t("consultations.comment.showName")}
              </label>
            </div>
            <div className={`field${err?.errors.attachment ? " has-error" : ""}`}>
              <label htmlFor="f-attachment">{t("consultations.comment.attachment")}</label>
              <input id="f-attachment" type="file" name="attachment" accept=".pdf,.doc,.docx,.xls,.xlsx,.txt,.png,.jpg,.jpeg" {...fieldAria("f-attachment", err?.errors.attachment)} />
              <FieldError id="f-attachment" error={err?.errors.attachment} />
            </div>
            <button className="button primary" disabled={nav.state === "submitting"}>
              {t("consultations.comment.submit")}
            </button>
          </Form>
        )}
      </section>

      <section id="comments" aria-labelledby="comments-h">
        <h2 id="comments-h">
          {t("consultations.comments")} ({c.comments.length})
        </h2>
        {c.comments.length === 0 ? <p className="hint">{t("consultations.comments.none")}</p> : null}
        <ol className="comments">
          {c.comments.map((m) => (
            <li key={m.id} className="comment">
              <p className="hint">
                {m.name ? (
                  <span data-user-content="" lang="zh">
                    {m.name}
                  </span>
                ) : (
                  t("consultations.comments.anonymous")
                )}{" "}
                · {m.articleLabel ? structuralLabel(m.articleLabel, lang) : t("consultations.comment.whole")} ·{" "}
                <time dateTime={new Date(m.createdAt).toISOString()}>{formatDate(m.createdAt, lang)}</time>
              </p>
              <p className="prewrap" data-user-content="" lang="zh">
                {m.body}
              </p>
              {m.adoption ? <span className={`badge adoption-${m.adoption}`}>{t(`consultations.adoption.${m.adoption}`)}</span> : null}
              {m.answer ? (
                <p className="answer prewrap">
                  <strong>
                    {t("consultations.comments.answer")}
                    {t("common.colon")}
                  </strong>
                  <span data-user-content="" lang="zh">
                    {m.answer}
                  </span>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="history-h">
        <h2 id="history-h">{t("consultations.history")}</h2>
        <ul className="history">
          {c.events.map((e, i) => (
            <li key={i}>
              <time dateTime={e.atIso ?? undefined}>{e.at}</time>{" "}
              {e.kind === "extended"
                ? t("consultations.event.extended", { from: e.from ?? "", to: e.to ?? "" })
                : e.kind === "published"
                  ? t("consultations.event.published", { closesAt: e.to ?? "" })
                  : t("consultations.event.report_published")}
              {e.kind === "extended" && e.reason ? (
                <>
                  {` — ${t("consultations.reason")}${t("common.colon")}`}
                  <span data-user-content="" lang="zh">
                    {e.reason}
                  </span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
