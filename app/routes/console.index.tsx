import { useLoaderData } from "react-router";
import type { Route } from "./+types/console.index";
import { actor, requireConsoleUser } from "~/.server/auth/guards";
import { unitDeadlineCounts } from "~/.server/requests/requests";
import { listUnits } from "~/.server/units/units";
import { useLang, useT } from "~/i18n/use-t";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const all = await listUnits(context.db);
  const requests = user.unitId != null ? await unitDeadlineCounts(context.db, actor(context, user), user.unitId, context.now()) : null;
  return { units: user.role === "admin" ? all : all.filter((u) => u.id === user.unitId), requests };
}

export default function ConsoleHome() {
  const { units, requests } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("console.title")}</h1>
      <p className="lead">{t("console.lead")}</p>
      {requests && requests.overdue + requests.nearlyDue > 0 ? (
        <p className={`notice${requests.overdue ? " bad" : ""}`} data-testid="requests-due">
          <a href="/console/requests">{t("requests.console.homeDue", { overdue: requests.overdue, near: requests.nearlyDue })}</a>
        </p>
      ) : null}
      <ul className="unit-list">
        {units.map((u) => (
          <li key={u.id}>
            <a href={`/console/units/${u.slug}`}>{lang === "en" ? u.nameEn : u.nameZh}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
