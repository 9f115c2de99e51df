/**
 * The web application's build (`npm ci` runs it through scripts/build.mjs into dist/web) and its
 * development server (`npm run dev:web`: hot reload, the platform's own paths proxied to a running
 * `npm start`, by default on http://localhost:8080; YIMA_API_URL points it elsewhere).
 */
import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = import.meta.dirname;
const CATALOGS = { 'zh-CN': path.join(here, '../../shared/i18n/zh-CN.json'), en: path.join(here, '../../shared/i18n/en.json') };

/** The messages the app's screens say: the `web.` keys of the one catalog the server also reads. */
export const WEB_PREFIX = 'web.';

/**
 * The words an area's screens alone say, by key prefix: they come with that area's chunk
 * (`virtual:yima-web-messages/<area>`, added to i18next when the chunk loads), not with the first
 * download. Every other `web.` key is in the first download (`virtual:yima-web-messages`).
 * messages.test.ts checks that a screen names only keys of the first download or of its own area.
 */
export const AREA_MESSAGES: Readonly<Record<string, readonly string[]>> = {
  producer: ['web.products.', 'web.batches.', 'web.inspection.', 'web.issuance.', 'web.bindings.', 'web.packing.', 'web.shipping.', 'web.links.', 'web.records.', 'web.team.', 'web.recalls.'],
  regulator: ['web.registrations.', 'web.alerts.', 'web.indicators.', 'web.reports.'],
  seller: ['web.seller.'],
};

const inArea = (key: string, area: string) => (AREA_MESSAGES[area] ?? []).some((p) => key.startsWith(p));
const inAnyArea = (key: string) => Object.keys(AREA_MESSAGES).some((a) => inArea(key, a));

/**
 * `virtual:yima-web-messages` (the `web.` keys of no area) and `virtual:yima-web-messages/<area>`,
 * from src/shared/i18n/{zh-CN,en}.json: the first download carries the words of the shell and the
 * start page, not the server's ~700 messages (the code reader brings the few it needs) nor the
 * areas' words.
 */
function webMessages(): Plugin {
  const id = 'virtual:yima-web-messages';
  return {
    name: 'yima-web-messages',
    resolveId: (source) => (source === id || source.startsWith(`${id}/`) ? `\0${source}` : undefined),
    load(resolved) {
      if (!resolved.startsWith(`\0${id}`)) return undefined;
      const area = resolved.slice(`\0${id}/`.length);
      if (resolved !== `\0${id}` && !(area in AREA_MESSAGES)) this.error(`${resolved.slice(1)}: no such area in AREA_MESSAGES`);
      const wanted = resolved === `\0${id}` ? (k: string) => !inAnyArea(k) : (k: string) => inArea(k, area);
      const messages: Record<string, Record<string, string>> = {};
      for (const [locale, file] of Object.entries(CATALOGS)) {
        this.addWatchFile(file);
        const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
        messages[locale] = Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(WEB_PREFIX) && wanted(k)));
      }
      return `export const messages = ${JSON.stringify(messages)};`;
    },
  };
}

/**
 * The catalog the shared code parsers read in the browser (src/shared/i18n/i18n.ts imports
 * ./zh-CN.json and ./en.json): only the keys their messages use — `code.` (parse and lint
 * errors) and `scan.scheme.` (a scheme's name) — instead of the server's whole catalog, which
 * would be a third of the start page's JavaScript. code-reader.test.ts checks that the parsers
 * name no other key.
 */
export const READER_PREFIXES = ['code.', 'scan.scheme.'] as const;

function readerCatalogs(): Plugin {
  const prefix = '\0yima-reader-catalog:';
  const i18nModule = path.join(here, '../../shared/i18n/i18n.ts');
  return {
    name: 'yima-reader-catalogs',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer !== i18nModule) return undefined;
      const locale = Object.entries(CATALOGS).find(([, file]) => path.basename(file) === path.basename(source))?.[0];
      return locale ? `${prefix}${locale}` : undefined;
    },
    load(resolved) {
      if (!resolved.startsWith(prefix)) return undefined;
      const file = CATALOGS[resolved.slice(prefix.length) as keyof typeof CATALOGS];
      this.addWatchFile(file);
      const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
      return `export default ${JSON.stringify(Object.fromEntries(Object.entries(all).filter(([k]) => READER_PREFIXES.some((p) => k.startsWith(p)))))};`;
    },
  };
}

// What the platform answers itself (src/server/web-app.ts isAppPath): proxied in development.
const PLATFORM_PATHS = '^/(api|epcis|ledger|docs|openapi\\.json|healthz|readyz|metrics|assets|scan|id|\\.well-known|\\d+)(/|\\?|$)';

export default defineConfig(({ command }) => ({
  root: here,
  // Built assets live under /app/assets/ (served by src/server/web-app.ts); the dev server serves from /.
  base: command === 'build' ? '/app/' : '/',
  publicDir: false,
  plugins: [react(), webMessages(), readerCatalogs()],
  build: {
    outDir: path.join(here, '../../../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // .vite/manifest.json: which chunks the entry imports statically (the first download; the browser test weighs it).
    manifest: true,
    // BigInt and optional chaining: WeChat's browser and phones of the last five years have them.
    target: 'es2020',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: { [PLATFORM_PATHS]: { target: process.env.YIMA_API_URL ?? 'http://localhost:8080' } },
  },
}));
