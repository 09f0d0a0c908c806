/** 公众代表列席, what pages and exports read: meetings, calls with their published record, seats, compliance. */
import { TZDate } from "@date-fns/tz";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { observerAgenda, observerApplications, observerCalls, observerMeetings, observerRemarks, observerSeats, observerWitnesses, units } from "#db/schema";
import { isMessageKey, type MessageKey, type MessageParams } from "~/i18n/messages";
import type { Actor } from "../context";
import { NotFoundError } from "../errors";
import { type DistributionDoc, type DrawExport, type PoolDoc } from "./draw";
import { SHANGHAI as TZ } from "~/lib/shanghai";
import { getCall, managedCall, yearOf } from "./calls";

// ─── reading ─────────────────────────────────────────────────────────────────

export async function listMeetings(db: Db, opts: { unitId?: number } = {}) {
  const ms = await db
    .select({ m: observerMeetings, unitNameZh: units.nameZh, unitNameEn: units.nameEn })
    .from(observerMeetings)
    .innerJoin(units, eq(units.id, observerMeetings.unitId))
    .where(opts.unitId ? eq(observerMeetings.unitId, opts.unitId) : undefined)
    .orderBy(desc(observerMeetings.startsAt));
  const calls = await db.select().from(observerCalls).orderBy(asc(observerCalls.id));
  return ms.map(({ m, unitNameZh, unitNameEn }) => ({
    ...m,
    unitNameZh,
    unitNameEn,
    calls: calls.filter((c) => c.meetingId === m.id).map(({ id, status, seats, opensAt, closesAt }) => ({ id, status, seats, opensAt, closesAt })),
  }));
}

export async function getMeeting(db: Db, id: number) {
  const [row] = await db
    .select({ m: observerMeetings, unitNameZh: units.nameZh, unitNameEn: units.nameEn })
    .from(observerMeetings)
    .innerJoin(units, eq(units.id, observerMeetings.unitId))
    .where(eq(observerMeetings.id, id));
  if (!row) throw new NotFoundError();
  const agenda = await db.select().from(observerAgenda).where(eq(observerAgenda.meetingId, id)).orderBy(asc(observerAgenda.position));
  const calls = await db.select().from(observerCalls).where(eq(observerCalls.meetingId, id)).orderBy(asc(observerCalls.id));
  const observers = await publicObservers(db, calls.map((c) => c.id));
  const remarks = await db
    .select({ r: observerRemarks, seatId: observerSeats.id })
    .from(observerRemarks)
    .innerJoin(observerSeats, eq(observerSeats.id, observerRemarks.seatId))
    .where(eq(observerRemarks.meetingId, id))
    .orderBy(asc(observerRemarks.id));
  const nameOf = new Map(observers.map((o) => [o.seatId, o.name]));
  return {
    meeting: { ...row.m, unitNameZh: row.unitNameZh, unitNameEn: row.unitNameEn },
    agenda,
    calls: calls.map(({ id, status, seats, opensAt, closesAt, cancelReason }) => ({ id, status, seats, opensAt, closesAt, cancelReason })),
    observers,
    remarks: remarks.map(({ r }) => ({ id: r.id, decisionId: r.decisionId, remark: r.remark, response: r.response, by: nameOf.get(r.seatId) ?? null, createdAt: r.createdAt })),
  };
}

/** Confirmed observers: the name only with consent, otherwise the pseudonymous reference. */
async function publicObservers(db: Db, callIds: number[]) {
  if (!callIds.length) return [];
  const rows = await db
    .select({ seat: observerSeats, app: observerApplications })
    .from(observerSeats)
    .innerJoin(observerApplications, eq(observerApplications.id, observerSeats.applicationId))
    .where(and(inArray(observerSeats.callId, callIds), eq(observerSeats.status, "confirmed")))
    .orderBy(asc(observerSeats.id));
  return rows.map(({ seat, app }) => ({
    seatId: seat.id,
    ref: app.ref!,
    name: app.consentPublish ? app.fullName : null,
    category: app.category,
    enterpriseName: app.consentPublish ? app.enterpriseName : null,
    attended: seat.attended,
  }));
}

/** Remarks on a decision from every meeting whose agenda had it (for the decision page). */
export async function remarksForDecision(db: Db, decisionId: number) {
  const rows = await db
    .select({ r: observerRemarks, m: observerMeetings })
    .from(observerRemarks)
    .innerJoin(observerMeetings, eq(observerMeetings.id, observerRemarks.meetingId))
    .where(eq(observerRemarks.decisionId, decisionId))
    .orderBy(asc(observerRemarks.id));
  return rows.map(({ r, m }) => ({ id: r.id, meetingId: m.id, meetingTitle: m.title, startsAt: m.startsAt, remark: r.remark, response: r.response }));
}

/** The stored reason a pool cannot meet its quotas, as a message to show in the reader's language. */
function distributionErrorOf(text: string | null): { key: MessageKey; params: MessageParams } | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { key: string; params: MessageParams };
    if (isMessageKey(v.key)) return { key: v.key, params: v.params };
  } catch {
    /* a reason stored before reasons were keys */
  }
  return { key: "observers.err.infeasible", params: { detail: text } };
}

