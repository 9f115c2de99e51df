/**
 * Web benchmark (`npm run bench -- web`): in headless Chromium on this machine, each page opened
 * cold (a new browser context: empty cache) RUNS times, the median of
 *
 * - the time to interactive: from the navigation's start to the moment the page's main control
 *   works (the start page: its code box with the code reader loaded; the scan page: its deferred
 *   script has run), or to the end of the last long task (> 50 ms) in the half second after, if
 *   later;
 * - the JavaScript transferred by then (bytes on the wire, as the server sent them, and the same
 *   files gzip-compressed at level 9, the goal's unit).
 *
 * The baseline is the public scan page of a code, opened in the same run the same way: the
 * workbench's pages are reported as a ratio to it. The seller's 查验 screen is opened signed in
 * (the session cookie set before the navigation), interactive when its code field is.
 *
 * From a camera frame to the verdict on screen (`cameraFrameToVerdictMs`, the median of
 * CAMERA_RUNS): Chromium's fake camera films a code's label (test/fake-camera.ts), the seller opens
 * the camera on the 查验 screen, and the screen's `data-frame-to-verdict-ms` says how long from the
 * frame that decoded to the verdict rendered (the 查验 request and the render; the reader's loading
 * comes before the first frame and is not in it). Each run reloads the screen and opens the camera again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { PACKAGE_ROOT } from '../src/paths.ts';
import { buildApp } from '../src/server/app.ts';
import { renderSymbol } from '../src/modules/labels/labels.render.ts';
import { usccCheckCharacter } from '../src/shared/codes/uscc.ts';
import { pictureOnCanvas, writeY4m } from '../test/fake-camera.ts';
import { ADMIN, openBenchDatabase, seedIssuedCodes } from './bench-db.ts';

const RUNS = Number(process.env.WEB_RUNS ?? 9);
const CAMERA_RUNS = Number(process.env.WEB_CAMERA_RUNS ?? 7);
const SELLER = { username: 'bench-seller', password: 'bench-seller-password-1' };
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface PageRun { readonly tti: number; readonly jsWire: number; readonly jsGzip: number; readonly jsFiles: number }

/** Where a page counts as interactive: a selector, waited for after the page's own sign-in, if any. */
interface PageSpec { readonly name: string; readonly url: string; readonly ready: string; readonly signIn?: { username: string; password: string } }

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function openCold(browser: Browser, base: string, spec: PageSpec, gzipOf: (url: string) => number): Promise<PageRun> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  try {
    if (spec.signIn) {
      const r = await context.request.post(`${base}/api/v1/auth/login`, { data: spec.signIn });
      if (!r.ok()) throw new Error(`bench web: sign-in answered ${r.status()}`);
    }
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __longTaskEnds: number[] };
      w.__longTaskEnds = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTaskEnds.push(e.startTime + e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${base}${spec.url}`, { waitUntil: 'commit' });
    await page.waitForSelector(spec.ready, { state: 'visible', timeout: 30_000 });
    const readyAt = await page.evaluate(() => performance.now());
    await page.waitForTimeout(500);
    const { longTaskEnds, scripts } = await page.evaluate(() => ({
      longTaskEnds: (window as unknown as { __longTaskEnds: number[] }).__longTaskEnds,
      scripts: (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => /\.m?js(\?|$)/.test(new URL(e.name).pathname))
        .map((e) => ({ url: e.name, end: e.responseEnd, wire: e.encodedBodySize })),
    }));
    const tti = Math.max(readyAt, ...longTaskEnds.filter((t) => t <= readyAt + 500));
    const loaded = scripts.filter((s) => s.end <= tti);
    return { tti, jsWire: loaded.reduce((n, s) => n + s.wire, 0), jsGzip: loaded.reduce((n, s) => n + gzipOf(s.url), 0), jsFiles: loaded.length };
  } finally {
    await context.close();
  }
}

/**
 * The seller's camera on the 查验 screen, filming `link`'s QR label: `CAMERA_RUNS` times from a
 * camera frame to the verdict on screen, in ms.
 */
async function cameraToVerdict(base: string, link: string, dir: string, painter: Browser): Promise<number[]> {
  const y4m = path.join(dir, 'label.y4m');
  const page = await painter.newPage();
  writeY4m(y4m, await pictureOnCanvas(page, await renderSymbol({ symbol: 'qr', data: link, format: 'png' }), { width: 640, height: 480, size: 300 }));
  await page.close();
  const camera = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: [...FLAGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
  });
  try {
    const context = await camera.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', permissions: ['camera'] });
    const r = await context.request.post(`${base}/api/v1/auth/login`, { data: SELLER });
    if (!r.ok()) throw new Error(`bench web: seller sign-in answered ${r.status()}`);
    const tab = await context.newPage();
    await tab.goto(`${base}/seller/check`);
    const out: number[] = [];
    for (let i = 0; i < CAMERA_RUNS; i++) {
      await tab.locator('.yima-camera-open').click();
      const verdict = tab.locator('[data-frame-to-verdict-ms]');
      await verdict.waitFor({ state: 'visible', timeout: 60_000 });
      out.push(Number(await verdict.getAttribute('data-frame-to-verdict-ms')));
      // The next scan starts from an empty screen.
      await tab.reload();
      await tab.locator('#seller-check-code').waitFor();
    }
    return out;
  } finally {
    await camera.close();
  }
}

export async function benchWeb() {
  // What `npm ci` builds (skipped when up to date).
  execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts/build.mjs')], { stdio: 'ignore' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-bench-web-'));
  const database = await openBenchDatabase('pglite');
  const config = loadConfig({ YIMA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', YIMA_SCAN_RATE_PER_MINUTE: '10000000', YIMA_PUBLIC_URL: 'http://127.0.0.1:8080' });
  const { app, services } = await buildApp({ config, database, logger: false });
  let browser: Browser | undefined;
  try {
    await services.catalog.loadBuiltIns();
    const { job } = await seedIssuedCodes(services, 1, 'WEB');
    let scanPath = '';
    for await (const chunk of services.issuance.csv(ADMIN, job.id, (c) => c)) {
      const m = /\(01\)(\d{14})\(21\)([^,\n]+)/.exec(chunk);
      if (m) scanPath = `/01/${m[1]}/21/${m[2]}`;
    }
    // A seller, signed in by the bench's browser: its 查验 screen and camera.
    const body17 = '91320102MA2H7Q3K5';
    const seller = await services.orgs.create(ADMIN, { name: '基准测试商店', uscc: body17 + usccCheckCharacter(body17), address: '江苏省南京市玄武区', roles: ['seller'], contacts: [{ name: 'b' }] });
    await services.auth.createUser(ADMIN, { ...SELLER, role: 'org_admin', orgId: seller.id });
    await services.ledger.checkpoint();
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    const gzipCache = new Map<string, number>();
    const gzipOf = (url: string) => {
      const p = new URL(url).pathname;
      let n = gzipCache.get(p);
      if (n === undefined) {
        // The app's files are dist/web/assets/* (at /app/assets/), the scan page's script dist/scan.js (at /assets/scan.js).
        const file = p.startsWith('/app/') ? path.join(PACKAGE_ROOT, 'dist', 'web', p.slice('/app/'.length)) : path.join(PACKAGE_ROOT, 'dist', path.basename(p));
        n = fs.existsSync(file) ? zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length : 0;
        gzipCache.set(p, n);
      }
      return n;
    };

    const pages: PageSpec[] = [
      { name: 'scanPage', url: scanPath, ready: '#location:not([hidden])' },
      { name: 'startPage', url: '/', ready: 'form[data-reader="ready"] input[name=code]' },
      { name: 'sellerCheck', url: '/seller/check', ready: '#seller-check-code', signIn: SELLER },
    ];
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    const out: Record<string, number> = { runs: RUNS };
    const runs = new Map<string, PageRun[]>(pages.map((p) => [p.name, []]));
    // Interleaved, so that the machine's load falls on every page alike.
    for (let i = 0; i < RUNS; i++) for (const spec of pages) runs.get(spec.name)?.push(await openCold(browser, base, spec, gzipOf));
    const scanTti = median((runs.get('scanPage') ?? []).map((r) => r.tti));
    for (const [name, rs] of runs) {
      out[`${name}TtiMs`] = Math.round(median(rs.map((r) => r.tti)));
      out[`${name}JsGzipKb`] = Number((median(rs.map((r) => r.jsGzip)) / 1000).toFixed(1));
      out[`${name}JsWireKb`] = Number((median(rs.map((r) => r.jsWire)) / 1000).toFixed(1));
      out[`${name}JsFiles`] = median(rs.map((r) => r.jsFiles));
      if (name !== 'scanPage') out[`${name}TtiRatio`] = Number((median(rs.map((r) => r.tti)) / scanTti).toFixed(2));
    }
    const frameToVerdict = await cameraToVerdict(base, `http://127.0.0.1:8080${scanPath}`, dataDir, browser);
    out.cameraFrameToVerdictMs = Math.round(median(frameToVerdict));
    out.cameraFrameToVerdictMaxMs = Math.round(Math.max(...frameToVerdict));
    out.cameraRuns = frameToVerdict.length;
    return out;
  } finally {
    await browser?.close();
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
