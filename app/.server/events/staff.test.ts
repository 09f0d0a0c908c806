import type { AppLoadContext } from "react-router";
import { describe, expect, it } from "vitest";
import { eventSessions, events, units } from "#db/schema";
import { useTestDb } from "#db/testing/db";
import type { CurrentUser } from "../context";
import { loadStaffSession } from "./staff";
import { shanghai } from "./time";

const t = useTestDb();

function ctx(user: CurrentUser | null): AppLoadContext {
  return { db: t.db, user, lang: "zh", care: false, nonce: "", ip: "127.0.0.1", now: () => shanghai(2026, 7, 20), config: {} as AppLoadContext["config"] };
}

describe("staff routes", () => {
  it("refuse another unit's session (403), anonymous users go to login, own unit and admin pass", async () => {
    const [a, b] = await t.db.insert(units).values([{ slug: "st-a", nameZh: "甲", nameEn: "A" }, { slug: "st-b", nameZh: "乙", nameEn: "B" }]).returning();
    const [e] = await t.db.insert(events).values({ unitId: a.id, year: 2026, title: "x", host: "h", theme: "t", area: "花木", venue: "v", address: "a", description: "d" }).returning();
    const start = shanghai(2026, 8, 3, 9);
    const [s] = await t.db.insert(eventSessions).values({ eventId: e.id, startsAt: start, endsAt: new Date(start.getTime() + 3600_000), capacity: 5, registrationOpensAt: start, registrationClosesAt: start, cancelDeadline: start }).returning();
    const req = new Request("http://localhost/console/events/sessions/" + s.id);
    const staff = (unitId: number): CurrentUser => ({ id: 1, email: "s@x", displayName: "s", role: "staff", unitId, sessionId: "x" });
    const refused = await loadStaffSession(req, ctx(staff(b.id)), String(s.id)).catch((r: Response) => r);
    expect((refused as Response).status).toBe(403);
    const anon = await loadStaffSession(req, ctx(null), String(s.id)).catch((r: Response) => r);
    expect((anon as Response).status).toBe(302);
    const citizen = await loadStaffSession(req, ctx({ ...staff(0), role: "citizen", unitId: null }), String(s.id)).catch((r: Response) => r);
    expect((citizen as Response).status).toBe(403);
    expect((await loadStaffSession(req, ctx(staff(a.id)), String(s.id))).s.id).toBe(s.id);
    expect((await loadStaffSession(req, ctx({ ...staff(0), role: "admin", unitId: null }), String(s.id))).e.id).toBe(e.id);
    const missing = await loadStaffSession(req, ctx(staff(a.id)), "999999").catch((r: Response) => r);
    expect((missing as Response).status).toBe(404);
  });
});
