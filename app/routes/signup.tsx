import { Form, redirect, useActionData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/signup";
import { signUp, signUpSchema } from "~/.server/auth/accounts";
import { setSessionHeaders } from "~/.server/auth/cookies";
import { runForm } from "~/.server/http";
import { Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.signup");

export async function loader({ context }: Route.LoaderArgs) {
  if (context.user) throw redirect("/account");
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  return runForm(request, context, signUpSchema, async (input) => {
    const s = await signUp(context.db, input, { ip: context.ip, now: context.now(), config: context.config, lang: context.lang });
    throw redirect("/account", { headers: setSessionHeaders(context, s) });
  });
}

export default function SignUp() {
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  return (
    <div className="page narrow">
      <h1>{t("auth.signup.title")}</h1>
      <Form method="post" noValidate>
        <FormError message={err?.message} />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required defaultValue={err?.values.email} error={err?.errors.email} />
        <Field name="displayName" label={t("auth.displayName")} autoComplete="nickname" required maxLength={40} defaultValue={err?.values.displayName} error={err?.errors.displayName} />
        <Field name="phone" type="tel" label={t("auth.phone")} autoComplete="tel" defaultValue={err?.values.phone} error={err?.errors.phone} />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="new-password" required minLength={8} hint={t("err.password.short")} error={err?.errors.password} />
        <button type="submit" className="button primary">
          {t("auth.signup.submit")}
        </button>
      </Form>
      <p>
        {t("auth.signup.haveAccount")} <a href="/login">{t("nav.login")}</a>
      </p>
    </div>
  );
}
