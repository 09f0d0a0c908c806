/**
 * Authorization matrix: every staff and admin route (app/routes.ts, console/*
 * and admin/*, resource routes included), read and main write, tried by five
 * roles against the running server with the seeded demo data.
 *
 *   anon   — no session                        → redirect to /login
 *   citizen — wang.fang@example.com             → 403
 *   other  — staff of a unit that does not own the record
 *   owner  — staff of the owning unit
 *   admin  — admin@pudong.example
 *
 * Expectations per cell:
 *   "login" 302/303 to /login?redirectTo=…
 *   403 / 404 exactly that status
 *   200     the page or file itself
 *   "pass"  a write that got past authorization: the route answered with its
 *           own validation (400 with a message, or 302 back to the form) — never
 *           403/404/5xx and never the login page. Owner/admin writes send an
 *           invalid body on purpose so that the shared demo data is not changed
 *           for the specs that run after this one; refused roles send a
 *           well-formed body so the request reaches the authorization check.
 */
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD, firstId } from "./helpers";

type Role = "anon" | "citizen" | "other" | "owner" | "admin";
type Expect = "login" | "pass" | 200 | 403 | 404;
type Row = {
  name: string;
  method: "GET" | "POST";
  path: () => string;
  /** Which unit owns the record: decides who "owner" and "other" are. */
  unit: "construction" | "district-office";
  /** Body sent by anon, citizen and other (well-formed, reaches the check); a function when it needs a discovered id. */
  probe?: string | (() => string);
  /** Body sent by owner and admin (invalid on purpose, changes nothing); a function when it needs a discovered id. */
  ownerBody?: string | (() => string);
  expect: Record<Role, Expect>;
};

const STAFF: Record<Row["unit"], { owner: string; other: string }> = {
  construction: { owner: "staff.construction@pudong.example", other: "staff.education@pudong.example" },
  "district-office": { owner: "staff.office@pudong.example", other: "staff.construction@pudong.example" },
};
const ACCOUNTS = {
  citizen: "wang.fang@example.com",
  admin: "admin@pudong.example",
  construction: STAFF.construction.owner,
  education: STAFF.construction.other,
  office: STAFF["district-office"].owner,
};

/** Real ids, discovered from the owning staff's console list pages. */
const ids = { catalogue: 0, item: 0, event: 0, session: 0, consultation: 0, call: 0, meeting: 0, request: 0, constructionUnit: 0, trackingNo: "", policy: 0 };

// Shorthands for the common rows.
const anyConsole = { anon: "login", citizen: 403, other: 200, owner: 200, admin: 200 } as const;
const unitOnly = { anon: "login", citizen: 403, other: 403, owner: 200, admin: 200 } as const;
const adminOnly = { anon: "login", citizen: 403, other: 403, owner: 403, admin: 200 } as const;
const writeUnitOnly = { anon: "login", citizen: 403, other: 403, owner: "pass", admin: "pass" } as const;
const writeAnyStaff = { anon: "login", citizen: 403, other: "pass", owner: "pass", admin: "pass" } as const;
/** Creating needs a unit of one's own: the admin (no unit) is refused. */
const writeOwnUnitStaff = { anon: "login", citizen: 403, other: "pass", owner: "pass", admin: 403 } as const;
const writeAdminOnly = { anon: "login", citizen: 403, other: 403, owner: 403, admin: "pass" } as const;

const C = "construction" as const;
const O = "district-office" as const;

