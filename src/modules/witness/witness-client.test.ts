import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckpoint, makeOrigin } from '../../ledger/checkpoint.ts';
import { nodeLogHash } from '../../ledger/hash.ts';
import { createMemoryTree } from '../../ledger/memory-tree.ts';
import { signNote } from '../../ledger/note.ts';
import { createNoteSigner, generateNoteKey } from '../../ledger/note-node.ts';
import { utf8Encode } from '../../ledger/bytes.ts';
import { createCosigner, generateCosignerKey } from './cosignature.ts';
import { createWitnessClient, formatAddCheckpointRequest } from './witness-client.ts';
import { createWitnessApp } from './witness-server.ts';

const WITNESS = generateCosignerKey('witness.test/client');
const origin = makeOrigin('log.test/client', 'sha256');
const logKey = generateNoteKey(origin, 'ed25519');
const signer = createNoteSigner(logKey.signerKey);
const tree = createMemoryTree(nodeLogHash('sha256'));
for (let i = 0; i < 6; i++) tree.append(utf8Encode(`{"n":${i}}`));
const textAt = (size: number) => formatCheckpoint({ origin, size, rootHash: tree.root(size), extensions: [] });
const checkpointAt = (size: number) => signNote(textAt(size), [signer]);
const consistency = async (from: number, to: number) => tree.consistencyProof(from, to);

/** A fetch that answers from a script instead of the network, recording request bodies. */
function scripted(answers: Array<(body: string) => Response | Promise<Response>>): { fetch: typeof fetch; bodies: string[] } {
  const bodies: string[] = [];
  const fetchFn: typeof fetch = async (_input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    bodies.push(body);
    const next = answers.shift();
    if (next === undefined) throw new Error('unexpected request');
    return next(body);
  };
  return { fetch: fetchFn, bodies };
}
const text = (status: number, body: string, type = 'text/plain') => new Response(body, { status, headers: { 'content-type': type } });
const client = (f: typeof fetch, timeoutMs?: number) =>
  createWitnessClient({ witnesses: [{ name: 'w', url: 'http://witness.invalid/prefix/', vkey: WITNESS.verifierKey }], consistency, fetch: f, timeoutMs });

