import { Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { httpError } from "~/.server/errors";
import { z } from "zod";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.requests.detail";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { requireIdParam, runForm } from "~/.server/http";
import {
  consultSchema,
  correctionSchema,
  decideRemedySchema,
  extendSchema,
  noteSchema,
  postingSchema,
  remedySchema,
  replySchema,
} from "~/.server/requests/forms";
import { staffHistory } from "~/.server/requests/history";
import { REPLY_OUTCOMES } from "~/.server/requests/outcomes";
import {
  askCorrection,
  closeRequest,
  decideRemedy,
  draftReply,
  endConsultation,
  extendRequest,
  getRequestForStaff,
  receiveCorrection,
  recordPosting,
  recordRemedy,
  replyToRequest,
  startConsultation,
} from "~/.server/requests/requests";
import { shanghaiDay } from "~/.server/requests/working-days";
import { Field, FormError } from "~/components/form";
import { ClockLine, DueBadge, History, RequestFacts, Select, StatusBadge } from "~/components/requests-ui";
import { useLang, useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n/messages";

export const meta: Route.MetaFunction = ({ matches, data }) => pageTitle(matches, "requests.console.nav", data?.request.trackingNo);

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const a = actor(context, user);
  const now = context.now();
  const d = await getRequestForStaff(context.db, a, id, now).catch(httpError);
  const chosen = z.enum(REPLY_OUTCOMES).safeParse(new URL(request.url).searchParams.get("outcome"));
  const draft = chosen.success && d.request.status === "received" ? draftReply(d, chosen.data, now) : null;
  return {
    request: d.request,
    unitName: d.unitName,
    unitNameEn: d.unitNameEn,
    clock: d.clock,
    events: staffHistory(d),
    remedies: d.remedies,
    outcome: chosen.success ? chosen.data : null,
    draft,
    today: shanghaiDay(now),
    outcomes: REPLY_OUTCOMES,
  };
}

const INTENTS = {
  correction: correctionSchema,
  correctionReceived: noteSchema,
  consult: consultSchema,
  endConsult: noteSchema,
  extend: extendSchema,
  reply: replySchema,
  post: postingSchema,
  close: z.object({}),
  remedy: remedySchema,
  decideRemedy: decideRemedySchema,
} as const;

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const intent = new URL(request.url).searchParams.get("intent") ?? "";
  if (!(intent in INTENTS)) throw new Response("Bad Request", { status: 400 });
  const k = intent as keyof typeof INTENTS;
  const a = actor(context, user);
  const db = context.db;
  const now = context.now();
  const done = () => redirect(`/console/requests/${id}?done=${k}`);
  return runForm(request, context, INTENTS[k], async (input) => {
    // Each branch's input was checked by its own schema above.
    const i = input as never;
    if (k === "correction") await askCorrection(db, a, id, i, now);
    else if (k === "correctionReceived") await receiveCorrection(db, a, id, i, now);
    else if (k === "consult") await startConsultation(db, a, id, i, now);
    else if (k === "endConsult") await endConsultation(db, a, id, i, now);
    else if (k === "extend") await extendRequest(db, a, id, i, now);
    else if (k === "reply") await replyToRequest(db, a, id, i, now);
    else if (k === "post") await recordPosting(db, a, id, i, now);
    else if (k === "close") await closeRequest(db, a, id, now);
    else if (k === "remedy") await recordRemedy(db, a, id, i, now);
    else await decideRemedy(db, a, (input as z.output<typeof decideRemedySchema>).remedyId, i, now);
    return done();
  });
}

function Area({ name, label, value, error, rows = 3 }: { name: string; label: string; value?: string; error?: string; rows?: number }) {
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={`f-${name}`}>{label}</label>
      <textarea id={`f-${name}`} name={name} rows={rows} defaultValue={value} aria-invalid={error ? true : undefined} />
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}

