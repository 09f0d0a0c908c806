import { Link, useLoaderData, useMatches } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/policies";
import { POLICY_CHANGES, POLICY_KINDS, POLICY_SORTS, SUMMARY_CHARS } from "~/policies-constants";
import { listPublicPolicies, parsePolicyQuery, policyFacets } from "~/.server/policies/public";
import { unifiedSearch } from "~/.server/policies/search";
import { FilterForm, Pager, SearchField, SelectField } from "~/components/list-controls";
import { ValidityBadge } from "~/components/policies-ui";
import { policyFeedLinks } from "~/lib/feeds";
import { TagLinks } from "~/components/decisions-ui";
import { Msg } from "~/components/msg";
import { useLang, useT } from "~/i18n/use-t";
import { formatDate } from "~/lib/dates";

/** The library's feeds, narrowed to the unit and tag the visitor filtered by. */
function feedsOf(matches: Parameters<typeof policyFeedLinks>[0], data: { query: { unit: string | null; topic: string | null; audience: string | null }; facets: { units: { slug: string; nameZh: string; nameEn: string }[] } } | undefined) {
  const unit = data?.query.unit ? data.facets.units.find((u) => u.slug === data.query.unit) : null;
  return policyFeedLinks(matches, unit, [data?.query.topic, data?.query.audience].filter((x): x is string => !!x));
}

export const meta: Route.MetaFunction = ({ data, matches }) => [...pageTitle(matches, "title.policies"), ...feedsOf(matches, data)];

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const query = parsePolicyQuery(url.searchParams);
  const now = context.now();
  const [result, facets, grouped] = await Promise.all([
    listPublicPolicies(context.db, query, now),
    policyFacets(context.db),
    query.q ? unifiedSearch(context.db, query.q, now, 5, { policies: false }) : Promise.resolve(null),
  ]);
  // Only what the page shows travels to it: the grouped hits without their snippets.
  const brief = (g: NonNullable<typeof grouped>["decisions"]) => ({
    total: g.total,
    items: g.items.map(({ id, title, unitNameZh, unitNameEn, extra }) => ({ id, title, unitNameZh, unitNameEn, extra })),
  });
  return {
    query,
    result,
    facets,
    grouped: grouped ? { decisions: brief(grouped.decisions), consultations: brief(grouped.consultations) } : null,
    search: url.search,
  };
}

