/**
 * The bytes a ledger record contributes to the Merkle log (browser-safe).
 *
 * Leaf data (version 1) is the UTF-8 encoding of the RFC 8785 canonical JSON of the envelope
 *
 *     {"record": <record>, "type": <record type>, "v": 1}
 *
 * (members shown in canonical order). The leaf hash is then `HASH(0x00 || leaf data)`
 * (RFC 6962 §2.1). Why an envelope: the hash commits to the record type as well as the record,
 * so the same JSON cannot be replayed as another kind of record, and the whole leaf is one JSON
 * document that any JCS implementation can re-derive from what the API serves. `v` lets a later
 * encoding coexist in the same log; decoders reject versions they do not know.
 */
import { canonicalize } from './canonical-json.ts';
import type { JsonValue } from './canonical-json.ts';
import { utf8Decode, utf8Encode } from './bytes.ts';
import { leafHash } from './log-hash.ts';
import type { LogHash } from './log-hash.ts';

/** Current leaf encoding version (the `v` member). */
export const LEAF_ENCODING_VERSION = 1;

/** Record type names: ASCII, start with a letter, then letters, digits, `.`, `_`, `:`, `/`, `-`. */
export const RECORD_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9._:/-]{0,127}$/;

/** A decoded ledger leaf. */
export interface LedgerLeaf {
  readonly type: string;
  readonly record: { readonly [key: string]: JsonValue | undefined };
}

/** Encoded leaf: the canonical envelope text and its UTF-8 bytes (the RFC 6962 leaf data). */
export interface EncodedLeaf {
  readonly json: string;
  readonly data: Uint8Array;
}

function isRecordObject(value: unknown): value is LedgerLeaf['record'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Encodes a record of a given type as leaf data. Throws a TypeError for a bad type name or a
 * non-object record, and CanonicalJsonError for values without a canonical JSON form.
 *
 * @example
 * encodeLeaf('batch', { id: 'B1', qty: 10 }).json
 * // '{"record":{"id":"B1","qty":10},"type":"batch","v":1}'
 */
export function encodeLeaf(type: string, record: LedgerLeaf['record']): EncodedLeaf {
  if (!RECORD_TYPE_PATTERN.test(type)) throw new TypeError(`invalid ledger record type: ${JSON.stringify(type)}`);
  if (!isRecordObject(record)) throw new TypeError('a ledger record must be a plain JSON object');
  const json = canonicalize({ record, type, v: LEAF_ENCODING_VERSION });
  return { json, data: utf8Encode(json) };
}

/**
 * Decodes leaf data (bytes or the JSON text), requiring it to be exactly the canonical v1
 * envelope; throws a TypeError otherwise. Use it when auditing stored leaves.
 *
 * @example
 * decodeLeaf('{"record":{"id":"B1"},"type":"batch","v":1}') // { type: 'batch', record: { id: 'B1' } }
 */
export function decodeLeaf(data: Uint8Array | string): LedgerLeaf {
  const text = typeof data === 'string' ? data : utf8Decode(data);
  if (text === undefined) throw new TypeError('leaf data is not valid UTF-8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TypeError('leaf data is not JSON');
  }
  if (!isRecordObject(parsed)) throw new TypeError('leaf data is not a JSON object');
  const keys = Object.keys(parsed).sort().join(',');
  if (keys !== 'record,type,v') throw new TypeError(`leaf envelope has members [${keys}], want [record,type,v]`);
  const { v, type, record } = parsed;
  if (v !== LEAF_ENCODING_VERSION) throw new TypeError(`unsupported leaf encoding version ${JSON.stringify(v)}`);
  if (typeof type !== 'string' || !RECORD_TYPE_PATTERN.test(type)) throw new TypeError('invalid leaf record type');
  if (!isRecordObject(record)) throw new TypeError('leaf record is not a JSON object');
  let canonical: string;
  try {
    canonical = canonicalize(parsed);
  } catch {
    throw new TypeError('leaf data has no canonical JSON form');
  }
  if (canonical !== text) throw new TypeError('leaf data is not in canonical JSON form (RFC 8785)');
  return { type, record };
}

/**
 * Leaf hash of a record: `HASH(0x00 || encodeLeaf(type, record).data)`.
 *
 * @example
 * const h = recordLeafHash(sm3Node, 'batch', { id: 'B1' });
 */
export function recordLeafHash(hash: LogHash, type: string, record: LedgerLeaf['record']): Uint8Array {
  return leafHash(hash, encodeLeaf(type, record).data);
}
