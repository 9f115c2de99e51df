/**
 * Start-up benchmark: time from launching `yima serve` to the first 200 from /healthz, on a fresh
 * and on an existing embedded database, against the floor measured in the same run — a bare Node
 * process that opens the same PGlite directory and exits — and the server's RSS at idle.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/process.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function timeToServe(dataDir: string): Promise<{ ms: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const { DATABASE_URL: _omit, ...env } = process.env;
  const child = spawn(process.execPath, ['dist/yima.js', 'serve'], { cwd: ROOT, env: { ...env, YIMA_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`yima serve exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, 2000));
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    return { ms, rssMb };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

function bareOpen(dataDir: string): number {
  const script = `import { PGlite } from '@electric-sql/pglite'; const db = await PGlite.create(${JSON.stringify(path.join(dataDir, 'pgdata'))}); await db.query('select 1'); await db.close();`;
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('bare PGlite open failed');
  return performance.now() - started;
}

export async function benchStartup(runs = 3) {
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-bench-'));
  try {
    const first = await timeToServe(dir);
    const existing: number[] = [];
    const rss: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < runs; i++) {
      floor.push(bareOpen(dir));
      const r = await timeToServe(dir);
      existing.push(r.ms);
      rss.push(r.rssMb);
    }
    return {
      firstStartMs: Math.round(first.ms),
      existingStartMs: Math.round(median(existing)),
      baselineBarePgliteOpenMs: Math.round(median(floor)),
      ratioToBaseline: Number((median(existing) / median(floor)).toFixed(2)),
      idleRssMb: Math.round(median(rss)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
