/** Runs the real `yima` command in a child process, for start-up, restart and crash tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `yima <args>` with `env` on top of a clean environment (no DATABASE_URL unless given). */
export function runYima(args: string[], env: Record<string, string>): Running {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...base, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Waits until the output matches `re` (or the process exits, which is an error). */
export async function waitFor(r: Running, re: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const started = Date.now();
  for (;;) {
    const m = r.output().match(re);
    if (m) return m;
    if (r.child.exitCode !== null) throw new Error(`process exited ${r.child.exitCode} before ${re}:\n${r.output()}`);
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${re}:\n${r.output()}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

const started: Running[] = [];

/** Starts a long-running `yima <args>`; {@link killStartedServers} (in the file's afterAll) kills what is left. */
export function startServer(env: Record<string, string>, args: string[] = ['serve']): Running {
  const r = runYima(args, env);
  started.push(r);
  return r;
}

export function killStartedServers(): void {
  for (const r of started.splice(0)) if (r.child.exitCode === null) r.child.kill('SIGKILL');
}
