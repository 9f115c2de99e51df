import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, decodeBase64, encodeBase64, utf8Encode } from '../../ledger/bytes.ts';
import { formatCheckpoint, makeOrigin } from '../../ledger/checkpoint.ts';
import { emptyRoot, nodeLogHash } from '../../ledger/hash.ts';
import type { HashName } from '../../ledger/hash.ts';
import { createMemoryTree } from '../../ledger/memory-tree.ts';
import type { MemoryTree } from '../../ledger/memory-tree.ts';
import { openNote, signNote } from '../../ledger/note.ts';
import type { NoteKeyAlgorithm } from '../../ledger/note.ts';
import { createNoteSigner, createNoteVerifier, generateNoteKey } from '../../ledger/note-node.ts';
import { createCosignatureVerifier, generateCosignerKey, verifyCosignatureLine } from './cosignature.ts';
import { createWitnessClient, formatAddCheckpointRequest } from './witness-client.ts';
import { MAX_PROOF_LINES, TLOG_SIZE_CONTENT_TYPE, createWitnessApp, runWitness } from './witness-server.ts';
import type { WitnessLogConfig } from './witness-server.ts';
import { WITNESS_LOCK_FILE, WITNESS_STATE_FILE } from './witness-state.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const WITNESS = generateCosignerKey('witness.test/w1');
const dirs: string[] = [];
const apps: FastifyInstance[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-witness-'));
  dirs.push(d);
  return d;
};

/** A log: an in-memory Merkle tree and a key that signs its checkpoints. */
interface TestLog {
  readonly origin: string;
  readonly verifierKey: string;
  readonly tree: MemoryTree;
  grow(n: number): void;
  /** Signed checkpoint of `t` (default: the log's tree) at `size` (default: its size). */
  checkpoint(size?: number, t?: MemoryTree): Promise<string>;
  /** A tree sharing the first `shared` leaves with the log, then different ones, `size` leaves in all. */
  fork(shared: number, size: number): MemoryTree;
  config(): WitnessLogConfig;
  /** Signs arbitrary checkpoint text with the log key. */
  sign(text: string): Promise<string>;
}

function makeLog(algorithm: NoteKeyAlgorithm, base = `log.test/${algorithm}`): TestLog {
  const hashName: HashName = algorithm === 'sm2' ? 'sm3' : 'sha256';
  const origin = makeOrigin(base, hashName);
  const key = generateNoteKey(origin, algorithm);
  const signer = createNoteSigner(key.signerKey);
  const hash = nodeLogHash(hashName);
  const tree = createMemoryTree(hash);
  const add = (t: MemoryTree, n: number, tag: string) => {
    for (let i = 0; i < n; i++) t.append(utf8Encode(`{"${tag}":${t.size}}`));
  };
  return {
    origin,
    verifierKey: key.verifierKey,
    tree,
    grow: (n) => add(tree, n, 'leaf'),
    checkpoint: (size, t = tree) => {
      const s = size ?? t.size;
      return signNote(formatCheckpoint({ origin, size: s, rootHash: t.root(s), extensions: [] }), [signer]);
    },
    fork(shared, size) {
      const f = createMemoryTree(hash);
      for (let i = 0; i < shared; i++) f.appendLeafHash(tree.node({ level: 0, index: i }));
      add(f, size - shared, 'fork');
      return f;
    },
    config: () => ({ origin, verifierKeys: [key.verifierKey] }),
    sign: (text) => signNote(text, [signer]),
  };
}

async function listen(app: FastifyInstance): Promise<string> {
  apps.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  if (a === null || typeof a !== 'object') throw new Error('no address');
  return `http://127.0.0.1:${a.port}`;
}

