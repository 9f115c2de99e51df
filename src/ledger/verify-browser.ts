/**
 * Browser entry point of the ledger verifier: no Node built-ins, no `Buffer`.
 *
 * Verifies checkpoints (C2SP signed notes with Ed25519 via WebCrypto or SM2 via sm-crypto-v2),
 * inclusion and consistency proofs (SM3 via sm-crypto-v2, SHA-256 via @noble/hashes, shared
 * RFC 9162 code in merkle.ts) and offline tlog-proof files. Everything here is also importable
 * from Node (tests run it there).
 *
 * Ed25519 in WebCrypto: Chrome/Edge 137+, Firefox 129+, Safari 17+, Node 20. Where it is missing,
 * an Ed25519 signature cannot verify (use {@link isWebCryptoEd25519Supported} to explain why);
 * SM2 checkpoints verify everywhere.
 */
import { browserLogHash } from './hash-browser.ts';
import { openCheckpoint } from './checkpoint.ts';
import type { OpenedCheckpoint } from './checkpoint.ts';
import { recordLeafHash } from './leaf-data.ts';
import type { LedgerLeaf } from './leaf-data.ts';
import { verifyConsistency, verifyInclusion } from './merkle.ts';
import { openRecord } from './selective-disclosure.ts';
import { parseVerifierKey, verifierFromKey } from './note.ts';
import type { NoteVerifier, VerifierKey } from './note.ts';
import { verifyTlogProof } from './proof-text.ts';
import type { VerifiedTlogProof } from './proof-text.ts';

