/**
 * 依申请公开: every step of a disclosure request. Each staff step locks the
 * request, checks the unit, then writes the change, its history event, its
 * audit row and the applicant's mail in one transaction.
 */
import { randomInt } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "#db/index";
import { informationRequestEvents, informationRequestRemedies, informationRequests, units, users } from "#db/schema";
import { recordAudit } from "../audit/audit";
import { assertCanManageUnit } from "../auth/guards";
import type { Actor } from "../context";
import { ForbiddenError, NotFoundError, UserError } from "../errors";
import { enqueueMail } from "../notify/outbox";
import { asLang, translate, type Lang, type MessageKey } from "~/i18n/messages";
import { publicUrl } from "../urls";
import {
  clockView,
  consultDueOn,
  correctionLatestOn,
  dueOn,
  MAX_EXTENSION_DAYS,
  pauseDays,
  type ClockView,
} from "./clock";
import { consultationNotice, correctionNotice, extensionNotice, lapseNotice, replyLetter, type LetterContext } from "./letters";
import type { OutcomeCode } from "./outcomes";
import { addCalendarDays, requestCalendar, shanghaiDay, type WorkCalendar } from "./working-days";
import { startRepeating } from "../repeat";

export type InformationRequest = typeof informationRequests.$inferSelect;
type RequestEvent = typeof informationRequestEvents.$inferSelect;
export type Remedy = typeof informationRequestRemedies.$inferSelect;
type ApplicantType = InformationRequest["applicantType"];

export interface RequestInput {
  unitId: number;
  applicantType: ApplicantType;
  applicantName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  contactAddress: string | null;
  description: string;
  preferredForm: InformationRequest["preferredForm"];
  delivery: InformationRequest["delivery"];
}

// Crockford's base32 without I, L, O, U: read aloud over the phone without mistakes.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function newTrackingNo(now: Date): string {
  let s = "";
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `YS${shanghaiDay(now).slice(0, 4)}-${s}`;
}

async function unitName(tx: Db, unitId: number): Promise<string> {
  const [u] = await tx.select({ nameZh: units.nameZh }).from(units).where(eq(units.id, unitId));
  if (!u) throw new UserError("requests.err.unit", {}, "unitId");
  return u.nameZh;
}

/** An online filer follows on their own page; someone registered by staff looks the request up with the number and their contact. */
function statusUrl(r: Pick<InformationRequest, "trackingNo" | "applicantUserId">): string {
  return publicUrl(r.applicantUserId != null ? `/requests/${r.trackingNo}` : `/requests/lookup?no=${r.trackingNo}`);
}

type MailKind = "filed" | "registered" | "correction" | "correctionReceived" | "lapsed" | "consultation" | "consultationEnded" | "extended" | "replied" | "posted";

interface ApplicantMail {
  kind: MailKind;
  params?: Record<string, string | number>;
  /** The official notice or reply: a Chinese legal document, sent as written whatever the mail's language. */
  letter?: string;
  /** The dates in the mail were counted across these years without a holiday schedule: said after the body. */
  provisionalYears?: number[];
}

/** Mails that name a deadline. */
const DUE_MAILS = new Set<MailKind>(["filed", "registered", "correctionReceived", "consultation", "consultationEnded", "extended"]);

/** The years without a schedule the request's dates now rest on, for a mail that names them. */
function provisionalYears(cal: WorkCalendar, r: InformationRequest, today: string, kind: MailKind): number[] | undefined {
  return DUE_MAILS.has(kind) ? clockView(cal, r, today).missingYears : undefined;
}

/** In the applicant's language when they filed with an account, else Chinese. */
async function mailApplicant(tx: Db, r: InformationRequest, m: ApplicantMail): Promise<void> {
  if (!r.contactEmail) return;
  let lang: Lang = "zh";
  if (r.applicantUserId != null) {
    const [u] = await tx.select({ lang: users.lang }).from(users).where(eq(users.id, r.applicantUserId));
    lang = asLang(u?.lang);
  }
  const params = { no: r.trackingNo, name: r.applicantName, url: statusUrl(r), ...m.params };
  const years = m.provisionalYears ?? [];
  const note = years.length ? `\n${translate(lang, "requests.clock.provisional", { years: years.join(lang === "en" ? ", " : "、") })}` : "";
  const body = translate(lang, `requests.mail.${m.kind}.body` as MessageKey, params) + note;
  await enqueueMail(tx, {
    to: r.contactEmail,
    subject: translate(lang, `requests.mail.${m.kind}.subject` as MessageKey, params),
    text: `${body}${m.letter ? `\n\n${m.letter}` : ""}\n\n${translate(lang, "requests.mail.track", params)}\n`,
  });
}

