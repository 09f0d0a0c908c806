import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.observers.meeting";
import { z } from "zod";
import type { ObserverFeature, ObserverQuota } from "#db/schema";
import { actor, canManageUnit, forbidden, requireConsoleUser } from "~/.server/auth/guards";
import { httpError, UserError } from "~/.server/errors";
import { requireIdParam, runForm } from "~/.server/http";
import { shanghaiDateTime as shanghai } from "~/.server/observers/forms";
import { CATEGORIES, openCall } from "~/.server/observers/calls";
import { getMeeting } from "~/.server/observers/public";
import { addRemark, recordAttendance } from "~/.server/observers/seats";
import { Field, FormError } from "~/components/form";
import { CallStatus, CATEGORY_VALUES, catLabel, When } from "~/components/observers-ui";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleObserverMeeting");

async function load(context: Route.LoaderArgs["context"], request: Request, params: { id?: string }) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const m = await getMeeting(context.db, id).catch(httpError);
  if (!canManageUnit(actor(context, user), m.meeting.unitId)) throw forbidden();
  return { user, m, id };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { m } = await load(context, request, params);
  return m;
}

const callSchema = z.object({
  seats: z.coerce.number().int().min(1).max(100),
  opensAt: shanghai,
  closesAt: shanghai,
  eligibility: z.string().trim().min(1, { error: "observers.err.required" }).max(2000),
  features: z.string().max(5000).optional(),
  featureQuotas: z.string().max(5000).optional(),
  excludePrevious: z.literal("on").optional(),
  confirmDays: z.coerce.number().int().min(1).max(14),
  externalSource: z.string().trim().max(300).optional(),
  externalPublishesAt: z.union([z.literal(""), shanghai]).optional(),
});

function parseFeatures(text: string): ObserverFeature[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [key, labelZh, labelEn, values] = l.split("|").map((s) => s.trim());
      if (!key || !/^[a-z][a-z0-9_]*$/.test(key) || key === "category" || !values) throw new UserError("observers.err.quotaFeature", { feature: l }, "features");
      return { key, labelZh: labelZh || key, labelEn: labelEn || key, values: values.split(/[,，]/).map((v) => v.trim()).filter(Boolean) };
    });
}

function parseQuotaLines(text: string): ObserverQuota[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [feature, value, min, max] = l.split("|").map((s) => s.trim());
      const q = { feature: feature ?? "", value: value ?? "", min: Number(min), max: Number(max) };
      if (!q.feature || !q.value || !Number.isInteger(q.min) || !Number.isInteger(q.max)) throw new UserError("observers.err.quotaRange", { feature: q.feature, value: q.value }, "featureQuotas");
      return q;
    });
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, id } = await load(context, request, params);
  const a = actor(context, user);
  const intent = new URL(request.url).searchParams.get("intent");
  const now = context.now();
  if (intent === "attendance") {
    return runForm(request, context, z.object({ seatId: z.coerce.number().int(), attended: z.enum(["yes", "no"]) }), async (i) => {
      await recordAttendance(context.db, a, i.seatId, i.attended === "yes", now);
      return { ok: true as const };
    });
  }
  if (intent === "remark") {
    const s = z.object({ seatId: z.coerce.number().int(), decisionId: z.coerce.number().int().optional(), remark: z.string().trim().min(1, { error: "observers.err.required" }).max(4000), response: z.string().trim().min(1, { error: "observers.err.required" }).max(4000) });
    return runForm(request, context, s, async (i) => {
      await addRemark(context.db, a, { ...i, decisionId: i.decisionId || null }, now);
      return { ok: true as const };
    });
  }
  return runForm(request, context, callSchema, async (input, form) => {
    const quotas: ObserverQuota[] = [];
    for (const c of CATEGORIES) {
      const min = Number(form.get(`min_${c}`) ?? 0);
      const max = Number(form.get(`max_${c}`) ?? 0);
      if (!Number.isInteger(min) || !Number.isInteger(max)) throw new UserError("observers.err.quotaRange", { feature: "category", value: c }, `max_${c}`);
      quotas.push({ feature: "category", value: c, min, max });
    }
    const features = parseFeatures(input.features ?? "");
    quotas.push(...parseQuotaLines(input.featureQuotas ?? ""));
    const c = await openCall(
      context.db,
      a,
      { meetingId: id, seats: input.seats, opensAt: input.opensAt, closesAt: input.closesAt, eligibility: input.eligibility, features, quotas, excludePrevious: input.excludePrevious === "on", confirmDays: input.confirmDays, externalSource: input.externalSource || null, externalPublishesAt: input.externalPublishesAt || null },
      now,
    );
    return redirect(`/console/observers/calls/${c.id}`);
  });
}

const DEFAULTS: Record<string, [number, number]> = { resident: [2, 4], small_micro_enterprise: [1, 2], private_enterprise: [1, 2], others: [0, 1] };

