/**
 * Ed25519 checkpoint cosignatures, c2sp.org/tlog-cosignature "cosignature/v1" (signature type
 * `0x04`), for a witness (signing) and for a log or client (verifying).
 *
 * - Key ID: `SHA-256(<name> || "\n" || 0x04 || 32-byte public key)[:4]`.
 * - Signed message: `"cosignature/v1\n" + "time <unix seconds>\n" + <checkpoint note text>`.
 * - Signature blob: `timestamp (uint64, big-endian) || 64-byte Ed25519 signature`, so a line reads
 *   `— <name> base64(key ID || timestamp || signature)`.
 *
 * src/ledger/note.ts knows only the note signature types `0x01` (Ed25519) and SM2, so the key
 * text of type `0x04` is parsed here; the Ed25519 arithmetic is note-node.ts's (node:crypto).
 * Like transparency-dev/formats `NewSignerForCosignatureV1`, a plain Ed25519 note key (type
 * `0x01`) is also accepted and used as a cosignature key: the key ID is then recomputed with `0x04`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { concatBytes, decodeBase64, encodeBase64, utf8Encode } from '../../ledger/bytes.ts';
import { sha256Node } from '../../ledger/hash.ts';
import { NoteError, isValidKeyName } from '../../ledger/note.ts';
import type { NoteSigner, NoteVerifier } from '../../ledger/note.ts';
import { createEd25519NoteSigner, ed25519PublicKeyFromSeed, nodeEd25519Verify } from '../../ledger/note-node.ts';

/** C2SP signed-note signature type of Ed25519 cosignature/v1. */
export const COSIGNATURE_V1_TYPE = 0x04;

/** C2SP signed-note signature type of plain Ed25519 (accepted as key material, see file doc). */
const ED25519_TYPE = 0x01;

const SIG_PREFIX = '\u2014 '; // em dash, space
const TIMESTAMP_SIZE = 8;
const ED25519_SIGNATURE_SIZE = 64;
const BLOB_SIZE = 4 + TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE;

/** A witness's public cosignature key. */
export interface CosignerKey {
  readonly name: string;
  /** uint32 key ID computed with type `0x04`. */
  readonly keyId: number;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
}

/** A cosignature line and the time it states. */
export interface Cosignature {
  /** `— <name> <base64>\n` (with the final newline, as in a note or a witness response). */
  readonly line: string;
  /** Unix seconds. */
  readonly timestamp: number;
}

/**
 * A witness signing key. It is also a {@link NoteSigner} (so `signNote(text, [cosigner])` appends a
 * cosignature stamped with the clock); `algorithm` is `'ed25519'` there only because note.ts has no
 * name for type `0x04` — never format its verifier key with note.ts, use
 * {@link formatCosignerVerifierKey}.
 */
export interface Cosigner extends NoteSigner {
  /** Verifier key text (type `0x04`). */
  readonly verifierKey: string;
  /** Cosigns checkpoint note text (the signed body, ending in a newline) at the clock's time. */
  cosign(noteText: string): Promise<Cosignature>;
}

/** Result of {@link verifyCosignatureLine}. */
export type CosignatureCheck =
  | { readonly ok: true; readonly timestamp: number }
  | { readonly ok: false; readonly reason: string };

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/**
 * The key ID of an Ed25519 cosignature/v1 key (c2sp.org/tlog-cosignature "Format").
 *
 * @example
 * cosignatureKeyId('witness.example/w1', publicKey).toString(16) // e.g. 'da77ade7'
 */
export function cosignatureKeyId(name: string, publicKey: Uint8Array): number {
  const digest = sha256Node.digest(concatBytes(utf8Encode(name), Uint8Array.of(0x0a, COSIGNATURE_V1_TYPE), publicKey));
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0, false);
}

function plainKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const digest = sha256Node.digest(concatBytes(utf8Encode(name), Uint8Array.of(0x0a, type), publicKey));
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0, false);
}