const rows: Row[] = [
  // Console home and the per-unit overview.
  { name: "console home", method: "GET", unit: C, path: () => "/console", expect: anyConsole },
  { name: "unit overview", method: "GET", unit: C, path: () => "/console/units/construction", expect: unitOnly },

  // Decisions.
  { name: "decisions list", method: "GET", unit: C, path: () => "/console/decisions", expect: anyConsole },
  { name: "decisions: create catalogue", method: "POST", unit: C, path: () => "/console/decisions", expect: writeOwnUnitStaff },
  { name: "catalogue", method: "GET", unit: C, path: () => `/console/decisions/catalogues/${ids.catalogue}`, expect: unitOnly },
  { name: "catalogue: action", method: "POST", unit: C, path: () => `/console/decisions/catalogues/${ids.catalogue}`, expect: writeUnitOnly },
  { name: "decision item", method: "GET", unit: C, path: () => `/console/decisions/items/${ids.item}`, expect: unitOnly },
  { name: "decision item: action", method: "POST", unit: C, path: () => `/console/decisions/items/${ids.item}`, expect: writeUnitOnly },
  {
    name: "decision item: add document (resource route)",
    method: "POST",
    unit: C,
    path: () => `/console/decisions/items/${ids.item}/documents`,
    probe: "kind=draft&title=x&documentOn=2026-01-01&url=https%3A%2F%2Fexample.com%2Fx",
    expect: writeUnitOnly,
  },

  // Open month events.
  { name: "events list", method: "GET", unit: C, path: () => "/console/events", expect: anyConsole },
  { name: "new event form", method: "GET", unit: C, path: () => "/console/events/new", expect: anyConsole },
  { name: "new event: create", method: "POST", unit: C, path: () => "/console/events/new", expect: writeAnyStaff },
  { name: "themes", method: "GET", unit: C, path: () => "/console/events/themes", expect: anyConsole },
  { name: "themes: action", method: "POST", unit: C, path: () => "/console/events/themes", expect: writeAnyStaff },
  { name: "event", method: "GET", unit: C, path: () => `/console/events/${ids.event}`, expect: unitOnly },
  { name: "event: action", method: "POST", unit: C, path: () => `/console/events/${ids.event}`, expect: writeUnitOnly },
  { name: "event results", method: "GET", unit: C, path: () => `/console/events/${ids.event}/results`, expect: unitOnly },
  { name: "event results export (resource)", method: "GET", unit: C, path: () => `/console/events/${ids.event}/results/export`, expect: unitOnly },
  { name: "session", method: "GET", unit: C, path: () => `/console/events/sessions/${ids.session}`, expect: unitOnly },
  { name: "session: action", method: "POST", unit: C, path: () => `/console/events/sessions/${ids.session}`, expect: writeUnitOnly },
  { name: "check-in page", method: "GET", unit: C, path: () => `/console/events/sessions/${ids.session}/check-in`, expect: unitOnly },
  { name: "check-in: code", method: "POST", unit: C, path: () => `/console/events/sessions/${ids.session}/check-in`, probe: "code=ABCD1234", expect: writeUnitOnly },
  { name: "registrations export (resource)", method: "POST", unit: C, path: () => `/console/events/sessions/${ids.session}/export`, expect: unitOnly },
  { name: "registrations export, unmasked", method: "POST", unit: C, path: () => `/console/events/sessions/${ids.session}/export?full=1`, expect: unitOnly },

  // Consultations.
  { name: "consultations list", method: "GET", unit: C, path: () => "/console/consultations", expect: anyConsole },
  { name: "new consultation form", method: "GET", unit: C, path: () => "/console/consultations/new", expect: anyConsole },
  { name: "new consultation: create", method: "POST", unit: C, path: () => "/console/consultations/new", expect: writeAnyStaff },
  { name: "consultation edit", method: "GET", unit: C, path: () => `/console/consultations/${ids.consultation}`, expect: unitOnly },
  {
    // Owner/admin post without an intent (400 "Bad Request"): publishing is not something to do to shared demo data.
    name: "consultation: publish",
    method: "POST",
    unit: C,
    path: () => `/console/consultations/${ids.consultation}?intent=publish`,
    expect: { anon: "login", citizen: 403, other: 403, owner: "pass", admin: "pass" },
  },
  { name: "moderation queue", method: "GET", unit: C, path: () => `/console/consultations/${ids.consultation}/moderation`, expect: unitOnly },
  {
    name: "moderation: mark abusive",
    method: "POST",
    unit: C,
    path: () => `/console/consultations/${ids.consultation}/moderation`,
    probe: "ids=999999&decision=abusive",
    expect: writeUnitOnly,
  },
  { name: "comments export (resource)", method: "POST", unit: C, path: () => `/console/consultations/${ids.consultation}/export?format=csv`, expect: unitOnly },
  {
    // Unmasked personal data: the admin only, not even the owning unit.
    name: "comments export with originals",
    method: "POST",
    unit: C,
    path: () => `/console/consultations/${ids.consultation}/export?originals=1`,
    expect: adminOnly,
  },
  {
    // The demo data has no comment attachment: staff get 404 for a missing one, everyone else never gets that far.
    name: "comment attachment (missing id)",
    method: "GET",
    unit: C,
    path: () => "/console/consultations/comments/999999/attachment",
    expect: { anon: "login", citizen: 403, other: 404, owner: 404, admin: 404 },
  },

  // Observers (the demo calls and meetings belong to the district office).
  { name: "observers console", method: "GET", unit: O, path: () => "/console/observers", expect: anyConsole },
  { name: "observers: new meeting", method: "POST", unit: O, path: () => "/console/observers", expect: writeOwnUnitStaff },
  { name: "observer call", method: "GET", unit: O, path: () => `/console/observers/calls/${ids.call}`, expect: unitOnly },
  {
    name: "observer call: freeze pool",
    method: "POST",
    unit: O,
    path: () => `/console/observers/calls/${ids.call}?intent=freeze`,
    expect: writeUnitOnly,
  },
  { name: "observer meeting", method: "GET", unit: O, path: () => `/console/observers/meetings/${ids.meeting}`, expect: unitOnly },
  { name: "observer meeting: action", method: "POST", unit: O, path: () => `/console/observers/meetings/${ids.meeting}`, expect: writeUnitOnly },

  // Information requests (依申请公开): never public; a unit's staff handle only their own unit's.
  { name: "requests queue", method: "GET", unit: C, path: () => "/console/requests", expect: anyConsole },
  { name: "register request form", method: "GET", unit: C, path: () => "/console/requests/new", expect: anyConsole },
  {
    name: "register request for another unit",
    method: "POST",
    unit: C,
    path: () => "/console/requests/new",
    probe: () =>
      `unitId=${ids.constructionUnit}&applicantType=natural_person&applicantName=x&contactPhone=1&description=x&preferredForm=paper&delivery=post&channel=letter&receivedOn=2026-01-05`,
    expect: { anon: "login", citizen: 403, other: 403, owner: "pass", admin: "pass" },
  },
  { name: "request", method: "GET", unit: C, path: () => `/console/requests/${ids.request}`, expect: unitOnly },
  {
    name: "request: extend",
    method: "POST",
    unit: C,
    path: () => `/console/requests/${ids.request}?intent=extend`,
    probe: "days=5&reason=x&approver=y",
    expect: writeUnitOnly,
  },
  { name: "requests annual report", method: "GET", unit: C, path: () => "/console/requests/report?year=2026", expect: anyConsole },
  { name: "requests annual report Excel (resource)", method: "GET", unit: C, path: () => "/console/requests/report.xlsx?year=2026", expect: anyConsole },
  { name: "requests annual report CSV (resource)", method: "GET", unit: C, path: () => "/console/requests/report.csv?year=2026", expect: anyConsole },
  {
    // 张伟's request: not 王芳's (the citizen here), and the applicant page is for the applicant only, not for staff.
    name: "someone else's request status page",
    method: "GET",
    unit: C,
    path: () => `/requests/${ids.trackingNo}`,
    expect: { anon: "login", citizen: 404, other: 404, owner: 404, admin: 404 },
  },
  // The lookup by tracking number + contact (for requests registered from a letter, visit or fax): public, and
  // it is the secret that opens a request, never who asks; a wrong one answers as for a number that does not exist.
  { name: "request lookup form", method: "GET", unit: C, path: () => "/requests/lookup", expect: { anon: 200, citizen: 200, other: 200, owner: 200, admin: 200 } },
  {
    name: "request lookup with a wrong contact",
    method: "POST",
    unit: C,
    path: () => "/requests/lookup",
    probe: () => `trackingNo=${ids.trackingNo}&contact=wang.fang%40example.com`,
    // A read: every role sends the same well-formed body.
    ownerBody: () => `trackingNo=${ids.trackingNo}&contact=wang.fang%40example.com`,
    expect: { anon: 404, citizen: 404, other: 404, owner: 404, admin: 404 },
  },
  {
    name: "request lookup with the right contact",
    method: "POST",
    unit: C,
    path: () => "/requests/lookup",
    probe: () => `trackingNo=${ids.trackingNo}&contact=zhang.wei%40example.com`,
    ownerBody: () => `trackingNo=${ids.trackingNo}&contact=zhang.wei%40example.com`,
    expect: { anon: 200, citizen: 200, other: 200, owner: 200, admin: 200 },
  },
  {
    name: "request lookup of a number that does not exist",
    method: "POST",
    unit: C,
    path: () => "/requests/lookup",
    probe: "trackingNo=YS2026-00000000&contact=zhang.wei%40example.com",
    ownerBody: "trackingNo=YS2026-00000000&contact=zhang.wei%40example.com",
    expect: { anon: 404, citizen: 404, other: 404, owner: 404, admin: 404 },
  },
  // Policies (the first demo policy and the first demo question belong to construction).
  { name: "policies list", method: "GET", unit: C, path: () => "/console/policies", expect: anyConsole },
  { name: "policies: create", method: "POST", unit: C, path: () => "/console/policies", expect: writeOwnUnitStaff },
  { name: "policy", method: "GET", unit: C, path: () => `/console/policies/${ids.policy}`, expect: unitOnly },
  {
    name: "policy: change validity",
    method: "POST",
    unit: C,
    path: () => `/console/policies/${ids.policy}?intent=change`,
    probe: "change=repealed&note=x",
    expect: writeUnitOnly,
  },
  { name: "policy questions", method: "GET", unit: C, path: () => "/console/policies/questions", expect: anyConsole },
  {
    name: "policy questions: publish",
    method: "POST",
    unit: C,
    path: () => "/console/policies/questions?intent=moderate",
    probe: "id=1&decision=publish",
    expect: writeUnitOnly,
  },
  { name: "policy FAQ CSV (resource)", method: "GET", unit: C, path: () => "/console/policies/faq.csv", expect: anyConsole },
  { name: "policy FAQ JSON (resource)", method: "GET", unit: C, path: () => "/console/policies/faq.json?all=1", expect: anyConsole },

  // Admin.
  { name: "admin units", method: "GET", unit: C, path: () => "/admin/units", expect: adminOnly },
  { name: "admin units: action", method: "POST", unit: C, path: () => "/admin/units", expect: writeAdminOnly },
  { name: "admin staff", method: "GET", unit: C, path: () => "/admin/staff", expect: adminOnly },
  { name: "admin staff: action", method: "POST", unit: C, path: () => "/admin/staff", expect: writeAdminOnly },
  { name: "admin audit log", method: "GET", unit: C, path: () => "/admin/audit", expect: adminOnly },
  { name: "admin compliance", method: "GET", unit: C, path: () => "/admin/compliance", expect: adminOnly },
  { name: "admin compliance CSV (resource)", method: "GET", unit: C, path: () => "/admin/compliance.csv", expect: adminOnly },
  { name: "admin observers", method: "GET", unit: C, path: () => "/admin/observers", expect: adminOnly },
  { name: "admin holiday schedules", method: "GET", unit: C, path: () => "/admin/calendar", expect: adminOnly },
  { name: "admin holiday schedules: action", method: "POST", unit: C, path: () => "/admin/calendar", expect: writeAdminOnly },
];

