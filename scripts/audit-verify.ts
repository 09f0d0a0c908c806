/**
 * `npm run audit:verify -- [anchors-file …]`: recomputes the audit chain and
 * checks it against the anchors recorded in the database and against any
 * kept elsewhere (files holding the lines from the daily mail, or a saved
 * /audit/anchors.json). Prints OK or BROKEN with the record; exit 1 if broken.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { openDatabase } from "#db/index";
import { listAnchors, parseAnchors } from "~/.server/audit/anchors";
import { verifyAuditChain, type Anchor } from "~/.server/audit/audit";

const kept: Anchor[] = [];
for (const file of process.argv.slice(2)) {
  const { anchors, bad } = parseAnchors(await readFile(file, "utf8"));
  for (const b of bad) console.warn(`${file}: not an anchor: ${b}`);
  kept.push(...anchors);
}
const database = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATABASE_URL ? undefined : (process.env.PGLITE_DIR ?? path.resolve("data/pglite")),
});
try {
  const stored = (await listAnchors(database.db, 100_000)).map((a) => ({ lastId: a.lastId, headHash: a.headHash }));
  const r = await verifyAuditChain(database.db, { anchors: [...kept, ...stored] });
  if (r.ok) console.log(`OK: ${r.count} records, ${r.anchors} anchors (${kept.length} from files) match.`);
  else {
    console.log(`BROKEN at record ${r.brokenAt}: ${r.reason} (${r.count} records verified before it).`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