/**
 * The message a cosignature/v1 signs: `cosignature/v1\ntime <T>\n` followed by the checkpoint note
 * text (c2sp.org/tlog-cosignature "Ed25519 signed message"). Throws a TypeError for a timestamp
 * that is not a non-negative safe integer or text that does not end in a newline.
 *
 * @example
 * utf8Decode(cosignatureMessage('example.com/log/sha256\n1\nAAAA…=\n', 1679315147))
 * // 'cosignature/v1\ntime 1679315147\nexample.com/log/sha256\n1\nAAAA…=\n'
 */
export function cosignatureMessage(noteText: string, timestamp: number): Uint8Array {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError(`invalid cosignature timestamp ${timestamp}`);
  if (!noteText.endsWith('\n')) throw new TypeError('checkpoint note text must end with a newline');
  return utf8Encode(`cosignature/v1\ntime ${timestamp}\n${noteText}`);
}

/**
 * Builds a {@link CosignerKey} from a name and a raw Ed25519 public key. Throws NoteError
 * `malformed_verifier_key` for a bad name or key length.
 *
 * @example
 * const key = makeCosignerKey('witness.example/w1', publicKey);
 */
export function makeCosignerKey(name: string, publicKey: Uint8Array): CosignerKey {
  if (!isValidKeyName(name)) throw new NoteError('malformed_verifier_key', `invalid key name ${JSON.stringify(name)}`);
  if (publicKey.length !== 32) throw new NoteError('malformed_verifier_key', 'an Ed25519 public key is 32 bytes');
  return Object.freeze({ name, keyId: cosignatureKeyId(name, publicKey), publicKey: publicKey.slice() });
}

/**
 * Verifier key text of a cosigner: `<name>+<hex key ID>+<base64(0x04 || public key)>`
 * (c2sp.org/tlog-cosignature: "Ed25519 public keys MAY be encoded as vkeys with signature type 0x04").
 *
 * @example
 * formatCosignerVerifierKey(key) // 'witness.example/w1+da77ade7+BOvN63jn…'
 */
export function formatCosignerVerifierKey(key: CosignerKey): string {
  return `${key.name}+${hex8(key.keyId)}+${encodeBase64(concatBytes(Uint8Array.of(COSIGNATURE_V1_TYPE), key.publicKey))}`;
}

