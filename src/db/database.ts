/**
 * Opens the database: a PostgreSQL server when `databaseUrl` is set, otherwise an embedded
 * PGlite in `dataDir` guarded by a lock file. Either way one Kysely instance over `pg` owns the
 * connection, and migrations run before it is handed out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { migrateToLatest } from './migrate.ts';
import type { Schema } from './schema.ts';

// DATE stays 'YYYY-MM-DD' (the default builds a local-time Date, shifting days across zones);
// int8 (count(*), sequence numbers) becomes a number: our values stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export type DbTarget = 'pglite' | 'postgres';
export type Db = Kysely<Schema>;

export interface Database {
  readonly db: Db;
  readonly target: DbTarget;
  /** Where the data lives, for messages: the data directory or the server (without password). */
  readonly location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  readonly databaseUrl?: string | undefined;
  readonly dataDir?: string;
  readonly poolSize?: number;
  /** An already created PGlite (tests load a migrated template); the caller owns no lock. */
  readonly pglite?: PGlite;
  readonly migrate?: boolean;
  /** Called when the server closes an idle pooled connection (default: one line on stderr). */
  readonly onIdleError?: (err: Error) => void;
}

/**
 * Opens (and migrates) the configured database.
 *
 * @example const { db, close } = await openDatabase({ dataDir: '.yima' });
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let database: Database;
  if (options.databaseUrl) {
    // jit=off: our queries are short index walks that PostgreSQL's cost model sometimes overrates
    // (a recursive trace query: 1.5 ms of work, 21 ms of JIT compilation). A URL's own options win.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, options: '-c jit=off' });
    // An idle connection the server closes (restart, failover, DROP DATABASE … FORCE) is reported on
    // the pool; without a listener that event would crash the process. The pool replaces the client.
    pool.on('error', (err) => (options.onIdleError ?? ((e: Error) => console.error(`database connection closed: ${e.message}`)))(err));
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    const u = new URL(options.databaseUrl);
    u.password = '';
    database = { db, target: 'postgres', location: u.toString(), close: () => db.destroy() };
  } else if (options.pglite) {
    const pglite = options.pglite;
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(pglite)) }) });
    database = { db, target: 'pglite', location: pglite.dataDir ?? 'memory', close: () => db.destroy() };
  } else {
    const dataDir = options.dataDir ?? '.yima';
    const release = acquireDataDirLock(dataDir);
    try {
      const pgdata = path.join(dataDir, 'pgdata');
      fs.mkdirSync(pgdata, { recursive: true });
      const pglite = await PGlite.create(pgdata);
      const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(pglite)) }) });
      database = {
        db,
        target: 'pglite',
        location: path.resolve(dataDir),
        close: async () => {
          await db.destroy();
          await pglite.close();
          release();
        },
      };
    } catch (e) {
      release();
      throw e;
    }
  }
  if (options.migrate !== false) {
    try {
      await migrateToLatest(database.db);
    } catch (e) {
      await database.close();
      throw e;
    }
  }
  return database;
}
