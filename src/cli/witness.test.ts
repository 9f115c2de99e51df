import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomUscc } from '../../test/factories.ts';
import { freePort, killStartedServers, startServer, waitFor } from '../../test/process.ts';
import { formatCheckpoint, parseCheckpoint } from '../ledger/checkpoint.ts';
import { openNote, parseNote, signNote } from '../ledger/note.ts';
import { createNoteSigner, createNoteVerifier } from '../ledger/note-node.ts';
import { createCosignatureVerifier } from '../modules/witness/cosignature.ts';
import { formatAddCheckpointRequest } from '../modules/witness/witness-client.ts';

afterAll(killStartedServers);

describe('yima witness with the platform', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-witnessed-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('cosigns the platform\'s checkpoints, which /ledger/checkpoint then carries, and refuses a forked one', async () => {
    // The platform first, to learn its keys.
    const port = await freePort();
    const dataDir = path.join(dir, 'platform');
    const env = { YIMA_DATA_DIR: dataDir, PORT: String(port), YIMA_ADMIN_PASSWORD: 'witness-test-password', YIMA_CHECKPOINT_SECONDS: '1' };
    const base = `http://127.0.0.1:${port}`;
    let platform = startServer(env);
    await waitFor(platform, /Yima is serving at/);
    fs.writeFileSync(path.join(dir, 'keys.json'), await (await fetch(`${base}/ledger/keys`)).text());
    platform.child.kill('SIGTERM');
    await platform.exited;

    // An association runs a witness for that log.
    const wport = await freePort();
    const witness = startServer({ LANG: 'en_US.UTF-8' }, ['witness', '--dir', path.join(dir, 'witness'), '--port', String(wport), '--name', 'witness.zj-gas-assoc.example', '--log', path.join(dir, 'keys.json')]);
    const wkey = (await waitFor(witness, /witness key: (\S+)/))[1] ?? '';

    platform = startServer({ ...env, YIMA_WITNESSES: `http://127.0.0.1:${wport} ${wkey}` });
    await waitFor(platform, /Yima is serving at/);
    const json = { 'content-type': 'application/json' };
    const { token } = (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'admin', password: 'witness-test-password' }) })).json()) as { token: string };
    const before = Number((await (await fetch(`${base}/ledger/checkpoint`)).text()).split('\n')[1]);
    const created = await fetch(`${base}/api/v1/orgs`, {
      method: 'POST', headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: '见证测试单位', uscc: randomUscc(), address: 'x', roles: ['seller'], contacts: [{ name: 'a' }] }),
    });
    expect(created.status).toBe(201);
    let cosigned = '';
    // Wait for the checkpoint that includes the new organisation, cosigned.
    for (let i = 0; i < 100 && !(cosigned.includes('— witness.zj-gas-assoc.example ') && Number(cosigned.split('\n')[1]) > before); i++) {
      await new Promise((r) => setTimeout(r, 100));
      cosigned = await (await fetch(`${base}/ledger/checkpoint`)).text();
    }
    const logKeys = (JSON.parse(fs.readFileSync(path.join(dir, 'keys.json'), 'utf8')) as { vkey: string }[]).map((k) => createNoteVerifier(k.vkey));
    const opened = await openNote(cosigned, [...logKeys, createCosignatureVerifier(wkey)]);
    expect(opened.verified.map((s) => s.name)).toContain('witness.zj-gas-assoc.example');
    expect(opened.verified).toHaveLength(3); // SM2, Ed25519, the witness

    // A compromised operator signs another root for the same size with the platform's own key: the witness refuses.
    const cp = parseCheckpoint(parseNote(cosigned).text);
    const signer = createNoteSigner(fs.readFileSync(path.join(dataDir, 'keys', 'ledger-sm2.key'), 'utf8').trim());
    const forkedRoot = new Uint8Array(cp.rootHash);
    forkedRoot[0] = (forkedRoot[0] ?? 0) ^ 1;
    const forked = await signNote(formatCheckpoint({ ...cp, rootHash: forkedRoot }), [signer]);
    const res = await fetch(`http://127.0.0.1:${wport}/add-checkpoint`, { method: 'POST', body: formatAddCheckpointRequest(cp.size, [], forked) });
    expect(res.status).toBe(422);
  }, 120_000);
});
