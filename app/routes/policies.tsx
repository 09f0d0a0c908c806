import { Form, Link, useLoaderData } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/policies";
import { POLICY_CHANGES, POLICY_KINDS, POLICY_SORTS } from "~/policies-constants";
import { listPublicPolicies, parsePolicyQuery, policyFacets } from "~/.server/policies/public";
import { unifiedSearch } from "~/.server/policies/search";
import { ValidityBadge } from "~/components/policies-ui";
import { Term } from "~/components/decisions-ui";
import { Msg } from "~/components/msg";
import { useLang, useT } from "~/i18n/use-t";
import { formatDate } from "~/lib/dates";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "title.policies");

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const query = parsePolicyQuery(url.searchParams);
  const now = context.now();
  const [result, facets, grouped] = await Promise.all([
    listPublicPolicies(context.db, query, now),
    policyFacets(context.db),
    query.q ? unifiedSearch(context.db, query.q, now, 5, { policies: false }) : Promise.resolve(null),
  ]);
  return { query, result, facets, grouped, search: url.search };
}

function pageLink(search: string, page: number) {
  const p = new URLSearchParams(search);
  p.set("page", String(page));
  return `?${p.toString()}`;
}

export default function Policies() {
  const { query, result, facets, grouped, search } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  // `userContent`: the options are the data's own words (tags as written), exempt from translation.
  const select = (id: string, name: string, label: string, value: string | number | null, options: { value: string; label: string }[], userContent = false) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value == null ? "" : String(value)}>
        <option value="">{t("policies.filter.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} data-user-content={userContent || undefined}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="page policies">
      <h1>{t("policies.title")}</h1>
      <p className="lead">{t("policies.lead")}</p>
      <Form method="get" className="dc-filters" role="search" aria-label={t("policies.filters")}>
        <div className="field dc-q">
          <label htmlFor="pl-q">{t("policies.search.label")}</label>
          <p id="pl-q-hint" className="hint">
            {t("policies.search.hint")}
          </p>
          <input id="pl-q" name="q" type="search" defaultValue={query.q ?? ""} aria-describedby="pl-q-hint" />
        </div>
        {select("pl-unit", "unit", t("policies.filter.unit"), query.unit, facets.units.map((u) => ({ value: u.slug, label: lang === "en" ? u.nameEn : u.nameZh })))}
        {select("pl-kind", "kind", t("policies.filter.kind"), query.kind, POLICY_KINDS.map((k) => ({ value: k, label: t(`policies.kind.${k}`) })))}
        {select("pl-topic", "topic", t("policies.filter.topic"), query.topic, [...new Set([...(query.topic ? [query.topic] : []), ...facets.topics])].map((x) => ({ value: x, label: x })), true)}
        {select(
          "pl-audience",
          "audience",
          t("policies.filter.audience"),
          query.audience,
          [...new Set([...(query.audience ? [query.audience] : []), ...facets.audiences])].map((x) => ({ value: x, label: x })),
          true,
        )}
        {select("pl-validity", "validity", t("policies.filter.validity"), query.validity, POLICY_CHANGES.map((v) => ({ value: v, label: t(`policies.validity.${v}`) })))}
        {select("pl-year", "year", t("policies.filter.year"), query.year, facets.years.map((y) => ({ value: String(y), label: String(y) })))}
        <div className="field">
          <label htmlFor="pl-sort">{t("policies.filter.sort")}</label>
          <select id="pl-sort" name="sort" defaultValue={query.sort ?? ""}>
            {POLICY_SORTS.map((s) => (
              <option key={s} value={s === "issued" ? "" : s}>
                {t(`policies.sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button className="button primary">{t("policies.search")}</button>
      </Form>
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
              {p.summary ? <p className="dc-summary">{p.summary.length > 120 ? `${p.summary.slice(0, 120)}…` : p.summary}</p> : null}
              {p.topics.length + p.audiences.length ? (
                <ul className="dc-tags" aria-label={t("policies.tags")}>
                  {p.topics.map((tag) => (
                    <li key={`t-${tag}`}>
                      <Link to={`/policies?topic=${encodeURIComponent(tag)}`}><Term value={tag} /></Link>
                    </li>
                  ))}
                  {p.audiences.map((tag) => (
                    <li key={`a-${tag}`}>
                      <Link to={`/policies?audience=${encodeURIComponent(tag)}`}><Term value={tag} /></Link>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {result.pages > 1 ? (
        <nav aria-label={t("policies.pagination")} className="dc-pages">
          {result.page > 1 ? <Link to={pageLink(search, result.page - 1)}>{t("policies.prev")}</Link> : null}
          <span>{t("policies.page", { page: result.page, pages: result.pages })}</span>
          {result.page < result.pages ? <Link to={pageLink(search, result.page + 1)}>{t("policies.next")}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
