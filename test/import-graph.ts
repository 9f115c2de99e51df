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
