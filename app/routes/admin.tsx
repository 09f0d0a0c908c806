import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/admin";
import { requireAdmin } from "~/.server/auth/guards";
import { ConsoleShell } from "~/components/console-nav";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.admin");

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin(request, context);
  return null;
}

export default function AdminLayout() {
  const t = useT();
  return (
    <ConsoleShell
      title={t("admin.title")}
      items={[
        { to: "/admin/units", label: t("admin.units") },
        { to: "/admin/staff", label: t("admin.staff") },
        { to: "/admin/audit", label: t("admin.audit") },
        { to: "/admin/compliance", label: t("decisions.compliance.title") },
        { to: "/admin/calendar", label: t("calendar.title") },
        { to: "/admin/observers", label: t("observers.admin") },
      ]}
    />
  );
}