function splitKeyText(text: string, fields: number): string[] {
  const parts: string[] = [];
  let rest = text;
  for (let i = 1; i < fields; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return [];
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

/**
 * Parses cosigner verifier key text: type `0x04` (or a plain Ed25519 `0x01` vkey, whose key is then
 * used as a cosignature key); the key ID in the text must match its type. Throws NoteError
 * `malformed_verifier_key`.
 *
 * @example
 * parseCosignerVerifierKey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2').name // 'remora.n621.de'
 */
export function parseCosignerVerifierKey(text: string): CosignerKey {
  const fail = (why: string): never => {
    throw new NoteError('malformed_verifier_key', `malformed cosigner verifier key: ${why}`);
  };
  const [name = '', idHex = '', keyB64 = ''] = splitKeyText(text.trim(), 3);
  if (!isValidKeyName(name)) fail('invalid name');
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) fail('key ID is not 8 hex digits');
  const blob = decodeBase64(keyB64);
  if (blob === undefined) return fail('key is not base64');
  const type = blob[0];
  if (type !== COSIGNATURE_V1_TYPE && type !== ED25519_TYPE) fail('not an Ed25519 (cosignature) key');
  const publicKey = blob.slice(1);
  if (publicKey.length !== 32) fail('an Ed25519 public key is 32 bytes');
  if (plainKeyId(name, type ?? 0, publicKey) !== parseInt(idHex, 16)) fail('key ID does not match the key');
  return makeCosignerKey(name, publicKey);
}

/**
 * Generates a witness key pair: signer key text `PRIVATE+KEY+<name>+<id>+<base64(0x04 || seed)>`
 * (secret; store it mode 0600) and verifier key text (public; give it to the logs).
 *
 * @example
 * const { signerKey, verifierKey } = generateCosignerKey('witness.yima.example/w1');
 */
export function generateCosignerKey(name: string): { signerKey: string; verifierKey: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = decodeBase64url(jwk.d ?? '');
  const key = makeCosignerKey(name, ed25519PublicKeyFromSeed(seed));
  const signerKey = `PRIVATE+KEY+${name}+${hex8(key.keyId)}+${encodeBase64(concatBytes(Uint8Array.of(COSIGNATURE_V1_TYPE), seed))}`;
  seed.fill(0);
  return { signerKey, verifierKey: formatCosignerVerifierKey(key) };
}

function decodeBase64url(text: string): Uint8Array {
  const std = text.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = decodeBase64(std.padEnd(Math.ceil(std.length / 4) * 4, '='));
  if (bytes === undefined || bytes.length !== 32) throw new Error('node:crypto returned an unexpected Ed25519 key');
  return bytes;
}

/**
 * A cosigner from signer key text (type `0x04`, or a plain Ed25519 `0x01` note key). `clock`
 * gives the cosignature time (default: now); c2sp.org/tlog-witness forbids a zero timestamp.
 * Throws NoteError `malformed_signer_key`.
 *
 * @example
 * const cosigner = createCosigner(fs.readFileSync('witness.key', 'utf8').trim());
 * const { line } = await cosigner.cosign(checkpointText); // '— witness.yima.example/w1 …\n'
 */
export function createCosigner(signerKey: string, opts: { readonly clock?: () => Date } = {}): Cosigner {
  const fail = (why: string): never => {
    throw new NoteError('malformed_signer_key', `malformed cosigner signer key: ${why}`);
  };
  const [priv = '', word = '', name = '', idHex = '', keyB64 = ''] = splitKeyText(signerKey.trim(), 5);
  if (priv !== 'PRIVATE' || word !== 'KEY') fail('missing PRIVATE+KEY prefix');
  if (!isValidKeyName(name)) fail('invalid name');
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) fail('key ID is not 8 hex digits');
  const blob = decodeBase64(keyB64);
  if (blob === undefined) return fail('key is not base64');
  const type = blob[0];
  if (type !== COSIGNATURE_V1_TYPE && type !== ED25519_TYPE) fail('not an Ed25519 (cosignature) key');
  const seed = blob.slice(1);
  if (seed.length !== 32) fail('an Ed25519 private key is 32 bytes');
  const publicKey = ed25519PublicKeyFromSeed(seed);
  if (plainKeyId(name, type ?? 0, publicKey) !== parseInt(idHex, 16)) fail('key ID does not match the key');
  const key = makeCosignerKey(name, publicKey);
  // note-node.ts does the Ed25519 signing; its own key ID (type 0x01) is not used.
  const ed25519 = createEd25519NoteSigner(name, seed);
  seed.fill(0);
  blob.fill(0);
  const clock = opts.clock ?? (() => new Date());

  const signAt = async (noteText: string, timestamp: number): Promise<Uint8Array> => {
    const sig = await ed25519.sign(cosignatureMessage(noteText, timestamp));
    const stamp = new Uint8Array(TIMESTAMP_SIZE);
    new DataView(stamp.buffer).setBigUint64(0, BigInt(timestamp), false);
    return concatBytes(stamp, sig);
  };
  const now = (): number => {
    const t = Math.floor(clock().getTime() / 1000);
    // c2sp.org/tlog-witness: "The cosignature MUST NOT omit the timestamp, i.e. the timestamp MUST NOT be zero."
    if (!Number.isSafeInteger(t) || t <= 0) throw new Error(`cosigner clock gave an invalid time ${t}`);
    return t;
  };
  const text = (message: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(message);

  return Object.freeze({
    name: key.name,
    keyId: key.keyId,
    algorithm: 'ed25519' as const,
    publicKey: key.publicKey,
    verifierKey: formatCosignerVerifierKey(key),
    sign: (message: Uint8Array) => signAt(text(message), now()),
    async cosign(noteText: string): Promise<Cosignature> {
      const timestamp = now();
      const id = new Uint8Array(4);
      new DataView(id.buffer).setUint32(0, key.keyId, false);
      const blob = concatBytes(id, await signAt(noteText, timestamp));
      return { line: `${SIG_PREFIX}${key.name} ${encodeBase64(blob)}\n`, timestamp };
    },
  });
}

function readTimestamp(sig: Uint8Array): number | undefined {
  if (sig.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) return undefined;
  const t = new DataView(sig.buffer, sig.byteOffset, TIMESTAMP_SIZE).getBigUint64(0, false);
  // c2sp.org/tlog-cosignature: the timestamp "MUST NOT exceed 2^63 - 1"; we also need it to fit a JS number.
  return t > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(t);
}

async function verifyBlob(key: CosignerKey, noteText: string, sig: Uint8Array): Promise<CosignatureCheck> {
  const timestamp = readTimestamp(sig);
  if (timestamp === undefined) return { ok: false, reason: 'cosignature has the wrong length or an out-of-range timestamp' };
  // c2sp.org/tlog-witness: "the timestamp MUST NOT be zero".
  if (timestamp === 0) return { ok: false, reason: 'cosignature has a zero timestamp' };
  if (!noteText.endsWith('\n')) return { ok: false, reason: 'checkpoint text does not end in a newline' };
  const ok = nodeEd25519Verify(key.publicKey, cosignatureMessage(noteText, timestamp), sig.subarray(TIMESTAMP_SIZE));
  return ok ? { ok: true, timestamp } : { ok: false, reason: 'cosignature does not verify' };
}

/**
 * Verifies one cosignature line (`— <name> <base64>`, with or without its newline) on checkpoint
 * note text with a witness key, returning the cosignature's timestamp. Never throws: a line for
 * another name or key ID, bad base64, a wrong length, a zero timestamp or a bad signature gives
 * `{ ok: false, reason }`.
 *
 * @example
 * const check = await verifyCosignatureLine(line, checkpointText, 'witness.yima.example/w1+1a2b3c4d+BE…');
 * if (check.ok) console.log(new Date(check.timestamp * 1000));
 */
export async function verifyCosignatureLine(line: string, noteText: string, key: CosignerKey | string): Promise<CosignatureCheck> {
  let k: CosignerKey;
  try {
    k = typeof key === 'string' ? parseCosignerVerifierKey(key) : key;
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : 'malformed verifier key' };
  }
  const body = line.endsWith('\n') ? line.slice(0, -1) : line;
  if (!body.startsWith(SIG_PREFIX) || body.includes('\n')) return { ok: false, reason: 'not a signature line' };
  const rest = body.slice(SIG_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) return { ok: false, reason: 'not a signature line' };
  const name = rest.slice(0, space);
  const raw = decodeBase64(rest.slice(space + 1));
  if (raw === undefined || !isValidKeyName(name)) return { ok: false, reason: 'malformed signature line' };
  if (name !== k.name) return { ok: false, reason: `signature is by ${JSON.stringify(name)}, not ${JSON.stringify(k.name)}` };
  if (raw.length !== BLOB_SIZE) return { ok: false, reason: 'not an Ed25519 cosignature/v1 (wrong length)' };
  const keyId = new DataView(raw.buffer, raw.byteOffset, 4).getUint32(0, false);
  if (keyId !== k.keyId) return { ok: false, reason: `key ID ${hex8(keyId)} is not ${hex8(k.keyId)}` };
  return verifyBlob(k, noteText, raw.subarray(4));
}

/**
 * A {@link NoteVerifier} for cosignatures, so that `openNote(checkpoint + cosignatureLines,
 * [...logVerifiers, createCosignatureVerifier(vkey)])` checks log and witness signatures together
 * (c2sp.org/tlog-witness: "the client MAY concatenate it to the checkpoint, and use a note
 * verification function"). Its `algorithm`/`publicKey` fields are informational only.
 *
 * @example
 * const opened = await openNote(signedCheckpoint + witnessResponse, [logVerifier, createCosignatureVerifier(witnessVkey)]);
 */
export function createCosignatureVerifier(key: CosignerKey | string): NoteVerifier {
  const k = typeof key === 'string' ? parseCosignerVerifierKey(key) : key;
  return Object.freeze({
    name: k.name,
    keyId: k.keyId,
    algorithm: 'ed25519' as const,
    publicKey: k.publicKey.slice(),
    async verify(message: Uint8Array, signature: Uint8Array): Promise<boolean> {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(message);
      } catch {
        return false;
      }
      return (await verifyBlob(k, text, signature)).ok;
    },
  });
}
