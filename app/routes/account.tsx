import { Form, data, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/account";
import { changePassword, changePasswordSchema } from "~/.server/auth/accounts";
import { setSessionHeaders } from "~/.server/auth/cookies";
import { requireUser } from "~/.server/auth/guards";
import { runForm } from "~/.server/http";
import { getUnitById } from "~/.server/units/units";
import { Field, FormError } from "~/components/form";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.account");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(request, context);
  const unit = user.unitId ? await getUnitById(context.db, user.unitId) : null;
  return { user: { displayName: user.displayName, email: user.email, role: user.role }, unit };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(request, context);
  return runForm(request, context, changePasswordSchema, async (input) => {
    const s = await changePassword(context.db, user, input, { ip: context.ip, now: context.now(), config: context.config, lang: context.lang });
    return data({ ok: true as const }, { headers: setSessionHeaders(context, s) });
  });
}

export default function Account() {
  const { user, unit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const err = result && !result.ok ? result : undefined;
  return (
    <div className="page narrow">
      <h1>{t("auth.account.title")}</h1>
      <dl className="facts">
        <dt>{t("auth.displayName")}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t("auth.email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("auth.account.role")}</dt>
        <dd>{t(`role.${user.role}`)}</dd>
        {unit ? (
          <>
            <dt>{t("auth.account.unit")}</dt>
            <dd>{lang === "en" ? unit.nameEn : unit.nameZh}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t("auth.changePassword.title")}</h2>
      {result?.ok ? (
        <p role="status" className="notice">
          {t("auth.changePassword.done")}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <FormError message={err?.message} />
        <Field name="currentPassword" type="password" label={t("auth.passwordCurrent")} autoComplete="current-password" required error={err?.errors.currentPassword} />
        <Field name="newPassword" type="password" label={t("auth.passwordNew")} autoComplete="new-password" required minLength={8} error={err?.errors.newPassword} />
        <button type="submit" className="button primary">
          {t("auth.changePassword.submit")}
        </button>
      </Form>
    </div>
  );
}
