// Bundles src/ into dist/yima.js (dependencies stay in node_modules), so that `npm start` does not
// compile TypeScript at every start (~1.4 s saved), the scan page's browser script into
// dist/scan.js (served at /assets/scan.js; without it the server bundles it in memory once), and
// the web application (src/web/app, vite) into dist/web with each asset also compressed (.br, .gz)
// for src/server/web-app.ts to send as it is. Skips each when it is newer than its sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
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

// The web application: what its screens import from outside src/web/app is the shared code, one
// rules file of the catalogue, and the dependencies (the lockfile).
const webOut = path.join(root, 'dist', 'web', 'index.html');
const webSources = ['src/web/app', 'src/shared', 'src/modules/catalog/profile-rules.ts', 'package-lock.json'].map((p) => path.join(root, p));
const mtime = (p) => (fs.statSync(p).isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
const webStale = !fs.existsSync(webOut) || Math.max(...webSources.map(mtime)) > fs.statSync(webOut).mtimeMs || process.argv.includes('--force');
if (webStale) {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    // Installed without devDependencies: the server answers its pages 503 until it is built.
    console.warn('scripts/build.mjs: vite is not installed, the web application (dist/web) is not built');
  }
  if (vite) {
    // A NODE_ENV inherited from the caller (vitest's `test`, a shell's `development`) would make vite
    // bundle React's development build: this build is always the production one.
    process.env.NODE_ENV = 'production';
    await vite.build({ configFile: path.join(root, 'src', 'web', 'app', 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
    const assets = path.join(root, 'dist', 'web', 'assets');
    for (const name of fs.readdirSync(assets)) {
      if (!/\.(js|css|svg|json|wasm)$/.test(name)) continue;
      const body = fs.readFileSync(path.join(assets, name));
      fs.writeFileSync(path.join(assets, `${name}.gz`), zlib.gzipSync(body, { level: 9 }));
      fs.writeFileSync(path.join(assets, `${name}.br`), zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
    }
    // index.html is written first by vite: touch it so that it is the newest file of the build.
    const now = new Date();
    fs.utimesSync(webOut, now, now);
  }
}
