/**
 * A witness's persistent state: for each log origin, the size and root hash of the latest
 * checkpoint it cosigned, in `<dir>/witness-state.json`.
 *
 * c2sp.org/tlog-witness "add-checkpoint": "The witness MUST persist the new checkpoint before
 * responding", and the check of the old size against the stored one and the update "must be
 * performed atomically" (else two requests can roll the stored tree back). So:
 * - every check-and-update runs under one in-process mutex, and one process owns the directory
 *   (`<dir>/witness.lock`, taken with O_EXCL like src/db/data-dir-lock.ts; a lock whose process is
 *   gone is taken over);
 * - an update is written to a temporary file, fsynced, renamed over the state file and the
 *   directory fsynced before the caller may answer; if any step fails the state is closed for
 *   updates (fail-stop) until the witness restarts and re-reads what is on disk;
 * - an unreadable state file stops the witness instead of starting empty: a witness that forgot
 *   its state could be made to cosign a fork.
 */
import { acquireDirLock, type LockHolder } from '../../server/dir-lock.ts';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { decodeBase64, encodeBase64 } from '../../ledger/bytes.ts';
import { HASH_SIZE } from '../../ledger/hash.ts';

/** File name of the state inside the witness directory. */
export const WITNESS_STATE_FILE = 'witness-state.json';

/** File name of the lock inside the witness directory. */
export const WITNESS_LOCK_FILE = 'witness.lock';

const STATE_VERSION = 1;

/** The latest checkpoint a witness cosigned for one origin. */
export interface CosignedTree {
  readonly size: number;
  readonly rootHash: Uint8Array;
}

/** What a check-and-update decided: `next` (if any) is persisted before `result` is returned. */
export interface WitnessStateDecision<T> {
  readonly next?: CosignedTree;
  readonly result: T;
}

/** A witness directory opened by this process. */
export interface WitnessState {
  readonly dir: string;
  /** The latest cosigned tree of `origin`, or `undefined` if it never cosigned one. */
  latest(origin: string): CosignedTree | undefined;
  /**
   * Runs `decide` on the origin's latest cosigned tree, serialized with every other call; when it
   * returns `next`, that is written durably before the promise resolves. `decide` is synchronous
   * so that nothing can interleave between the check and the update.
   */
  checkAndUpdate<T>(origin: string, decide: (current: CosignedTree | undefined) => WitnessStateDecision<T>): Promise<T>;
  /** Waits for a running update, then releases the lock. Idempotent. */
  close(): Promise<void>;
}

/** Who holds a witness directory (the lock file's content). */
export type WitnessLockHolder = LockHolder;

/** Thrown when another live process (or another open state in this process) holds the directory. */
export class WitnessDirLockedError extends Error {
  readonly dir: string;
  readonly holder: WitnessLockHolder;

  constructor(dir: string, holder: WitnessLockHolder) {
    super(
      `The witness directory ${dir} is in use by process ${holder.pid} on ${holder.host} ` +
        `(started ${holder.startedAt}: ${holder.command}). Only one witness may use a state directory: ` +
        `stop that process first, or give this witness another directory.`,
    );
    this.name = 'WitnessDirLockedError';
    this.dir = dir;
    this.holder = holder;
  }
}

/** The state file is unreadable, or an earlier write failed. */
export class WitnessStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WitnessStateError';
  }
}

function acquireLock(dir: string): () => void {
  return acquireDirLock(dir, WITNESS_LOCK_FILE, (holder) => new WitnessDirLockedError(dir, holder));
}

