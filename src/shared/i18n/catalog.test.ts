/**
 * One i18n: every user-facing string is a key in src/shared/i18n/{zh-CN,en}.json. This test fails when
 *
 * (a) a key is in one language and not the other;
 * (b) code names a key the catalogs lack: any string literal in src shaped like a key of one of the
 *     catalogs' namespaces (`problem.…`, `field.…`, `scan.…`, …), the literal head and tail of a
 *     template key (`problem.${code}.title`, `link_type.${name}`) that no key matches, or a problem
 *     code thrown (`new AppError(status, 'code', …)`, `conflict('code', …)`) without its
 *     `problem.<code>.title` (an `operationId` such as `epcis.getEvent` names an operation, not a key);
 * (c) a message's `{params}` differ between the languages;
 * (d) a string literal with a CJK character (han, or full-width punctuation) is in src outside the
 *     catalogs, except in the data files and allow-listed files below (each with its reason), in API
 *     documentation — the value of a `description` or `summary` property, the OpenAPI `info`, and in
 *     `*.schemas.ts` and `*.routes.ts` any literal that reaches no user (schema and route
 *     descriptions: English for developers, glossing the regulation's terms in Chinese) — and the
 *     platform's name;
 * (f) a web screen (src/web/app/**\/*.tsx) shows text of its own: JSX text, or a string literal as a label,
 *     placeholder, title or the like (the screens' words are the catalogs' `web.` keys);
 * (e) an English sentence reaches a user outside the catalogs. The rule: a string literal (or a
 *     template's text) holding three or more words in a row is an English sentence, and it reaches a
 *     user when it is inside an argument of a call that builds or prints a message — `t`, `msg`,
 *     `bilingual`, `fieldError`, `validationFailed`, `conflict`, `notFound`, `new AppError`,
 *     `codeIssue`, `new CliError`, `cliText`, `cliBanner`, any call that names a catalog key among
 *     its arguments (a local helper such as verify's `r(code, severity, key, params)`), and in
 *     src/cli `console.*` and `process.stdout/stderr.write` — or when it is the value of a
 *     `message`, `reason` or `detail` property (what a problem, a 查验 reason, a parse error or a CLI
 *     result says; not in schemas and routes files, where these are field names of the contract).
 *     Not messages, and not checked: `expected` values (what was expected, machine-readable), API
 *     documentation as in (d), `new Error(…)` (a bug, answered as a 500), logs (`*.log.*`, and
 *     `console` outside the CLI), the data files, ENGLISH_NOT_SAID (text no person is shown) and
 *     ENGLISH_PENDING (messages not in the catalogs yet, each with its reason). A sentence that a
 *     helper returns to a sink is not traced: the rule looks where messages are built.
 *
 * Tests, comments and the generated src/client/schema.ts (openapi.json as types) are not scanned;
 * string literals are found with the TypeScript parser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CATALOGS: Record<string, Record<string, string>> = { 'zh-CN': zhCN, en };
const KEYS = new Set(Object.keys(zhCN));

/** Data, not messages: not scanned for Chinese or English. */
const DATA: Readonly<Record<string, string>> = {
  'src/cli/demo.ts': 'the demo data set: organisations, people, products, places, events and a recall in Zhejiang and Jiangsu, as their users would enter them',
};

/** Files that may hold Chinese string literals, and why. */
const CJK_ALLOWED: Readonly<Record<string, string>> = {
  'src/shared/codes/licence.ts': 'the production licence number format (the machine-readable `expected` of a field error), whose optional province prefix is a Chinese character: (鄂)XK12-001-00018',
};

/** The platform's name, the same in every language (the GS1 resolver description's `name`). */
const NAMES: ReadonlySet<string> = new Set(['Yima 一码']);

/** English that no person is shown. */
const ENGLISH_NOT_SAID: Readonly<Record<string, string>> = {
  'src/modules/witness/cosignature.ts': 'C2SP tlog-witness protocol diagnostics: why a cosignature does not verify, logged by `yima serve` for its operator',
  'src/server/outbound-guard.ts': "the outbound guard's refusals as an Error's message ('refused: …'), a delivery diagnostic recorded as a subscription's lastError beside callback.ts's 'HTTP 500' and network errors; the person subscribing is answered field.destination_internal",
};

