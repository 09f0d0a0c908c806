/**
 * 公众代表列席, before the freeze: meetings, observer calls and residents' applications.
 * Every staff change is audited in its own transaction; services take `now`.
 */
import { TZDate } from "@date-fns/tz";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { decisions, observerAgenda, observerApplications, observerCalls, observerMeetings, observerWitnesses, type ObserverFeature, type ObserverQuota, type observerSeats } from "#db/schema";
import { SHANGHAI as TZ } from "~/lib/shanghai";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { linkPlatformStage } from "../decisions/stages";
import { NotFoundError, UserError } from "../errors";
import { isValidCreditCode, normaliseCreditCode } from "./credit-code";
import { CATEGORIES, quotaProblem } from "./feasibility";

export { CATEGORIES };

const ENTERPRISE_CATEGORIES = new Set(["small_micro_enterprise", "private_enterprise"]);

export type Meeting = typeof observerMeetings.$inferSelect;
export type Call = typeof observerCalls.$inferSelect;
export type Application = typeof observerApplications.$inferSelect;
export type Seat = typeof observerSeats.$inferSelect;

export function yearOf(d: Date): number {
  return new TZDate(d, TZ).getFullYear();
}

// ─── meetings ────────────────────────────────────────────────────────────────

export interface MeetingInput {
  unitId: number;
  title: string;
  startsAt: Date;
  place: string;
  seats: number;
  agenda: { decisionId?: number | null; title?: string }[];
}

export async function createMeeting(db: Db, actor: Actor, input: MeetingInput, now: Date): Promise<Meeting> {
  assertCanManageUnit(actor, input.unitId);
  if (input.seats < 1 || input.seats > 100) throw new UserError("observers.err.seats", {}, "seats");
  return db.transaction(async (tx) => {
    const [m] = await tx
      .insert(observerMeetings)
      .values({ unitId: input.unitId, title: input.title, startsAt: input.startsAt, place: input.place, seats: input.seats, createdAt: now })
      .returning();
    let pos = 0;
    for (const item of input.agenda) {
      let title = item.title ?? "";
      if (item.decisionId) {
        const [d] = await tx.select().from(decisions).where(eq(decisions.id, item.decisionId));
        if (!d) throw new UserError("observers.err.decision", {}, "agenda");
        title = d.title;
        // The meeting becomes part of the decision's deliberation stage (集体审议).
        await linkPlatformStage(tx, actor.role === "admin" || actor.unitId === d.unitId ? actor : null, d.id, "deliberation", {
          linkPath: `/observers/meetings/${m!.id}`,
          note: `${input.title}（${new TZDate(input.startsAt, TZ).toISOString().slice(0, 10)}，${input.place}）`,
        }, now);
      }
      if (!title) continue;
      await tx.insert(observerAgenda).values({ meetingId: m!.id, decisionId: item.decisionId ?? null, title, position: pos++ });
    }
    await recordAudit(tx, actor, { action: "observers.meeting.create", entityType: "observer_meeting", entityId: m!.id, summary: { title: input.title, seats: input.seats } }, now);
    return m!;
  });
}

// ─── calls ───────────────────────────────────────────────────────────────────

export interface CallInput {
  meetingId: number;
  seats: number;
  opensAt: Date;
  closesAt: Date;
  eligibility: string;
  features: ObserverFeature[];
  quotas: ObserverQuota[];
  excludePrevious: boolean;
  confirmDays?: number;
  /** The future public value (may also be declared at the freeze, not later). */
  externalSource?: string | null;
  externalPublishesAt?: Date | null;
}

/** Quotas no pool could ever meet are refused when the call is opened, not after the freeze. */
function validateQuotas(seats: number, features: ObserverFeature[], quotas: ObserverQuota[]) {
  const problem = quotaProblem(seats, features, quotas);
  if (problem) throw problem;
}

/**
 * The freeze must come this long before the external value is published (OBSERVERS_EXTERNAL_LEAD_MINUTES,
 * default 10): the distribution is computed and published in between, and nobody may know the value while it is.
 */
export function externalLeadMs(): number {
  const m = Number(process.env.OBSERVERS_EXTERNAL_LEAD_MINUTES ?? 10);
  return Number.isFinite(m) && m >= 0 ? m * 60_000 : 10 * 60_000;
}
export const toSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

export async function openCall(db: Db, actor: Actor, input: CallInput, now: Date): Promise<Call> {
  const [meeting] = await db.select().from(observerMeetings).where(eq(observerMeetings.id, input.meetingId));
  if (!meeting) throw new NotFoundError();
  assertCanManageUnit(actor, meeting.unitId);
  if (input.seats < 1 || input.seats > meeting.seats) throw new UserError("observers.err.seats", {}, "seats");
  if (!(input.closesAt > input.opensAt)) throw new UserError("observers.err.window", {}, "closesAt");
  if (input.closesAt > meeting.startsAt) throw new UserError("observers.err.windowAfterMeeting", {}, "closesAt");
  validateQuotas(input.seats, input.features, input.quotas);
  if (input.externalPublishesAt && !(input.externalPublishesAt > input.closesAt)) throw new UserError("observers.err.externalTime", {}, "externalPublishesAt");
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(observerCalls)
      .values({
        meetingId: meeting.id,
        unitId: meeting.unitId,
        createdAt: now,
        seats: input.seats,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        eligibility: input.eligibility,
        features: input.features,
        quotas: input.quotas,
        excludePrevious: input.excludePrevious,
        confirmDays: input.confirmDays ?? 3,
        externalSource: input.externalSource?.trim() || null,
        externalPublishesAt: input.externalPublishesAt ? toSecond(input.externalPublishesAt) : null,
      })
      .returning();
    await recordAudit(tx, actor, { action: "observers.call.open", entityType: "observer_call", entityId: c!.id, summary: { meetingId: meeting.id, seats: input.seats, quotas: input.quotas, excludePrevious: input.excludePrevious, externalSource: c!.externalSource, externalPublishesAt: c!.externalPublishesAt?.toISOString() ?? null } }, now);
    return c!;
  });
}

