import type { MessageKey } from "~/i18n/messages";
import { useLang, useT } from "~/i18n/use-t";

export function fmtTime(d: string | Date | null | undefined, lang: "zh" | "en"): string {
  if (!d) return "";
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }).format(new Date(d));
}

export function When({ d }: { d: string | Date | null | undefined }) {
  const lang = useLang();
  if (!d) return null;
  return <time dateTime={new Date(d).toISOString()}>{fmtTime(d, lang)}</time>;
}

export function CallStatus({ status }: { status: string }) {
  const t = useT();
  return <span className={`obs-status obs-status-${status}`}>{t(`observers.status.${status}` as MessageKey)}</span>;
}

export function catLabel(t: ReturnType<typeof useT>, c: string): string {
  const k = `observers.cat.${c}` as MessageKey;
  return t(k) === k ? c : t(k);
}

export interface FeatureView {
  key: string;
  labelZh: string;
  labelEn: string;
  values: string[];
}

export function featureLabel(features: FeatureView[], key: string, lang: "zh" | "en"): string {
  if (key === "category") return lang === "en" ? "Category" : "类别";
  const f = features.find((x) => x.key === key);
  return f ? (lang === "en" ? f.labelEn : f.labelZh) : key;
}

export function QuotaTable({ quotas, features }: { quotas: { feature: string; value: string; min: number; max: number }[]; features: FeatureView[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <div className="table-wrap">
      <table>
        <caption>{t("observers.quotas")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("observers.quota.feature")}</th>
            <th scope="col">{t("observers.quota.value")}</th>
            <th scope="col">{t("observers.seats")}</th>
          </tr>
        </thead>
        <tbody>
          {quotas.map((q) => (
            <tr key={`${q.feature}=${q.value}`}>
              <td>{featureLabel(features, q.feature, lang)}</td>
              <td>{q.feature === "category" ? catLabel(t, q.value) : q.value}</td>
              <td>{t("observers.quota.range", { min: q.min, max: q.max })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Hash({ value }: { value: string | null | undefined }) {
  if (!value) return null;
  return <code className="obs-hash">{value}</code>;
}

/** Same list as the server's CATEGORIES (kept here so components need no server import). */
export const CATEGORY_VALUES = ["resident", "small_micro_enterprise", "private_enterprise", "others"] as const;
