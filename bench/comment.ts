/**
 * Commenting: comment submissions per second into one open comment period at
 * concurrency 50 (distinct logged-in residents, distinct texts, over HTTP),
 * then the moderation queue's load time with 50,000 comments waiting.
 * Baseline for the submissions: the same `submitComment` straight from
 * postgres.js at the same concurrency.
 */
import { sql } from "drizzle-orm";
import { openDatabase, rows } from "#db/index";
import { submitComment } from "~/.server/consultations/comments";
import { benchUnit, openConsultation, staffWithSession } from "./lib/fixtures";
import { check, figures, fmt, freshDatabase, makeResidents, percentile, printTable, runDirect, runLoad, startInstance, type Figures } from "./lib/harness";

export const COMMENT = { comments: 2000, concurrency: 50, queue: 50_000, queueLoads: 30, pool: 10 };

const TOPICS = ["加装电梯", "补贴标准", "低层住户", "施工噪声", "维修基金", "无障碍通道", "审批时限", "费用分摊", "物业管理", "安全检查"];
const VIEWS = ["建议提高", "建议降低", "希望明确", "请考虑", "不赞成", "支持", "建议补充", "希望简化", "请公开", "建议增加"];
const DETAILS = ["对老年人家庭的照顾", "一楼住户的采光补偿", "申请材料清单", "公示期的长度", "资金拨付的时间", "街道的协调责任", "业主同意比例", "后续维护责任", "夜间施工限制", "投诉处理渠道"];

/** A distinct, plausible comment for resident i (no two near-duplicates, so none are grouped). */
export function commentText(i: number): string {
  const a = TOPICS[i % 10]!;
  const b = VIEWS[Math.floor(i / 10) % 10]!;
  const c = DETAILS[Math.floor(i / 100) % 10]!;
  return `关于${a}：${b}${c}。我住在第${i}号楼，编号${(i * 7919) % 100000}，这是第${i}条意见。`;
}

