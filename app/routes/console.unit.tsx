import { useLoaderData } from "react-router";
import type { Route } from "./+types/console.unit";
import { listAudit } from "~/.server/audit/audit";
import { canManageUnit, forbidden, requireConsoleUser } from "~/.server/auth/guards";
import { notFound } from "~/.server/errors";
import { getUnitBySlug } from "~/.server/units/units";
import { AuditTable } from "~/components/audit-table";
import { useLang, useT } from "~/i18n/use-t";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireConsoleUser(request, context);
  const unit = await getUnitBySlug(context.db, params.slug ?? "");
  if (!unit) throw notFound();
  if (!canManageUnit(user, unit.id)) throw forbidden();
  return { unit, audit: await listAudit(context.db, { unitId: unit.id, limit: 50 }) };
}

export default function ConsoleUnit() {
  const { unit, audit } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{lang === "en" ? unit.nameEn : unit.nameZh}</h1>
      <h2>{t("console.recentAudit")}</h2>
      <AuditTable rows={audit} />
    </>
  );
}
