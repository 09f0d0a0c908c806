/**
 * `npm run bench:faults`: three faults, each checked afterwards against the
 * database.
 *
 * 1. PostgreSQL restarts in the middle of a registration rush.
 * 2. One of two app instances is killed (SIGKILL) in the middle of a rush of
 *    registrations and comments.
 * 3. The outbox worker is killed while it sends; a new one finishes the job.
 *
 * It restarts the PostgreSQL server on this machine: never run it while
 * anything else (a test run, CI) uses that server.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { rows, type Database } from "#db/index";
import { enqueueMail } from "~/.server/notify/outbox";
import { commentText } from "./comment";
import { benchUnit, openConsultation, openDaySession, staffWithSession } from "./lib/fixtures";
import { check, fmt, freePort, freshDatabase, machineLine, makeResidents, percentile, printTable, runLoad, sleep, startInstance, waitHealthy, type Instance, type Outcome, type RequestSpec } from "./lib/harness";
import { registered, sessionCounts } from "./rush";

const UNAVAILABLE = "服务暂时不可用";

function summarize(outcomes: Outcome[]) {
  const by = new Map<string, number>();
  for (const o of outcomes) {
    const k = o.status === 0 ? `no answer (${o.error})` : String(o.status);
    by.set(k, (by.get(k) ?? 0) + 1);
  }
  return [...by].sort().map(([k, n]) => `${k}: ${n}`).join(", ");
}

/** The registrations answered as successful that the database does not hold (should be none). */
async function missingRegistrations(database: Database, outcomes: Outcome[], userOf: (i: number) => number): Promise<number> {
  const claimed = outcomes.flatMap((o, i) => (registered(o) ? [{ id: Number(/done=(\d+)/.exec(o.location!)![1]), user: userOf(i) }] : []));
  if (claimed.length === 0) return 0;
  const held = await rows<{ id: number; user_id: number }>(
    database.db,
    sql`select id, user_id from event_registrations where id in (${sql.join(claimed.map((c) => sql`${c.id}`), sql`, `)})`,
  );
  const ok = new Set(held.map((h) => `${h.id}:${h.user_id}`));
  return claimed.filter((c) => !ok.has(`${c.id}:${c.user}`)).length;
}

// ------------------------------------------------------------------ 1. PostgreSQL restart

async function postgresRestart(): Promise<void> {
  const cluster = readdirSync("/etc/postgresql")[0];
  if (!cluster) throw new Error("no PostgreSQL cluster under /etc/postgresql");
  const { url, database, drop } = await freshDatabase("canyu_fault_pg");
  const app = await startInstance(url, { DB_POOL: "10" });
  try {
    const unit = await benchUnit(database, "fault-pg");
    const session = await openDaySession(database, unit, 200, "数据库重启演练");
    const people = await makeResidents(database, 2000, "pg");
    // The database is restarted while the rush is under way; `database` (our own pool) reconnects by itself too.
    let restartMs = NaN;
    let restartAt = NaN;
    const rushStart = performance.now();
    const restart = (async () => {
      await sleep(1500);
      restartAt = performance.now() - rushStart;
      const t0 = performance.now();
      const r = spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", cluster, "main", "restart", "-m", "fast"], { encoding: "utf8" });
      restartMs = performance.now() - t0;
      if (r.status !== 0) throw new Error(`restart failed: ${r.stderr}`);
    })();
    const during = await runLoad(people.length, 50, (i) => ({
      origin: app.origin,
      method: "POST",
      path: `/open-month/sessions/${session}`,
      headers: { cookie: people[i]!.cookie },
      form: { attendee: `居民${i}` },
      keepBody: true,
    }));
    await restart;
    const recoveredIn = await waitHealthy(app.origin, 30_000);
    // Everyone turned away during the outage tries again.
    const again = during.outcomes.flatMap((o, i) => (registered(o) ? [] : [i]));
    const retry = await runLoad(again.length, 50, (k) => ({
      origin: app.origin,
      method: "POST",
      path: `/open-month/sessions/${session}`,
      headers: { cookie: people[again[k]!]!.cookie },
      form: { attendee: `居民${again[k]}` },
    }));

    const unavailable = during.outcomes.filter((o) => o.status === 503);
    const counts = await sessionCounts(database, session);
    const missing = (await missingRegistrations(database, during.outcomes, (i) => people[i]!.id)) + (await missingRegistrations(database, retry.outcomes, (k) => people[again[k]!]!.id));
    printTable(
      "Fault 1: PostgreSQL restarted (pg_ctlcluster restart -m fast) during a rush of 2,000 registrations, concurrency 50",
      ["phase", "requests", "answers", "p99"],
      [
        ["rush (restart began at " + fmt.ms(restartAt) + ", took " + fmt.ms(restartMs) + ")", during.outcomes.length, summarize(during.outcomes), fmt.ms(percentile(during.outcomes.map((o) => o.ms), 99))],
        ["those turned away, again after recovery", retry.outcomes.length, summarize(retry.outcomes), fmt.ms(percentile(retry.outcomes.map((o) => o.ms), 99))],
      ],
    );
    console.log(`\n/healthz answered 200 again ${fmt.ms(recoveredIn)} after the restart command returned; seats: ${counts.confirmed} confirmed of ${counts.capacity}, ${counts.waitlisted} waitlisted, ${counts.rows} registrations for ${counts.people} people`);
    check(unavailable.length > 0, `requests during the outage were answered 503 (${unavailable.length})`);
    check(unavailable.every((o) => (o.body ?? "").includes(UNAVAILABLE)), "every 503 carries the bilingual “service unavailable” page");
    check(during.outcomes.every((o) => registered(o) || o.status === 503), `during the outage every answer is a registration or a 503, never a 500 (${summarize(during.outcomes)})`);
    const alive = app.child.exitCode == null && app.child.signalCode == null;
    check(alive, "the app process is still running");
    if (!alive) console.error(app.log.slice(-40).join("\n"));
    check(Number.isFinite(recoveredIn), "the app recovered by itself (no restart of the app)");
    check(retry.outcomes.every((o) => registered(o)), `after recovery every retry is served (${summarize(retry.outcomes)})`);
    check(missing === 0, `every registration answered as successful is in the database (${missing} missing)`);
    check(counts.confirmed <= counts.capacity && counts.taken === counts.confirmed, `capacity never exceeded (${counts.confirmed} confirmed, taken ${counts.taken}, capacity ${counts.capacity})`);
    check(counts.people === counts.rows && counts.rows === people.length, `no one twice, no one lost (${counts.rows} rows, ${counts.people} people)`);
  } finally {
    await app.stop();
    await drop();
  }
}