const contexts = new Map<string, APIRequestContext>();
let baseURL = "";

async function contextFor(email: string | null): Promise<APIRequestContext> {
  const key = email ?? "anon";
  const existing = contexts.get(key);
  if (existing) return existing;
  const ctx = await playwrightRequest.newContext({ baseURL });
  if (email) {
    const res = await ctx.post("/login", {
      headers: { Origin: baseURL },
      form: { email, password: DEMO_PASSWORD },
      maxRedirects: 0,
    });
    expect(res.status(), `login ${email}`).toBeGreaterThanOrEqual(300);
    expect(res.status(), `login ${email}`).toBeLessThan(400);
  }
  contexts.set(key, ctx);
  return ctx;
}

function emailFor(role: Role, row: Row): string | null {
  if (role === "anon") return null;
  if (role === "citizen") return ACCOUNTS.citizen;
  if (role === "admin") return ACCOUNTS.admin;
  return STAFF[row.unit][role];
}

test.beforeAll(async ({}, info) => {
  baseURL = String(info.project.use.baseURL);
  const con = await contextFor(ACCOUNTS.construction);
  ids.catalogue = await firstId(con, "/console/decisions", /href="\/console\/decisions\/catalogues\/(\d+)"/);
  ids.item = await firstId(con, `/console/decisions/catalogues/${ids.catalogue}`, /href="\/console\/decisions\/items\/(\d+)"/);
  ids.event = await firstId(con, "/console/events", /href="\/console\/events\/(\d+)"/);
  ids.session = await firstId(con, `/console/events/${ids.event}`, /href="\/console\/events\/sessions\/(\d+)"/);
  ids.consultation = await firstId(con, "/console/consultations", /href="\/console\/consultations\/(\d+)"/);
  ids.policy = await firstId(con, "/console/policies", /href="\/console\/policies\/(\d+)"/);
  const office = await contextFor(ACCOUNTS.office);
  ids.call = await firstId(office, "/console/observers", /href="\/console\/observers\/calls\/(\d+)"/);
  ids.meeting = await firstId(office, "/console/observers", /href="\/console\/observers\/meetings\/(\d+)"/);
  ids.request = await firstId(con, "/console/requests", /href="\/console\/requests\/(\d+)"/);
  ids.constructionUnit = await firstId(con, "/console/requests/new", /<option value="(\d+)"/);
  const zhang = await contextFor("zhang.wei@example.com");
  const mine = await (await zhang.get("/requests")).text();
  ids.trackingNo = /href="\/requests\/(YS\d{4}-[0-9A-Z]{8})"/.exec(mine)![1];
});

