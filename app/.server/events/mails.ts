/** The open month's mails: confirmation (with its calendar file), offer, waitlist. */
import { eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { eventRegistrations, eventSessions, events } from "#db/schema";
import { enqueueMail, type Mail } from "../notify/outbox";
import { publicUrl } from "../urls";
import { displayCode } from "./codes";
import { buildIcs } from "./ics";
import { isRowId, type EventRow, type Registration, type Session } from "./seats";
import { formatSessionTime } from "./time";

/**
 * A mail subject is one header line: staff-typed text with a line break in it
 * would otherwise start a header of its own.
 */
function subjectLine(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\u0000-\u001F\u007F\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
}

function sessionLine(e: EventRow, s: Session): string {
  return `${e.title}\n${formatSessionTime(s.startsAt, s.endsAt, "zh")}\n${e.venue}（${e.address}）`;
}

function confirmationIcs(e: EventRow, s: Session, r: Registration): string {
  return buildIcs([
    {
      uid: `registration-${r.id}@canyu.pudong`,
      title: e.title,
      description: `确认码 Confirmation code: ${displayCode(r.code)}`,
      location: `${e.venue} ${e.address}`,
      start: s.startsAt,
      end: s.endsAt,
    },
  ]);
}

/** The .ics of one of the user's confirmed registrations, or null. */
export async function registrationIcs(db: Db, userId: number, registrationId: number): Promise<string | null> {
  if (!isRowId(registrationId)) return null;
  const [x] = await db
    .select({ r: eventRegistrations, s: eventSessions, e: events })
    .from(eventRegistrations)
    .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .where(eq(eventRegistrations.id, registrationId));
  if (!x || x.r.userId !== userId || x.r.status !== "confirmed") return null;
  return confirmationIcs(x.e, x.s, x.r);
}

export function confirmedMail(e: EventRow, s: Session, r: Registration): Mail | null {
  if (!r.contactEmail) return null;
  const ics = confirmationIcs(e, s, r);
  return {
    to: r.contactEmail,
    subject: subjectLine(`报名成功：${e.title}`),
    text: [
      `${r.contactName}，您好：`,
      "",
      `您已成功报名政府开放月活动（${r.seats} 人）：`,
      sessionLine(e, s),
      "",
      `确认码：${displayCode(r.code)}`,
      "入场时请出示确认码或“我的报名”页面上的二维码，每个确认码仅可使用一次。",
      e.bring ? `请携带：${e.bring}` : "",
      `我的报名：${publicUrl("/my/registrations")}`,
      "",
      "Your registration is confirmed. Show the code or QR code at the door; it works once.",
    ].join("\n"),
    attachments: [{ filename: "open-month.ics", contentType: "text/calendar; charset=utf-8", content: Buffer.from(ics, "utf8").toString("base64") }],
  };
}

export async function mailConfirmed(tx: Db, e: EventRow, s: Session, r: Registration): Promise<void> {
  const mail = confirmedMail(e, s, r);
  if (mail) await enqueueMail(tx, mail);
}

export async function mailOffered(tx: Db, e: EventRow, s: Session, r: Registration): Promise<void> {
  if (!r.contactEmail || !r.offerExpiresAt) return;
  await enqueueMail(tx, {
    to: r.contactEmail,
    subject: subjectLine(`候补名额已为您保留：${e.title}`),
    text: [
      `${r.contactName}，您好：`,
      "",
      "您候补的场次有了空位，名额已为您保留：",
      sessionLine(e, s),
      "",
      `请在 ${formatSessionTime(r.offerExpiresAt, null, "zh")} 前登录确认，逾期名额将顺延给下一位候补者。`,
      `确认或放弃：${publicUrl("/my/registrations")}`,
      "",
      "A seat has been freed for you. Accept it on the My registrations page before the time above.",
    ].join("\n"),
  });
}

/**
 * `position` is the place in the waiting line at the moment of acceptance (a
 * placeholder the placing statement fills in under the session lock).
 */
export function waitlistedMail(e: EventRow, s: Session, r: Pick<Registration, "contactEmail" | "contactName" | "seats">, position: string): Mail | null {
  if (!r.contactEmail) return null;
  return {
    to: r.contactEmail,
    subject: subjectLine(`已加入候补：${e.title}`),
    text: [
      `${r.contactName}，您好：`,
      "",
      `您的报名（${r.seats} 人）已受理。该场次暂无足够名额，您已加入候补，受理时排在候补第 ${position} 位：`,
      sessionLine(e, s),
      "",
      "有空位时按受理先后递补：名额够您这一组的，排在前面的先得；排在您前面的一组人数较多、空位不够时，空位先给后面人数合适的报名者。此后的位次变化请在“我的报名”页面查看。",
      `我的报名：${publicUrl("/my/registrations")}`,
      "",
      `You are number ${position} on the waitlist (at the moment your request was accepted). Freed seats go to the earliest request they fit; see My registrations for your current place.`,
    ].join("\n"),
  };
}
