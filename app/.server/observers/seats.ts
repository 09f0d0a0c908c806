/**
 * 公众代表列席, the witnessed draw and what follows it: freeze, published distribution, external
 * value, reveals, the draw, seats offered, confirmed, declined or lapsed, attendance and remarks.
 * The order of the protocol is docs/observer-draw.md; the server refuses any other.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { observerAgenda, observerApplications, observerCalls, observerMeetings, observerRemarks, observerSeats, observerWitnesses, users } from "#db/schema";
import { asLang, translate } from "~/i18n/messages";
import { recordAudit } from "../audit/audit";
import type { Actor } from "../context";
import { NotFoundError, UserError } from "../errors";
import { enqueueMail } from "../notify/outbox";
import { publicUrl } from "../urls";
import { commitmentOf, hashDoc, nextAlternate, seedOf, selectFromSeed, sha256Hex, shanghaiSecond, type DistributionDoc, type DrawExport, type PoolDoc, type RandomnessDoc } from "./draw";
import { quotaProblem, solverProblem } from "./feasibility";
import { InfeasibleQuotasError } from "./leximin";
import { computeDistributionInWorker, type DistributionOutcome } from "./lottery";
import { type Application, type Call, type Seat, externalLeadMs, getCall, managedCall, toSecond, yearOf } from "./calls";

const lockCall = (tx: Db, id: number) => tx.execute(sql`select id from observer_calls where id = ${id} for update`);

// ─── freeze, distribution, draw ─────────────────────────────────────────────

/** Users who held a seat (offered or confirmed, not declined) in another drawn call of the same year. */
async function previouslySelected(db: Db, call: Call): Promise<Set<number>> {
  const year = yearOf(call.closesAt);
  const list = await db
    .select({ userId: observerApplications.userId, closesAt: observerCalls.closesAt })
    .from(observerSeats)
    .innerJoin(observerApplications, eq(observerApplications.id, observerSeats.applicationId))
    .innerJoin(observerCalls, eq(observerCalls.id, observerSeats.callId))
    .where(and(inArray(observerSeats.status, ["offered", "confirmed"]), eq(observerCalls.status, "drawn"), sql`${observerCalls.id} <> ${call.id}`));
  return new Set(list.filter((r) => yearOf(new Date(r.closesAt)) === year).map((r) => r.userId));
}

/**
 * Fixes the pool, the witnesses' commitments and which future public value the seed will
 * include (source and publication time, at least EXTERNAL_LEAD_MS ahead): from here on nothing
 * that decides the draw can change, and nothing random is known yet.
 */
