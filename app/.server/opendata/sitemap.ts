/**
 * sitemap.xml: every public page, each with the time its content last
 * changed (not when its row was written). A page's time is the latest of
 * what it shows: a decision's stages, documents and milestones; a
 * consultation's moderated comments and report, and its opening and closing
 * once they have happened; a policy's interpretations, FAQ, board and the
 * midnight it lapsed by its valid-until date; a call's freeze, distribution, draw and
 * witnesses. List pages take the latest of their entries; explanatory pages
 * (themes, how to verify a draw, disclosure requests, audit anchors) have none.
 */
import { sql, type SQL } from "drizzle-orm";
import { XMLBuilder } from "fast-xml-parser";
import { rows, ts, type Db } from "#db/index";
import { isoShanghai } from "~/lib/shanghai";
import { publicUrl } from "../urls";
import { policyLastmod } from "../policies/opendata";

interface Entry {
  path: string;
  lastmod: Date | null;
}

/** Raw SQL, because drizzle writes columns without table names in a subquery of a one-table select. */
async function pages(db: Db, query: SQL): Promise<Entry[]> {
  const list = await rows<{ path: string; lastmod: string | Date | null }>(db, query);
  return list.map((r) => ({ path: r.path, lastmod: r.lastmod == null ? null : new Date(r.lastmod) }));
}

/** When what a decision's page (and its API answer) shows last changed; `d` is the decision. */
export const DECISION_LASTMOD = sql`greatest(d.updated_at,
  (select max(s.updated_at) from decision_stages s where s.decision_id = d.id),
  (select max(doc.created_at) from decision_stage_documents doc where doc.decision_id = d.id),
  (select max(m.published_at) from decision_milestones m where m.decision_id = d.id))`;

/** The same for a catalogue `c`: its publication, its items and its public change history. */
export const CATALOGUE_LASTMOD = sql`greatest(c.updated_at, c.published_at,
  (select max(d.updated_at) from decisions d where d.catalogue_id = c.id),
  (select max(ch.at) from decision_catalogue_changes ch where ch.catalogue_id = c.id))`;

const latest = (list: Entry[]): Date | null =>
  list.reduce<Date | null>((m, e) => (e.lastmod && (!m || e.lastmod > m) ? e.lastmod : m), null);

/** Every public page with its last change; `now` decides which openings and closings have happened. */
export async function sitemapEntries(db: Db, now: Date): Promise<Entry[]> {
  const at = ts(now);
  const decisionPages = await pages(
    db,
    sql`select '/decisions/' || d.id as path, ${DECISION_LASTMOD} as lastmod
        from decisions d join decision_catalogues c on c.id = d.catalogue_id
        where c.published_at is not null order by d.id`,
  );
  const cataloguePages = await pages(
    db,
    sql`select '/units/' || u.slug || '/catalogue/' || c.year as path, ${CATALOGUE_LASTMOD} as lastmod
        from decision_catalogues c join units u on u.id = c.unit_id
        where c.published_at is not null order by c.year desc, u.slug`,
  );
  const consultationPages = await pages(
    db,
    sql`select '/consultations/' || c.id as path,
          greatest(c.updated_at, c.report_published_at,
            case when c.opens_at <= ${at} then c.opens_at end,
            case when c.closes_at <= ${at} then c.closes_at end,
            (select max(greatest(cc.moderated_at, cc.answered_at)) from consultation_comments cc
              where cc.consultation_id = c.id and cc.status = 'published')) as lastmod
        from consultations c where c.published_at is not null order by c.id`,
  );
  const eventPages = await pages(
    db,
    sql`select '/open-month/events/' || e.id as path, e.updated_at as lastmod
        from events e where e.status <> 'draft' order by e.id`,
  );
  const sessionPages = await pages(
    db,
    sql`select '/open-month/sessions/' || s.id as path, e.updated_at as lastmod
        from event_sessions s join events e on e.id = s.event_id where e.status <> 'draft' order by s.id`,
  );
  const callLastmod = sql`greatest(k.created_at, k.frozen_at, k.distributed_at, k.drawn_at, k.cancelled_at,
      case when k.opens_at <= ${at} then k.opens_at end,
      case when k.closes_at <= ${at} then k.closes_at end,
      (select max(greatest(w.committed_at, w.revealed_at)) from observer_witnesses w where w.call_id = k.id))`;
  const callPages = await pages(
    db,
    sql`select '/observers/calls/' || k.id as path, ${callLastmod} as lastmod from observer_calls k order by k.id`,
  );
  const meetingPages = await pages(
    db,
    sql`select '/observers/meetings/' || m.id as path,
          greatest(m.created_at,
            (select max(${callLastmod}) from observer_calls k where k.meeting_id = m.id),
            (select max(r.created_at) from observer_remarks r where r.meeting_id = m.id)) as lastmod
        from observer_meetings m order by m.id`,
  );
  const policyPages = await pages(
    db,
    sql`select '/policies/' || p.id as path, ${policyLastmod(now)} as lastmod from policies p where p.published_at is not null order by p.id`,
  );
  const decisionsList = latest([...decisionPages, ...cataloguePages]);
  const policiesList = latest(policyPages);
  const consultationsList = latest(consultationPages);
  const openMonth = latest(eventPages);
  const observers = latest([...meetingPages, ...callPages]);
  return [
    { path: "/", lastmod: latest([decisionsList, consultationsList, openMonth, observers].map((lastmod) => ({ path: "", lastmod }))) },
    { path: "/decisions", lastmod: decisionsList },
    ...cataloguePages,
    ...decisionPages,
    { path: "/consultations", lastmod: consultationsList },
    ...consultationPages,
    { path: "/open-month", lastmod: openMonth },
    { path: "/open-month/themes", lastmod: null },
    ...eventPages,
    ...sessionPages,
    { path: "/observers", lastmod: observers },
    { path: "/observers/verify", lastmod: null },
    ...meetingPages,
    ...callPages,
    { path: "/policies", lastmod: policiesList },
    ...policyPages,
    { path: "/requests", lastmod: null },
    { path: "/audit/anchors", lastmod: null },
  ];
}

const builder = new XMLBuilder({ format: true, ignoreAttributes: false });

export async function sitemapXml(db: Db, now: Date): Promise<string> {
  const url = (await sitemapEntries(db, now)).map((e) => ({ loc: publicUrl(e.path), lastmod: e.lastmod ? isoShanghai(e.lastmod) : undefined }));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ urlset: { "@_xmlns": "http://www.sitemaps.org/schemas/sitemap/0.9", url } })}`;
}
