/**
 * The one test kit: units, accounts and refusals for the tests of every domain
 * (not used by the app). Domain fixtures that need a domain's services (e.g.
 * a decision with its eleven stages) live next to that domain's tests.
 */
import type { Actor } from "../../app/.server/context";
import { UserError } from "../../app/.server/errors";
import type { Db } from "../index";
import { units, users } from "../schema";

let counter = 0;
/** Unique within the run, across parallel test files on one PostgreSQL server. */
export const uniq = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

type Role = "citizen" | "staff" | "admin";

export async function makeUnit(db: Db, names: { nameZh?: string; nameEn?: string } = {}) {
  const slug = `u-${uniq()}`;
  const [u] = await db
    .insert(units)
    .values({ slug, nameZh: names.nameZh ?? `测试单位${slug}`, nameEn: names.nameEn ?? `Unit ${slug}` })
    .returning();
  return u;
}

/** An account and the actor it acts as; only staff belong to a unit. */
export async function makeUser(db: Db, role: Role = "citizen", unitId: number | null = null, displayName?: string) {
  const email = `${role}-${uniq()}@test.example`;
  const unit = role === "staff" ? unitId : null;
  const [u] = await db
    .insert(users)
    .values({ email, passwordHash: "x", displayName: displayName ?? email, role, unitId: unit })
    .returning();
  const actor: Actor = { id: u.id, role, unitId: unit };
  return { user: u, actor };
}

/** The refusal a promise ends in; fails the test when it resolves or throws anything else. */
export async function refused(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

/** The message key of the refusal a promise ends in. */
export async function refusalKey(p: Promise<unknown>): Promise<string> {
  return (await refused(p)).key;
}

/** A resident's account row, for services that take the user (registration, applications). */
export async function makeResident(db: Db, displayName?: string) {
  return (await makeUser(db, "citizen", null, displayName)).user;
}