export async function freezePool(db: Db, actor: Actor, callId: number, now: Date, declare: { externalSource?: string | null; externalPublishesAt?: Date | null } = {}): Promise<Call> {
  const call0 = await managedCall(db, actor, callId);
  if (now < call0.closesAt) throw new UserError("observers.err.stillOpen");
  return db.transaction(async (tx) => {
    await lockCall(tx, callId);
    const call = await getCall(tx, callId);
    if (call.status !== "open") throw new UserError("observers.err.afterFreeze");
    const externalSource = declare.externalSource?.trim() || call.externalSource;
    const externalPublishesAt = declare.externalPublishesAt ? toSecond(declare.externalPublishesAt) : call.externalPublishesAt;
    if (!externalSource) throw new UserError("observers.err.externalSource", {}, "externalSource");
    // Strictly later: at the freeze itself the value must still be unknown.
    if (!externalPublishesAt || externalPublishesAt.getTime() <= now.getTime() + externalLeadMs())
      throw new UserError("observers.err.externalLead", { minutes: externalLeadMs() / 60_000 }, "externalPublishesAt");
    const witnesses = await tx.select().from(observerWitnesses).where(eq(observerWitnesses.callId, callId));
    if (witnesses.length < 2) throw new UserError("observers.err.witnesses");
    const excluded = call.excludePrevious ? await previouslySelected(tx, call) : new Set<number>();
    const apps = await tx.select().from(observerApplications).where(and(eq(observerApplications.callId, callId), eq(observerApplications.status, "applied")));
    // Pseudonymous references in an order unrelated to the order of application.
    const ordered = apps
      .filter((a) => !excluded.has(a.userId))
      .map((a) => ({ a, k: sha256Hex(`canyu-observers:${callId}:${a.id}`) }))
      .sort((x, y) => (x.k < y.k ? -1 : 1));
    const features = ["category", ...call.features.map((f) => f.key)];
    const applicants: PoolDoc["applicants"] = [];
    let i = 0;
    for (const { a } of ordered) {
      const ref = `C${callId}-${String(++i).padStart(4, "0")}`;
      await tx.update(observerApplications).set({ ref }).where(eq(observerApplications.id, a.id));
      applicants.push({ ref, values: { category: a.category, ...a.features } });
    }
    for (const a of apps.filter((a) => excluded.has(a.userId))) await tx.update(observerApplications).set({ status: "excluded" }).where(eq(observerApplications.id, a.id));
    const pool: PoolDoc = { version: 1, callId, seats: call.seats, features, quotas: call.quotas, applicants };
    const poolHash = hashDoc(pool);
    const [updated] = await tx
      .update(observerCalls)
      .set({ status: "frozen", pool, poolHash, frozenAt: now, externalSource, externalPublishesAt })
      .where(eq(observerCalls.id, callId))
      .returning();
    await recordAudit(
      tx,
      actor,
      {
        action: "observers.pool.freeze",
        entityType: "observer_call",
        entityId: callId,
        summary: { poolHash, applicants: applicants.length, excluded: excluded.size, commitments: witnesses.map((w) => w.commitment), externalSource, externalPublishesAt: externalPublishesAt.toISOString() },
      },
      now,
    );
    return updated!;
  });
}

/**
 * LEXIMIN distribution from the frozen pool alone, on a worker thread; stored with the time the
 * computation finished, which must be before the external value is published.
 */
export async function publishDistribution(
  db: Db,
  actor: Actor,
  callId: number,
  now: Date,
  opts: { compute?: (pool: PoolDoc, poolHash: string) => Promise<DistributionOutcome> } = {},
): Promise<Call> {
  const call = await managedCall(db, actor, callId);
  if (call.status === "cancelled") throw new UserError("observers.err.cancelled");
  if (call.status !== "frozen") throw new UserError(call.status === "open" ? "observers.err.notFrozen" : "observers.err.alreadyDistributed");
  const pool = call.pool as PoolDoc;
  const late = (at: Date) => !call.externalPublishesAt || at >= call.externalPublishesAt;
  if (late(now)) throw new UserError("observers.err.distributionLate");
  const problem = poolProblem(call, pool);
  if (problem) return recordInfeasible(db, actor, callId, problem, now);
  const started = performance.now();
  let out: DistributionOutcome;
  try {
    out = await (opts.compute ?? computeDistributionInWorker)(pool, call.poolHash!);
  } catch (e) {
    if (e instanceof InfeasibleQuotasError) return recordInfeasible(db, actor, callId, solverProblem(call.features, e), now);
    throw e;
  }
  // The request's clock plus the solve: the moment the distribution existed.
  const distributedAt = new Date(now.getTime() + Math.ceil(performance.now() - started));
  if (late(distributedAt)) throw new UserError("observers.err.distributionLate");
  const distributionHash = hashDoc(out.distribution);
  return db.transaction(async (tx) => {
    await lockCall(tx, callId);
    const [updated] = await tx
      .update(observerCalls)
      .set({ status: "distributed", distribution: out.distribution, distributionHash, distributedAt, distributionError: null })
      .where(and(eq(observerCalls.id, callId), eq(observerCalls.status, "frozen")))
      .returning();
    if (!updated) throw new UserError("observers.err.alreadyDistributed");
    await recordAudit(
      tx,
      actor,
      {
        action: "observers.distribution.publish",
        entityType: "observer_call",
        entityId: callId,
        summary: { distributionHash, panels: out.distribution.panels.length, ms: out.ms, maxRelativeDeviation: out.maxRelativeDeviation },
      },
      distributedAt,
    );
    return updated;
  });
}

