import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomUscc } from '../../test/factories.ts';
import { freePort, killStartedServers, runYima, startServer, waitFor } from '../../test/process.ts';

afterAll(killStartedServers);
const start = startServer;

describe('yima serve on the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-serve-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the first admin password once, keeps acknowledged data across kill -9, and refuses a second process on the same directory', async () => {
    const port = await freePort();
    const env = { YIMA_DATA_DIR: dir, PORT: String(port) };
    const base = `http://127.0.0.1:${port}`;

    const first = start(env);
    const password = (await waitFor(first, /its password \(shown only this once\): (\S+)/))[1] ?? '';
    await waitFor(first, /Yima is serving at/);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const uscc = randomUscc('440300');
    const created = await fetch(`${base}/api/v1/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: '深圳测试电子有限公司', uscc, address: '深圳', roles: ['producer'], contacts: [{ name: '王' }] }),
    });
    expect(created.status).toBe(201);
    const orgId = ((await created.json()) as { id: string }).id;

    // A second process on the same data directory fails at once and says who holds it.
    const second = runYima(['serve'], { ...env, PORT: String(await freePort()), LANG: 'en_US.UTF-8' });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`is in use by process ${first.child.pid}`);

    first.child.kill('SIGKILL');
    await first.exited;

    const t0 = Date.now();
    const again = start(env);
    await waitFor(again, /Yima is serving at/);
    const restartMs = Date.now() - t0;
    expect(again.output()).not.toContain('shown only this once');
    const org = await fetch(`${base}/api/v1/orgs/${orgId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(org.status).toBe(200);
    expect(await org.json()).toMatchObject({ uscc, name: '深圳测试电子有限公司' });
    console.log(`restart on an existing embedded database: ${restartMs} ms to serving`);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(fs.existsSync(path.join(dir, 'yima.lock'))).toBe(false);
  }, 120_000);

  it('loads catalogue files from the command line, explaining a bad one field by field', async () => {
    const bad = path.join(dir, 'bad-list.json');
    fs.writeFileSync(bad, JSON.stringify({ kind: 'key-product-list', id: 'key-products', version: '2030.1', effectiveFrom: '2030-01-01', title: { zh: '新', en: 'new' }, categories: [{ code: 'x' }] }));
    const r = runYima(['catalog', 'load', bad], { YIMA_DATA_DIR: dir, LANG: 'en_US.UTF-8' });
    expect(await r.exited).toBe(1);
    expect(r.output()).toContain('document.categories[0].name: required.');
    expect(r.output()).not.toMatch(/at .*\.ts:\d+/);

    const good = path.join(dir, 'list.json');
    const list = JSON.parse(fs.readFileSync(new URL('../modules/catalog/data/key-products-2024.1.json', import.meta.url), 'utf8'));
    fs.writeFileSync(good, JSON.stringify({ ...list, version: '2030.1', effectiveFrom: '2030-01-01' }));
    const ok = runYima(['catalog', 'load', good], { YIMA_DATA_DIR: dir });
    expect(await ok.exited).toBe(0);
    expect(JSON.parse(ok.output().trim().split('\n').pop() ?? '{}')).toMatchObject({ created: true, kind: 'list', version: '2030.1', effectiveFrom: '2030-01-01' });
  }, 60_000);

  it('fills the database with the demo set once, and leaves it alone the second time', async () => {
    const first = runYima(['demo'], { YIMA_DATA_DIR: dir, LANG: 'en_US.UTF-8' });
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/Demo data loaded: 7 organisations, 7 products, 10 users, 20 events \(.*\)\. Demo accounts' password: \S{20}/);
    const second = runYima(['demo'], { YIMA_DATA_DIR: dir, LANG: 'en_US.UTF-8' });
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('Demo data loaded: 0 organisations, 0 products, 0 users, 0 events');
  }, 180_000); // two child processes loading the whole demo set
});

describe('yima serve with bad configuration', () => {
  it('fails at start with exit code 2, listing every problem', async () => {
    const r = runYima(['serve'], { PORT: '99999', LOG_LEVEL: 'chatty', YIMA_PUBLIC_URL: 'not a url' });
    expect(await r.exited).toBe(2);
    const out = r.output();
    expect(out).toContain('Invalid configuration (3 problems)');
    for (const v of ['PORT:', 'LOG_LEVEL:', 'YIMA_PUBLIC_URL:']) expect(out).toContain(v);
    expect(out).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  });
});
