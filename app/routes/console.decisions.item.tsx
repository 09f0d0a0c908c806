import { Form, Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.decisions.item";
import { z } from "zod";
import { STAGE_KINDS, STAGE_STATES } from "~/decisions-constants";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { dayString, decisionSchema, loadDecision, updateDecision, withdrawDecision } from "~/.server/decisions/catalogue";
import { removeDocument } from "~/.server/decisions/documents";
import { publishMilestoneTx } from "~/.server/decisions/milestones";
import { getDecisionPage } from "~/.server/decisions/public";
import { applyStageChange, correctStage } from "~/.server/decisions/stages";
import { httpError } from "~/.server/errors";
import { optionalText, text } from "~/.server/forms";
import { requireIdParam, runForm } from "~/.server/http";
import { isMessageKey } from "~/i18n/messages";
import { formatBytes, StageName, StateBadge, StatusBadge } from "~/components/decisions-ui";
import { DecisionFields } from "~/components/decisions-forms";
import { Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { shanghaiDay } from "~/lib/shanghai";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleDecision");

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch(httpError);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  await guarded(() => loadDecision(context.db, actor(context, user), id));
  const page = await getDecisionPage(context.db, id, user);
  // The default date of the forms is today in Shanghai, not the host's or UTC's today.
  return { ...page, today: shanghaiDay(context.now()) };
}

const stageSchema = z.object({
  intent: z.literal("stage"),
  kind: z.enum(STAGE_KINDS),
  state: z.enum(STAGE_STATES),
  reason: optionalText(500),
  plannedStartOn: dayString,
  plannedEndOn: dayString,
  startedOn: dayString,
  completedOn: dayString,
  hearingOn: dayString,
  materialsSentOn: dayString,
  linkPath: optionalText(300),
  note: optionalText(500),
  /** Set only to correct a legality review a deliberation has built on: public and audited. */
  correctionReason: optionalText(500),
});

const schema = z.discriminatedUnion("intent", [
  decisionSchema.extend({ intent: z.literal("update") }),
  z.object({ intent: z.literal("withdraw"), changeReason: text(500, "decisions.err.changeReason") }),
  stageSchema,
  z.object({ intent: z.literal("removeDoc"), documentId: z.coerce.number().int().positive() }),
  z.object({
    intent: z.literal("milestone"),
    happenedOn: dayString.refine((v) => v !== null, { error: "decisions.err.date" }),
    title: text(120),
    body: optionalText(2000),
    stageKind: z.union([z.enum(STAGE_KINDS), z.literal("")]).optional(),
  }),
]);

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const a = actor(context, user);
  await guarded(() => loadDecision(context.db, a, id));
  return runForm(request, context, schema, async (input) => {
    const now = context.now();
    switch (input.intent) {
      case "update":
        await updateDecision(context.db, a, id, input, now);
        break;
      case "withdraw":
        await withdrawDecision(context.db, a, id, input.changeReason, now);
        break;
      case "stage": {
        const { intent: _i, kind, correctionReason, ...fields } = input;
        if (correctionReason) await correctStage(context.db, a, id, kind, fields, correctionReason, now);
        else await context.db.transaction((tx) => applyStageChange(tx, a, id, kind, fields, now));
        break;
      }
      case "removeDoc":
        await removeDocument(context.db, a, input.documentId, now);
        break;
      case "milestone":
        await context.db.transaction((tx) =>
          publishMilestoneTx(tx, a, id, { happenedOn: input.happenedOn!, title: input.title, body: input.body, stageKind: input.stageKind || null }, now),
        );
        break;
    }
    return { ok: true as const, intent: input.intent, kind: input.intent === "stage" ? input.kind : null };
  });
}

