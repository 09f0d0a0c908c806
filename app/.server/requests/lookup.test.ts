import { describe, expect, it } from "vitest";
import { useTestDb } from "#db/testing/db";
import { makeUnit, makeUser, refused } from "#db/testing/kit";
import { lookupRequest, lookupSchema } from "./lookup";
import { registerRequest, startConsultation } from "./requests";

const t = useTestDb();
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
const limits = { perIp: 1000, perNumber: 1000, windowSeconds: 900 };

async function registered() {
  const unit = await makeUnit(t.db);
  const staff = (await makeUser(t.db, "staff", unit.id)).actor;
  const r = await registerRequest(
    t.db,
    staff,
    {
      unitId: unit.id,
      applicantType: "natural_person",
      applicantName: "赵敏",
      contactEmail: "zhao.min@example.com",
      contactPhone: "021-5000 0001",
      contactAddress: "浦东新区东方路1号",
      description: "某养老机构的年度检查记录",
      preferredForm: "paper",
      delivery: "post",
      channel: "letter",
      receivedOn: "2026-09-18",
    },
    at("2026-09-18"),
  );
  await startConsultation(t.db, staff, r.id, { thirdParty: "某养老服务有限公司", note: "内部备注" }, at("2026-09-21"));
  return r;
}

const input = (trackingNo: string, contact: string) => lookupSchema.parse({ trackingNo, contact });

describe("looking up a request by its tracking number and the applicant's contact", () => {
  it("the e-mail or the phone on the request opens the applicant's view, nothing internal", async () => {
    const r = await registered();
    const byMail = await lookupRequest(t.db, input(r.trackingNo.toLowerCase(), " Zhao.Min@Example.com "), "10.0.0.1", at("2026-09-22"), limits);
    expect(byMail.request.id).toBe(r.id);
    expect(byMail.clock.state).toBe("paused_consultation");
    expect(byMail.events.map((e) => e.kind)).toEqual(["registered", "consultation_started"]);
    expect(JSON.stringify(byMail.events)).not.toContain("某养老服务有限公司");
    expect(JSON.stringify(byMail.events)).not.toContain("内部备注");
    expect(byMail.remedies).toEqual([]);
    for (const phone of ["02150000001", "+86 021 5000 0001", "(021) 5000-0001"]) {
      expect((await lookupRequest(t.db, input(r.trackingNo, phone), "10.0.0.1", at("2026-09-22"), limits)).request.id).toBe(r.id);
    }
  });

  it("a wrong contact, an unknown number and a malformed one get the same answer", async () => {
    const r = await registered();
    const wrong = await refused(lookupRequest(t.db, input(r.trackingNo, "someone@example.com"), "10.0.0.2", at("2026-09-22"), limits));
    const fragment = await refused(lookupRequest(t.db, input(r.trackingNo, "0001"), "10.0.0.2", at("2026-09-22"), limits));
    const unknown = await refused(lookupRequest(t.db, input("YS2026-00000000", "zhao.min@example.com"), "10.0.0.2", at("2026-09-22"), limits));
    const malformed = await refused(lookupRequest(t.db, input("nonsense", "zhao.min@example.com"), "10.0.0.2", at("2026-09-22"), limits));
    for (const x of [wrong, fragment, unknown, malformed]) expect(x).toMatchObject({ key: "requests.err.lookup", status: 404 });
    expect(lookupSchema.safeParse({ trackingNo: r.trackingNo, contact: " " }).success).toBe(false);
  });

  it("failed attempts are limited per address and per number; a successful one takes its attempt back", async () => {
    const r = await registered();
    const tight = { perIp: 3, perNumber: 5, windowSeconds: 900 };
    const now = at("2026-09-22");
    await lookupRequest(t.db, input(r.trackingNo, "zhao.min@example.com"), "10.0.1.1", now, tight);
    for (let i = 0; i < 3; i++) await refused(lookupRequest(t.db, input(r.trackingNo, `x${i}@example.com`), "10.0.1.1", now, tight));
    // The fourth attempt from that address is refused, the right contact too.
    expect(await refused(lookupRequest(t.db, input(r.trackingNo, "zhao.min@example.com"), "10.0.1.1", now, tight))).toMatchObject({ key: "err.rateLimited", status: 429 });
    // Spread over addresses, guesses at one number stop at its own bound (5: three failures, the refused one, this one).
    expect(await refused(lookupRequest(t.db, input(r.trackingNo, "y@example.com"), "10.0.2.1", now, tight))).toMatchObject({ status: 404 });
    expect(await refused(lookupRequest(t.db, input(r.trackingNo, "zhao.min@example.com"), "10.0.3.1", now, tight))).toMatchObject({ status: 429 });
    // After the window it works again.
    expect((await lookupRequest(t.db, input(r.trackingNo, "zhao.min@example.com"), "10.0.1.1", new Date(now.getTime() + 901_000), tight)).request.id).toBe(r.id);
  });
});
