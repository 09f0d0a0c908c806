/**
 * 2026 区政府常务会议 with public observers: three past meetings (drawn, confirmed, attended,
 * remarks), a call open for applications now, a call whose distribution is published and whose
 * external value is out, waiting for the witnessed draw, and a drawn call where the demo citizen
 * 李强 holds an offered seat.
 *
 * Every demo draw runs the real protocol (declared external value, freeze, distribution, value,
 * reveals, draw) with fictional lottery numbers fixed here in advance. The demo witnesses are not
 * staff: the draws are run by 周敏 (staff.office), who may not be a witness.
 * Demo witness secrets (for the witnessed draw in the demo and in e2e): see DEMO_SECRETS.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { decisions, observerApplications, observerSeats, users } from "#db/schema";
import type { Actor } from "~/.server/context";
import { commitmentOf } from "~/.server/observers/draw";
import { addWitness, apply, createMeeting, openCall, type ApplyInput } from "~/.server/observers/calls";
import { callPage } from "~/.server/observers/public";
import { addRemark, draw, freezePool, publishDistribution, recordAttendance, respondSeat } from "~/.server/observers/seats";
import { computeDistribution } from "~/.server/observers/lottery";
import type { FoundationSeed } from "./foundation";

const DEMO_SECRETS = { resident: "陆家嘴居民代表-见证-2026", notary: "浦东公证处-见证-2026" };
const DEMO_WITNESSES = [
  { name: "张华", role: "陆家嘴街道居民代表", secret: DEMO_SECRETS.resident },
  { name: "浦东新区公证处", role: "公证员", secret: DEMO_SECRETS.notary },
];
/** The declared external value of every demo call: a (fictional) lottery drawing, and its numbers. */
const lottery = (issue: number) => ({
  source: `中国福利彩票双色球第2026${String(issue).padStart(3, "0")}期开奖号码（演示数据）`,
  value: ["03 08 14 21 27 30 + 05", "02 11 16 19 25 33 + 12", "07 09 13 22 24 31 + 01", "05 06 17 20 28 32 + 09", "01 04 10 18 26 29 + 14", "06 12 15 23 27 30 + 03"][issue % 6]!,
});

const at = (s: string) => new Date(s);
const DAY = 86400_000;
/** A Shanghai wall-clock time `days` from now's calendar day, e.g. 09:30 in 20 days. */
function dayAt(now: Date, days: number, hhmm: string): Date {
  const d = new Date(now.getTime() + days * DAY + 8 * 3600_000).toISOString().slice(0, 10);
  return new Date(`${d}T${hhmm}:00+08:00`);
}

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢";
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "华", "建国", "晓东", "佳怡", "子涵", "浩然", "雨婷", "思远"];
const STREETS = ["陆家嘴街道", "潍坊新村街道", "洋泾街道", "花木街道", "张江镇", "川沙新镇", "惠南镇", "塘桥街道"];
const ENTERPRISES = ["上海张江微纳科技有限公司", "上海浦东小河物流有限公司", "上海陆家嘴青禾咨询有限公司", "上海川沙绿田农业发展有限公司", "上海金桥精密制造有限公司", "上海外高桥跨境贸易有限公司"];
// Valid unified social credit codes (check character computed per GB 32100-2015).
const CODES = ["91310115MA1K3A1B2R", "91310115MA1H7QWE5E", "91310000MA1FL2K17P", "91310115MA1K4PLM88", "91310115MA7C2X9T18", "91310115MA1JXN5Q05"];

const FEATURES = [
  { key: "street", labelZh: "街镇", labelEn: "Street/town", values: STREETS },
  { key: "age", labelZh: "年龄段", labelEn: "Age band", values: ["18-34", "35-49", "50-64", "65+"] },
  { key: "gender", labelZh: "性别", labelEn: "Gender", values: ["女", "男"] },
];
const QUOTAS = [
  { feature: "category", value: "resident", min: 2, max: 4 },
  { feature: "category", value: "small_micro_enterprise", min: 1, max: 2 },
  { feature: "category", value: "private_enterprise", min: 1, max: 2 },
  { feature: "category", value: "others", min: 0, max: 1 },
  { feature: "gender", value: "女", min: 2, max: 4 },
  { feature: "gender", value: "男", min: 2, max: 4 },
];