async function insertRequest(
  tx: Db,
  input: RequestInput,
  extra: { applicantUserId: number | null; channel: InformationRequest["channel"]; receivedAt: Date; receivedOn: string },
  cal: WorkCalendar,
  now: Date,
): Promise<InformationRequest> {
  await unitName(tx, input.unitId);
  for (let attempt = 0; ; attempt++) {
    const trackingNo = newTrackingNo(now);
    const [r] = await tx
      .insert(informationRequests)
      .values({
        ...input,
        ...extra,
        trackingNo,
        clockStartOn: extra.receivedOn,
        dueOn: dueOn(cal, extra.receivedOn, 0, 0),
      })
      .onConflictDoNothing({ target: informationRequests.trackingNo })
      .returning();
    if (r) return r;
    if (attempt > 5) throw new Error("tracking number space exhausted");
  }
}

async function addEvent(
  tx: Db,
  actor: Actor | null,
  r: InformationRequest,
  e: { kind: string; on: string; note?: string | null; letter?: string | null; data?: Record<string, unknown>; visibleToApplicant?: boolean },
  now: Date,
): Promise<void> {
  await tx.insert(informationRequestEvents).values({
    requestId: r.id,
    at: now,
    on: e.on,
    actorId: actor?.id ?? null,
    kind: e.kind,
    note: e.note ?? null,
    letter: e.letter ?? null,
    data: e.data ?? {},
    visibleToApplicant: e.visibleToApplicant ?? true,
  });
  // The audit row names the step, not the applicant's text: the log is read more widely than the request.
  await recordAudit(tx, actor, { action: `request.${e.kind}`, entityType: "information_request", entityId: r.id, summary: { trackingNo: r.trackingNo, unitId: r.unitId, on: e.on, ...e.data } }, now);
}

/** A resident files online: received now, the clock starts today. */
export async function fileRequest(db: Db, applicant: Actor, input: RequestInput, now: Date): Promise<InformationRequest> {
  const cal = await requestCalendar(db);
  return db.transaction(async (tx) => {
    const receivedOn = shanghaiDay(now);
    const r = await insertRequest(tx, input, { applicantUserId: applicant.id, channel: "online", receivedAt: now, receivedOn }, cal, now);
    await addEvent(tx, applicant, r, { kind: "filed", on: receivedOn, data: { channel: "online" } }, now);
    await mailApplicant(tx, r, { kind: "filed", params: { day: receivedOn, due: r.dueOn ?? "" }, provisionalYears: provisionalYears(cal, r, receivedOn, "filed") });
    return r;
  });
}

/** Staff register a request received by letter, in person or by fax, on the day it arrived. */
export async function registerRequest(
  db: Db,
  actor: Actor,
  input: RequestInput & { channel: "letter" | "in_person" | "fax"; receivedOn: string },
  now: Date,
): Promise<InformationRequest> {
  assertCanManageUnit(actor, input.unitId);
  const today = shanghaiDay(now);
  if (input.receivedOn > today) throw new UserError("requests.err.futureDay", {}, "receivedOn");
  const cal = await requestCalendar(db);
  const { channel, receivedOn, ...rest } = input;
  return db.transaction(async (tx) => {
    const receivedAt = receivedOn === today ? now : new Date(`${receivedOn}T09:00:00+08:00`);
    const r = await insertRequest(tx, rest, { applicantUserId: null, channel, receivedAt, receivedOn }, cal, now);
    await addEvent(tx, actor, r, { kind: "registered", on: receivedOn, data: { channel } }, now);
    await mailApplicant(tx, r, { kind: "registered", params: { day: receivedOn, due: r.dueOn ?? "" }, provisionalYears: provisionalYears(cal, r, today, "registered") });
    return r;
  });
}

interface StepResult {
  patch?: Partial<typeof informationRequests.$inferInsert>;
  event: { kind: string; on?: string; note?: string | null; letter?: string | null; data?: Record<string, unknown>; visibleToApplicant?: boolean };
  mail?: ApplicantMail;
  /** More writes that belong to the step, in its transaction. */
  after?: (tx: Db) => Promise<void>;
}

