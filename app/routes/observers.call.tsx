import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/observers.call";
import { z } from "zod";
import { requireUser } from "~/.server/auth/guards";
import { httpError } from "~/.server/errors";
import { requireIdParam, runForm } from "~/.server/http";
import { publicUrl } from "~/.server/urls";
import { apply, CATEGORIES, myApplication, withdraw } from "~/.server/observers/calls";
import { callPage, mySeat } from "~/.server/observers/public";
import { lapseExpired, respondSeat } from "~/.server/observers/seats";
import { Field, FieldError, fieldAria, FormError } from "~/components/form";
import { CallStatus, catLabel, featureLabel, Hash, QuotaTable, Timeline, When, WhenSecond } from "~/components/observers-ui";
import { useLang, useT } from "~/i18n/use-t";
import { Msg } from "~/components/msg";
import { formatDateTime } from "~/lib/dates";
import { termName } from "~/i18n/messages";

export const meta: Route.MetaFunction = ({ data, matches }) => pageTitle(matches, "title.observerCall", data?.page.meeting.title);

export async function loader({ context, params }: Route.LoaderArgs) {
  const id = requireIdParam(params.id);
  await lapseExpired(context.db, context.now());
  const page = await callPage(context.db, id).catch(httpError);
  const user = context.user;
  const mine = user ? await myApplication(context.db, user.id, id) : null;
  const seat = user ? await mySeat(context.db, user.id, id) : null;
  const now = context.now();
  return {
    page,
    loggedIn: !!user,
    windowState: now < new Date(page.call.opensAt) ? "before" : now >= new Date(page.call.closesAt) ? "after" : "open",
    mine: mine ? { status: mine.status, createdAt: mine.createdAt, ref: mine.ref } : null,
    seat,
    exportUrl: publicUrl(`/observers/calls/${id}/export.json`),
  };
}

const applySchema = z.object({
  category: z.enum(CATEGORIES, { error: "observers.err.category" }),
  fullName: z.string({ error: "observers.err.required" }).trim().min(1, { error: "observers.err.required" }).max(60),
  enterpriseName: z.string().trim().max(200).optional(),
  creditCode: z.string().trim().max(30).optional(),
  statement: z.string({ error: "observers.err.required" }).trim().min(1, { error: "observers.err.required" }).max(1000),
  noConflict: z.literal("on", { error: "observers.err.noConflict" }),
  consentPublish: z.literal("on").optional(),
});

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser(request, context);
  const id = requireIdParam(params.id);
  const intent = new URL(request.url).searchParams.get("intent");
  const now = context.now();
  if (intent === "withdraw") return runForm(request, context, z.object({}), async () => (await withdraw(context.db, user.id, id, now), redirect(`/observers/calls/${id}`)));
  if (intent === "confirm" || intent === "decline") {
    return runForm(request, context, z.object({ seatId: z.coerce.number().int() }), async ({ seatId }) => {
      await respondSeat(context.db, user.id, seatId, intent === "confirm", now);
      return redirect(`/observers/calls/${id}`);
    });
  }
  return runForm(request, context, applySchema, async (input, form) => {
    const features: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (k.startsWith("f_") && typeof v === "string") features[k.slice(2)] = v;
    await apply(context.db, user.id, id, { ...input, features, noConflict: true, consentPublish: input.consentPublish === "on" }, now);
    return redirect(`/observers/calls/${id}`);
  });
}

