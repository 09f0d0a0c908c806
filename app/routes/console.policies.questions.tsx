import { Form, Link, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.policies.questions";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { formatDate, formatDateTime } from "~/lib/dates";
import { httpError } from "~/.server/errors";
import { runForm } from "~/.server/http";
import { answerQuestion, answerSchema, listQuestionQueue, moderateQuestion, moderateSchema, promoteToFaq } from "~/.server/policies/questions";
import { translate } from "~/i18n/messages";
import { FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consolePolicyQuestions");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const all = new URL(request.url).searchParams.get("all") === "1";
  const days = context.config.policyAnswerDays;
  const list = await listQuestionQueue(context.db, actor(context, user), user.unitId, context.now(), days, { all }).catch(httpError);
  return {
    days,
    all,
    list: list.map((q) => ({ ...q, askedAt: formatDateTime(q.askedAt, context.lang), answeredAt: q.answeredAt ? formatDate(q.answeredAt, context.lang) : null })),
  };
}

const idSchema = z.object({ id: z.coerce.number().int().positive() });

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const a = actor(context, user);
  const intent = new URL(request.url).searchParams.get("intent");
  const now = context.now();
  const done = { ok: true as const, message: translate(context.lang, "policies.console.done") };
  if (intent === "moderate") {
    return runForm(request, context, moderateSchema.extend(idSchema.shape), async (input) => {
      await moderateQuestion(context.db, a, input.id, input, now);
      return done;
    });
  }
  if (intent === "answer") {
    return runForm(request, context, answerSchema.extend(idSchema.shape), async (input) => {
      await answerQuestion(context.db, a, input.id, input, now);
      return done;
    });
  }
  if (intent === "promote") {
    return runForm(request, context, idSchema, async (input) => {
      await promoteToFaq(context.db, a, input.id, now);
      return done;
    });
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function PolicyQuestions() {
  const { list, days, all } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  const errId = err ? Number(err.values.id) : null;
  return (
    <>
      <p>
        <Link to="/console/policies">{t("policies.console.title")}</Link>
      </p>
      <h1>{t("policies.console.questions")}</h1>
      <p className="hint">{t("policies.console.queueLead", { days })}</p>
      <p>{all ? <Link to="?">{t("policies.console.showOpen")}</Link> : <Link to="?all=1">{t("policies.console.showAll")}</Link>}</p>
      {result && result.ok ? (
        <p role="status" className="notice">
          {result.message}
        </p>
      ) : null}
      {list.length === 0 ? <p>{t("policies.console.queueEmpty")}</p> : null}
      <ol className="pl-queue">
        {list.map((q) => (
          <li key={q.id} className={q.overdue ? "pl-overdue" : undefined} data-testid={`question-${q.reference}`}>
            <h2 className="h3">
              {q.reference} · <Link to={`/policies/${q.policyId}`}>{q.policyTitle}</Link>
            </h2>
            <p className="hint">
              {t("policies.console.asker")}{t("common.colon")}{q.authorName} · {q.askedAt} · <span className={`badge status-${q.status}`}>{t(`policies.status.${q.status}`)}</span> ·{" "}
              {t("policies.console.dueOn")}{t("common.colon")}{q.dueOn}
              {q.overdue ? <strong className="pl-overdue-flag"> {t("policies.console.overdue")}</strong> : null}
            </p>
            <p className="pre">{q.body}</p>
            {errId === q.id ? <FormError message={err?.message} /> : null}
            {q.status === "pending" ? (
              <Form method="post" action="?intent=moderate" className="inline-form">
                <input type="hidden" name="id" value={q.id} />
                <button className="button" name="decision" value="publish">
                  {t("policies.console.publishQuestion")}
                </button>
                <label htmlFor={`reason-${q.id}`}>{t("policies.console.reason")}</label>
                <input id={`reason-${q.id}`} name="reason" defaultValue={errId === q.id ? err?.values.reason : undefined} />
                <button className="button" name="decision" value="refuse">
                  {t("policies.console.refuse")}
                </button>
              </Form>
            ) : null}
            {q.status === "refused" ? (
              <p>
                {t("policies.refusalReason")}{t("common.colon")}{q.refusalReason}
              </p>
            ) : null}
            {q.answer ? (
              <div className="pl-answer">
                <strong>{t("policies.answer")}</strong> {q.answeredAt}
                <p className="pre">{q.answer}</p>
              </div>
            ) : q.status !== "refused" ? (
              <Form method="post" action="?intent=answer">
                <input type="hidden" name="id" value={q.id} />
                <div className="field">
                  <label htmlFor={`answer-${q.id}`}>{t("policies.console.answerField")}</label>
                  <textarea id={`answer-${q.id}`} name="answer" rows={3} defaultValue={errId === q.id ? err?.values.answer : undefined} />
                </div>
                <button className="button primary">{t("policies.console.sendAnswer")}</button>
              </Form>
            ) : null}
            {q.status === "published" && q.answer ? (
              q.faqId ? (
                <p>{t("policies.console.inFaq")}</p>
              ) : (
                <Form method="post" action="?intent=promote">
                  <input type="hidden" name="id" value={q.id} />
                  <button className="button">{t("policies.console.promote")}</button>
                </Form>
              )
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}
