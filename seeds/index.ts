import { sql } from "drizzle-orm";
import { rows, type Db } from "#db/index";
import { seedFoundation } from "./foundation";
import { seedConsultations } from "./consultations";
import { seedDecisions } from "./decisions";
import { seedEvents } from "./events";
import { seedObservers } from "./observers";
import { seedRequests } from "./requests";
import { seedPolicies } from "./policies";

export async function isEmpty(db: Db): Promise<boolean> {
  const [r] = await rows<{ n: number | string }>(db, sql`select count(*) as n from users`);
  return Number(r.n) === 0;
}

/**
 * Whether the server loads the demo data into an empty database. The demo
 * accounts share a published password, so only the embedded demo start
 * (PGlite, `npm start` out of the box) gets them by default; a deployment on
 * DATABASE_URL starts empty and its first admin comes from `npm run
 * admin:create`. CANYU_SEED=1 asks for demo data on any database (the e2e
 * rig), CANYU_SEED=0 for none anywhere.
 */
export function wantsDemoData(env: Record<string, string | undefined>): boolean {
  if (env.CANYU_SEED === "1") return true;
  if (env.CANYU_SEED === "0") return false;
  return !env.DATABASE_URL;
}

/** Demo data a Pudong user would recognise; each domain adds its part after the foundation. */
export async function seed(db: Db, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const f = await seedFoundation(tx);
    await seedDecisions(tx, f, now);
    await seedConsultations(tx, f, now);
    await seedEvents(tx, f, now);
    await seedObservers(tx, f, now);
    await seedRequests(tx, f, now);
    await seedPolicies(tx, f, now);
    void now;
  });
}
