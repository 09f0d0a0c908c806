import { Form, Link, data, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.events.session";
import { z } from "zod";
import { eventsConfig } from "~/.server/events/config";
import { maskPhone } from "~/.server/events/exports";
import { sendQuestionnaire } from "~/.server/events/questionnaire";
import { checkedInCount } from "~/.server/events/checkin";
import { liftNoShow, markNoShows, noShowStatuses } from "~/.server/events/noshow";
import { cancelRegistration, registerOnBehalf, sessionRegistrations, setCapacity } from "~/.server/events/registration";
import { waitingCount } from "~/.server/events/waitlist";
import { loadStaffSession } from "~/.server/events/staff";
import { optionalText, text } from "~/.server/forms";
import { runForm } from "~/.server/http";
import { ExportButton, Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { formatOrderTime, formatSession } from "~/lib/dates";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleSession");

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { s, e } = await loadStaffSession(request, context, params.id);
  const now = context.now();
  const regs = await sessionRegistrations(context.db, s.id);
  // Everyone's no-show status in one query, however long the list.
  const statuses = await noShowStatuses(context.db, regs.flatMap((r) => (r.userId != null ? [r.userId] : [])), now, eventsConfig());
  const lang = context.lang;
  return {
    event: { id: e.id, title: e.title },
    session: {
      id: s.id,
      when: formatSession(s.startsAt, s.endsAt, lang),
      capacity: s.capacity,
      taken: s.taken,
      held: s.held,
      maxSeats: s.maxSeatsPerRegistration,
      ended: now >= s.endsAt,
      questionnaireSent: !!s.questionnaireSentAt,
      noShowsMarked: !!s.noShowsMarkedAt,
    },
    attended: await checkedInCount(context.db, s.id),
    waiting: await waitingCount(context.db, s.id),
    regs: regs.map((r) => ({
      id: r.id,
      seq: r.seq,
      acceptedAt: formatOrderTime(r.createdAt, lang),
      position: r.position,
      name: r.contactName,
      // Phone numbers stay masked on screen; the full export is a separate, audited step.
      phone: maskPhone(r.contactPhone),
      seats: r.seats,
      status: r.status,
      channel: r.channel,
      checkedIn: !!r.checkedInAt,
      noShow: !!r.noShowAt,
      userId: r.userId,
      suspended: r.userId != null && !!statuses.get(r.userId)?.suspendedUntil,
    })),
  };
}

const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("hotline"),
    contactName: text(50),
    contactPhone: text(30),
    contactEmail: optionalText(200).pipe(z.email({ error: "err.email" }).nullable()),
    seats: z.coerce.number().int().min(1).max(20),
    attendees: optionalText(500),
  }),
  z.object({ intent: z.literal("capacity"), capacity: z.coerce.number().int().min(0).max(10000) }),
  z.object({ intent: z.literal("cancel"), id: z.coerce.number().int() }),
  z.object({ intent: z.literal("lift"), userId: z.coerce.number().int() }),
  z.object({ intent: z.literal("noshows") }),
  z.object({ intent: z.literal("questionnaire") }),
]);

export async function action({ request, params, context }: Route.ActionArgs) {
  const { s, a } = await loadStaffSession(request, context, params.id);
  return runForm(request, context, schema, async (input) => {
    const now = context.now();
    const cfg = eventsConfig();
    let n: number | undefined;
    switch (input.intent) {
      case "hotline": {
        const r = await registerOnBehalf(
          context.db,
          a,
          {
            sessionId: s.id,
            contactName: input.contactName,
            contactPhone: input.contactPhone,
            contactEmail: input.contactEmail,
            seats: input.seats,
            attendeeNames: (input.attendees ?? "").split(/[,，、\n]/),
          },
          now,
          cfg,
        );
        return data({ ok: true as const, intent: input.intent, status: r.status, n: r.positionAtAcceptance ?? undefined });
      }
      case "capacity":
        await setCapacity(context.db, a, s.id, input.capacity, now, cfg);
        break;
      case "cancel":
        await cancelRegistration(context.db, { id: a.id }, input.id, now, cfg, a);
        break;
      case "lift":
        await liftNoShow(context.db, a, input.userId, null, now, cfg);
        break;
      case "noshows":
        n = await markNoShows(context.db, a, s.id, now);
        break;
      case "questionnaire":
        n = await sendQuestionnaire(context.db, a, s.id, now);
        break;
    }
    return data({ ok: true as const, intent: input.intent, status: null, n });
  });
}

