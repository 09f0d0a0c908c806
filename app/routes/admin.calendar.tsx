import { Form, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/admin.calendar";
import { actor, requireAdmin } from "~/.server/auth/guards";
import { listSchedules, loadCalendar, missingScheduleYears, saveSchedule, scheduleSchema } from "~/.server/calendar/schedules";
import { runForm } from "~/.server/http";
import { DataTable } from "~/components/data-table";
import { formatDateTime } from "~/lib/dates";
import { Field, FormError } from "~/components/form";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "calendar.title");

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin(request, context);
  const now = context.now();
  const schedules = await listSchedules(context.db);
  const editYear = Number(new URL(request.url).searchParams.get("year")) || null;
  return {
    schedules: [...schedules].reverse(),
    missing: missingScheduleYears(await loadCalendar(context.db), now),
    edit: schedules.find((s) => s.year === editYear) ?? null,
    editYear,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireAdmin(request, context);
  return runForm(request, context, scheduleSchema, async (input) => {
    const s = await saveSchedule(context.db, actor(context, user), input, context.now());
    return { ok: true as const, year: s.year };
  });
}

export default function AdminCalendar() {
  const { schedules, missing, edit, editYear } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const err = result && !result.ok ? result : undefined;
  const ok = result && result.ok ? result : undefined;
  // What the admin typed survives a refusal; otherwise the year being edited, or the first missing year.
  const values = err?.values ?? {
    year: String(edit?.year ?? editYear ?? missing[0] ?? ""),
    offDays: edit?.offDays.join("\n") ?? "",
    workdays: edit?.workdays.join("\n") ?? "",
    reference: edit?.reference ?? "",
  };
  return (
    <>
      <h1>{t("calendar.title")}</h1>
      <p className="lead">{t("calendar.lead")}</p>
      {ok ? (
        <p role="status" className="notice ok">
          {t("calendar.saved", { year: ok.year })}
        </p>
      ) : null}
      {missing.map((y) => (
        <p key={y} className="notice warn" data-testid="schedule-missing">
          {t("calendar.missing", { year: y })}
        </p>
      ))}
      <h2 id="edit-h">{edit ? `${t("calendar.edit")} · ${edit.year}` : t("calendar.add")}</h2>
      <Form method="post" noValidate aria-labelledby="edit-h" key={`${edit?.year ?? "new"}-${ok?.year ?? ""}`}>
        <FormError message={err?.message} />
        <Field name="year" type="number" label={t("calendar.year")} required defaultValue={values.year} error={err?.errors.year} />
        <div className={`field${err?.errors.offDays ? " has-error" : ""}`}>
          <label htmlFor="f-offDays">{t("calendar.offDays")}</label>
          <textarea id="f-offDays" name="offDays" rows={10} defaultValue={values.offDays} aria-invalid={err?.errors.offDays ? true : undefined} />
          {err?.errors.offDays ? <p className="error">{err.errors.offDays}</p> : null}
        </div>
        <div className={`field${err?.errors.workdays ? " has-error" : ""}`}>
          <label htmlFor="f-workdays">{t("calendar.workdays")}</label>
          <textarea id="f-workdays" name="workdays" rows={4} defaultValue={values.workdays} aria-invalid={err?.errors.workdays ? true : undefined} />
          {err?.errors.workdays ? <p className="error">{err.errors.workdays}</p> : null}
        </div>
        <Field name="reference" label={t("calendar.reference")} defaultValue={values.reference} error={err?.errors.reference} />
        <button className="button primary">{t("calendar.save")}</button>
      </Form>
      <h2>{t("calendar.title")}</h2>
      <DataTable
        rows={schedules}
        rowKey={(s) => s.year}
        columns={[
          { header: t("calendar.year"), cell: (s) => <a href={`/admin/calendar?year=${s.year}#edit-h`}>{s.year}</a> },
          { header: t("calendar.days"), cell: (s) => t("calendar.counts", { off: s.offDays.length, work: s.workdays.length }) },
          { header: t("calendar.source"), cell: (s) => `${t(`calendar.source.${s.source}`)}${s.reference && s.reference !== "chinese-days" ? ` · ${s.reference}` : ""}` },
          { header: t("calendar.updatedAt"), cell: (s) => formatDateTime(s.updatedAt, lang) },
        ]}
      />
    </>
  );
}
