/**
 * The edge's refusals of hostile input, before any schema or handler sees a request (issue 10):
 * NUL characters and lone surrogates (PostgreSQL cannot store them; a browser cannot show them),
 * control characters in URLs (they end up in headers and logs), objects nested deeper than any
 * record of ours, and numbers no column can hold. Each refusal names the field.
 */
import type { FastifyInstance } from 'fastify';
import { type FieldError, fieldError, validationFailed } from './errors.ts';

/** Deeper than any EPCIS document (extensions included) a real system sends. */
export const MAX_DEPTH = 64;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NUL = /\u0000/;
// C0 controls and DEL: never part of an identifier, a code or a search term in a URL.
const URL_CONTROL = /[\u0000-\u001f\u007f]/;

/** The first problem of one string, if any. */
function stringProblem(field: string, s: string, inUrl: boolean): FieldError | undefined {
  if (NUL.test(s)) return fieldError(field, 'nul_character', 'field.nul_character');
  if (LONE_SURROGATE.test(s)) return fieldError(field, 'lone_surrogate', 'field.lone_surrogate');
  if (inUrl && URL_CONTROL.test(s)) return fieldError(field, 'control_character', 'field.control_character');
  return undefined;
}

const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

const join = (at: string, key: string | number) => (typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${key}` : key);

/**
 * Every problem of a parsed value: strings (keys too), depth. Stops descending at MAX_DEPTH, so a
 * 5,000-deep document costs 64 steps, and after 20 problems.
 */
export function inputProblems(value: unknown, prefix: string, inUrl = false): FieldError[] {
  const root = prefix || 'body';
  const out: FieldError[] = [];
  const visit = (v: unknown, at: string, depth: number): void => {
    if (out.length >= 20) return;
    if (typeof v === 'string') {
      const p = stringProblem(at || root, v, inUrl);
      if (p) out.push(p);
      return;
    }
    // Parsed JSON: plain objects and arrays (a stream or a Buffer body is not read here); a query or
    // params: the framework's own object.
    if (typeof v === 'number') {
      // JSON.parse reads 1e400 as Infinity, and ajv coerces "Infinity" in a URL, then skips every
      // bound of a number that is not finite.
      if (!Number.isFinite(v)) out.push(fieldError(at || root, 'not_finite', 'field.not_finite'));
      return;
    }
    if (v === null || typeof v !== 'object' || !(Array.isArray(v) || isPlain(v) || (depth === 0 && prefix))) return;
    if (depth >= MAX_DEPTH) {
      out.push(fieldError(at || root, 'too_deep', 'field.too_deep', { limit: MAX_DEPTH }));
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, join(at, i), depth + 1));
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      const p = stringProblem(join(at, k), k, inUrl);
      if (p) out.push(p);
      visit(x, join(at, k), depth + 1);
    }
  };
  visit(value, prefix, 0);
  return out;
}

interface Schema {
  type?: unknown;
  maximum?: number;
  minimum?: number;
  exclusiveMaximum?: number;
  exclusiveMinimum?: number;
  [k: string]: unknown;
}

const isNumeric = (t: unknown) => t === 'integer' || t === 'number' || (Array.isArray(t) && (t.includes('integer') || t.includes('number')));

/**
 * Bounds every number of a route's input schema that has no bound of its own to the safe
 * integers (|n| ≤ 2^53 − 1): 1e308 or 99999999999999999999 is refused by the schema, with the
 * field named, instead of failing in the database. A schema's own bounds stay.
 */
export function boundNumbers(schema: unknown, seen = new Set<unknown>()): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  const s = schema as Schema;
  if (isNumeric(s.type)) {
    if (s.maximum === undefined && s.exclusiveMaximum === undefined) s.maximum = Number.MAX_SAFE_INTEGER;
    if (s.minimum === undefined && s.exclusiveMinimum === undefined) s.minimum = -Number.MAX_SAFE_INTEGER;
  }
  for (const v of Object.values(s)) {
    if (Array.isArray(v)) v.forEach((x) => boundNumbers(x, seen));
    else if (v && typeof v === 'object') boundNumbers(v, seen);
  }
}

/** Infinite numbers among a URL part's values (a value, or a list of them). */
function infiniteNumbers(part: unknown, prefix: string): FieldError[] {
  if (!part || typeof part !== 'object') return [];
  return Object.entries(part).flatMap(([k, v]) =>
    (Array.isArray(v) ? v.map((x, i) => [x, `${prefix}.${k}[${i}]`] as const) : [[v, `${prefix}.${k}`] as const])
      .filter(([x]) => typeof x === 'number' && !Number.isFinite(x))
      .map(([, field]) => fieldError(field, 'not_finite', 'field.not_finite')));
}

/** Installs the refusals on every route (after parsing, before validation). */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    for (const part of ['body', 'querystring', 'params'] as const) boundNumbers(route.schema?.[part]);
  });
  app.addHook('preValidation', async (req) => {
    // The parts are named as schema errors name them (problem.ts): body fields bare, the others prefixed.
    const problems = [...inputProblems(req.params, 'params', true), ...inputProblems(req.query, 'querystring', true), ...inputProblems(req.body, '')];
    if (problems.length > 0) throw validationFailed(problems);
  });
  // Numbers the URL's schemas coerced from text: an infinite one passed them unchecked. Strings
  // were judged above; only the (flat) values coercion made are looked at again.
  app.addHook('preHandler', async (req) => {
    const problems = [...infiniteNumbers(req.params, 'params'), ...infiniteNumbers(req.query, 'querystring')];
    if (problems.length > 0) throw validationFailed(problems);
  });
}
