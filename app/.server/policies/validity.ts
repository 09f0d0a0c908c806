/**
 * 有效 · 已修改 · 已废止 · 已失效. Staff record amendments, repeals and
 * declared lapses; a valid-until date that has passed makes a policy 已失效
 * by itself, derived here at read time in Asia/Shanghai, so no timer can be
 * late or missed.
 */
import { sql, type SQL } from "drizzle-orm";
import type { PolicyChange } from "#db/schema";
import { shanghaiDay } from "~/lib/shanghai";

export type Validity = PolicyChange;

/** `validUntil` is the last day in force: the policy lapses at the next 00:00 +08:00. */
export function validityOf(p: { change: PolicyChange; validUntil: string | null }, now: Date): Validity {
  if (p.change !== "in_force") return p.change;
  if (p.validUntil && p.validUntil < shanghaiDay(now)) return "lapsed";
  return "in_force";
}

/** The same rule in SQL, for filters (policies aliased `p`). */
export function validitySql(now: Date): SQL<Validity> {
  return sql<Validity>`(case when p.change <> 'in_force' then p.change::text when p.valid_until < ${shanghaiDay(now)}::date then 'lapsed' else 'in_force' end)`;
}
