/**
 * The screens' words travel with the screens (vite.config.ts AREA_MESSAGES): a key claimed by an
 * area is in that area's chunk only, so a screen outside the area naming it would show the bare
 * key. This test fails when a file of the app names a key that is neither in the first download
 * nor in its own area's words, or when a claimed prefix matches no key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import { AREA_MESSAGES } from './vite.config.ts';

const APP = import.meta.dirname;
const KEYS = Object.keys(en).filter((k) => k.startsWith('web.'));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') && e.name !== 'vite.config.ts' ? [p] : [];
  });
}

/** The keys (or, for `web.x.${y}`, every key under `web.x.`) a source names. */
function keysNamed(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/['"`](web(?:\.[a-z0-9_]+)+)(['"`]|\.\$\{)/g)) {
    const key = m[1] ?? '';
    out.push(...(m[2] === '.${' ? KEYS.filter((k) => k.startsWith(`${key}.`)) : [key]));
  }
  return out;
}

/** The app's files in the first download: what main.tsx imports statically, transitively (a `lazy(() => import(…))` starts a chunk). */
function firstDownload(): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+(?!type\b)[^'"]*?['"](\.{1,2}\/[^'"]+)['"]/gm)) visit(path.resolve(path.dirname(file), m[1] ?? ''));
  };
  visit(path.join(APP, 'main.tsx'));
  return seen;
}

const areaOf = (key: string) => Object.entries(AREA_MESSAGES).find(([, prefixes]) => prefixes.some((p) => key.startsWith(p)))?.[0];

describe("the screens' words by area", () => {
  it('has every file name only keys of the first download or of its own area', () => {
    const wrong: string[] = [];
    let named = 0;
    const entry = firstDownload();
    expect(entry.has(path.join(APP, 'public', 'start-page.tsx'))).toBe(true);
    for (const file of sources(APP)) {
      const rel = path.relative(APP, file);
      const own = entry.has(file) ? undefined : rel.split(path.sep)[0];
      for (const key of keysNamed(fs.readFileSync(file, 'utf8'))) {
        named++;
        const area = areaOf(key);
        if (area !== undefined && area !== own) wrong.push(`${rel}: ${key} (the ${area} area's)`);
      }
    }
    expect(named).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it('claims for each area only prefixes that have keys, and only areas the app has', () => {
    for (const [area, prefixes] of Object.entries(AREA_MESSAGES)) {
      expect(fs.existsSync(path.join(APP, area, 'area.tsx')), area).toBe(true);
      for (const p of prefixes) expect(KEYS.some((k) => k.startsWith(p)), p).toBe(true);
    }
  });
});