export default function CallPage() {
  const { page, loggedIn, windowState, mine, seat, exportUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = result && "ok" in result && !result.ok ? result : undefined;
  const t = useT();
  const lang = useLang();
  const { call, meeting, witnesses, pool, distribution, result: drawn, seats } = page;
  const probs = distribution?.probabilities ?? {};
  return (
    <div className="page observers">
      <p>
        <Link to="/observers">{t("observers.title")}</Link> › <Link to={`/observers/meetings/${meeting.id}`}>{meeting.title}</Link>
      </p>
      <h1>
        <Msg k="observers.callFor" user={{ title: meeting.title }} />
      </h1>
      <p>
        <CallStatus status={call.status} />
      </p>
      {call.cancelReason ? (
        <p className="notice" role="status">
          {t("observers.cancelled", { reason: call.cancelReason })} <When d={call.cancelledAt} />
        </p>
      ) : null}
      <dl className="obs-facts">
        <dt>{t("observers.startsAt")}</dt>
        <dd>
          <When d={meeting.startsAt} /> · {meeting.place}
        </dd>
        <dt>{t("observers.seats")}</dt>
        <dd>{call.seats}</dd>
        <dt>{t("observers.window")}</dt>
        <dd>
          <When d={call.opensAt} /> – <When d={call.closesAt} end />
        </dd>
        <dt>{t("observers.eligibility")}</dt>
        <dd>{call.eligibility}</dd>
        <dt>{t("observers.applicants")}</dt>
        <dd>{page.applicants}</dd>
        <dd className="obs-wide">{call.excludePrevious ? t("observers.excludePrevious") : t("observers.includePrevious")}</dd>
      </dl>
      <QuotaTable quotas={call.quotas} features={call.features} />

      <section aria-labelledby="apply-h" className="card">
        <h2 id="apply-h">{t("observers.apply")}</h2>
        {seat ? (
          seat.status === "offered" ? (
            <div role="status">
              <p>{t("observers.youAreSelected", { date: formatDateTime(seat.confirmBy, lang) })}</p>
              <FormError message={err?.message} />
              <Form method="post" action="?intent=confirm" className="inline">
                <input type="hidden" name="seatId" value={seat.id} />
                <button className="button primary">{t("observers.confirm")}</button>
              </Form>
              <Form method="post" action="?intent=decline" className="inline">
                <input type="hidden" name="seatId" value={seat.id} />
                <button className="button">{t("observers.decline")}</button>
              </Form>
            </div>
          ) : (
            <p role="status">{t(`observers.seat.${seat.status}` as "observers.seat.offered")}</p>
          )
        ) : mine && mine.status === "applied" ? (
          <>
            <p role="status">
              {t("observers.applied", { date: formatDateTime(mine.createdAt, lang) })}
              {mine.ref ? ` ${t("observers.ref")}: ${mine.ref}` : ""}
            </p>
            {windowState === "open" && call.status === "open" ? (
              <Form method="post" action="?intent=withdraw">
                <FormError message={err?.message} />
                <button className="button">{t("observers.withdraw")}</button>
              </Form>
            ) : null}
          </>
        ) : mine && mine.status === "excluded" ? (
          <p>{t("observers.excluded")}</p>
        ) : windowState === "before" ? (
          <p>{t("observers.applyNotYet")}</p>
        ) : windowState === "after" || call.status !== "open" ? (
          <p>{t("observers.applyClosed")}</p>
        ) : !loggedIn ? (
          <p>
            <Link to={`/login?redirectTo=/observers/calls/${call.id}`}>{t("observers.apply.loginFirst")}</Link>
          </p>
        ) : (
          <Form method="post" noValidate>
            {mine?.status === "withdrawn" ? <p>{t("observers.withdrawn")}</p> : null}
            <FormError message={err?.message} />
            <div className={`field${err?.errors.category ? " has-error" : ""}`}>
              <label htmlFor="f-category">{t("observers.category")}</label>
              <select id="f-category" name="category" defaultValue={err?.values.category ?? "resident"} {...fieldAria("f-category", err?.errors.category)}>
                {[...new Set(["resident", "small_micro_enterprise", "private_enterprise", ...call.quotas.filter((q) => q.feature === "category").map((q) => q.value)])].map((c) => (
                  <option key={c} value={c}>
                    {catLabel(t, c)}
                  </option>
                ))}
              </select>
              <FieldError id="f-category" error={err?.errors.category} />
            </div>
            {call.features.map((f) => (
              <div key={f.key} className={`field${err?.errors[`f_${f.key}`] ? " has-error" : ""}`}>
                <label htmlFor={`f-f_${f.key}`}>{lang === "en" ? f.labelEn : f.labelZh}</label>
                <select id={`f-f_${f.key}`} name={`f_${f.key}`} defaultValue={err?.values[`f_${f.key}`] ?? ""} {...fieldAria(`f-f_${f.key}`, err?.errors[`f_${f.key}`])}>
                  <option value="">—</option>
                  {f.values.map((v) => (
                    <option key={v} value={v}>
                      {termName(lang, v)}
                    </option>
                  ))}
                </select>
                <FieldError id={`f-f_${f.key}`} error={err?.errors[`f_${f.key}`]} />
              </div>
            ))}
            <Field name="fullName" label={t("observers.fullName")} required defaultValue={err?.values.fullName} error={err?.errors.fullName} autoComplete="name" />
            <Field name="enterpriseName" label={t("observers.enterpriseName")} defaultValue={err?.values.enterpriseName} error={err?.errors.enterpriseName} />
            <Field name="creditCode" label={t("observers.creditCode")} hint={t("observers.creditCode.hint")} defaultValue={err?.values.creditCode} error={err?.errors.creditCode} maxLength={18} spellCheck={false} />
            <div className={`field${err?.errors.statement ? " has-error" : ""}`}>
              <label htmlFor="f-statement">{t("observers.statement")}</label>
              <textarea id="f-statement" name="statement" rows={4} maxLength={1000} defaultValue={err?.values.statement} {...fieldAria("f-statement", err?.errors.statement)} />
              <FieldError id="f-statement" error={err?.errors.statement} />
            </div>
            <div className="field check">
              <input type="checkbox" id="f-noConflict" name="noConflict" defaultChecked={err?.values.noConflict === "on"} {...fieldAria("f-noConflict", err?.errors.noConflict)} />
              <label htmlFor="f-noConflict">{t("observers.noConflict")}</label>
              <FieldError id="f-noConflict" error={err?.errors.noConflict} />
            </div>
            <div className="field check">
              <input type="checkbox" id="f-consentPublish" name="consentPublish" defaultChecked={err?.values.consentPublish === "on"} />
              <label htmlFor="f-consentPublish">{t("observers.consentPublish")}</label>
            </div>
            <button className="button primary">{t("observers.apply.submit")}</button>
          </Form>
        )}
      </section>

      <section aria-labelledby="draw-h">
        <h2 id="draw-h">{t("observers.procedure")}</h2>
        <p>{t("observers.procedure.text")}</p>
        <h3>{t("observers.witnesses")}</h3>
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">{t("observers.witness.name")}</th>
                <th scope="col">{t("observers.witness.role")}</th>
                <th scope="col">{t("observers.witness.commitment")}</th>
                <th scope="col">{t("observers.witness.secret")}</th>
              </tr>
            </thead>
            <tbody>
              {witnesses.map((w) => (
                <tr key={w.id}>
                  <td>{w.name}</td>
                  <td className="wide">{w.role}</td>
                  <td className="wide" data-label={t("observers.witness.commitment")}>
                    <Hash value={w.commitment} />
                    <br />
                    <WhenSecond d={w.committedAt} />
                  </td>
                  <td className="wide" data-label={t("observers.witness.secret")}>
                    {w.secret ? (
                      <>
                        <code>{w.secret}</code>
                        <br />
                        <WhenSecond d={w.revealedAt} />
                      </>
                    ) : (
                      t("observers.witness.notRevealed")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {call.externalSource ? (
          <p>
            {t("observers.external")}: {call.externalSource}
            {call.externalPublishesAt ? (
              <>
                {" "}
                · {t("observers.external.publishesAt")} <WhenSecond d={call.externalPublishesAt} />
              </>
            ) : null}
            {call.externalValue ? (
              <>
                {" "}
                — {t("observers.external.value")}: <code>{call.externalValue}</code>
              </>
            ) : null}
          </p>
        ) : null}
        {call.poolHash ? (
          <p>
            {t("observers.poolHash")} (<WhenSecond d={call.frozenAt} />): <Hash value={call.poolHash} />
          </p>
        ) : null}
        {call.distributionHash ? (
          <p>
            {t("observers.distributionHash")} (<WhenSecond d={call.distributedAt} />): <Hash value={call.distributionHash} /> ·{" "}
            {t("observers.slots", { n: (distribution?.slotsTotal ?? 0).toLocaleString(lang === "en" ? "en" : "zh-CN") })} · {t("observers.panelCount")} {distribution?.panels.length}
          </p>
        ) : null}
        {call.poolHash && !drawn ? <p className="hint">{t("observers.noteHashes")}</p> : null}
        {call.distributionError ? <p className="form-error">{t(call.distributionError.key, call.distributionError.params)}</p> : null}
        <Timeline page={page} />
        {drawn ? (
          <section className="card obs-result" aria-labelledby="result-h">
            <h3 id="result-h">{t("observers.result")}</h3>
            <p>
              {t("observers.seed")}: <Hash value={drawn.seed} />
            </p>
            <p>
              {t("observers.slot")}: {t("observers.slotOf", { slot: drawn.slot.toLocaleString("en"), last: ((distribution?.slotsTotal ?? 1) - 1).toLocaleString("en") })}
            </p>
            <p>
              {t("observers.selected")}: <span className="obs-selected">{drawn.selected.join("、")}</span>
            </p>
            <p>
              {t("observers.alternates")}: {drawn.alternates.join("、")}
            </p>
            <p>
              <a href={`/observers/calls/${call.id}/export.json`} download>
                {t("observers.download")}
              </a>
            </p>
            <p className="hint">{t("observers.verifyHow")}</p>
            <pre className="obs-command">
              npm run verify-draw -- {exportUrl} --pool-hash {call.poolHash} --distribution-hash {call.distributionHash}
            </pre>
            <p>
              <Link to="/observers/verify">{t("observers.verifyLink")}</Link> · <a href="/observers/draw-protocol.md">{t("observers.verify.specLink")}</a>
            </p>
          </section>
        ) : null}
        {seats.length ? (
          <>
            <h3>{t("observers.seatsList")}</h3>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("observers.ref")}</th>
                    <th scope="col">{t("observers.status")}</th>
                    <th scope="col">{t("observers.confirmBy")}</th>
                  </tr>
                </thead>
                <tbody>
                  {seats.map((s) => (
                    <tr key={s.id}>
                      <td className="ref">{s.ref}</td>
                      <td>
                        {t(`observers.seat.${s.status}` as "observers.seat.offered")} · {t(`observers.seat.source.${s.source}` as "observers.seat.source.draw")}
                      </td>
                      <td>
                        <When d={s.confirmBy} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
        {pool ? (
          <>
            <h3>{t("observers.pool")}</h3>
            <div className="table-wrap obs-pool">
              <table className="stack">
                <thead>
                  <tr>
                    <th scope="col">{t("observers.ref")}</th>
                    {pool.features.map((f) => (
                      <th scope="col" key={f}>
                        {featureLabel(call.features, f, lang)}
                      </th>
                    ))}
                    <th scope="col">{t("observers.probability")}</th>
                    <th scope="col">{t("observers.result")}</th>
                  </tr>
                </thead>
                <tbody>
                  {pool.applicants.map((a) => (
                    <tr key={a.ref}>
                      <td className="ref">{a.ref}</td>
                      {pool.features.map((f) => (
                        <td key={f} data-label={featureLabel(call.features, f, lang)}>
                          {f === "category" ? catLabel(t, a.values[f] ?? "") : termName(lang, a.values[f] ?? "")}
                        </td>
                      ))}
                      <td data-label={t("observers.probability")}>{probs[a.ref] !== undefined ? `${(probs[a.ref]! * 100).toFixed(1)}%` : "—"}</td>
                      <td data-label={drawn ? t("observers.result") : undefined}>{drawn ? (drawn.selected.includes(a.ref) ? t("observers.selected") : `${t("observers.alternate")} ${drawn.alternates.indexOf(a.ref) + 1}`) : ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </section>
    </div>
  );
}