/** Everything the public call/draw page shows. */
export async function callPage(db: Db, id: number) {
  const call = await getCall(db, id);
  const [meeting] = await db.select().from(observerMeetings).where(eq(observerMeetings.id, call.meetingId));
  const witnesses = await db.select().from(observerWitnesses).where(eq(observerWitnesses.callId, id)).orderBy(asc(observerWitnesses.id));
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(observerApplications)
    .where(and(eq(observerApplications.callId, id), eq(observerApplications.status, "applied")))) as [{ n: number }];
  const seats = await db
    .select({ seat: observerSeats, ref: observerApplications.ref })
    .from(observerSeats)
    .innerJoin(observerApplications, eq(observerApplications.id, observerSeats.applicationId))
    .where(eq(observerSeats.callId, id))
    .orderBy(asc(observerSeats.id));
  return {
    call: {
      id: call.id,
      meetingId: call.meetingId,
      unitId: call.unitId,
      status: call.status,
      seats: call.seats,
      opensAt: call.opensAt,
      closesAt: call.closesAt,
      eligibility: call.eligibility,
      features: call.features,
      quotas: call.quotas,
      excludePrevious: call.excludePrevious,
      confirmDays: call.confirmDays,
      externalSource: call.externalSource,
      externalPublishesAt: call.externalPublishesAt,
      externalValue: call.externalValue,
      externalRecordedAt: call.externalRecordedAt,
      poolHash: call.poolHash,
      frozenAt: call.frozenAt,
      distributionHash: call.distributionHash,
      distributedAt: call.distributedAt,
      distributionError: distributionErrorOf(call.distributionError),
      seed: call.seed,
      drawnAt: call.drawnAt,
      drawnBy: (call.drawExport as DrawExport | null)?.drawnBy ?? null,
      cancelReason: call.cancelReason,
      cancelledAt: call.cancelledAt,
    },
    meeting: meeting!,
    applicants: n,
    witnesses: witnesses.map((w) => ({ id: w.id, name: w.name, role: w.role, commitment: w.commitment, committedAt: w.committedAt, secret: w.secret, revealedAt: w.revealedAt })),
    pool: call.pool as PoolDoc | null,
    distribution: call.distribution as DistributionDoc | null,
    result: (call.drawExport as DrawExport | null)?.result ?? null,
    seats: seats.map(({ seat, ref }) => ({ id: seat.id, ref: ref!, status: seat.status, source: seat.source, confirmBy: seat.confirmBy, replacesSeatId: seat.replacesSeatId, attended: seat.attended })),
  };
}

export async function drawExportOf(db: Db, id: number): Promise<DrawExport> {
  const call = await getCall(db, id);
  if (!call.drawExport) throw new NotFoundError();
  return call.drawExport as DrawExport;
}

/** The user's own seat offer in a call, if any. */
export async function mySeat(db: Db, userId: number, callId: number) {
  const [row] = await db
    .select({ seat: observerSeats })
    .from(observerSeats)
    .innerJoin(observerApplications, eq(observerApplications.id, observerSeats.applicationId))
    .where(and(eq(observerSeats.callId, callId), eq(observerApplications.userId, userId)));
  return row?.seat ?? null;
}

/** Staff view of a call: applications with names (own unit only). */
export async function staffCall(db: Db, actor: Actor, id: number) {
  const call = await managedCall(db, actor, id);
  const apps = await db.select().from(observerApplications).where(eq(observerApplications.callId, id)).orderBy(asc(observerApplications.id));
  const seats = await db.select().from(observerSeats).where(eq(observerSeats.callId, id)).orderBy(asc(observerSeats.id));
  return { call, apps, seats };
}

// ─── compliance ──────────────────────────────────────────────────────────────

export async function compliance(db: Db, year: number, target: number, now: Date) {
  const ms = await db.select().from(observerMeetings).orderBy(asc(observerMeetings.startsAt));
  const inYear = ms.filter((m) => yearOf(m.startsAt) === year);
  const rows = await db
    .select({ seat: observerSeats, app: observerApplications, call: observerCalls })
    .from(observerSeats)
    .innerJoin(observerApplications, eq(observerApplications.id, observerSeats.applicationId))
    .innerJoin(observerCalls, eq(observerCalls.id, observerSeats.callId))
    .where(eq(observerSeats.status, "confirmed"));
  const meetingIds = new Set(inYear.map((m) => m.id));
  const yearRows = rows.filter((r) => meetingIds.has(r.call.meetingId) && r.call.status === "drawn");
  const withObservers = inYear.filter((m) => yearRows.some((r) => r.call.meetingId === m.id && r.seat.attended !== false) && m.startsAt <= now);
  const perCategory: Record<string, number> = {};
  for (const r of yearRows) perCategory[r.app.category] = (perCategory[r.app.category] ?? 0) + 1;
  // On pace: by the end of quarter q, at least ceil(target × q / 4) meetings with observers.
  const local = new TZDate(now, TZ);
  const quarter = local.getFullYear() > year ? 4 : local.getFullYear() < year ? 0 : Math.floor(local.getMonth() / 3) + 1;
  const completedQuarters = local.getFullYear() > year ? 4 : Math.max(0, quarter - 1);
  const expected = Math.ceil((target * completedQuarters) / 4);
  const byQuarter = [1, 2, 3, 4].map((q) => ({
    quarter: q,
    held: withObservers.filter((m) => Math.floor(new TZDate(m.startsAt, TZ).getMonth() / 3) + 1 === q).length,
    expectedCumulative: Math.ceil((target * q) / 4),
  }));
  return {
    year,
    target,
    held: withObservers.length,
    meetings: inYear.map((m) => ({ id: m.id, title: m.title, startsAt: m.startsAt, withObservers: withObservers.includes(m), observers: yearRows.filter((r) => r.call.meetingId === m.id).length })),
    expected,
    behind: withObservers.length < expected,
    byQuarter,
    perCategory,
  };
}
