import { NavLink, Outlet } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/admin";
import { requireAdmin } from "~/.server/auth/guards";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.admin");

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin(request, context);
  return null;
}

export default function AdminLayout() {
  const t = useT();
  return (
    <div className="page console">
      <nav aria-label={t("admin.title")} className="sub-nav">
        <strong>{t("admin.title")}</strong>
        <ul>
          <li>
            <NavLink to="/admin/units">{t("admin.units")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/staff">{t("admin.staff")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/audit">{t("admin.audit")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/compliance">{t("decisions.compliance.title")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/observers">{t("observers.admin")}</NavLink>
          </li>
        </ul>
      </nav>
      <div className="console-body">
        <Outlet />
      </div>
    </div>
  );
}
