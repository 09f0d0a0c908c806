import type { Db } from "#db/index";
import { units } from "#db/schema";
import { eq } from "drizzle-orm";
import { NotFoundError } from "../errors";
import { listPublishedComments, publishedCountsByArticle } from "./comments";
import { decisionTitle } from "./decision-link";
import { getConsultation, isFollowing, listArticles, listAttachments, listEvents, periodStatus } from "./periods";
import type { FeedbackReport } from "./report";
import { MIN_PERIOD_DAYS, publicPeriodDays } from "./time";
import type { Lang } from "~/i18n/messages";
import { formatDateTime, formatPeriodEnd } from "~/lib/dates";
import { isoShanghai } from "~/lib/shanghai";

const DAY = 86_400_000;

/** Everything the public page shows; drafts are not found. */
export async function getPublicConsultation(db: Db, id: number, now: Date, userId: number | null, lang: Lang) {
  const c = await getConsultation(db, id);
  const status = periodStatus(c, now);
  if (status === "draft") throw new NotFoundError();
  const [unit] = await db.select({ nameZh: units.nameZh, nameEn: units.nameEn }).from(units).where(eq(units.id, c.unitId));
  const counts = await publishedCountsByArticle(db, id);
  const articles = (await listArticles(db, id)).map((a) => ({ ...a, published: counts[String(a.id)] ?? 0 }));
  const events = (await listEvents(db, id)).map((e) => ({
    kind: e.kind,
    at: formatDateTime(e.at, lang),
    atIso: isoShanghai(e.at),
    from: e.previousClosesAt ? formatPeriodEnd(e.previousClosesAt, lang) : null,
    to: e.closesAt ? formatPeriodEnd(e.closesAt, lang) : null,
    reason: e.reason,
  }));
  return {
    id: c.id,
    title: c.title,
    summary: c.summary,
    explanation: c.explanation,
    interpretation: c.interpretation,
    otherWays: c.otherWays,
    shortReason: publicPeriodDays(c.opensAt, c.announcedClosesAt ?? c.closesAt, c.publishedAt) < MIN_PERIOD_DAYS ? c.shortReason : null,
    unit,
    status,
    opensAt: formatDateTime(c.opensAt, lang),
    closesAt: formatPeriodEnd(c.closesAt, lang),
    daysLeft: status === "open" ? Math.ceil((c.closesAt.getTime() - now.getTime()) / DAY) : null,
    closesAtIso: c.closesAt.toISOString(),
    decision: await decisionTitle(db, c.decisionId),
    articles,
    wholeCount: counts.whole ?? 0,
    events,
    attachments: await listAttachments(db, id),
    comments: await listPublishedComments(db, id),
    report: c.reportPublishedAt ? { summary: c.reportSummary, publishedAt: formatDateTime(c.reportPublishedAt, lang), data: c.reportData as unknown as FeedbackReport } : null,
    following: userId != null ? await isFollowing(db, userId, id) : false,
  };
}
