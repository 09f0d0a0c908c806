import { Form, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.observers.call";
import { z } from "zod";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { requireIdParam, runForm } from "~/.server/http";
import { shanghaiDateTime } from "~/.server/observers/forms";
import { addWitness } from "~/.server/observers/calls";
import { callPage, staffCall } from "~/.server/observers/public";
import { cancelDraw, draw, freezePool, lapseCall, publishDistribution } from "~/.server/observers/seats";
import { Field, FormError } from "~/components/form";
import { CallStatus, catLabel, Hash, Timeline, When } from "~/components/observers-ui";
import { useT } from "~/i18n/use-t";
import { Msg } from "~/components/msg";
import { httpError } from "~/.server/errors";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleObserverCall");

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const staff = await staffCall(context.db, actor(context, user), id).catch(httpError);
  const page = await callPage(context.db, id);
  return {
    page,
    apps: staff.apps.map((a) => ({ id: a.id, ref: a.ref, fullName: a.fullName, category: a.category, features: a.features, enterpriseName: a.enterpriseName, creditCode: a.creditCode, statement: a.statement, status: a.status, consentPublish: a.consentPublish })),
  };
}

const req = { error: "observers.err.required" } as const;

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const a = actor(context, user);
  const id = requireIdParam(params.id);
  const now = context.now();
  const intent = new URL(request.url).searchParams.get("intent");
  const done = { ok: true as const, intent };
  switch (intent) {
    case "witness":
      return runForm(request, context, z.object({ name: z.string(req).trim().min(1, req).max(100), role: z.string(req).trim().min(1, req).max(100), commitment: z.string(req).trim().min(1, req) }), async (i) => {
        await addWitness(context.db, a, id, i, now);
        return done;
      });
    case "freeze":
      return runForm(request, context, z.object({ externalSource: z.string().trim().max(300).optional(), externalPublishesAt: z.union([z.literal(""), shanghaiDateTime]).optional() }), async (i) => {
        await freezePool(context.db, a, id, now, { externalSource: i.externalSource || null, externalPublishesAt: i.externalPublishesAt || null });
        return done;
      });
    case "distribute":
      return runForm(request, context, z.object({}), async () => (await publishDistribution(context.db, a, id, now), done));
    case "draw":
      return runForm(request, context, z.object({ externalValue: z.string().max(300).optional() }), async (i, form) => {
        const reveals: Record<number, string> = {};
        for (const [k, v] of form.entries()) if (k.startsWith("reveal_") && typeof v === "string") reveals[Number(k.slice(7))] = v;
        await draw(context.db, a, id, { reveals, externalValue: i.externalValue ?? null }, now);
        return done;
      });
    case "cancel":
      return runForm(request, context, z.object({ reason: z.string(req).max(2000) }), async (i) => (await cancelDraw(context.db, a, id, i.reason, now), done));
    case "lapse":
      return runForm(request, context, z.object({}), async () => (await lapseCall(context.db, a, id, now), done));
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

/** A stored instant as a Shanghai `datetime-local` value. */
function shanghaiInput(d: Date | string): string {
  return new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

export default function ConsoleCall() {
  const { page, apps } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const err = result && "ok" in result && !result.ok ? result : undefined;
  const t = useT();
  const { call, meeting, witnesses } = page;
  const busy = nav.state !== "idle";
  return (
    <>
      <p>
        <Link to={`/console/observers/meetings/${meeting.id}`}>{meeting.title}</Link> · <Link to={`/observers/calls/${call.id}`}>{t("observers.console.viewPublic")}</Link>
      </p>
      <h1>
        <Msg k="observers.callFor" user={{ title: meeting.title }} /> <CallStatus status={call.status} />
      </h1>
      <p>
        {t("observers.window")} <When d={call.opensAt} /> – <When d={call.closesAt} end /> · {t("observers.applicants")} {page.applicants}
      </p>
      <FormError message={err?.message} />
      {result && "ok" in result && result.ok ? <p role="status">{t("observers.console.done")}</p> : null}

      <h2>{t("observers.witnesses")}</h2>
      <ul>
        {witnesses.map((w) => (
          <li key={w.id}>
            {w.name} {t("common.paren", { x: w.role })}<Hash value={w.commitment} />
          </li>
        ))}
      </ul>
      {call.status === "open" ? (
        <Form method="post" action="?intent=witness" noValidate>
          <h3>{t("observers.console.addWitness")}</h3>
          <Field name="name" label={t("observers.witness.name")} error={err?.errors.name} />
          <Field name="role" label={t("observers.witness.role")} error={err?.errors.role} />
          <Field name="commitment" label={t("observers.witness.commitment")} error={err?.errors.commitment} spellCheck={false} />
          <button className="button">{t("observers.console.addWitness")}</button>
        </Form>
      ) : null}

      {call.status === "open" ? (
        <Form method="post" action="?intent=freeze" noValidate>
          <h2>{t("observers.console.freeze")}</h2>
          <p>{t("observers.console.freezeHelp")}</p>
          <Field name="externalSource" label={t("observers.console.externalSource")} hint={t("observers.console.externalSourceHint")} defaultValue={err?.values.externalSource ?? call.externalSource ?? ""} error={err?.errors.externalSource} />
          <Field
            name="externalPublishesAt"
            type="datetime-local"
            step={1}
            label={t("observers.console.externalPublishesAt")}
            defaultValue={err?.values.externalPublishesAt ?? (call.externalPublishesAt ? shanghaiInput(call.externalPublishesAt) : "")}
            error={err?.errors.externalPublishesAt}
          />
          <button className="button primary" disabled={busy}>
            {t("observers.console.freeze")}
          </button>
        </Form>
      ) : null}
      {call.poolHash ? (
        <p>
          {t("observers.poolHash")}: <Hash value={call.poolHash} />
        </p>
      ) : null}
      {call.status === "frozen" ? (
        <Form method="post" action="?intent=distribute">
          <button className="button primary" disabled={busy}>
            {t("observers.console.distribute")}
          </button>
        </Form>
      ) : null}
      {call.distributionError ? <p className="form-error">{t(call.distributionError.key, call.distributionError.params)}</p> : null}
      {call.distributionHash ? (
        <p>
          {t("observers.distributionHash")}: <Hash value={call.distributionHash} />
        </p>
      ) : null}
      {call.status === "distributed" ? (
        <Form method="post" action="?intent=draw" noValidate>
          <h2>{t("observers.console.draw")}</h2>
          <p>{t("observers.console.drawHelp")}</p>
          {call.externalValue === null ? (
            <Field
              name="externalValue"
              label={`${t("observers.external")}: ${call.externalSource ?? ""}`}
              hint={t("observers.console.externalValueHint", { at: call.externalPublishesAt ? shanghaiInput(call.externalPublishesAt).replace("T", " ") : "" })}
              error={err?.errors.externalValue}
              defaultValue={err?.values.externalValue}
              autoComplete="off"
            />
          ) : (
            <p>
              {t("observers.external")}: {call.externalSource} — <code>{call.externalValue}</code>
            </p>
          )}
          {witnesses
            .filter((w) => w.secret === null)
            .map((w) => (
              <Field
                key={w.id}
                name={`reveal_${w.id}`}
                label={t("observers.console.reveal", { name: w.name })}
                error={err?.errors[`reveal_${w.id}`]}
                defaultValue={err?.values[`reveal_${w.id}`]}
                autoComplete="off"
                spellCheck={false}
              />
            ))}
          <button className="button primary" disabled={busy}>
            {t("observers.console.draw")}
          </button>
        </Form>
      ) : null}
      {call.seed ? (
        <p>
          {t("observers.seed")}: <Hash value={call.seed} />
        </p>
      ) : null}
      <Timeline page={page} />
      {call.status === "drawn" ? (
        <>
          <h2>{t("observers.seatsList")}</h2>
          <ul>
            {page.seats.map((s) => (
              <li key={s.id}>
                {s.ref} · {t(`observers.seat.${s.status}` as "observers.seat.offered")} · {t(`observers.seat.source.${s.source}` as "observers.seat.source.draw")} · {t("observers.confirmBy")} <When d={s.confirmBy} />
              </li>
            ))}
          </ul>
          <Form method="post" action="?intent=lapse">
            <button className="button">{t("observers.console.lapse")}</button>
          </Form>
        </>
      ) : null}
      {call.status !== "cancelled" && call.status !== "open" ? (
        <Form method="post" action="?intent=cancel" noValidate>
          <h2>{t("observers.console.cancel")}</h2>
          <div className="field">
            <label htmlFor="f-reason">{t("observers.console.cancelReason")}</label>
            <textarea id="f-reason" name="reason" rows={2} />
            {err?.errors.reason ? <p className="error">{err.errors.reason}</p> : null}
          </div>
          <button className="button danger">{t("observers.console.cancel")}</button>
        </Form>
      ) : null}
      {call.cancelReason ? <p className="notice">{t("observers.cancelled", { reason: call.cancelReason })}</p> : null}

      <h2>{t("observers.console.applications")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("observers.ref")}</th>
              <th scope="col">{t("observers.fullName")}</th>
              <th scope="col">{t("observers.category")}</th>
              <th scope="col">{t("observers.features")}</th>
              <th scope="col">{t("observers.enterpriseName")}</th>
              <th scope="col">{t("observers.statement")}</th>
              <th scope="col">{t("observers.status")}</th>
            </tr>
          </thead>
          <tbody>
            {apps.map((a) => (
              <tr key={a.id}>
                <td>{a.ref ?? "—"}</td>
                <td>{a.fullName}</td>
                <td>{catLabel(t, a.category)}</td>
                <td>{Object.values(a.features).join(" · ")}</td>
                <td>{a.enterpriseName ? `${a.enterpriseName} ${a.creditCode}` : ""}</td>
                <td>{a.statement}</td>
                <td>{t(`observers.app.${a.status}` as "observers.app.applied")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
