/**
 * Serves the scan page's script, `GET /assets/scan.js`: the file `npm start`'s build wrote
 * (`dist/scan.js`, see scripts/build.mjs) when it is there and newer than its sources; otherwise
 * (tests, development) it is bundled once in memory with esbuild. The page works without it, so a
 * failed bundle is a 500 on this URL only, never on the page.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from '../../paths.ts';

/** Where the script comes from, relative to the package root (shared with scripts/build.mjs). */
export const SCAN_SCRIPT = { entry: 'src/web/scan/scan.ts', output: 'dist/scan.js' } as const;

// What the script imports (besides node_modules): the page script and the browser verifier.
const SOURCE_DIRS = ['src/web/scan', 'src/ledger'];

/** Options of {@link scanAssets}. */
export interface ScanAssetsOptions {
  /** The package root (tests may point it at a copy); default: this package. */
  readonly root?: string;
}

interface Script {
  readonly body: Buffer;
  readonly etag: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * True when the built file exists and no source it comes from changed after it was written (an
 * installation without `src/` has only the built file, which is then fresh by definition).
 */
export function isBuiltScriptFresh(root: string = PACKAGE_ROOT): boolean {
  const out = path.join(root, SCAN_SCRIPT.output);
  if (!fs.existsSync(out)) return false;
  const built = fs.statSync(out).mtimeMs;
  return SOURCE_DIRS.every((d) => newestMtime(path.join(root, d)) <= built);
}

/**
 * Bundles the scan script in memory (the same options as scripts/build.mjs): an IIFE for
 * browsers, minified. esbuild is loaded only here, so a server with a built file never loads it.
 *
 * @example const js = await bundleScanScript(); // 'use strict';(()=>{…})();
 */
export async function bundleScanScript(root: string = PACKAGE_ROOT): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path.join(root, SCAN_SCRIPT.entry)],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    // BigInt (SM2) needs ES2020; WeChat's and older phones' browsers have it.
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output for the scan script');
  return file.text;
}

async function loadScript(root: string): Promise<Script> {
  const body = isBuiltScriptFresh(root)
    ? await fs.promises.readFile(path.join(root, SCAN_SCRIPT.output))
    : Buffer.from(await bundleScanScript(root));
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, etag };
}

/**
 * Fastify plugin: `GET /assets/scan.js` with a JavaScript content type, an ETag and a short
 * public cache (the URL is not versioned, so a deploy must show up within minutes).
 *
 * @example await app.register(scanAssets);
 */
export async function scanAssets(app: FastifyInstance, opts: ScanAssetsOptions = {}): Promise<void> {
  const root = opts.root ?? PACKAGE_ROOT;
  let loading: Promise<Script> | undefined;
  // Once per process; a failure is not cached, so the next request tries again.
  const load = () => (loading ??= loadScript(root).catch((err: unknown) => {
    loading = undefined;
    throw err;
  }));

  app.get('/assets/scan.js', { schema: { hide: true } }, async (req, reply) => {
    const script = await load();
    void reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('etag', script.etag);
    if (req.headers['if-none-match'] === script.etag) return reply.code(304).send();
    return reply.send(script.body);
  });
}
