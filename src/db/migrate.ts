/**
 * Runs the SQL migrations in `./migrations` (NNNN_name.sql, applied in name order, each in its
 * own transaction under Kysely's migration lock).
 */
import fs from 'node:fs';
import { inspect } from 'node:util';
import { asset } from '../paths.ts';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

const MIGRATIONS_DIR = asset('src/db/migrations/');

const sqlFileProvider: MigrationProvider = {
  async getMigrations() {
    const migrations: Record<string, Migration> = {};
    for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()) {
      const text = fs.readFileSync(MIGRATIONS_DIR + file, 'utf8');
      migrations[file.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return migrations;
  },
};

/**
 * Applies every pending migration; throws with the failing migration's name and cause.
 *
 * @example await migrateToLatest(db)
 */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<void> {
  const migrator = new Migrator({ db, provider: sqlFileProvider, migrationTableName: 'yima_migrations', migrationLockTableName: 'yima_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : inspect(error)}`, { cause: error });
  }
}
