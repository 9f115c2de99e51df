/**
 * A lock file that keeps a directory to one process at a time (PGlite data directories, witness
 * state): taken with O_EXCL, recording who holds it; a lock whose process is gone is stale and
 * taken over. Opening the same directory twice in one process is refused too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Who holds a directory: the lock file's content. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly command: string;
}

// Directories locked by this process: the lock file cannot tell two opens in one process apart.
const held = new Map<string, LockHolder>();

/** Whether a process with this pid exists (EPERM: it does, owned by another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string') return undefined;
    return { pid: h.pid, host: h.host, startedAt: String(h.startedAt ?? '?'), command: String(h.command ?? '?') };
  } catch {
    return undefined; // half-written or vanished: treat as stale
  }
}

/**
 * Takes `<dir>/<fileName>` (creating `dir`) and returns the release function.
 *
 * @example const release = acquireDirLock('.yima', 'yima.lock', (h) => new Error(`held by ${h.pid}`));
 * @throws the error `held` makes when a live process (or this one) holds the directory
 */
export function acquireDirLock(dir: string, fileName: string, heldBy: (holder: LockHolder) => Error): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const key = path.resolve(dir);
  const file = path.join(dir, fileName);
  const mine = held.get(key);
  if (mine) throw heldBy(mine);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      held.set(key, me);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        held.delete(key);
        process.off('exit', release);
        if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder && holder.host !== os.hostname()) throw heldBy(holder);
    // Our own pid without an entry in `held` is a lock an earlier, unreleased open of this process left.
    if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw heldBy(holder);
    fs.rmSync(file, { force: true });
  }
  throw new Error(`could not take the lock ${file}`);
}