export default function Policies() {
  const { query, result, facets, grouped, search } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const feeds = feedsOf(useMatches(), useLoaderData<typeof loader>());
  const any = { value: "", label: t("policies.filter.any") };
  const tags = (chosen: string | null, used: string[]) => [...new Set([...(chosen ? [chosen] : []), ...used])].map((x) => ({ value: x, label: x }));
  return (
    <div className="page policies">
      <h1>{t("policies.title")}</h1>
      <p className="lead">{t("policies.lead")}</p>
      <FilterForm
        label={t("policies.filters")}
        submit={t("policies.search")}
        search={<SearchField id="pl-q" label={t("policies.search.label")} hint={t("policies.search.hint")} value={query.q} />}
        active={[query.unit, query.kind, query.topic, query.audience, query.validity, query.year, query.sort === "issued" ? null : query.sort].filter(Boolean).length}
      >
        <SelectField
          id="pl-unit"
          name="unit"
          label={t("policies.filter.unit")}
          value={query.unit}
          any={any}
          options={facets.units.map((u) => ({ value: u.slug, label: lang === "en" ? u.nameEn : u.nameZh }))}
        />
        <SelectField id="pl-kind" name="kind" label={t("policies.filter.kind")} value={query.kind} any={any} options={POLICY_KINDS.map((k) => ({ value: k, label: t(`policies.kind.${k}`) }))} />
        <SelectField id="pl-topic" name="topic" label={t("policies.filter.topic")} value={query.topic} any={any} options={tags(query.topic, facets.topics)} userContent />
        <SelectField id="pl-audience" name="audience" label={t("policies.filter.audience")} value={query.audience} any={any} options={tags(query.audience, facets.audiences)} userContent />
        <SelectField
          id="pl-validity"
          name="validity"
          label={t("policies.filter.validity")}
          value={query.validity}
          any={any}
          options={POLICY_CHANGES.map((v) => ({ value: v, label: t(`policies.validity.${v}`) }))}
        />
        <SelectField id="pl-year" name="year" label={t("policies.filter.year")} value={query.year} any={any} options={facets.years.map((y) => ({ value: String(y), label: String(y) }))} />
        <SelectField
          id="pl-sort"
          name="sort"
          label={t("policies.filter.sort")}
          value={query.sort === "issued" ? "" : query.sort}
          options={POLICY_SORTS.map((st) => ({ value: st === "issued" ? "" : st, label: t(`policies.sort.${st}`) }))}
        />
      </FilterForm>
      <p>
        <Link to="/decisions/subscriptions">{t("policies.subscribe")}</Link>
      </p>

      {grouped ? (
        <section aria-labelledby="pl-grouped" className="pl-grouped">
          <h2 id="pl-grouped"><Msg k="policies.grouped" user={{ q: query.q ?? "" }} /></h2>
          <div className="pl-groups">
            <div>
              <h3>{t("policies.group.decisions", { n: grouped.decisions.total })}</h3>
              {grouped.decisions.items.length === 0 ? <p>{t("policies.group.none")}</p> : null}
              <ul>
                {grouped.decisions.items.map((d) => (
                  <li key={d.id}>
                    <Link to={`/decisions/${d.id}`}>{d.title}</Link> <span className="hint">{lang === "en" ? d.unitNameEn : d.unitNameZh} · {d.extra}</span>
                  </li>
                ))}
              </ul>
              {grouped.decisions.total > grouped.decisions.items.length ? (
                <Link to={`/decisions?year=all&q=${encodeURIComponent(query.q ?? "")}`}>{t("policies.group.more")}</Link>
              ) : null}
            </div>
            <div>
              <h3>{t("policies.group.consultations", { n: grouped.consultations.total })}</h3>
              {grouped.consultations.items.length === 0 ? <p>{t("policies.group.none")}</p> : null}
              <ul>
                {grouped.consultations.items.map((c) => (
                  <li key={c.id}>
                    <Link to={`/consultations/${c.id}`}>{c.title}</Link> <span className="hint">{lang === "en" ? c.unitNameEn : c.unitNameZh}</span>
                  </li>
                ))}
              </ul>
            </div>
          </div>
          <h3>{t("policies.group.policies", { n: result.total })}</h3>
        </section>
      ) : null}

      <p role="status" className="dc-count">
        {t("policies.results", { n: result.total })}
      </p>
      {result.items.length === 0 ? (
        <p>{t("policies.noResults")}</p>
      ) : (
        <ol className="dc-list">
          {result.items.map((p) => (
            <li key={p.id} className="dc-item">
              <h2>
                <Link to={`/policies/${p.id}`}>{p.title}</Link>
              </h2>
              <p className="dc-meta">
                <ValidityBadge validity={p.validity} />
                {" · "}
                {p.docNumber ? `${p.docNumber} · ` : ""}
                {lang === "en" ? p.unitNameEn : p.unitNameZh}
                {" · "}
                {t(`policies.kind.${p.kind}`)}
                {p.issuedOn ? ` · ${formatDate(p.issuedOn, lang)}` : ""}
                {p.hasEnglish ? ` · ${t("policies.english")}` : ""}
              </p>
              {p.summary ? <p className="dc-summary">{p.summary.length > SUMMARY_CHARS ? `${p.summary.slice(0, SUMMARY_CHARS)}…` : p.summary}</p> : null}
              {p.topics.length + p.audiences.length ? (
                <TagLinks
                  label={t("policies.tags")}
                  tags={[
                    ...p.topics.map((tag) => ({ tag, href: `/policies?topic=${encodeURIComponent(tag)}` })),
                    ...p.audiences.map((tag) => ({ tag, href: `/policies?audience=${encodeURIComponent(tag)}` })),
                  ]}
                />
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <Pager page={result.page} pages={result.pages} search={search} />
      <aside className="dc-opendata" aria-label={t("decisions.opendata")}>
        <h2>{t("decisions.opendata")}</h2>
        <ul>
          {feeds.map((f) => (
            <li key={f.href}>
              <a href={f.href} type={f.type}>
                {f.title}
              </a>
            </li>
          ))}
          <li>
            <a href="/api/v1/policies">{t("policies.api")}</a>
          </li>
        </ul>
      </aside>
    </div>
  );
}
