import { Form, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/admin.audit";
import { listAnchors, parseAnchors } from "~/.server/audit/anchors";
import { listAudit, verifyAuditChain, type ChainReport } from "~/.server/audit/audit";
import { requireAdmin } from "~/.server/auth/guards";
import { readForm } from "~/.server/http";
import { AuditTable } from "~/components/audit-table";
import { translate, type MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

async function storedAnchors(context: Route.LoaderArgs["context"]) {
  return (await listAnchors(context.db, 5000)).map((a) => ({ lastId: a.lastId, headHash: a.headHash }));
}

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin(request, context);
  const [chain, rows] = await Promise.all([verifyAuditChain(context.db, { anchors: await storedAnchors(context) }), listAudit(context.db, { limit: 200 })]);
  return { chain, rows };
}

/** Verification against anchors kept outside the database: pasted from the daily mail or a saved copy. */
export async function action({ request, context }: Route.ActionArgs) {
  requireAdmin(request, context);
  const form = await readForm(request);
  const text = form instanceof FormData ? String(form.get("anchors") ?? "") : "";
  const { anchors, bad } = parseAnchors(text);
  const chain = await verifyAuditChain(context.db, { anchors: [...anchors, ...(await storedAnchors(context))] });
  return { chain, pasted: anchors.length, bad: bad.map((line) => translate(context.lang, "admin.audit.badAnchor", { line })), text };
}

function ChainStatus({ chain, testId }: { chain: ChainReport; testId: string }) {
  const t = useT();
  return (
    <p role="status" className={chain.ok ? "notice ok" : "notice bad"} data-testid={testId}>
      {chain.ok
        ? `${t("admin.audit.intact", { count: chain.count })} ${t("admin.audit.anchorsChecked", { n: chain.anchors })}`
        : t("admin.audit.broken", { id: chain.brokenAt, reason: t(`admin.audit.reason.${chain.reason}` as MessageKey) })}
    </p>
  );
}

export default function AdminAudit() {
  const { chain, rows } = useLoaderData<typeof loader>();
  const checked = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("admin.audit")}</h1>
      <ChainStatus chain={chain} testId="chain-status" />
      <Form method="post" className="stack">
        <label htmlFor="anchors">{t("admin.audit.paste")}</label>
        <textarea id="anchors" name="anchors" rows={4} defaultValue={checked?.text} />
        {checked?.bad.map((b) => (
          <p key={b} className="field-error">
            {b}
          </p>
        ))}
        <button type="submit" className="button">
          {t("admin.audit.verify")}
        </button>
      </Form>
      {checked ? <ChainStatus chain={checked.chain} testId="anchor-check" /> : null}
      <p>
        <a href="/audit/anchors">{t("audit.anchors.title")}</a>
      </p>
      <AuditTable rows={rows} />
    </>
  );
}
