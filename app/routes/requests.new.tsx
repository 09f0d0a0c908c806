import { Form, redirect, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/requests.new";
import { actor, requireUser } from "~/.server/auth/guards";
import { runForm } from "~/.server/http";
import { requestSchema } from "~/.server/requests/forms";
import { fileRequest } from "~/.server/requests/requests";
import { listUnits } from "~/.server/units/units";
import { FormError } from "~/components/form";
import { RequestFields } from "~/components/requests-ui";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "requests.new");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(request, context);
  return { units: await listUnits(context.db), defaults: { applicantName: user.displayName, contactEmail: user.email } };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(request, context);
  return runForm(request, context, requestSchema, async (input) => {
    const r = await fileRequest(context.db, actor(context, user), input, context.now());
    return redirect(`/requests/${r.trackingNo}?filed=1`);
  });
}

export default function NewRequest() {
  const { units, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const err = result && !result.ok ? result : undefined;
  return (
    <div className="page">
      <h1>{t("requests.new")}</h1>
      <p>{t("requests.lead")}</p>
      <FormError message={err?.message} />
      <Form method="post" noValidate>
        <RequestFields units={units.map((u) => ({ id: u.id, name: lang === "en" ? u.nameEn : u.nameZh }))} values={err?.values ?? defaults} errors={err?.errors} />
        <button type="submit" className="button primary">
          {t("requests.submit")}
        </button>
      </Form>
    </div>
  );
}
