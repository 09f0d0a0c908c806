import type { DecisionStatus, StageKind, StageState } from "~/decisions-constants";
import { useT } from "~/i18n/use-t";

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

/** An instant shown as a Shanghai date and time. */
export function shDateTime(d: string | Date | null | undefined): string {
  if (!d) return "";
  return new Date(d).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).replace(/\//g, "-");
}

export function shDate(d: string | Date | null | undefined): string {
  if (!d) return "";
  return new Date(d).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
}
