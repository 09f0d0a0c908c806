import { Form, Link, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/console.consultations.edit";
import { z } from "zod";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { canExportOriginals, publishReport, reportSchema } from "~/.server/consultations/report";
import {
  addAttachment,
  consultationSchema,
  extendConsultation,
  extendSchema,
  fileFromForm,
  getManagedConsultation,
  listArticles,
  listAttachments,
  listEvents,
  periodStatus,
  publishConsultation,
  updateConsultation,
} from "~/.server/consultations/periods";
import { dateOf, lastDayOf } from "~/.server/consultations/time";
import { formatDateTime, formatPeriodEnd } from "~/lib/dates";
import { httpError, UserError } from "~/.server/errors";
import { requireIdParam, runForm } from "~/.server/http";
import { ConsultationFields, TextArea } from "~/components/consultation-form";
import { ExportButton, Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";

async function load(context: Route.LoaderArgs["context"], user: Parameters<typeof actor>[1], id: number) {
  return getManagedConsultation(context.db, actor(context, user), id).catch(httpError);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const c = await load(context, user, requireIdParam(params.id));
  const now = context.now();
  return {
    c: {
      id: c.id,
      title: c.title,
      status: periodStatus(c, now),
      published: c.publishedAt != null,
      reportPublished: c.reportPublishedAt != null,
      opensAt: formatDateTime(c.opensAt, context.lang),
      closesAt: formatPeriodEnd(c.closesAt, context.lang),
      values: {
        title: c.title,
        summary: c.summary,
        draftText: c.draftText,
        explanation: c.explanation,
        interpretation: c.interpretation,
        otherWays: c.otherWays,
        opensOn: dateOf(c.opensAt),
        closesOn: lastDayOf(c.closesAt),
        shortReason: c.shortReason ?? "",
        decisionId: c.decisionId ? String(c.decisionId) : "",
      },
    },
    articles: (await listArticles(context.db, c.id)).length,
    attachments: await listAttachments(context.db, c.id),
    events: (await listEvents(context.db, c.id)).map((e) => ({ kind: e.kind, at: formatDateTime(e.at, context.lang), to: e.closesAt ? formatPeriodEnd(e.closesAt, context.lang) : null, reason: e.reason })),
    originals: canExportOriginals(actor(context, user)),
  };
}

const intents = {
  save: consultationSchema,
  publish: z.object({}),
  extend: extendSchema,
  attach: z.object({}),
  report: reportSchema,
};

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const a = actor(context, user);
  const intent = new URL(request.url).searchParams.get("intent") as keyof typeof intents | null;
  const now = context.now();
  switch (intent) {
    case "save":
      return runForm(request, context, intents.save, async (input) => {
        await updateConsultation(context.db, a, id, input, now);
        return { ok: true as const, intent };
      });
    case "publish":
      return runForm(request, context, intents.publish, async () => {
        await publishConsultation(context.db, a, id, now);
        return { ok: true as const, intent };
      });
    case "extend":
      return runForm(request, context, intents.extend, async (input) => {
        await extendConsultation(context.db, a, id, input, now);
        return { ok: true as const, intent };
      });
    case "attach":
      return runForm(request, context, intents.attach, async (_input, form) => {
        const file = await fileFromForm(form, "file");
        if (!file) throw new UserError("consultations.err.fileEmpty", {}, "file");
        await addAttachment(context.db, a, id, file, now);
        return { ok: true as const, intent };
      });
    case "report":
      return runForm(request, context, intents.report, async (input) => {
        await publishReport(context.db, a, id, input, now);
        return { ok: true as const, intent };
      });
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

export default function EditConsultation() {
  const { c, articles, attachments, events, originals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  return (
    <>
      <h1>{c.title}</h1>
      <p>
        <span className={`badge status-${c.status}`}>{t(`consultations.status.${c.status}`)}</span> {c.opensAt} — {c.closesAt} ·{" "}
        {t("consultations.console.articles", { n: articles })}
      </p>
      {/* A div, not a p: the export buttons are forms, which a paragraph cannot hold. */}
      <div className="consult-actions action-row">
        {c.published ? <Link to={`/consultations/${c.id}`}>{t("consultations.console.view")}</Link> : null}
        <Link to={`/console/consultations/${c.id}/moderation`}>{t("consultations.console.moderate")}</Link>
        <ExportButton action={`/console/consultations/${c.id}/export?format=csv`}>{t("consultations.console.exportCsv")}</ExportButton>
        <ExportButton action={`/console/consultations/${c.id}/export?format=xlsx`}>{t("consultations.console.exportXlsx")}</ExportButton>
        {originals ? (
          <>
            <ExportButton action={`/console/consultations/${c.id}/export?format=csv&originals=1`}>{t("consultations.console.exportOriginalCsv")}</ExportButton>
            <ExportButton action={`/console/consultations/${c.id}/export?format=xlsx&originals=1`}>{t("consultations.console.exportOriginalXlsx")}</ExportButton>
          </>
        ) : null}
      </div>
      {result?.ok ? <p className="notice ok" role="status">{t("consultations.console.saved")}</p> : null}
      <FormError message={err?.message} />

      {!c.published ? (
        <>
          <section aria-labelledby="publish-h">
            <h2 id="publish-h">{t("consultations.console.publish")}</h2>
            <p className="hint">{t("consultations.console.threeSync")}</p>
            <Form method="post" action="?intent=publish">
              <button className="button primary">{t("consultations.console.publish")}</button>
            </Form>
          </section>
          <section aria-labelledby="edit-h">
            <h2 id="edit-h">{t("consultations.console.edit")}</h2>
            <Form method="post" action="?intent=save" noValidate className="consult-form">
              <ConsultationFields values={err?.values.title !== undefined ? err.values : c.values} errors={err?.errors ?? {}} />
              <button className="button primary">{t("consultations.console.save")}</button>
            </Form>
          </section>
        </>
      ) : null}

      {c.status === "open" || c.status === "upcoming" ? (
        <section aria-labelledby="extend-h">
          <h2 id="extend-h">{t("consultations.console.extend")}</h2>
          <Form method="post" action="?intent=extend" noValidate>
            <Field name="closesOn" type="date" label={t("consultations.console.extendTo")} required error={err?.errors.closesOn} defaultValue={err?.values.closesOn} />
            <TextArea name="reason" label={t("consultations.console.extendReason")} rows={2} required error={err?.errors.reason} defaultValue={err?.values.reason} />
            <button className="button">{t("consultations.console.extendSubmit")}</button>
          </Form>
        </section>
      ) : null}

      {c.status !== "closed" ? (
        <section aria-labelledby="attach-h">
          <h2 id="attach-h">{t("consultations.attachments")}</h2>
          <ul>
            {attachments.map((a) => (
              <li key={a.id}>
                <a href={`/consultations/${c.id}/attachments/${a.id}`}>{a.filename}</a>
              </li>
            ))}
          </ul>
          <Form method="post" action="?intent=attach" encType="multipart/form-data">
            <div className="field">
              <label htmlFor="f-file">{t("consultations.console.attachment")}</label>
              <input id="f-file" type="file" name="file" />
              {err?.errors.file ? <p className="error">{err.errors.file}</p> : null}
            </div>
            <button className="button">{t("consultations.console.upload")}</button>
          </Form>
        </section>
      ) : null}

      {c.status === "closed" && !c.reportPublished ? (
        <section aria-labelledby="report-h">
          <h2 id="report-h">{t("consultations.console.report")}</h2>
          <Form method="post" action="?intent=report" noValidate>
            <TextArea name="summary" label={t("consultations.console.reportSummary")} rows={5} defaultValue={err?.values.summary} />
            <button className="button primary">{t("consultations.console.reportSubmit")}</button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="hist-h">
        <h2 id="hist-h">{t("consultations.history")}</h2>
        <ul>
          {events.map((e, i) => (
            <li key={i}>
              {e.at} {t(`consultations.event.${e.kind}` as "consultations.event.report_published", { closesAt: e.to ?? "", from: "", to: e.to ?? "" })}
              {e.reason ? ` — ${e.reason}` : ""}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
