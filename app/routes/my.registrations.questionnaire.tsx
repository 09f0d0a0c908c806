import { Form, Link, data, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/my.registrations.questionnaire";
import { z } from "zod";
import { requireUser } from "~/.server/auth/guards";
import { questionnaireFor, submitResponse } from "~/.server/events/questionnaire";
import { requireIdParam, runForm } from "~/.server/http";
import { FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { httpError } from "~/.server/errors";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.questionnaire");

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = requireUser(request, context);
  const q = await questionnaireFor(context.db, user.id, requireIdParam(params.id)).catch(httpError);
  return { title: q.e.title, questions: q.questions, answered: q.answered, attended: !!q.r.checkedInAt };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const user = requireUser(request, context);
  return runForm(request, context, z.object({}).passthrough(), async (_i, form) => {
    await submitResponse(context.db, user.id, requireIdParam(params.id), form, context.now());
    return data({ ok: true as const });
  });
}

export default function Questionnaire() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  if (result?.ok || d.answered)
    return (
      <div className="page narrow">
        <h1>{t("events.q.title")}</h1>
        <p role="status" className="notice">
          {t("events.q.thanks")}
        </p>
        <Link to="/my/registrations">{t("events.my.title")}</Link>
      </div>
    );
  return (
    <div className="page narrow">
      <h1>{t("events.q.title")}</h1>
      <p className="lead">{d.title}</p>
      {!d.attended ? <p className="notice">{t("events.err.questionnaireClosed")}</p> : null}
      <Form method="post" noValidate>
        <FormError message={err?.message} />
        {d.questions.map((q) => {
          const name = `q${q.id}`;
          const error = err?.errors[name];
          return (
            <fieldset key={q.id} className={`field${error ? " has-error" : ""}`} aria-describedby={error ? `${name}-error` : undefined}>
              <legend>
                {q.prompt}
                {q.required ? ` (${t("events.q.required")})` : ""}
              </legend>
              {error ? (
                <p id={`${name}-error`} className="error">
                  {error}
                </p>
              ) : null}
              {q.kind === "text" ? (
                <textarea name={name} aria-label={q.prompt} rows={4} maxLength={2000} />
              ) : q.kind === "rating" ? (
                <div className="ev-options">
                  {[1, 2, 3, 4, 5].map((n) => (
                    <label key={n}>
                      <input type="radio" name={name} value={n} /> {n} {"★".repeat(n)}
                    </label>
                  ))}
                </div>
              ) : (
                <div className="ev-options">
                  {q.options.map((o, i) => (
                    <label key={i}>
                      <input type={q.kind === "single" ? "radio" : "checkbox"} name={name} value={i} /> {o}
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
          );
        })}
        <button type="submit" className="button primary" disabled={!d.attended}>
          {t("events.q.submit")}
        </button>
      </Form>
    </div>
  );
}
