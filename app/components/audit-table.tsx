import { useLang, useT } from "~/i18n/use-t";
import { formatOrderTime } from "~/lib/dates";

export interface AuditRowView {
  id: number;
  at: string | Date;
  actorId: number | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: unknown;
  ip: string | null;
}

export function AuditTable({ rows }: { rows: AuditRowView[] }) {
  const t = useT();
  const lang = useLang();
  if (rows.length === 0) return <p>{t("common.none")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t("admin.audit.when")}</th>
            <th scope="col">{t("admin.audit.who")}</th>
            <th scope="col">{t("admin.audit.action")}</th>
            <th scope="col">{t("admin.audit.record")}</th>
            <th scope="col">{t("admin.audit.summary")}</th>
            <th scope="col">{t("admin.audit.ip")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>{formatOrderTime(r.at, lang)}</td>
              <td>
                {r.actorRole ?? "—"} {r.actorId ?? ""}
              </td>
              <td>
                <code>{r.action}</code>
              </td>
              <td>
                {r.entityType} {r.entityId ?? ""}
              </td>
              <td className="summary">{JSON.stringify(r.summary)}</td>
              <td>{r.ip ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
