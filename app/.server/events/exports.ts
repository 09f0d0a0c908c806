/** Registrations and questionnaire results as CSV and Excel. Personal data masked unless asked for in full (audited). */
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { eventSessions, events } from "#db/schema";
import type { Actor } from "../context";
import { NotFoundError } from "../errors";
import { recordAudit } from "../audit/audit";
import { csvDocument } from "../csv";
import { assertCanManageUnit } from "../auth/guards";
import { displayCode } from "./codes";
import { sessionRegistrations } from "./registration";
import { questionnaireResults } from "./questionnaire";
import { isoShanghai } from "~/lib/shanghai";

/** 王芳 → 王*; 13812345678 → 138****5678 */
export function maskName(s: string): string {
  const chars = [...s];
  if (chars.length <= 1) return "*";
  return chars[0] + "*".repeat(Math.min(chars.length - 1, 3));
}
export function maskPhone(s: string | null): string {
  if (!s) return "";
  return s.length >= 7 ? `${s.slice(0, 3)}****${s.slice(-4)}` : "****";
}
function maskEmail(s: string | null): string {
  if (!s) return "";
  const [u, d] = s.split("@");
  return `${u.slice(0, 1)}***@${d ?? ""}`;
}

const HEADER = ["受理顺序 Order", "受理时间 Accepted at", "编号 ID", "状态 Status", "候补位次 Waitlist no.", "渠道 Channel", "联系人 Contact", "电话 Phone", "邮箱 Email", "人数 Seats", "参加者 Attendees", "确认码 Code", "签到 Checked in", "未到场 No-show"];

export async function registrationTable(db: Db, actor: Actor, sessionId: number, full: boolean, now: Date) {
  const [s] = await db.select().from(eventSessions).where(eq(eventSessions.id, sessionId));
  if (!s) throw new NotFoundError();
  const [e] = await db.select().from(events).where(eq(events.id, s.eventId));
  assertCanManageUnit(actor, e.unitId);
  const regs = await sessionRegistrations(db, sessionId);
  await db.transaction((tx) =>
    recordAudit(tx, actor, { action: "events.registrations.export", entityType: "event_session", entityId: sessionId, summary: { full, rows: regs.length } }, now),
  );
  const iso = (d: Date | null) => isoShanghai(d) ?? "";
  // In the order of acceptance, the one every surface uses; accepted-at to the second.
  const body = regs.map((r) => [
    r.seq,
    iso(r.createdAt),
    r.id,
    r.status,
    r.position ?? "",
    r.channel,
    full ? r.contactName : maskName(r.contactName),
    full ? (r.contactPhone ?? "") : maskPhone(r.contactPhone),
    full ? (r.contactEmail ?? "") : maskEmail(r.contactEmail),
    r.seats,
    (full ? r.attendeeNames : r.attendeeNames.map(maskName)).join("、"),
    // The code is the door key: only in the full export.
    full ? displayCode(r.code) : "",
    iso(r.checkedInAt),
    iso(r.noShowAt),
  ]);
  return { event: e, session: s, header: HEADER, body };
}

export function toCsv(header: string[], body: (string | number)[][]): string {
  return csvDocument([header, ...body]);
}

export async function toXlsx(sheet: string, header: string[], body: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet.slice(0, 31));
  ws.addRow(header).font = { bold: true };
  for (const r of body) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function resultsTable(db: Db, actor: Actor, eventId: number) {
  const { questions, responses } = await questionnaireResults(db, actor, eventId);
  const header = ["回答编号 Response", "提交时间 Submitted", ...questions.map((q) => q.prompt)];
  const body = responses.map((r) => [
    r.id,
    isoShanghai(r.submittedAt) ?? "",
    ...questions.map((q) => {
      const v = r.answers[q.id];
      if (v === undefined) return "";
      if (q.kind === "single") return q.options[v as number] ?? "";
      if (q.kind === "multiple") return (v as number[]).map((i) => q.options[i]).join("、");
      return String(v);
    }),
  ]);
  return { header, body };
}