export default function ConsoleMeeting() {
  const { meeting, agenda, calls, observers, remarks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = result && "ok" in result && !result.ok ? result : undefined;
  const t = useT();
  return (
    <>
      <p>
        <Link to="/console/observers">{t("observers.console")}</Link> · <Link to={`/observers/meetings/${meeting.id}`}>{t("observers.console.viewPublic")}</Link>
      </p>
      <h1>{meeting.title}</h1>
      <p>
        <When d={meeting.startsAt} /> · {meeting.place} · {t("observers.seats")} {meeting.seats}
      </p>
      <h2>{t("observers.agenda")}</h2>
      <ol>
        {agenda.map((a) => (
          <li key={a.id}>{a.title}</li>
        ))}
      </ol>
      <h2>{t("observers.calls")}</h2>
      <ul>
        {calls.map((c) => (
          <li key={c.id}>
            <Link to={`/console/observers/calls/${c.id}`}>
              {t("observers.window")} <When d={c.opensAt} /> – <When d={c.closesAt} end />
            </Link>{" "}
            <CallStatus status={c.status} />
          </li>
        ))}
      </ul>
      <FormError message={err?.message} />
      {observers.length ? (
        <>
          <h2>{t("observers.observers")}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("observers.ref")}</th>
                  <th scope="col">{t("observers.category")}</th>
                  <th scope="col">{t("observers.console.attendance")}</th>
                </tr>
              </thead>
              <tbody>
                {observers.map((o) => (
                  <tr key={o.seatId}>
                    <td>
                      {o.ref} {o.name ?? ""}
                    </td>
                    <td>{catLabel(t, o.category)}</td>
                    <td>
                      <Form method="post" action="?intent=attendance" className="inline">
                        <input type="hidden" name="seatId" value={o.seatId} />
                        <button className="button" name="attended" value="yes" aria-pressed={o.attended === true}>
                          {t("observers.attended")}
                        </button>
                        <button className="button" name="attended" value="no" aria-pressed={o.attended === false}>
                          {t("observers.absent")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t("observers.console.addRemark")}</h2>
          <Form method="post" action="?intent=remark" noValidate>
            <div className="field">
              <label htmlFor="f-seatId">{t("observers.observers")}</label>
              <select id="f-seatId" name="seatId">
                {observers.map((o) => (
                  <option key={o.seatId} value={o.seatId}>
                    {o.ref} {o.name ?? ""}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-decisionId">{t("observers.agenda")}</label>
              <select id="f-decisionId" name="decisionId">
                <option value="">—</option>
                {agenda
                  .filter((a) => a.decisionId)
                  .map((a) => (
                    <option key={a.id} value={a.decisionId!}>
                      {a.title}
                    </option>
                  ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-remark">{t("observers.remark")}</label>
              <textarea id="f-remark" name="remark" rows={3} />
            </div>
            <div className="field">
              <label htmlFor="f-response">{t("observers.response")}</label>
              <textarea id="f-response" name="response" rows={3} />
            </div>
            <button className="button primary">{t("observers.console.addRemark")}</button>
          </Form>
          <ul>
            {remarks.map((r) => (
              <li key={r.id}>
                {r.remark} — {r.response}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("observers.console.newCall")}</h2>
      <Form method="post" noValidate>
        <Field name="seats" type="number" min={1} label={t("observers.seats")} defaultValue={err?.values.seats ?? String(meeting.seats)} error={err?.errors.seats} />
        <Field name="opensAt" type="datetime-local" label={t("observers.console.opensAt")} defaultValue={err?.values.opensAt} error={err?.errors.opensAt} />
        <Field name="closesAt" type="datetime-local" step={1} label={t("observers.console.closesAt")} defaultValue={err?.values.closesAt} error={err?.errors.closesAt} />
        <div className="field">
          <label htmlFor="f-eligibility">{t("observers.eligibility")}</label>
          <textarea id="f-eligibility" name="eligibility" rows={3} defaultValue={err?.values.eligibility ?? "年满18周岁、在浦东新区居住或工作的市民，以及在浦东新区注册的小微企业、民营企业代表。"} />
          {err?.errors.eligibility ? <p className="error">{err.errors.eligibility}</p> : null}
        </div>
        <fieldset>
          <legend>{t("observers.console.quotaHelp")}</legend>
          {CATEGORY_VALUES.map((c) => (
            <div key={c} className="obs-quota-row">
              <span>{catLabel(t, c)}</span>
              <Field name={`min_${c}`} type="number" min={0} label={`${catLabel(t, c)} min`} defaultValue={err?.values[`min_${c}`] ?? String(DEFAULTS[c]![0])} />
              <Field name={`max_${c}`} type="number" min={0} label={`${catLabel(t, c)} max`} defaultValue={err?.values[`max_${c}`] ?? String(DEFAULTS[c]![1])} />
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="f-features">{t("observers.console.featuresHelp")}</label>
          <textarea id="f-features" name="features" rows={3} placeholder="street|街镇|Street/town|陆家嘴街道,张江镇,花木街道" defaultValue={err?.values.features} />
          {err?.errors.features ? <p className="error">{err.errors.features}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="f-featureQuotas">{t("observers.console.featureQuotasHelp")}</label>
          <textarea id="f-featureQuotas" name="featureQuotas" rows={3} placeholder="street|张江镇|1|2" defaultValue={err?.values.featureQuotas} />
          {err?.errors.featureQuotas ? <p className="error">{err.errors.featureQuotas}</p> : null}
        </div>
        <div className="field check">
          <input type="checkbox" id="f-excludePrevious" name="excludePrevious" defaultChecked />
          <label htmlFor="f-excludePrevious">{t("observers.excludePrevious")}</label>
        </div>
        <Field name="confirmDays" type="number" min={1} max={14} label={t("observers.console.confirmDays")} defaultValue={err?.values.confirmDays ?? "3"} />
        <Field name="externalSource" label={t("observers.console.externalSource")} hint={t("observers.console.externalSourceHint")} defaultValue={err?.values.externalSource} error={err?.errors.externalSource} />
        <Field name="externalPublishesAt" type="datetime-local" step={1} label={t("observers.console.externalPublishesAt")} defaultValue={err?.values.externalPublishesAt} error={err?.errors.externalPublishesAt} />
        <button className="button primary">{t("observers.console.openCall")}</button>
      </Form>
    </>
  );
}