// ------------------------------------------------------------------ 2. SIGKILL one of two instances

async function instanceKilled(): Promise<void> {
  const { url, database, drop } = await freshDatabase("canyu_fault_kill");
  const env = { DB_POOL: "10", RATE_COMMENTS_PER_IP: "1000000" };
  const [a, b] = await Promise.all([startInstance(url, env), startInstance(url, env)]);
  try {
    const unit = await benchUnit(database, "fault-kill");
    const staff = await staffWithSession(database, unit, "staff@fault-kill.example");
    const session = await openDaySession(database, unit, 200, "实例故障演练");
    const period = await openConsultation(database, unit, staff.id);
    const people = await makeResidents(database, 3000, "kill");
    const total = people.length;
    const killAt = Math.floor(total * 0.4);
    let bAlive = true;
    const isComment = (i: number) => i % 3 === 2;
    const r = await runLoad(total, 60, (i): RequestSpec => {
      if (i === killAt) {
        bAlive = false;
        b.child.kill("SIGKILL");
      }
      // A load balancer sends new requests only to the living instance.
      const origin = bAlive && i % 2 === 1 ? b.origin : a.origin;
      return isComment(i)
        ? { origin, method: "POST" as const, path: `/consultations/${period}`, headers: { cookie: people[i]!.cookie }, form: { body: commentText(i), idempotencyKey: `kill-comment-${i}`, articleId: "" }, keepBody: true }
        : { origin, method: "POST" as const, path: `/open-month/sessions/${session}`, headers: { cookie: people[i]!.cookie }, form: { attendee: `居民${i}` } };
    });
    await b.kill("SIGKILL");
    await sleep(1000);
    const commented = (o: Outcome) => o.status === 200 && (o.body ?? "").includes(`ZQ${period}-`);
    const ok = (o: Outcome, i: number) => (isComment(i) ? commented(o) : registered(o));
    const afterKill = r.outcomes.slice(killAt + 60);
    const lost = r.outcomes.filter((o) => o.status === 0).length;

    const counts = await sessionCounts(database, session);
    const missing = await missingRegistrations(database, r.outcomes.map((o, i) => (isComment(i) ? { ...o, status: -1 } : o)), (i) => people[i]!.id);
    const refs = r.outcomes.flatMap((o, i) => (isComment(i) && commented(o) ? [/ZQ\d+-[A-Z2-7]+/.exec(o.body!)![0]] : []));
    const heldRefs = await rows<{ reference: string }>(database.db, sql`select reference from consultation_comments where consultation_id = ${period}`);
    const held = new Set(heldRefs.map((x) => x.reference));
    const [integrity] = await rows<{ reg_without_mail: string; mails: string; regs: string; orphan_groups: string; no_bands: string; open_tx: string }>(
      database.db,
      sql`select
            (select count(*) from event_registrations r where r.session_id = ${session}
               and not exists (select 1 from outbox m where m."to" = r.contact_email)) as reg_without_mail,
            (select count(*) from outbox where "to" like 'kill-%') as mails,
            (select count(*) from event_registrations where session_id = ${session}) as regs,
            (select count(*) from consultation_comments c where c.consultation_id = ${period} and c.group_id is not null
               and not exists (select 1 from consultation_comments g where g.id = c.group_id)) as orphan_groups,
            (select count(*) from consultation_comments where consultation_id = ${period} and (bands is null or reference is null)) as no_bands,
            (select count(*) from pg_stat_activity where datname = current_database() and state like 'idle in transaction%') as open_tx`,
    );
    printTable(
      `Fault 2: one of two instances killed with SIGKILL after ${killAt.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} requests (registrations and comments, concurrency 60)`,
      ["requests", "served", "no answer (in flight on the killed instance)", "other", "served after the kill", "registrations stored", "comments stored"],
      [[total, r.outcomes.filter(ok).length, lost, r.outcomes.filter((o, i) => !ok(o, i) && o.status !== 0).length, afterKill.filter((o, k) => ok(o, k + killAt + 60)).length, counts.rows, heldRefs.length]],
    );
    check(r.outcomes.every((o, i) => ok(o, i) || o.status === 0), `every request answered was served; only those in flight on the killed instance went unanswered (${summarize(r.outcomes)})`);
    check(afterKill.length > 0 && afterKill.every((o, k) => ok(o, k + killAt + 60)), "the surviving instance served everything after the kill");
    check(missing === 0 && refs.every((x) => held.has(x)), `every answered registration and comment is stored (${missing} registrations, ${refs.filter((x) => !held.has(x)).length} comments missing)`);
    check(counts.taken === counts.confirmed && counts.confirmed <= counts.capacity, `seats match registrations (taken ${counts.taken}, confirmed ${counts.confirmed}, capacity ${counts.capacity})`);
    check(Number(integrity!.reg_without_mail) === 0 && Number(integrity!.mails) === Number(integrity!.regs), `every registration has exactly its mail (${integrity!.regs} registrations, ${integrity!.mails} mails)`);
    check(Number(integrity!.orphan_groups) === 0 && Number(integrity!.no_bands) === 0, "every comment is whole (reference, bands, an existing group)");
    check(Number(integrity!.open_tx) === 0, "no transaction was left open by the killed instance");
    check(a.child.exitCode == null && a.child.signalCode == null, "the surviving instance is still running");
  } finally {
    await a.stop();
    await b.kill("SIGKILL");
    await drop();
  }
}

