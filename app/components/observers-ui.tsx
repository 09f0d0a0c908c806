import { termName, type MessageKey } from "~/i18n/messages";
import { useLang, useT } from "~/i18n/use-t";
import { formatDateTime, formatOrderTime, formatPeriodEnd } from "~/lib/dates";
import { Msg } from "./msg";

/** An instant in the one date style; `end` for the end of a window (a midnight close reads as 24时 of the day before). */
export function When({ d, end }: { d: string | Date | null | undefined; end?: boolean }) {
  const lang = useLang();
  if (!d) return null;
  return <time dateTime={new Date(d).toISOString()}>{end ? formatPeriodEnd(d, lang) : formatDateTime(d, lang)}</time>;
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
              <td>{q.feature === "category" ? catLabel(t, q.value) : termName(lang, q.value)}</td>
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

type Instant = string | Date | null | undefined;

/** A time to the second, where the order of the draw's steps matters. */
export function WhenSecond({ d }: { d: Instant }) {
  const lang = useLang();
  if (!d) return null;
  return <time dateTime={new Date(d).toISOString()}>{formatOrderTime(d, lang)}</time>;
}

export interface TimelineView {
  call: {
    opensAt: Instant;
    closesAt: Instant;
    frozenAt: Instant;
    distributedAt: Instant;
    externalSource: string | null;
    externalPublishesAt: Instant;
    externalValue: string | null;
    externalRecordedAt: Instant;
    drawnAt: Instant;
    drawnBy: string | null;
  };
  witnesses: { id: number; name: string; committedAt: Instant; revealedAt: Instant }[];
}

/**
 * Every step of the draw to the second (Beijing time), in the order the protocol requires, so a
 * reader sees that the distribution was fixed before any random value was known.
 */
export function Timeline({ page }: { page: TimelineView }) {
  const t = useT();
  const { call, witnesses } = page;
  const rows: { key: string; label: React.ReactNode; at: Instant; note?: React.ReactNode; planned?: boolean }[] = [
    { key: "open", label: t("observers.timeline.opens"), at: call.opensAt },
    { key: "close", label: t("observers.timeline.closes"), at: call.closesAt },
    ...witnesses.map((w) => ({ key: `c${w.id}`, label: <Msg k="observers.timeline.commit" user={{ name: w.name }} />, at: w.committedAt })),
    { key: "freeze", label: t("observers.timeline.freeze"), at: call.frozenAt },
    { key: "dist", label: t("observers.timeline.distribution"), at: call.distributedAt },
    {
      key: "ext",
      label: <Msg k="observers.timeline.externalPublishes" user={{ source: call.externalSource ?? "—" }} />,
      at: call.externalPublishesAt,
      planned: !call.externalRecordedAt,
    },
    { key: "extv", label: t("observers.timeline.externalRecorded"), at: call.externalRecordedAt, note: call.externalValue ?? undefined },
    ...witnesses.map((w) => ({ key: `r${w.id}`, label: <Msg k="observers.timeline.reveal" user={{ name: w.name }} />, at: w.revealedAt })),
    { key: "draw", label: t("observers.timeline.draw"), at: call.drawnAt, note: call.drawnBy ? <Msg k="observers.timeline.drawnBy" user={{ name: call.drawnBy }} /> : undefined },
  ];
  return (
    <div className="table-wrap">
      <table className="obs-timeline stack">
        <caption>{t("observers.timeline")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("observers.timeline.step")}</th>
            <th scope="col">{t("observers.timeline.time")}</th>
            <th scope="col">{t("observers.timeline.note")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.label}</td>
              <td>{r.at ? <WhenSecond d={r.at} /> : t("observers.timeline.pending")}</td>
              <td>{r.planned && r.at ? t("observers.timeline.planned") : r.note ? <code>{r.note}</code> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
