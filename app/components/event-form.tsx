import { Form } from "react-router";
import { Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";

const ACTIVITIES = ["qa", "symposium", "experience", "questionnaire"] as const;

interface Props {
  areas: readonly string[];
  units?: { id: number; name: string }[];
  err?: { message: string; errors: Record<string, string>; values: Record<string, string> };
  defaults?: Record<string, string | null | string[]>;
}

export function EventForm({ areas, units, err, defaults = {} }: Props) {
  const t = useT();
  const v = (k: string) => (err?.values[k] ?? (defaults[k] as string | null) ?? "") as string;
  const area = (k: string, label: string, rows = 3) => (
    <div className={`field${err?.errors[k] ? " has-error" : ""}`}>
      <label htmlFor={`f-${k}`}>{label}</label>
      <textarea id={`f-${k}`} name={k} rows={rows} defaultValue={v(k)} aria-invalid={err?.errors[k] ? true : undefined} aria-describedby={err?.errors[k] ? `f-${k}-error` : undefined} />
      {err?.errors[k] ? (
        <p id={`f-${k}-error`} className="error">
          {err.errors[k]}
        </p>
      ) : null}
    </div>
  );
  const acts = (defaults.activities as string[] | undefined) ?? [];
  return (
    <Form method="post" noValidate>
      <FormError message={err?.message} />
      {units ? (
        <div className="field">
          <label htmlFor="f-unitId">{t("events.f.unit")}</label>
          <select id="f-unitId" name="unitId" defaultValue={v("unitId")}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Field name="title" label={t("events.f.title")} defaultValue={v("title")} error={err?.errors.title} required />
      <Field name="host" label={t("events.host")} defaultValue={v("host")} error={err?.errors.host} required />
      <Field name="theme" label={t("events.f.theme")} defaultValue={v("theme")} error={err?.errors.theme} required />
      <div className="field">
        <label htmlFor="f-area">{t("events.f.area")}</label>
        <select id="f-area" name="area" defaultValue={v("area")}>
          {areas.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </div>
      <Field name="venue" label={t("events.venue")} defaultValue={v("venue")} error={err?.errors.venue} required />
      <Field name="address" label={t("events.address")} defaultValue={v("address")} error={err?.errors.address} required />
      {area("directions", t("events.directions"))}
      {area("description", t("events.description"), 5)}
      <fieldset>
        <legend>{t("events.activities")}</legend>
        {ACTIVITIES.map((a) => (
          <label key={a} className="ev-inline">
            <input type="checkbox" name="activities" value={a} defaultChecked={acts.includes(a)} /> {t(`events.activity.${a}`)}
          </label>
        ))}
      </fieldset>
      {area("accessibility", t("events.accessibility"))}
      <Field name="ageLimit" label={t("events.ageLimit")} defaultValue={v("ageLimit")} error={err?.errors.ageLimit} />
      <Field name="bring" label={t("events.bring")} defaultValue={v("bring")} error={err?.errors.bring} />
      <button type="submit" name="intent" value="save" className="button">
        {t("events.save")}
      </button>
    </Form>
  );
}
