/**
 * 政府开放月 demo data: the coming August (2026 while the clock is before
 * September 2026, else the next one) with registration open, some sessions
 * nearly full or full with a waitlist; the year before with attendance figures;
 * theme proposals with support; a questionnaire with answers.
 */
import { eq } from "drizzle-orm";
import type { Db } from "#db/index";
import {
  eventQuestions,
  eventRegistrations,
  eventResponses,
  eventSessions,
  eventThemeProposals,
  eventThemeSupports,
  events,
} from "#db/schema";
import { newCode } from "~/.server/events/codes";
import { openMonthYear, shanghai } from "~/lib/events-time";
import type { DemoUnitSlug, FoundationSeed } from "./foundation";

interface SeedEvent {
  unit: DemoUnitSlug;
  title: string;
  host: string;
  theme: string;
  area: string;
  venue: string;
  address: string;
  directions: string;
  description: string;
  activities: string[];
  accessibility: string;
  ageLimit: string | null;
  bring: string | null;
  /** [day of August, start hour, minutes, duration minutes, capacity, max seats, booked share] */
  sessions: [number, number, number, number, number, number, number][];
}

const catalogue: SeedEvent[] = [
  {
    unit: "district-office",
    title: "走进区档案馆：翻开浦东开发开放的档案",
    host: "浦东新区档案馆",
    theme: "城市记忆",
    area: "花木",
    venue: "浦东新区档案馆 一楼展厅",
    address: "上海市浦东新区迎春路 520 号",
    directions: "地铁2号线世纪公园站3号口出，沿迎春路向东步行约8分钟；馆内无社会停车位。",
    description: "查看浦东开发开放以来的珍贵档案原件，了解档案查阅和政府信息公开申请的流程，并与档案馆工作人员座谈。",
    activities: ["experience", "qa", "questionnaire"],
    accessibility: "全程无障碍通道，可借用轮椅；展厅设有休息座椅。",
    ageLimit: "12岁以上，未成年人须家长陪同",
    bring: "身份证件（入馆登记）",
    sessions: [
      [6, 9, 30, 120, 30, 4, 0.4],
      [13, 14, 0, 120, 30, 4, 0.97],
      [20, 9, 30, 120, 30, 4, 1],
    ],
  },
  {
    unit: "construction",
    title: "城市大脑：区城市运行管理中心开放日",
    host: "浦东新区城市运行管理中心",
    theme: "城市治理",
    area: "花木",
    venue: "区城市运行管理中心 指挥大厅",
    address: "上海市浦东新区合欢路 2 号",
    directions: "地铁2号线世纪公园站1号口出，步行约10分钟，从北门进入。",
    description: "走进“城市大脑”指挥大厅，看一网统管如何发现和处置城市运行问题；体验12345热线工单流转，与值班长面对面交流。",
    activities: ["experience", "qa", "symposium"],
    accessibility: "电梯直达三楼指挥大厅；提供手语翻译（请提前3天说明）。",
    ageLimit: "16岁以上",
    bring: "身份证件",
    sessions: [
      [8, 10, 0, 90, 25, 2, 0.92],
      [15, 10, 0, 90, 25, 2, 0.6],
      [22, 14, 0, 90, 25, 2, 0.2],
    ],
  },
  {
    unit: "planning",
    title: "规划浦东：区规划展示馆导览与规划座谈",
    host: "浦东新区规划展示馆",
    theme: "规划建设",
    area: "陆家嘴",
    venue: "浦东新区规划展示馆",
    address: "上海市浦东新区世纪大道 2001 号",
    directions: "地铁2、4、6、9号线世纪大道站8号口出，步行约5分钟。",
    description: "规划师带领参观浦东城市总体规划模型，介绍“十五五”重点区域规划，并就社区更新规划听取市民意见。",
    activities: ["experience", "symposium", "questionnaire"],
    accessibility: "无障碍入口位于东侧；提供大字版导览手册。",
    ageLimit: null,
    bring: null,
    sessions: [
      [9, 9, 30, 120, 40, 4, 0.5],
      [16, 9, 30, 120, 40, 4, 0.75],
      [23, 14, 0, 120, 40, 4, 0.1],
    ],
  },
  {
    unit: "ecology",
    title: "一滴水的旅程：白龙港污水处理厂开放日",
    host: "白龙港污水处理厂",
    theme: "生态环境",
    area: "川沙",
    venue: "白龙港污水处理厂 科普展示厅",
    address: "上海市浦东新区合庆镇白龙港 1 号",
    directions: "统一乘坐接驳车：上午8:30于地铁2号线川沙站2号口集合。厂区内请勿单独行动。",
    description: "沿着污水处理工艺流程实地参观，了解水质监测与污泥处置，参与水环境治理问卷调查。",
    activities: ["experience", "qa", "questionnaire"],
    accessibility: "厂区部分步道为坡道，行动不便者请报名时说明，可安排电瓶车。",
    ageLimit: "10岁以上，未成年人须家长陪同",
    bring: "平底鞋、遮阳帽、饮用水",
    sessions: [
      [7, 9, 0, 150, 20, 3, 0.95],
      [14, 9, 0, 150, 20, 3, 0.5],
      [21, 9, 0, 150, 20, 3, 0.3],
    ],
  },
  {
    unit: "district-office",
    title: "走进区市民中心：“一网通办”和12345热线体验",
    host: "浦东新区市民中心",
    theme: "政务服务",
    area: "花木",
    venue: "浦东新区市民中心 A 区大厅",
    address: "上海市浦东新区合欢路 2 号",
    directions: "地铁2号线世纪公园站1号口出，沿锦绣路向南步行约10分钟；地下车库可停车。",
    description: "体验“一网通办”自助终端和“好办”“快办”服务，旁听12345热线接线，与窗口工作人员座谈办事中的难点。",
    activities: ["experience", "qa", "symposium", "questionnaire"],
    accessibility: "全程无障碍；服务大厅设有爱心窗口和助听设备。",
    ageLimit: null,
    bring: "如有办事问题可带相关材料现场咨询",
    sessions: [
      [5, 14, 0, 120, 30, 4, 0.3],
      [12, 14, 0, 120, 30, 4, 0.55],
      [19, 14, 0, 120, 30, 4, 0.8],
      [26, 14, 0, 120, 30, 4, 0.1],
    ],
  },
  {
    unit: "drc",
    title: "张江科学城展示中心：科创浦东之旅",
    host: "张江科学城展示中心",
    theme: "科技创新",
    area: "张江",
    venue: "张江科学城展示中心",
    address: "上海市浦东新区科苑路 399 号",
    directions: "地铁2号线张江高科站1号口出，步行约12分钟。",
    description: "参观张江科学城发展历程和重大科技基础设施展示，与区发改委就科技创新政策开展问答。",
    activities: ["experience", "qa"],
    accessibility: "展厅全程平层，有无障碍卫生间。",
    ageLimit: "8岁以上",
    bring: null,
    sessions: [
      [10, 10, 0, 90, 35, 4, 0.85],
      [24, 10, 0, 90, 35, 4, 0.45],
    ],
  },
  {
    unit: "civil-affairs",
    title: "家门口的养老服务：综合为老服务中心开放日",
    host: "浦东新区民政局",
    theme: "民生保障",
    area: "陆家嘴",
    venue: "陆家嘴街道综合为老服务中心",
    address: "上海市浦东新区东昌路 360 号",
    directions: "地铁2号线陆家嘴站3号口出，步行约10分钟。",
    description: "参观日间照料、助餐点和康复辅具租赁，了解长护险和养老服务补贴申请，座谈社区养老需求。",
    activities: ["experience", "symposium"],
    accessibility: "全程无障碍；适合老年人及其家属参加。",
    ageLimit: null,
    bring: null,
    sessions: [
      [11, 9, 30, 90, 20, 2, 0.65],
      [25, 9, 30, 90, 20, 2, 0.3],
    ],
  },
];