export default function ConsoleDecisionItem() {
  const { decision: d, catalogue, unit, stages, milestones, today, violations, resultDue } = useLoaderData<typeof loader>();
  const deliberated = stages.some((s) => s.kind === "deliberation" && (s.state === "in_progress" || s.state === "completed"));
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const err = result && !result.ok ? result : undefined;
  const ok = result && result.ok ? result : undefined;
  const t = useT();
  const published = !!catalogue.publishedAt;
  const docError = params.get("docError");
  const docStage = params.get("stage");
  const errFor = (intent: string, kind?: string) => (err && err.values.intent === intent && (!kind || err.values.kind === kind) ? err : undefined);
  const values = errFor("update")?.values ?? {
    title: d.title,
    summary: d.summary,
    legalBasis: d.legalBasis,
    plannedSchedule: d.plannedSchedule,
    plannedDecisionOn: d.plannedDecisionOn ?? "",
    tags: d.tags.join("，"),
    status: d.status,
    decidedOn: d.decidedOn ?? "",
  };
  return (
    <>
      <p>
        <Link to={`/console/decisions/catalogues/${catalogue.id}`}>{t("decisions.console.back")}</Link> ·{" "}
        <Link to={`/decisions/${d.id}`}>{t("decisions.console.view")}</Link>
      </p>
      <h1>{d.title}</h1>
      <p>
        {unit.nameZh} · {catalogue.year} · <StatusBadge status={d.status} />
      </p>
      {ok ? (
        <p role="status" className="notice">
          {t("decisions.console.saved")}
        </p>
      ) : null}

      {d.status !== "withdrawn" ? (
        <details open={!!errFor("update")}>
          <summary>{t("decisions.console.edit")}</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="update" />
            <FormError message={errFor("update")?.message} />
            <DecisionFields values={values} errors={errFor("update")?.errors ?? {}} published={published} withStatus />
            <button className="button primary">{t("decisions.console.save")}</button>
          </Form>
        </details>
      ) : null}

      <h2>{t("decisions.console.stages")}</h2>
      <ol className="dc-timeline dc-console-stages">
        {stages.map((s) => {
          const e = errFor("stage", s.kind);
          const v = e?.values ?? {};
          const val = (k: string, fallback: string | null) => (e ? v[k] ?? "" : fallback ?? "");
          return (
            <li key={s.kind} id={`stage-${s.kind}`} className={`dc-stage dc-stage-${s.state}`}>
              <h3>
                <StageName kind={s.kind} /> <StateBadge state={s.state} />
              </h3>
              {violations
                .filter((v) => v.stage === s.kind)
                .map((v) => (
                  <p key={v.key} className="notice warn" data-testid="stage-violation">
                    {t(v.key, v.params)}
                  </p>
                ))}
              {s.kind === "result" && resultDue ? (
                <p className="hint">
                  {t("decisions.console.resultDue", { day: resultDue.day })}
                  {resultDue.provisional ? ` · ${t("decisions.compliance.provisional", { years: resultDue.missing.join("、") })}` : ""}
                </p>
              ) : null}
              <details open={!!e || (ok?.intent === "stage" && ok.kind === s.kind) || docStage === s.kind}>
                <summary>{t("decisions.console.edit")}</summary>
                <Form method="post" noValidate className="dc-stage-form" aria-label={t(`decisions.stage.${s.kind}`)}>
                  <input type="hidden" name="intent" value="stage" />
                  <input type="hidden" name="kind" value={s.kind} />
                  <FormError message={e?.message} />
                  <div className="field">
                    <label htmlFor={`st-${s.kind}`}>{t("decisions.console.state")}</label>
                    <select id={`st-${s.kind}`} name="state" defaultValue={val("state", s.state)}>
                      {STAGE_STATES.map((st) => (
                        <option key={st} value={st}>
                          {t(`decisions.state.${st}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <Field id={`reason-${s.kind}`} name="reason" label={t("decisions.console.reason")} defaultValue={val("reason", s.reason)} error={e?.errors.reason} />
                  <div className="dc-grid">
                    <Field id={`ps-${s.kind}`} name="plannedStartOn" type="date" label={t("decisions.console.plannedStartOn")} defaultValue={val("plannedStartOn", s.plannedStartOn)} error={e?.errors.plannedStartOn} />
                    <Field id={`pe-${s.kind}`} name="plannedEndOn" type="date" label={t("decisions.console.plannedEndOn")} defaultValue={val("plannedEndOn", s.plannedEndOn)} error={e?.errors.plannedEndOn} />
                    <Field id={`sd-${s.kind}`} name="startedOn" type="date" label={t("decisions.console.startedOn")} defaultValue={val("startedOn", s.startedOn)} error={e?.errors.startedOn} />
                    <Field id={`cd-${s.kind}`} name="completedOn" type="date" label={t("decisions.console.completedOn")} defaultValue={val("completedOn", s.completedOn)} error={e?.errors.completedOn} />
                    {s.kind === "hearing" ? (
                      <>
                        <Field id="hearingOn" name="hearingOn" type="date" label={t("decisions.console.hearingOn")} defaultValue={val("hearingOn", s.hearingOn)} error={e?.errors.hearingOn} />
                        <Field id="materialsSentOn" name="materialsSentOn" type="date" label={t("decisions.console.materialsSentOn")} defaultValue={val("materialsSentOn", s.materialsSentOn)} error={e?.errors.materialsSentOn} />
                      </>
                    ) : null}
                  </div>
                  <Field id={`lp-${s.kind}`} name="linkPath" label={t("decisions.console.linkPath")} defaultValue={val("linkPath", s.linkPath)} error={e?.errors.linkPath} />
                  <Field id={`nt-${s.kind}`} name="note" label={t("decisions.console.stageNote")} defaultValue={val("note", s.note)} error={e?.errors.note} />
                  {s.kind === "legality_review" && deliberated ? (
                    <Field
                      id="correctionReason"
                      name="correctionReason"
                      label={t("decisions.console.correctionReason")}
                      defaultValue={val("correctionReason", null)}
                      error={e?.errors.correctionReason}
                    />
                  ) : null}
                  <button className="button primary">{t("decisions.console.saveStage")}</button>
                </Form>
                <h4>{t("decisions.console.documents")}</h4>
                <ul className="dc-docs">
                  {s.documents.map((doc) => (
                    <li key={doc.id}>
                      <a href={doc.fileId ? `/decisions/files/${doc.fileId}` : doc.url!}>{doc.title}</a> <span className="hint">{doc.documentOn}{doc.size ? ` · ${formatBytes(doc.size)}` : ""}</span>
                      <Form method="post" className="dc-inline-form">
                        <input type="hidden" name="intent" value="removeDoc" />
                        <input type="hidden" name="documentId" value={doc.id} />
                        <button className="link-button" aria-label={`${t("decisions.console.removeDoc")}${t("common.colon")}${doc.title}`}>
                          {t("decisions.console.removeDoc")}
                        </button>
                      </Form>
                    </li>
                  ))}
                </ul>
                <Form method="post" action={`/console/decisions/items/${d.id}/documents`} encType="multipart/form-data" className="dc-doc-form" aria-label={`${t("decisions.console.addDoc")}${t("common.colon")}${t(`decisions.stage.${s.kind}`)}`}>
                  <input type="hidden" name="kind" value={s.kind} />
                  {docError && docStage === s.kind ? <FormError message={isMessageKey(docError) ? t(docError) : docError} /> : null}
                  <Field id={`dt-${s.kind}`} name="title" label={t("decisions.console.docTitle")} required />
                  <Field id={`dd-${s.kind}`} name="documentOn" type="date" label={t("decisions.console.docDate")} required defaultValue={today} />
                  <Field id={`df-${s.kind}`} name="file" type="file" accept=".pdf,.doc,.docx,.png,.jpg,.jpeg,.gif,.webp" label={t("decisions.console.docFile")} />
                  <Field id={`du-${s.kind}`} name="url" type="url" label={t("decisions.console.docUrl")} />
                  <button className="button">{t("decisions.console.addDoc")}</button>
                </Form>
              </details>
            </li>
          );
        })}
      </ol>

      <h2 id="milestone">{t("decisions.console.milestone")}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="milestone" />
        <FormError message={errFor("milestone")?.message} />
        <Field name="happenedOn" id="ms-date" type="date" label={t("decisions.console.milestoneDate")} required defaultValue={errFor("milestone")?.values.happenedOn ?? today} error={errFor("milestone")?.errors.happenedOn} />
        <Field name="title" id="ms-title" label={t("decisions.console.milestoneTitle")} required defaultValue={errFor("milestone")?.values.title} error={errFor("milestone")?.errors.title} />
        <div className="field">
          <label htmlFor="ms-body">{t("decisions.console.milestoneBody")}</label>
          <textarea id="ms-body" name="body" rows={3} defaultValue={errFor("milestone")?.values.body} />
        </div>
        <div className="field">
          <label htmlFor="ms-stage">{t("decisions.console.milestoneStage")}</label>
          <select id="ms-stage" name="stageKind" defaultValue="">
            <option value="">—</option>
            {STAGE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`decisions.stage.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button className="button primary">{t("decisions.console.publishMilestone")}</button>
      </Form>
      <ul className="dc-milestones">
        {milestones.map((m) => (
          <li key={m.id}>
            <strong>{m.happenedOn}</strong> {m.title}
          </li>
        ))}
      </ul>

      {d.status !== "withdrawn" ? (
        <>
          <h2>{t("decisions.console.withdraw")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="withdraw" />
            <FormError message={errFor("withdraw")?.message} />
            <Field name="changeReason" id="wd-reason" label={t("decisions.console.withdrawReason")} required error={errFor("withdraw")?.errors.changeReason} />
            <button className="button">{t("decisions.console.withdraw")}</button>
          </Form>
        </>
      ) : null}
    </>
  );
}
