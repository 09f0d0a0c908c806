import { Form, Link, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.policies.policy";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { httpError } from "~/.server/errors";
import { requireIdParam, runForm } from "~/.server/http";
import {
  addInterpretation,
  changeSchema,
  changeValidity,
  getManagedPolicy,
  interpretationSchema,
  listSuccessorCandidates,
  policySchema,
  publishPolicy,
  updatePolicy,
} from "~/.server/policies/policies";
import { faqSchema, listFaqs, updateFaq } from "~/.server/policies/questions";
import { validityOf } from "~/.server/policies/validity";
import { translate } from "~/i18n/messages";
import { Field, FormError } from "~/components/form";
import { PolicyFields } from "~/components/policy-form";
import { ValidityBadge } from "~/components/policies-ui";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ data, matches }) => pageTitle(matches, "title.consolePolicy", data?.policy.title);

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const { policy, interpretations } = await getManagedPolicy(context.db, actor(context, user), id).catch(httpError);
  const [candidates, faqs] = await Promise.all([listSuccessorCandidates(context.db, id), listFaqs(context.db, id)]);
  const { searchText: _s, ...p } = policy;
  return {
    policy: { ...p, published: p.publishedAt != null, validity: validityOf(p, context.now()) },
    interpretations,
    candidates,
    faqs: faqs.map(({ updatedAt: _u, ...f }) => f),
  };
}

const intentSchema = z.enum(["save", "interpretation", "publish", "change", "faq"]);

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const a = actor(context, user);
  const id = requireIdParam(params.id);
  const intent = intentSchema.safeParse(new URL(request.url).searchParams.get("intent"));
  if (!intent.success) throw new Response("Bad Request", { status: 400 });
  const now = context.now();
  const lang = context.lang;
  switch (intent.data) {
    case "save":
      return runForm(request, context, policySchema, async (input) => {
        await updatePolicy(context.db, a, id, input, now);
        return { ok: true as const, intent: "save", message: translate(lang, "policies.console.saved") };
      });
    case "interpretation":
      return runForm(request, context, interpretationSchema, async (input) => {
        await addInterpretation(context.db, a, id, input, now);
        return { ok: true as const, intent: "interpretation", message: translate(lang, "policies.console.interpretationAdded") };
      });
    case "publish":
      return runForm(request, context, z.object({}), async () => {
        const r = await publishPolicy(context.db, a, id, now);
        return { ok: true as const, intent: "publish", message: translate(lang, "policies.console.published.ok", { n: r.mailed }) };
      });
    case "change":
      return runForm(request, context, changeSchema, async (input) => {
        await changeValidity(context.db, a, id, input, now);
        return { ok: true as const, intent: "change", message: translate(lang, "policies.console.changed", { validity: translate(lang, `policies.validity.${input.change}`) }) };
      });
    case "faq":
      return runForm(request, context, faqSchema.extend({ faqId: z.coerce.number().int().positive() }), async (input) => {
        await updateFaq(context.db, a, input.faqId, input, now);
        return { ok: true as const, intent: "faq", message: translate(lang, "policies.console.saved") };
      });
  }
}

