/**
 * Registration rush: 2,000 logged-in residents press "register" at once for a
 * 200-seat open-day session — most alone, every fifth with a party of 2 or 3 —
 * over HTTP against one and two app instances on the same PostgreSQL database,
 * at concurrency 100 and 200. Baseline: the same registration
 * (`registerResident`) issued straight from postgres.js at the same
 * concurrency: the database's own limit for one hot session.
 *
 * After every run the order is checked: places 1…n handed out once each,
 * every request served or waitlisted exactly as the party rule replayed on the
 * order of acceptance says, accepted-at never running backwards, and every
 * waitlist mail stating the place its request had at acceptance.
 */
import { sql } from "drizzle-orm";
import { openDatabase, rows, type Database } from "#db/index";
import { registerResident } from "~/.server/events/registration";
import { benchUnit, openDaySession } from "./lib/fixtures";
import { check, figures, fmt, freshDatabase, makeResidents, printTable, runDirect, runLoad, startInstance, type Figures, type Instance, type LoadResult } from "./lib/harness";

export const RUSH = { residents: 2000, seats: 200, pool: 10, maxSeats: 4 };

/** Party size of the i-th resident: every fifth comes with one or two others. */
export const partyOf = (i: number) => (i % 10 === 3 ? 3 : i % 10 === 8 ? 2 : 1);
const names = (i: number) => Array.from({ length: partyOf(i) }, (_, k) => `居民${i}-${k + 1}`);

export async function sessionCounts(database: Database, sessionId: number) {
  const [r] = await rows<{ confirmed: string; seats: string; waitlisted: string; other: string; people: string; rows: string; taken: number; capacity: number }>(
    database.db,
    sql`select count(*) filter (where r.status = 'confirmed') as confirmed,
               coalesce(sum(r.seats) filter (where r.status = 'confirmed'), 0) as seats,
               count(*) filter (where r.status = 'waitlisted') as waitlisted,
               count(*) filter (where r.status not in ('confirmed', 'waitlisted')) as other,
               count(distinct r.user_id) as people, count(*) as rows,
               s.taken, s.capacity
        from event_sessions s left join event_registrations r on r.session_id = s.id
        where s.id = ${sessionId} group by s.id`,
  );
  return {
    confirmed: Number(r!.confirmed),
    seats: Number(r!.seats),
    waitlisted: Number(r!.waitlisted),
    other: Number(r!.other),
    people: Number(r!.people),
    rows: Number(r!.rows),
    taken: Number(r!.taken),
    capacity: Number(r!.capacity),
  };
}

/**
 * The order check. Returns what failed (empty when the order of service is
 * the order of acceptance under the party rule and every mail is right).
 */
export async function orderProblems(database: Database, sessionId: number): Promise<string[]> {
  const regs = await rows<{ seq: number; seats: number; status: string; at: string; mailed: number | null }>(
    database.db,
    sql`select r.seq, r.seats, r.status, r.created_at as at,
          (select (regexp_match(o.text, '候补第 (\\d+) 位'))[1]::int from outbox o
           where o."to" = r.contact_email and o.subject like '已加入候补%' limit 1) as mailed
        from event_registrations r join event_sessions s on s.id = r.session_id
        where r.session_id = ${sessionId} order by r.seq`,
  );
  const [s] = await rows<{ capacity: number; accepted: number }>(database.db, sql`select capacity, accepted from event_sessions where id = ${sessionId}`);
  const problems: string[] = [];
  let free = Number(s!.capacity);
  let waiting = 0;
  let last = -Infinity;
  regs.forEach((r, k) => {
    if (Number(r.seq) !== k + 1) problems.push(`place ${k + 1} is ${r.seq}`);
    const at = new Date(r.at).getTime();
    if (at < last) problems.push(`accepted-at runs backwards at place ${r.seq}`);
    last = at;
    const want = r.seats <= free ? "confirmed" : "waitlisted";
    if (want === "confirmed") free -= r.seats;
    else waiting++;
    if (r.status !== want) problems.push(`place ${r.seq} (${r.seats} seats) is ${r.status}, the rule says ${want}`);
    if (want === "waitlisted" && Number(r.mailed) !== waiting) problems.push(`place ${r.seq} was mailed position ${r.mailed}, had ${waiting} at acceptance`);
  });
  if (Number(s!.accepted) !== regs.length) problems.push(`session counter ${s!.accepted} ≠ ${regs.length} requests`);
  return problems;
}

/** The HTTP rush against `instances` (round robin); a success is the redirect to My registrations. */
export async function httpRush(instances: Instance[], sessionId: number, residents: { cookie: string }[], concurrency: number): Promise<LoadResult> {
  return runLoad(residents.length, concurrency, (i) => ({
    origin: instances[i % instances.length]!.origin,
    method: "POST",
    path: `/open-month/sessions/${sessionId}`,
    headers: { cookie: residents[i]!.cookie },
    form: { attendee: names(i) },
  }));
}

