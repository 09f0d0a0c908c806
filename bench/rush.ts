/**
 * Registration rush: 2,000 logged-in residents press "register" at once
 * (concurrency 200) for a 200-seat open-day session, over HTTP against one
 * and against two app instances on the same PostgreSQL database. Baseline: the
 * same registration (`registerResident`) issued straight from postgres.js at
 * the same concurrency: the database's own limit for one hot session.
 */
import { sql } from "drizzle-orm";
import { openDatabase, rows, type Database } from "#db/index";
import { registerResident } from "~/.server/events/registration";
import { benchUnit, openDaySession } from "./lib/fixtures";
import { check, figures, fmt, freshDatabase, makeResidents, printTable, runDirect, runLoad, startInstance, type Figures, type Instance, type LoadResult } from "./lib/harness";

export const RUSH = { residents: 2000, seats: 200, concurrency: 200, pool: 10 };

export async function sessionCounts(database: Database, sessionId: number) {
  const [r] = await rows<{ confirmed: string; waitlisted: string; other: string; people: string; rows: string; taken: number; capacity: number }>(
    database.db,
    sql`select count(*) filter (where r.status = 'confirmed') as confirmed,
               count(*) filter (where r.status = 'waitlisted') as waitlisted,
               count(*) filter (where r.status not in ('confirmed', 'waitlisted')) as other,
               count(distinct r.user_id) as people, count(*) as rows,
               s.taken, s.capacity
        from event_sessions s left join event_registrations r on r.session_id = s.id
        where s.id = ${sessionId} group by s.id`,
  );
  return { confirmed: Number(r!.confirmed), waitlisted: Number(r!.waitlisted), other: Number(r!.other), people: Number(r!.people), rows: Number(r!.rows), taken: Number(r!.taken), capacity: Number(r!.capacity) };
}

/** The HTTP rush against `instances` (round robin); a success is the redirect to My registrations. */
export async function httpRush(instances: Instance[], sessionId: number, residents: { cookie: string }[], concurrency: number): Promise<LoadResult> {
  return runLoad(residents.length, concurrency, (i) => ({
    origin: instances[i % instances.length]!.origin,
    method: "POST",
    path: `/open-month/sessions/${sessionId}`,
    headers: { cookie: residents[i]!.cookie },
    form: { attendee: `居民${i}` },
  }));
}

export const registered = (o: { status: number; location?: string }) => o.status === 302 && /^\/my\/registrations\?done=\d+$/.test(o.location ?? "");

async function baseline(url: string, sessionId: number, residents: { id: number }[]): Promise<Figures> {
  const database = await openDatabase({ url, max: RUSH.pool });
  try {
    return await runDirect(residents.length, RUSH.concurrency, (i) =>
      registerResident(database.db, { id: residents[i]!.id }, { sessionId, seats: 1, attendeeNames: [`居民${i}`] }, new Date()),
    );
  } finally {
    await database.close();
  }
}

export async function runRush(): Promise<void> {
  const { url, database, drop } = await freshDatabase("canyu_bench_rush");
  try {
    const unit = await benchUnit(database, "bench-rush");
    const scenarios = ["one instance", "two instances", "postgres.js baseline"] as const;
    const sessions = await Promise.all(scenarios.map((s) => openDaySession(database, unit, RUSH.seats, `开放日压测（${s}）`)));
    const people = await Promise.all(scenarios.map((_, k) => makeResidents(database, RUSH.residents, `rush${k}`)));

    const results: { name: string; f: Figures; counts: Awaited<ReturnType<typeof sessionCounts>> }[] = [];
    const env = { DB_POOL: String(RUSH.pool) };
    for (const [k, n] of [[0, 1], [1, 2]] as const) {
      const instances = await Promise.all(Array.from({ length: n }, () => startInstance(url, env)));
      try {
        // Warm the route (module load, JIT) with a page view per instance.
        for (const inst of instances) await runLoad(20, 5, () => ({ origin: inst.origin, method: "GET", path: `/open-month/sessions/${sessions[k]}`, headers: { cookie: people[k]![0]!.cookie } }));
        const r = await httpRush(instances, sessions[k]!, people[k]!, RUSH.concurrency);
        const f = figures(r, registered);
        results.push({ name: scenarios[k], f, counts: await sessionCounts(database, sessions[k]!) });
        const bad = r.outcomes.find((o) => !registered(o));
        if (bad) console.error(`first unexpected answer (${scenarios[k]}):`, bad.status, bad.error ?? bad.body?.slice(0, 300));
      } finally {
        await Promise.all(instances.map((i) => i.stop()));
      }
    }
    results.push({ name: scenarios[2], f: await baseline(url, sessions[2]!, people[2]!), counts: await sessionCounts(database, sessions[2]!) });

    const base = results[2]!.f.perSecond;
    printTable(
      `Registration rush: ${RUSH.residents.toLocaleString("en-US")} residents, ${RUSH.seats} seats, concurrency ${RUSH.concurrency}, pool ${RUSH.pool} per instance`,
      ["run", "registrations/s", "p50", "p99", "max", "errors", "confirmed", "waitlisted", "people", "vs baseline"],
      results.map((r) => [r.name, fmt.n(r.f.perSecond), fmt.ms(r.f.p50), fmt.ms(r.f.p99), fmt.ms(r.f.max), r.f.errors, r.counts.confirmed, r.counts.waitlisted, r.counts.people, fmt.pct(r.f.perSecond / base)]),
    );
    for (const r of results) {
      check(r.counts.confirmed === RUSH.seats && r.counts.taken === RUSH.seats, `${r.name}: exactly ${RUSH.seats} confirmed (${r.counts.confirmed}, taken ${r.counts.taken})`);
      check(r.counts.waitlisted === RUSH.residents - RUSH.seats, `${r.name}: ${RUSH.residents - RUSH.seats} waitlisted (${r.counts.waitlisted})`);
      check(r.counts.people === r.counts.rows && r.counts.rows === RUSH.residents, `${r.name}: no one twice (${r.counts.rows} rows, ${r.counts.people} people)`);
    }
    for (const r of results.slice(0, 2)) {
      console.log(`target ${r.name}: p99 < 1 s → ${r.f.p99 < 1000 ? "met" : "MISSED"}; ≥ 25% of baseline → ${r.f.perSecond >= 0.25 * base ? "met" : "MISSED"}`);
    }
  } finally {
    await drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runRush();