export default function ConsolePolicy() {
  const { policy: p, interpretations, candidates, faqs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  const ok = result && result.ok ? result : undefined;
  // Which form a refusal belongs to: the one whose fields it names, else the one submitted.
  const errFor = (intent: string) => (err && err.values._intent === intent ? err : undefined);
  const draftValues = {
    kind: p.kind,
    title: p.title,
    docNumber: p.docNumber,
    summary: p.summary,
    body: p.body,
    issuedOn: p.issuedOn ?? "",
    effectiveOn: p.effectiveOn ?? "",
    validUntil: p.validUntil ?? "",
    topics: p.topics.join("、"),
    audiences: p.audiences.join("、"),
    services: p.services.map((s) => [s.name, s.url, s.article].filter(Boolean).join(" | ")).join("\n"),
    decisionId: p.decisionId ? String(p.decisionId) : "",
    titleEn: p.titleEn ?? "",
    bodyEn: p.bodyEn ?? "",
  };
  return (
    <>
      <p>
        <Link to="/console/policies">{t("policies.console.title")}</Link>
      </p>
      <h1>{p.title}</h1>
      <p>
        {p.published ? t("policies.console.published") : t("policies.console.draft")} · <ValidityBadge validity={p.validity} />
        {" · "}
        <Link to={`/policies/${p.id}`}>{t("policies.console.view")}</Link>
      </p>
      {ok ? (
        <p role="status" className="notice" data-testid="console-done">
          {ok.message}
        </p>
      ) : null}
      {err && !err.values._intent ? <FormError message={err.message} /> : null}

      {!p.published ? (
        <section aria-labelledby="pl-publish">
          <h2 id="pl-publish">{t("policies.console.publish")}</h2>
          <p className="hint">{t("policies.console.publishHint")}</p>
          <Form method="post" action="?intent=publish">
            <input type="hidden" name="_intent" value="publish" />
            <FormError message={errFor("publish")?.message} />
            <button className="button primary">{t("policies.console.publish")}</button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="pl-interps">
        <h2 id="pl-interps">{t("policies.interpretations")}</h2>
        <ul>
          {interpretations.map((i) => (
            <li key={i.id}>
              {i.title} · {t(`policies.interpretation.${i.kind}`)} · {i.publishedOn}
            </li>
          ))}
        </ul>
        <Form method="post" action="?intent=interpretation" noValidate key={`i-${interpretations.length}`}>
          <h3>{p.published ? t("policies.console.addFollowUp") : t("policies.console.addInterpretation")}</h3>
          <input type="hidden" name="_intent" value="interpretation" />
          <FormError message={errFor("interpretation")?.message} />
          <Field name="title" id="i-title" label={t("policies.console.interpretationTitle")} required defaultValue={errFor("interpretation")?.values.title} error={errFor("interpretation")?.errors.title} />
          <div className="field">
            <label htmlFor="i-body">{t("policies.console.interpretationBody")}</label>
            <textarea id="i-body" name="body" rows={5} required defaultValue={errFor("interpretation")?.values.body} aria-invalid={errFor("interpretation")?.errors.body ? true : undefined} />
            {errFor("interpretation")?.errors.body ? <p className="error">{errFor("interpretation")?.errors.body}</p> : null}
          </div>
          <Field name="publishedOn" id="i-on" type="date" label={t("policies.console.interpretationOn")} defaultValue={errFor("interpretation")?.values.publishedOn} />
          <button className="button">{p.published ? t("policies.console.addFollowUp") : t("policies.console.addInterpretation")}</button>
        </Form>
      </section>

      {p.published && p.validity === "in_force" ? (
        <section aria-labelledby="pl-change">
          <h2 id="pl-change">{t("policies.console.validity")}</h2>
          <p className="hint">{t("policies.console.validityLead")}</p>
          <Form method="post" action="?intent=change" noValidate>
            <input type="hidden" name="_intent" value="change" />
            <FormError message={errFor("change")?.message} />
            <div className="field">
              <label htmlFor="c-change">{t("policies.console.change")}</label>
              <select id="c-change" name="change" defaultValue={errFor("change")?.values.change ?? "amended"}>
                {(["amended", "repealed", "lapsed"] as const).map((c) => (
                  <option key={c} value={c}>
                    {t(`policies.validity.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className={`field${errFor("change")?.errors.successorId ? " has-error" : ""}`}>
              <label htmlFor="c-successor">{t("policies.console.successor")}</label>
              <select id="c-successor" name="successorId" defaultValue={errFor("change")?.values.successorId ?? ""} aria-invalid={errFor("change")?.errors.successorId ? true : undefined}>
                <option value="">{t("policies.console.noSuccessor")}</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id} data-user-content>
                    {c.title} {c.docNumber}
                  </option>
                ))}
              </select>
              {errFor("change")?.errors.successorId ? <p className="error">{errFor("change")?.errors.successorId}</p> : null}
            </div>
            <Field name="changedOn" id="c-on" type="date" label={t("policies.console.changedOn")} defaultValue={errFor("change")?.values.changedOn} error={errFor("change")?.errors.changedOn} />
            <Field name="note" id="c-note" label={t("policies.console.changeNote")} defaultValue={errFor("change")?.values.note} error={errFor("change")?.errors.note} />
            <button className="button primary">{t("policies.console.applyChange")}</button>
          </Form>
        </section>
      ) : null}

      {faqs.length ? (
        <section aria-labelledby="pl-faqs">
          <h2 id="pl-faqs">{t("policies.console.faq")}</h2>
          {faqs.map((f) => (
            <Form method="post" action="?intent=faq" key={f.id} className="pl-faq-edit">
              <input type="hidden" name="_intent" value="faq" />
              <input type="hidden" name="faqId" value={f.id} />
              <div className="field">
                <label htmlFor={`faq-q-${f.id}`}>{t("policies.question")}</label>
                <textarea id={`faq-q-${f.id}`} name="question" rows={2} defaultValue={f.question} />
              </div>
              <div className="field">
                <label htmlFor={`faq-a-${f.id}`}>{t("policies.answer")}</label>
                <textarea id={`faq-a-${f.id}`} name="answer" rows={3} defaultValue={f.answer} />
              </div>
              <button className="button">{t("policies.console.faqSave")}</button>
            </Form>
          ))}
        </section>
      ) : null}

      {!p.published ? (
        <section aria-labelledby="pl-edit">
          <h2 id="pl-edit">{t("policies.console.save")}</h2>
          <Form method="post" action="?intent=save" noValidate>
            <input type="hidden" name="_intent" value="save" />
            <FormError message={errFor("save")?.message} />
            <PolicyFields values={errFor("save")?.values ?? draftValues} errors={errFor("save")?.errors ?? {}} />
            <button className="button primary">{t("policies.console.save")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
