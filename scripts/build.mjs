// Bundles src/ into dist/yima.js (dependencies stay in node_modules), so that `npm start` does not
// compile TypeScript at every start (~1.4 s saved), and the scan page's browser script into
// dist/scan.js (served at /assets/scan.js; without it the server bundles it in memory once).
// Skips each when it is newer than its sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'dist', 'yima.js');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const stale = !fs.existsSync(out) || newest(path.join(root, 'src')) > fs.statSync(out).mtimeMs || process.argv.includes('--force');
if (stale) {
  await build({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

// Keep these options in step with bundleScanScript in src/modules/resolver/assets.ts.
const scanOut = path.join(root, 'dist', 'scan.js');
const scanSources = ['src/web/scan', 'src/ledger'].map((d) => path.join(root, d));
const scanStale = !fs.existsSync(scanOut) || Math.max(...scanSources.map(newest)) > fs.statSync(scanOut).mtimeMs || process.argv.includes('--force');
if (scanStale) {
  await build({
    entryPoints: [path.join(root, 'src', 'web', 'scan', 'scan.ts')],
    outfile: scanOut,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
