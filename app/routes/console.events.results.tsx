import { Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console.events.results";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { questionnaireResults } from "~/.server/events/questionnaire";
import { Bars } from "~/components/events-ui";
import { useT } from "~/i18n/use-t";
import { requireIdParam } from "~/.server/http";
import { httpError } from "~/.server/errors";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.consoleResults");

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const r = await questionnaireResults(context.db, actor(context, user), requireIdParam(params.id)).catch(httpError);
  return { event: { id: r.event.id, title: r.event.title }, count: r.responses.length, results: r.results };
}

export default function Results() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/console/events/${d.event.id}`}>← {d.event.title}</Link>
      </p>
      <h1>{t("events.q.results")}</h1>
      <p>
        {t("events.q.responses", { n: d.count })} · <a href={`/console/events/${d.event.id}/results/export?format=csv`}>{t("events.export.csv")}</a> ·{" "}
        <a href={`/console/events/${d.event.id}/results/export?format=xlsx`}>{t("events.export.xlsx")}</a>
      </p>
      {d.results.map((q) => (
        <section key={q.id} className="card" aria-labelledby={`q-${q.id}`}>
          <h2 id={`q-${q.id}`}>{q.prompt}</h2>
          <p className="hint">
            {t(`events.q.kind.${q.kind}`)} · {t("events.q.answered", { n: q.answered })}
            {q.average != null ? ` · ${t("events.q.average", { n: q.average })}` : ""}
          </p>
          {q.kind === "text" ? (
            <ul>
              {q.texts.map((x, i) => (
                <li key={i}>{x}</li>
              ))}
            </ul>
          ) : (
            <Bars rows={q.counts} />
          )}
        </section>
      ))}
    </>
  );
}