/**
 * One staff step: lock the request, check the unit, apply the rule, then
 * write the change, the event, the audit row and the mail together.
 */
async function step(
  db: Db,
  actor: Actor,
  id: number,
  now: Date,
  rule: (r: InformationRequest, ctx: { cal: WorkCalendar; today: string; letter: LetterContext }) => StepResult,
): Promise<InformationRequest> {
  const cal = await requestCalendar(db);
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(informationRequests).where(eq(informationRequests.id, id)).for("update");
    if (!r) throw new NotFoundError();
    assertCanManageUnit(actor, r.unitId);
    const today = shanghaiDay(now);
    const letter: LetterContext = { trackingNo: r.trackingNo, applicantName: r.applicantName, receivedOn: r.receivedOn, description: r.description, unitName: await unitName(tx, r.unitId), on: today };
    const res = rule(r, { cal, today, letter });
    let next = r;
    if (res.patch) {
      [next] = await tx.update(informationRequests).set(res.patch).where(eq(informationRequests.id, id)).returning();
    }
    await addEvent(tx, actor, next, { ...res.event, on: res.event.on ?? today }, now);
    if (res.after) await res.after(tx);
    if (res.mail) await mailApplicant(tx, next, { ...res.mail, provisionalYears: provisionalYears(cal, next, today, res.mail.kind) });
    return next;
  });
}

function requireStatus(r: InformationRequest, ...allowed: InformationRequest["status"][]): void {
  if (!allowed.includes(r.status)) throw new UserError("requests.err.state", { status: r.status }, undefined, 409);
}

/** 补正 (Art 30): once, within 7 working days of receipt, saying what to add and by when; the clock waits. */
export function askCorrection(db: Db, actor: Actor, id: number, input: { whatToAdd: string; dueOn: string }, now: Date) {
  return step(db, actor, id, now, (r, { cal, today, letter }) => {
    requireStatus(r, "received");
    if (r.correctionAskedOn) throw new UserError("requests.err.correctionOnce", {}, undefined, 409);
    const latest = correctionLatestOn(cal, r.receivedOn);
    if (today > latest) throw new UserError("requests.err.correctionLate", { day: latest });
    if (input.dueOn <= today) throw new UserError("requests.err.correctionDue", {}, "dueOn");
    const text = correctionNotice(letter, input.whatToAdd, input.dueOn);
    return {
      patch: { status: "correction", correctionAskedOn: today, correctionDueOn: input.dueOn, dueOn: null },
      event: { kind: "correction_requested", letter: text, data: { dueOn: input.dueOn } },
      mail: { kind: "correction", params: { due: input.dueOn }, letter: text },
    };
  });
}

/** The corrected request arrived: the 20 working days start again from that day. */
export function receiveCorrection(db: Db, actor: Actor, id: number, input: { note: string | null }, now: Date) {
  return step(db, actor, id, now, (r, { cal, today }) => {
    requireStatus(r, "correction");
    if (r.correctionDueOn && today > r.correctionDueOn) throw new UserError("requests.err.correctionLapsed", {}, undefined, 409);
    const due = dueOn(cal, today, 0, r.extensionDays);
    return {
      patch: { status: "received", clockStartOn: today, pausedDays: 0, dueOn: due },
      event: { kind: "correction_received", note: input.note, data: { dueOn: due } },
      mail: { kind: "correctionReceived", params: { day: today, due } },
    };
  });
}

/**
 * No correction by its deadline (Art 30): the request is treated as withdrawn
 * (其他处理 in the annual report) from the day after, by the app itself — no
 * staff step. The same way open-month offers lapse (events/waitlist.ts): a
 * timer in every app process (`startRequestsWorker`) and the same check on
 * every read of a request, its queue or the summaries, so no page ever shows a
 * lapsed correction as still awaited. Each lapse locks its row and re-checks,
 * so it is written, audited (actor: the system) and mailed exactly once however
 * many instances and readers race for it.
 */
export async function processRequestTimers(db: Db, now: Date, only: { unitId?: number; applicantUserId?: number; ids?: number[] } = {}): Promise<{ lapsed: number }> {
  if (only.ids && !only.ids.length) return { lapsed: 0 };
  const due = await db
    .select({ id: informationRequests.id })
    .from(informationRequests)
    .where(
      and(
        eq(informationRequests.status, "correction"),
        lt(informationRequests.correctionDueOn, shanghaiDay(now)),
        only.unitId != null ? eq(informationRequests.unitId, only.unitId) : undefined,
        only.applicantUserId != null ? eq(informationRequests.applicantUserId, only.applicantUserId) : undefined,
        only.ids ? inArray(informationRequests.id, only.ids) : undefined,
      ),
    );
  let lapsed = 0;
  for (const { id } of due) if (await db.transaction((tx) => lapseCorrection(tx, id, now))) lapsed++;
  return { lapsed };
}

