import { useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/console";
import { requireConsoleUser } from "~/.server/auth/guards";
import { getUnitById } from "~/.server/units/units";
import { ConsoleShell, type NavItem } from "~/components/console-nav";
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
  const items: NavItem[] = [
    { to: "/console", label: t("console.title"), end: true },
    ...(unit ? [{ to: `/console/units/${unit.slug}`, label: lang === "en" ? unit.nameEn : unit.nameZh }] : []),
    { to: "/console/decisions", label: t("decisions.console.title") },
    { to: "/console/events", label: t("events.console.nav") },
    { to: "/console/consultations", label: t("consultations.console.nav") },
    { to: "/console/observers", label: t("observers.console") },
    { to: "/console/requests", label: t("requests.console.nav") },
    { to: "/console/policies", label: t("policies.console.nav") },
  ];
  return <ConsoleShell title={t("console.title")} items={items} />;
}
