import { sql } from "drizzle-orm";
import { rows, type Db } from "#db/index";
import { seedFoundation } from "./foundation";
import { seedConsultations } from "./consultations";
import { seedDecisions } from "./decisions";
import { seedEvents } from "./events";
import { seedObservers } from "./observers";

export async function isEmpty(db: Db): Promise<boolean> {
  const [r] = await rows<{ n: number | string }>(db, sql`select count(*) as n from users`);
  return Number(r.n) === 0;
}

/** Demo data a Pudong user would recognise; each domain adds its part after the foundation. */
export async function seed(db: Db, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const f = await seedFoundation(tx);
    await seedDecisions(tx, f, now);
    await seedConsultations(tx, f, now);
    await seedEvents(tx, f, now);
    await seedObservers(tx, f, now);
    void now;
  });
}
