/**
 * A fresh database for one benchmark: an in-memory PGlite, or a new database on the server of
 * DATABASE_URL; `close` closes it and drops the server database.
 */
import crypto from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, type DbTarget, openDatabase } from '../src/db/database.ts';

export async function openBenchDatabase(target: DbTarget, poolSize = 4): Promise<Database> {
  if (target === 'pglite') {
    const pglite = await PGlite.create();
    const database = await openDatabase({ pglite });
    return { ...database, close: async () => { await database.close(); await pglite.close(); } };
  }
  const url = process.env.DATABASE_URL ?? '';
  const name = `yima_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolSize });
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
