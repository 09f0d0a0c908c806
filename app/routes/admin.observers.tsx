import { Form, Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/admin.observers";
import { requireAdmin } from "~/.server/auth/guards";
import { yearOf } from "~/.server/observers/calls";
import { compliance } from "~/.server/observers/public";
import { catLabel, When } from "~/components/observers-ui";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.adminObservers");

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin(request, context);
  const url = new URL(request.url);
  const now = context.now();
  const year = Number(url.searchParams.get("year")) || yearOf(now);
  // Target meetings per year: ?target=, else OBSERVER_MEETINGS_TARGET, else 4.
  const target = Number(url.searchParams.get("target")) || Number(process.env.OBSERVER_MEETINGS_TARGET) || 4;
  return compliance(context.db, year, target, now);
}

export default function AdminObservers() {
  const c = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("observers.admin")}</h1>
      <Form method="get" className="inline">
        <label htmlFor="f-year">{t("observers.admin.year")}</label> <input id="f-year" name="year" type="number" defaultValue={c.year} />{" "}
        <label htmlFor="f-target">{t("observers.admin.target")}</label> <input id="f-target" name="target" type="number" min={1} defaultValue={c.target} />{" "}
        <button className="button">OK</button>
      </Form>
      <p className="obs-big">
        {t("observers.admin.held")}: <strong>{c.held}</strong> / {c.target}
      </p>
      {c.behind ? (
        <p className="form-error" role="alert">
          {t("observers.admin.behind", { expected: c.expected, held: c.held })}
        </p>
      ) : (
        <p role="status">{t("observers.admin.onPace")}</p>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("decisions.compliance.quarter")}</th>
              <th scope="col">{t("observers.admin.held")}</th>
              <th scope="col">{t("observers.admin.expected")}</th>
            </tr>
          </thead>
          <tbody>
            {c.byQuarter.map((q) => (
              <tr key={q.quarter}>
                <td>{t("observers.admin.quarter", { q: q.quarter })}</td>
                <td>{q.held}</td>
                <td>{q.expectedCumulative}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("observers.admin.perCategory")}</h2>
      <ul>
        {Object.entries(c.perCategory).map(([k, v]) => (
          <li key={k}>
            {catLabel(t, k)}: {v}
          </li>
        ))}
      </ul>
      <h2>{t("observers.meetings")}</h2>
      <ul>
        {c.meetings.map((m) => (
          <li key={m.id}>
            <Link to={`/observers/meetings/${m.id}`}>{m.title}</Link> · <When d={m.startsAt} /> · {m.withObservers ? `✓ ${t("observers.observers")} ${m.observers}` : "—"}
          </li>
        ))}
      </ul>
    </>
  );
}