export async function getCall(db: Db, id: number): Promise<Call> {
  const [c] = await db.select().from(observerCalls).where(eq(observerCalls.id, id));
  if (!c) throw new NotFoundError();
  return c;
}

export async function managedCall(db: Db, actor: Actor, id: number): Promise<Call> {
  const c = await getCall(db, id);
  assertCanManageUnit(actor, c.unitId);
  return c;
}

/** A witness publishes SHA-256(secret) before the pool is frozen. */
export async function addWitness(db: Db, actor: Actor, callId: number, input: { name: string; role: string; commitment: string }, now: Date) {
  const call = await managedCall(db, actor, callId);
  if (call.status !== "open") throw new UserError("observers.err.afterFreeze");
  const commitment = input.commitment.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(commitment)) throw new UserError("observers.err.commitment", {}, "commitment");
  return db.transaction(async (tx) => {
    const [w] = await tx
      .insert(observerWitnesses)
      .values({ callId, name: input.name.trim(), role: input.role.trim(), commitment, committedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!w) throw new UserError("observers.err.witnessTaken", {}, "name");
    await recordAudit(tx, actor, { action: "observers.witness.commit", entityType: "observer_call", entityId: callId, summary: { name: w.name, role: w.role, commitment } }, now);
    return w;
  });
}

// ─── applications ────────────────────────────────────────────────────────────

export interface ApplyInput {
  category: string;
  features: Record<string, string>;
  fullName: string;
  enterpriseName?: string | null;
  creditCode?: string | null;
  statement: string;
  noConflict: boolean;
  consentPublish: boolean;
}

export async function apply(db: Db, userId: number, callId: number, input: ApplyInput, now: Date): Promise<Application> {
  const call = await getCall(db, callId);
  if (call.status !== "open" || now < call.opensAt || now >= call.closesAt) throw new UserError("observers.err.closed");
  const categories = new Set(call.quotas.filter((q) => q.feature === "category").map((q) => q.value).concat(CATEGORIES as unknown as string[]));
  if (!categories.has(input.category)) throw new UserError("observers.err.category", {}, "category");
  const features: Record<string, string> = {};
  for (const f of call.features) {
    const v = input.features[f.key];
    if (!v || !f.values.includes(v)) throw new UserError("observers.err.feature", { feature: f.labelZh }, `f_${f.key}`);
    features[f.key] = v;
  }
  let enterpriseName: string | null = null;
  let creditCode: string | null = null;
  if (ENTERPRISE_CATEGORIES.has(input.category)) {
    enterpriseName = input.enterpriseName?.trim() || null;
    if (!enterpriseName) throw new UserError("observers.err.enterpriseName", {}, "enterpriseName");
    creditCode = normaliseCreditCode(input.creditCode ?? "");
    if (!isValidCreditCode(creditCode)) throw new UserError("observers.err.creditCode", {}, "creditCode");
  }
  if (!input.noConflict) throw new UserError("observers.err.noConflict", {}, "noConflict");
  const values = {
    category: input.category,
    features,
    fullName: input.fullName.trim(),
    enterpriseName,
    creditCode,
    statement: input.statement.trim(),
    noConflict: true,
    consentPublish: input.consentPublish,
  };
  const [row] = await db
    .insert(observerApplications)
    .values({ callId, userId, ...values })
    .onConflictDoUpdate({
      target: [observerApplications.callId, observerApplications.userId],
      set: { ...values, status: "applied", withdrawnAt: null, createdAt: now },
      setWhere: sql`${observerApplications.status} = 'withdrawn'`,
    })
    .returning();
  if (!row) throw new UserError("observers.err.already");
  return row;
}

export async function withdraw(db: Db, userId: number, callId: number, now: Date) {
  const call = await getCall(db, callId);
  if (call.status !== "open" || now >= call.closesAt) throw new UserError("observers.err.closed");
  const r = await db
    .update(observerApplications)
    .set({ status: "withdrawn", withdrawnAt: now })
    .where(and(eq(observerApplications.callId, callId), eq(observerApplications.userId, userId), eq(observerApplications.status, "applied")))
    .returning();
  if (!r.length) throw new NotFoundError();
}

export async function myApplication(db: Db, userId: number, callId: number): Promise<Application | null> {
  const [a] = await db.select().from(observerApplications).where(and(eq(observerApplications.callId, callId), eq(observerApplications.userId, userId)));
  return a ?? null;
}
