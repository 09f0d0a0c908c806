/**
 * Atom feed of new and changed policies (政策文件更新): publications, 跟踪解读
 * and validity changes — amended, repealed or declared lapsed by staff, and
 * lapsed by the valid-until date at Shanghai midnight — site-wide, for one
 * unit, or for one topic or audience tag. The same events subscribers are
 * mailed about. Every text is type="text" (../opendata/atom.ts).
 */
import { eq, sql } from "drizzle-orm";
import { rows, type Db } from "#db/index";
import { units } from "#db/schema";
import { translate } from "~/i18n/messages";
import { policiesFeedPath } from "~/lib/feeds";
import { isoShanghai, shanghaiDay } from "~/lib/shanghai";
import { NotFoundError } from "../errors";
import { atomText, atomXml } from "../opendata/atom";
import { publicOrigin, publicUrl } from "../urls";
import { policyPath } from "./policies";

type EventKind = "published" | "interpreted" | "amended" | "repealed" | "lapsed";

interface EventRow {
  kind: EventKind;
  key: string;
  id: number | string;
  title: string;
  docNumber: string;
  unitNameZh: string;
  at: string | Date;
  detail: string | null;
  day: string | null;
  topics: string[] | string;
  audiences: string[] | string;
}

/** postgres.js gives text[] as an array; PGlite's raw rows may give the '{a,b}' literal. */
const list = (v: string[] | string): string[] => (Array.isArray(v) ? v : v.replace(/^\{|\}$/g, "").split(",").filter(Boolean).map((s) => s.replace(/^"|"$/g, "")));

const HEADLINE: Record<EventKind, string> = {
  published: "发布",
  interpreted: "跟踪解读",
  amended: "已修改",
  repealed: "已废止",
  lapsed: "已失效",
};

export interface PolicyFeedScope {
  unit?: string | null;
  tag?: string | null;
}

/** The feed's newest `limit` events as of `now` (a lapse appears once its midnight has passed). */
export async function policiesFeed(db: Db, scope: PolicyFeedScope, now: Date, limit = 50): Promise<string> {
  let unit: typeof units.$inferSelect | undefined;
  if (scope.unit) {
    [unit] = await db.select().from(units).where(eq(units.slug, scope.unit));
    if (!unit) throw new NotFoundError();
  }
  const tag = scope.tag ?? null;
  const where = sql`p.published_at is not null
    and (${unit?.id ?? null}::int is null or p.unit_id = ${unit?.id ?? null}::int)
    and (${tag}::text is null or p.topics @> array[${tag}::text] or p.audiences @> array[${tag}::text])`;
  const today = shanghaiDay(now);
  const events = await rows<EventRow>(
    db,
    sql`select * from (
          select 'published' as kind, 'published' as key, p.id, p.title, p.doc_number as "docNumber", u.name_zh as "unitNameZh",
                 p.published_at as at, p.summary as detail, p.issued_on::text as day, p.topics, p.audiences
            from policies p join units u on u.id = p.unit_id where ${where}
          union all
          select 'interpreted', 'interpretation-' || i.id, p.id, p.title, p.doc_number, u.name_zh,
                 i.created_at, i.title, i.published_on::text, p.topics, p.audiences
            from policy_interpretations i join policies p on p.id = i.policy_id join units u on u.id = p.unit_id
            where ${where} and i.kind = 'follow_up'
          union all
          select p.change::text, 'validity', p.id, p.title, p.doc_number, u.name_zh,
                 p.updated_at, p.change_note, p.changed_on::text, p.topics, p.audiences
            from policies p join units u on u.id = p.unit_id where ${where} and p.change <> 'in_force'
          union all
          select 'lapsed', 'validity', p.id, p.title, p.doc_number, u.name_zh,
                 (p.valid_until + 1)::timestamp at time zone 'Asia/Shanghai', null, (p.valid_until + 1)::text, p.topics, p.audiences
            from policies p join units u on u.id = p.unit_id
            where ${where} and p.change = 'in_force' and p.valid_until < ${today}::date
              and p.valid_until >= (p.published_at at time zone 'Asia/Shanghai')::date
        ) e order by at desc, id desc, key desc limit ${limit}`,
  );
  const selfPath = policiesFeedPath(unit?.slug ?? null, tag);
  const scopeName = tag ? `标签“${tag}” · ` : unit ? `${unit.nameZh} · ` : "浦东新区";
  const alternate = tag ? `/policies?topic=${encodeURIComponent(tag)}` : unit ? `/policies?unit=${encodeURIComponent(unit.slug)}` : "/policies";
  const feed = {
    "@_xmlns": "http://www.w3.org/2005/Atom",
    "@_xml:lang": "zh-CN",
    id: publicUrl(selfPath),
    title: atomText(`${scopeName}政策文件更新`),
    subtitle: atomText("新发布的政策文件、跟踪解读和效力变化（已修改、已废止、已失效）"),
    updated: isoShanghai(events[0] ? new Date(events[0].at) : now),
    link: [
      { "@_rel": "alternate", "@_type": "text/html", "@_href": publicUrl(alternate) },
      { "@_rel": "self", "@_type": "application/atom+xml", "@_href": publicUrl(selfPath) },
    ],
    rights: atomText("浦东新区人民政府"),
    generator: "Canyu",
    author: { name: unit?.nameZh ?? "浦东新区人民政府", uri: publicOrigin() },
    entry: events.map((e) => {
      const at = isoShanghai(new Date(e.at));
      const doc = e.docNumber ? `（${e.docNumber}）` : "";
      const what =
        e.kind === "interpreted"
          ? `${HEADLINE.interpreted}：${e.detail ?? ""}`
          : e.kind === "published"
            ? e.detail || translate("zh", "policies.validity.in_force")
            : `${translate("zh", `policies.validity.${e.kind}`)}${e.detail ? ` · ${e.detail}` : ""}`;
      return {
        id: publicUrl(`${policyPath(Number(e.id))}#${e.key}`),
        title: atomText(`${HEADLINE[e.kind]}：${e.title}${doc}`),
        link: { "@_rel": "alternate", "@_type": "text/html", "@_href": publicUrl(policyPath(Number(e.id))) },
        updated: at,
        published: at,
        summary: atomText(`${e.day ? `${e.day} · ` : ""}${e.unitNameZh} · ${what}`),
        author: { name: e.unitNameZh },
        category: [
          { "@_term": e.kind, "@_label": HEADLINE[e.kind] },
          ...[...new Set([...list(e.topics), ...list(e.audiences)])].map((t) => ({ "@_term": t })),
        ],
      };
    }),
  };
  return atomXml(feed);
}
