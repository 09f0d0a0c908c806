import { POLICY_KINDS } from "~/policies-constants";
import { Field } from "~/components/form";
import { TextArea } from "~/components/consultation-form";
import { useT } from "~/i18n/use-t";

/** The fields of a policy draft (new and edit); values are the form's strings. */
export function PolicyFields({ values, errors }: { values: Record<string, string | undefined>; errors: Record<string, string> }) {
  const t = useT();
  return (
    <>
      <div className="field">
        <label htmlFor="f-kind">{t("policies.console.kind")}</label>
        <select id="f-kind" name="kind" defaultValue={values.kind ?? "normative"}>
          {POLICY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`policies.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <Field name="title" label={t("policies.console.titleField")} required maxLength={200} defaultValue={values.title} error={errors.title} />
      <Field name="docNumber" label={t("policies.docNumber")} maxLength={60} defaultValue={values.docNumber} error={errors.docNumber} />
      <TextArea name="summary" label={t("policies.console.summary")} rows={2} defaultValue={values.summary} error={errors.summary} />
      <TextArea name="body" label={t("policies.console.body")} rows={10} defaultValue={values.body} error={errors.body} />
      <Field name="issuedOn" type="date" label={t("policies.issuedOn")} defaultValue={values.issuedOn} error={errors.issuedOn} />
      <Field name="effectiveOn" type="date" label={t("policies.effectiveOn")} defaultValue={values.effectiveOn} error={errors.effectiveOn} />
      <Field name="validUntil" type="date" label={t("policies.validUntil")} hint={t("policies.longTerm")} defaultValue={values.validUntil} error={errors.validUntil} />
      <Field name="topics" label={t("policies.console.topics")} defaultValue={values.topics} error={errors.topics} />
      <Field name="audiences" label={t("policies.console.audiences")} defaultValue={values.audiences} error={errors.audiences} />
      <TextArea name="services" label={t("policies.console.services")} rows={3} defaultValue={values.services} error={errors.services} />
      <Field name="decisionId" inputMode="numeric" label={t("policies.console.decisionId")} defaultValue={values.decisionId} error={errors.decisionId} />
      <Field name="titleEn" label={t("policies.console.titleEn")} lang="en" defaultValue={values.titleEn} error={errors.titleEn} />
      <TextArea name="bodyEn" label={t("policies.console.bodyEn")} lang="en" rows={4} defaultValue={values.bodyEn} error={errors.bodyEn} />
    </>
  );
}
