/**
 * Can a call's quotas be met? At opening nobody has applied yet, so the question is whether
 * any pool at all could fill the seats; after the freeze it is asked of the actual pool.
 * Problems come back as message keys with labels in both languages, never as solver English.
 */
import type { ObserverFeature, ObserverQuota } from "#db/schema";
import { zh as zhMessages, en as enMessages, type MessageKey, type MessageParams } from "~/i18n/messages";
import { UserError } from "../errors";
import type { InfeasibleQuotasError } from "./leximin";

/** Observer categories (the glossary's 市民代表 · 小微企业代表 · 民营企业代表, and others). */
export const CATEGORIES = ["resident", "small_micro_enterprise", "private_enterprise", "others"] as const;

interface FeatureSpec {
  key: string;
  labelZh: string;
  labelEn: string;
  values: string[];
}

function featureSpecs(features: ObserverFeature[]): FeatureSpec[] {
  return [{ key: "category", labelZh: zhMessages["observers.category"], labelEn: enMessages["observers.category"], values: [...CATEGORIES] }, ...features];
}

/** The feature's and the value's names in each language. */
function labels(specs: FeatureSpec[], feature: string, value?: string): MessageParams {
  const f = specs.find((s) => s.key === feature);
  const out: MessageParams = { feature: { zh: f?.labelZh ?? feature, en: f?.labelEn ?? feature } };
  if (value !== undefined) {
    const k = `observers.cat.${value}` as MessageKey;
    const isCat = feature === "category" && k in zhMessages;
    out.value = { zh: isCat ? zhMessages[k] : value, en: isCat ? enMessages[k] : value };
  }
  return out;
}

/**
 * The first reason the quotas cannot be met, or null. `available` counts applicants per
 * feature value (and `total` the pool); without them every value is available without limit.
 * Per feature the seats must fit between the sum of minimums and the sum of what each value can
 * give (its maximum, or its applicants). With unlimited applicants of every combination, features
 * that can each be met can be met together (fill a table with given row and column sums), so at
 * opening these per-feature tests are complete; for an actual pool the solver has the last word.
 */
export function quotaProblem(
  seats: number,
  features: ObserverFeature[],
  quotas: ObserverQuota[],
  available?: { total: number; count: (feature: string, value: string) => number },
): UserError | null {
  const specs = featureSpecs(features);
  if (available && available.total < seats) return new UserError("observers.err.feasible.applicants", { seats, total: available.total });
  for (const q of quotas) {
    const f = specs.find((s) => s.key === q.feature);
    if (!f) return new UserError("observers.err.quotaFeature", { feature: q.feature }, "quotas");
    if (!f.values.includes(q.value)) return new UserError("observers.err.feasible.unknownValue", labels(specs, q.feature, q.value), "quotas");
    if (!(Number.isInteger(q.min) && Number.isInteger(q.max) && q.min >= 0 && q.max >= q.min && q.max <= seats))
      return new UserError("observers.err.feasible.range", { ...labels(specs, q.feature, q.value), min: q.min, max: q.max, seats }, "quotas");
    if (available && available.count(q.feature, q.value) < q.min)
      return new UserError("observers.err.feasible.fewApplicants", { ...labels(specs, q.feature, q.value), min: q.min, have: available.count(q.feature, q.value) }, "quotas");
  }
  for (const f of specs) {
    const qs = quotas.filter((q) => q.feature === f.key);
    if (!qs.length) continue;
    const sumMin = qs.reduce((a, q) => a + q.min, 0);
    if (sumMin > seats) return new UserError("observers.err.feasible.minimums", { ...labels(specs, f.key), sum: sumMin, seats }, "quotas");
    const room = f.values.reduce((a, v) => {
      const cap = qs.find((q) => q.value === v)?.max ?? seats;
      return a + Math.min(cap, available ? available.count(f.key, v) : seats);
    }, 0);
    if (room < seats) return new UserError("observers.err.feasible.maximums", { ...labels(specs, f.key), sum: room, seats }, "quotas");
  }
  return null;
}

/** The solver's diagnosis of an actual pool, in the user's language. */
export function solverProblem(features: ObserverFeature[], e: InfeasibleQuotasError): UserError {
  const specs = featureSpecs(features);
  const c = e.constraint;
  if (c.feature && c.value !== undefined) return new UserError("observers.err.feasible.together", labels(specs, c.feature, c.value));
  return new UserError("observers.err.feasible.togetherAll");
}
