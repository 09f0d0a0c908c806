/** The open month's mails: confirmation (with its calendar file), offer, waitlist. */
import { eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { eventRegistrations, eventSessions, events, users } from "#db/schema";
import { asLang, translate, type Lang } from "~/i18n/messages";
import { enqueueMail, type Mail } from "../notify/outbox";
import { publicUrl } from "../urls";
import { displayCode } from "./codes";
import { sessionCalendarItem } from "./feed";
import { buildIcs } from "./ics";
import { isRowId, type EventRow, type Registration, type Session } from "./seats";
import { formatDateTime, formatSession } from "~/lib/dates";

/**
 * A mail subject is one header line: staff-typed text with a line break in it
 * would otherwise start a header of its own.
 */
function subjectLine(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\u0000-\u001F\u007F\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
}

function sessionLine(lang: Lang, e: EventRow, s: Session): string {
  return translate(lang, "events.mail.session", { title: e.title, when: formatSession(s.startsAt, s.endsAt, lang), venue: e.venue, address: e.address });
}

/** The session's own calendar entry (same UID as in the site feed) with the confirmation code added. */
function confirmationIcs(e: EventRow, s: Session, r: Registration): string {
  return buildIcs([sessionCalendarItem(e, s, `确认码 Confirmation code: ${displayCode(r.code)}`)]);
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

/** Every mail goes out in its recipient's language: the account's, or Chinese for a caller without one. */
export function confirmedMail(lang: Lang, e: EventRow, s: Session, r: Registration): Mail | null {
  if (!r.contactEmail) return null;
  const ics = confirmationIcs(e, s, r);
  return {
    to: r.contactEmail,
    subject: subjectLine(translate(lang, "events.mail.confirmed.subject", { title: e.title })),
    text: translate(lang, "events.mail.confirmed.body", {
      name: r.contactName,
      seats: r.seats,
      session: sessionLine(lang, e, s),
      code: displayCode(r.code),
      bring: e.bring ? translate(lang, "events.mail.bring", { bring: e.bring }) : "",
      url: publicUrl("/my/registrations"),
    }),
    attachments: [{ filename: "open-month.ics", contentType: "text/calendar; charset=utf-8", content: Buffer.from(ics, "utf8").toString("base64") }],
  };
}

/** The language of a registration's account (Chinese without one). */
export async function langOf(tx: Db, r: Pick<Registration, "userId">): Promise<Lang> {
  if (r.userId == null) return "zh";
  const [u] = await tx.select({ lang: users.lang }).from(users).where(eq(users.id, r.userId));
  return asLang(u?.lang);
}

export async function mailConfirmed(tx: Db, e: EventRow, s: Session, r: Registration, lang?: Lang): Promise<void> {
  const mail = confirmedMail(lang ?? (await langOf(tx, r)), e, s, r);
  if (mail) await enqueueMail(tx, mail);
}

export async function mailOffered(tx: Db, e: EventRow, s: Session, r: Registration): Promise<void> {
  if (!r.contactEmail || !r.offerExpiresAt) return;
  const lang = await langOf(tx, r);
  await enqueueMail(tx, {
    to: r.contactEmail,
    subject: subjectLine(translate(lang, "events.mail.offered.subject", { title: e.title })),
    text: translate(lang, "events.mail.offered.body", {
      name: r.contactName,
      session: sessionLine(lang, e, s),
      until: formatDateTime(r.offerExpiresAt, lang),
      url: publicUrl("/my/registrations"),
    }),
  });
}

/**
 * `position` is the place in the waiting line at the moment of acceptance (a
 * placeholder the placing statement fills in under the session lock).
 */
export function waitlistedMail(lang: Lang, e: EventRow, s: Session, r: Pick<Registration, "contactEmail" | "contactName" | "seats">, position: string): Mail | null {
  if (!r.contactEmail) return null;
  return {
    to: r.contactEmail,
    subject: subjectLine(translate(lang, "events.mail.waitlisted.subject", { title: e.title })),
    text: translate(lang, "events.mail.waitlisted.body", { name: r.contactName, seats: r.seats, position, session: sessionLine(lang, e, s), url: publicUrl("/my/registrations") }),
  };
}

export function questionnaireMail(lang: Lang, e: EventRow, r: Pick<Registration, "id" | "contactEmail" | "contactName">): Mail | null {
  if (!r.contactEmail) return null;
  return {
    to: r.contactEmail,
    subject: subjectLine(translate(lang, "events.mail.questionnaire.subject", { title: e.title })),
    text: translate(lang, "events.mail.questionnaire.body", { name: r.contactName, title: e.title, url: publicUrl(`/my/registrations/${r.id}/questionnaire`) }),
  };
}
