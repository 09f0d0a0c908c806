import { Form, Link, data, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/open-month.themes";
import { z } from "zod";
import { requireUser } from "~/.server/auth/guards";
import { eventsConfig } from "~/.server/events/config";
import { proposalSchema, proposeTheme, supportTheme, themeRanking } from "~/.server/events/themes";
import { runForm } from "~/.server/http";
import { EventsSubNav } from "~/components/events-ui";
import { Field, FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { openMonthYear } from "~/lib/events-time";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.openMonthThemes");

function yearOf(request: Request, now: Date) {
  const y = Number(new URL(request.url).searchParams.get("year"));
  return Number.isInteger(y) && y > 2000 && y < 2100 ? y : openMonthYear(now);
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const year = yearOf(request, context.now());
  return { year, loggedIn: !!context.user, ranking: await themeRanking(context.db, year, context.user?.id) };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("support"), id: z.coerce.number().int() }),
  proposalSchema.extend({ intent: z.literal("propose") }),
]);

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(request, context);
  const year = yearOf(request, context.now());
  return runForm(request, context, schema, async (input) => {
    if (input.intent === "support") await supportTheme(context.db, user.id, input.id, context.now());
    else await proposeTheme(context.db, user.id, year, input, context.now(), eventsConfig());
    return data({ ok: true as const, intent: input.intent });
  });
}

export default function Themes() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  return (
    <div className="page">
      <h1>{t("events.themes.title")}</h1>
      <p className="lead">{t("events.themes.lead", { year: d.year })}</p>
      <EventsSubNav year={d.year} />
      <FormError message={err?.message} />
      {result?.ok ? (
        <p role="status" className="notice">
          {t(result.intent === "support" ? "events.themes.supported" : "events.themes.proposed")}
        </p>
      ) : null}
      <ol className="ev-themes">
        {d.ranking.map((p) => (
          <li key={p.id} className="card">
            <h2>{p.title}</h2>
            {p.description ? <p>{p.description}</p> : null}
            <p>
              {t("events.themes.supports", { n: p.supports })} · {t(`events.themes.status.${p.status}`)}
              {p.eventId ? (
                <>
                  {" "}
                  → <Link to={`/open-month/events/${p.eventId}`}>{p.eventTitle}</Link>
                </>
              ) : null}
            </p>
            {d.loggedIn && !p.mine && p.status === "open" ? (
              <Form method="post">
                <input type="hidden" name="id" value={p.id} />
                <button type="submit" name="intent" value="support" className="button">
                  {t("events.themes.support")}
                  <span className="visually-hidden"> {p.title}</span>
                </button>
              </Form>
            ) : p.mine ? (
              <p>{t("events.themes.youSupport")}</p>
            ) : null}
          </li>
        ))}
      </ol>
      <h2>{t("events.themes.propose")}</h2>
      {d.loggedIn ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="propose" />
          <Field name="title" label={t("events.themes.f.title")} required maxLength={100} error={err?.errors.title} />
          <div className="field">
            <label htmlFor="f-description">{t("events.themes.f.description")}</label>
            <textarea id="f-description" name="description" rows={3} maxLength={1000} />
          </div>
          <button type="submit" className="button primary">
            {t("events.themes.submit")}
          </button>
        </Form>
      ) : (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent("/open-month/themes")}`}>{t("events.themes.login")}</Link>
        </p>
      )}
    </div>
  );
}
