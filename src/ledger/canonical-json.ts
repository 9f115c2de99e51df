/**
 * JSON Canonicalization Scheme (RFC 8785, JCS), browser-safe.
 *
 * RFC 8785 defines canonical form in terms of ECMAScript itself: numbers as `Number.prototype
 * .toString` (§3.2.2.3), strings as `JSON.stringify` (§3.2.2.2), object members sorted by the
 * UTF-16 code units of their names (§3.2.3), no whitespace (§3.2.1). Input must be I-JSON
 * (RFC 7493, §3.1): no lone surrogates, no NaN/Infinity; violations throw rather than produce a
 * form other implementations would not.
 */
import { isWellFormedUnicode, utf8Encode } from './bytes.ts';

/** A JSON value. Objects may carry `undefined` members, which are omitted (like JSON.stringify). */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/** A value that has no canonical JSON form; `path` is a JSON Pointer (RFC 6901) to it. */
export class CanonicalJsonError extends Error {
  readonly path: string;

  constructor(message: string, path: string) {
    super(`${path === '' ? '(root)' : path}: ${message}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}

const MAX_DEPTH = 256;

// The JSON Pointer of the value being serialized is kept as a stack of keys and only turned into
// text when an error needs it: building it for every value made canonicalization 3× slower.
function pointer(path: readonly (string | number)[]): string {
  return path.map((k) => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function fail(message: string, path: readonly (string | number)[]): never {
  throw new CanonicalJsonError(message, pointer(path));
}

function serialize(value: unknown, path: (string | number)[], ancestors: Set<object>, out: string[]): void {
  switch (typeof value) {
    case 'string':
      if (!isWellFormedUnicode(value)) fail('lone surrogate in string', path);
      out.push(JSON.stringify(value)); // RFC 8785 §3.2.2.2
      return;
    case 'number':
      if (!Number.isFinite(value)) fail(`${value} is not a JSON number`, path);
      out.push(JSON.stringify(value)); // RFC 8785 §3.2.2.3: ES Number::toString, -0 → "0"
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      break;
    default:
      fail(`${typeof value} is not a JSON value`, path);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (ancestors.has(value)) fail('cyclic structure', path);
  if (ancestors.size >= MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`, path);
  ancestors.add(value);
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      path.push(i);
      if (!(i in value) || value[i] === undefined) fail('undefined array element', path);
      serialize(value[i], path, ancestors, out);
      path.pop();
    }
    out.push(']');
  } else {
    if (!isPlainObject(value)) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      fail(`${name} is not a plain JSON object`, path);
    }
    const record = value as Record<string, unknown>;
    // RFC 8785 §3.2.3: sort by UTF-16 code units; Array.prototype.sort's default order is exactly that.
    const keys = Object.keys(record).sort();
    out.push('{');
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      if (!isWellFormedUnicode(key)) fail('lone surrogate in member name', path);
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(key), ':');
      path.push(key);
      serialize(member, path, ancestors, out);
      path.pop();
    }
    out.push('}');
  }
  ancestors.delete(value);
}

/**
 * Canonical JSON text of a value (RFC 8785). Throws {@link CanonicalJsonError} for anything that
 * is not I-JSON data: NaN/Infinity, lone surrogates, bigint, functions, symbols, `undefined`
 * (except as an object member, which is omitted), class instances (Date, Map, typed arrays),
 * cycles.
 *
 * @example
 * canonicalize({ b: [1e30, 4.5], a: 'é' }) // '{"a":"é","b":[1e+30,4.5]}'
 */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  serialize(value, [], new Set(), out);
  return out.join('');
}

/**
 * UTF-8 bytes of the canonical JSON text (what gets hashed or signed).
 *
 * @example
 * canonicalJsonBytes({ a: 1 }) // bytes of '{"a":1}'
 */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return utf8Encode(canonicalize(value));
}

/**
 * True if `text` is JSON already in canonical form (so it round-trips byte for byte). Duplicate
 * member names fail (JSON.parse keeps the last, so the text changes).
 *
 * @example
 * isCanonicalJson('{"a":1,"b":2}') // true
 * isCanonicalJson('{"b":2,"a":1}') // false
 */
export function isCanonicalJson(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  try {
    return canonicalize(parsed) === text;
  } catch {
    return false;
  }
}