async function post(url: string, body: string | Uint8Array): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${url}/add-checkpoint`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

const proofLines = (proof: readonly Uint8Array[]) => proof.map(encodeBase64);
const stateFile = (dir: string) => fs.readFileSync(path.join(dir, WITNESS_STATE_FILE), 'utf8');

describe.each([
  ['an SM2-signed SM3 log', 'sm2'],
  ['an Ed25519-signed SHA-256 log', 'ed25519'],
] as const)('witnessing %s', (_title, algorithm) => {
  const log = makeLog(algorithm);
  const consistency = async (from: number, to: number) => log.tree.consistencyProof(from, to);
  let dir = '';
  let url = '';
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = tmpDir();
    app = createWitnessApp({ signerKey: WITNESS.signerKey, dir, logs: [log.config()] });
    url = await listen(app);
  });

  it('cosigns a first checkpoint and a consistent later one (client and server), and the cosignatures verify', async () => {
    const client = createWitnessClient({ witnesses: [{ name: 'w1', url, vkey: WITNESS.verifierKey }], consistency });
    log.grow(3);
    const first = await log.checkpoint();
    const [r1] = await client.submit(first, 3);
    expect(r1).toMatchObject({ witness: 'w1', ok: true });
    if (!r1?.ok) return;
    expect(Math.abs(r1.timestamp - Date.now() / 1000)).toBeLessThan(60);
    // The cosigned note opens with the log key and the witness key together (c2sp.org/tlog-witness).
    const opened = await openNote(first + r1.line, [createNoteVerifier(log.verifierKey), createCosignatureVerifier(WITNESS.verifierKey)]);
    expect(opened.verified.map((s) => s.name)).toEqual([log.origin, 'witness.test/w1']);
    expect(client.knownSize('w1')).toBe(3);

    log.grow(6);
    const later = await log.checkpoint();
    const [r2] = await client.submit(later, 9);
    expect(r2).toMatchObject({ ok: true });
    if (!r2?.ok) return;
    const text = later.slice(0, later.indexOf('\n\n') + 1);
    expect(await verifyCosignatureLine(r2.line, text, WITNESS.verifierKey)).toEqual({ ok: true, timestamp: r2.timestamp });
    expect(client.knownSize('w1')).toBe(9);
    expect(JSON.parse(stateFile(dir)).logs[log.origin]).toEqual({ size: 9, rootHash: encodeBase64(log.tree.root(9)) });
  });

  it('answers 409 text/x.tlog.size with its size when old is stale, and a client that starts at 0 recovers', async () => {
    log.grow(3);
    const stale = await post(url, formatAddCheckpointRequest(3, log.tree.consistencyProof(3, 12), await log.checkpoint()));
    expect(stale).toEqual({ status: 409, type: TLOG_SIZE_CONTENT_TYPE, text: '9\n' });

    const bodies: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      bodies.push(typeof init?.body === 'string' ? init.body : '');
      return fetch(input, init);
    };
    const fresh = createWitnessClient({ witnesses: [{ name: 'w1', url, vkey: WITNESS.verifierKey }], consistency, fetch: recording });
    const checkpoint = await log.checkpoint(); // SM2 signatures are randomized: sign once
    const [r] = await fresh.submit(checkpoint, 12);
    expect(r).toMatchObject({ ok: true });
    expect(bodies).toEqual([formatAddCheckpointRequest(0, [], checkpoint), formatAddCheckpointRequest(9, log.tree.consistencyProof(9, 12), checkpoint)]);
    expect(fresh.knownSize('w1')).toBe(12);
  });

  it('refuses a fork with 422 — same size with another root, and a later tree whose proof from the cosigned one fails — leaving its state unchanged', async () => {
    const before = stateFile(dir);
    const fork = log.fork(10, 12);
    expect(fork.root(12)).not.toEqual(log.tree.root(12));
    const sameSize = await post(url, formatAddCheckpointRequest(12, [], await log.checkpoint(12, fork)));
    expect(sameSize.status).toBe(422);

    fork.append(utf8Encode('{"fork":12}'));
    fork.append(utf8Encode('{"fork":13}'));
    const forkProof = fork.consistencyProof(12, 14);
    const later = await post(url, `old 12\n${proofLines(forkProof).join('\n')}\n\n${await log.checkpoint(14, fork)}`);
    expect(later.status).toBe(422);
    expect(later.text).toMatch(/consistency proof/);

    // Through the client as well: a forked log gets no cosignature.
    const forkClient = createWitnessClient({
      witnesses: [{ name: 'w1', url, vkey: WITNESS.verifierKey }],
      consistency: async (from, to) => fork.consistencyProof(from, to),
    });
    const [r] = await forkClient.submit(await log.checkpoint(14, fork), 14);
    expect(r).toMatchObject({ ok: false, status: 422 });

    expect(stateFile(dir)).toBe(before);
    // The honest log still goes on.
    log.grow(2);
    const honest = await post(url, formatAddCheckpointRequest(12, log.tree.consistencyProof(12, 14), await log.checkpoint()));
    expect(honest.status).toBe(200);
  });

  it('keeps its state across a restart: a new app over the same directory still refuses the fork', async () => {
    await app.close();
    expect(fs.existsSync(path.join(dir, WITNESS_LOCK_FILE))).toBe(false);
    app = createWitnessApp({ signerKey: WITNESS.signerKey, dir, logs: [log.config()] });
    url = await listen(app);
    const fork = log.fork(10, 14);
    const refused = await post(url, formatAddCheckpointRequest(14, [], await log.checkpoint(14, fork)));
    expect(refused.status).toBe(422);
    expect(await post(url, formatAddCheckpointRequest(0, [], await log.checkpoint()))).toMatchObject({ status: 409, text: '14\n' });
    const again = await post(url, formatAddCheckpointRequest(14, [], await log.checkpoint()));
    expect(again.status).toBe(200);
  });
});

describe('add-checkpoint answers', () => {
  const log = makeLog('ed25519', 'log.test/answers');
  const other = makeLog('sm2', 'log.test/other');
  const dir = tmpDir();
  let url = '';
  beforeAll(async () => {
    url = await listen(createWitnessApp({ signerKey: WITNESS.signerKey, dir, logs: [log.config(), other.config()] }));
  });

  it('answers 404 for an origin it does not witness', async () => {
    const stranger = makeLog('ed25519', 'log.test/stranger');
    stranger.grow(1);
    const r = await post(url, formatAddCheckpointRequest(0, [], await stranger.checkpoint()));
    expect(r.status).toBe(404);
  });

  it('answers 403 when no trusted key signed, when a trusted key signature is bad, and for another log key', async () => {
    log.grow(2);
    const signed = await log.checkpoint();
    const text = signed.slice(0, signed.indexOf('\n\n') + 1);
    // Same origin, untrusted key: ignored, so nothing verifies.
    const impostor = createNoteSigner(generateNoteKey(log.origin, 'ed25519').signerKey);
    expect((await post(url, formatAddCheckpointRequest(0, [], await signNote(text, [impostor])))).status).toBe(403);
    // The trusted key with a flipped bit.
    const b64 = signed.slice(signed.lastIndexOf(' ') + 1, -1);
    const raw = decodeBase64(b64) ?? new Uint8Array();
    raw[10] = (raw[10] ?? 0) ^ 1;
    const forged = `${text}\n\u2014 ${log.origin} ${encodeBase64(raw)}\n`;
    expect((await post(url, formatAddCheckpointRequest(0, [], forged))).status).toBe(403);
    // Signed by the other configured log's key.
    const byOther = await signNote(text, [createNoteSigner(generateNoteKey(other.origin, 'sm2').signerKey)]);
    expect((await post(url, formatAddCheckpointRequest(0, [], byOther))).status).toBe(403);
    expect(fs.existsSync(path.join(dir, WITNESS_STATE_FILE))).toBe(false);
  });

  it('answers 400 to malformed bodies and to old > new', async () => {
    const cp = await log.checkpoint();
    const h = encodeBase64(new Uint8Array(32));
    const bodies: Array<string | Uint8Array> = [
      '',
      cp,
      `old 0\n${cp}`,
      `old 00\n\n${cp}`,
      `old -1\n\n${cp}`,
      `old 1.0\n\n${cp}`,
      `old  0\n\n${cp}`,
      `OLD 0\n\n${cp}`,
      `old 0\r\n\r\n${cp}`,
      `old 99999999999999999999\n\n${cp}`,
      `old 1\nnot base64\n\n${cp}`,
      `old 1\n${encodeBase64(new Uint8Array(31))}\n\n${cp}`,
      `old 1\n${h.slice(0, -1)}\n\n${cp}`,
      `old 1\n${Array.from({ length: MAX_PROOF_LINES + 1 }, () => h).join('\n')}\n\n${cp}`,
      `old 0\n\n`,
      `old 0\n\n${cp.slice(0, cp.indexOf('\n\n') + 1)}`,
      `old 0\n\n${cp.replace('\n2\n', '\n02\n')}`,
      concatBytes(utf8Encode('old 0\n\n'), Uint8Array.of(0xff, 0xfe), utf8Encode(cp)),
      `old 3\n\n${cp}`,
    ];
    for (const body of bodies) {
      const r = await post(url, body);
      expect(r.status, JSON.stringify(typeof body === 'string' ? body.slice(0, 60) : 'bytes')).toBe(400);
      expect(r.type).toMatch(/^text\/plain/);
    }
    // 63 proof lines are allowed by the syntax (they then fail as a proof: 409 here, nothing cosigned yet).
    const max = await post(url, `old 1\n${Array.from({ length: MAX_PROOF_LINES }, () => h).join('\n')}\n\n${cp}`);
    expect(max.status).toBe(409);
    expect((await post(url, `old 0\n\n${'x'.repeat(70_000)}`)).status).toBe(413);
  });

  it('answers 422 for a proof after old 0 and for a size-0 checkpoint without the empty root; cosigns the empty tree', async () => {
    expect((await post(url, formatAddCheckpointRequest(0, [new Uint8Array(32)], await log.checkpoint()))).status).toBe(422);
    const notEmpty = await log.sign(formatCheckpoint({ origin: log.origin, size: 0, rootHash: new Uint8Array(32).fill(1), extensions: [] }));
    expect((await post(url, formatAddCheckpointRequest(0, [], notEmpty))).status).toBe(422);
    expect(fs.existsSync(path.join(dir, WITNESS_STATE_FILE))).toBe(false);
    const empty = await log.sign(formatCheckpoint({ origin: log.origin, size: 0, rootHash: emptyRoot(nodeLogHash('sha256')), extensions: [] }));
    const r = await post(url, formatAddCheckpointRequest(0, [], empty));
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain/);
    expect(r.text).toMatch(/^\u2014 witness\.test\/w1 [A-Za-z0-9+/]+=*\n$/);
    // The empty tree is consistent with any tree: old 0 and no proof (c2sp.org/tlog-witness).
    expect((await post(url, formatAddCheckpointRequest(0, [], await log.checkpoint()))).status).toBe(200);
  });

  it('cosigns the same checkpoint again without rewriting its state', async () => {
    const before = fs.statSync(path.join(dir, WITNESS_STATE_FILE));
    const size = log.tree.size;
    const r = await post(url, formatAddCheckpointRequest(size, [], await log.checkpoint()));
    expect(r.status).toBe(200);
    expect(fs.statSync(path.join(dir, WITNESS_STATE_FILE)).mtimeMs).toBe(before.mtimeMs);
    expect(fs.statSync(path.join(dir, WITNESS_STATE_FILE)).ino).toBe(before.ino);
  });

  it('checks and updates atomically: of two concurrent requests from the same old size, one is cosigned and the other gets 409', async () => {
    const old = log.tree.size;
    log.grow(1);
    const a = formatAddCheckpointRequest(old, log.tree.consistencyProof(old, old + 1), await log.checkpoint(old + 1));
    log.grow(1);
    const b = formatAddCheckpointRequest(old, log.tree.consistencyProof(old, old + 2), await log.checkpoint(old + 2));
    const answers = await Promise.all([post(url, a), post(url, b)]);
    expect(answers.map((x) => x.status).sort()).toEqual([200, 409]);
    const winner = answers[0]?.status === 200 ? old + 1 : old + 2;
    expect(answers.find((x) => x.status === 409)?.text).toBe(`${winner}\n`);
    expect(JSON.parse(stateFile(dir)).logs[log.origin].size).toBe(winner);
  });
});

describe('witness configuration and process', () => {
  it('refuses a log origin that does not name its hash, a bad verifier key or a bad signer key, without locking the directory', () => {
    const dir = tmpDir();
    const log = makeLog('ed25519', 'log.test/config');
    const bad: Array<[string, () => unknown]> = [
      ['origin', () => createWitnessApp({ signerKey: WITNESS.signerKey, dir, logs: [{ origin: 'log.test/nohash', verifierKeys: [log.verifierKey] }] })],
      ['vkey', () => createWitnessApp({ signerKey: WITNESS.signerKey, dir, logs: [{ origin: log.origin, verifierKeys: ['nope'] }] })],
      ['no keys', () => createWitnessApp({ signerKey: WITNESS.signerKey, dir, logs: [{ origin: log.origin, verifierKeys: [] }] })],
      ['twice', () => createWitnessApp({ signerKey: WITNESS.signerKey, dir, logs: [log.config(), log.config()] })],
      ['signer', () => createWitnessApp({ signerKey: 'PRIVATE+KEY+x', dir, logs: [log.config()] })],
    ];
    for (const [what, make] of bad) expect(make, what).toThrow();
    expect(fs.existsSync(path.join(dir, WITNESS_LOCK_FILE))).toBe(false);
  });

  it('runWitness serves on 127.0.0.1; a second witness process on the same directory is refused with a message naming the holder pid', async () => {
    const dir = tmpDir();
    const keyFile = path.join(dir, 'witness.key');
    fs.writeFileSync(keyFile, `${WITNESS.signerKey}\n`, { mode: 0o600 });
    const log = makeLog('sm2', 'log.test/process');
    const stateDir = path.join(dir, 'state');
    const opts = { port: 0, dir: stateDir, signerKeyFile: keyFile, logs: [log.config()] };

    // First witness: a separate process.
    const script = `const m = await import(process.env.W_MODULE); const w = await m.runWitness(JSON.parse(process.env.W_OPTS)); console.log('ready ' + w.url); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, W_MODULE: new URL('./witness-server.ts', import.meta.url).href, W_OPTS: JSON.stringify(opts) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const childUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /ready (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => reject(new Error(`witness process exited ${code}: ${out}`)));
    });
    expect(childUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    log.grow(5);
    const client = createWitnessClient({ witnesses: [{ name: 'w1', url: childUrl, vkey: WITNESS.verifierKey }], consistency: async (a, b) => log.tree.consistencyProof(a, b) });
    expect((await client.submit(await log.checkpoint(), 5))[0]).toMatchObject({ ok: true });

    // Second witness on the same directory, here: refused, naming the first one's pid.
    await expect(runWitness(opts)).rejects.toThrow(`is in use by process ${child.pid}`);

    // Once the first is gone (killed, lock left behind), a new witness takes over with its state.
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const w = await runWitness(opts);
    try {
      expect(w.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(w.verifierKey).toBe(WITNESS.verifierKey);
      expect(await post(w.url, formatAddCheckpointRequest(0, [], await log.checkpoint()))).toMatchObject({ status: 409, text: '5\n' });
    } finally {
      await w.close();
    }
    expect(fs.existsSync(path.join(stateDir, WITNESS_LOCK_FILE))).toBe(false);
  });
});
