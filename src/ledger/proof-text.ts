/**
 * C2SP tlog-proof (c2sp.org/tlog-proof@v1): the offline, self-contained proof that an entry is in
 * a log (a "spicy signature", file extension `.tlog-proof`), browser-safe.
 *
 *     c2sp.org/tlog-proof@v1\n
 *     [extra <base64>\n]
 *     index <decimal>\n
 *     [<base64 inclusion path hash>\n]*      (leaf's sibling first, RFC 6962 §2.1.1 order)
 *     \n
 *     <signed checkpoint, verbatim>
 *
 * The spec says "one SHA-256 hash per line"; a Yima SM3 log uses the same format with SM3
 * hashes, and the checkpoint's origin (`…/sm3`) says which hash to verify with.
 */
import { decodeBase64, encodeBase64, isWellFormedUnicode } from './bytes.ts';
import { openCheckpoint } from './checkpoint.ts';
import type { OpenedCheckpoint } from './checkpoint.ts';
import { HASH_SIZE } from './log-hash.ts';
import type { HashName, LogHash } from './log-hash.ts';
import { verifyInclusion } from './merkle.ts';
import type { NoteVerifier } from './note.ts';

/** First line of every tlog-proof. */
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

/** Longest accepted inclusion path (a tree of 2^63 leaves needs 63). */
export const MAX_PROOF_PATH = 63;

/** A parsed tlog-proof; `checkpoint` is the signed note text, not yet verified. */
export interface TlogProof {
  /** Opaque, unauthenticated application data (C2SP: MUST NOT be implicitly trusted). */
  readonly extra?: Uint8Array;
  readonly index: number;
  readonly path: readonly Uint8Array[];
  readonly checkpoint: string;
}

/** Stable error codes. */
export type ProofTextErrorCode = 'malformed_proof' | 'invalid_proof';

/** Failure to parse or verify a tlog-proof. */
export class ProofTextError extends Error {
  readonly code: ProofTextErrorCode;

  constructor(code: ProofTextErrorCode, message: string) {
    super(message);
    this.name = 'ProofTextError';
    this.code = code;
  }
}

function malformed(why: string): never {
  throw new ProofTextError('malformed_proof', `malformed tlog-proof: ${why}`);
}

/**
 * Formats a tlog-proof. Throws a ProofTextError for a bad index, path hash size or checkpoint.
 *
 * @example
 * formatTlogProof({ index: 5, path: proof, checkpoint: signedCheckpoint })
 */
export function formatTlogProof(proof: TlogProof): string {
  if (!Number.isSafeInteger(proof.index) || proof.index < 0) malformed('invalid index');
  if (proof.path.length > MAX_PROOF_PATH) malformed('inclusion path too long');
  if (proof.path.some((h) => h.length !== HASH_SIZE)) malformed(`path hashes must be ${HASH_SIZE} bytes`);
  if (proof.checkpoint === '' || !proof.checkpoint.endsWith('\n')) malformed('missing checkpoint');
  const lines = [TLOG_PROOF_HEADER];
  if (proof.extra !== undefined) lines.push(`extra ${encodeBase64(proof.extra)}`);
  lines.push(`index ${proof.index}`, ...proof.path.map(encodeBase64), '');
  return `${lines.join('\n')}\n${proof.checkpoint}`;
}

/**
 * Parses a tlog-proof (syntax only; see {@link verifyTlogProof}). Throws ProofTextError
 * `malformed_proof`.
 *
 * @example
 * parseTlogProof(readFileSync('entry.tlog-proof', 'utf8')).index
 */
export function parseTlogProof(text: string): TlogProof {
  if (!isWellFormedUnicode(text)) malformed('invalid Unicode');
  let pos = 0;
  const nextLine = (): string => {
    const end = text.indexOf('\n', pos);
    if (end < 0) return malformed('unexpected end of text');
    const line = text.slice(pos, end);
    pos = end + 1;
    if (/[\u0000-\u001f]/.test(line)) malformed('control character');
    return line;
  };
  if (nextLine() !== TLOG_PROOF_HEADER) malformed(`first line is not ${TLOG_PROOF_HEADER}`);
  let line = nextLine();
  let extra: Uint8Array | undefined;
  if (line.startsWith('extra ')) {
    extra = decodeBase64(line.slice('extra '.length));
    if (extra === undefined) malformed('extra is not base64');
    line = nextLine();
  }
  const m = /^index (0|[1-9][0-9]*)$/.exec(line);
  if (m === null) return malformed('missing or invalid index line');
  const index = Number(m[1]);
  if (!Number.isSafeInteger(index)) malformed('index above 2^53 - 1 is not supported');
  const path: Uint8Array[] = [];
  for (line = nextLine(); line !== ''; line = nextLine()) {
    const h = decodeBase64(line);
    if (h === undefined || h.length !== HASH_SIZE) malformed(`path line is not a base64 ${HASH_SIZE}-byte hash`);
    if (path.length >= MAX_PROOF_PATH) malformed('inclusion path too long');
    path.push(h ?? new Uint8Array());
  }
  const checkpoint = text.slice(pos);
  if (checkpoint === '') malformed('missing checkpoint');
  const result: TlogProof = extra === undefined ? { index, path, checkpoint } : { extra, index, path, checkpoint };
  return Object.freeze(result);
}

/** A verified tlog-proof. */
export interface VerifiedTlogProof {
  readonly proof: TlogProof;
  readonly checkpoint: OpenedCheckpoint;
}

/**
 * Verifies a tlog-proof for an entry's leaf hash: the checkpoint must be signed by a trusted key
 * (and have `expectedOrigin`, when given) and the inclusion path must lead from the leaf hash
 * at `index` to its root, using the hash its origin names. Throws ProofTextError, NoteError or
 * CheckpointError.
 *
 * @example
 * await verifyTlogProof(text, recordLeafHash(sm3Node, 'batch', record), [verifier], nodeLogHash);
 */
export async function verifyTlogProof(
  text: string,
  leafHash: Uint8Array,
  verifiers: readonly NoteVerifier[],
  hashFor: (name: HashName) => LogHash,
  expectedOrigin?: string,
): Promise<VerifiedTlogProof> {
  const proof = parseTlogProof(text);
  const checkpoint = await openCheckpoint(proof.checkpoint, verifiers, expectedOrigin);
  const { size, rootHash } = checkpoint.checkpoint;
  if (!verifyInclusion(hashFor(checkpoint.hash), proof.index, size, leafHash, proof.path, rootHash)) {
    throw new ProofTextError('invalid_proof', `inclusion proof for index ${proof.index} does not match the checkpoint`);
  }
  return Object.freeze({ proof, checkpoint });
}
