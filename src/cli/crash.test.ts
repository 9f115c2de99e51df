import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomUscc } from '../../test/factories.ts';
import { freePort, killStartedServers, runYima, startServer, waitFor } from '../../test/process.ts';

afterAll(killStartedServers);
const start = startServer;

describe('crash drill: kill -9 during a stream of appends', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-crash-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged record with its leaf; the audit is clean and new checkpoints extend the last published one', async () => {
    const port = await freePort();
    const env = { YIMA_DATA_DIR: dir, PORT: String(port), YIMA_ADMIN_PASSWORD: 'crash-drill-password', YIMA_CHECKPOINT_SECONDS: '1', YIMA_CHECKPOINT_RECORDS: '5' };
    const base = `http://127.0.0.1:${port}`;
    const json = { 'content-type': 'application/json' };
    const first = start(env);
    await waitFor(first, /Yima is serving at/);
    const { token } = (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'admin', password: 'crash-drill-password' }) })).json()) as { token: string };
    const auth = { ...json, authorization: `Bearer ${token}` };
    const org = await fetch(`${base}/api/v1/orgs`, {
      method: 'POST', headers: auth,
      body: JSON.stringify({ name: '崩溃演练电动车厂', uscc: randomUscc('320200'), address: '无锡', roles: ['producer'], contacts: [{ name: '周' }],
        cccCertificates: [{ number: '2022011100000042', product: '电动自行车', status: 'valid', validTo: '2099-01-01' }] }),
    });
    const orgId = ((await org.json()) as { id: string }).id;
    const product = (i: number) => fetch(`${base}/api/v1/products`, {
      method: 'POST', headers: auth,
      body: JSON.stringify({ orgId, categoryCode: 'e-bike', name: '电动自行车', model: `CRASH-${i}`, standard: 'GB 17761-2024', cccCertificateNumber: '2022011100000042' }),
    });
    // A checkpoint published before the crash, that later ones must extend.
    for (let i = 0; i < 5; i++) expect((await product(i)).status).toBe(201);
    let published = '';
    for (let tries = 0; tries < 100; tries++) {
      published = await (await fetch(`${base}/ledger/checkpoint`)).text();
      if (Number(published.split('\n')[1]) >= 9) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const acked: string[] = [];
    const inFlight: Promise<unknown>[] = [];
    for (let i = 5; i < 40; i++) {
      const res = await product(i);
      expect(res.status).toBe(201);
      acked.push(((await res.json()) as { id: string }).id);
    }
    for (let i = 40; i < 44; i++) inFlight.push(product(i).catch(() => undefined));
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(inFlight);

    const audit = runYima(['ledger', 'audit'], { YIMA_DATA_DIR: dir, LANG: 'en_US.UTF-8' });
    expect(await audit.exited, audit.output()).toBe(0);
    expect(audit.output()).toMatch(/^clean: \d+ leaves/m);

    const again = start(env);
    await waitFor(again, /Yima is serving at/);
    for (const id of acked) expect((await fetch(`${base}/api/v1/products/${id}`, { headers: auth })).status).toBe(200);
    const keys = (await (await fetch(`${base}/ledger/keys`)).json()) as { vkey: string }[];
    const latest = await (await fetch(`${base}/ledger/checkpoint`)).text();
    const [from, to] = [Number(published.split('\n')[1]), Number(latest.split('\n')[1])];
    expect(to).toBeGreaterThanOrEqual(from + acked.length);
    const proof = (await (await fetch(`${base}/api/v1/ledger/proofs/consistency?from=${from}&to=${to}`)).json()) as { path: string[] };
    const { verifyCheckpointConsistency } = await import('../ledger/verify-browser.ts');
    const { decodeBase64 } = await import('../ledger/bytes.ts');
    const opened = await verifyCheckpointConsistency(published, latest, proof.path.map((p) => decodeBase64(p) ?? new Uint8Array()), keys.map((k) => k.vkey));
    expect(opened.checkpoint.size).toBe(to);

    // `yima issue` against the running server: a job with a progress report, codes saved as CSV.
    const withGtin = await fetch(`${base}/api/v1/products`, {
      method: 'POST', headers: auth,
      body: JSON.stringify({ orgId, categoryCode: 'e-bike', name: '电动自行车', model: 'ISSUE-1', standard: 'GB 17761-2024', cccCertificateNumber: '2022011100000042', gtins: ['06901234567892'] }),
    });
    const productId = ((await withGtin.json()) as { id: string }).id;
    const out = path.join(dir, 'codes.csv');
    const issue = runYima(['issue', '--url', base, '--token', token, '--product', productId, '--lot', 'CLI-1', '--date', '2026-11-25', '--quantity', '3000', '--out', out], {});
    expect(await issue.exited, issue.output()).toBe(0);
    expect(issue.output()).toContain('[##############################] 100.0%  3,000 / 3,000');
    expect(JSON.parse(issue.output().trim().split('\n').pop() ?? '{}')).toMatchObject({ status: 'done', issued: 3000, csv: out });
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3001);
    const bad = runYima(['issue', '--url', base, '--token', token, '--product', productId, '--lot', 'CLI-2', '--date', '2026-11-25', '--quantity', '5', '--scheme', 'gs1', '--gtin', '06901234567893'], { LANG: 'en_US.UTF-8' });
    expect(await bad.exited).toBe(1);
    again.child.kill('SIGTERM');
    await again.exited;
  }, 300_000);
});
