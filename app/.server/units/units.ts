import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/index";
import { units, users } from "#db/schema";
import { recordAudit } from "../audit/audit";
import { hashPassword } from "../auth/password";
import { invalidateUserSessions } from "../auth/session";
import { email, password } from "../auth/accounts";
import type { Actor } from "../context";
import { ForbiddenError, UserError } from "../errors";
import { text } from "../forms";

export const unitSchema = z.object({
  slug: z
    .string({ error: "err.slug" })
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { error: "err.slug" }),
  nameZh: text(60),
  nameEn: text(120),
});

export const staffSchema = z.object({
  email,
  password,
  displayName: text(40, "err.displayName"),
  unitId: z.coerce.number({ error: "err.unit" }).int({ error: "err.unit" }).positive({ error: "err.unit" }),
});

function assertAdmin(a: Actor) {
  if (a.role !== "admin") throw new ForbiddenError();
}

export function listUnits(db: Db) {
  return db.select().from(units).orderBy(asc(units.id));
}

export async function getUnitBySlug(db: Db, slug: string) {
  const [u] = await db.select().from(units).where(eq(units.slug, slug));
  return u ?? null;
}

export async function createUnit(db: Db, a: Actor, input: z.output<typeof unitSchema>, now: Date) {
  assertAdmin(a);
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: units.id }).from(units).where(eq(units.slug, input.slug));
    if (taken) throw new UserError("err.slugTaken", {}, "slug");
    const [u] = await tx.insert(units).values(input).returning();
    await recordAudit(tx, a, { action: "unit.create", entityType: "unit", entityId: u.id, summary: input }, now);
    return u;
  });
}

export function listStaff(db: Db) {
  return db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      unitId: users.unitId,
      unitName: units.nameZh,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(sql`${users.role} in ('staff', 'admin')`)
    .orderBy(asc(users.unitId), asc(users.id));
}

export async function createStaffAccount(db: Db, a: Actor, input: z.output<typeof staffSchema>, now: Date) {
  assertAdmin(a);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
    if (!unit) throw new UserError("err.unit", {}, "unitId");
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${input.email}`);
    if (taken) throw new UserError("err.emailTaken", {}, "email");
    const [u] = await tx
      .insert(users)
      .values({ email: input.email, passwordHash, displayName: input.displayName, role: "staff", unitId: input.unitId })
      .returning({ id: users.id });
    await recordAudit(
      tx,
      a,
      { action: "staff.create", entityType: "user", entityId: u.id, summary: { email: input.email, unitId: input.unitId } },
      now,
    );
    return u;
  });
}

/** Disabling also ends the account's sessions at once. */
export async function setUserDisabled(db: Db, a: Actor, userId: number, disabled: boolean, now: Date) {
  assertAdmin(a);
  if (userId === a.id) throw new ForbiddenError();
  await db.transaction(async (tx) => {
    const [u] = await tx.update(users).set({ disabledAt: disabled ? now : null }).where(eq(users.id, userId)).returning({ id: users.id });
    if (!u) throw new UserError("err.notFound", {}, undefined, 404);
    if (disabled) await invalidateUserSessions(tx, userId);
    await recordAudit(tx, a, { action: disabled ? "user.disable" : "user.enable", entityType: "user", entityId: userId }, now);
  });
}

export async function getUnitById(db: Db, id: number) {
  const [u] = await db.select().from(units).where(eq(units.id, id));
  return u ?? null;
}