// ------------------------------------------------------------------ 3. the outbox worker killed mid-send

async function outboxKilled(): Promise<void> {
  const { url, database, drop } = await freshDatabase("canyu_fault_outbox");
  const received: string[] = [];
  const smtpPort = await freePort();
  // A mail server that takes ~15 ms per message and notes each accepted Message-ID.
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(Buffer.concat(chunks).toString("utf8"))?.[1] ?? "none";
        setTimeout(() => {
          received.push(id);
          callback();
        }, 15);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));
  const messages = 300;
  const env = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, OUTBOX_INTERVAL_MS: "200", OUTBOX_LEASE_SECONDS: "3", EVENTS_WORKER: "0" };
  let first: Instance | null = null;
  let second: Instance | null = null;
  try {
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < messages; i++) await enqueueMail(tx, { to: `r${i}@fault-outbox.example`, subject: `第${i}封`, text: `消息 ${i}` });
    });
    const ids = (await rows<{ id: number }>(database.db, sql`select id from outbox order by id`)).map((x) => Number(x.id));
    first = await startInstance(url, env);
    const t0 = performance.now();
    while (received.length < messages / 3 && performance.now() - t0 < 60_000) await sleep(5);
    await first.kill("SIGKILL");
    const atKill = received.length;
    const [mid] = await rows<{ sent: string }>(database.db, sql`select count(*) filter (where status = 'sent') as sent from outbox`);
    second = await startInstance(url, env);
    const t1 = performance.now();
    let pending = messages;
    while (pending > 0 && performance.now() - t1 < 60_000) {
      await sleep(200);
      pending = Number((await rows<{ n: string }>(database.db, sql`select count(*) as n from outbox where status <> 'sent'`))[0]!.n);
    }
    const finishMs = performance.now() - t1;
    await sleep(500);
    const expected = new Set(ids.map((id) => `<outbox-${id}@canyu.pudong.example>`));
    const distinct = new Set(received);
    const dupes = received.length - distinct.size;
    printTable(
      `Fault 3: the outbox worker killed with SIGKILL while sending ${messages} messages; a new instance takes over`,
      ["received before the kill", "marked sent at the kill", "all sent after", "deliveries", "distinct Message-IDs", "resent (same Message-ID)", "missing"],
      [[atKill, mid!.sent, fmt.ms(finishMs), received.length, distinct.size, dupes, [...expected].filter((x) => !distinct.has(x)).length]],
    );
    check(pending === 0, "every message is marked sent after the restart");
    check([...expected].every((x) => distinct.has(x)) && distinct.size === messages, `every message arrived (${distinct.size} of ${messages})`);
    check(dupes <= 1, `at most the one message whose acknowledgement the kill cut off was sent twice, with the same Message-ID (${dupes})`);
  } finally {
    await first?.kill("SIGKILL");
    await second?.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await drop();
  }
}

const all = { postgres: postgresRestart, kill: instanceKilled, outbox: outboxKilled } as const;
const asked = process.argv.slice(2);
console.log(`# Canyu fault runs\n\n${machineLine()}`);
for (const [name, run] of Object.entries(all)) {
  if (asked.length && !asked.includes(name)) continue;
  await run();
}
process.exit(process.exitCode ?? 0);
