import { Form, Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/decisions";
import { DECISION_STATUSES, SORTS, STAGE_KINDS } from "~/decisions-constants";
import { catalogueFacets, parseCatalogueQuery, publicOverdue, searchCatalogue } from "~/.server/decisions/public";
import { OverdueNote, StageName, StatusBadge, Term } from "~/components/decisions-ui";
import { useLang, useT } from "~/i18n/use-t";
import { termName } from "~/i18n/messages";
import { feedLinks } from "~/lib/feeds";

export const meta: Route.MetaFunction = ({ matches }) => [...pageTitle(matches, "title.catalogue"), ...feedLinks(matches)];

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const query = parseCatalogueQuery(url.searchParams, context.now());
  const [result, facets] = await Promise.all([searchCatalogue(context.db, query), catalogueFacets(context.db)]);
  const overdue = await publicOverdue(context.db, result.items.map((d) => d.id), context.now());
  return { query, result, facets, overdue, search: url.search };
}

function pageLink(search: string, page: number) {
  const p = new URLSearchParams(search);
  p.set("page", String(page));
  return `?${p.toString()}`;
}

export default function Decisions() {
  const { query, result, facets, overdue, search } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const years = [...new Set([...(query.year ? [query.year] : []), ...facets.years])].sort((a, b) => b - a);
  return (
    <div className="page decisions">
      <h1>{t("decisions.title")}</h1>
      <p className="lead">{t("decisions.lead")}</p>
      <Form method="get" className="dc-filters" role="search" aria-label={t("decisions.filters")}>
        <div className="field dc-q">
          <label htmlFor="dc-q">{t("decisions.search.label")}</label>
          <p id="dc-q-hint" className="hint">
            {t("decisions.search.hint")}
          </p>
          <input id="dc-q" name="q" type="search" defaultValue={query.q ?? ""} aria-describedby="dc-q-hint" />
        </div>
        <div className="field">
          <label htmlFor="dc-year">{t("decisions.filter.year")}</label>
          <select id="dc-year" name="year" defaultValue={query.year ? String(query.year) : "all"}>
            <option value="all">{t("decisions.filter.allYears")}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dc-unit">{t("decisions.filter.unit")}</label>
          <select id="dc-unit" name="unit" defaultValue={query.unit ?? ""}>
            <option value="">{t("decisions.filter.any")}</option>
            {facets.units.map((u) => (
              <option key={u.id} value={u.slug}>
                {lang === "en" ? u.nameEn : u.nameZh}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dc-stage">{t("decisions.filter.stage")}</label>
          <select id="dc-stage" name="stage" defaultValue={query.stage ?? ""}>
            <option value="">{t("decisions.filter.any")}</option>
            {STAGE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`decisions.stage.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dc-status">{t("decisions.filter.status")}</label>
          <select id="dc-status" name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("decisions.filter.any")}</option>
            {DECISION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`decisions.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dc-tag">{t("decisions.filter.tag")}</label>
          <select id="dc-tag" name="tag" defaultValue={query.tag ?? ""}>
            <option value="">{t("decisions.filter.any")}</option>
            {[...new Set([...(query.tag ? [query.tag] : []), ...facets.tags])].map((tag) => (
              <option key={tag} value={tag} {...(termName(lang, tag) === tag ? { "data-user-content": "" } : {})}>
                {termName(lang, tag)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dc-sort">{t("decisions.filter.sort")}</label>
          <select id="dc-sort" name="sort" defaultValue={query.sort ?? ""}>
            <option value="">{query.q ? t("decisions.sort.relevance") : t("decisions.sort.catalogue")}</option>
            {SORTS.filter((s) => s !== "catalogue").map((s) => (
              <option key={s} value={s}>
                {t(`decisions.sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button className="button primary">{t("decisions.search")}</button>
      </Form>
      <p role="status" className="dc-count">
        {t("decisions.results", { n: result.total })}
      </p>
      {result.items.length === 0 ? (
        <p>{t("decisions.noResults")}</p>
      ) : (
        <ol className="dc-list">
          {result.items.map((d) => (
            <li key={d.id} className="dc-item">
              <h2>
                <Link to={`/decisions/${d.id}`}>{d.title}</Link>
              </h2>
              <p className="dc-meta">
                <Link to={`/units/${d.unitSlug}/catalogue/${d.year}`}>{lang === "en" ? d.unitNameEn : d.unitNameZh}</Link>
                {" · "}
                {d.year}
                {" · "}
                <StatusBadge status={d.status} />
                {" · "}
                {t("decisions.currentStage")}
                {t("common.colon")}
                {d.currentStage ? <StageName kind={d.currentStage} /> : t("decisions.stageNone")}
              </p>
              {overdue[d.id]?.map((o) => (
                <p key={o.stage} className="dc-meta">
                  <OverdueNote o={o} withStage />
                </p>
              ))}
              {d.summary ? <p className="dc-summary">{d.summary.length > 120 ? `${d.summary.slice(0, 120)}…` : d.summary}</p> : null}
              {d.tags.length ? (
                <ul className="dc-tags" aria-label={t("decisions.tags")}>
                  {d.tags.map((tag) => (
                    <li key={tag}>
                      <Link to={`/decisions?tag=${encodeURIComponent(tag)}&year=${d.year}`}><Term value={tag} /></Link>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {result.pages > 1 ? (
        <nav aria-label={t("decisions.pagination")} className="dc-pages">
          {result.page > 1 ? <Link to={pageLink(search, result.page - 1)}>{t("decisions.prev")}</Link> : null}
          <span>{t("decisions.page", { page: result.page, pages: result.pages })}</span>
          {result.page < result.pages ? <Link to={pageLink(search, result.page + 1)}>{t("decisions.next")}</Link> : null}
        </nav>
      ) : null}
      <aside className="dc-opendata" aria-label={t("decisions.opendata")}>
        <h2>{t("decisions.opendata")}</h2>
        <ul>
          <li>
            <a href="/feeds/milestones.atom">{t("decisions.feed")}</a>
          </li>
          <li>
            <a href="/api/v1">{t("decisions.api")}</a>
          </li>
          <li>
            <Link to="/decisions/subscriptions">{t("decisions.subscriptions")}</Link>
          </li>
        </ul>
      </aside>
    </div>
  );
}