async function lapseCorrection(tx: Db, id: number, now: Date): Promise<boolean> {
  const [r] = await tx.select().from(informationRequests).where(eq(informationRequests.id, id)).for("update");
  const today = shanghaiDay(now);
  if (!r || r.status !== "correction" || !r.correctionDueOn || today <= r.correctionDueOn) return false;
  // Withdrawn from the day after the deadline, whenever the timer got to it; the notice is dated the day it goes out.
  const on = addCalendarDays(r.correctionDueOn, 1);
  const text = lapseNotice({ trackingNo: r.trackingNo, applicantName: r.applicantName, receivedOn: r.receivedOn, description: r.description, unitName: await unitName(tx, r.unitId), on: today }, r.correctionDueOn);
  const [next] = await tx
    .update(informationRequests)
    .set({ status: "withdrawn", outcome: "other_correction_lapsed" satisfies OutcomeCode, repliedOn: on })
    .where(eq(informationRequests.id, id))
    .returning();
  await addEvent(tx, null, next, { kind: "correction_lapsed", on, letter: text, data: { correctionDueOn: r.correctionDueOn } }, now);
  await mailApplicant(tx, next, { kind: "lapsed", letter: text });
  return true;
}

/** Polls processRequestTimers until stopped; one per app process (server/index.ts). */
export function startRequestsWorker(db: Db, intervalMs = 60_000, onError: (e: unknown) => void = (e) => console.error("requests:", e)): () => void {
  return startRepeating(() => processRequestTimers(db, new Date()), { firstMs: 1000, intervalMs, onError });
}

/** Art 32: ask the third party (15 working days); the clock stops meanwhile. */
export function startConsultation(db: Db, actor: Actor, id: number, input: { thirdParty: string; note: string | null }, now: Date) {
  return step(db, actor, id, now, (r, { cal, today, letter }) => {
    requireStatus(r, "received");
    const counted = cal.recording();
    const due = consultDueOn(counted.cal, today);
    const text = consultationNotice(letter, due, counted.missing());
    return {
      patch: { status: "consulting", consultStartedOn: today, consultDueOn: due },
      // Who the third party is stays internal: naming them could disclose what is being withheld.
      event: { kind: "consultation_started", letter: text, data: { consultDueOn: due, thirdParty: input.thirdParty }, note: input.note },
      mail: { kind: "consultation", params: { due }, letter: text },
    };
  });
}

/** The third party answered (or its time ran out): the paused working days, at most 15, are added to the deadline. */
export function endConsultation(db: Db, actor: Actor, id: number, input: { note: string | null }, now: Date) {
  return step(db, actor, id, now, (r, { cal, today }) => {
    requireStatus(r, "consulting");
    const paused = pauseDays(cal, r.consultStartedOn!, today);
    const due = dueOn(cal, r.clockStartOn, r.pausedDays + paused, r.extensionDays);
    return {
      patch: { status: "received", pausedDays: r.pausedDays + paused, consultStartedOn: null, consultDueOn: null, dueOn: due },
      event: { kind: "consultation_ended", note: input.note, data: { pausedDays: paused, dueOn: due } },
      mail: { kind: "consultationEnded", params: { day: today, due } },
    };
  });
}

/** Art 33: once, at most 20 working days, approved by the head of the disclosure office, with a notice stating why. */
export function extendRequest(db: Db, actor: Actor, id: number, input: { days: number; reason: string; approver: string }, now: Date) {
  return step(db, actor, id, now, (r, { cal, today, letter }) => {
    requireStatus(r, "received", "consulting");
    if (r.extensionDays > 0) throw new UserError("requests.err.extendedOnce", {}, undefined, 409);
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_EXTENSION_DAYS) throw new UserError("requests.err.extensionDays", { max: MAX_EXTENSION_DAYS }, "days");
    const current = clockView(cal, r, today);
    if (current.overdue) throw new UserError("requests.err.extendOverdue", { day: current.dueOn ?? "" }, undefined, 409);
    const due = dueOn(cal, r.clockStartOn, r.pausedDays, input.days);
    // While a consultation runs the notice names the deadline as it stands today; it moves on when the consultation ends.
    const extended = clockView(cal, { ...r, extensionDays: input.days }, today);
    const text = extensionNotice(letter, input.days, input.reason, extended.dueOn ?? due, extended.missingYears);
    return {
      patch: { extensionDays: input.days, dueOn: due },
      event: { kind: "extended", letter: text, data: { days: input.days, approver: input.approver, reason: input.reason, dueOn: due } },
      mail: { kind: "extended", params: { days: input.days }, letter: text },
    };
  });
}

