import { Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/decisions";
import { DECISION_STATUSES, SORTS, STAGE_KINDS } from "~/decisions-constants";
import { catalogueFacets, parseCatalogueQuery, publicOverdue, searchCatalogue } from "~/.server/decisions/public";
import { OverdueNote, StageName, StatusBadge, TagLinks } from "~/components/decisions-ui";
import { FilterForm, Pager, SearchField, SelectField } from "~/components/list-controls";
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

export default function Decisions() {
  const { query, result, facets, overdue, search } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const any = { value: "", label: t("decisions.filter.any") };
  const years = [...new Set([...(query.year ? [query.year] : []), ...facets.years])].sort((a, b) => b - a);
  return (
    <div className="page decisions">
      <h1>{t("decisions.title")}</h1>
      <p className="lead">{t("decisions.lead")}</p>
      <FilterForm
        label={t("decisions.filters")}
        submit={t("decisions.search")}
        search={<SearchField id="dc-q" label={t("decisions.search.label")} hint={t("decisions.search.hint")} value={query.q ?? null} />}
        active={[query.unit, query.stage, query.status, query.tag, query.sort].filter(Boolean).length}
      >
        <SelectField
          id="dc-year"
          name="year"
          label={t("decisions.filter.year")}
          value={query.year}
          any={{ value: "all", label: t("decisions.filter.allYears") }}
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <SelectField
          id="dc-unit"
          name="unit"
          label={t("decisions.filter.unit")}
          value={query.unit}
          any={any}
          options={facets.units.map((u) => ({ value: u.slug, label: lang === "en" ? u.nameEn : u.nameZh }))}
        />
        <SelectField id="dc-stage" name="stage" label={t("decisions.filter.stage")} value={query.stage} any={any} options={STAGE_KINDS.map((k) => ({ value: k, label: t(`decisions.stage.${k}`) }))} />
        <SelectField
          id="dc-status"
          name="status"
          label={t("decisions.filter.status")}
          value={query.status}
          any={any}
          options={DECISION_STATUSES.map((st) => ({ value: st, label: t(`decisions.status.${st}`) }))}
        />
        <SelectField
          id="dc-tag"
          name="tag"
          label={t("decisions.filter.tag")}
          value={query.tag}
          any={any}
          options={[...new Set([...(query.tag ? [query.tag] : []), ...facets.tags])].map((tag) => ({ value: tag, label: termName(lang, tag), userContent: termName(lang, tag) === tag }))}
        />
        <SelectField
          id="dc-sort"
          name="sort"
          label={t("decisions.filter.sort")}
          value={query.sort}
          any={{ value: "", label: query.q ? t("decisions.sort.relevance") : t("decisions.sort.catalogue") }}
          options={SORTS.filter((st) => st !== "catalogue").map((st) => ({ value: st, label: t(`decisions.sort.${st}`) }))}
        />
      </FilterForm>
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
                <TagLinks label={t("decisions.tags")} tags={d.tags.map((tag) => ({ tag, href: `/decisions?tag=${encodeURIComponent(tag)}&year=${d.year}` }))} />
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <Pager page={result.page} pages={result.pages} search={search} />
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
