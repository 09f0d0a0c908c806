import { Form, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/console.consultations.new";
import { z } from "zod";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { consultationSchema, createConsultation } from "~/.server/consultations/periods";
import { runForm } from "~/.server/http";
import { listUnits } from "~/.server/units/units";
import { ConsultationFields } from "~/components/consultation-form";
import { FormError } from "~/components/form";
import { useLang, useT } from "~/i18n/use-t";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  return { units: user.role === "admin" ? await listUnits(context.db) : [] };
}

const schema = consultationSchema.extend({ unitId: z.coerce.number().int().positive().optional() });

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  return runForm(request, context, schema, async (input) => {
    const unitId = user.role === "admin" ? (input.unitId ?? 0) : user.unitId!;
    const id = await createConsultation(context.db, actor(context, user), unitId, input, context.now());
    return redirect(`/console/consultations/${id}`);
  });
}

export default function NewConsultation() {
  const { units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const err = result && "ok" in result && !result.ok ? result : undefined;
  return (
    <>
      <h1>{t("consultations.console.new")}</h1>
      <Form method="post" noValidate className="consult-form">
        <FormError message={err?.message} />
        {units.length ? (
          <div className="field">
            <label htmlFor="f-unitId">{t("consultations.console.unit")}</label>
            <select id="f-unitId" name="unitId" defaultValue={err?.values.unitId}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {lang === "en" ? u.nameEn : u.nameZh}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <ConsultationFields values={err?.values ?? {}} errors={err?.errors ?? {}} />
        <button className="button primary">{t("consultations.console.create")}</button>
      </Form>
    </>
  );
}