/** The reply (Art 36), as the letter staff edited from the generated one. */
export function replyToRequest(db: Db, actor: Actor, id: number, input: { outcome: Exclude<OutcomeCode, "other_correction_lapsed">; letter: string }, now: Date) {
  return step(db, actor, id, now, (r, { today }) => {
    requireStatus(r, "received");
    return {
      patch: { status: "replied", outcome: input.outcome, repliedOn: today },
      event: { kind: "replied", letter: input.letter, data: { outcome: input.outcome } },
      mail: { kind: "replied", letter: input.letter },
    };
  });
}

/** 邮寄: the reply went out by post, with the carrier's tracking number. */
export function recordPosting(db: Db, actor: Actor, id: number, input: { carrier: string; trackingNumber: string }, now: Date) {
  return step(db, actor, id, now, (r, { today }) => {
    requireStatus(r, "replied", "withdrawn");
    return {
      event: { kind: "posted", data: { carrier: input.carrier, trackingNumber: input.trackingNumber } },
      mail: { kind: "posted", params: { day: today, carrier: input.carrier, tracking: input.trackingNumber } },
    };
  });
}

/** 办结归档. */
export function closeRequest(db: Db, actor: Actor, id: number, now: Date) {
  return step(db, actor, id, now, (r) => {
    requireStatus(r, "replied", "withdrawn");
    return { patch: { status: "closed", closedAt: now }, event: { kind: "closed" } };
  });
}

/** 复议 or 诉讼 brought against the reply (报备); the outcome follows later. */
export async function recordRemedy(db: Db, actor: Actor, id: number, input: { kind: Remedy["kind"]; filedOn: string }, now: Date): Promise<Remedy> {
  let remedy: Remedy | undefined;
  await step(db, actor, id, now, (r, { today }) => {
    requireStatus(r, "replied", "withdrawn", "closed");
    if (input.filedOn > today || (r.repliedOn && input.filedOn < r.repliedOn)) throw new UserError("requests.err.remedyDay", {}, "filedOn");
    return {
      event: { kind: "remedy_filed", on: input.filedOn, data: { remedyKind: input.kind } },
      after: async (tx) => {
        [remedy] = await tx.insert(informationRequestRemedies).values({ requestId: id, kind: input.kind, filedOn: input.filedOn }).returning();
      },
    };
  });
  return remedy!;
}

export async function decideRemedy(db: Db, actor: Actor, remedyId: number, input: { outcome: Exclude<Remedy["outcome"], "pending">; decidedOn: string }, now: Date) {
  const [rem] = await db.select().from(informationRequestRemedies).where(eq(informationRequestRemedies.id, remedyId));
  if (!rem) throw new NotFoundError();
  return step(db, actor, rem.requestId, now, (_r, { today }) => {
    if (rem.outcome !== "pending") throw new UserError("requests.err.remedyDecided", {}, undefined, 409);
    if (input.decidedOn > today || input.decidedOn < rem.filedOn) throw new UserError("requests.err.remedyDay", {}, "decidedOn");
    return {
      event: { kind: "remedy_decided", on: input.decidedOn, data: { remedyId, remedyKind: rem.kind, outcome: input.outcome } },
      after: async (tx) => {
        await tx.update(informationRequestRemedies).set({ outcome: input.outcome, decidedOn: input.decidedOn }).where(eq(informationRequestRemedies.id, remedyId));
      },
    };
  });
}

export interface RequestDetail {
  request: InformationRequest;
  /** The unit's name in Chinese (letters are Chinese documents), and in English for English pages. */
  unitName: string;
  unitNameEn: string;
  clock: ClockView;
  events: RequestEvent[];
  remedies: Remedy[];
}

