/**
 * C2SP tlog-checkpoint note bodies (c2sp.org/tlog-checkpoint), browser-safe.
 *
 *     <origin>\n
 *     <tree size, decimal, no leading zeros>\n
 *     <root hash, std base64>\n
 *     [<extension line>\n]*
 *
 * Yima rule (DESIGN "Ledger JSON"): the origin names the log's hash as its last path segment,
 * `<base>/sm3` or `<base>/sha256`, so a proof can never be checked with the wrong hash; the log's
 * key name should equal the origin (C2SP: "SHOULD match the origin line").
 */
import { decodeBase64, encodeBase64, isWellFormedUnicode } from './bytes.ts';
import { HASH_NAMES, HASH_SIZE, isHashName } from './log-hash.ts';
import type { HashName } from './log-hash.ts';
import { isValidKeyName, openNote } from './note.ts';
import type { NoteVerifier, OpenedNote } from './note.ts';

/** A parsed checkpoint. `size` is limited to `Number.MAX_SAFE_INTEGER`. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** Opaque extension lines (NOT RECOMMENDED by C2SP; never emitted by Yima). */
  readonly extensions: readonly string[];
}

/** Stable error codes. */
export type CheckpointErrorCode = 'malformed_checkpoint' | 'wrong_origin' | 'unknown_hash';

/** Failure to parse or accept a checkpoint. */
export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;

  constructor(code: CheckpointErrorCode, message: string) {
    super(message);
    this.name = 'CheckpointError';
    this.code = code;
  }
}

/**
 * The origin of a Yima log: `<base>/<hash>`. The base must be usable as a C2SP key name
 * (non-empty, no spaces, no `+`), e.g. a schema-less URL. Throws a TypeError otherwise.
 *
 * @example
 * makeOrigin('trace.example.gov.cn/ledger', 'sm3') // 'trace.example.gov.cn/ledger/sm3'
 */
export function makeOrigin(base: string, hash: HashName): string {
  if (!isValidKeyName(base) || base.endsWith('/')) throw new TypeError(`invalid origin base ${JSON.stringify(base)}`);
  if (!isHashName(hash)) throw new TypeError(`unknown hash ${String(hash)}`);
  return `${base}/${hash}`;
}

/**
 * The hash a Yima origin names (its last path segment), or `undefined`.
 *
 * @example
 * originHash('trace.example.gov.cn/ledger/sm3') // 'sm3'
 * originHash('example.com/log') // undefined
 */
export function originHash(origin: string): HashName | undefined {
  const last = origin.slice(origin.lastIndexOf('/') + 1);
  return origin.includes('/') && isHashName(last) ? last : undefined;
}

function malformed(why: string): never {
  throw new CheckpointError('malformed_checkpoint', `malformed checkpoint: ${why}`);
}

const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;

/**
 * Formats a checkpoint body (the note text to sign). Throws a CheckpointError for an empty or
 * multi-line origin, a bad size, a root that is not 32 bytes or empty extension lines.
 *
 * @example
 * formatCheckpoint({ origin: 'example.com/log/sha256', size: 0, rootHash: emptyRoot(sha256Node), extensions: [] })
 * // 'example.com/log/sha256\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n'
 */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions } = checkpoint;
  if (origin === '' || origin.includes('\n') || CONTROL.test(origin) || !isWellFormedUnicode(origin)) {
    malformed('invalid origin');
  }
  if (!Number.isSafeInteger(size) || size < 0) malformed('invalid tree size');
  if (rootHash.length !== HASH_SIZE) malformed(`root hash must be ${HASH_SIZE} bytes`);
  for (const line of extensions) {
    if (line === '' || line.includes('\n') || CONTROL.test(line) || !isWellFormedUnicode(line)) {
      malformed('invalid extension line');
    }
  }
  return [origin, String(size), encodeBase64(rootHash), ...extensions].map((l) => `${l}\n`).join('');
}

/**
 * Parses a checkpoint body (C2SP tlog-checkpoint "Note text"): at least three non-empty lines,
 * decimal size without leading zeros, canonical base64 root of 32 bytes, non-empty extension
 * lines, final newline. Sizes above 2^53 − 1 are rejected as unsupported. The origin is not
 * required to name a hash here (see {@link openCheckpoint}). Throws CheckpointError.
 *
 * @example
 * parseCheckpoint('example.com/log/sha256\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n').size // 0
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!isWellFormedUnicode(text) || CONTROL.test(text)) malformed('invalid characters');
  if (!text.endsWith('\n')) malformed('text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) malformed('fewer than three lines');
  if (lines.some((l) => l === '')) malformed('empty line');
  const [origin = '', sizeText = '', rootText = '', ...extensions] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) malformed('tree size is not a decimal without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) malformed('tree size above 2^53 - 1 is not supported');
  const rootHash = decodeBase64(rootText);
  if (rootHash === undefined) return malformed('root hash is not base64');
  if (rootHash.length !== HASH_SIZE) malformed(`root hash must be ${HASH_SIZE} bytes`);
  return Object.freeze({ origin, size, rootHash, extensions: Object.freeze(extensions) });
}

/** A signed checkpoint that verified. */
export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The hash named by the origin. */
  readonly hash: HashName;
  readonly note: OpenedNote;
}

/**
 * Verifies a signed checkpoint note with trusted keys (see {@link openNote} for the C2SP rules),
 * parses its body, and requires the origin to be `expectedOrigin` (when given) and to name a
 * hash. Throws NoteError or CheckpointError.
 *
 * @example
 * const { checkpoint, hash } = await openCheckpoint(text, [verifier], 'trace.example.gov.cn/ledger/sm3');
 */
export async function openCheckpoint(
  signedNote: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  expectedOrigin?: string,
): Promise<OpenedCheckpoint> {
  const note = await openNote(signedNote, verifiers);
  const checkpoint = parseCheckpoint(note.text);
  if (expectedOrigin !== undefined && checkpoint.origin !== expectedOrigin) {
    throw new CheckpointError('wrong_origin', `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not ${JSON.stringify(expectedOrigin)}`);
  }
  const hash = originHash(checkpoint.origin);
  if (hash === undefined) {
    throw new CheckpointError('unknown_hash', `checkpoint origin does not end in /${HASH_NAMES.join(' or /')}`);
  }
  return Object.freeze({ checkpoint, hash, note });
}