export default function ConsoleRequest() {
  const { request: r, unitName, unitNameEn, clock, events, remedies, outcome, draft, today, outcomes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const err = result && !result.ok ? result : undefined;
  const v = err?.values ?? {};
  const e = err?.errors ?? {};
  const open = r.status === "received" || r.status === "consulting" || r.status === "correction";
  return (
    <>
      <p>
        <Link to="/console/requests">{t("requests.console.nav")}</Link>
      </p>
      <h1>
        {r.trackingNo} <StatusBadge status={r.status} /> <DueBadge clock={clock} />
      </h1>
      {params.get("done") && !err ? (
        <p className="notice ok" role="status">
          {t("requests.console.done")}
        </p>
      ) : null}
      <FormError message={err?.message} />
      <ClockLine clock={clock} extensionDays={r.extensionDays} repliedOn={r.repliedOn} />
      <RequestFacts r={r}>
        <dt>{t("requests.unit")}</dt>
        <dd>{lang === "en" ? unitNameEn : unitName}</dd>
        <dt>{t("requests.console.applicant")}</dt>
        <dd>
          {r.applicantName} · {t(`requests.type.${r.applicantType}` as MessageKey)} · {[r.contactEmail, r.contactPhone, r.contactAddress].filter(Boolean).join(" · ")}
        </dd>
        <dt>{t("requests.channel")}</dt>
        <dd>
          {t(`requests.channel.${r.channel}` as MessageKey)} · {t("requests.receivedOn")} {r.receivedOn}
        </dd>
      </RequestFacts>

      {r.status === "received" && !r.correctionAskedOn ? (
        <Form method="post" action="?intent=correction" noValidate>
          <h2>{t("requests.console.correction")}</h2>
          <Area name="whatToAdd" label={t("requests.console.whatToAdd")} value={v.whatToAdd} error={e.whatToAdd} />
          <Field name="dueOn" type="date" label={t("requests.console.correctionDueOn")} min={today} defaultValue={v.dueOn} error={e.dueOn} />
          <button className="button">{t("requests.console.correction")}</button>
        </Form>
      ) : null}
      {r.status === "correction" ? (
        <Form method="post" action="?intent=correctionReceived" noValidate>
          <h2>{t("requests.console.receiveCorrection")}</h2>
          <Area name="note" label={t("requests.console.note")} value={v.note} error={e.note} />
          <button className="button primary">{t("requests.console.receiveCorrection")}</button>
        </Form>
      ) : null}
      {r.status === "received" ? (
        <Form method="post" action="?intent=consult" noValidate>
          <h2>{t("requests.console.consult")}</h2>
          <Field name="thirdParty" label={t("requests.console.thirdParty")} defaultValue={v.thirdParty} error={e.thirdParty} />
          <Area name="note" label={t("requests.console.note")} value={v.note} error={e.note} />
          <button className="button">{t("requests.console.consult")}</button>
        </Form>
      ) : null}
      {r.status === "consulting" ? (
        <Form method="post" action="?intent=endConsult" noValidate>
          <h2>{t("requests.console.endConsult")}</h2>
          <Area name="note" label={t("requests.console.note")} value={v.note} error={e.note} />
          <button className="button primary">{t("requests.console.endConsult")}</button>
        </Form>
      ) : null}
      {(r.status === "received" || r.status === "consulting") && r.extensionDays === 0 ? (
        <Form method="post" action="?intent=extend" noValidate>
          <h2>{t("requests.console.extend")}</h2>
          <Field name="days" type="number" min={1} max={20} label={t("requests.console.extendDays")} defaultValue={v.days ?? "20"} error={e.days} />
          <Area name="reason" label={t("requests.console.reason")} value={v.reason} error={e.reason} />
          <Field name="approver" label={t("requests.console.approver")} defaultValue={v.approver} error={e.approver} />
          <button className="button">{t("requests.console.extend")}</button>
        </Form>
      ) : null}
      {r.status === "received" ? (
        <section id="reply">
          <h2>{t("requests.console.reply")}</h2>
          <Form method="get" action="#reply">
            <Select name="outcome" label={t("requests.console.outcome")} options={outcomes} value={outcome ?? v.outcome} labelOf={(o) => t(`requests.outcome.${o}` as MessageKey)} />
            <button className="button">{t("requests.console.draft")}</button>
          </Form>
          {draft || v.letter ? (
            <Form method="post" action="?intent=reply" noValidate>
              <input type="hidden" name="outcome" value={v.outcome ?? outcome ?? ""} />
              <Area name="letter" label={t("requests.console.letter")} value={v.letter ?? draft ?? ""} error={e.letter} rows={16} />
              <button className="button primary">{t("requests.console.sendReply")}</button>
            </Form>
          ) : null}
        </section>
      ) : null}
      {r.status === "replied" || r.status === "withdrawn" ? (
        <>
          <Form method="post" action="?intent=post" noValidate>
            <h2>{t("requests.console.post")}</h2>
            <Field name="carrier" label={t("requests.console.carrier")} defaultValue={v.carrier ?? "中国邮政EMS"} error={e.carrier} />
            <Field name="trackingNumber" label={t("requests.console.trackingNumber")} defaultValue={v.trackingNumber} error={e.trackingNumber} />
            <button className="button">{t("requests.console.post")}</button>
          </Form>
          <Form method="post" action="?intent=close">
            <button className="button">{t("requests.console.close")}</button>
          </Form>
        </>
      ) : null}
      {!open ? (
        <Form method="post" action="?intent=remedy" noValidate>
          <h2>{t("requests.console.remedy")}</h2>
          <Select name="kind" label={t("requests.console.remedyKind")} options={["reconsideration", "litigation", "litigation_after_reconsideration"]} value={v.kind} error={e.kind} labelOf={(o) => t(`requests.remedy.${o}` as MessageKey)} />
          <Field name="filedOn" type="date" max={today} label={t("requests.console.filedOn")} defaultValue={v.filedOn} error={e.filedOn} />
          <button className="button">{t("requests.console.remedy")}</button>
        </Form>
      ) : null}
      {remedies.length ? (
        <ul>
          {remedies.map((m) => (
            <li key={m.id}>
              {t(`requests.remedy.${m.kind}` as MessageKey)} · {m.filedOn} · {t(`requests.remedyOutcome.${m.outcome}` as MessageKey)}
              {m.decidedOn ? ` · ${m.decidedOn}` : ""}
              {m.outcome === "pending" ? (
                <Form method="post" action="?intent=decideRemedy" noValidate>
                  <input type="hidden" name="remedyId" value={m.id} />
                  <Select name="outcome" label={t("requests.console.remedyOutcome")} options={["upheld", "corrected", "other"]} labelOf={(o) => t(`requests.remedyOutcome.${o}` as MessageKey)} />
                  <Field name="decidedOn" type="date" max={today} label={t("requests.console.decidedOn")} />
                  <button className="button">{t("requests.console.remedyOutcome")}</button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <History events={events} staffView />
    </>
  );
}
