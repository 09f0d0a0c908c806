import { useLoaderData } from "react-router";
import type { Route } from "./+types/audit.anchors";
import { anchorLine, listAnchors } from "~/.server/audit/anchors";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "audit.anchors.title");

/** Public: the audit chain's daily heads, for anyone to keep a copy the database cannot rewrite. */
export async function loader({ context }: Route.LoaderArgs) {
  const anchors = await listAnchors(context.db);
  return { anchors: anchors.map((a) => ({ day: a.day, lastId: a.lastId, headHash: a.headHash, line: anchorLine(a.day, a) })) };
}

export default function AuditAnchors() {
  const { anchors } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("audit.anchors.title")}</h1>
      <p>{t("audit.anchors.intro")}</p>
      <p>
        <a href="/audit/anchors.json">JSON</a>
      </p>
      {anchors.length === 0 ? (
        <p>{t("audit.anchors.none")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="anchors" className="stack">
            <thead>
              <tr>
                <th scope="col">{t("audit.anchors.day")}</th>
                <th scope="col">{t("audit.anchors.lastId")}</th>
                <th scope="col">{t("audit.anchors.hash")}</th>
              </tr>
            </thead>
            <tbody>
              {anchors.map((a) => (
                <tr key={a.day}>
                  <td className="ref">{a.day}</td>
                  <td data-label={t("audit.anchors.lastId")}>{a.lastId}</td>
                  <td>
                    <code className="hash-line">{a.line}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
