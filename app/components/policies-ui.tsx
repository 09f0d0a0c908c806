import type { PolicyChange } from "~/policies-constants";
import { useT } from "~/i18n/use-t";

/** 有效 · 已修改 · 已废止 · 已失效, marked prominently (text, not colour alone). */
export function ValidityBadge({ validity }: { validity: PolicyChange }) {
  const t = useT();
  return <span className={`badge pl-validity pl-validity-${validity}`}>{t(`policies.validity.${validity}`)}</span>;
}
