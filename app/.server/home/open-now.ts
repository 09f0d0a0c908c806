/**
 * What a resident can do today, for the home page: consultations open now
 * (closing soonest first) and about to open, the open month's registration,
 * observer calls taking applications, and the newest milestones. Only what the
 * public may see: published periods and events, public catalogues.
 */
import { and, asc, desc, eq, gt, isNotNull, lte, sql } from "drizzle-orm";
import { ts, type Db } from "#db/index";
import { dateOf, lastDayOf } from "../consultations/time";
import { consultations, decisionCatalogues, decisionMilestones, decisions, events, eventSessions, observerCalls, observerMeetings, units } from "#db/schema";

const LIST = 5;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export async function openNow(db: Db, now: Date) {
  const unitName = { unitZh: units.nameZh, unitEn: units.nameEn };
  const [open, upcoming, calls, milestones, openMonth] = await Promise.all([
    db
      .select({ id: consultations.id, title: consultations.title, closesAt: consultations.closesAt, ...unitName })
      .from(consultations)
      .innerJoin(units, eq(units.id, consultations.unitId))
      .where(and(isNotNull(consultations.publishedAt), lte(consultations.opensAt, now), gt(consultations.closesAt, now)))
      .orderBy(asc(consultations.closesAt), asc(consultations.id))
      .limit(LIST),
    db
      .select({ id: consultations.id, title: consultations.title, opensAt: consultations.opensAt, ...unitName })
      .from(consultations)
      .innerJoin(units, eq(units.id, consultations.unitId))
      .where(and(isNotNull(consultations.publishedAt), gt(consultations.opensAt, now)))
      .orderBy(asc(consultations.opensAt), asc(consultations.id))
      .limit(3),
    db
      .select({ id: observerCalls.id, meeting: observerMeetings.title, startsAt: observerMeetings.startsAt, closesAt: observerCalls.closesAt, seats: observerCalls.seats })
      .from(observerCalls)
      .innerJoin(observerMeetings, eq(observerMeetings.id, observerCalls.meetingId))
      .where(and(eq(observerCalls.status, "open"), lte(observerCalls.opensAt, now), gt(observerCalls.closesAt, now)))
      .orderBy(asc(observerCalls.closesAt), asc(observerCalls.id))
      .limit(LIST),
    db
      .select({ id: decisionMilestones.id, decisionId: decisions.id, decision: decisions.title, title: decisionMilestones.title, happenedOn: decisionMilestones.happenedOn })
      .from(decisionMilestones)
      .innerJoin(decisions, eq(decisions.id, decisionMilestones.decisionId))
      .innerJoin(decisionCatalogues, eq(decisionCatalogues.id, decisions.catalogueId))
      .where(and(isNotNull(decisionCatalogues.publishedAt), lte(decisionMilestones.publishedAt, now)))
      .orderBy(desc(decisionMilestones.publishedAt), desc(decisionMilestones.id))
      .limit(LIST),
    // The open month whose sessions have not all ended: when registration opens and closes, and seats left.
    db
      .select({
        year: events.year,
        sessions: sql<number>`count(*)::int`,
        opensAt: sql<Date>`min(${eventSessions.registrationOpensAt})`,
        closesAt: sql<Date>`max(${eventSessions.registrationClosesAt})`,
        seatsLeft: sql<number>`coalesce(sum(greatest(${eventSessions.capacity} - ${eventSessions.taken} - ${eventSessions.held}, 0)) filter (where ${eventSessions.registrationClosesAt} > ${ts(now)}), 0)::int`,
      })
      .from(eventSessions)
      .innerJoin(events, eq(events.id, eventSessions.eventId))
      .where(and(eq(events.status, "published"), gt(eventSessions.endsAt, now)))
      .groupBy(events.year)
      .orderBy(asc(events.year))
      .limit(1),
  ]);
  const month = openMonth[0];
  const today = dateOf(now);
  return {
    consultations: {
      // Calendar days left in Shanghai, today included: a period whose last day is today has 1.
      open: open.map((c) => ({ ...c, daysLeft: daysBetween(today, lastDayOf(c.closesAt)) + 1 })),
      upcoming,
    },
    calls,
    milestones,
    openMonth: month
      ? {
          year: month.year,
          sessions: month.sessions,
          opensAt: new Date(month.opensAt),
          closesAt: new Date(month.closesAt),
          seatsLeft: month.seatsLeft,
          state: now < new Date(month.opensAt) ? ("soon" as const) : now < new Date(month.closesAt) ? ("open" as const) : ("closed" as const),
        }
      : null,
  };
}
