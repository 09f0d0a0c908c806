import { useLoaderData } from "react-router";
import type { Route } from "./+types/admin.audit";
import { listAudit, verifyAuditChain } from "~/.server/audit/audit";
import { requireAdmin } from "~/.server/auth/guards";
import { AuditTable } from "~/components/audit-table";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin(request, context);
  const [chain, rows] = await Promise.all([verifyAuditChain(context.db), listAudit(context.db, { limit: 200 })]);
  return { chain, rows };
}

export default function AdminAudit() {
  const { chain, rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("admin.audit")}</h1>
      <p role="status" className={chain.ok ? "notice ok" : "notice bad"} data-testid="chain-status">
        {chain.ok ? t("admin.audit.intact", { count: chain.count }) : t("admin.audit.broken", { id: chain.brokenAt, reason: chain.reason })}
      </p>
      <AuditTable rows={rows} />
    </>
  );
}
