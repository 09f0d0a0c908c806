import { Form, Link, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/decisions.subscriptions";
import { z } from "zod";
import { requireUser } from "~/.server/auth/guards";
import { listSubscriptions, setTagSubscription } from "~/.server/decisions/follows";
import { catalogueFacets } from "~/.server/decisions/public";
import { policyFacets } from "~/.server/policies/public";
import { runForm } from "~/.server/http";
import { text } from "~/.server/forms";
import { Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.subscriptions");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(request, context);
  const [subs, facets, policy] = await Promise.all([listSubscriptions(context.db, user.id), catalogueFacets(context.db), policyFacets(context.db)]);
  // One subscription list for both: a tag matches decisions and policies' topics and audiences alike.
  return { ...subs, popular: [...new Set([...facets.tags.slice(0, 12), ...policy.audiences.slice(0, 8), ...policy.topics.slice(0, 8)])].slice(0, 24) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(request, context);
  return runForm(request, context, z.object({ tag: text(20, "decisions.err.tag"), subscribe: z.enum(["1", "0"]) }), async (input) => {
    await setTagSubscription(context.db, user.id, input.tag, input.subscribe === "1", context.now());
    return { ok: true as const };
  });
}

export default function Subscriptions() {
  const { tags, follows, popular } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const err = result && !result.ok ? result : undefined;
  const t = useT();
  return (
    <div className="page decisions">
      <h1>{t("decisions.subscriptions")}</h1>
      <p className="lead">{t("decisions.subscriptions.lead")}</p>
      <h2>{t("decisions.subscriptions.mine")}</h2>
      {tags.length === 0 ? <p>{t("decisions.subscriptions.none")}</p> : null}
      <ul className="dc-sublist">
        {tags.map((tag) => (
          <li key={tag}>
            <Form method="post">
              {tag} <input type="hidden" name="tag" value={tag} />
              <input type="hidden" name="subscribe" value="0" />
              <button className="link-button" aria-label={`${t("decisions.subscriptions.remove")} ${tag}`}>
                {t("decisions.subscriptions.remove")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" noValidate key={tags.length}>
        <FormError message={err?.message} />
        <Field name="tag" label={t("decisions.subscriptions.tag")} list="dc-popular" required defaultValue={err?.values.tag} error={err?.errors.tag} />
        <datalist id="dc-popular">
          {popular.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <input type="hidden" name="subscribe" value="1" />
        <button className="button primary">{t("decisions.subscriptions.add")}</button>
      </Form>
      <p className="hint">
        {t("decisions.subscriptions.popular")}
        {t("common.colon")}
        <span lang="zh" data-user-content="">
          {popular.join("、")}
        </span>
      </p>
      <h2>{t("decisions.subscriptions.follows")}</h2>
      <ul>
        {follows.map((f) => (
          <li key={f.id}>
            <Link to={`/decisions/${f.id}`}>{f.title}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