export const registered = (o: { status: number; location?: string }) => o.status === 302 && /^\/my\/registrations\?done=\d+$/.test(o.location ?? "");

async function baseline(url: string, sessionId: number, residents: { id: number }[], concurrency: number): Promise<Figures> {
  const database = await openDatabase({ url, max: RUSH.pool });
  try {
    return await runDirect(residents.length, concurrency, (i) =>
      registerResident(database.db, { id: residents[i]!.id }, { sessionId, seats: partyOf(i), attendeeNames: names(i) }, new Date()),
    );
  } finally {
    await database.close();
  }
}

export async function runRush(): Promise<void> {
  const { url, database, drop } = await freshDatabase("canyu_bench_rush");
  try {
    const unit = await benchUnit(database, "bench-rush");
    const http = [
      { name: "one instance", instances: 1, concurrency: 100 },
      { name: "one instance", instances: 1, concurrency: 200 },
      { name: "two instances", instances: 2, concurrency: 200 },
    ] as const;
    const direct = [100, 200] as const;
    const total = http.length + direct.length;
    const sessions = await Promise.all(Array.from({ length: total }, (_, k) => openDaySession(database, unit, RUSH.seats, `开放日压测（${k + 1}）`, RUSH.maxSeats)));
    const people = await Promise.all(Array.from({ length: total }, (_, k) => makeResidents(database, RUSH.residents, `rush${k}`)));

    const results: { name: string; concurrency: number; f: Figures; session: number }[] = [];
    const env = { DB_POOL: String(RUSH.pool) };
    for (const [k, run] of http.entries()) {
      const instances = await Promise.all(Array.from({ length: run.instances }, () => startInstance(url, env)));
      try {
        // Warm the route (module load, JIT) with a page view per instance.
        for (const inst of instances) await runLoad(20, 5, () => ({ origin: inst.origin, method: "GET", path: `/open-month/sessions/${sessions[k]}`, headers: { cookie: people[k]![0]!.cookie } }));
        const r = await httpRush(instances, sessions[k]!, people[k]!, run.concurrency);
        results.push({ name: run.name, concurrency: run.concurrency, f: figures(r, registered), session: sessions[k]! });
        const bad = r.outcomes.find((o) => !registered(o));
        if (bad) console.error(`first unexpected answer (${run.name}, ${run.concurrency}):`, bad.status, bad.error ?? bad.body?.slice(0, 300));
      } finally {
        await Promise.all(instances.map((i) => i.stop()));
      }
    }
    for (const [j, c] of direct.entries()) {
      const k = http.length + j;
      results.push({ name: "postgres.js baseline", concurrency: c, f: await baseline(url, sessions[k]!, people[k]!, c), session: sessions[k]! });
    }

    const base = new Map(results.filter((r) => r.name === "postgres.js baseline").map((r) => [r.concurrency, r.f.perSecond]));
    const counts = await Promise.all(results.map((r) => sessionCounts(database, r.session)));
    printTable(
      `Registration rush: ${RUSH.residents.toLocaleString("en-US")} residents (every fifth a party of 2–3), ${RUSH.seats} seats, pool ${RUSH.pool} per instance`,
      ["run", "concurrency", "registrations/s", "p50", "p99", "max", "errors", "confirmed (seats)", "waitlisted", "people", "vs baseline"],
      results.map((r, k) => [
        r.name,
        r.concurrency,
        fmt.n(r.f.perSecond),
        fmt.ms(r.f.p50),
        fmt.ms(r.f.p99),
        fmt.ms(r.f.max),
        r.f.errors,
        `${counts[k]!.confirmed} (${counts[k]!.seats})`,
        counts[k]!.waitlisted,
        counts[k]!.people,
        fmt.pct(r.f.perSecond / base.get(r.concurrency)!),
      ]),
    );
    for (const [k, r] of results.entries()) {
      const c = counts[k]!;
      const label = `${r.name} at ${r.concurrency}`;
      check(c.taken === c.seats && c.taken <= c.capacity, `${label}: seats taken ${c.taken} = confirmed seats ${c.seats} ≤ ${c.capacity}`);
      check(c.people === c.rows && c.rows === RUSH.residents, `${label}: no one twice (${c.rows} rows, ${c.people} people)`);
      const problems = await orderProblems(database, r.session);
      check(problems.length === 0, `${label}: order of service = order of acceptance under the party rule, every mail's place = place at acceptance${problems.length ? ` (${problems.length} problems, first: ${problems[0]})` : ""}`);
    }
    for (const r of results.filter((x) => x.name !== "postgres.js baseline")) {
      const ratio = r.f.perSecond / base.get(r.concurrency)!;
      console.log(`HTTP/baseline ${r.name} at concurrency ${r.concurrency}: ${fmt.pct(ratio)} (target ≥ 75% → ${ratio >= 0.75 ? "met" : "MISSED"}); p50 ${fmt.ms(r.f.p50)}, p99 ${fmt.ms(r.f.p99)}`);
    }
  } finally {
    await drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runRush();