/** Counting checks on the actual pool, before the solver is asked. */
function poolProblem(call: Call, pool: PoolDoc): UserError | null {
  return quotaProblem(call.seats, call.features, call.quotas, {
    total: pool.applicants.length,
    count: (f, v) => pool.applicants.filter((a) => a.values[f] === v).length,
  });
}

async function recordInfeasible(db: Db, actor: Actor, callId: number, problem: UserError, now: Date): Promise<never> {
  const reasonZh = translate("zh", problem.key, problem.params);
  await db.transaction(async (tx) => {
    // Kept as a message key, so the page says it in the reader's language.
    await tx.update(observerCalls).set({ distributionError: JSON.stringify({ key: problem.key, params: problem.params }) }).where(eq(observerCalls.id, callId));
    await recordAudit(tx, actor, { action: "observers.distribution.infeasible", entityType: "observer_call", entityId: callId, summary: { key: problem.key, params: problem.params } }, now);
  });
  throw new UserError("observers.err.infeasible", { detail: { zh: reasonZh, en: translate("en", problem.key, problem.params) } });
}

function addDays(d: Date, n: number) {
  return new Date(d.getTime() + n * 86400_000);
}

/** Steps after the external value's publication time; before it nothing random may be known. */
function assertPublished(call: Call, now: Date) {
  if (call.status === "drawn") throw new UserError("observers.err.alreadyDrawn");
  if (call.status === "cancelled") throw new UserError("observers.err.cancelled");
  if (call.status !== "distributed") throw new UserError("observers.err.notDistributed");
  if (!call.externalPublishesAt || now < call.externalPublishesAt)
    throw new UserError("observers.err.tooEarly", { at: shanghaiSecond(call.externalPublishesAt ?? now).slice(0, 19).replace("T", " ") });
}

async function lockedCall(tx: Db, callId: number): Promise<Call> {
  await lockCall(tx, callId);
  return getCall(tx, callId);
}

/**
 * The declared external value, as its source published it. Recorded once (a second value
 * would let whoever types it choose), before any witness reveals.
 */
export async function recordExternalValue(db: Db, actor: Actor, callId: number, value: string, now: Date): Promise<Call> {
  await managedCall(db, actor, callId);
  return db.transaction(async (tx) => recordExternalIn(tx, actor, await lockedCall(tx, callId), value, now));
}

async function recordExternalIn(tx: Db, actor: Actor, call: Call, value: string, now: Date): Promise<Call> {
  assertPublished(call, now);
  if (call.externalValue !== null) throw new UserError("observers.err.externalRecorded", {}, "externalValue");
  const v = value.trim();
  if (!v || v.length > 300) throw new UserError("observers.err.external", {}, "externalValue");
  const [updated] = await tx.update(observerCalls).set({ externalValue: v, externalRecordedAt: now }).where(eq(observerCalls.id, call.id)).returning();
  await recordAudit(tx, actor, { action: "observers.external.record", entityType: "observer_call", entityId: call.id, summary: { source: call.externalSource, value: v } }, now);
  return updated!;
}

/** A witness's secret, checked against the commitment fixed at the freeze. */
export async function revealWitness(db: Db, actor: Actor, callId: number, witnessId: number, secret: string, now: Date) {
  await managedCall(db, actor, callId);
  return db.transaction(async (tx) => revealIn(tx, actor, await lockedCall(tx, callId), witnessId, secret, now));
}

async function revealIn(tx: Db, actor: Actor, call: Call, witnessId: number, secret: string, now: Date) {
  assertPublished(call, now);
  if (call.externalValue === null) throw new UserError("observers.err.externalFirst", {}, "externalValue");
  const [w] = await tx.select().from(observerWitnesses).where(and(eq(observerWitnesses.id, witnessId), eq(observerWitnesses.callId, call.id)));
  if (!w) throw new NotFoundError();
  if (w.secret !== null) return w;
  if (commitmentOf(secret) !== w.commitment) throw new UserError("observers.err.reveal", { name: w.name }, `reveal_${w.id}`);
  const [updated] = await tx.update(observerWitnesses).set({ secret, revealedAt: now }).where(eq(observerWitnesses.id, w.id)).returning();
  await recordAudit(tx, actor, { action: "observers.witness.reveal", entityType: "observer_call", entityId: call.id, summary: { name: w.name, commitment: w.commitment } }, now);
  return updated!;
}

