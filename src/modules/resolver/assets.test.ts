import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../paths.ts';
import { SCAN_SCRIPT, isBuiltScriptFresh, scanAssets } from './assets.ts';

describe('GET /assets/scan.js', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  /** A package root whose sources are links to ours, so esbuild finds node_modules from it. */
  function fakeRoot(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-assets-'));
    dirs.push(root);
    fs.mkdirSync(path.join(root, 'dist'));
    fs.symlinkSync(path.join(PACKAGE_ROOT, 'src'), path.join(root, 'src'));
    fs.symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    return root;
  }

  it('bundles the script in memory when there is no built file, as JavaScript with an ETag', async () => {
    const app = Fastify();
    await app.register(scanAssets, { root: fakeRoot() });
    const res = await app.inject({ method: 'GET', url: '/assets/scan.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    // An IIFE that reads the page's ledger section, minified, without imports left over.
    // (Assertions on booleans: a failure must not print 75 kB of minified code.)
    expect(res.body.startsWith('"use strict";(()=>{')).toBe(true);
    expect(res.body.includes('ledger-status')).toBe(true);
    // No static import left (sm-crypto-v2's guarded `await import("crypto")` never runs in a browser).
    expect(/(?:^|[;}])import\s*[{*"']/.test(res.body)).toBe(false);
    expect(res.body.length).toBeLessThan(150 * 1024);
    const again = await app.inject({ method: 'GET', url: '/assets/scan.js', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
    await app.close();
  });

  it('serves the built file when it is newer than its sources, and bundles again when it is stale', async () => {
    const root = fakeRoot();
    const out = path.join(root, SCAN_SCRIPT.output);
    fs.writeFileSync(out, '/* built */');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(out, later, later);
    expect(isBuiltScriptFresh(root)).toBe(true);
    const app = Fastify();
    await app.register(scanAssets, { root });
    expect((await app.inject({ method: 'GET', url: '/assets/scan.js' })).body).toBe('/* built */');
    await app.close();

    const long = new Date(2000, 0, 1);
    fs.utimesSync(out, long, long);
    expect(isBuiltScriptFresh(root)).toBe(false);
  });
});
