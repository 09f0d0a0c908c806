import { Form, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/admin.units";
import { actor, requireAdmin } from "~/.server/auth/guards";
import { runForm } from "~/.server/http";
import { createUnit, listUnits, unitSchema } from "~/.server/units/units";
import { Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin(request, context);
  return { units: await listUnits(context.db) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireAdmin(request, context);
  return runForm(request, context, unitSchema, async (input) => {
    await createUnit(context.db, actor(context, user), input, context.now());
    return { ok: true as const };
  });
}

export default function AdminUnits() {
  const { units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  return (
    <>
      <h1>{t("admin.units")}</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.unit.slug")}</th>
              <th scope="col">{t("admin.unit.nameZh")}</th>
              <th scope="col">{t("admin.unit.nameEn")}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.id}>
                <td>
                  <a href={`/console/units/${u.slug}`}>{u.slug}</a>
                </td>
                <td>{u.nameZh}</td>
                <td>{u.nameEn}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("admin.unit.new")}</h2>
      <Form method="post" noValidate key={units.length}>
        <FormError message={err?.message} />
        <Field name="slug" label={t("admin.unit.slug")} required defaultValue={err?.values.slug} error={err?.errors.slug} />
        <Field name="nameZh" label={t("admin.unit.nameZh")} required defaultValue={err?.values.nameZh} error={err?.errors.nameZh} />
        <Field name="nameEn" label={t("admin.unit.nameEn")} required defaultValue={err?.values.nameEn} error={err?.errors.nameEn} />
        <button className="button primary">{t("admin.unit.create")}</button>
      </Form>
    </>
  );
}
