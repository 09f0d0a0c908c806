import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, units, users } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import type { Actor } from "../context";
import { addSession, createEvent, eventSchema, getPublicEvent, listPublicEvents, sessionSchema, setEventStatus } from "./events";
import { shanghai } from "./time";

const t = useTestDb();

describe("events catalogue (staff)", () => {
  it("creates, schedules in Shanghai time and publishes an event, audited; other units refused", async () => {
    const [u, other] = await t.db.insert(units).values([{ slug: "cat-a", nameZh: "区规划资源局", nameEn: "P" }, { slug: "cat-b", nameZh: "乙", nameEn: "B" }]).returning();
    const [s1] = await t.db.insert(users).values({ email: "cat.staff@example.com", passwordHash: "x", displayName: "s", role: "staff", unitId: u.id }).returning();
    const [s2] = await t.db.insert(users).values({ email: "cat.other@example.com", passwordHash: "x", displayName: "o", role: "staff", unitId: other.id }).returning();
    const staff: Actor = { id: s1.id, role: "staff", unitId: u.id };
    const stranger: Actor = { id: s2.id, role: "staff", unitId: other.id };
    const now = shanghai(2026, 6, 1);
    const raw = {
      title: "规划展示馆开放日",
      host: "浦东新区规划展示馆",
      theme: "规划建设",
      area: "陆家嘴",
      venue: "规划展示馆",
      address: "世纪大道 2001 号",
      description: "导览与座谈",
      activities: ["qa", "symposium"],
    };
    const input = eventSchema.parse(raw);
    expect(eventSchema.safeParse({ ...input, area: "火星" }).success).toBe(false);
    await expect(createEvent(t.db, stranger, u.id, 2026, input, now)).rejects.toMatchObject({ status: 403 });
    // The admin without a unit chosen (or with one made up) gets a form error, not a database error.
    const admin: Actor = { id: s1.id, role: "admin", unitId: null };
    await expect(createEvent(t.db, admin, -1, 2026, input, now)).rejects.toMatchObject({ key: "events.err.unit", field: "unitId", status: 400 });
    await expect(createEvent(t.db, admin, 2_000_000_000, 2026, input, now)).rejects.toMatchObject({ key: "events.err.unit", status: 400 });
    await expect(createEvent(t.db, admin, Number.NaN, 2026, input, now)).rejects.toMatchObject({ key: "events.err.unit", status: 400 });
    // A title is one line, whatever was pasted into it.
    expect(eventSchema.parse({ ...raw, title: "开放日\r\nBcc: x@example.com" }).title).toBe("开放日 Bcc: x@example.com");
    const e = await createEvent(t.db, staff, u.id, 2026, input, now);
    expect(e.status).toBe("draft");
    const sess = sessionSchema.parse({ date: "2026-08-08", start: "09:30", end: "11:00", capacity: "30", maxSeats: "4", opensDate: "2026-07-10" });
    expect(sessionSchema.safeParse({ ...sess, start: "11:00", end: "09:30" }).success).toBe(false);
    const s = await addSession(t.db, staff, e.id, sess, now);
    expect(s.startsAt.toISOString()).toBe("2026-08-08T01:30:00.000Z");
    expect(s.registrationOpensAt.toISOString()).toBe("2026-07-09T16:00:00.000Z");
    expect(s.cancelDeadline.toISOString()).toBe("2026-08-07T01:30:00.000Z");
    await expect(addSession(t.db, stranger, e.id, sess, now)).rejects.toMatchObject({ status: 403 });
    // Drafts are not public.
    await expect(getPublicEvent(t.db, e.id)).rejects.toMatchObject({ status: 404 });
    expect((await listPublicEvents(t.db, { year: 2026 })).find((x) => x.e.id === e.id)).toBeUndefined();
    await setEventStatus(t.db, staff, e.id, "published", now);
    expect((await getPublicEvent(t.db, e.id)).sessions[0].seatsLeft).toBe(30);
    const trail = await t.db.select().from(auditLog).where(eq(auditLog.actorId, s1.id));
    expect(trail.map((a) => a.action)).toEqual(["events.event.create", "events.session.create", "events.event.published"]);
  });
});