describe('witness client', () => {
  it('formats add-checkpoint bodies as old line, base64 proof lines, blank line, checkpoint', async () => {
    const cp = await checkpointAt(6);
    const proof = tree.consistencyProof(3, 6);
    expect(formatAddCheckpointRequest(0, [], cp)).toBe(`old 0\n\n${cp}`);
    expect(formatAddCheckpointRequest(3, proof, cp).split('\n').slice(0, proof.length + 2)).toEqual(['old 3', ...proof.map((h) => Buffer.from(h).toString('base64')), '']);
    expect(() => formatAddCheckpointRequest(-1, [], cp)).toThrow(TypeError);
  });

  it('posts to <url>/add-checkpoint and accepts the cosignature of the configured key among unknown ones', async () => {
    const cosigner = createCosigner(WITNESS.signerKey);
    const stranger = createCosigner(generateCosignerKey('witness.test/other').signerKey);
    let seen = '';
    const f: typeof fetch = async (input, init) => {
      seen = input instanceof Request ? input.url : String(input);
      const body = typeof init?.body === 'string' ? init.body : '';
      const note = body.slice(body.indexOf('\n\n') + 2);
      const noteText = textAt(6);
      expect(note.startsWith(noteText)).toBe(true);
      return text(200, (await stranger.cosign(noteText)).line + (await cosigner.cosign(noteText)).line);
    };
    const [r] = await client(f).submit(await checkpointAt(6), 6);
    expect(seen).toBe('http://witness.invalid/prefix/add-checkpoint');
    expect(r).toMatchObject({ witness: 'w', ok: true });
  });

  it('reports, without throwing, a 200 without a valid cosignature, a malformed or repeated 409, other statuses, and a failing proof source', async () => {
    const other = createCosigner(generateCosignerKey(WITNESS.verifierKey.split('+')[0] ?? '').signerKey);
    const cases: Array<[string, Array<(body: string) => Response | Promise<Response>>, object]> = [
      ['garbage 200', [() => text(200, 'hello\n')], { ok: false, status: 200 }],
      ['same name, other key', [async () => text(200, (await other.cosign(textAt(6))).line)], { ok: false, status: 200 }],
      ['cosignature of other text', [async () => text(200, (await createCosigner(WITNESS.signerKey).cosign(textAt(5))).line)], { ok: false, status: 200, reason: 'cosignature does not verify' }],
      ['409 without size type', [() => text(409, '3\n')], { ok: false, status: 409 }],
      ['409 with a bad size', [() => text(409, 'three\n', 'text/x.tlog.size')], { ok: false, status: 409 }],
      ['409 twice', [() => text(409, '3\n', 'text/x.tlog.size'), () => text(409, '4\n', 'text/x.tlog.size')], { ok: false, status: 409 }],
      ['409 ahead of us', [() => text(409, '9\n', 'text/x.tlog.size')], { ok: false, status: null, reason: expect.stringMatching(/larger than this checkpoint/) }],
      ['422', [() => text(422, 'consistency proof does not verify\n')], { ok: false, status: 422, reason: 'consistency proof does not verify' }],
      ['500 empty', [() => new Response(null, { status: 500 })], { ok: false, status: 500, reason: 'HTTP 500' }],
      ['network error', [() => Promise.reject(new TypeError('fetch failed'))], { ok: false, status: null, reason: expect.stringMatching(/request failed/) }],
    ];
    for (const [what, answers, expected] of cases) {
      const s = scripted([...answers]);
      const c = client(s.fetch);
      const [r] = await c.submit(await checkpointAt(6), 6);
      expect(r, what).toMatchObject(expected);
    }
    const broken = createWitnessClient({
      witnesses: [{ name: 'w', url: 'http://witness.invalid', vkey: WITNESS.verifierKey }],
      consistency: async () => {
        throw new Error('storage down');
      },
      fetch: scripted([() => text(409, '2\n', 'text/x.tlog.size')]).fetch,
    });
    expect((await broken.submit(await checkpointAt(6), 6))[0]).toMatchObject({ ok: false, status: null, reason: expect.stringMatching(/storage down/) });
  });

  it('remembers the size each witness accepted and sends the next proof from there', async () => {
    const cosigner = createCosigner(WITNESS.signerKey);
    const s = scripted([async () => text(200, (await cosigner.cosign(textAt(3))).line), async () => text(200, (await cosigner.cosign(textAt(6))).line)]);
    const c = client(s.fetch);
    expect((await c.submit(await checkpointAt(3), 3))[0]).toMatchObject({ ok: true });
    expect(c.knownSize('w')).toBe(3);
    expect((await c.submit(await checkpointAt(6), 6))[0]).toMatchObject({ ok: true });
    expect(s.bodies[1]?.startsWith(formatAddCheckpointRequest(3, tree.consistencyProof(3, 6), ''))).toBe(true);
    expect(c.knownSize('w')).toBe(6);
  });

  it('throws only for caller bugs: a size that is not the checkpoint size, or a bad witness vkey', async () => {
    await expect(client(scripted([]).fetch).submit(await checkpointAt(6), 5)).rejects.toThrow(TypeError);
    expect(() => createWitnessClient({ witnesses: [{ name: 'w', url: 'http://x', vkey: 'bad' }], consistency })).toThrow(/witness w/);
  });
});

describe('witness client over HTTP', () => {
  let hanging: http.Server;
  let hangingUrl = '';
  let refusedUrl = '';
  let app: FastifyInstance;
  let goodUrl = '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-witness-client-'));
  beforeAll(async () => {
    hanging = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    refusedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    app = createWitnessApp({ signerKey: WITNESS.signerKey, dir, prefix: '/witness/', logs: [{ origin, verifierKeys: [logKey.verifierKey] }] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    goodUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/witness`;
  });
  afterAll(async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('submits to all witnesses in parallel: one cosigns, one times out, one refuses the connection — each reported in order', async () => {
    const c = createWitnessClient({
      witnesses: [
        { name: 'good', url: goodUrl, vkey: WITNESS.verifierKey },
        { name: 'hanging', url: hangingUrl, vkey: WITNESS.verifierKey },
        { name: 'down', url: refusedUrl, vkey: WITNESS.verifierKey },
      ],
      consistency,
      timeoutMs: 300,
    });
    const t0 = Date.now();
    const results = await c.submit(await checkpointAt(6), 6);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(results).toMatchObject([
      { witness: 'good', ok: true },
      { witness: 'hanging', ok: false, status: null, reason: 'no answer within 300 ms' },
      { witness: 'down', ok: false, status: null, reason: expect.stringMatching(/request failed/) },
    ]);
    expect([c.knownSize('good'), c.knownSize('hanging'), c.knownSize('down')]).toEqual([6, 0, 0]);
  });
});
