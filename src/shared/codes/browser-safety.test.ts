import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf, resolveImport, walkImports } from '../../../test/import-graph.ts';

// Like src/ledger/verify-browser.test.ts for the ledger's verifier: the code parsers run in the
// scan page and the workbench, so no file here may reach a Node built-in or a package. They may
// reach the i18n catalogs (src/shared/i18n, browser-safe too), which are walked by the same rules.
const here = dirname(fileURLToPath(import.meta.url));
const i18n = join(here, '..', 'i18n');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('browser safety of src/shared/codes', () => {
  it('the import scanner sees static, type, side-effect and dynamic imports', () => {
    const src = "import { a } from 'node:crypto';\nimport type { B } from './b.ts';\nexport { c } from \"./c.ts\";\nimport 'fs';\nconst x = await import('node:path');";
    expect(importsOf(src).sort()).toEqual(['./b.ts', './c.ts', 'fs', 'node:crypto', 'node:path']);
  });

  it('every module, and everything it imports, avoids Node built-ins, Buffer, process, require and packages', () => {
    const files = sourceFiles(here);
    expect(files.map((f) => f.slice(here.length + 1))).toEqual(expect.arrayContaining(['detect.ts', 'parse-code.ts', 'gs1/ai-table.generated.ts', 'gs1/digital-link.ts', 'yima-code.ts']));
    const seen = walkImports(files, (file, spec) => {
      expect(spec, `${file} imports a package or built-in`).toMatch(/^\./);
      // Data (JSON) is bundled as it is; code carries .ts.
      expect(spec, `${file}: relative imports carry .ts (or are .json data)`).toMatch(/\.(ts|json)$/);
      const target = resolveImport(file, spec);
      expect(target.startsWith(here) || target.startsWith(i18n), `${file} reaches outside src/shared/codes and src/shared/i18n: ${spec}`).toBe(true);
      return spec.endsWith('.ts') ? target : undefined;
    });
    expect([...seen].filter((f) => f.startsWith(here))).toHaveLength(files.length);
    expect([...seen].filter((f) => !f.startsWith(here))).toEqual([join(i18n, 'i18n.ts')]);
  });
});
