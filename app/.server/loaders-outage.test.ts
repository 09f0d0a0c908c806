/**
 * The loaders that used to turn every error into a 404: a refusal still maps
 * to its status, but a database outage must reach the 503 handling instead of
 * showing "not found".
 */
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, type Db } from "#db/index";
import { useTestDb } from "#db/testing/db";
import * as consultationAttachment from "~/routes/consultations.attachment";
import * as eventPage from "~/routes/console.events.event";
import * as eventResults from "~/routes/console.events.results";
import * as eventSession from "~/routes/console.events.session";
import * as observerCall from "~/routes/console.observers.call";
import * as observerMeeting from "~/routes/console.observers.meeting";
import * as drawExport from "~/routes/observers.export";
import * as publicMeeting from "~/routes/observers.meeting";
import * as decisionPage from "~/routes/decisions.$id";
import * as questionnaire from "~/routes/my.registrations.questionnaire";
import * as publicSession from "~/routes/open-month.session";
import { loadConfig } from "./config";

const t = useTestDb();

/** Every query fails as postgres.js fails when the server is gone. */
const downDb = new Proxy({}, {
  get: () => () => {
    throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  },
}) as unknown as Db;

const admin = { id: 1, email: "admin@pudong.example", displayName: "管理员", role: "admin" as const, unitId: null, sessionId: "s" };
const contextWith = (db: Db) => ({ db, user: admin, lang: "zh" as const, care: false, nonce: "n", ip: "10.0.0.1", now: () => new Date(), config: loadConfig({}) });

type Loader = (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof contextWith> }) => Promise<unknown>;
const loaders: [string, Loader, Record<string, string>][] = [
  ["open-month session", publicSession.loader as unknown as Loader, { id: "7" }],
  ["console event", eventPage.loader as unknown as Loader, { id: "7" }],
  ["console session (events/staff.ts)", eventSession.loader as unknown as Loader, { id: "7" }],
  ["questionnaire results", eventResults.loader as unknown as Loader, { id: "7" }],
  ["questionnaire", questionnaire.loader as unknown as Loader, { id: "7" }],
  ["observer call", observerCall.loader as unknown as Loader, { id: "7" }],
  ["consultation attachment", consultationAttachment.loader as unknown as Loader, { id: "7", aid: "7" }],
  ["console observer meeting", observerMeeting.loader as unknown as Loader, { id: "7" }],
  ["draw export", drawExport.loader as unknown as Loader, { id: "7" }],
  ["public observer meeting", publicMeeting.loader as unknown as Loader, { id: "7" }],
  ["decision page", decisionPage.loader as unknown as Loader, { id: "7" }],
];

async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return e;
  }
}

describe("loaders map refusals in one place and let an outage through", () => {
  for (const [name, loader, params] of loaders) {
    it(`${name}: a database outage is not a 404`, async () => {
      const e = await outcome(loader({ request: new Request("http://x/p"), params, context: contextWith(downDb) }));
      expect(e instanceof Response ? `Response ${e.status}` : isDatabaseUnavailable(e)).toBe(true);
    });
    it(`${name}: a missing record is still a 404`, async () => {
      const e = await outcome(loader({ request: new Request("http://x/p"), params: Object.fromEntries(Object.keys(params).map((k) => [k, "999999"])), context: contextWith(t.db) }));
      expect(e instanceof Response && e.status).toBe(404);
    });
  }
});