/** Calendar-reading options: pass `cal` when one page reads several things, so the schedules are loaded once. */
interface Reading {
  cal?: WorkCalendar;
}

/** Lapses the request's correction if due (see processRequestTimers), then reads it again. */
async function current(db: Db, r: InformationRequest, now: Date): Promise<InformationRequest> {
  if (r.status !== "correction") return r;
  const { lapsed } = await processRequestTimers(db, now, { ids: [r.id] });
  if (!lapsed) return r;
  const [again] = await db.select().from(informationRequests).where(eq(informationRequests.id, r.id));
  return again;
}

export async function detail(db: Db, found: InformationRequest, now: Date, applicantView: boolean, opts: Reading): Promise<RequestDetail> {
  const r = await current(db, found, now);
  const cal = opts.cal ?? (await requestCalendar(db));
  const where = applicantView
    ? and(eq(informationRequestEvents.requestId, r.id), eq(informationRequestEvents.visibleToApplicant, true))
    : eq(informationRequestEvents.requestId, r.id);
  const events = await db.select().from(informationRequestEvents).where(where).orderBy(asc(informationRequestEvents.id));
  const [u] = await db.select({ nameZh: units.nameZh, nameEn: units.nameEn }).from(units).where(eq(units.id, r.unitId));
  const remedies = applicantView ? [] : await db.select().from(informationRequestRemedies).where(eq(informationRequestRemedies.requestId, r.id)).orderBy(asc(informationRequestRemedies.id));
  return {
    request: r,
    unitName: u.nameZh,
    unitNameEn: u.nameEn,
    clock: clockView(cal, r, shanghaiDay(now)),
    // The third party's name is internal even on an event the applicant sees.
    events: applicantView ? events.map((e) => ({ ...e, note: null, data: {} })) : events,
    remedies,
  };
}

export async function getRequestForStaff(db: Db, actor: Actor, id: number, now: Date, opts: Reading = {}): Promise<RequestDetail & { actorNames: Record<number, string | null> }> {
  const [r] = await db.select().from(informationRequests).where(eq(informationRequests.id, id));
  if (!r) throw new NotFoundError();
  assertCanManageUnit(actor, r.unitId);
  const d = await detail(db, r, now, false, opts);
  const ids = [...new Set(d.events.map((e) => e.actorId).filter((x): x is number => x != null))];
  const names = ids.length ? await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids)) : [];
  const byId = new Map(names.map((n) => [n.id, n.displayName]));
  return { ...d, actorNames: Object.fromEntries(d.events.map((e) => [e.id, e.actorId != null ? (byId.get(e.actorId) ?? null) : null])) };
}

/** Only the applicant who filed it: anyone else gets the same 404 as for a number that does not exist. */
export async function getRequestForApplicant(db: Db, userId: number, trackingNo: string, now: Date, opts: Reading = {}): Promise<RequestDetail> {
  const [r] = await db
    .select()
    .from(informationRequests)
    .where(and(eq(informationRequests.trackingNo, trackingNo), eq(informationRequests.applicantUserId, userId)));
  if (!r) throw new NotFoundError();
  return detail(db, r, now, true, opts);
}

/** The signed-in applicant's own requests, each with its clock (one calendar for the list). */
export async function listMyRequests(db: Db, userId: number, now: Date, opts: Reading = {}) {
  await processRequestTimers(db, now, { applicantUserId: userId });
  const cal = opts.cal ?? (await requestCalendar(db));
  const today = shanghaiDay(now);
  const rs = await db
    .select({ r: informationRequests, unitName: units.nameZh, unitNameEn: units.nameEn })
    .from(informationRequests)
    .innerJoin(units, eq(units.id, informationRequests.unitId))
    .where(eq(informationRequests.applicantUserId, userId))
    .orderBy(desc(informationRequests.id));
  return rs.map(({ r, unitName, unitNameEn }) => ({ id: r.id, trackingNo: r.trackingNo, receivedOn: r.receivedOn, status: r.status, unitName, unitNameEn, clock: clockView(cal, r, today) }));
}

const OPEN: InformationRequest["status"][] = ["received", "correction", "consulting"];

export interface QueueItem {
  request: InformationRequest;
  clock: ClockView;
}

/**
 * A unit's open requests, the nearest deadline first; those waiting for a
 * correction last, by its deadline. Ordered by the clock as computed now, not
 * by the stored `due_on`: a holiday schedule entered since the last step moves
 * deadlines without rewriting the rows.
 */