const personName = (displayName: string) => displayName.replace(/[（(].*$/, "").trim();

/**
 * The draw: after the external value's publication time, with that value recorded and every
 * witness revealed (those given here are recorded first, in that order, in one transaction).
 * The seed, the slot and the people follow deterministically. The runner may not be a witness.
 */
export async function draw(
  db: Db,
  actor: Actor,
  callId: number,
  input: { reveals?: Record<number, string>; externalValue?: string | null },
  now: Date,
): Promise<DrawExport> {
  await managedCall(db, actor, callId);
  return db.transaction(async (tx) => {
    let call = await lockedCall(tx, callId);
    assertPublished(call, now);
    const [runner] = await tx.select().from(users).where(eq(users.id, actor.id));
    const runnerName = personName(runner?.displayName ?? "");
    let witnesses = await tx.select().from(observerWitnesses).where(eq(observerWitnesses.callId, callId)).orderBy(asc(observerWitnesses.id));
    const clash = witnesses.find((w) => personName(w.name) === runnerName);
    if (!runnerName || clash) throw new UserError("observers.err.runnerIsWitness", { name: clash?.name ?? runnerName });
    if (call.externalValue === null) {
      if (!input.externalValue?.trim()) throw new UserError("observers.err.external", {}, "externalValue");
      call = await recordExternalIn(tx, actor, call, input.externalValue, now);
    }
    for (const w of witnesses) {
      const secret = input.reveals?.[w.id];
      if (w.secret === null && secret !== undefined) await revealIn(tx, actor, call, w.id, secret, now);
    }
    witnesses = await tx.select().from(observerWitnesses).where(eq(observerWitnesses.callId, callId)).orderBy(asc(observerWitnesses.id));
    const missing = witnesses.find((w) => w.secret === null);
    if (missing) throw new UserError("observers.err.reveal", { name: missing.name }, `reveal_${missing.id}`);
    const randomness: RandomnessDoc = {
      witnesses: witnesses.map((w) => ({ name: w.name, commitment: w.commitment, secret: w.secret! })),
      external: { source: call.externalSource!, value: call.externalValue! },
    };
    const pool = call.pool as PoolDoc;
    const distribution = call.distribution as DistributionDoc;
    const seed = seedOf(call.poolHash!, call.distributionHash!, randomness);
    const result = selectFromSeed(distribution, seed);
    const exp: DrawExport = {
      format: "canyu-observer-draw/2",
      callId,
      callUrl: publicUrl(`/observers/calls/${callId}`),
      pool,
      poolHash: call.poolHash!,
      distribution,
      distributionHash: call.distributionHash!,
      randomness,
      timeline: {
        opensAt: shanghaiSecond(call.opensAt),
        closesAt: shanghaiSecond(call.closesAt),
        frozenAt: shanghaiSecond(call.frozenAt!),
        distributedAt: shanghaiSecond(call.distributedAt!),
        externalPublishesAt: shanghaiSecond(call.externalPublishesAt!),
        externalRecordedAt: shanghaiSecond(call.externalRecordedAt!),
        drawnAt: shanghaiSecond(now),
        witnesses: witnesses.map((w) => ({ name: w.name, role: w.role, committedAt: shanghaiSecond(w.committedAt), revealedAt: shanghaiSecond(w.revealedAt!) })),
      },
      drawnBy: runnerName,
      result,
    };
    await tx.update(observerCalls).set({ status: "drawn", seed, drawExport: exp, drawnAt: now, drawnBy: actor.id }).where(eq(observerCalls.id, callId));
    const apps = await tx.select().from(observerApplications).where(eq(observerApplications.callId, callId));
    const byRef = new Map(apps.map((a) => [a.ref, a]));
    for (const ref of result.selected) await offerSeat(tx, call, byRef.get(ref)!, "draw", null, now);
    await recordAudit(tx, actor, { action: "observers.draw", entityType: "observer_call", entityId: callId, summary: { seed, slot: result.slot, selected: result.selected } }, now);
    return exp;
  });
}

async function offerSeat(tx: Db, call: Call, app: Application, source: "draw" | "alternate", replaces: number | null, now: Date) {
  const confirmBy = addDays(now, call.confirmDays);
  const [seat] = await tx.insert(observerSeats).values({ callId: call.id, applicationId: app.id, source, confirmBy, replacesSeatId: replaces }).returning();
  const [u] = await tx.select().from(users).where(eq(users.id, app.userId));
  const [m] = await tx.select().from(observerMeetings).where(eq(observerMeetings.id, call.meetingId));
  if (u && m) {
    const lang = asLang(u.lang);
    const params = {
      name: app.fullName,
      ref: app.ref ?? "",
      meeting: m.title,
      place: m.place,
      deadline: shanghaiSecond(confirmBy).slice(0, 16).replace("T", " "),
      url: publicUrl(`/observers/calls/${call.id}`),
    };
    await enqueueMail(tx, { to: u.email, subject: translate(lang, "mail.observerSeat.subject", params), text: translate(lang, "mail.observerSeat.body", params) });
  }
  return seat!;
}

export async function cancelDraw(db: Db, actor: Actor, callId: number, reason: string, now: Date) {
  await managedCall(db, actor, callId);
  if (reason.trim().length < 5) throw new UserError("observers.err.reason", {}, "reason");
  await db.transaction(async (tx) => {
    await lockCall(tx, callId);
    const call = await getCall(tx, callId);
    if (call.status === "cancelled") throw new UserError("observers.err.cancelled");
    await tx.update(observerCalls).set({ status: "cancelled", cancelReason: reason.trim(), cancelledAt: now }).where(eq(observerCalls.id, callId));
    await tx.update(observerSeats).set({ status: "lapsed", respondedAt: now }).where(and(eq(observerSeats.callId, callId), eq(observerSeats.status, "offered")));
    await recordAudit(tx, actor, { action: "observers.call.cancel", entityType: "observer_call", entityId: callId, summary: { reason: reason.trim(), previousStatus: call.status } }, now);
  });
}

// ─── after the draw ──────────────────────────────────────────────────────────

/** Pass a seat that was declined or lapsed to the next alternate who keeps the quotas. */
async function passSeat(tx: Db, call: Call, seat: Seat, now: Date): Promise<Seat | null> {
  const exp = call.drawExport as DrawExport;
  const seats = await tx.select().from(observerSeats).where(eq(observerSeats.callId, call.id));
  const apps = await tx.select().from(observerApplications).where(eq(observerApplications.callId, call.id));
  const refOf = new Map(apps.map((a) => [a.id, a.ref!]));
  const active = seats.filter((s) => s.status === "offered" || s.status === "confirmed").map((s) => refOf.get(s.applicationId)!);
  const used = new Set(seats.map((s) => refOf.get(s.applicationId)!));
  const leaving = refOf.get(seat.applicationId)!;
  const alt = nextAlternate(exp.pool, [...active, leaving], leaving, exp.result.alternates, used);
  if (!alt) return null;
  const app = apps.find((a) => a.ref === alt)!;
  return offerSeat(tx, call, app, "alternate", seat.id, now);
}

export async function respondSeat(db: Db, userId: number, seatId: number, accept: boolean, now: Date) {
  return db.transaction(async (tx) => {
    const [s0] = await tx.select().from(observerSeats).where(eq(observerSeats.id, seatId));
    if (!s0) throw new NotFoundError();
    await lockCall(tx, s0.callId);
    const [seat] = await tx.select().from(observerSeats).where(eq(observerSeats.id, seatId));
    const [app] = await tx.select().from(observerApplications).where(eq(observerApplications.id, seat!.applicationId));
    if (app!.userId !== userId) throw new NotFoundError();
    if (seat!.status !== "offered") throw new UserError("observers.err.seatState");
    if (now >= seat!.confirmBy) throw new UserError("observers.err.deadline");
    const call = await getCall(tx, seat!.callId);
    if (call.status !== "drawn") throw new UserError("observers.err.cancelled");
    await tx.update(observerSeats).set({ status: accept ? "confirmed" : "declined", respondedAt: now }).where(eq(observerSeats.id, seatId));
    return accept ? null : passSeat(tx, call, seat!, now);
  });
}

/** Offers not confirmed by their deadline lapse and pass on. Idempotent; run on page loads and by staff. */
export async function lapseExpired(db: Db, now: Date): Promise<number> {
  const due = await db
    .select({ id: observerSeats.id, callId: observerSeats.callId })
    .from(observerSeats)
    .where(and(eq(observerSeats.status, "offered"), sql`${observerSeats.confirmBy} <= ${now.toISOString()}::timestamptz`));
  let n = 0;
  for (const d of due) {
    await db.transaction(async (tx) => {
      await lockCall(tx, d.callId);
      const [seat] = await tx.select().from(observerSeats).where(eq(observerSeats.id, d.id));
      if (seat?.status !== "offered" || seat.confirmBy > now) return;
      const call = await getCall(tx, d.callId);
      await tx.update(observerSeats).set({ status: "lapsed", respondedAt: now }).where(eq(observerSeats.id, d.id));
      if (call.status === "drawn") await passSeat(tx, call, seat, now);
      n++;
    });
  }
  return n;
}

/**
 * Staff's "lapse overdue offers now" for one call: the unit is checked before anything is read
 * or written, and the lapses, the seats passed on and the audit row share one transaction.
 */
export async function lapseCall(db: Db, actor: Actor, callId: number, now: Date): Promise<number> {
  await managedCall(db, actor, callId);
  return db.transaction(async (tx) => {
    const call = await lockedCall(tx, callId);
    const due = await tx
      .select()
      .from(observerSeats)
      .where(and(eq(observerSeats.callId, callId), eq(observerSeats.status, "offered"), sql`${observerSeats.confirmBy} <= ${now.toISOString()}::timestamptz`))
      .orderBy(asc(observerSeats.id));
    const passed: number[] = [];
    for (const seat of due) {
      await tx.update(observerSeats).set({ status: "lapsed", respondedAt: now }).where(eq(observerSeats.id, seat.id));
      if (call.status === "drawn") {
        const next = await passSeat(tx, call, seat, now);
        if (next) passed.push(next.id);
      }
    }
    await recordAudit(tx, actor, { action: "observers.seats.lapse", entityType: "observer_call", entityId: callId, summary: { lapsed: due.map((x) => x.id), offered: passed } }, now);
    return due.length;
  });
}

export async function recordAttendance(db: Db, actor: Actor, seatId: number, attended: boolean, now: Date) {
  const [seat] = await db.select().from(observerSeats).where(eq(observerSeats.id, seatId));
  if (!seat) throw new NotFoundError();
  await managedCall(db, actor, seat.callId);
  if (seat.status !== "confirmed") throw new UserError("observers.err.seatState");
  await db.transaction(async (tx) => {
    await tx.update(observerSeats).set({ attended }).where(eq(observerSeats.id, seatId));
    await recordAudit(tx, actor, { action: "observers.attendance", entityType: "observer_seat", entityId: seatId, summary: { attended } }, now);
  });
}

export async function addRemark(db: Db, actor: Actor, input: { seatId: number; decisionId?: number | null; remark: string; response: string }, now: Date) {
  const [seat] = await db.select().from(observerSeats).where(eq(observerSeats.id, input.seatId));
  if (!seat) throw new NotFoundError();
  const call = await managedCall(db, actor, seat.callId);
  if (seat.status !== "confirmed") throw new UserError("observers.err.seatState");
  if (input.decisionId) {
    const agenda = await db.select().from(observerAgenda).where(and(eq(observerAgenda.meetingId, call.meetingId), eq(observerAgenda.decisionId, input.decisionId)));
    if (!agenda.length) throw new UserError("observers.err.decision", {}, "decisionId");
  }
  return db.transaction(async (tx) => {
    const [r] = await tx
      .insert(observerRemarks)
      .values({ meetingId: call.meetingId, seatId: seat.id, decisionId: input.decisionId ?? null, remark: input.remark.trim(), response: input.response.trim(), createdAt: now })
      .returning();
    await recordAudit(tx, actor, { action: "observers.remark.add", entityType: "observer_meeting", entityId: call.meetingId, summary: { remarkId: r!.id, seatId: seat.id } }, now);
    return r!;
  });
}
