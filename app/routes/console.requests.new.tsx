import { Form, redirect, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.requests.new";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { runForm } from "~/.server/http";
import { registerSchema } from "~/.server/requests/forms";
import { registerRequest } from "~/.server/requests/requests";
import { shanghaiDay } from "~/.server/requests/working-days";
import { listUnits } from "~/.server/units/units";
import { Field, FormError } from "~/components/form";
import { RequestFields, Select } from "~/components/requests-ui";
import { useLang, useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n/messages";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "requests.console.register");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const all = await listUnits(context.db);
  // Staff register only for their own unit; the admin for any.
  const units = user.role === "admin" ? all : all.filter((u) => u.id === user.unitId);
  const unit = new URL(request.url).searchParams.get("unit");
  return { units, today: shanghaiDay(context.now()), defaults: { unitId: unit ?? String(units[0]?.id ?? "") } };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  return runForm(request, context, registerSchema, async (input) => {
    const r = await registerRequest(context.db, actor(context, user), input, context.now());
    return redirect(`/console/requests/${r.id}`);
  });
}

export default function RegisterRequest() {
  const { units, today, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const err = result && !result.ok ? result : undefined;
  const values = err?.values ?? { ...defaults, receivedOn: today, channel: "letter", delivery: "post", preferredForm: "paper" };
  return (
    <>
      <h1>{t("requests.console.register")}</h1>
      <FormError message={err?.message} />
      <Form method="post" noValidate>
        <Select name="channel" label={t("requests.channel")} options={["letter", "in_person", "fax"]} value={values.channel} error={err?.errors.channel} labelOf={(o) => t(`requests.channel.${o}` as MessageKey)} />
        <Field name="receivedOn" type="date" label={t("requests.receivedOn")} defaultValue={values.receivedOn} max={today} error={err?.errors.receivedOn} required />
        <RequestFields units={units.map((u) => ({ id: u.id, name: lang === "en" ? u.nameEn : u.nameZh }))} values={values} errors={err?.errors} />
        <button type="submit" className="button primary">
          {t("requests.submit")}
        </button>
      </Form>
    </>
  );
}
