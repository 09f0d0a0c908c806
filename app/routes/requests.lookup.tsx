import { Form, data, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/requests.lookup";
import { runForm } from "~/.server/http";
import { TRACKING_NO } from "~/.server/requests/forms";
import { applicantView } from "~/.server/requests/history";
import { lookupRequest, lookupSchema } from "~/.server/requests/lookup";
import { Field, FormError } from "~/components/form";
import { ApplicantRequest } from "~/components/requests-ui";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "requests.lookup.title");

/** The number may come in the link of a mail; the contact never does (it would sit in logs and histories). */
export function loader({ request }: Route.LoaderArgs) {
  const no = (new URL(request.url).searchParams.get("no") ?? "").trim().toUpperCase();
  return { no: TRACKING_NO.test(no) ? no : "" };
}

export async function action({ request, context }: Route.ActionArgs) {
  const limits = { ...context.config.requestLookup, windowSeconds: context.config.rateWindowMinutes * 60 };
  return runForm(request, context, lookupSchema, async (input) => {
    const d = await lookupRequest(context.db, input, context.ip, context.now(), limits);
    // Shown in the answer to the post itself, never at an address that could be shared or cached.
    return data({ ok: true as const, view: applicantView(d) }, { headers: { "Cache-Control": "no-store" } });
  });
}

export default function RequestLookup() {
  const { no } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  if (result?.ok)
    return (
      <div className="page">
        <ApplicantRequest view={result.view} />
      </div>
    );
  const err = result && !result.ok ? result : undefined;
  return (
    <div className="page narrow">
      <h1>{t("requests.lookup.title")}</h1>
      <p>{t("requests.lookup.lead")}</p>
      <FormError message={err?.message} />
      <Form method="post" noValidate>
        <Field name="trackingNo" label={t("requests.trackingNo")} defaultValue={err?.values.trackingNo ?? no} error={err?.errors.trackingNo} required maxLength={40} autoComplete="off" />
        <Field name="contact" label={t("requests.lookup.contact")} defaultValue={err?.values.contact} error={err?.errors.contact} required maxLength={200} autoComplete="email" />
        <button className="button primary">{t("requests.lookup.submit")}</button>
      </Form>
    </div>
  );
}