function applicantForm(i: number): ApplyInput & { email: string } {
  const cat = i % 7 === 3 ? "small_micro_enterprise" : i % 7 === 5 ? "private_enterprise" : i % 11 === 8 ? "others" : "resident";
  const name = SURNAMES[(i * 7) % SURNAMES.length]! + GIVEN[(i * 5) % GIVEN.length]!;
  const ent = cat === "small_micro_enterprise" || cat === "private_enterprise";
  return {
    email: `observer.applicant${i}@example.com`,
    category: cat,
    features: { street: STREETS[(i * 3) % STREETS.length]!, age: FEATURES[1]!.values[(i * 5) % 4]!, gender: i % 2 ? "男" : "女" },
    fullName: name,
    enterpriseName: ent ? ENTERPRISES[i % ENTERPRISES.length]! : null,
    creditCode: ent ? CODES[i % CODES.length]! : null,
    statement: ["关心议题对社区居民生活的影响，希望了解决策过程。", "作为企业经营者，关注营商环境和政策稳定性。", "长期参与社区志愿服务，希望把居民意见带到会上。"][i % 3]!,
    noConflict: true,
    consentPublish: i % 4 !== 0,
  };
}

export async function seedObservers(tx: Db, f: FoundationSeed, now: Date): Promise<void> {
  const t0 = Date.now();
  const unitId = f.unitIds["district-office"];
  const staff: Actor = { id: f.userIds["staff.office@pudong.example"]!, role: "staff", unitId };
  const ds = await tx.select().from(decisions).where(and(eq(decisions.unitId, unitId), eq(decisions.year, 2026))).orderBy(asc(decisions.position));
  const agendaFor = (i: number) => (ds.length ? [{ decisionId: ds[i % ds.length]!.id }] : [{ title: "审议区政府有关事项" }]);

  // Applicant accounts (they cannot log in: no password).
  const people = Array.from({ length: 40 }, (_, i) => applicantForm(i));
  const inserted = await tx
    .insert(users)
    .values(people.map((p) => ({ email: p.email, displayName: p.fullName, role: "citizen" as const, passwordHash: "!" })))
    .returning({ id: users.id });
  const ids = inserted.map((r) => r.id);

  async function runCall(opts: {
    meetingAt: Date;
    title: string;
    place: string;
    agenda: number;
    opensAt: Date;
    closesAt: Date;
    externalPublishesAt: Date;
    issue: number;
    people: number[];
    extra?: { userId: number; form: ApplyInput }[];
    seats?: number;
    quotas?: typeof QUOTAS;
    excludePrevious?: boolean;
  }) {
    const m = await createMeeting(tx, staff, { unitId, title: opts.title, startsAt: opts.meetingAt, place: opts.place, seats: 8, agenda: agendaFor(opts.agenda) }, opts.opensAt);
    const c = await openCall(
      tx,
      staff,
      {
        meetingId: m.id,
        seats: opts.seats ?? 6,
        opensAt: opts.opensAt,
        closesAt: opts.closesAt,
        eligibility: "年满18周岁、在浦东新区居住或工作的市民，以及在浦东新区注册的小微企业、民营企业的负责人或其委托的员工。与议题有直接利害关系者请勿报名。",
        features: FEATURES,
        quotas: opts.quotas ?? QUOTAS,
        excludePrevious: opts.excludePrevious ?? true,
        confirmDays: 5,
        externalSource: lottery(opts.issue).source,
        externalPublishesAt: opts.externalPublishesAt,
      },
      opts.opensAt,
    );
    for (const [k, w] of DEMO_WITNESSES.entries())
      await addWitness(tx, staff, c.id, { name: w.name, role: w.role, commitment: commitmentOf(w.secret) }, new Date(opts.opensAt.getTime() + (k + 1) * 3600_000));
    const during = new Date(opts.opensAt.getTime() + DAY);
    for (const i of opts.people) await apply(tx, ids[i]!, c.id, people[i]!, during);
    for (const e of opts.extra ?? []) await apply(tx, e.userId, c.id, e.form, during);
    return { m, c };
  }

  /** Freeze and publish the distribution, solved in-process (seeds run inside one transaction). */
  async function distribute(callId: number, when: Date) {
    await freezePool(tx, staff, callId, when);
    await publishDistribution(tx, staff, callId, new Date(when.getTime() + 40_000), { compute: computeDistribution });
  }

  /** The honest draw: the declared value as "published", then both witnesses reveal. */
  async function drawCall(callId: number, issue: number, when: Date) {
    const w = (await callPage(tx, callId)).witnesses;
    const reveals = Object.fromEntries(w.map((x) => [x.id, DEMO_WITNESSES.find((d) => d.name === x.name)!.secret]));
    return draw(tx, staff, callId, { reveals, externalValue: lottery(issue).value }, when);
  }

  // Three past meetings: drawn, everyone confirms, attendance and remarks recorded.
  const past = [
    { meetingAt: at("2026-03-19T09:30:00+08:00"), opensAt: at("2026-02-23T09:00:00+08:00"), closesAt: at("2026-03-06T24:00:00+08:00"), people: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], n: 1 },
    { meetingAt: at("2026-06-18T09:30:00+08:00"), opensAt: at("2026-05-18T09:00:00+08:00"), closesAt: at("2026-06-05T24:00:00+08:00"), people: [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 0, 1], n: 2 },
    { meetingAt: at("2026-09-17T09:30:00+08:00"), opensAt: at("2026-08-17T09:00:00+08:00"), closesAt: at("2026-09-04T24:00:00+08:00"), people: [28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 2, 3, 12], n: 3 },
  ];
  const remarks = [
    ["建议在方案中明确保障性租赁住房对新市民的申请时限，并提供线上办理渠道。", "已采纳：实施意见增加“一网通办”线上申请，审核时限明确为15个工作日。"],
    ["希望准入标准调整后给予已轮候家庭过渡期。", "部分采纳：对已轮候家庭设置6个月过渡期；收入标准按新规执行。"],
    ["应急预案应增加面向老年人和外籍人士的多语种预警信息发布。", "已采纳：预案“信息发布”一节增加多语种和适老化发布要求。"],
  ];
  for (const [k, p] of past.entries()) {
    if (p.meetingAt >= now) continue;
    const { m, c } = await runCall({
      ...p,
      title: `2026年第${p.n * 6}次区政府常务会议`,
      place: "浦东新区人民政府 第一会议室（世纪大道2001号）",
      agenda: k,
      externalPublishesAt: new Date(p.closesAt.getTime() + 21.5 * 3600_000),
      issue: 20 + 30 * k,
    });
    await distribute(c.id, new Date(p.closesAt.getTime() + 9 * 3600_000));
    await drawCall(c.id, 20 + 30 * k, new Date(p.closesAt.getTime() + 34 * 3600_000));
    const seats = await tx.select({ seat: observerSeats, userId: observerApplications.userId }).from(observerSeats).innerJoin(observerApplications, eq(observerApplications.id, observerSeats.applicationId)).where(eq(observerSeats.callId, c.id)).orderBy(asc(observerSeats.id));
    for (const [j, s] of seats.entries()) {
      await respondSeat(tx, s.userId, s.seat.id, j !== 1, new Date(p.closesAt.getTime() + 2 * DAY));
    }
    const confirmed = await tx.select().from(observerSeats).where(and(eq(observerSeats.callId, c.id), eq(observerSeats.status, "offered")));
    for (const s of confirmed) {
      const [a] = await tx.select().from(observerApplications).where(eq(observerApplications.id, s.applicationId));
      await respondSeat(tx, a!.userId, s.id, true, new Date(p.closesAt.getTime() + 3 * DAY));
    }
    const final = await tx.select().from(observerSeats).where(and(eq(observerSeats.callId, c.id), eq(observerSeats.status, "confirmed"))).orderBy(asc(observerSeats.id));
    for (const [j, s] of final.entries()) await recordAttendance(tx, staff, s.id, j !== final.length - 1, p.meetingAt);
    const ag = ds.length ? ds[k % ds.length]!.id : null;
    await addRemark(tx, staff, { seatId: final[0]!.id, decisionId: ag, remark: remarks[k]![0]!, response: remarks[k]![1]! }, new Date(p.meetingAt.getTime() + 7 * DAY));
    void m;
  }

  // Open now: applications being received (the demo citizens may apply).
  await runCall({
    meetingAt: dayAt(now, 20, "09:30"),
    title: "2026年第24次区政府常务会议",
    place: "浦东新区人民政府 第一会议室（世纪大道2001号）",
    agenda: 2,
    opensAt: dayAt(now, -3, "09:00"),
    closesAt: dayAt(now, 11, "00:00"),
    externalPublishesAt: dayAt(now, 11, "21:30"),
    issue: 140,
    people: [4, 6, 8, 9, 11, 13, 15, 17, 19, 21, 23, 24, 26, 29, 31, 33, 35, 38],
  });

  // Distribution published, the declared lottery drawn last night: the witnessed draw is next.
  const ready = await runCall({
    meetingAt: dayAt(now, 6, "09:30"),
    title: "2026年第23次区政府常务会议",
    place: "浦东新区人民政府 第二会议室",
    agenda: 1,
    opensAt: dayAt(now, -20, "09:00"),
    closesAt: dayAt(now, -2, "00:00"),
    externalPublishesAt: dayAt(now, -1, "21:30"),
    issue: READY_ISSUE,
    people: [5, 7, 10, 14, 16, 18, 19, 20, 22, 24, 25, 26, 27, 30, 31, 32, 33, 34, 36, 37, 38, 39],
  });
  await distribute(ready.c.id, dayAt(now, -2, "09:00"));

  // Drawn yesterday, honestly. 李强 holds an offered seat by a documented demo shortcut: when the
  // draw did not select him, the demo residents ranked before him decline one after another (each
  // seat passes to the next resident alternate, as the rules say) until the seat reaches him.
  const liQiang = f.userIds["li.qiang@example.com"]!;
  const liForm: ApplyInput = { category: "resident", features: { street: "花木街道", age: "35-49", gender: "男" }, fullName: "李强", statement: "住在花木街道，关心公共服务设施规划。", noConflict: true, consentPublish: true };
  const drawn = await runCall({
    meetingAt: dayAt(now, 4, "14:00"),
    title: "2026年第22次区政府常务会议（专题）",
    place: "浦东新区人民政府 第三会议室",
    agenda: 0,
    opensAt: dayAt(now, -25, "09:00"),
    closesAt: dayAt(now, -4, "00:00"),
    externalPublishesAt: dayAt(now, -3, "21:30"),
    issue: 134,
    seats: 4,
    excludePrevious: false,
    quotas: [
      { feature: "category", value: "resident", min: 2, max: 2 },
      { feature: "category", value: "small_micro_enterprise", min: 1, max: 1 },
      { feature: "category", value: "private_enterprise", min: 1, max: 1 },
    ],
    people: [0, 1, 2, 3, 4, 5, 6, 10, 12, 17],
    extra: [{ userId: liQiang, form: liForm }],
  });
  await distribute(drawn.c.id, dayAt(now, -4, "09:00"));
  await drawCall(drawn.c.id, 134, new Date(now.getTime() - DAY));
  await seatByDeclines(tx, drawn.c.id, liQiang, new Date(now.getTime() - DAY + 3600_000));
  if (process.env.SEED_TIMING) console.log(`observers seed: ${Date.now() - t0} ms`);
}

const READY_ISSUE = 137;

/** The demo shortcut above: decline the resident seat ahead of `userId` until the seat is theirs. */
async function seatByDeclines(tx: Db, callId: number, userId: number, when: Date) {
  for (let step = 0; step < 50; step++) {
    const seats = await tx
      .select({ seat: observerSeats, app: observerApplications })
      .from(observerSeats)
      .innerJoin(observerApplications, eq(observerApplications.id, observerSeats.applicationId))
      .where(eq(observerSeats.callId, callId))
      .orderBy(asc(observerSeats.id));
    if (seats.some((s) => s.app.userId === userId)) return;
    const ahead = seats.find((s) => s.seat.status === "offered" && s.app.category === "resident");
    if (!ahead) throw new Error("demo: no resident seat to pass on");
    await respondSeat(tx, ahead.app.userId, ahead.seat.id, false, new Date(when.getTime() + step * 60_000));
  }
}
