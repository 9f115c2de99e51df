/**
 * Test databases. Targets: the embedded PGlite, and the PostgreSQL server when DATABASE_URL is
 * set (CI runs the suite once each way); DB_TARGETS=pglite,postgres forces a list.
 *
 * Each test file gets its own fresh, migrated database: PGlite loads a data directory dumped
 * once by the global setup (1 s instead of a 5 s initdb); on the server, a database is copied
 * from a migrated template.
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, type DbTarget, openDatabase } from '../src/db/database.ts';
import { withDatabase } from './db-url.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
    dbTargets: DbTarget[];
    serverUrl: string;
  }
}

export const DB_TARGETS: DbTarget[] = inject('dbTargets');

/** A fresh migrated database on `target`; `close` also drops it (server). */
export async function openTestDatabase(target: DbTarget): Promise<Database> {
  if (target === 'pglite') {
    const dump = fs.readFileSync(inject('pgliteTemplate'));
    const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
    const database = await openDatabase({ pglite, migrate: false });
    return { ...database, close: async () => { await database.close(); await pglite.close(); } };
  }
  const serverUrl = inject('serverUrl');
  // The run's pid (from its template's name) lets a later run tell a live run's databases from leftovers.
  const runPid = /_(\d+)$/.exec(inject('postgresTemplate'))?.[1] ?? '0';
  const name = `yima_t_${runPid}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  await admin.end();
  // The DROP … FORCE below closes any connection still idle in the pool: expected, not an error.
  const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, name), poolSize: 5, migrate: false, onIdleError: () => undefined });
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
