/**
 * The filter form and the pager of the public lists (决策目录, 政策文件库):
 * a GET form with a search box and selects, which keeps what the visitor
 * chose, and previous/next links that keep the rest of the query.
 */
import type { ReactNode } from "react";
import { Form, Link } from "react-router";
import { useT } from "~/i18n/use-t";
import { FilterSummary, WideOpen } from "./disclosure";

export interface FilterOption {
  value: string;
  label: string;
  /** The data's own words (a tag as written, without an English name): exempt from translation. */
  userContent?: boolean;
}

/**
 * A role="search" GET form laid out as the filter grid: the search box, the
 * selects (folded behind 筛选 on a phone, saying how many are `active`), the
 * submit button last.
 */
export function FilterForm({ label, submit, search, active, children }: { label: string; submit: string; search: ReactNode; active: number; children: ReactNode }) {
  return (
    <Form method="get" className="dc-filters" role="search" aria-label={label}>
      {search}
      <WideOpen summary={<FilterSummary n={active} />}>{children}</WideOpen>
      <button className="button primary">{submit}</button>
    </Form>
  );
}

/** The search box: the whole first row of the grid, with its hint. */
export function SearchField({ id, label, hint, value }: { id: string; label: string; hint: string; value: string | null }) {
  return (
    <div className="field dc-q">
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      <input id={id} name="q" type="search" defaultValue={value ?? ""} aria-describedby={`${id}-hint`} />
    </div>
  );
}

/**
 * One filter select. `any` is the first option's label (value ""), or null
 * for none; `userContent` marks options that are the data's own words (tags
 * as written), exempt from translation.
 */
export function SelectField(props: {
  id: string;
  name: string;
  label: string;
  value: string | number | null | undefined;
  options: readonly FilterOption[];
  any?: FilterOption | null;
  userContent?: boolean;
}) {
  const { id, name, label, value, options, any = null, userContent = false } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value == null ? (any?.value ?? "") : String(value)}>
        {any ? <option value={any.value}>{any.label}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} data-user-content={(o.userContent ?? userContent) ? "" : undefined}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The same query with another page. */
function pageLink(search: string, page: number) {
  const p = new URLSearchParams(search);
  p.set("page", String(page));
  return `?${p.toString()}`;
}

/** Previous · page n of m · next, or nothing for a single page. */
export function Pager({ page, pages, search }: { page: number; pages: number; search: string }) {
  const t = useT();
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("list.pagination")} className="dc-pages">
      {page > 1 ? <Link to={pageLink(search, page - 1)}>{t("list.prev")}</Link> : null}
      <span>{t("list.page", { page, pages })}</span>
      {page < pages ? <Link to={pageLink(search, page + 1)}>{t("list.next")}</Link> : null}
    </nav>
  );
}