/** Files whose user-facing messages are still English, outside the catalogs, and why. */
const ENGLISH_PENDING: Readonly<Record<string, string>> = {};

/** Every source file the test scans: src/**\/*.ts and the web application's *.tsx, without tests, declarations and the generated client types. */
function sources(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') && relative(ROOT, p) !== join('src', 'client', 'schema.ts') ? [p] : [];
  });
}

interface Literal {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly node: ts.Node;
}

const isLiteral = (n: ts.Node): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateLiteralLikeNode =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n);

function insideType(n: ts.Node): boolean {
  for (let p = n.parent; p !== undefined; p = p.parent) if (ts.isTypeNode(p)) return true;
  return false;
}

/** The string literals of a file's code (not of its types, not its import specifiers). */
function literalsOf(file: string): { literals: Literal[]; source: ts.SourceFile } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const literals: Literal[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
    if (isLiteral(n) && !insideType(n)) {
      literals.push({ file: relative(ROOT, file), line: source.getLineAndCharacterOfPosition(n.getStart()).line + 1, text: n.text, node: n });
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return { literals, source };
}

const FILES = sources().map((f) => ({ file: relative(ROOT, f), ...literalsOf(f) }));
const ALL = FILES.flatMap((f) => f.literals);
const where = (l: Literal) => `${l.file}:${l.line} ${JSON.stringify(l.text.slice(0, 80))}`;

const propertyName = (n: ts.Node): string | undefined =>
  ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) ? n.name.text : undefined;

/** The names of the properties a literal is the value of, innermost first (through conditionals, templates, arrays). */
function enclosingProperties(n: ts.Node): string[] {
  const names: string[] = [];
  for (let p: ts.Node | undefined = n.parent; p !== undefined && !ts.isFunctionLike(p) && !ts.isSourceFile(p); p = p.parent) {
    const name = propertyName(p);
    if (name !== undefined) names.push(name);
  }
  return names;
}

const DOC_PROPERTIES = new Set(['description', 'summary', 'info']);
const isContractFile = (file: string) => /\.(schemas|routes)\.ts$/.test(file);

/** API documentation: a `description` or `summary`, the OpenAPI document's `info`, or a literal of a schemas/routes file that reaches no user. */
const isDocumentation = (l: Literal) =>
  enclosingProperties(l.node).some((p) => DOC_PROPERTIES.has(p)) || (isContractFile(l.file) && reachesUser(l.node, l.file) === undefined);

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const ENGLISH = /[A-Za-z][a-z']+[ ,;:]+[A-Za-z][a-z']*[ ,;:]+[A-Za-z][a-z']+/;

const SINK_CALLS = new Set(['t', 'msg', 'bilingual', 'fieldError', 'validationFailed', 'conflict', 'notFound', 'AppError', 'codeIssue', 'CliError', 'cliText', 'cliBanner', 'm', 'tr']);
const SINK_PROPERTIES = new Set(['message', 'reason', 'detail']);

function calleeName(n: ts.CallExpression | ts.NewExpression): string {
  const e = n.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return `${ts.isIdentifier(e.expression) ? e.expression.text : ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : '?'}.${e.name.text}`;
  return '?';
}

const isSinkCall = (name: string, file: string) =>
  SINK_CALLS.has(name) || (SINK_CALLS.has(name.split('.').pop() ?? '') && !name.includes('log.')) || (file.startsWith('src/cli/') && /^console\.|^(stdout|stderr)\.write$/.test(name));

/** A call one of whose arguments is a catalog key builds a message (a local helper such as `r(code, severity, key, params)`). */
const namesKey = (call: ts.CallExpression | ts.NewExpression) => (call.arguments ?? []).some((a) => ts.isStringLiteral(a) && KEYS.has(a.text));

/** Whether a literal is said to a person: inside a message-building call's arguments, or a message property. */
function reachesUser(n: ts.Node, file: string): string | undefined {
  for (let p: ts.Node | undefined = n.parent; p !== undefined && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isFunctionLike(p)) return undefined;
    const name = propertyName(p);
    if (name === 'expected' || (name !== undefined && DOC_PROPERTIES.has(name))) return undefined;
    // In a schemas or routes file, `message` and `reason` are field names of the contract.
    if (name !== undefined && SINK_PROPERTIES.has(name) && !isContractFile(file)) return `the ${name} of an object`;
    if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression !== n) {
      const callee = calleeName(p);
      if (callee === 'Error' || /\.log\./.test(callee) || /^(log|logger)\./.test(callee)) return undefined;
      if (isSinkCall(callee, file)) return `an argument of ${callee}()`;
      if (namesKey(p)) return `an argument of ${callee}(), which names a catalog key`;
    }
  }
  return undefined;
}

