/**
 * Builds one migrated template per database kind before any test file runs;
 * each file then starts from a copy instead of migrating again.
 */
import { mkdir, writeFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../index";
import { migrate } from "../migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

export function adminUrl(url: string, database = "postgres"): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const dir = path.join(os.tmpdir(), `canyu-test-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const lite = await openDatabase();
  await migrate(lite);
  const file = path.join(dir, "pglite-template.tar");
  const pg = (lite.db as unknown as { $client: { dumpDataDir(c: string): Promise<Blob> } }).$client;
  await writeFile(file, Buffer.from(await (await pg.dumpDataDir("none")).arrayBuffer()));
  await lite.close();
  project.provide("pgliteTemplate", file);

  const url = process.env.DATABASE_URL;
  let template = "";
  if (url) {
    template = `canyu_tpl_${process.pid}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${template}`);
    await admin.unsafe(`CREATE DATABASE ${template}`);
    const tpl = await openDatabase({ url: adminUrl(url, template), max: 1 });
    await migrate(tpl);
    await tpl.close();
    await admin.end();
  }
  project.provide("postgresTemplate", template);

  return async () => {
    await rm(dir, { recursive: true, force: true });
    if (url && template) {
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`canyu_t_${process.pid}_%`} or datname = ${template}`;
      for (const { datname } of leftovers) await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.end();
    }
  };
}
