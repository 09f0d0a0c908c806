import type { TextareaHTMLAttributes } from "react";
import { Field } from "~/components/form";
import { useT } from "~/i18n/use-t";

export function TextArea({ name, label, error, hint, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string; label: string; error?: string; hint?: string }) {
  const id = `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...rest} />
      {error ? <p id={`${id}-error`} className="error">{error}</p> : null}
    </div>
  );
}

export interface ConsultationValues {
  title?: string;
  summary?: string;
  draftText?: string;
  explanation?: string;
  interpretation?: string;
  otherWays?: string;
  opensOn?: string;
  closesOn?: string;
  shortReason?: string;
  decisionId?: string;
}

/** The fields of a comment period (new and edit). */
export function ConsultationFields({ values, errors }: { values: ConsultationValues; errors: Record<string, string> }) {
  const t = useT();
  return (
    <>
      <Field name="title" label={t("consultations.console.titleField")} required defaultValue={values.title} error={errors.title} />
      <TextArea name="summary" label={t("consultations.console.summary")} rows={2} defaultValue={values.summary} error={errors.summary} />
      <div className="field-row">
        <Field name="opensOn" type="date" label={t("consultations.console.opensOn")} required defaultValue={values.opensOn} error={errors.opensOn} />
        <Field name="closesOn" type="date" label={t("consultations.console.closesOn")} required defaultValue={values.closesOn} error={errors.closesOn} />
      </div>
      <TextArea name="shortReason" label={t("consultations.console.shortReason")} rows={2} defaultValue={values.shortReason} error={errors.shortReason} />
      <Field name="decisionId" inputMode="numeric" label={t("consultations.console.decisionId")} defaultValue={values.decisionId} error={errors.decisionId} />
      <TextArea name="draftText" label={t("consultations.console.draftText")} hint={t("consultations.console.draftHint")} rows={14} defaultValue={values.draftText} error={errors.draftText} />
      <TextArea name="explanation" label={t("consultations.explanation")} rows={6} defaultValue={values.explanation} error={errors.explanation} />
      <TextArea name="interpretation" label={t("consultations.interpretation")} rows={6} defaultValue={values.interpretation} error={errors.interpretation} />
      <TextArea name="otherWays" label={t("consultations.otherWays")} rows={3} defaultValue={values.otherWays} error={errors.otherWays} />
    </>
  );
}
