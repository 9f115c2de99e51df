import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../ledger/bytes.ts';
import {
  WITNESS_LOCK_FILE,
  WITNESS_STATE_FILE,
  WitnessDirLockedError,
  WitnessStateError,
  openWitnessState,
} from './witness-state.ts';
import type { WitnessState } from './witness-state.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const dirs: string[] = [];
const opened: WitnessState[] = [];
const children: ChildProcess[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-witness-state-'));
  dirs.push(d);
  return d;
};
const open = (dir: string) => {
  const s = openWitnessState(dir);
  opened.push(s);
  return s;
};
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const root = (byte: number) => new Uint8Array(32).fill(byte);

/** A separate process that opens `dir` as witness state and keeps it. */
async function holdInChild(dir: string): Promise<ChildProcess> {
  const script = `const m = await import(process.env.W_MODULE); m.openWitnessState(process.env.W_DIR); console.log('ready'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, W_MODULE: new URL('./witness-state.ts', import.meta.url).href, W_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${out}`)));
  });
  return child;
}

describe('witness state', () => {
  it('starts empty, persists an update before resolving, and reads it back after reopening', async () => {
    const dir = tmpDir();
    const s = open(dir);
    expect(s.latest('log.test/a/sm3')).toBeUndefined();
    const result = await s.checkAndUpdate('log.test/a/sm3', (cur) => ({ next: { size: 7, rootHash: root(7) }, result: cur?.size ?? 0 }));
    expect(result).toBe(0);
    // On disk as soon as checkAndUpdate resolved.
    expect(JSON.parse(fs.readFileSync(path.join(dir, WITNESS_STATE_FILE), 'utf8'))).toEqual({
      version: 1,
      logs: { 'log.test/a/sm3': { size: 7, rootHash: encodeBase64(root(7)) } },
    });
    expect(fs.readdirSync(dir).sort()).toEqual([WITNESS_LOCK_FILE, WITNESS_STATE_FILE].sort());
    await s.close();
    const again = open(dir);
    expect(again.latest('log.test/a/sm3')?.size).toBe(7);
    expect(again.latest('log.test/a/sm3')?.rootHash).toEqual(root(7));
  });

  it('leaves state and file unchanged when the decision has no update or throws', async () => {
    const dir = tmpDir();
    const s = open(dir);
    await s.checkAndUpdate('o/sha256', () => ({ next: { size: 3, rootHash: root(3) }, result: null }));
    const before = fs.readFileSync(path.join(dir, WITNESS_STATE_FILE));
    expect(await s.checkAndUpdate('o/sha256', () => ({ result: 'refused' }))).toBe('refused');
    await expect(
      s.checkAndUpdate('o/sha256', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(fs.readFileSync(path.join(dir, WITNESS_STATE_FILE))).toEqual(before);
    expect(s.latest('o/sha256')?.size).toBe(3);
    // The queue keeps working after a failed decision.
    await s.checkAndUpdate('o/sha256', () => ({ next: { size: 4, rootHash: root(4) }, result: null }));
    expect(s.latest('o/sha256')?.size).toBe(4);
  });

  it('serializes check-and-update: concurrent compare-and-set calls see each other', async () => {
    const s = open(tmpDir());
    // Each caller expects size 0 (like requests with `old 0`); only the first may win.
    const outcomes = await Promise.all(
      [5, 6, 7, 8].map((size) =>
        s.checkAndUpdate('o/sm3', (cur) => ((cur?.size ?? 0) === 0 ? { next: { size, rootHash: root(size) }, result: `won ${size}` } : { result: 'conflict' })),
      ),
    );
    expect(outcomes).toEqual(['won 5', 'conflict', 'conflict', 'conflict']);
    expect(s.latest('o/sm3')?.size).toBe(5);
  });

  it('stops accepting updates after a failed write, keeping the last persisted state', async () => {
    // A directory where the state file goes makes the rename fail (even for root, unlike permissions).
    const dir = tmpDir();
    const s = open(dir);
    await s.checkAndUpdate('o/sm3', () => ({ next: { size: 1, rootHash: root(1) }, result: null }));
    fs.rmSync(path.join(dir, WITNESS_STATE_FILE));
    fs.mkdirSync(path.join(dir, WITNESS_STATE_FILE, 'x'), { recursive: true });
    await expect(s.checkAndUpdate('o/sm3', () => ({ next: { size: 2, rootHash: root(2) }, result: null }))).rejects.toThrow(WitnessStateError);
    expect(s.latest('o/sm3')?.size).toBe(1);
    await expect(s.checkAndUpdate('o/sm3', () => ({ result: 'read' }))).rejects.toThrow(/restart the witness/);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses to start on an unreadable state file instead of starting empty', () => {
    for (const content of ['{', '[]', '{"version":2,"logs":{}}', '{"version":1,"logs":{"o/sm3":{"size":-1,"rootHash":"AA=="}}}', '{"version":1,"logs":{"o/sm3":{"size":1,"rootHash":"AA=="}}}']) {
      const dir = tmpDir();
      fs.writeFileSync(path.join(dir, WITNESS_STATE_FILE), content);
      expect(() => openWitnessState(dir), content).toThrow(/Refusing to start/);
      // …and does not keep the directory locked.
      expect(fs.existsSync(path.join(dir, WITNESS_LOCK_FILE))).toBe(false);
    }
  });

  it('refuses a second open of the same directory in this process, naming the holder pid', () => {
    const dir = tmpDir();
    open(dir);
    expect(() => openWitnessState(dir)).toThrow(WitnessDirLockedError);
    expect(() => openWitnessState(dir)).toThrow(`is in use by process ${process.pid}`);
  });

  it('refuses a directory held by another live process with a message naming its pid, and takes it over once that process is gone', async () => {
    const dir = tmpDir();
    const child = await holdInChild(dir);
    let error: unknown;
    try {
      openWitnessState(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WitnessDirLockedError);
    expect((error as Error).message).toContain(`The witness directory ${fs.realpathSync(dir)} is in use by process ${child.pid} on ${os.hostname()}`);
    expect((error as Error).message).toContain('Only one witness may use a state directory');

    child.kill('SIGKILL'); // no clean-up: the lock file stays behind, stale
    await new Promise((resolve) => child.once('exit', resolve));
    expect(fs.existsSync(path.join(dir, WITNESS_LOCK_FILE))).toBe(true);
    const s = open(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, WITNESS_LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await s.close();
    expect(fs.existsSync(path.join(dir, WITNESS_LOCK_FILE))).toBe(false);
  });
});
