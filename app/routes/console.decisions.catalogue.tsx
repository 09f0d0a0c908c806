import { Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.decisions.catalogue";
import { z } from "zod";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { addDecision, decisionSchema, listCatalogueItems, listChanges, loadCatalogue, moveDecision, publishCatalogue } from "~/.server/decisions/catalogue";
import { httpError } from "~/.server/errors";
import { optionalText } from "~/.server/forms";
import { requireIdParam, runForm } from "~/.server/http";
import { getUnitById } from "~/.server/units/units";
import { StatusBadge } from "~/components/decisions-ui";
import { formatDate, formatDateTime } from "~/lib/dates";
import { DecisionFields } from "~/components/decisions-forms";
import { FormError } from "~/components/form";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleCatalogue");

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch(httpError);
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const c = await guarded(() => loadCatalogue(context.db, actor(context, user), requireIdParam(params.id)));
  const [items, changes, unit] = await Promise.all([listCatalogueItems(context.db, c.id), listChanges(context.db, c.id), getUnitById(context.db, c.unitId)]);
  return { catalogue: c, items, changes, unit: unit! };
}

const schema = z.discriminatedUnion("intent", [
  decisionSchema.extend({ intent: z.literal("add") }),
  z.object({ intent: z.literal("move"), decisionId: z.coerce.number().int().positive(), direction: z.enum(["up", "down"]), changeReason: optionalText(500) }),
  z.object({ intent: z.literal("publish"), confirm: z.literal("1", { error: "err.required" }) }),
]);

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  const id = requireIdParam(params.id);
  const a = actor(context, user);
  await guarded(() => loadCatalogue(context.db, a, id));
  return runForm(request, context, schema, async (input) => {
    const now = context.now();
    if (input.intent === "add") {
      const d = await addDecision(context.db, a, id, input, now);
      return redirect(`/console/decisions/items/${d.id}`);
    }
    if (input.intent === "move") {
      await guarded(() => moveDecision(context.db, a, input.decisionId, input.direction, input.changeReason ?? (null as string | null), now));
      return { ok: true as const, intent: "move" };
    }
    await publishCatalogue(context.db, a, id, now);
    return { ok: true as const, intent: "publish" };
  });
}

export default function ConsoleCatalogue() {
  const { catalogue: c, items, changes, unit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = result && !result.ok ? result : undefined;
  const t = useT();
  const lang = useLang();
  const published = !!c.publishedAt;
  return (
    <>
      <p>
        <Link to={lang === "en" ? "/console/decisions" : "/console/decisions"}>{t("decisions.console.title")}</Link>
      </p>
      <h1>{t("decisions.unitCatalogue", { unit: lang === "en" ? unit.nameEn : unit.nameZh, year: c.year })}</h1>
      <p>
        {published ? t("decisions.publishedOn", { d: formatDate(c.publishedAt, lang) }) : t("decisions.console.draft")} ·{" "}
        <Link to={`/units/${unit.slug}/catalogue/${c.year}`}>{t("decisions.console.view")}</Link>
      </p>
      {err && (err.values.intent === "move" || err.values.intent === "publish") ? <FormError message={err.message} /> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("decisions.console.itemTitle")}</th>
              <th scope="col">{t("decisions.status")}</th>
              <th scope="col">{t("decisions.tags")}</th>
              <th scope="col">{t("decisions.console.moveUp")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d, i) => (
              <tr key={d.id}>
                <td>{i + 1}</td>
                <td>
                  <Link to={`/console/decisions/items/${d.id}`}>{d.title}</Link>
                </td>
                <td>
                  <StatusBadge status={d.status} />
                </td>
                <td>{d.tags.join("、")}</td>
                <td>
                  <Form method="post" className="dc-move">
                    <input type="hidden" name="intent" value="move" />
                    <input type="hidden" name="decisionId" value={d.id} />
                    {published ? (
                      <>
                        <label className="visually-hidden" htmlFor={`mv-${d.id}`}>
                          {t("decisions.change.reason")} {t("common.paren", { x: `${t("decisions.console.moveUp")} / ${t("decisions.console.moveDown")}` })}
                          {t("common.colon")}
                          {d.title}
                        </label>
                        <input id={`mv-${d.id}`} name="changeReason" placeholder={t("decisions.change.reason")} size={10} />
                      </>
                    ) : null}
                    <button className="link-button" name="direction" value="up" disabled={i === 0} aria-label={`${t("decisions.console.moveUp")}${t("common.colon")}${d.title}`}>
                      ↑
                    </button>
                    <button className="link-button" name="direction" value="down" disabled={i === items.length - 1} aria-label={`${t("decisions.console.moveDown")}${t("common.colon")}${d.title}`}>
                      ↓
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!published ? (
        <section className="card dc-publish" aria-labelledby="dc-publish-h">
          <h2 id="dc-publish-h">{t("decisions.console.publish")}</h2>
          <p>{t("decisions.console.publishHint")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <div className="field dc-check">
              <input type="checkbox" id="dc-confirm" name="confirm" value="1" required />
              <label htmlFor="dc-confirm">{t("decisions.console.publishConfirm")}</label>
            </div>
            <button className="button primary">{t("decisions.console.publish")}</button>
          </Form>
        </section>
      ) : null}
      <h2>{t("decisions.console.addItem")}</h2>
      <Form method="post" noValidate key={items.length}>
        <input type="hidden" name="intent" value="add" />
        {err?.values.intent === "add" ? <FormError message={err.message} /> : null}
        <DecisionFields values={err?.values.intent === "add" ? err.values : {}} errors={err?.values.intent === "add" ? err.errors : {}} published={published} />
        <button className="button primary">{t("decisions.console.addItem")}</button>
      </Form>
      {published ? (
        <>
          <h2>{t("decisions.changes")}</h2>
          {changes.length === 0 ? (
            <p>{t("decisions.changes.none")}</p>
          ) : (
            <ul>
              {changes.map((ch) => (
                <li key={ch.id}>
                  {formatDateTime(ch.at, lang)} · {t(`decisions.change.${ch.kind}`)}{t("common.colon")}{ch.description} {t("common.paren", { x: ch.reason })}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </>
  );
}

