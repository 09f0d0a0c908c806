/** A decision with its eleven stages, for tests (not used by the app). Units and accounts: #db/testing/kit. */
import { eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { decisionCatalogues, decisions } from "#db/schema";
import { uniq } from "#db/testing/kit";
import { ensureStages } from "./stages";

export async function makeDecision(
  db: Db,
  opts: { unitId: number; year?: number; published?: Date | null; title?: string; summary?: string; tags?: string[] },
) {
  const year = opts.year ?? 2026;
  let [cat] = await db.select().from(decisionCatalogues).where(eq(decisionCatalogues.unitId, opts.unitId));
  if (!cat || cat.year !== year) {
    [cat] = await db
      .insert(decisionCatalogues)
      .values({ unitId: opts.unitId, year, publishedAt: opts.published ?? null })
      .onConflictDoNothing()
      .returning();
    if (!cat) [cat] = await db.select().from(decisionCatalogues).where(eq(decisionCatalogues.unitId, opts.unitId));
  }
  const [d] = await db
    .insert(decisions)
    .values({
      catalogueId: cat.id,
      unitId: opts.unitId,
      year,
      position: 1,
      title: opts.title ?? `测试事项${uniq()}`,
      summary: opts.summary ?? "",
      tags: opts.tags ?? [],
    })
    .returning();
  await ensureStages(db, d.id);
  return { catalogue: cat, decision: d };
}
