import { Form, Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/consultations.mine";
import { actor, requireUser } from "~/.server/auth/guards";
import { listMyComments, lookupComment } from "~/.server/consultations/comments";
import { formatDateTime } from "~/lib/dates";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.myComments");

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(request, context);
  const ref = (new URL(request.url).searchParams.get("ref") ?? "").trim().slice(0, 40);
  const found = ref ? await lookupComment(context.db, actor(context, user), ref) : null;
  const mine = await listMyComments(context.db, user.id);
  return {
    ref,
    found: found ? { ...found, createdAt: formatDateTime(found.createdAt, context.lang) } : null,
    mine: mine.map((m) => ({ ...m, createdAt: formatDateTime(m.createdAt, context.lang) })),
  };
}

export default function MyComments() {
  const { ref, found, mine } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("consultations.mine.title")}</h1>
      <Form method="get" className="inline lookup">
        <div className="field">
          <label htmlFor="f-ref">{t("consultations.mine.reference")}</label>
          <input id="f-ref" name="ref" defaultValue={ref} autoComplete="off" />
        </div>
        <button className="button primary">{t("consultations.mine.search")}</button>
      </Form>
      {ref && !found ? <p className="notice bad" role="status">{t("consultations.mine.notFound")}</p> : null}
      {found ? (
        <section aria-labelledby="found-h" className="card">
          <h2 id="found-h">{found.reference}</h2>
          <dl className="facts">
            <dt>{t("consultations.title")}</dt>
            <dd><Link to={`/consultations/${found.consultationId}`}>{found.title}</Link></dd>
            <dt>{t("consultations.comment.target")}</dt>
            <dd>{found.articleLabel ?? t("consultations.comment.whole")}</dd>
            <dt>{t("consultations.mine.status")}</dt>
            <dd data-testid="lookup-status">{t(`consultations.commentStatus.${found.status}`)}</dd>
            <dt>{t("consultations.mine.submittedAt")}</dt>
            <dd>{found.createdAt}</dd>
            {found.adoption ? (
              <>
                <dt>{t("consultations.queue.adoption")}</dt>
                <dd>
                  {t(`consultations.adoption.${found.adoption}`)}
                  {found.adoptionReason ? ` — ${found.adoptionReason}` : ""}
                </dd>
              </>
            ) : null}
            {found.answer ? (
              <>
                <dt>{t("consultations.comments.answer")}</dt>
                <dd className="prewrap">{found.answer}</dd>
              </>
            ) : null}
          </dl>
          <p className="prewrap">{found.body}</p>
        </section>
      ) : null}
      <h2>{t("consultations.mine.title")}</h2>
      {mine.length === 0 ? (
        <p className="hint">{t("consultations.mine.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">{t("consultations.mine.reference")}</th>
                <th scope="col">{t("consultations.title")}</th>
                <th scope="col">{t("consultations.mine.status")}</th>
                <th scope="col">{t("consultations.mine.submittedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {mine.map((m) => (
                <tr key={m.reference}>
                  <td className="ref"><Link to={`?ref=${m.reference}`}>{m.reference}</Link></td>
                  <td className="wide"><Link to={`/consultations/${m.consultationId}`}>{m.title}</Link></td>
                  <td data-label={t("consultations.mine.status")}>{t(`consultations.commentStatus.${m.status}`)}</td>
                  <td>{m.createdAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
