/**
 * The web application's serving: its index.html at `/` and at deep links, its hashed assets cached
 * for a year (precompressed when the browser takes it), and the platform's own paths untouched.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.ts';
import { DB_TARGETS } from '../../test/db.ts';
import { randomGtin } from '../../test/factories.ts';
import { isAppPath, webApp } from './web-app.ts';

const INDEX = '<!doctype html><html lang="zh-CN"><head><script type="module" src="/app/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("the app");'.repeat(50);

describe('isAppPath', () => {
  it('takes the app\'s pages and leaves the platform\'s paths alone', () => {
    for (const url of ['/', '/sign-in', '/producer/products', '/producer/products/new?x=1', '/seller', '/identity', '/apix', '/scanner']) expect(isAppPath(url), url).toBe(true);
    for (const url of ['/api/v1/products', '/epcis/events', '/ledger/checkpoint', '/docs', '/docs/static/x.js', '/openapi.json', '/healthz', '/assets/scan.js', '/scan', '/scan?code=1',
      '/01/06901234567892', '/00/069012345678901234', '/414/6901234567892', '/8004/x', '/id/yima/K7M-QAHCG6K64T2BXK', '/app/assets/missing.js', '/.well-known/gs1resolver']) {
      expect(isAppPath(url), url).toBe(false);
    }
  });
});

describe('the web application plugin', () => {
  let root: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-web-'));
    const assets = path.join(root, 'dist/web/assets');
    fs.mkdirSync(assets, { recursive: true });
    fs.writeFileSync(path.join(root, 'dist/web/index.html'), INDEX);
    fs.writeFileSync(path.join(assets, 'index-abc123.js'), SCRIPT);
    fs.writeFileSync(path.join(assets, 'index-abc123.js.gz'), zlib.gzipSync(SCRIPT));
    fs.writeFileSync(path.join(assets, 'index-abc123.js.br'), zlib.brotliCompressSync(SCRIPT));
    app = Fastify();
    app.get('/api/v1/thing', async () => ({ ok: true }));
    await app.register(webApp, { root });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers / and deep links with index.html, never cached stale', async () => {
    for (const url of ['/', '/producer/products', '/sign-in?next=%2Fproducer']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toBe(INDEX);
    }
  });

  it('serves hashed assets for a year, compressed as the browser asks', async () => {
    const plain = await app.inject({ url: '/app/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    const br = await app.inject({ url: '/app/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
    const gz = await app.inject({ url: '/app/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.length).toBeLessThan(SCRIPT.length / 5);
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
  });

  it('answers 404 for a missing asset, a compressed file asked by name, and paths that climb out', async () => {
    for (const url of ['/app/assets/nope.js', '/app/assets/index-abc123.js.gz', '/app/assets/..%2F..%2Findex.html', '/app/assets/.hidden', '/app/assets/a/b.js']) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
  });

  it('leaves the platform\'s routes and its unknown paths to the platform', async () => {
    expect((await app.inject({ url: '/api/v1/thing' })).json()).toEqual({ ok: true });
    expect((await app.inject({ url: '/api/v1/nothing' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/01/06901234567892' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/producer' })).statusCode).toBe(404);
  });

  it('says how to build it when it is not built, in the caller\'s language', async () => {
    const bare = Fastify();
    await bare.register(webApp, { root: path.join(root, 'nothing-here') });
    const zh = await bare.inject({ url: '/' });
    expect(zh.statusCode).toBe(503);
    expect(zh.body).toContain('npm run build');
    expect(zh.body).toMatch(/网页应用尚未构建/);
    const en = await bare.inject({ url: '/producer', headers: { 'accept-language': 'en' } });
    expect(en.body).toMatch(/^The web application is not built yet/);
    await bare.close();
  });
});

describe(`the web application in the platform (${DB_TARGETS[0] ?? 'pglite'})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(DB_TARGETS[0] ?? 'pglite');
  });
  afterAll(() => ctx?.close());

  it('keeps the API, the resolver, the scan page and the docs where they were, under helmet\'s CSP', async () => {
    const page = await ctx.call('GET', '/producer/products');
    // Built by `npm ci` (scripts/build.mjs); a checkout without the build answers 503 with a how-to.
    expect([200, 503]).toContain(page.statusCode);
    // The app's pages may compile WebAssembly (the camera's reader), and nothing else changes.
    if (page.statusCode === 200) expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    expect(page.headers['content-security-policy']).not.toContain("'unsafe-eval'");
    const missing = await ctx.call('GET', '/api/v1/nothing-here', { lang: 'en' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'route_not_found' });
    const scan = await ctx.call('GET', `/01/${randomGtin()}/21/X1`);
    expect(scan.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(scan.body).not.toContain('id="root"');
    expect(scan.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect((await ctx.call('GET', '/scan')).body).toContain('<form');
    expect((await ctx.call('GET', '/id/yima/K7M-QAHCG6K64T2BXK', { headers: { accept: 'application/json' } })).headers['content-type']).toMatch(/^application\/json/);
    expect((await ctx.call('GET', '/healthz')).json()).toMatchObject({ status: 'ok' });
    expect((await ctx.call('GET', '/openapi.json')).json()).toHaveProperty('openapi', '3.1.0');
    expect((await ctx.call('GET', '/assets/scan.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });
});
