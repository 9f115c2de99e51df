/**
 * The code reader's words in the browser: the web build gives src/shared/i18n only the catalog keys
 * under READER_PREFIXES (vite.config.ts), so every key the shared code parsers and the reader name
 * must be under one of them, or the start page would show a key instead of a sentence.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../../shared/i18n/en.json' with { type: 'json' };
import { READER_PREFIXES } from '../vite.config.ts';
import { readCode } from './code-reader.ts';

const CODES = path.join(import.meta.dirname, '../../../shared/codes');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('the code reader in the browser', () => {
  it('names only catalog keys the web build carries', () => {
    const keys = new Set(Object.keys(en));
    const named = new Set<string>();
    for (const file of [...sources(CODES), path.join(import.meta.dirname, 'code-reader.ts')]) {
      const text = fs.readFileSync(file, 'utf8');
      // Whole keys ('code.gtin.check_digit') and the heads of template keys (`scan.scheme.${s}`).
      for (const m of text.matchAll(/['"`]([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)(['"]|\.\$\{)/g)) {
        const key = m[1] ?? '';
        if (m[2] === '.${' ? [...keys].some((k) => k.startsWith(`${key}.`)) : keys.has(key)) named.add(key);
      }
    }
    expect(named.size).toBeGreaterThan(50);
    expect([...named].filter((k) => !READER_PREFIXES.some((p) => `${k}.`.startsWith(p)))).toEqual([]);
  });

  it('says what is wrong with a code, and where its page is', () => {
    expect(readCode('6901234567893', 'https://trace.example.cn', 'en').error?.position).toBe(13);
    expect(readCode('(01)06901234567892(21)A1', 'https://trace.example.cn', 'en').path).toBe('/01/06901234567892/21/A1');
  });
});
