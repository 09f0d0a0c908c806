import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "#db/index";
import { auditLog, informationRequestEvents, informationRequests, outbox, users } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import { makeUnit, makeUser, refused } from "#db/testing/kit";
import type { UserError } from "../errors";
import { clockView, dueOn } from "./clock";
import {
  askCorrection,
  closeRequest,
  endConsultation,
  extendRequest,
  fileRequest,
  getRequestForApplicant,
  getRequestForStaff,
  listMyRequests,
  listQueue,
  processRequestTimers,
  receiveCorrection,
  recordPosting,
  registerRequest,
  replyToRequest,
  requestDeadlineSummary,
  startConsultation,
  type RequestInput,
} from "./requests";
import { saveSchedule } from "../calendar/schedules";
import { requestCalendar } from "./working-days";

const t = useTestDb();

/** 10:00 on a Shanghai day. */
const at = (day: string, hh = 10) => new Date(`${day}T${String(hh).padStart(2, "0")}:00:00+08:00`);

async function setup() {
  const unit = await makeUnit(t.db);
  const other = await makeUnit(t.db);
  const staff = await makeUser(t.db, "staff", unit.id);
  const stranger = await makeUser(t.db, "staff", other.id);
  const admin = await makeUser(t.db, "admin");
  const applicant = await makeUser(t.db, "citizen");
  const input: RequestInput = {
    unitId: unit.id,
    applicantType: "natural_person",
    applicantName: "王芳",
    contactEmail: applicant.user.email,
    contactPhone: null,
    contactAddress: "浦东新区世纪大道100号",
    description: "2026年度花木街道老旧小区加装电梯的补贴资金分配表",
    preferredForm: "electronic",
    delivery: "email",
  };
  return { unit, other, staff: staff.actor, stranger: stranger.actor, admin: admin.actor, applicant: applicant.actor, input };
}

async function auditFor(id: number) {
  return t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "information_request"), eq(auditLog.entityId, String(id)))).orderBy(asc(auditLog.id));
}

describe("the clock in working days (国庆 and 中秋 2026, with 调休)", () => {
  it("counts 20 working days from the day after receipt, skipping 中秋 (25 Sep) and 1–7 Oct and counting Sunday 20 Sep and Saturday 10 Oct", async () => {
    const cal = await requestCalendar(t.db);
    expect(cal.isWorkday("2026-09-20")).toBe(true); // 调休: a Sunday worked
    expect(cal.isWorkday("2026-10-10")).toBe(true); // 调休: a Saturday worked
    expect(cal.isWorkday("2026-09-25")).toBe(false); // 中秋
    // Hand-counted: 20, 21, 22, 23, 24, 28, 29, 30 Sep; 8, 9, 10, 12, 13, 14, 15, 16, 19, 20, 21, 22 Oct.
    expect(dueOn(cal, "2026-09-18", 0, 0)).toBe("2026-10-22");
    const view = (today: string) =>
      clockView(cal, { status: "received", receivedOn: "2026-09-18", clockStartOn: "2026-09-18", correctionDueOn: null, consultStartedOn: null, pausedDays: 0, extensionDays: 0, repliedOn: null }, today);
    // The holiday week costs nothing: 12 working days left on 30 Sep and still on 7 Oct.
    expect(view("2026-09-30").daysLeft).toBe(12);
    expect(view("2026-10-07").daysLeft).toBe(12);
    expect(view("2026-10-22")).toMatchObject({ daysLeft: 0, overdue: false, nearlyDue: true });
    expect(view("2026-10-23")).toMatchObject({ daysLeft: -1, overdue: true });
  });
});

