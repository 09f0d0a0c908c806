import type { DecisionStatus, StageKind, StageState } from "~/decisions-constants";
import { useT } from "~/i18n/use-t";
import { SHANGHAI } from "~/lib/shanghai";

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

// Built once: creating an Intl formatter per call (as toLocaleString does) was a measurable
// share of rendering a decision page with its dozens of dates.
const SH_DATE_TIME = new Intl.DateTimeFormat("zh-CN", { timeZone: SHANGHAI, hour12: false, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
const SH_DATE = new Intl.DateTimeFormat("sv-SE", { timeZone: SHANGHAI });

/** An instant shown as a Shanghai date and time. */
export function shDateTime(d: string | Date | null | undefined): string {
  if (!d) return "";
  return SH_DATE_TIME.format(new Date(d)).replace(/\//g, "-");
}

export function shDate(d: string | Date | null | undefined): string {
  if (!d) return "";
  return SH_DATE.format(new Date(d));
}
