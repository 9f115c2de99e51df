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

function pointer(path: string, key: string | number): string {
  return `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, path: string, ancestors: Set<object>, out: string[]): void {
  switch (typeof value) {
    case 'string':
      if (!isWellFormedUnicode(value)) throw new CanonicalJsonError('lone surrogate in string', path);
      out.push(JSON.stringify(value)); // RFC 8785 §3.2.2.2
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} is not a JSON number`, path);
      out.push(JSON.stringify(value)); // RFC 8785 §3.2.2.3: ES Number::toString, -0 → "0"
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`${typeof value} is not a JSON value`, path);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (ancestors.has(value)) throw new CanonicalJsonError('cyclic structure', path);
  if (ancestors.size >= MAX_DEPTH) throw new CanonicalJsonError(`nesting deeper than ${MAX_DEPTH}`, path);
  ancestors.add(value);
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      if (!(i in value) || value[i] === undefined) {
        throw new CanonicalJsonError('undefined array element', pointer(path, i));
      }
      serialize(value[i], pointer(path, i), ancestors, out);
    }
    out.push(']');
  } else {
    if (!isPlainObject(value)) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new CanonicalJsonError(`${name} is not a plain JSON object`, path);
    }
    const record = value as Record<string, unknown>;
    // RFC 8785 §3.2.3: sort by UTF-16 code units; Array.prototype.sort's default order is exactly that.
    const keys = Object.keys(record).sort();
    out.push('{');
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      if (!isWellFormedUnicode(key)) throw new CanonicalJsonError('lone surrogate in member name', path);
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(key), ':');
      serialize(member, pointer(path, key), ancestors, out);
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
  serialize(value, '', new Set(), out);
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