describe('the i18n catalogs', () => {
  it('(a) have every key in both languages', () => {
    expect(Object.keys(en).filter((k) => !KEYS.has(k)), 'keys only in en.json').toEqual([]);
    expect([...KEYS].filter((k) => !(k in en)), 'keys only in zh-CN.json').toEqual([]);
    for (const [locale, catalog] of Object.entries(CATALOGS)) {
      for (const [k, v] of Object.entries(catalog)) expect(v.trim(), `${locale} ${k} is empty`).not.toBe('');
    }
  });

  it('(c) have the same {params} in both languages', () => {
    const params = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    const differ = Object.entries(zhCN).filter(([k, v]) => params(v).join() !== params((en as Record<string, string>)[k] ?? '').join());
    expect(differ.map(([k, v]) => `${k}: zh {${params(v).join(', ')}} en {${params((en as Record<string, string>)[k] ?? '').join(', ')}}`)).toEqual([]);
  });

  it('(b) have every key the code names', () => {
    const namespaces = new Set([...KEYS].map((k) => k.split('.')[0]));
    const keyShaped = (s: string) => /^[a-z][a-z0-9_]*(\.[A-Za-z0-9_-]+)+$/.test(s) && namespaces.has(s.split('.')[0]);
    const missing = ALL.filter((l) => ts.isStringLiteral(l.node) || ts.isNoSubstitutionTemplateLiteral(l.node))
      .filter((l) => keyShaped(l.text) && !KEYS.has(l.text) && enclosingProperties(l.node)[0] !== 'operationId');
    expect(missing.map(where), 'keys named in code but not in the catalogs').toEqual([]);

    // Template keys: some key must have the literal head (and tail).
    const templates = FILES.flatMap((f) => {
      const out: { at: string; head: string; tail: string }[] = [];
      const visit = (n: ts.Node) => {
        if (ts.isTemplateExpression(n) && !insideType(n) && n.head.text.endsWith('.') && keyShaped(`${n.head.text}x`)) {
          const last = n.templateSpans[n.templateSpans.length - 1];
          const tail = last?.literal.text ?? '';
          if (/^[A-Za-z0-9_.-]*$/.test(tail)) out.push({ at: `${f.file}:${f.source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`, head: n.head.text, tail });
        }
        ts.forEachChild(n, visit);
      };
      visit(f.source);
      return out;
    });
    expect(templates.length, 'template keys found').toBeGreaterThan(3);
    expect(templates.filter((x) => ![...KEYS].some((k) => k.startsWith(x.head) && k.endsWith(x.tail))).map((x) => `${x.at} ${x.head}…${x.tail}`)).toEqual([]);

    // Problem codes: every code thrown has its title.
    const codes = FILES.flatMap((f) => {
      const out: { at: string; code: string }[] = [];
      const visit = (n: ts.Node) => {
        const isProblem = (ts.isNewExpression(n) && calleeName(n) === 'AppError') || (ts.isCallExpression(n) && calleeName(n) === 'conflict');
        const arg = isProblem ? n.arguments?.[ts.isNewExpression(n) ? 1 : 0] : undefined;
        if (arg && ts.isStringLiteral(arg)) out.push({ at: `${f.file}:${f.source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`, code: arg.text });
        ts.forEachChild(n, visit);
      };
      visit(f.source);
      return out;
    });
    expect(codes.length, 'problem codes found').toBeGreaterThan(20);
    expect(codes.filter((c) => !KEYS.has(`problem.${c.code}.title`)).map((c) => `${c.at} problem.${c.code}.title`)).toEqual([]);
  });

  it('(d) hold every Chinese string of the code, but for the allow-listed files, API documentation and the platform\'s name', () => {
    const found = ALL.filter((l) => CJK.test(l.text) && !(l.file in DATA) && !(l.file in CJK_ALLOWED) && !isDocumentation(l) && !NAMES.has(l.text));
    expect(found.map(where)).toEqual([]);
    // The allow-list stays true: each file still needs its place on it.
    for (const file of Object.keys(CJK_ALLOWED)) expect(ALL.some((l) => l.file === file && CJK.test(l.text)), `${file} has no Chinese literal any more`).toBe(true);
  });

  it('(e) hold every English sentence said to a user', () => {
    const exempt = (file: string) => file in DATA || file in ENGLISH_NOT_SAID || file in ENGLISH_PENDING;
    const found = ALL.filter((l) => !exempt(l.file) && ENGLISH.test(l.text)).flatMap((l) => {
      const how = reachesUser(l.node, l.file);
      return how ? [`${where(l)} (${how})`] : [];
    });
    expect(found).toEqual([]);
    // The lists stay true: each file still has English where a message is built.
    for (const file of [...Object.keys(ENGLISH_NOT_SAID), ...Object.keys(ENGLISH_PENDING)]) {
      expect(ALL.some((l) => l.file === file && ENGLISH.test(l.text) && reachesUser(l.node, l.file) !== undefined), `${file} has no English message any more`).toBe(true);
    }
  });

  it('(f) hold every word of the web application\'s screens: no text in JSX, no literal label, placeholder or title', () => {
    // What a screen shows is a JSX text or a string attribute a person reads; each comes from t().
    const SHOWN = new Set(['title', 'placeholder', 'label', 'alt', 'aria-label', 'extra', 'help', 'tooltip', 'description', 'subTitle', 'okText', 'cancelText']);
    const LETTER = /\p{L}/u;
    const found = FILES.filter((f) => f.file.endsWith('.tsx')).flatMap((f) => {
      const out: string[] = [];
      const at = (n: ts.Node, text: string) => out.push(`${f.file}:${f.source.getLineAndCharacterOfPosition(n.getStart()).line + 1} ${JSON.stringify(text.trim().slice(0, 60))}`);
      const visit = (n: ts.Node) => {
        if (ts.isJsxText(n) && LETTER.test(n.text)) at(n, n.text);
        if (ts.isJsxAttribute(n) && ts.isIdentifier(n.name) && SHOWN.has(n.name.text) && n.initializer && ts.isStringLiteral(n.initializer) && LETTER.test(n.initializer.text)) at(n, n.initializer.text);
        ts.forEachChild(n, visit);
      };
      visit(f.source);
      return out;
    });
    expect(FILES.filter((f) => f.file.endsWith('.tsx')).length, 'web screens scanned').toBeGreaterThan(5);
    expect(found).toEqual([]);
  });

  it('(e) finds English said to a user, and leaves machine text and bugs alone', () => {
    const probe = (code: string, file = 'src/cli/probe.ts') => {
      const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
      const hits: string[] = [];
      const visit = (n: ts.Node) => {
        if (isLiteral(n) && ENGLISH.test(n.text) && reachesUser(n, file)) hits.push(n.text);
        ts.forEachChild(n, visit);
      };
      visit(source);
      return hits;
    };
    expect(probe('throw new CliError(`the server sent no CSV`);')).toEqual(['the server sent no CSV']);
    expect(probe("errors.push(fieldError('x', 'bad', 'field.invalid', { reason: 'not a page token of this list' }));")).toHaveLength(1);
    expect(probe("return { valid: false, reason: 'keys: give at least one public key' };")).toHaveLength(1);
    expect(probe("console.log(ok ? 'all is well here' : m('cli.x'));")).toHaveLength(1);
    expect(probe("fieldError('x', 'bad', 'field.gtin_format', {}, { expected: 'eight to fourteen digits' });")).toEqual([]);
    expect(probe('throw new Error(`profile version ${id} is missing`);')).toEqual([]);
    expect(probe("app.log.warn({ err }, 'witness refused or failed');")).toEqual([]);
    expect(probe('console.error(`database connection closed: ${e.message}`);', 'src/db/database.ts')).toEqual([]);
    expect(probe("reason: Type.String({ description: 'why the record is deleted after its retention period' })")).toEqual([]);
  });
});
