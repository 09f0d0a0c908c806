import { Form, redirect, useActionData, useSearchParams } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/login";
import { logIn, loginSchema } from "~/.server/auth/accounts";
import { setSessionHeaders } from "~/.server/auth/cookies";
import { runForm, safeRedirect } from "~/.server/http";
import { Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.login");

export async function loader({ context, request }: Route.LoaderArgs) {
  if (context.user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  return runForm(request, context, loginSchema, async (input, form) => {
    const s = await logIn(context.db, input, { ip: context.ip, now: context.now(), config: context.config, lang: context.lang });
    throw redirect(safeRedirect(form.get("redirectTo")), { headers: setSessionHeaders(context, s) });
  });
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  return (
    <div className="page narrow">
      <h1>{t("auth.login.title")}</h1>
      <Form method="post" noValidate>
        <FormError message={err?.message} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required defaultValue={err?.values.email} error={err?.errors.email} />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="current-password" required error={err?.errors.password} />
        <button type="submit" className="button primary">
          {t("auth.login.submit")}
        </button>
      </Form>
      <p>
        {t("auth.login.noAccount")} <a href="/signup">{t("nav.signup")}</a>
      </p>
    </div>
  );
}
