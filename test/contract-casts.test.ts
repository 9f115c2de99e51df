/**
 * The typed contract (issue 11): a route's schema types its request through the TypeBox type
 * provider (src/server/contract.ts), so no code casts a request part — `req.body as X`,
 * `(req.query as { at?: string }).at`, `req.params as …`, `req.headers['x'] as string`,
 * `<X>request.body` — whatever the request is called (`req`, `request`). A cast hides a schema
 * and a type that disagree; fix the types instead.
 *
 * Every non-test .ts file under src/ is read with the TypeScript parser (comments and strings are
 * not code). Tests are not scanned: their own throwaway servers are not the contract.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REQUEST = new Set(['req', 'request']);
const PARTS = new Set(['body', 'query', 'params', 'headers']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** `req.body`, `req.headers['x']`, `request.query.at`, in parentheses or not: the part it names. */
function requestPart(e: ts.Expression): string | undefined {
  let n: ts.Expression = e;
  while (ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n)) n = n.expression;
  const chain: string[] = [];
  while (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
    chain.unshift(ts.isPropertyAccessExpression(n) ? n.name.text : '[]');
    n = n.expression;
    while (ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n)) n = n.expression;
  }
  return ts.isIdentifier(n) && REQUEST.has(n.text) && chain[0] !== undefined && PARTS.has(chain[0]) ? `${n.text}.${chain.join('.').replace(/\.\[\]/g, '[…]')}` : undefined;
}

/** Every cast of a request part in `text`, as `line: req.body as X`. */
function requestCasts(text: string, file = 'x.ts'): { line: number; cast: string }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { line: number; cast: string }[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isAsExpression(n) || ts.isTypeAssertionExpression(n)) {
      const part = requestPart(n.expression);
      if (part) out.push({ line: source.getLineAndCharacterOfPosition(n.getStart()).line + 1, cast: `${part} as ${n.type.getText(source)}` });
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

describe('request parts are typed by their route\'s schema', () => {
  it('the scanner finds casts of each part, however written, and nothing else', () => {
    const found = requestCasts([
      'const a = req.body as Body;',
      'const b = (req.query as { at?: string }).at;',
      'const c = (request.params as Id).id;',
      "const d = req.headers['x-key'] as string;",
      'const e = <Body>req.body;',
      'const f = (req.body as unknown) as Body;',
      'const g = req.raw as X; const h = res.body as Y; const i = req.actor as Actor; const j = reqBody as Z;',
      "const k = 'req.body as Body'; // req.query as Q",
    ].join('\n')).map((c) => `${c.line}: ${c.cast}`);
    expect(found).toEqual([
      '1: req.body as Body',
      '2: req.query as { at?: string }',
      '3: request.params as Id',
      '4: req.headers[…] as string',
      '5: req.body as Body',
      '6: req.body as unknown',
    ]);
  });

  it('no file under src/ casts a request part', () => {
    const files = sourceFiles(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => requestCasts(readFileSync(file, 'utf8'), file).map((c) => `${relative(ROOT, file)}:${c.line}: ${c.cast}`));
    expect(found).toEqual([]);
  });
});