export { browserLogHash, sha256Browser, sm3Browser } from './hash-browser.ts';
export { emptyRoot, leafHash, nodeHash } from './log-hash.ts';
export type { HashName, LogHash } from './log-hash.ts';
export {
  rootFromConsistencyProof,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
export { CheckpointError, originHash, parseCheckpoint } from './checkpoint.ts';
export type { Checkpoint, OpenedCheckpoint } from './checkpoint.ts';
export { NoteError, parseNote, parseVerifierKey } from './note.ts';
export type { NoteVerifier, OpenedNote, VerifierKey } from './note.ts';
export { ProofTextError, parseTlogProof } from './proof-text.ts';
export type { TlogProof, VerifiedTlogProof } from './proof-text.ts';
export { canonicalize, isCanonicalJson } from './canonical-json.ts';
export { decodeLeaf, encodeLeaf, recordLeafHash } from './leaf-data.ts';
export { DisclosureError, openRecord } from './selective-disclosure.ts';
export type { OpenedRecord } from './selective-disclosure.ts';
export { decodeBase64, encodeBase64 } from './bytes.ts';

function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/**
 * Ed25519 verification with WebCrypto (`crypto.subtle`, RFC 8032). Rejects (returns false) for
 * malformed keys or signatures; throws only if WebCrypto itself is absent.
 *
 * @example
 * await webCryptoEd25519Verify(publicKey, message, signature) // true
 */
export async function webCryptoEd25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  const subtle = globalThis.crypto.subtle;
  let key: CryptoKey;
  try {
    key = await subtle.importKey('raw', ownBuffer(publicKey), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return false;
  }
  try {
    return await subtle.verify({ name: 'Ed25519' }, key, ownBuffer(signature), ownBuffer(message));
  } catch {
    return false;
  }
}

/**
 * True if this runtime's WebCrypto supports Ed25519.
 *
 * @example
 * if (!(await isWebCryptoEd25519Supported())) showWarning();
 */
export async function isWebCryptoEd25519Supported(): Promise<boolean> {
  try {
    await globalThis.crypto.subtle.importKey('raw', new Uint8Array(32), { name: 'Ed25519' }, false, ['verify']);
    return true;
  } catch {
    return false;
  }
}

/**
 * A note verifier from C2SP verifier key text (as served by `GET /ledger/keys`), Ed25519 via
 * WebCrypto or SM2 via sm-crypto-v2.
 *
 * @example
 * const verifier = createBrowserNoteVerifier(keys[0].vkey);
 */
export function createBrowserNoteVerifier(key: string | VerifierKey): NoteVerifier {
  return verifierFromKey(typeof key === 'string' ? parseVerifierKey(key) : key, webCryptoEd25519Verify);
}

/**
 * Verifies a signed checkpoint against trusted verifier keys and, when given, the expected
 * origin. Throws NoteError / CheckpointError on failure.
 *
 * @example
 * const { checkpoint, hash } = await verifyCheckpoint(text, [vkey], 'trace.example.gov.cn/ledger/sm3');
 */
export async function verifyCheckpoint(
  signedCheckpoint: string,
  verifierKeys: readonly (string | VerifierKey)[],
  expectedOrigin?: string,
): Promise<OpenedCheckpoint> {
  return openCheckpoint(signedCheckpoint, verifierKeys.map(createBrowserNoteVerifier), expectedOrigin);
}

/** What {@link verifyRecordInclusion} checks: a record (or its leaf hash) at an index. */
export interface RecordInclusion {
  readonly signedCheckpoint: string;
  readonly verifierKeys: readonly (string | VerifierKey)[];
  readonly expectedOrigin?: string;
  readonly index: number;
  /** The inclusion path, leaf sibling first (API `path`, decoded from base64). */
  readonly path: readonly Uint8Array[];
  /**
   * Either the record, its type and leaf version (the leaf hash is recomputed; for v 2 the record
   * is the committed one, digests and all) or the leaf hash itself.
   */
  readonly leaf: LedgerLeaf | { readonly leafHash: Uint8Array };
  /** v 2 leaves: the disclosures the reader was given; each must match a digest of the record. */
  readonly disclosures?: readonly string[];
}

/**
 * Verifies that a record is in the log: checkpoint signature, origin, then the inclusion path
 * from the record's leaf hash (recomputed from the canonical JSON envelope) to the checkpoint root
 * with the hash the origin names, and for a v 2 record that every disclosure given hashes to one
 * of its digests (a partly disclosed record verifies: the undisclosed members stay digests).
 * Resolves to the opened checkpoint; throws if any step fails.
 *
 * @example
 * await verifyRecordInclusion({ signedCheckpoint, verifierKeys, index, path, leaf: { type: 'batch', record } });
 */
export async function verifyRecordInclusion(input: RecordInclusion): Promise<OpenedCheckpoint> {
  const opened = await verifyCheckpoint(input.signedCheckpoint, input.verifierKeys, input.expectedOrigin);
  const hash = browserLogHash(opened.hash);
  const leaf = 'leafHash' in input.leaf ? input.leaf.leafHash : recordLeafHash(hash, input.leaf.type, input.leaf.record, input.leaf.v);
  if (!('leafHash' in input.leaf) && input.leaf.v === 2) openRecord(hash, input.leaf.record, input.disclosures ?? []);
  else if (input.disclosures?.length) throw new Error('disclosures were given for a record without per-field commitments');
  const { size, rootHash } = opened.checkpoint;
  if (!verifyInclusion(hash, input.index, size, leaf, input.path, rootHash)) {
    throw new Error(`record is not at index ${input.index} of the checkpointed tree (size ${size})`);
  }
  return opened;
}

/**
 * Verifies that a newer signed checkpoint extends an older one (consistency proof, RFC 9162
 * §2.1.4.2) — what a client that stored the old checkpoint must check before trusting the new one.
 * Both must verify with the keys and share the origin. Throws on failure.
 *
 * @example
 * await verifyCheckpointConsistency(oldText, newText, path, [vkey]);
 */
export async function verifyCheckpointConsistency(
  oldCheckpoint: string,
  newCheckpoint: string,
  path: readonly Uint8Array[],
  verifierKeys: readonly (string | VerifierKey)[],
  expectedOrigin?: string,
): Promise<OpenedCheckpoint> {
  const older = await verifyCheckpoint(oldCheckpoint, verifierKeys, expectedOrigin);
  const newer = await verifyCheckpoint(newCheckpoint, verifierKeys, older.checkpoint.origin);
  const a = older.checkpoint;
  const b = newer.checkpoint;
  const hash = browserLogHash(newer.hash);
  if (!verifyConsistency(hash, a.size, b.size, path, a.rootHash, b.rootHash)) {
    throw new Error(`checkpoint of size ${b.size} is not consistent with the stored one of size ${a.size}`);
  }
  return newer;
}

/**
 * Verifies an offline `.tlog-proof` file for an entry's leaf hash with the browser hashes.
 *
 * @example
 * await verifyProofFile(text, leafHash, [vkey], 'trace.example.gov.cn/ledger/sm3');
 */
export async function verifyProofFile(
  text: string,
  leafHashValue: Uint8Array,
  verifierKeys: readonly (string | VerifierKey)[],
  expectedOrigin?: string,
): Promise<VerifiedTlogProof> {
  return verifyTlogProof(text, leafHashValue, verifierKeys.map(createBrowserNoteVerifier), browserLogHash, expectedOrigin);
}
