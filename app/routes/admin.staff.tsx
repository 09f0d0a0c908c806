import { Form, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/admin.staff";
import { z } from "zod";
import { actor, requireAdmin } from "~/.server/auth/guards";
import { runForm } from "~/.server/http";
import { createStaffAccount, listStaff, listUnits, setUserDisabled, staffSchema } from "~/.server/units/units";
import { Field, FormError } from "~/components/form";
import { useLang, useT } from "~/i18n/use-t";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin(request, context);
  return { staff: await listStaff(context.db), units: await listUnits(context.db) };
}

const actionSchema = z.discriminatedUnion("intent", [
  staffSchema.extend({ intent: z.literal("create") }),
  z.object({ intent: z.enum(["disable", "enable"]), userId: z.coerce.number().int().positive() }),
]);

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireAdmin(request, context);
  return runForm(request, context, actionSchema, async (input) => {
    if (input.intent === "create") await createStaffAccount(context.db, actor(context, user), input, context.now());
    else await setUserDisabled(context.db, actor(context, user), input.userId, input.intent === "disable", context.now());
    return { ok: true as const };
  });
}

export default function AdminStaff() {
  const { staff, units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const err = result && !result.ok ? result : undefined;
  return (
    <>
      <h1>{t("admin.staff")}</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("common.name")}</th>
              <th scope="col">{t("auth.email")}</th>
              <th scope="col">{t("auth.account.role")}</th>
              <th scope="col">{t("auth.account.unit")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <td>{s.displayName}</td>
                <td>{s.email}</td>
                <td>{t(`role.${s.role}`)}</td>
                <td>{s.unitName ?? "—"}</td>
                <td>{s.disabledAt ? t("common.disabled") : t("common.active")}</td>
                <td>
                  {s.role === "staff" ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="userId" value={s.id} />
                      <button className="link-button" name="intent" value={s.disabledAt ? "enable" : "disable"}>
                        {s.disabledAt ? t("admin.staff.enable") : t("admin.staff.disable")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("admin.staff.new")}</h2>
      <Form method="post" noValidate key={staff.length}>
        <FormError message={err?.message} />
        <Field name="displayName" label={t("auth.displayName")} required defaultValue={err?.values.displayName} error={err?.errors.displayName} />
        <Field name="email" type="email" label={t("auth.email")} required defaultValue={err?.values.email} error={err?.errors.email} />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="new-password" required error={err?.errors.password} />
        <div className={`field${err?.errors.unitId ? " has-error" : ""}`}>
          <label htmlFor="f-unitId">{t("auth.account.unit")}</label>
          <select id="f-unitId" name="unitId" defaultValue={err?.values.unitId ?? ""} aria-invalid={err?.errors.unitId ? true : undefined}>
            <option value="">—</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {lang === "en" ? u.nameEn : u.nameZh}
              </option>
            ))}
          </select>
          {err?.errors.unitId ? <p className="error">{err.errors.unitId}</p> : null}
        </div>
        <button className="button primary" name="intent" value="create">
          {t("admin.staff.create")}
        </button>
      </Form>
    </>
  );
}