test.afterAll(async () => {
  for (const ctx of contexts.values()) await ctx.dispose();
  contexts.clear();
});

const ROLES: Role[] = ["anon", "citizen", "other", "owner", "admin"];

for (const row of rows) {
  test(`${row.method} ${row.name}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const ctx = await contextFor(emailFor(role, row));
      const path = row.path();
      const privileged = role === "owner" || role === "admin";
      // Privileged writes go without an intent / with an empty body: validation refuses them, nothing changes.
      const postPath = privileged && row.method === "POST" ? path.replace(/\?intent=[^&]*$/, "") : path;
      const body = privileged ? row.ownerBody : row.probe;
      const res =
        row.method === "GET"
          ? await ctx.get(path, { maxRedirects: 0 })
          : await ctx.post(postPath, {
              maxRedirects: 0,
              headers: { Origin: baseURL, "Content-Type": "application/x-www-form-urlencoded" },
              data: (typeof body === "function" ? body() : body) ?? "",
            });
      const status = res.status();
      const location = res.headers()["location"] ?? "";
      const want = row.expect[role];
      let ok: boolean;
      if (want === "login") ok = (status === 302 || status === 303) && location.includes("/login");
      else if (want === "pass")
        ok = status === 200 || status === 400 || ((status === 302 || status === 303) && !location.includes("/login"));
      else ok = status === want;
      if (!ok) failures.push(`${role}: expected ${want}, got ${status}${location ? ` → ${location}` : ""}`);
    }
    expect(failures, `${row.method} ${row.path()}`).toEqual([]);
  });
}

test("every console and admin route in app/routes.ts is in the matrix", async () => {
  const { readFileSync } = await import("node:fs");
  const source = readFileSync("app/routes.ts", "utf8");
  // Route files under console/admin (layouts and the admin index redirect excluded).
  const files = [...source.matchAll(/"routes\/((?:console|admin)\.[^"]+)\.tsx"/g)]
    .map((m) => m[1])
    .filter((f) => !["console", "admin", "admin.index"].includes(f));
  const covered: Record<string, string> = {
    "admin.compliance.csv": "/admin/compliance.csv",
    "console.events.check-in": "/check-in",
    "console.events.export": "/export",
    "console.events.results-export": "/results/export",
    "console.decisions.documents": "/documents",
    "console.requests.report-export": "/requests/report.xlsx",
    "console.policies.faq-export": "/console/policies/faq.csv",
  };
  const paths = rows.map((r) => r.path());
  const missing = files.filter((f) => {
    if (covered[f]) return !paths.some((p) => p.includes(covered[f]));
    return false;
  });
  expect(missing).toEqual([]);
  // A route file added under console/admin must be added to this matrix too.
  expect(files.sort()).toEqual(
    [
      "admin.audit",
      "admin.calendar",
      "admin.compliance",
      "admin.compliance.csv",
      "admin.observers",
      "admin.staff",
      "admin.units",
      "console.consultations",
      "console.consultations.comment-attachment",
      "console.consultations.edit",
      "console.consultations.export",
      "console.consultations.moderation",
      "console.consultations.new",
      "console.decisions",
      "console.decisions.catalogue",
      "console.decisions.documents",
      "console.decisions.item",
      "console.events",
      "console.events.check-in",
      "console.events.event",
      "console.events.export",
      "console.events.new",
      "console.events.results",
      "console.events.results-export",
      "console.events.session",
      "console.events.themes",
      "console.index",
      "console.observers",
      "console.observers.call",
      "console.observers.meeting",
      "console.policies",
      "console.policies.faq-export",
      "console.policies.faq-export",
      "console.policies.policy",
      "console.policies.questions",
      "console.unit",
      "console.requests",
      "console.requests.new",
      "console.requests.detail",
      "console.requests.report",
      // Twice: one file serves report.xlsx and report.csv.
      "console.requests.report-export",
      "console.requests.report-export",
    ].sort(),
  );
});
