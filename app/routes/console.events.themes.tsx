import { Form, Link, data, useActionData, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.events.themes";
import { z } from "zod";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { unitEvents } from "~/.server/events/events";
import { markTheme, themeRanking } from "~/.server/events/themes";
import { runForm } from "~/.server/http";
import { FormError } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { openMonthYear } from "~/lib/events-time";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleThemes");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const year = openMonthYear(context.now());
  const mine = await unitEvents(context.db, actor(context, user), user.unitId);
  return { year, ranking: await themeRanking(context.db, year), events: mine.filter((e) => e.year === year).map((e) => ({ id: e.id, title: e.title })) };
}

const schema = z.object({ id: z.coerce.number().int(), status: z.enum(["adopted", "declined", "open"]), eventId: z.coerce.number().int().optional() });

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireConsoleUser(request, context);
  return runForm(request, context, schema, async (input) => {
    await markTheme(context.db, actor(context, user), input.id, { status: input.status, eventId: input.eventId ?? null }, context.now());
    return data({ ok: true as const });
  });
}

export default function ConsoleThemes() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const err = result && !result.ok ? result : undefined;
  return (
    <>
      <p>
        <Link to="/console/events">← {t("events.console.title")}</Link>
      </p>
      <h1>
        {t("events.themes.title")} {d.year}
      </h1>
      <FormError message={err?.message} />
      {result?.ok ? (
        <p role="status" className="notice">
          {t("events.saved")}
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("events.themes.rank")}</th>
              <th scope="col">{t("events.themes.f.title")}</th>
              <th scope="col">{t("events.themes.supportsCol")}</th>
              <th scope="col">{t("events.statusCol")}</th>
              <th scope="col">{t("events.action")}</th>
            </tr>
          </thead>
          <tbody>
            {d.ranking.map((p, i) => (
              <tr key={p.id}>
                <td>{i + 1}</td>
                <td>
                  {p.title}
                  {p.description ? <div className="hint">{p.description}</div> : null}
                </td>
                <td>{p.supports}</td>
                <td>
                  {t(`events.themes.status.${p.status}`)}
                  {p.eventTitle ? ` → ${p.eventTitle}` : ""}
                </td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="id" value={p.id} />
                    <label htmlFor={`ev-${p.id}`} className="visually-hidden">
                      {t("events.event")}
                    </label>
                    <select id={`ev-${p.id}`} name="eventId" defaultValue={p.eventId ?? ""}>
                      {d.events.map((e) => (
                        <option key={e.id} value={e.id}>
                          {e.title}
                        </option>
                      ))}
                    </select>{" "}
                    <button type="submit" name="status" value="adopted" className="link-button" disabled={!d.events.length}>
                      {t("events.themes.markAdopted")}
                    </button>{" "}
                    <button type="submit" name="status" value="declined" className="link-button">
                      {t("events.themes.markDeclined")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
