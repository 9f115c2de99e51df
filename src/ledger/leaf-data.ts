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
 *
 * Version 2 is the same envelope with `"v": 2` around a *committed* record: every member but
 * `id`, `orgId` and `supersedes` replaced by a salted digest (selective-disclosure.ts, the SD-JWT
 * technique), so that the leaf can be proved to a reader without the values the reader may not
 * see. Version 1 leaves (written before per-field commitments) stay valid as they are.
 */
import { canonicalize } from './canonical-json.ts';
import type { JsonValue } from './canonical-json.ts';
import { utf8Decode, utf8Encode } from './bytes.ts';
import { leafHash } from './log-hash.ts';
import type { LogHash } from './log-hash.ts';
import { type CommittedRecord, SD_ALG, commitRecord } from './selective-disclosure.ts';

/** Leaf encoding of plain records (the `v` member): what every leaf before per-field commitments is. */
export const LEAF_ENCODING_VERSION = 1;
/** Leaf encoding of committed records (per-field salted digests). */
export const COMMITTED_LEAF_VERSION = 2;

/** A leaf encoding version. */
export type LeafVersion = 1 | 2;

/** Record type names: ASCII, start with a letter, then letters, digits, `.`, `_`, `:`, `/`, `-`. */
export const RECORD_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9._:/-]{0,127}$/;

/** A decoded ledger leaf. */
export interface LedgerLeaf {
  readonly type: string;
  readonly record: { readonly [key: string]: JsonValue | undefined };
  /** Leaf encoding version; 1 when absent. */
  readonly v?: LeafVersion;
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
export function encodeLeaf(type: string, record: LedgerLeaf['record'], v: LeafVersion = LEAF_ENCODING_VERSION): EncodedLeaf {
  if (!RECORD_TYPE_PATTERN.test(type)) throw new TypeError(`invalid ledger record type: ${JSON.stringify(type)}`);
  if (!isRecordObject(record)) throw new TypeError('a ledger record must be a plain JSON object');
  if (v === COMMITTED_LEAF_VERSION && typeof record[SD_ALG] !== 'string') throw new TypeError(`a version 2 record must be committed (no ${SD_ALG})`);
  const json = canonicalize({ record, type, v });
  return { json, data: utf8Encode(json) };
}

/** A committed leaf: its encoding, and the disclosures to keep beside it. */
export interface EncodedCommittedLeaf extends EncodedLeaf {
  readonly disclosures: CommittedRecord['disclosures'];
}

/**
 * Commits every member of `record` separately (selective-disclosure.ts) and encodes the result
 * as version 2 leaf data. `salt()` gives 16 random bytes per call.
 *
 * @example
 * const { json, disclosures } = encodeCommittedLeaf(sm3Node, 'product', { id: 'P1', model: 'X' }, () => randomBytes(16));
 * // json = '{"record":{"_sd":["…"],"_sd_alg":"sm3","id":"P1"},"type":"product","v":2}'
 */
export function encodeCommittedLeaf(hash: LogHash, type: string, record: LedgerLeaf['record'], salt: () => Uint8Array): EncodedCommittedLeaf {
  if (!isRecordObject(record)) throw new TypeError('a ledger record must be a plain JSON object');
  const committed = commitRecord(hash, record, salt);
  return { ...encodeLeaf(type, committed.record, COMMITTED_LEAF_VERSION), disclosures: committed.disclosures };
}

/**
 * Decodes leaf data (bytes or the JSON text), requiring it to be exactly a canonical v1 or v2
 * envelope; throws a TypeError otherwise. Use it when auditing stored leaves. A v2 record comes
 * back committed (digests): open it with `openRecord` and the disclosures.
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
  if (v !== LEAF_ENCODING_VERSION && v !== COMMITTED_LEAF_VERSION) throw new TypeError(`unsupported leaf encoding version ${JSON.stringify(v)}`);
  if (typeof type !== 'string' || !RECORD_TYPE_PATTERN.test(type)) throw new TypeError('invalid leaf record type');
  if (!isRecordObject(record)) throw new TypeError('leaf record is not a JSON object');
  if (v === COMMITTED_LEAF_VERSION && typeof record[SD_ALG] !== 'string') throw new TypeError(`a version 2 leaf record has no ${SD_ALG}`);
  let canonical: string;
  try {
    canonical = canonicalize(parsed);
  } catch {
    throw new TypeError('leaf data has no canonical JSON form');
  }
  if (canonical !== text) throw new TypeError('leaf data is not in canonical JSON form (RFC 8785)');
  return v === COMMITTED_LEAF_VERSION ? { type, record, v } : { type, record };
}

/**
 * Leaf hash of a record: `HASH(0x00 || encodeLeaf(type, record, v).data)`; for v2, `record` is
 * the committed record (as served), not the disclosed values.
 *
 * @example
 * const h = recordLeafHash(sm3Node, 'batch', { id: 'B1' });
 */
export function recordLeafHash(hash: LogHash, type: string, record: LedgerLeaf['record'], v: LeafVersion = LEAF_ENCODING_VERSION): Uint8Array {
  return leafHash(hash, encodeLeaf(type, record, v).data);
}
