import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { expect } from 'vitest';

/**
 * Helpers for the browser-safety tests (src/ledger/verify-browser.test.ts,
 * src/shared/codes/browser-safety.test.ts): the import specifiers of a source file, and the
 * source without comments, so that a word in a comment is not taken for code.
 */

/** Static, type, side-effect and dynamic import specifiers of a TypeScript source. */
export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) if (m[1] !== undefined) specifiers.push(m[1]);
  return specifiers;
}

export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/**
 * Walks the module graph from `entries`, asserting that no file uses Buffer, process or require;
 * `onImport` judges each specifier and returns the file to follow, if any. Returns the files seen.
 *
 * @example walkImports([entry], (file, spec) => (spec.startsWith('.') ? resolve(dirname(file), spec) : undefined))
 */
export function walkImports(entries: readonly string[], onImport: (file: string, spec: string) => string | undefined): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop();
    if (file === undefined || seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const code = stripComments(source);
    expect(code, `${file} uses Buffer`).not.toMatch(/\bBuffer\b/);
    expect(code, `${file} uses process`).not.toMatch(/\bprocess\./);
    expect(code, `${file} uses require`).not.toMatch(/\brequire\(/);
    for (const spec of importsOf(source)) {
      const next = onImport(file, spec);
      if (next !== undefined) queue.push(next);
    }
  }
  return seen;
}

/** The file a relative specifier names. */
export const resolveImport = (file: string, spec: string) => resolve(dirname(file), spec);
