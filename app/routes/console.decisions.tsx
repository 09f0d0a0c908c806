import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.decisions";
import { z } from "zod";
import { actor, forbidden, requireConsoleUser } from "~/.server/auth/guards";
import { catalogueCreateSchema, createCatalogue, listCataloguesForUnit } from "~/.server/decisions/catalogue";
import { currentYear } from "~/.server/decisions/public";
import { runForm } from "~/.server/http";
import { getUnitById, getUnitBySlug, listUnits } from "~/.server/units/units";
import { formatDate } from "~/lib/dates";
import { Field, FormError } from "~/components/form";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleCatalogues");

async function unitFor(request: Request, context: Route.LoaderArgs["context"]) {
  const user = requireConsoleUser(request, context);
  if (user.role === "staff") return { user, unit: await getUnitById(context.db, user.unitId!) };
  const slug = new URL(request.url).searchParams.get("unit");
  return { user, unit: slug ? await getUnitBySlug(context.db, slug) : null };
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { user, unit } = await unitFor(request, context);
  return {
    unit,
    isAdmin: user.role === "admin",
    units: user.role === "admin" ? await listUnits(context.db) : [],
    catalogues: unit ? await listCataloguesForUnit(context.db, unit.id) : [],
    nextYear: currentYear(context.now()) + 1,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user, unit } = await unitFor(request, context);
  if (!unit) throw forbidden();
  return runForm(request, context, catalogueCreateSchema.extend({ intent: z.literal("create") }), async (input) => {
    const c = await createCatalogue(context.db, actor(context, user), unit.id, input, context.now());
    return redirect(`/console/decisions/catalogues/${c.id}`);
  });
}

export default function ConsoleDecisions() {
  const { unit, isAdmin, units, catalogues, nextYear } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = result && !result.ok ? result : undefined;
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("decisions.console.title")}</h1>
      {isAdmin ? (
        <Form method="get" className="dc-inline">
          <div className="field">
            <label htmlFor="dc-unit">{t("decisions.console.unit")}</label>
            <select id="dc-unit" name="unit" defaultValue={unit?.slug ?? ""}>
              <option value="">—</option>
              {units.map((u) => (
                <option key={u.id} value={u.slug}>
                  {lang === "en" ? u.nameEn : u.nameZh}
                </option>
              ))}
            </select>
          </div>
          <button className="button">{t("decisions.filter.apply")}</button>
        </Form>
      ) : null}
      {unit ? (
        <>
          <h2>
            {lang === "en" ? unit.nameEn : unit.nameZh} · {t("decisions.console.catalogues")}
          </h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("decisions.console.year")}</th>
                  <th scope="col">{t("decisions.console.items")}</th>
                  <th scope="col">{t("decisions.status")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("decisions.console.open")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {catalogues.map((c) => (
                  <tr key={c.id}>
                    <td>{c.year}</td>
                    <td>{c.items}</td>
                    <td>{c.publishedAt ? `${t("decisions.console.published")} ${formatDate(c.publishedAt, lang)}` : t("decisions.console.draft")}</td>
                    <td>
                      <Link to={`/console/decisions/catalogues/${c.id}`}>
                        {t("decisions.console.open")} {c.year}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t("decisions.console.newCatalogue")}</h2>
          <Form method="post" noValidate>
            <FormError message={err?.message} />
            <input type="hidden" name="intent" value="create" />
            <Field name="year" type="number" label={t("decisions.console.year")} required defaultValue={err?.values.year ?? nextYear} error={err?.errors.year} />
            <Field name="note" label={t("decisions.console.note")} defaultValue={err?.values.note} error={err?.errors.note} />
            <button className="button primary">{t("decisions.console.create")}</button>
          </Form>
        </>
      ) : null}
    </>
  );
}
