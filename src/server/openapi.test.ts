/**
 * The API contract (issue 11): the OpenAPI document the app serves at /openapi.json (what
 * `emitOpenApi()` of scripts/openapi.ts emits: `app.swagger()` of the built app) is complete
 * enough for the generated client, and the committed openapi.json and src/client/schema.ts are
 * what the code emits.
 *
 * (a) every operation (hidden routes are not in the document) has an operationId `module.verb`,
 *     unique;
 * (b) every operation documents its success (2xx or 3xx), and no 2xx answer is untyped: a `{}`
 *     schema (or one of annotations only), or no content — but for a 204, or an answer documented
 *     as empty (a description of its own: `{ 202: Type.Null({ description: 'Accepted; the job is
 *     at Location' }) }`, where fastify's is "Default Response");
 * (c) every request body is typed;
 * (d) the problem's `code` is an enum holding every code the server throws (`new AppError(status,
 *     'code', …)`, `conflict('code', …)` in src/, found with the TypeScript parser);
 * (e) openapi.json and src/client/schema.ts are committed as emitted.
 *
 * Each failure lists the operations (METHOD path) or files at fault.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitOpenApi } from '../../scripts/openapi.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const OPERATION_ID = /^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/;
/** What @fastify/swagger writes for a response that its schema does not describe. */
const DEFAULT_DESCRIPTION = 'Default Response';

interface Schema { [k: string]: unknown }
interface Media { schema?: Schema }
interface Operation {
  operationId?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
}
interface Document {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, Schema> };
}

/** A schema that says nothing of the value: `{}`, or only annotations. */
const untyped = (schema: Schema | undefined) =>
  schema === undefined || Object.keys(schema).every((k) => ['description', 'title', 'default', 'examples', 'example'].includes(k) || k.startsWith('x-'));

let emitted: { json: string; types: string };
let operations: { at: string; op: Operation }[];
let doc: Document;

beforeAll(async () => {
  emitted = await emitOpenApi();
  doc = JSON.parse(emitted.json) as Document;
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((m) => (item[m] ? [{ at: `${m.toUpperCase()} ${path}`, op: item[m] }] : [])));
}, 180_000);

describe('the OpenAPI document the app serves', () => {
  it('(a) names every operation module.verb, each name once', () => {
    expect(operations.length, 'operations in the document').toBeGreaterThan(100);
    expect(operations.filter(({ op }) => !op.operationId).map(({ at }) => `${at}: no operationId`)).toEqual([]);
    expect(operations.filter(({ op }) => op.operationId && !OPERATION_ID.test(op.operationId)).map(({ at, op }) => `${at}: ${op.operationId} is not module.verb`)).toEqual([]);
    const byId = new Map<string, string[]>();
    for (const { at, op } of operations) if (op.operationId) byId.set(op.operationId, [...(byId.get(op.operationId) ?? []), at]);
    expect([...byId].filter(([, ats]) => ats.length > 1).map(([id, ats]) => `${id}: ${ats.join(', ')}`)).toEqual([]);
  });

  it('(b) documents every operation\'s success, and types every 2xx answer but 204', () => {
    const found = operations.flatMap(({ at, op }) => {
      const codes = Object.keys(op.responses ?? {});
      if (!codes.some((c) => /^[23]/.test(c))) return [`${at}: no 2xx or 3xx answer documented`];
      return codes.filter((c) => /^2/.test(c) && c !== '204').flatMap((c) => {
        const answer = op.responses?.[c];
        const content = Object.entries(answer?.content ?? {});
        // An answer without a body (a 202 whose Location names the job) says so in its description.
        if (content.length === 0) return answer?.description && answer.description !== DEFAULT_DESCRIPTION ? [] : [`${at}: ${c} has no content (an empty answer: say so in its description)`];
        return content.filter(([, media]) => untyped(media.schema)).map(([type]) => `${at}: ${c} ${type} is untyped`);
      });
    });
    expect(found).toEqual([]);
  });

  it('(c) types every request body', () => {
    const found = operations.flatMap(({ at, op }) => {
      if (!op.requestBody) return [];
      const content = Object.entries(op.requestBody.content ?? {});
      if (content.length === 0) return [`${at}: request body has no content`];
      return content.filter(([, media]) => untyped(media.schema)).map(([type]) => `${at}: request body ${type} is untyped`);
    });
    expect(found).toEqual([]);
  });

  it('(d) lists every problem code the server throws in the problem schema\'s code enum', () => {
    const code = (doc.components.schemas.Problem?.properties as Record<string, Schema> | undefined)?.code;
    expect(code?.type).toBe('string');
    expect(Array.isArray(code?.enum), 'Problem.code has an enum').toBe(true);
    const known = new Set(code?.enum as string[]);
    const thrown = thrownCodes();
    expect(thrown.length, 'problem codes found in src').toBeGreaterThan(30);
    expect(thrown.filter((t) => !known.has(t.code)).map((t) => `${t.at}: ${t.code}`)).toEqual([]);
  });

  it('(e) is committed as openapi.json, with src/client/schema.ts generated from it', () => {
    const committed = (file: string) => {
      try {
        return readFileSync(join(ROOT, file), 'utf8');
      } catch {
        return '';
      }
    };
    expect(committed('openapi.json') === emitted.json, 'openapi.json differs from what the code emits: run npm run openapi and commit it').toBe(true);
    expect(committed('src/client/schema.ts') === emitted.types, 'src/client/schema.ts differs from what the code emits: run npm run openapi and commit it').toBe(true);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every `new AppError(status, 'code', …)` and `conflict('code', …)` in src/, with where it is. */
function thrownCodes(): { at: string; code: string }[] {
  return sourceFiles(join(ROOT, 'src')).flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const out: { at: string; code: string }[] = [];
    const visit = (n: ts.Node) => {
      const callee = ts.isNewExpression(n) || ts.isCallExpression(n) ? n.expression : undefined;
      const name = callee && ts.isIdentifier(callee) ? callee.text : undefined;
      const arg = ts.isNewExpression(n) && name === 'AppError' ? n.arguments?.[1] : ts.isCallExpression(n) && name === 'conflict' ? n.arguments[0] : undefined;
      if (arg && ts.isStringLiteral(arg)) out.push({ at: `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`, code: arg.text });
      ts.forEachChild(n, visit);
    };
    visit(source);
    return out;
  });
}