describe("information requests", () => {
  it("an online request is received with a tracking number, a deadline, a history event, an audit row and a mail", async () => {
    const s = await setup();
    const r = await fileRequest(t.db, s.applicant, s.input, at("2026-09-18"));
    expect(r.trackingNo).toMatch(/^YS2026-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(r).toMatchObject({ status: "received", receivedOn: "2026-09-18", dueOn: "2026-10-22", channel: "online" });
    const events = await t.db.select().from(informationRequestEvents).where(eq(informationRequestEvents.requestId, r.id));
    expect(events.map((e) => e.kind)).toEqual(["filed"]);
    expect((await auditFor(r.id)).map((a) => a.action)).toEqual(["request.filed"]);
    const mails = await t.db.select().from(outbox).where(eq(outbox.to, s.input.contactEmail!));
    expect(mails.some((m) => m.subject.includes(r.trackingNo) && m.text.includes("2026-10-22"))).toBe(true);
  });

  it("mail follows the applicant's language; the official letter stays as written", async () => {
    const s = await setup();
    await t.db.update(users).set({ lang: "en" }).where(eq(users.id, s.applicant.id));
    const r = await fileRequest(t.db, s.applicant, s.input, at("2026-09-18"));
    await askCorrection(t.db, s.staff, r.id, { whatToAdd: "请写明文号", dueOn: "2026-10-16" }, at("2026-09-21"));
    const mails = await t.db.select().from(outbox).where(eq(outbox.to, s.input.contactEmail!)).orderBy(asc(outbox.id));
    expect(mails.map((m) => m.subject)).toEqual([`Your information request was received (${r.trackingNo})`, `Please complete your information request (${r.trackingNo})`]);
    expect(mails[1].text).toContain("by 2026-10-16");
    expect(mails[1].text).toContain("政府信息公开申请补正通知书");
  });

  it("补正: within 7 working days only, once; the period starts again when the correction arrives", async () => {
    const s = await setup();
    const late = await registerRequest(t.db, s.staff, { ...s.input, channel: "letter", receivedOn: "2026-09-18" }, at("2026-09-30"));
    // 7 working days after 18 Sep is 29 Sep (20, 21, 22, 23, 24, 28, 29).
    expect((await refused(askCorrection(t.db, s.staff, late.id, { whatToAdd: "x", dueOn: "2026-10-20" }, at("2026-09-30")))).key).toBe("requests.err.correctionLate");

    const r = await registerRequest(t.db, s.staff, { ...s.input, channel: "in_person", receivedOn: "2026-09-18" }, at("2026-09-18"));
    const asked = await askCorrection(t.db, s.staff, r.id, { whatToAdd: "请写明文件名称或文号", dueOn: "2026-10-16" }, at("2026-09-29"));
    expect(asked).toMatchObject({ status: "correction", dueOn: null, correctionDueOn: "2026-10-16" });
    const cal = await requestCalendar(t.db);
    expect(clockView(cal, asked, "2026-10-09")).toMatchObject({ state: "paused_correction", correctionLapsed: false, daysLeft: null });
    const back = await receiveCorrection(t.db, s.staff, r.id, { note: "申请人来信补正" }, at("2026-10-09"));
    // From 9 Oct: 10 (调休), 12–16, 19–23, 26–30 Oct, 2–5 Nov → 5 Nov.
    expect(back).toMatchObject({ status: "received", clockStartOn: "2026-10-09", dueOn: "2026-11-05" });
    expect(back.dueOn).toBe(dueOn(cal, "2026-10-09", 0, 0));
    expect((await refused(askCorrection(t.db, s.staff, r.id, { whatToAdd: "再补", dueOn: "2026-10-30" }, at("2026-10-12")))).key).toBe("requests.err.correctionOnce");
    const letters = await t.db.select().from(informationRequestEvents).where(eq(informationRequestEvents.requestId, r.id));
    expect(letters.find((e) => e.kind === "correction_requested")?.letter).toContain("请写明文件名称或文号");
  });

  it("no correction by its deadline: treated as withdrawn by the app itself from the day after, audited and mailed once", async () => {
    const s = await setup();
    const r = await fileRequest(t.db, s.applicant, s.input, at("2026-11-02"));
    await askCorrection(t.db, s.staff, r.id, { whatToAdd: "请写明年份", dueOn: "2026-11-13" }, at("2026-11-03"));
    // The test database is shared by this file's tests: only this request.
    const only = { ids: [r.id] };
    // On the deadline itself nothing happens.
    expect(await processRequestTimers(t.db, at("2026-11-13", 23), only)).toEqual({ lapsed: 0 });
    expect((await refused(receiveCorrection(t.db, s.staff, r.id, { note: null }, at("2026-11-14")))).key).toBe("requests.err.correctionLapsed");
    // Two instances' timers at once: one lapse, one event, one audit row, one mail.
    const runs = await Promise.all([processRequestTimers(t.db, at("2026-11-16"), only), processRequestTimers(t.db, at("2026-11-16"), only)]);
    expect(runs.reduce((n, x) => n + x.lapsed, 0)).toBe(1);
    expect(await processRequestTimers(t.db, at("2026-11-17"), only)).toEqual({ lapsed: 0 });
    const [w] = await t.db.select().from(informationRequests).where(eq(informationRequests.id, r.id));
    // Withdrawn from the day after the deadline (a Saturday), whenever the timer ran.
    expect(w).toMatchObject({ status: "withdrawn", outcome: "other_correction_lapsed", repliedOn: "2026-11-14" });
    const events = await t.db.select().from(informationRequestEvents).where(and(eq(informationRequestEvents.requestId, r.id), eq(informationRequestEvents.kind, "correction_lapsed")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ on: "2026-11-14", actorId: null });
    expect(events[0].letter).toContain("2026年11月13日");
    const audit = (await auditFor(r.id)).filter((x) => x.action === "request.correction_lapsed");
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBeNull();
    const mails = await t.db.select().from(outbox).where(sql`${outbox.subject} like ${"%终止处理%" + r.trackingNo + "%"}`);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe(s.input.contactEmail);
    // The staff history says the app did it.
    const staffView = await getRequestForStaff(t.db, s.staff, r.id, at("2026-11-17"));
    expect(staffView.actorNames[events[0].id]).toBeNull();
  });

  it("reading a request, its queue or the summaries lapses a passed correction first, without waiting for the timer", async () => {
    const s = await setup();
    const onPage = await fileRequest(t.db, s.applicant, s.input, at("2026-11-02"));
    const inQueue = await fileRequest(t.db, s.applicant, s.input, at("2026-11-02"));
    const mine = await fileRequest(t.db, s.applicant, s.input, at("2026-11-02"));
    for (const r of [onPage, inQueue, mine]) await askCorrection(t.db, s.staff, r.id, { whatToAdd: "请写明年份", dueOn: "2026-11-13" }, at("2026-11-03"));
    const d = await getRequestForApplicant(t.db, s.applicant.id, onPage.trackingNo, at("2026-11-16"));
    expect(d.request.status).toBe("withdrawn");
    expect(d.clock.state).toBe("stopped");
    expect(d.events.at(-1)?.kind).toBe("correction_lapsed");
    const [stillWaiting] = await t.db.select().from(informationRequests).where(eq(informationRequests.id, inQueue.id));
    expect(stillWaiting.status).toBe("correction");
    expect((await listQueue(t.db, s.staff, s.unit.id, at("2026-11-16"))).map((i) => i.request.id)).not.toContain(inQueue.id);
    expect((await listMyRequests(t.db, s.applicant.id, at("2026-11-16"))).map((i) => i.status)).toEqual(["withdrawn", "withdrawn", "withdrawn"]);
    const mails = await t.db.select().from(outbox).where(sql`${outbox.subject} like ${"%终止处理%"}`);
    expect(mails.filter((m) => [onPage, inQueue, mine].some((r) => m.subject.includes(r.trackingNo)))).toHaveLength(3);
  });

  it("a third-party consultation across 国庆 does not count: at most 15 working days are added to the deadline", async () => {
    const s = await setup();
    const r = await fileRequest(t.db, s.applicant, s.input, at("2026-09-18"));
    const c = await startConsultation(t.db, s.staff, r.id, { thirdParty: "某物业公司", note: null }, at("2026-09-28"));
    expect(c).toMatchObject({ status: "consulting", consultStartedOn: "2026-09-28", consultDueOn: "2026-10-23" });
    const cal = await requestCalendar(t.db);
    // Frozen while paused: on 28 Sep, 29, 30 Sep, 8, 9, 10, 12–16, 19–22 Oct remained = 14.
    expect(clockView(cal, c, "2026-10-12")).toMatchObject({ state: "paused_consultation", daysLeft: 14 });
    expect(clockView(cal, c, "2026-10-16")).toMatchObject({ state: "paused_consultation", daysLeft: 14 });
    const ended = await endConsultation(t.db, s.staff, r.id, { note: "第三方同意公开" }, at("2026-10-13"));
    // Paused 29, 30 Sep, 8, 9, 10, 12, 13 Oct = 7 working days: 22 Oct + 7 → 2 Nov.
    expect(ended).toMatchObject({ status: "received", pausedDays: 7, dueOn: "2026-11-02" });
    expect(clockView(cal, ended, "2026-10-13").daysLeft).toBe(14);

    // A third party that never answers: the clock runs again after their 15 working days.
    const r2 = await fileRequest(t.db, s.applicant, s.input, at("2026-09-18"));
    const c2 = await startConsultation(t.db, s.staff, r2.id, { thirdParty: "某公司", note: null }, at("2026-09-28"));
    expect(clockView(cal, c2, "2026-10-23")).toMatchObject({ state: "paused_consultation" });
    const resumed = clockView(cal, c2, "2026-10-26");
    expect(resumed.state).toBe("running");
    expect(resumed.dueOn).toBe(dueOn(cal, "2026-09-18", 15, 0));
    const e2 = await endConsultation(t.db, s.staff, r2.id, { note: null }, at("2026-11-02"));
    expect(e2.pausedDays).toBe(15);
  });

  it("extends once by at most 20 working days with a reason and approver, notifying the applicant; a second extension is refused", async () => {
    const s = await setup();
    const r = await fileRequest(t.db, s.applicant, s.input, at("2026-09-18"));
    expect((await refused(extendRequest(t.db, s.staff, r.id, { days: 21, reason: "r", approver: "a" }, at("2026-10-12")))).key).toBe("requests.err.extensionDays");
    const x = await extendRequest(t.db, s.staff, r.id, { days: 20, reason: "需要调取档案馆存档资料", approver: "张主任" }, at("2026-10-12"));
    expect(x).toMatchObject({ extensionDays: 20, dueOn: "2026-11-19" });
    const cal = await requestCalendar(t.db);
    expect(x.dueOn).toBe(cal.addWorkingDays("2026-10-22", 20));
    const again = await refused(extendRequest(t.db, s.staff, r.id, { days: 5, reason: "r", approver: "a" }, at("2026-10-13")));
    expect([again.key, again.status]).toEqual(["requests.err.extendedOnce", 409]);
    const mail = await t.db.select().from(outbox).where(sql`${outbox.subject} like ${"%延期%" + r.trackingNo + "%"}`);
    expect(mail[0]?.text).toContain("需要调取档案馆存档资料");
    expect(mail[0]?.text).toContain("2026年11月19日");
    expect((await auditFor(r.id)).map((a) => a.action)).toEqual(["request.filed", "request.extended"]);

    // An overdue request can no longer be extended.
    const late = await fileRequest(t.db, s.applicant, s.input, at("2026-09-18"));
    expect((await refused(extendRequest(t.db, s.staff, late.id, { days: 5, reason: "r", approver: "a" }, at("2026-10-23")))).key).toBe("requests.err.extendOverdue");
  });

  it("two extensions at the same moment: the row lock lets exactly one through", async () => {
    const s = await setup();
    const r = await fileRequest(t.db, s.applicant, s.input, at("2026-09-18"));
    const results = await Promise.allSettled([
      extendRequest(t.db, s.staff, r.id, { days: 10, reason: "甲", approver: "张主任" }, at("2026-10-12")),
      extendRequest(t.db, s.admin, r.id, { days: 20, reason: "乙", approver: "李主任" }, at("2026-10-12")),
    ]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    const refusedOne = results.find((x) => x.status === "rejected") as PromiseRejectedResult;
    expect((refusedOne.reason as UserError).key).toBe("requests.err.extendedOnce");
    const events = await t.db.select().from(informationRequestEvents).where(and(eq(informationRequestEvents.requestId, r.id), eq(informationRequestEvents.kind, "extended")));
    expect(events).toHaveLength(1);
  });

  it("staff of another unit are refused and nothing is written; the admin may act", async () => {
    const s = await setup();
    const r = await fileRequest(t.db, s.applicant, s.input, at("2026-09-18"));
    const before = (await auditFor(r.id)).length;
    expect((await refused(extendRequest(t.db, s.stranger, r.id, { days: 5, reason: "r", approver: "a" }, at("2026-09-21")))).status).toBe(403);
    expect((await refused(listQueue(t.db, s.stranger, s.unit.id, at("2026-09-21")))).status).toBe(403);
    expect((await refused(registerRequest(t.db, s.stranger, { ...s.input, channel: "fax", receivedOn: "2026-09-18" }, at("2026-09-21")))).status).toBe(403);
    const [row] = await t.db.select().from(informationRequests).where(eq(informationRequests.id, r.id));
    expect(row.extensionDays).toBe(0);
    expect((await auditFor(r.id)).length).toBe(before);
    await startConsultation(t.db, s.admin, r.id, { thirdParty: "x", note: null }, at("2026-09-21"));
  });

  it("reply, posting, closing: the letter reaches the applicant's page; only the applicant sees the request, without internal details", async () => {
    const s = await setup();
    const r = await fileRequest(t.db, s.applicant, s.input, at("2026-09-18"));
    await startConsultation(t.db, s.staff, r.id, { thirdParty: "上海某某物业管理有限公司", note: "内部备注" }, at("2026-09-21"));
    expect((await refused(replyToRequest(t.db, s.staff, r.id, { outcome: "disclose", letter: "x" }, at("2026-09-22")))).key).toBe("requests.err.state");
    await endConsultation(t.db, s.staff, r.id, { note: null }, at("2026-09-23"));
    await replyToRequest(t.db, s.staff, r.id, { outcome: "partial", letter: "政府信息公开申请答复书\n……部分公开……" }, at("2026-09-24"));
    await recordPosting(t.db, s.staff, r.id, { carrier: "中国邮政EMS", trackingNumber: "1190000000001" }, at("2026-09-28"));
    const closed = await closeRequest(t.db, s.staff, r.id, at("2026-09-29"));
    expect(closed.status).toBe("closed");

    const mine = await getRequestForApplicant(t.db, s.applicant.id, r.trackingNo, at("2026-09-29"));
    expect(mine.events.map((e) => e.kind)).toEqual(["filed", "consultation_started", "consultation_ended", "replied", "posted", "closed"]);
    expect(mine.events.find((e) => e.kind === "replied")?.letter).toContain("部分公开");
    expect(JSON.stringify(mine)).not.toContain("上海某某物业管理有限公司");
    expect(JSON.stringify(mine)).not.toContain("内部备注");
    const other = await makeUser(t.db, "citizen");
    expect((await refused(getRequestForApplicant(t.db, other.actor.id, r.trackingNo, at("2026-09-29")))).status).toBe(404);
    expect((await refused(getRequestForStaff(t.db, s.stranger, r.id, at("2026-09-29")))).status).toBe(403);
    const staffView = await getRequestForStaff(t.db, s.staff, r.id, at("2026-09-29"));
    expect(staffView.events.find((e) => e.kind === "consultation_started")?.data).toMatchObject({ thirdParty: "上海某某物业管理有限公司" });
    // Every step is in the audit log, in order, with the staff member.
    const audit = await auditFor(r.id);
    expect(audit.map((a) => a.action)).toEqual(["request.filed", "request.consultation_started", "request.consultation_ended", "request.replied", "request.posted", "request.closed"]);
    expect(audit.slice(1).every((a) => a.actorId === s.staff.id && a.actorUnitId === s.unit.id)).toBe(true);
  });

  it("the queue puts the nearest deadline first and flags overdue and nearly due; the admin summary counts them per unit", async () => {
    const s = await setup();
    const a = await fileRequest(t.db, s.applicant, s.input, at("2026-11-02"));
    const b = await fileRequest(t.db, s.applicant, s.input, at("2026-10-09"));
    const c = await fileRequest(t.db, s.applicant, s.input, at("2026-10-26"));
    await askCorrection(t.db, s.staff, c.id, { whatToAdd: "x", dueOn: "2026-11-30" }, at("2026-10-27"));
    const now = at("2026-11-09");
    const q = await listQueue(t.db, s.staff, s.unit.id, now);
    expect(q.map((i) => i.request.id)).toEqual([b.id, a.id, c.id]);
    // b was due 5 Nov: two working days overdue (6 and 9 Nov) on 9 Nov.
    expect(q[0].clock).toMatchObject({ dueOn: "2026-11-05", overdue: true, daysLeft: -2 });
    expect(q[1].clock).toMatchObject({ overdue: false, nearlyDue: false });
    const summary = await requestDeadlineSummary(t.db, s.admin, now);
    expect(summary.units.find((u) => u.unitId === s.unit.id)).toMatchObject({ open: 2, overdue: 1, nearlyDue: 0, overdueTrackingNos: [b.trackingNo], provisional: 0 });
    expect(summary.missingYears).toEqual([]);
    expect((await refused(requestDeadlineSummary(t.db, s.staff, now))).status).toBe(403);
    const [n] = await rows<{ n: number | string }>(t.db, sql`select count(*) as n from information_requests where unit_id = ${s.unit.id}`);
    expect(Number(n.n)).toBe(3);
  });

  it("the queue and the single page agree on every clock, counted with one calendar", async () => {
    const s = await setup();
    const a = await fileRequest(t.db, s.applicant, s.input, at("2026-09-18"));
    const b = await fileRequest(t.db, s.applicant, s.input, at("2026-09-21"));
    await startConsultation(t.db, s.staff, b.id, { thirdParty: "某公司", note: null }, at("2026-09-28"));
    const c = await fileRequest(t.db, s.applicant, s.input, at("2026-09-22"));
    await extendRequest(t.db, s.staff, c.id, { days: 10, reason: "需要调取档案", approver: "张主任" }, at("2026-09-24"));
    const now = at("2026-10-12");
    const cal = await requestCalendar(t.db);
    const queue = await listQueue(t.db, s.staff, s.unit.id, now, { cal });
    expect(queue.map((i) => i.request.id).sort()).toEqual([a.id, b.id, c.id].sort());
    for (const i of queue) {
      expect((await getRequestForStaff(t.db, s.staff, i.request.id, now)).clock).toEqual(i.clock);
      expect((await getRequestForApplicant(t.db, s.applicant.id, i.request.trackingNo, now, { cal })).clock).toEqual(i.clock);
    }
    expect(await listQueue(t.db, s.staff, s.unit.id, now)).toEqual(queue);
  });
});

describe("a deadline that crosses a year without a holiday schedule", () => {
  it("is provisional, names the year, everywhere; once the admin enters the schedule it is exact and moves with the holiday", async () => {
    const s = await setup();
    // Received Monday 21 Dec 2026. Weekends only: 22–25, 28–31 Dec, 1 Jan (a Friday), 4–8, 11–15, 18 Jan → 18 Jan 2027.
    const r = await fileRequest(t.db, s.applicant, s.input, at("2026-12-21"));
    const now = at("2026-12-23");
    const cal = await requestCalendar(t.db);
    const staffView = await getRequestForStaff(t.db, s.staff, r.id, now, { cal });
    expect(staffView.clock).toMatchObject({ state: "running", dueOn: "2027-01-18", provisional: true, missingYears: [2027] });
    const [inQueue] = await listQueue(t.db, s.staff, s.unit.id, now, { cal });
    expect(inQueue.clock).toEqual(staffView.clock);
    expect((await getRequestForApplicant(t.db, s.applicant.id, r.trackingNo, now)).clock).toMatchObject({ provisional: true, missingYears: [2027] });
    expect((await listMyRequests(t.db, s.applicant.id, now))[0].clock).toMatchObject({ dueOn: "2027-01-18", provisional: true });
    const summary = await requestDeadlineSummary(t.db, s.admin, now);
    expect(summary.missingYears).toEqual([2027]);
    expect(summary.units.find((u) => u.unitId === s.unit.id)).toMatchObject({ open: 1, provisional: 1 });

    // The mail that names the deadline says so too.
    const [filedMail] = await t.db.select().from(outbox).where(sql`${outbox.subject} like ${"%" + r.trackingNo + "%"}`);
    expect(filedMail.text).toContain("2027-01-18");
    expect(filedMail.text).toContain("期限暂按周末推算：2027年节假日安排尚未录入");

    // So do the letters that name a counted date: the applicant keeps the letter, not the mail.
    const letterOf = async (id: number, kind: string) =>
      (await t.db.select().from(informationRequestEvents).where(eq(informationRequestEvents.requestId, id))).find((e) => e.kind === kind)?.letter ?? "";
    const longer = await fileRequest(t.db, s.applicant, s.input, at("2026-12-21"));
    await extendRequest(t.db, s.staff, longer.id, { days: 5, reason: "需要调取档案", approver: "张主任" }, now);
    expect(await letterOf(longer.id, "extended")).toContain("至2027年1月25日前作出答复");
    expect(await letterOf(longer.id, "extended")).toContain("上述期限暂按周末推算：2027年法定节假日安排尚未公布");
    const asked = await fileRequest(t.db, s.applicant, s.input, at("2026-12-21"));
    await startConsultation(t.db, s.staff, asked.id, { thirdParty: "某公司", note: null }, now);
    expect(await letterOf(asked.id, "consultation_started")).toContain("上述期限暂按周末推算：2027年");
    const inYear = await fileRequest(t.db, s.applicant, s.input, at("2026-11-02"));
    await startConsultation(t.db, s.staff, inYear.id, { thirdParty: "某公司", note: null }, at("2026-11-03"));
    expect(await letterOf(inYear.id, "consultation_started")).toContain("第三方应在2026年11月24日前提出意见");
    expect(await letterOf(inYear.id, "consultation_started")).not.toContain("暂按周末推算");

    // One due within 2026 is exact.
    const early = await fileRequest(t.db, s.applicant, s.input, at("2026-11-02"));
    expect((await getRequestForStaff(t.db, s.staff, early.id, now)).clock).toMatchObject({ dueOn: "2026-11-30", provisional: false, missingYears: [] });

    // The admin enters 2027 (元旦 on Friday 1 January): the deadline moves to Tuesday 19 January and is exact.
    await saveSchedule(t.db, s.admin, { year: 2027, offDays: "2027-01-01", workdays: "", reference: "测试用安排（非官方）" }, now);
    const exact = await getRequestForStaff(t.db, s.staff, r.id, now);
    expect(exact.clock).toMatchObject({ dueOn: "2027-01-19", provisional: false, missingYears: [] });
    expect((await listQueue(t.db, s.staff, s.unit.id, now)).find((i) => i.request.id === r.id)?.clock).toEqual(exact.clock);
    expect((await requestDeadlineSummary(t.db, s.admin, now)).missingYears).toEqual([]);
    // Mails from now on name exact dates.
    const x = await extendRequest(t.db, s.staff, r.id, { days: 5, reason: "需要调取档案", approver: "张主任" }, now);
    const extMail = (await t.db.select().from(outbox).where(sql`${outbox.subject} like ${"%延期%" + r.trackingNo + "%"}`))[0];
    expect(extMail.text).not.toContain("期限暂按周末推算");
    expect(await letterOf(r.id, "extended")).not.toContain("暂按周末推算");
    expect(x.dueOn).toBe("2027-01-26");
  });
});
