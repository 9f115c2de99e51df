/**
 * Serves the web application (the workbench, src/web/app) that `npm ci` builds into `dist/web`
 * (scripts/build.mjs): its hashed assets under `/app/assets/…`, cached for a year, and its
 * `index.html` at `/` and at every other path the platform does not answer itself, so a deep link
 * (`/producer/products`) works on reload. The API, EPCIS, the ledger, the docs, the scan page and
 * the resolver's paths keep their meaning: an unknown URL under them is still a problem+json 404.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from './contract.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { t } from '../shared/i18n/i18n.ts';
import { localeOf } from './problem.ts';

/** Where the build writes the app, relative to the package root (vite.config.ts `build.outDir`). */
export const WEB_APP_DIR = 'dist/web';
/** The URL prefix of the app's assets (vite.config.ts `base` + `assetsDir`). */
export const WEB_ASSET_PREFIX = '/app/assets/';

/**
 * First path segments the platform answers itself; the app's index.html is never served under them.
 * Digits alone are GS1 Digital Link primary keys (`/01/…`, `/00/…`, `/414/…`); `app` holds the
 * assets, whose missing files stay 404s.
 */
const RESERVED = new Set(['api', 'epcis', 'ledger', 'docs', 'openapi.json', 'healthz', 'readyz', 'metrics', 'assets', 'scan', 'id', 'app', '.well-known']);

/**
 * Whether `GET url` is one of the app's own pages (answered with its index.html).
 *
 * @example isAppPath('/producer/products?page=2') // → true
 * @example isAppPath('/01/06901234567892/21/X1')  // → false (the resolver)
 */
export function isAppPath(url: string): boolean {
  const pathname = url.split(/[?#]/)[0] ?? '';
  const first = pathname.split('/')[1] ?? '';
  return !RESERVED.has(first) && !/^\d+$/.test(first);
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

/** Options of {@link webApp}. */
export interface WebAppOptions {
  /** The package root (tests point it at a folder of their own); default: this package. */
  readonly root?: string;
}

/** Accept-Encoding → the precompressed sibling to send, best first (the build writes `.br` and `.gz`). */
function encodingsFor(req: FastifyRequest): { ext: string; name: string }[] {
  const accept = String(req.headers['accept-encoding'] ?? '');
  const out: { ext: string; name: string }[] = [];
  if (/\bbr\b/.test(accept)) out.push({ ext: '.br', name: 'br' });
  if (/\bgzip\b/.test(accept)) out.push({ ext: '.gz', name: 'gzip' });
  return out;
}

/**
 * Fastify plugin: the web application. Without a build (`dist/web/index.html` missing), its pages
 * answer 503 with a line saying how to build it.
 *
 * @example await app.register(webApp);
 */
export async function webApp(app: App, opts: WebAppOptions = {}): Promise<void> {
  const dir = path.join(opts.root ?? PACKAGE_ROOT, WEB_APP_DIR);
  const assets = path.join(dir, 'assets');
  let index: Buffer | undefined;
  // Read once; a build made while the server runs is picked up on the next start (or when it was missing).
  const indexHtml = async (): Promise<Buffer | undefined> => {
    if (index) return index;
    try {
      index = await fs.promises.readFile(path.join(dir, 'index.html'));
    } catch {
      return undefined;
    }
    return index;
  };

  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!isAppPath(req.url)) return reply.callNotFound();
    const html = await indexHtml();
    void reply.header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    if (!html) {
      return reply.status(503).type('text/plain; charset=utf-8').send(t(localeOf(req), 'web.server.not_built'));
    }
    // The seller's camera decodes with WebAssembly (zxing-wasm, our own asset): the app's pages, and
    // only they, may compile it; eval stays refused ('wasm-unsafe-eval' allows WebAssembly alone).
    const csp = reply.raw.getHeader('content-security-policy');
    if (typeof csp === 'string') void reply.header('content-security-policy', csp.replace(/script-src 'self'(?=;|$)/, "script-src 'self' 'wasm-unsafe-eval'"));
    return reply.type('text/html; charset=utf-8').send(html);
  };

  app.get('/', { schema: { hide: true } }, page);
  app.get('/*', { schema: { hide: true } }, page);

  app.get(`${WEB_ASSET_PREFIX}*`, { schema: { hide: true, params: Type.Object({ '*': Type.String() }) } }, async (req, reply) => {
    const name = req.params['*'];
    // Hashed file names only: one segment of safe characters, nothing that climbs out of the folder.
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.') || /\.(gz|br)$/.test(name)) return reply.callNotFound();
    const file = path.join(assets, name);
    const type = TYPES[path.extname(name)] ?? 'application/octet-stream';
    for (const enc of encodingsFor(req)) {
      const body = await fs.promises.readFile(file + enc.ext).catch(() => undefined);
      if (body) return sendAsset(reply, type, body, enc.name);
    }
    const body = await fs.promises.readFile(file).catch(() => undefined);
    if (!body) return reply.callNotFound();
    return sendAsset(reply, type, body);
  });
}

function sendAsset(reply: FastifyReply, type: string, body: Buffer, encoding?: string) {
  // The name carries the content's hash: it never changes, so it may be kept for a year.
  void reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding');
  if (encoding) void reply.header('content-encoding', encoding);
  return reply.send(body);
}
