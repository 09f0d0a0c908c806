import { Link, redirect, useLoaderData } from "react-router";
import { metaLang, pageTitle } from "~/lib/meta";
import type { Route } from "./+types/units.$slug.catalogue";
import { httpError, notFound } from "~/.server/errors";
import { currentYear, getUnitCatalogue, publicOverdue } from "~/.server/decisions/public";
import { OverdueNote, StatusBadge } from "~/components/decisions-ui";
import { formatDate, formatDateTime } from "~/lib/dates";
import { useLang, useT } from "~/i18n/use-t";
import { feedLinks } from "~/lib/feeds";

export const meta: Route.MetaFunction = ({ data, matches }) => [
  ...(data
    ? pageTitle(matches, "title.unitCatalogue", null, { unit: metaLang(matches) === "en" ? data.unit.nameEn : data.unit.nameZh, year: data.year })
    : pageTitle(matches, "title.catalogue")),
  ...feedLinks(matches, data?.unit),
];

export async function loader({ context, params }: Route.LoaderArgs) {
  const slug = params.slug ?? "";
  if (!params.year) throw redirect(`/units/${slug}/catalogue/${currentYear(context.now())}`);
  if (!/^\d{4}$/.test(params.year)) throw notFound();
  const year = Number(params.year);
  const page = await getUnitCatalogue(context.db, slug, year, context.user).catch(httpError);
  return { year, ...page, overdue: await publicOverdue(context.db, page.items.map((d) => d.id), context.now()) };
}

export default function UnitCatalogue() {
  const { unit, year, catalogue, items, changes, years, overdue } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const unitName = lang === "en" ? unit.nameEn : unit.nameZh;
  return (
    <div className="page decisions">
      <nav aria-label="breadcrumb" className="dc-crumbs">
        <Link to={`/decisions?year=${year}`}>{t("decisions.title")}</Link>
      </nav>
      <h1>{t("decisions.unitCatalogue", { unit: unitName, year })}</h1>
      {catalogue ? (
        <>
          {catalogue.publishedAt ? (
            <p className="lead">{t("decisions.publishedOn", { d: formatDate(catalogue.publishedAt, lang) })}</p>
          ) : (
            <p className="notice">{t("decisions.draftNotice")}</p>
          )}
          {catalogue.note ? <p>{catalogue.note}</p> : null}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("decisions.console.itemTitle")}</th>
                  <th scope="col">{t("decisions.schedule")}</th>
                  <th scope="col">{t("decisions.status")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d, i) => (
                  <tr key={d.id}>
                    <td>{i + 1}</td>
                    <td>
                      <Link to={`/decisions/${d.id}`}>{d.title}</Link>
                    </td>
                    <td>{d.plannedSchedule}</td>
                    <td>
                      <StatusBadge status={d.status} />
                      {overdue[d.id]?.map((o) => (
                        <p key={o.stage} className="dc-meta">
                          <OverdueNote o={o} withStage />
                        </p>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t("decisions.changes")}</h2>
          {changes.length === 0 ? (
            <p>{t("decisions.changes.none")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("decisions.change.when")}</th>
                    <th scope="col">{t("decisions.change.what")}</th>
                    <th scope="col">{t("decisions.change.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((c) => (
                    <tr key={c.id}>
                      <td>{formatDateTime(c.at, lang)}</td>
                      <td>
                        {t(`decisions.change.${c.kind}`)}
                        {t("common.colon")}
                        {c.decisionId ? <Link to={`/decisions/${c.decisionId}`}>{c.description}</Link> : c.description}
                      </td>
                      <td>{c.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : (
        <p>{t("decisions.notPublished", { year })}</p>
      )}
      {years.length ? (
        <nav aria-label={t("decisions.otherYears")}>
          <h2>{t("decisions.otherYears")}</h2>
          <ul className="dc-tags">
            {years.map((y) => (
              <li key={y}>
                <Link to={`/units/${unit.slug}/catalogue/${y}`} aria-current={y === year ? "page" : undefined}>
                  {y}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p className="hint">
        <a href={`/feeds/units/${unit.slug}/milestones.atom`}>{t("decisions.feed")}</a>
        {catalogue?.publishedAt ? (
          <>
            {" · "}
            <a href={`/api/v1/catalogues/${unit.slug}/${year}`}>{t("decisions.api")}</a>
          </>
        ) : null}
      </p>
    </div>
  );
}
