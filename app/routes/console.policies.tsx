import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.policies";
import { actor, forbidden, requireConsoleUser } from "~/.server/auth/guards";
import { httpError } from "~/.server/errors";
import { runForm } from "~/.server/http";
import { createPolicy, listUnitPolicies, policySchema } from "~/.server/policies/policies";
import { validityOf } from "~/.server/policies/validity";
import { FormError } from "~/components/form";
import { PolicyFields } from "~/components/policy-form";
import { ValidityBadge } from "~/components/policies-ui";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consolePolicies");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const now = context.now();
  const list = await listUnitPolicies(context.db, actor(context, user), user.unitId).catch(httpError);
  return {
    canCreate: user.role === "staff",
    list: list.map((p) => ({ ...p, publishedAt: p.publishedAt != null, validity: validityOf(p, now) })),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  // Creating needs a unit of one's own: the admin has none.
  const unitId = user.unitId;
  if (user.role !== "staff" || unitId == null) throw forbidden();
  return runForm(request, context, policySchema, async (input) => {
    const id = await createPolicy(context.db, actor(context, user), unitId, input, context.now());
    return redirect(`/console/policies/${id}`);
  });
}

export default function ConsolePolicies() {
  const { list, canCreate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = result && !result.ok ? result : undefined;
  const t = useT();
  return (
    <>
      <h1>{t("policies.console.title")}</h1>
      <p>
        <Link to="/console/policies/questions">{t("policies.console.questions")}</Link>
      </p>
      <p>
        {t("policies.console.faqExport")}{t("common.colon")}{canCreate ? `${t("policies.console.faqExportUnit")} ` : ""}
        <a href="/console/policies/faq.csv">CSV</a> · <a href="/console/policies/faq.json">JSON</a>
        {canCreate ? (
          <>
            {" · "}
            {t("policies.console.faqExportAll")} <a href="/console/policies/faq.csv?all=1">CSV</a> · <a href="/console/policies/faq.json?all=1">JSON</a>
          </>
        ) : null}
      </p>
      {list.length === 0 ? (
        <p>{t("policies.console.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("policies.console.titleField")}</th>
                <th scope="col">{t("policies.docNumber")}</th>
                <th scope="col">{t("policies.console.unit")}</th>
                <th scope="col">{t("policies.console.status")}</th>
                <th scope="col">{t("policies.validityLabel")}</th>
                <th scope="col">{t("policies.console.interpretations")}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/console/policies/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>{p.docNumber}</td>
                  <td>{p.unitName}</td>
                  <td>{p.publishedAt ? t("policies.console.published") : t("policies.console.draft")}</td>
                  <td>
                    <ValidityBadge validity={p.validity} />
                  </td>
                  <td>{p.interpretations}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canCreate ? (
        <section aria-labelledby="pl-new">
          <h2 id="pl-new">{t("policies.console.new")}</h2>
          <Form method="post" noValidate>
            <FormError message={err?.message} />
            <PolicyFields values={err?.values ?? {}} errors={err?.errors ?? {}} />
            <button className="button primary">{t("policies.console.create")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
