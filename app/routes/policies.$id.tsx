import { Form, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { pageTitle } from "~/lib/meta";
import { policyFeedLinks } from "~/lib/feeds";
import type { Route } from "./+types/policies.$id";
import { actor, requireUser } from "~/.server/auth/guards";
import { formatDate } from "~/lib/dates";
import { httpError } from "~/.server/errors";
import { requireIdParam, runForm } from "~/.server/http";
import { getPolicyPage } from "~/.server/policies/public";
import { askQuestion, listMyQuestions, questionSchema } from "~/.server/policies/questions";
import { FormError } from "~/components/form";
import { TextArea } from "~/components/consultation-form";
import { ValidityBadge } from "~/components/policies-ui";
import { TagLinks } from "~/components/decisions-ui";
import { Msg } from "~/components/msg";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ data, matches }) => {
  const p = data?.page.policy;
  const feeds = p ? policyFeedLinks(matches, { slug: p.unitSlug, nameZh: p.unitNameZh, nameEn: p.unitNameEn }, [...p.topics, ...p.audiences]) : policyFeedLinks(matches);
  return [...pageTitle(matches, "title.policy", p?.title), ...feeds];
};

export async function loader({ context, params }: Route.LoaderArgs) {
  const id = requireIdParam(params.id);
  const viewer = context.user ? actor(context, context.user) : null;
  const page = await getPolicyPage(context.db, id, viewer, context.now()).catch(httpError);
  const mine = context.user ? await listMyQuestions(context.db, context.user.id, id) : [];
  const day = (d: Date | null | undefined) => (d ? formatDate(d, context.lang) : null);
  return {
    page: {
      ...page,
      faqs: page.faqs.map((f) => ({ ...f, updatedAt: day(f.updatedAt) })),
      questions: page.questions.map((q) => ({ ...q, askedAt: day(q.askedAt), answeredAt: day(q.answeredAt) })),
    },
    mine: mine.map((q) => ({ ...q, askedAt: day(q.askedAt) })),
    loggedIn: !!context.user,
    // One key per rendering of the form: a double click or a network retry sends it twice.
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser(request, context);
  const id = requireIdParam(params.id);
  return runForm(request, context, questionSchema, async (input) => {
    const r = await askQuestion(context.db, user, context.ip, id, input, context.now(), context.config.commentRate);
    return { ok: true as const, reference: r.reference };
  });
}

export default function PolicyPage() {
  const { page, mine, loggedIn, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  const lang = useLang();
  const p = page.policy;
  const err = result && !result.ok ? result : undefined;
  const done = result && result.ok ? result : undefined;
  const servicesFor = (article: string | null) => p.services.filter((s) => s.article === article);
  const serviceLinks = (list: typeof p.services) =>
    list.length ? (
      <span className="pl-services">
        {list.map((s) => (
          <a key={s.url + s.name} className="pl-ban" href={s.url} rel="noopener noreferrer" aria-label={t("policies.serviceLabel", { name: s.name })} title={s.name} data-user-content>
            {t("policies.serviceIcon")}
          </a>
        ))}
      </span>
    ) : null;
  const initial = page.interpretations.filter((i) => i.kind === "initial");
  const followUps = page.interpretations.filter((i) => i.kind === "follow_up");
  return (
    <div className="page policies">
      <p>
        <Link to="/policies">{t("policies.title")}</Link>
      </p>
      {!p.publishedAt ? <p className="form-error">{t("policies.draftNotice")}</p> : null}
      <h1>
        {p.title} {serviceLinks(p.services)}
      </h1>
      <div className={`pl-validity-box pl-validity-${p.validity}`} data-testid="validity">
        <strong>
          {t("policies.validityLabel")}
          {t("common.colon")}
        </strong>
        <ValidityBadge validity={p.validity} />
        {p.validity === "amended" && page.successor ? (
          <p>
            {t("policies.amendedBy")} <Link to={`/policies/${page.successor.id}`}>{page.successor.title}</Link> {page.successor.docNumber}
          </p>
        ) : null}
        {p.validity === "repealed" ? (
          page.successor ? (
            <p>
              {t("policies.repealedBy")} <Link to={`/policies/${page.successor.id}`}>{page.successor.title}</Link> {page.successor.docNumber}
            </p>
          ) : (
            <p>{t("policies.repealedNoSuccessor", { date: formatDate(p.changedOn, lang) })}</p>
          )
        ) : null}
        {p.validity === "lapsed" ? (
          <p>{p.change === "lapsed" ? t("policies.lapsedOn", { date: formatDate(p.changedOn, lang) }) : t("policies.lapsedByDate", { date: formatDate(p.validUntil, lang) })}</p>
        ) : null}
        {p.changeNote ? (
          <p>
            {t("policies.changeNote")}
            {t("common.colon")}
            {p.changeNote}
          </p>
        ) : null}
        {page.predecessors.length ? (
          <p>
            {t("policies.replaces")}{" "}
            {page.predecessors.map((x, i) => (
              <span key={x.id}>
                {i ? "、" : ""}
                <Link to={`/policies/${x.id}`}>{x.title}</Link>
              </span>
            ))}
          </p>
        ) : null}
      </div>
      <dl className="facts">
        {p.docNumber ? (
          <>
            <dt>{t("policies.docNumber")}</dt>
            <dd>{p.docNumber}</dd>
          </>
        ) : null}
        <dt>{t("policies.unit")}</dt>
        <dd>{lang === "en" ? p.unitNameEn : p.unitNameZh}</dd>
        <dt>{t("policies.filter.kind")}</dt>
        <dd>{t(`policies.kind.${p.kind}`)}</dd>
        {p.issuedOn ? (
          <>
            <dt>{t("policies.issuedOn")}</dt>
            <dd>{formatDate(p.issuedOn, lang)}</dd>
          </>
        ) : null}
        {p.effectiveOn ? (
          <>
            <dt>{t("policies.effectiveOn")}</dt>
            <dd>{formatDate(p.effectiveOn, lang)}</dd>
          </>
        ) : null}
        <dt>{t("policies.validUntil")}</dt>
        <dd>{p.validUntil ? formatDate(p.validUntil, lang) : t("policies.longTerm")}</dd>
        {p.topics.length ? (
          <>
            <dt>{t("policies.topics")}</dt>
            <dd>
              <TagLinks tags={p.topics.map((tag) => ({ tag, href: `/policies?topic=${encodeURIComponent(tag)}` }))} />
            </dd>
          </>
        ) : null}
        {p.audiences.length ? (
          <>
            <dt>{t("policies.audiences")}</dt>
            <dd>
              <TagLinks tags={p.audiences.map((tag) => ({ tag, href: `/policies?audience=${encodeURIComponent(tag)}` }))} />
            </dd>
          </>
        ) : null}
        {page.decision ? (
          <>
            <dt>{t("policies.decision")}</dt>
            <dd>
              <Link to={`/decisions/${page.decision.id}`}><Msg k="policies.decisionLink" params={{ year: page.decision.year }} user={{ title: page.decision.title }} /></Link>
            </dd>
          </>
        ) : null}
      </dl>
      {p.services.length ? (
        <section aria-labelledby="pl-services">
          <h2 id="pl-services">{t("policies.services")}</h2>
          <ul>
            {p.services.map((s) => (
              <li key={s.url + s.name}>
                <span className="pl-ban" aria-hidden="true">
                  {t("policies.serviceIcon")}
                </span>{" "}
                <a href={s.url} rel="noopener noreferrer">
                  {s.name}
                </a>
                {s.article ? ` · ${s.article}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {page.faqs.length ? (
        <section aria-labelledby="pl-faq" className="pl-faq">
          <h2 id="pl-faq">{t("policies.faq")}</h2>
          {page.faqs.map((f) => (
            <details key={f.id}>
              <summary data-user-content>{f.question}</summary>
              <p className="pre">{f.answer}</p>
            </details>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="pl-text">
        <h2 id="pl-text">{t("policies.text")}</h2>
        {p.summary ? <p className="lead">{p.summary}</p> : null}
        {page.articles.map((a, i) => (
          <div key={i} className="pl-article" id={`a-${i + 1}`}>
            {a.section && (i === 0 || page.articles[i - 1].section !== a.section) ? <h3>{a.section}</h3> : null}
            <p>
              <strong>{a.label}</strong> {a.body} {serviceLinks(servicesFor(a.label))}
            </p>
          </div>
        ))}
        {p.attachments.length ? (
          <>
            <h3>{t("policies.attachments")}</h3>
            <ul>
              {p.attachments.map((a) => (
                <li key={a.url}>
                  <a href={a.url} rel="noopener noreferrer">
                    {a.title}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {page.englishArticles ? (
        <section aria-labelledby="pl-en" lang="en">
          <h2 id="pl-en">{t("policies.textEn")}</h2>
          <details>
            <summary>{t("policies.showEnglish")}</summary>
            {p.titleEn ? <h3>{p.titleEn}</h3> : null}
            {page.englishArticles.map((a, i) => (
              <p key={i}>
                <strong>{a.label}</strong> {a.body}
              </p>
            ))}
          </details>
        </section>
      ) : null}

      <section aria-labelledby="pl-interp">
        <h2 id="pl-interp">{t("policies.interpretations")}</h2>
        {page.interpretations.length === 0 ? <p>{t("policies.noInterpretation")}</p> : null}
        {[...initial, ...followUps.slice().reverse()].map((i) => (
          <article key={i.id} className="pl-interp">
            <h3>{i.title}</h3>
            <p className="hint">
              {t(`policies.interpretation.${i.kind}`)} · {formatDate(i.publishedOn, lang)}
            </p>
            <p className="pre">{i.body}</p>
          </article>
        ))}
      </section>

      <section aria-labelledby="pl-board" className="pl-board">
        <h2 id="pl-board">{t("policies.board")}</h2>
        <p className="hint">{t("policies.boardLead")}</p>
        {page.questions.length === 0 ? <p>{t("policies.noQuestions")}</p> : null}
        <ol className="pl-questions">
          {page.questions.map((q) => (
            <li key={q.id}>
              <p className="hint">
                {q.name ?? t("policies.anonymous")} · {t("policies.askedAt", { date: q.askedAt ?? "" })} · {q.reference}
              </p>
              <p className="pre">{q.body}</p>
              {q.answer ? (
                <div className="pl-answer">
                  <strong>{t("policies.answer")}</strong> <span className="hint">{t("policies.answeredAt", { date: q.answeredAt ?? "" })}</span>
                  <p className="pre">{q.answer}</p>
                </div>
              ) : (
                <p className="hint">{t("policies.awaitingAnswer")}</p>
              )}
            </li>
          ))}
        </ol>

        {mine.length ? (
          <>
            <h3>{t("policies.mine")}</h3>
            <ul data-testid="my-questions">
              {mine.map((q) => (
                <li key={q.reference}>
                  {q.reference} · <span className={`badge status-${q.status}`}>{t(`policies.status.${q.status}`)}</span> · {q.askedAt}
                  <p className="pre">{q.body}</p>
                  {q.refusalReason ? (
                    <p>
                      {t("policies.refusalReason")}
                      {t("common.colon")}
                      {q.refusalReason}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {p.publishedAt ? (
          loggedIn ? (
            <Form method="post" noValidate key={idempotencyKey} className="pl-ask">
              <h3>{t("policies.ask")}</h3>
              {done ? (
                <p role="status" data-testid="question-done">
                  {t("policies.submitted", { reference: done.reference })}
                </p>
              ) : null}
              <FormError message={err?.message} />
              <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
              <TextArea name="body" label={t("policies.question")} hint={t("policies.questionHint")} rows={4} maxLength={2000} required defaultValue={err?.values.body} error={err?.errors.body} />
              <div className="field checkbox">
                <input id="pl-showName" type="checkbox" name="showName" defaultChecked={err?.values.showName === "on"} />
                <label htmlFor="pl-showName">{t("policies.showName")}</label>
              </div>
              <button className="button primary" disabled={nav.state === "submitting"}>
                {t("policies.submit")}
              </button>
            </Form>
          ) : (
            <p>
              <a href={`/login?redirectTo=${encodeURIComponent(`/policies/${p.id}`)}`}>{t("policies.askLogin")}</a>
            </p>
          )
        ) : null}
      </section>
    </div>
  );
}
