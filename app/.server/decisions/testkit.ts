/** Test fixtures for the decisions domain (not used by the app). */
import { eq } from "drizzle-orm";
import type { Db } from "#db/index";
import { decisionCatalogues, decisions, units, users } from "#db/schema";
import type { Actor } from "../context";
import { ensureStages } from "./stages";

let counter = 0;
const uniq = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function makeUnit(db: Db) {
  const slug = `u-${uniq()}`;
  const [u] = await db.insert(units).values({ slug, nameZh: `测试单位${slug}`, nameEn: `Unit ${slug}` }).returning();
  return u;
}

export async function makeUser(db: Db, role: "citizen" | "staff" | "admin", unitId: number | null = null) {
  const email = `${role}-${uniq()}@test.example`;
  const [u] = await db
    .insert(users)
    .values({ email, passwordHash: "x", displayName: email, role, unitId: role === "staff" ? unitId : null })
    .returning();
  const actor: Actor = { id: u.id, role, unitId: role === "staff" ? unitId : null };
  return { user: u, actor };
}

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
