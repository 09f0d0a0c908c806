import { Field } from "~/components/form";
import { useT } from "~/i18n/use-t";

/** The fields of a catalogue item, shared by the add and edit forms. */
export function DecisionFields({
  values,
  errors,
  published,
  withStatus,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  published: boolean;
  withStatus?: boolean;
}) {
  const t = useT();
  return (
    <>
      <Field name="title" label={t("decisions.console.itemTitle")} required defaultValue={values.title} error={errors.title} />
      <div className={`field${errors.summary ? " has-error" : ""}`}>
        <label htmlFor="f-summary">{t("decisions.console.summary")}</label>
        <textarea id="f-summary" name="summary" rows={4} defaultValue={values.summary} />
        {errors.summary ? <p className="error">{errors.summary}</p> : null}
      </div>
      <Field name="legalBasis" label={t("decisions.console.legalBasis")} defaultValue={values.legalBasis} error={errors.legalBasis} />
      <Field name="plannedSchedule" label={t("decisions.console.schedule")} defaultValue={values.plannedSchedule} error={errors.plannedSchedule} />
      <Field name="plannedDecisionOn" type="date" label={t("decisions.console.plannedDecisionOn")} defaultValue={values.plannedDecisionOn} error={errors.plannedDecisionOn} />
      <Field name="tags" label={t("decisions.console.tags")} defaultValue={values.tags} error={errors.tags} />
      {withStatus ? (
        // The status follows the stages (and withdrawal is its own reasoned act), so it is shown, not edited.
        <p className="hint" id="f-status">
          {t("decisions.console.status")}{t("common.colon")}{t(`decisions.status.${values.status as "planned"}`)}
          {values.decidedOn ? ` · ${t("decisions.console.decidedOn")}${t("common.colon")}${values.decidedOn}` : ""} — {t("decisions.console.statusDerived")}
        </p>
      ) : null}
      {published ? (
        <Field name="changeReason" label={t("decisions.console.changeReason")} required defaultValue={values.changeReason} error={errors.changeReason} />
      ) : null}
    </>
  );
}
