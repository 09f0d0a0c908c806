/**
 * The deployment the README documents: migrations run as the owner, the app
 * as a role that can only read and append the audit log. Run against the
 * PostgreSQL server (roles are the server's), in a database of its own.
 */
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { recordAudit, verifyAuditChain } from "~/.server/audit/audit";
import { openDatabase, pgError } from "./index";
import { migrate } from "./migrate";
import { testDriver } from "./testing/db";

const server = process.env.DATABASE_URL;

function urlFor(role: string, db: string): string {
  const u = new URL(server!);
  u.username = role;
  u.password = "";
  u.pathname = `/${db}`;
  return u.toString();
}

describe.runIf(testDriver === "postgres" && server)("owner migrates, the app role only inserts and reads the audit log", () => {
  it("refuses the app role every way to rewrite the log, the trigger switch included", async () => {
    const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const name = `canyu_roles_${tag}`;
    const owner = `canyu_owner_${tag}`;
    const app = `canyu_app_${tag}`;
    const admin = postgres(server!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE ROLE ${owner} LOGIN NOSUPERUSER; CREATE ROLE ${app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await admin.unsafe(`CREATE DATABASE ${name} OWNER ${owner}`);
    const database = await openDatabase({ url: urlFor(app, name), max: 2 });
    try {
      // The schema belongs to the owner too (PostgreSQL 15+ no longer lets every role create in public).
      const ownerAsSuper = postgres(urlFor(new URL(server!).username || "postgres", name), { max: 1, onnotice: () => {} });
      await ownerAsSuper.unsafe(`ALTER SCHEMA public OWNER TO ${owner}`);
      await ownerAsSuper.end();

      await migrate(database, { ownerUrl: urlFor(owner, name) });
      const db = database.db;
      // The app works: it writes ordinary tables and appends to the log.
      await database.exec(`insert into rate_limits (key, window_start, hits) values ('k', now(), 1); delete from rate_limits`);
      await db.transaction((tx) => recordAudit(tx, { id: 1, role: "admin", unitId: null, ip: "10.0.0.1" }, { action: "unit.create", entityType: "unit", entityId: 1 }, new Date()));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 1 });
      // …and cannot touch what it wrote.
      const refused = async (q: string) => pgError(await database.exec(q).then(() => null, (e: unknown) => e))?.code;
      expect(await refused(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`)).toBe("42501");
      expect(await refused(`ALTER TABLE audit_log DISABLE TRIGGER ALL`)).toBe("42501");
      expect(await refused(`UPDATE audit_log SET action = 'forged'`)).toBe("42501");
      expect(await refused(`DELETE FROM audit_log`)).toBe("42501");
      expect(await refused(`TRUNCATE audit_log`)).toBe("42501");
      expect(await refused(`DELETE FROM audit_anchors`)).toBe("42501");
      expect(await refused(`DROP TABLE audit_log`)).toBe("42501");
      // Running the migrations again (a restart) keeps the grants right.
      await migrate(database, { ownerUrl: urlFor(owner, name) });
      expect(await refused(`UPDATE audit_log SET action = 'forged'`)).toBe("42501");
    } finally {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.unsafe(`DROP ROLE IF EXISTS ${app}; DROP ROLE IF EXISTS ${owner}`);
      await admin.end();
    }
  });
});