const pastCatalogue: SeedEvent[] = [
  { ...catalogue[0], title: "走进区档案馆：浦东老照片里的城市变迁", sessions: [[9, 9, 30, 120, 30, 4, 0.9], [16, 9, 30, 120, 30, 4, 0.85]] },
  { ...catalogue[1], title: "城市运行“一网统管”开放日", sessions: [[10, 10, 0, 90, 25, 2, 0.95], [17, 10, 0, 90, 25, 2, 0.8]] },
  { ...catalogue[3], title: "白龙港污水处理厂：看得见的水环境治理", sessions: [[8, 9, 0, 150, 20, 3, 0.9]] },
  { ...catalogue[4], title: "区市民中心：政务服务“好办”“快办”体验", sessions: [[13, 14, 0, 120, 30, 4, 0.75], [20, 14, 0, 120, 30, 4, 0.7]] },
  { ...catalogue[5], title: "张江科学城：走近大科学装置", sessions: [[23, 10, 0, 90, 35, 4, 0.88]] },
];

const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";
const given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕"];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export { openMonthYear };

export async function seedEvents(tx: Db, f: FoundationSeed, now: Date): Promise<void> {
  const year = openMonthYear(now);
  const rand = rng(20260801);
  const name = () => surnames[Math.floor(rand() * surnames.length)] + given[Math.floor(rand() * given.length)];
  let phone = 13900000000;

  async function insertYear(list: SeedEvent[], y: number, past: boolean) {
    const ids: number[] = [];
    for (const ev of list) {
      const { sessions, unit, ...rest } = ev;
      const [e] = await tx
        .insert(events)
        // Published in the story before registration opened, not when the demo data was loaded.
        .values({ ...rest, unitId: f.unitIds[unit], year: y, status: "published", updatedAt: new Date(Math.min(now.getTime() - 10 * 86_400_000, shanghai(y, 7, 1).getTime())) })
        .returning({ id: events.id });
      ids.push(e.id);
      for (const [day, h, min, dur, capacity, maxSeats, share] of sessions) {
        const startsAt = shanghai(y, 8, day, h, min);
        const opens = shanghai(y, 7, 10);
        const [s] = await tx
          .insert(eventSessions)
          .values({
            eventId: e.id,
            startsAt,
            endsAt: new Date(startsAt.getTime() + dur * 60_000),
            capacity,
            maxSeatsPerRegistration: maxSeats,
            registrationOpensAt: past || opens < now ? opens : new Date(now.getTime() - 86_400_000),
            registrationClosesAt: new Date(startsAt.getTime() - 24 * 3600_000),
            cancelDeadline: new Date(startsAt.getTime() - 24 * 3600_000),
          })
          .returning({ id: eventSessions.id });
        // Book `share` of the seats with hotline/web registrations of made-up residents.
        let taken = 0;
        const target = share >= 1 ? capacity : Math.min(capacity - 1, Math.round(capacity * share));
        const regs: (typeof eventRegistrations.$inferInsert)[] = [];
        while (taken < target) {
          const seats = Math.min(target - taken, 1 + Math.floor(rand() * Math.min(maxSeats, 3)));
          const names = Array.from({ length: seats }, name);
          const created = new Date(Math.min(now.getTime(), startsAt.getTime()) - (20 + rand() * 200) * 3600_000);
          regs.push({
            sessionId: s.id,
            userId: null,
            contactName: names[0],
            contactPhone: String(phone++),
            seats,
            attendeeNames: names,
            status: "confirmed",
            channel: rand() < 0.2 ? "hotline" : "web",
            code: newCode(),
            confirmedAt: created,
            createdAt: created,
            checkedInAt: past && rand() < 0.9 ? new Date(startsAt.getTime() - rand() * 20 * 60_000) : null,
          });
          taken += seats;
        }
        if (past) for (const r of regs) if (!r.checkedInAt) r.noShowAt = new Date(startsAt.getTime() + dur * 60_000 + 3600_000);
        // A full session in the coming month also has residents waiting.
        if (!past && share >= 1) {
          for (let i = 0; i < 3; i++) {
            const nm = name();
            const at = new Date(now.getTime() - (10 - i) * 3600_000);
            regs.push({ sessionId: s.id, userId: null, contactName: nm, contactPhone: String(phone++), seats: 1, attendeeNames: [nm], status: "waitlisted", channel: "web", code: newCode(), waitlistedAt: at, createdAt: at });
          }
        }
        // Each request's place in the order of acceptance follows the time it was accepted.
        regs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        regs.forEach((r, i) => (r.seq = i + 1));
        if (regs.length) await tx.insert(eventRegistrations).values(regs);
        await tx.update(eventSessions).set({ taken, accepted: regs.length }).where(eq(eventSessions.id, s.id));
      }
    }
    return ids;
  }

  const pastIds = await insertYear(pastCatalogue, year - 1, true);
  const ids = await insertYear(catalogue, year, false);

  // A demo resident already registered for the city-operations centre.
  // (Registered through the normal table shape so "my registrations" has something to show.)
  const [firstSession] = await tx.select().from(eventSessions).where(eq(eventSessions.eventId, ids[4])).limit(1);
  const wang = f.userIds["wang.fang@example.com"];
  if (firstSession && wang) {
    await tx.insert(eventRegistrations).values({
      sessionId: firstSession.id,
      userId: wang,
      contactName: "王芳",
      contactEmail: "wang.fang@example.com",
      seats: 2,
      attendeeNames: ["王芳", "王小明"],
      status: "confirmed",
      code: newCode(),
      seq: firstSession.accepted + 1,
      // Later than every made-up registration of the session, so accepted-at follows the order.
      confirmedAt: new Date(now.getTime() - 12 * 3600_000),
      createdAt: new Date(now.getTime() - 12 * 3600_000),
    });
    await tx.update(eventSessions).set({ taken: firstSession.taken + 2, accepted: firstSession.accepted + 1 }).where(eq(eventSessions.id, firstSession.id));
  }

  // Questionnaire for the archives and the citizens' centre, with answers from last year.
  const q = (eventId: number) => [
    { eventId, position: 1, kind: "rating" as const, prompt: "您对本次开放活动的总体满意度", options: [], required: true },
    { eventId, position: 2, kind: "single" as const, prompt: "您是从哪里得知本次活动的？", options: ["“上海浦东”微信公众号", "社区居委会", "亲友介绍", "本平台"], required: true },
    { eventId, position: 3, kind: "multiple" as const, prompt: "您最感兴趣的环节（可多选）", options: ["现场参观", "互动问答", "座谈交流", "体验项目"], required: false },
    { eventId, position: 4, kind: "text" as const, prompt: "您对政府开放活动还有哪些意见和建议？", options: [], required: false },
  ];
  for (const id of [ids[0], ids[4], pastIds[0]]) await tx.insert(eventQuestions).values(q(id));
  const pastQs = await tx.select().from(eventQuestions).where(eq(eventQuestions.eventId, pastIds[0]));
  const attended = await tx
    .select({ id: eventRegistrations.id })
    .from(eventRegistrations)
    .innerJoin(eventSessions, eq(eventSessions.id, eventRegistrations.sessionId))
    .where(eq(eventSessions.eventId, pastIds[0]));
  const comments = ["希望增加周末场次", "讲解很专业，档案原件很震撼", "建议提供线上预约参观档案查阅", "", "希望能带孩子再来一次"];
  await tx.insert(eventResponses).values(
    attended.slice(0, 24).map((r, i) => ({
      eventId: pastIds[0],
      registrationId: r.id,
      answers: {
        [pastQs[0].id]: 3 + Math.floor(rand() * 3),
        [pastQs[1].id]: Math.floor(rand() * 4),
        [pastQs[2].id]: [0, 1, 2, 3].filter(() => rand() < 0.5),
        [pastQs[3].id]: comments[i % comments.length],
      },
      submittedAt: shanghai(year - 1, 8, 10 + (i % 5), 20),
    })),
  );

  // Theme solicitation for the coming month.
  const who = Object.values(f.userIds);
  const proposals = [
    { title: "走进地铁运营控制中心", description: "想看看早晚高峰地铁是怎么调度的。", supports: 5 },
    { title: "垃圾分类末端处置厂参观", description: "湿垃圾最后去了哪里？", supports: 4 },
    { title: "公共法律服务中心开放日", description: "了解免费法律咨询和调解怎么预约。", supports: 2 },
    { title: "区档案馆家谱查询体验", description: null, supports: 3 },
  ];
  for (const [i, p] of proposals.entries()) {
    const [row] = await tx
      .insert(eventThemeProposals)
      .values({
        year,
        title: p.title,
        description: p.description,
        proposerId: f.userIds["li.qiang@example.com"] ?? who[0],
        status: i === 3 ? "adopted" : "open",
        eventId: i === 3 ? ids[0] : null,
        createdAt: shanghai(year, 5, 10 + i),
      })
      .returning({ id: eventThemeProposals.id });
    const supporters = who.slice(0, p.supports);
    if (supporters.length) await tx.insert(eventThemeSupports).values(supporters.map((u) => ({ proposalId: row.id, userId: u, createdAt: shanghai(year, 5, 20) })));
  }
}