function loadState(file: string): Map<string, CosignedTree> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
  const bad = (why: string): never => {
    throw new WitnessStateError(
      `The witness state ${file} is unreadable (${why}). Refusing to start: a witness that forgot which ` +
        `checkpoints it cosigned could be made to cosign a fork. Restore the file from a backup.`,
    );
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return bad('not JSON');
  }
  if (typeof doc !== 'object' || doc === null) return bad('not an object');
  const { version, logs } = doc as { version?: unknown; logs?: unknown };
  if (version !== STATE_VERSION) bad(`unknown version ${JSON.stringify(version)}`);
  if (typeof logs !== 'object' || logs === null || Array.isArray(logs)) return bad('no "logs" object');
  const out = new Map<string, CosignedTree>();
  for (const [origin, entry] of Object.entries(logs)) {
    const { size, rootHash } = (entry ?? {}) as { size?: unknown; rootHash?: unknown };
    const root = typeof rootHash === 'string' ? decodeBase64(rootHash) : undefined;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) bad(`bad size for ${origin}`);
    if (root === undefined || root.length !== HASH_SIZE) return bad(`bad root hash for ${origin}`);
    out.set(origin, Object.freeze({ size: size as number, rootHash: root }));
  }
  return out;
}

function serialize(trees: ReadonlyMap<string, CosignedTree>): string {
  const logs = Object.fromEntries(
    [...trees].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([origin, t]) => [origin, { size: t.size, rootHash: encodeBase64(t.rootHash) }]),
  );
  return `${JSON.stringify({ version: STATE_VERSION, logs }, null, 2)}\n`;
}

async function syncDir(dir: string): Promise<void> {
  // fsync of a directory makes the rename durable (POSIX); Windows cannot open a directory for it.
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeDurably(dir: string, file: string, data: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const handle = await fsp.open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(dir);
}

/**
 * Opens (creating it if needed) a witness state directory: takes its lock, reads the state file.
 * Throws WitnessDirLockedError if another live process (or an open state in this process) holds
 * the directory, and WitnessStateError if the state file is unreadable.
 *
 * @example
 * const state = openWitnessState('/var/lib/yima-witness');
 * const answer = await state.checkAndUpdate(origin, (cur) => ({ next: { size, rootHash }, result: 'ok' }));
 * await state.close();
 */
export function openWitnessState(dir: string): WitnessState {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const root = fs.realpathSync(dir);
  const release = acquireLock(root);
  const file = path.join(root, WITNESS_STATE_FILE);
  let trees: Map<string, CosignedTree>;
  try {
    trees = loadState(file);
    for (const f of fs.readdirSync(root)) {
      if (f.startsWith(`${WITNESS_STATE_FILE}.tmp-`)) fs.rmSync(path.join(root, f), { force: true });
    }
  } catch (err) {
    release();
    throw err;
  }

  let tail: Promise<unknown> = Promise.resolve();
  let failed: Error | undefined;
  let closed = false;

  const checkAndUpdate = <T>(origin: string, decide: (current: CosignedTree | undefined) => WitnessStateDecision<T>): Promise<T> => {
    const run = tail.then(async () => {
      if (closed) throw new WitnessStateError('the witness state is closed');
      if (failed) throw new WitnessStateError(`the witness state could not be written earlier (${failed.message}); restart the witness`);
      const { next, result } = decide(trees.get(origin));
      if (next === undefined) return result;
      if (!Number.isSafeInteger(next.size) || next.size < 0 || next.rootHash.length !== HASH_SIZE) {
        throw new Error(`invalid cosigned tree for ${origin}`);
      }
      const updated = new Map(trees);
      updated.set(origin, Object.freeze({ size: next.size, rootHash: next.rootHash.slice() }));
      try {
        await writeDurably(root, file, serialize(updated));
      } catch (err) {
        // After a failed rename or directory fsync, disk and memory may differ: stop cosigning.
        failed = err instanceof Error ? err : new Error(String(err));
        throw new WitnessStateError(`could not persist the witness state: ${failed.message}`);
      }
      trees = updated;
      return result;
    });
    tail = run.catch(() => undefined);
    return run;
  };

  return {
    dir: root,
    latest: (origin) => trees.get(origin),
    checkAndUpdate,
    async close() {
      if (closed) return;
      closed = true;
      await tail;
      release();
    },
  };
}