export async function runComment(): Promise<void> {
  const { url, database, drop } = await freshDatabase("canyu_bench_comment");
  try {
    const unit = await benchUnit(database, "bench-comment");
    const staff = await staffWithSession(database, unit, "staff@bench-comment.example");
    const periods = [await openConsultation(database, unit, staff.id), await openConsultation(database, unit, staff.id), await openConsultation(database, unit, staff.id)];
    const people = await makeResidents(database, COMMENT.comments * 2, "commenter");
    const httpPeople = people.slice(0, COMMENT.comments);
    const directPeople = people.slice(COMMENT.comments);

    // Every request comes from 127.0.0.1: the per-address limit is lifted, the per-resident one is kept.
    const app = await startInstance(url, { DB_POOL: String(COMMENT.pool), RATE_COMMENTS_PER_IP: "1000000" });
    let http: Figures;
    const loads: number[] = [];
    let queueBytes = 0;
    let peak = NaN;
    try {
      await runLoad(20, 5, (i) => ({ origin: app.origin, method: "GET", path: `/consultations/${periods[0]}`, headers: { cookie: httpPeople[i]!.cookie } }));
      const r = await runLoad(COMMENT.comments, COMMENT.concurrency, (i) => ({
        origin: app.origin,
        method: "POST",
        path: `/consultations/${periods[0]}`,
        headers: { cookie: httpPeople[i]!.cookie },
        form: { body: commentText(i), idempotencyKey: `bench-${i}-${Date.now().toString(36)}`, articleId: "" },
        keepBody: true,
      }));
      const accepted = (o: { status: number; body?: string }) => o.status === 200 && (o.body ?? "").includes(`ZQ${periods[0]}-`);
      http = figures(r, accepted);
      const bad = r.outcomes.find((o) => !accepted(o));
      if (bad) console.error("first refused comment:", bad.status, bad.error ?? bad.body?.slice(0, 300));

      // 50,000 comments waiting in another period's queue.
      const t0 = performance.now();
      await database.db.execute(sql`
        insert into consultation_comments (consultation_id, user_id, reference, idempotency_key, body, author_name, normalized, created_at)
        select ${periods[2]}, ${people[0]!.id}, 'ZQB-' || i, 'queue-' || i,
               '关于第' || i || '号楼加装电梯的意见：建议明确补贴标准和申请流程，第' || i || '条。',
               '居民', 'queue' || i, now() - (i || ' seconds')::interval
        from generate_series(1, ${COMMENT.queue}::int) as i`);
      await database.db.execute(sql`analyze consultation_comments`);
      console.log(`queued ${COMMENT.queue.toLocaleString("en-US")} comments in ${Math.round(performance.now() - t0)} ms`);
      const path = `/console/consultations/${periods[2]}/moderation`;
      await runLoad(3, 1, () => ({ origin: app.origin, method: "GET", path, headers: { cookie: staff.cookie } }));
      const q = await runLoad(COMMENT.queueLoads, 1, () => ({ origin: app.origin, method: "GET", path, headers: { cookie: staff.cookie }, keepBody: true }));
      for (const o of q.outcomes) loads.push(o.ms);
      queueBytes = q.outcomes[0]?.bytes ?? 0;
      check(q.outcomes.every((o) => o.status === 200), `moderation queue answers 200 (${[...new Set(q.outcomes.map((o) => o.status))].join(", ")})`);
      peak = app.peakMiB();
    } finally {
      await app.stop();
    }

    const direct = await openDatabase({ url, max: COMMENT.pool });
    const base = await runDirect(directPeople.length, COMMENT.concurrency, (i) =>
      submitComment(
        direct.db,
        { id: directPeople[i]!.id, displayName: "居民" },
        "127.0.0.1",
        periods[1]!,
        { body: commentText(i), idempotencyKey: `direct-${i}`, articleId: null, showName: false },
        new Date(),
        null,
        { perUser: 5, perIp: 1_000_000, windowSeconds: 600 },
      ),
    );
    await direct.close();

    const stored = await rows<{ c: number; n: string; groups: string }>(
      database.db,
      sql`select consultation_id as c, count(*) as n, count(distinct coalesce(group_id, id)) as groups
          from consultation_comments where consultation_id in (${periods[0]}, ${periods[1]}) group by consultation_id order by consultation_id`,
    );
    printTable(
      `Commenting: ${COMMENT.comments.toLocaleString("en-US")} residents comment on one open period at concurrency ${COMMENT.concurrency}`,
      ["run", "comments/s", "p50", "p99", "max", "refused", "stored", "vs baseline"],
      [
        ["one instance (HTTP)", fmt.n(http.perSecond), fmt.ms(http.p50), fmt.ms(http.p99), fmt.ms(http.max), http.errors, stored[0]?.n ?? 0, fmt.pct(http.perSecond / base.perSecond)],
        ["postgres.js baseline", fmt.n(base.perSecond), fmt.ms(base.p50), fmt.ms(base.p99), fmt.ms(base.max), base.errors, stored[1]?.n ?? 0, "100%"],
      ],
    );
    printTable(
      `Moderation queue with ${COMMENT.queue.toLocaleString("en-US")} comments waiting (${COMMENT.queueLoads} loads, one after another)`,
      ["page", "bytes", "p50", "p99", "max", "app peak memory"],
      [["/console/consultations/:id/moderation", fmt.n(queueBytes), fmt.ms(percentile(loads, 50)), fmt.ms(percentile(loads, 99)), fmt.ms(Math.max(...loads)), `${fmt.n(peak)} MiB`]],
    );
    check(http.errors === 0 && Number(stored[0]?.n) === COMMENT.comments, `every HTTP comment stored once (${stored[0]?.n})`);
    check(base.errors === 0 && Number(stored[1]?.n) === COMMENT.comments, `every direct comment stored once (${stored[1]?.n})`);
  } finally {
    await drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runComment();
