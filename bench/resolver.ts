/**
 * Resolver benchmark: requests per second of the scan (JSON and the HTML page) for 1,000 codes,
 * against a baseline route in the same server that returns one row fetched by primary key, with
 * the same load tool (autocannon, 10 connections, loopback); then p99 latency at a fixed
 * 1,000 requests/s; the latency of a code's first scan (its facts are then kept a minute); and the page weight before first paint (the HTML: styles are inline, the
 * one script is deferred).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type autocannon from 'autocannon';
import { loadConfig } from '../src/config.ts';
import type { DbTarget } from '../src/db/database.ts';
import { ADMIN, openBenchDatabase, seedIssuedCodes } from './bench-db.ts';
import type { Actor } from '../src/modules/access/actor.ts';
import { buildApp } from '../src/server/app.ts';

const execFileAsync = promisify(execFile);

export async function benchResolver(target: DbTarget, seconds = Number(process.env.RESOLVER_SECONDS ?? 10)) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-bench-res-'));
  const database = await openBenchDatabase(target, 10);
  const config = loadConfig({ YIMA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', YIMA_SCAN_RATE_PER_MINUTE: '10000000', YIMA_PUBLIC_URL: 'http://127.0.0.1:8080' });
  const { app, services } = await buildApp({ config, database, logger: false });
  try {
    await services.catalog.loadBuiltIns();
    const { org, job } = await seedIssuedCodes(services, 1000, 'BENCH');
    const paths: string[] = [];
    for await (const chunk of services.issuance.csv(ADMIN, job.id, (c) => c)) {
      for (const line of chunk.split('\n')) {
        const m = /^\d+,\(01\)(\d{14})\(21\)([^,]+),/.exec(line);
        if (m) paths.push(`/01/${m[1]}/21/${m[2]}`);
      }
    }
    const actor: Actor = { role: 'org_admin', orgId: org.id, regions: [], username: 'bench' };
    await services.platformEvents.inspect(actor, { batchId: job.batch_id, result: 'pass', reportNumber: 'B-1', date: '2026-11-02' });
    await services.ledger.checkpoint();
    const keys = (await database.db.selectFrom('codes').select('key').limit(1000).execute()).map((r) => r.key);

    // The baseline: one row by primary key, through the same server, auth hook and serializer.
    app.get('/bench/baseline/:key', { schema: { hide: true } }, async (req) =>
      database.db.selectFrom('codes').selectAll().where('key', '=', (req.params as { key: string }).key).executeTakeFirst());
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const base = `http://127.0.0.1:${port}`;

    // The load generator runs in its own process (bench/load-client.ts): in this one, parsing the
    // answers would take the server's CPU (and the embedded database's, which shares the thread).
    const load = async (urls: string[], accept: string, extra: { rate?: number; connections?: number; seconds?: number } = {}) => {
      const args = JSON.stringify({ url: base, paths: urls, accept, seconds: extra.seconds ?? seconds, connections: extra.connections ?? 10, ...(extra.rate !== undefined && { rate: extra.rate }) });
      const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'load-client.ts'), args], { maxBuffer: 1 << 24 });
      return JSON.parse(stdout) as Pick<autocannon.Result, 'requests' | 'latency' | 'errors' | 'non2xx'>;
    };
    // A code's first scan computes its facts (then kept a minute): measured alone, on codes never
    // scanned; the throughput runs measure what the scans of products in circulation cost.
    const cold: number[] = [];
    for (const p of paths.slice(0, 100)) {
      const t = performance.now();
      await (await fetch(`${base}${p}`, { headers: { accept: 'application/json' } })).arrayBuffer();
      cold.push(performance.now() - t);
    }
    const warm = async () => {
      const todo = [...paths];
      await Promise.all(Array.from({ length: 10 }, async () => {
        for (let p = todo.shift(); p; p = todo.shift()) await (await fetch(`${base}${p}`, { headers: { accept: 'application/json' } })).arrayBuffer();
      }));
    };
    const baseline = await load(keys.map((k) => `/bench/baseline/${encodeURIComponent(k)}`), 'application/json');
    await warm();
    const html = await load(paths, 'text/html');
    await warm();
    const json = await load(paths, 'application/json');
    await warm();
    const fixedJson = await load(paths, 'application/json', { rate: 1000, connections: 20 });
    await warm();
    const fixedHtml = await load(paths, 'text/html', { rate: 1000, connections: 20 });
    const page = await fetch(`${base}${paths[0]}`, { headers: { accept: 'text/html' } });
    const pageBytes = Buffer.byteLength(await page.text());
    const errors = [baseline, json, html, fixedJson, fixedHtml].reduce((n, r) => n + r.errors + r.non2xx, 0);
    return {
      baselineReqPerSec: Math.round(baseline.requests.average),
      jsonReqPerSec: Math.round(json.requests.average),
      htmlReqPerSec: Math.round(html.requests.average),
      jsonRatio: Number((json.requests.average / baseline.requests.average).toFixed(2)),
      htmlRatio: Number((html.requests.average / baseline.requests.average).toFixed(2)),
      p99JsonAt1000ms: fixedJson.latency.p99,
      p99HtmlAt1000ms: fixedHtml.latency.p99,
      achievedRateJson: Math.round(fixedJson.requests.average),
      achievedRateHtml: Math.round(fixedHtml.requests.average),
      firstScanP50ms: Number(([...cold].sort((a, b) => a - b)[50] ?? 0).toFixed(1)),
      pageBytesBeforeFirstPaint: pageBytes,
      errors,
    };
  } finally {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