export default function ConsoleSession() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  const s = d.session;
  return (
    <div className="ev-console">
      <p>
        <Link to={`/console/events/${d.event.id}`}>← {d.event.title}</Link>
      </p>
      <h1>{s.when}</h1>
      <p>
        {t("events.console.taken", { taken: s.taken, held: s.held, cap: s.capacity })} · {t("events.console.waiting", { n: d.waiting })} ·{" "}
        {t("events.checkin.count", { n: d.attended })}
      </p>
      {/* A div, not a p: the export buttons are forms, which a paragraph cannot hold. */}
      <div className="action-row">
        <Link className="button" to={`/console/events/sessions/${s.id}/check-in`}>
          {t("events.checkin.title")}
        </Link>{" "}
        <ExportButton action={`/console/events/sessions/${s.id}/export?format=csv`}>{t("events.export.csv")}</ExportButton> ·{" "}
        <ExportButton action={`/console/events/sessions/${s.id}/export?format=xlsx`}>{t("events.export.xlsx")}</ExportButton> ·{" "}
        <ExportButton action={`/console/events/sessions/${s.id}/export?format=xlsx&full=1`}>{t("events.export.full")}</ExportButton>
      </div>
      <FormError message={err?.message} />
      {result?.ok ? (
        <p role="status" className="notice">
          {result.intent === "hotline" && result.status ? t(`events.status.${result.status}`) : t("events.saved")}
          {result.n != null ? ` (${result.n})` : ""}
        </p>
      ) : null}

      <div className="table-wrap">
        <table>
          <caption>{t("events.console.registrations")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("events.console.order")}</th>
              <th scope="col">{t("events.console.acceptedAt")}</th>
              <th scope="col">#</th>
              <th scope="col">{t("events.contact")}</th>
              <th scope="col">{t("events.phone")}</th>
              <th scope="col">{t("events.seats")}</th>
              <th scope="col">{t("events.statusCol")}</th>
              <th scope="col">{t("events.action")}</th>
            </tr>
          </thead>
          <tbody>
            {d.regs.map((r) => (
              <tr key={r.id}>
                <td>{r.seq}</td>
                <td>{r.acceptedAt}</td>
                <td>{r.id}</td>
                <td>
                  {r.name} {r.channel === "hotline" ? <small>({t("events.hotline")})</small> : null}
                </td>
                <td>{r.phone}</td>
                <td>{r.seats}</td>
                <td>
                  {t(`events.status.${r.status}`)}
                  {r.position ? ` · ${t("events.console.position", { n: r.position })}` : ""}
                  {r.checkedIn ? ` · ${t("events.checkedIn")}` : ""}
                  {r.noShow ? ` · ${t("events.noShow")}` : ""}
                </td>
                <td>
                  {["confirmed", "waitlisted", "offered"].includes(r.status) && !r.checkedIn ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="id" value={r.id} />
                      <button type="submit" name="intent" value="cancel" className="link-button">
                        {t("events.my.cancel")} #{r.id}
                      </button>
                    </Form>
                  ) : null}
                  {r.suspended ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="userId" value={r.userId ?? ""} />
                      <button type="submit" name="intent" value="lift" className="link-button">
                        {t("events.console.lift")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="ev-hotline" className="card">
        <h2 id="ev-hotline">{t("events.console.hotline")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="hotline" />
          <Field name="contactName" label={t("events.contact")} required error={err?.errors.contactName} />
          <Field name="contactPhone" type="tel" label={t("events.phone")} required error={err?.errors.contactPhone} />
          <Field name="contactEmail" type="email" label={t("events.emailOptional")} error={err?.errors.contactEmail} />
          <Field name="seats" type="number" min={1} max={s.maxSeats} defaultValue="1" label={t("events.seatsToBook", { max: s.maxSeats })} error={err?.errors.seats} />
          <Field name="attendees" label={t("events.attendeesList")} error={err?.errors.attendees} />
          <button type="submit" className="button">
            {t("events.console.hotlineSubmit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="ev-cap" className="card">
        <h2 id="ev-cap">{t("events.capacity")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="capacity" />
          <Field name="capacity" type="number" min={0} defaultValue={String(s.capacity)} label={t("events.capacity")} error={err?.errors.capacity} />
          <button type="submit" className="button">
            {t("events.save")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="ev-after" className="card">
        <h2 id="ev-after">{t("events.console.after")}</h2>
        <Form method="post" className="inline-form">
          <button type="submit" name="intent" value="noshows" className="button" disabled={!s.ended}>
            {t("events.console.markNoShows")}
          </button>{" "}
          <button type="submit" name="intent" value="questionnaire" className="button" disabled={!s.ended || s.questionnaireSent}>
            {s.questionnaireSent ? t("events.console.questionnaireSent") : t("events.console.sendQuestionnaire")}
          </button>
        </Form>
        {!s.ended ? <p className="hint">{t("events.err.notEnded")}</p> : null}
      </section>
    </div>
  );
}
