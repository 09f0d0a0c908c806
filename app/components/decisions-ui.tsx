import type { DecisionStatus, StageKind, StageState } from "~/decisions-constants";
import { useLang, useT } from "~/i18n/use-t";
import { formatDate } from "~/lib/dates";
import { termName } from "~/i18n/messages";

export function StatusBadge({ status }: { status: DecisionStatus }) {
  const t = useT();
  return <span className={`dc-badge dc-status-${status}`}>{t(`decisions.status.${status}`)}</span>;
}

export function StateBadge({ state }: { state: StageState }) {
  const t = useT();
  return <span className={`dc-badge dc-state-${state}`}>{t(`decisions.state.${state}`)}</span>;
}

export function StageName({ kind }: { kind: StageKind }) {
  const t = useT();
  return <>{t(`decisions.stage.${kind}`)}</>;
}

export function formatBytes(n: number | null | undefined): string {
  if (n == null) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}


export interface OverdueView {
  stage: StageKind;
  rule: "plannedEnd" | "plannedStart" | "statutory";
  due: string;
}

/** A stage past its planned or statutory date, said in words ("逾期：计划于2026年6月11日完成"); `withStage` names the stage (lists). */
export function OverdueNote({ o, withStage }: { o: OverdueView; withStage?: boolean }) {
  const t = useT();
  const lang = useLang();
  const what = t(`decisions.overdue.${o.rule}`, { d: formatDate(o.due, lang) });
  return (
    <span className="dc-overdue" data-overdue={o.stage}>
      {withStage ? t("decisions.overdue.inList", { stage: t(`decisions.stage.${o.stage}`), what }) : what}
    </span>
  );
}

/** A tag, topic or place: its English name when the app knows one, else as written (marked as Chinese for readers and the English check). */
function Term({ value }: { value: string }) {
  const lang = useLang();
  const name = termName(lang, value);
  return lang === "en" && name === value ? (
    <span lang="zh" data-user-content="">
      {value}
    </span>
  ) : (
    <>{name}</>
  );
}

/**
 * Tag chips, each a link to a list filtered by its tag. Plain anchors rather
 * than React Router's Link: a chip leads to the same list with another
 * filter, which a full load serves just as well, and a page of results holds
 * some sixty of them; a Link costs about 23 µs of server rendering on the
 * benchmark machine (docs/decisions/1902-search-page-cost.md).
 */
export function TagLinks({ tags, label }: { tags: { tag: string; href: string }[]; label?: string }) {
  return (
    <ul className="dc-tags" aria-label={label}>
      {tags.map(({ tag, href }) => (
        <li key={href}>
          <a href={href}>
            <Term value={tag} />
          </a>
        </li>
      ))}
    </ul>
  );
}
