import { NavLink, Outlet, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console";
import { requireConsoleUser } from "~/.server/auth/guards";
import { getUnitById } from "~/.server/units/units";
import { useLang, useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.console");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  return { unit: user.unitId ? await getUnitById(context.db, user.unitId) : null, role: user.role };
}

export default function ConsoleLayout() {
  const { unit } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <div className="page console">
      <nav aria-label={t("console.title")} className="sub-nav">
        <strong>{t("console.title")}</strong>
        <ul>
          <li>
            <NavLink to="/console" end>
              {t("console.title")}
            </NavLink>
          </li>
          {unit ? (
            <li>
              <NavLink to={`/console/units/${unit.slug}`}>{lang === "en" ? unit.nameEn : unit.nameZh}</NavLink>
            </li>
          ) : null}
          <li>
            <NavLink to="/console/decisions">{t("decisions.console.title")}</NavLink>
          </li>
          <li>
            <NavLink to="/console/events">{t("events.console.nav")}</NavLink>
          </li>
          <li>
            <NavLink to="/console/consultations">{t("consultations.console.nav")}</NavLink>
          </li>
          <li>
            <NavLink to="/console/observers">{t("observers.console")}</NavLink>
          </li>
        </ul>
      </nav>
      <div className="console-body">
        <Outlet />
      </div>
    </div>
  );
}
