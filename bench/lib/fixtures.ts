/** The data each benchmark seeds for itself: an open-day session, an open comment period, staff. */
import type { Database } from "#db/index";
import { consultations, eventSessions, events, units, users } from "#db/schema";
import { createSession, generateSessionToken } from "~/.server/auth/session";

const DAY = 86_400_000;

export async function benchUnit(database: Database, slug: string): Promise<number> {
  const [u] = await database.db.insert(units).values({ slug, nameZh: `压测单位${slug}`, nameEn: `Bench unit ${slug}` }).returning({ id: units.id });
  return u!.id;
}

/** A published open-day event with one session of `capacity` seats (parties up to `maxSeats`), open for registration now. */
export async function openDaySession(database: Database, unitId: number, capacity: number, title: string, maxSeats = 1): Promise<number> {
  const now = Date.now();
  const [e] = await database.db
    .insert(events)
    .values({
      unitId,
      year: new Date(now + 60 * DAY).getFullYear(),
      title,
      host: "区档案馆",
      theme: "城市治理",
      area: "陆家嘴",
      venue: "浦东新区档案馆",
      address: "浦东新区世纪大道2001号",
      description: "压测用开放日活动。",
      status: "published",
    })
    .returning({ id: events.id });
  const startsAt = new Date(now + 60 * DAY);
  const [s] = await database.db
    .insert(eventSessions)
    .values({
      eventId: e!.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
      capacity,
      maxSeatsPerRegistration: maxSeats,
      registrationOpensAt: new Date(now - DAY),
      registrationClosesAt: new Date(now + 50 * DAY),
      cancelDeadline: new Date(now + 59 * DAY),
    })
    .returning({ id: eventSessions.id });
  return s!.id;
}

/** A published 30-day comment period, open now. */
export async function openConsultation(database: Database, unitId: number, createdBy: number): Promise<number> {
  const now = Date.now();
  const [c] = await database.db
    .insert(consultations)
    .values({
      unitId,
      title: "《浦东新区既有多层住宅加装电梯补贴办法（征求意见稿）》",
      summary: "压测用征求意见。",
      draftText: "第一条 为了规范补贴发放，制定本办法。\n第二条 本办法适用于本区既有多层住宅。",
      explanation: "起草说明。",
      interpretation: "政策解读。",
      opensAt: new Date(now - DAY),
      closesAt: new Date(now + 30 * DAY),
      announcedClosesAt: new Date(now + 30 * DAY),
      publishedAt: new Date(now - DAY),
      createdBy,
    })
    .returning({ id: consultations.id });
  return c!.id;
}

/** A staff account of `unitId` with a live session; returns its id and cookie. */
export async function staffWithSession(database: Database, unitId: number, email: string): Promise<{ id: number; cookie: string }> {
  const [u] = await database.db
    .insert(users)
    .values({ email, passwordHash: "x", displayName: "压测工作人员", role: "staff", unitId })
    .returning({ id: users.id });
  const token = generateSessionToken();
  await createSession(database.db, token, u!.id, new Date(), 7);
  return { id: u!.id, cookie: `canyu_session=${token}` };
}