export async function listQueue(db: Db, actor: Actor, unitId: number, now: Date, opts: Reading & { finished?: boolean } = {}): Promise<QueueItem[]> {
  assertCanManageUnit(actor, unitId);
  if (!opts.finished) await processRequestTimers(db, now, { unitId });
  const cal = opts.cal ?? (await requestCalendar(db));
  const today = shanghaiDay(now);
  const rs = await db
    .select()
    .from(informationRequests)
    .where(and(eq(informationRequests.unitId, unitId), opts.finished ? sql`${informationRequests.status} not in ('received','correction','consulting')` : inArray(informationRequests.status, OPEN)))
    .orderBy(sql`${informationRequests.dueOn} asc nulls last`, asc(informationRequests.correctionDueOn), opts.finished ? desc(informationRequests.repliedOn) : asc(informationRequests.id))
    .limit(500);
  const items = rs.map((r) => ({ request: r, clock: clockView(cal, r, today) }));
  if (opts.finished) return items;
  const key = (i: QueueItem) => i.clock.dueOn ?? `~${i.clock.correctionDueOn ?? ""}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.request.id - b.request.id));
}

/** For the console home: how many of the unit's open requests are overdue or nearly due today. */
export async function unitDeadlineCounts(db: Db, actor: Actor, unitId: number, now: Date): Promise<{ overdue: number; nearlyDue: number }> {
  const q = await listQueue(db, actor, unitId, now);
  return { overdue: q.filter((i) => i.clock.overdue).length, nearlyDue: q.filter((i) => !i.clock.overdue && i.clock.nearlyDue).length };
}

interface DueSummaryRow {
  unitId: number;
  unitNameZh: string;
  unitNameEn: string;
  open: number;
  overdue: number;
  nearlyDue: number;
  /** The overdue requests' tracking numbers, the longest overdue first. */
  overdueTrackingNos: string[];
  /** How many of the open requests have a provisional deadline (a year without a holiday schedule). */
  provisional: number;
}

export interface DueSummary {
  units: DueSummaryRow[];
  /** Years without a holiday schedule that some open request's deadline crosses, ascending. */
  missingYears: number[];
}

/**
 * For the admin compliance page: per unit, how many open requests are overdue
 * or nearly due today, and whether any deadline is provisional. Admin only.
 */
export async function requestDeadlineSummary(db: Db, actor: Actor, now: Date, opts: Reading = {}): Promise<DueSummary> {
  if (actor.role !== "admin") throw new ForbiddenError();
  await processRequestTimers(db, now);
  const cal = opts.cal ?? (await requestCalendar(db));
  const today = shanghaiDay(now);
  const rs = await db
    .select({ r: informationRequests, nameZh: units.nameZh, nameEn: units.nameEn })
    .from(informationRequests)
    .innerJoin(units, eq(units.id, informationRequests.unitId))
    .where(and(inArray(informationRequests.status, ["received", "consulting"]), isNotNull(informationRequests.dueOn)))
    .orderBy(asc(informationRequests.dueOn));
  const byUnit = new Map<number, DueSummaryRow>();
  const missing = new Set<number>();
  for (const { r, nameZh, nameEn } of rs) {
    const row = byUnit.get(r.unitId) ?? { unitId: r.unitId, unitNameZh: nameZh, unitNameEn: nameEn, open: 0, overdue: 0, nearlyDue: 0, overdueTrackingNos: [], provisional: 0 };
    const c = clockView(cal, r, today);
    row.open++;
    if (c.provisional) row.provisional++;
    for (const y of c.missingYears) missing.add(y);
    if (c.overdue) {
      row.overdue++;
      row.overdueTrackingNos.push(r.trackingNo);
    } else if (c.nearlyDue) row.nearlyDue++;
    byUnit.set(r.unitId, row);
  }
  return { units: [...byUnit.values()].sort((a, b) => b.overdue - a.overdue || b.nearlyDue - a.nearlyDue), missingYears: [...missing].sort((a, b) => a - b) };
}

/** The reply letter generated for an outcome, for staff to edit before sending; from a detail already read for them. */
export function draftReply(d: RequestDetail, outcome: OutcomeCode, now: Date): string {
  return replyLetter({ trackingNo: d.request.trackingNo, applicantName: d.request.applicantName, receivedOn: d.request.receivedOn, description: d.request.description, unitName: d.unitName, on: shanghaiDay(now) }, outcome);
}
