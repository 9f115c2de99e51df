/**
 * Prepares the migrated templates every test file copies its database from (see test/db.ts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type DbTarget, openDatabase } from '../src/db/database.ts';
import { isAlive } from '../src/server/dir-lock.ts';
import { withDatabase } from './db-url.ts';

export default async function setup(project: TestProject) {
  // The web app and the scan page's script, built once before any file runs (what `npm ci` does; skipped when up
  // to date): browser test files also ask, but never rebuild under each other's pages.
  execFileSync(process.execPath, [path.join(import.meta.dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const serverUrl = process.env.DATABASE_URL;
  const forced = process.env.DB_TARGETS?.split(',').map((s) => s.trim()).filter(Boolean) as DbTarget[] | undefined;
  const targets: DbTarget[] = forced ?? (serverUrl ? ['postgres'] : ['pglite']);
  if (targets.includes('postgres') && !serverUrl) throw new Error('DB_TARGETS includes postgres but DATABASE_URL is not set');
  project.provide('dbTargets', targets);
  project.provide('serverUrl', serverUrl ?? '');
  const cleanups: Array<() => Promise<void>> = [];

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-test-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  project.provide('pgliteTemplate', path.join(dir, 'template.tar'));
  if (targets.includes('pglite')) {
    const pglite = await PGlite.create();
    const database = await openDatabase({ pglite });
    await database.close();
    const dump = await pglite.dumpDataDir('none');
    fs.writeFileSync(path.join(dir, 'template.tar'), Buffer.from(await dump.arrayBuffer()));
    await pglite.close();
  }

  const template = `yima_template_${process.pid}`;
  project.provide('postgresTemplate', template);
  if (targets.includes('postgres') && serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    // Left over from an interrupted run: templates and test databases of runs whose process is gone
    // (each name carries its run's pid, so runs side by side on one server leave each other alone).
    const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'yima_t_%' OR datname LIKE 'yima_template_%'");
    for (const { datname } of stale.rows) {
      const pid = Number(/^yima_(?:t|template)_(\d+)(?:_|$)/.exec(datname)?.[1]);
      if (pid && isAlive(pid)) continue;
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, template), poolSize: 1 });
    await database.close();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await c.end();
    });
  }
  return async () => {
    for (const c of cleanups.reverse()) await c();
  };
}
