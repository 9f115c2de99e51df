/**
 * PGlite has no cross-process lock: two processes opening one data directory would corrupt it.
 * We take `<dataDir>/yima.lock` (see server/dir-lock.ts) and say who holds it.
 */
import { acquireDirLock, type LockHolder } from '../server/dir-lock.ts';

export type { LockHolder };

/** Thrown when another live process holds the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${holder.pid} on ${holder.host} ` +
        `(started ${holder.startedAt}: ${holder.command}). Stop that process first, or set YIMA_DATA_DIR ` +
        `to another directory, or DATABASE_URL to use a PostgreSQL server.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Takes the lock on `dataDir` (creating the directory) and returns its release function.
 *
 * @example const release = acquireDataDirLock('.yima'); … release();
 * @throws DataDirLockedError when a live process holds it
 */
export function acquireDataDirLock(dataDir: string): () => void {
  return acquireDirLock(dataDir, 'yima.lock', (holder) => new DataDirLockedError(dataDir, holder));
}
