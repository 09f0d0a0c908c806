/** Following a decision (milestone mails) and subscribing to tags (new-decision mails). */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { decisionCatalogues, decisionFollows, decisions, tagSubscriptions } from "#db/schema";
import { NotFoundError, UserError } from "../errors";

export async function setFollow(db: Db, userId: number, decisionId: number, follow: boolean, now: Date) {
  const [d] = await db
    .select({ id: decisions.id, publishedAt: decisionCatalogues.publishedAt })
    .from(decisions)
    .innerJoin(decisionCatalogues, eq(decisionCatalogues.id, decisions.catalogueId))
    .where(eq(decisions.id, decisionId));
  if (!d || !d.publishedAt) throw new NotFoundError();
  if (follow) {
    await db.insert(decisionFollows).values({ userId, decisionId, createdAt: now }).onConflictDoNothing();
  } else {
    await db.delete(decisionFollows).where(and(eq(decisionFollows.userId, userId), eq(decisionFollows.decisionId, decisionId)));
  }
}

export async function setTagSubscription(db: Db, userId: number, tag: string, subscribe: boolean, now: Date) {
  const t = tag.trim();
  if (!t || t.length > 20) throw new UserError("decisions.err.tag", {}, "tag");
  if (subscribe) {
    await db.insert(tagSubscriptions).values({ userId, tag: t, createdAt: now }).onConflictDoNothing();
  } else {
    await db.delete(tagSubscriptions).where(and(eq(tagSubscriptions.userId, userId), eq(tagSubscriptions.tag, t)));
  }
}

export async function listSubscriptions(db: Db, userId: number) {
  const tags = await db.select({ tag: tagSubscriptions.tag }).from(tagSubscriptions).where(eq(tagSubscriptions.userId, userId)).orderBy(asc(tagSubscriptions.tag));
  const follows = await db
    .select({ id: decisions.id, title: decisions.title, status: decisions.status })
    .from(decisionFollows)
    .innerJoin(decisions, eq(decisions.id, decisionFollows.decisionId))
    .where(eq(decisionFollows.userId, userId))
    .orderBy(asc(decisions.id));
  return { tags: tags.map((t) => t.tag), follows };
}
