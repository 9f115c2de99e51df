/**
 * C2SP signed notes (c2sp.org/signed-note, Go `golang.org/x/mod/sumdb/note` semantics),
 * browser-safe core: parsing, formatting, key names, key IDs, verifier keys, signing and opening
 * with pluggable signers/verifiers, and the SM2 signature type.
 *
 * Signature types:
 * - Ed25519: type byte `0x01` (C2SP), 32-byte public key, 64-byte RFC 8032 signature. The
 *   implementation is platform-specific (note-node.ts: node:crypto; verify-browser.ts: WebCrypto).
 * - SM2: C2SP assigns no byte, so per C2SP "0xff — … RECOMMENDED that this byte be followed by a
 *   longer identifier that is unlikely to collide" the type is `0xff` followed by the DER encoding
 *   of the OID 1.2.156.10197.1.501 (SM2 signature with SM3, GM/T 0006-2012):
 *   `ff 06 08 2a 81 1c cf 55 01 83 75`. Public key: 65 bytes `04 || x || y`; signature: 64 bytes
 *   `r || s`, e = SM3(Z_A || text) with ID `1234567812345678` (see sm2.ts). Key ID and verifier
 *   key text use these type bytes exactly like Ed25519 uses `0x01`.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  bytesEqual,
  concatBytes,
  decodeBase64,
  encodeBase64,
  isWellFormedUnicode,
  utf8Decode,
  utf8Encode,
} from './bytes.ts';
import { generateSm2KeyPair, isValidSm2PublicKey, sm2PublicKeyFromPrivateKey, sm2Sign, sm2Verify } from './sm2.ts';

/** Signature algorithms supported in notes. */
export type NoteKeyAlgorithm = 'ed25519' | 'sm2';

/** C2SP signature type byte for Ed25519. */
export const ED25519_NOTE_TYPE: Uint8Array = Uint8Array.of(0x01);

/** `0xff` + DER OID 1.2.156.10197.1.501 (SM2-with-SM3): our signature type for SM2 (see file doc). */
export const SM2_NOTE_TYPE: Uint8Array = Uint8Array.of(0xff, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75);

/** Go's limit on signature lines in one note (C2SP: accept at least 16). */
export const MAX_NOTE_SIGNATURES = 100;

/** Upper bound on a note's size in bytes (Go sumdb reads at most 1e6 bytes of note). */
export const MAX_NOTE_BYTES = 1_000_000;

const PUBLIC_KEY_SIZE: Readonly<Record<NoteKeyAlgorithm, number>> = Object.freeze({ ed25519: 32, sm2: 65 });
const SIG_PREFIX = '\u2014 '; // em dash, space

/** Stable error codes (snake_case, as in src/server/errors.ts). */
export type NoteErrorCode =
  | 'malformed_note'
  | 'invalid_signature'
  | 'unverified_note'
  | 'ambiguous_verifier'
  | 'invalid_signer'
  | 'malformed_verifier_key'
  | 'malformed_signer_key';

/** Any failure to parse, sign or open a note. `note` is set for `unverified_note`. */
export class NoteError extends Error {
  readonly code: NoteErrorCode;
  readonly note: OpenedNote | undefined;

  constructor(code: NoteErrorCode, message: string, note?: OpenedNote) {
    super(message);
    this.name = 'NoteError';
    this.code = code;
    this.note = note;
  }
}

/** One signature line of a note. */
export interface NoteSignature {
  readonly name: string;
  /** uint32 key ID (first 4 bytes of the base64 blob, big-endian). */
  readonly keyId: number;
  /** base64 of `keyId || signature`, exactly as on the line. */
  readonly base64: string;
  /** The signature bytes after the key ID. */
  readonly signature: Uint8Array;
}

/** A note split into its signed text and signature lines (nothing verified). */
export interface ParsedNote {
  /** The signed message: the text including its final newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** Result of {@link openNote}: the text, the signatures that verified and those from unknown keys. */
export interface OpenedNote {
  readonly text: string;
  readonly verified: readonly NoteSignature[];
  readonly unverified: readonly NoteSignature[];
}

/** A public key as named in a note. */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly algorithm: NoteKeyAlgorithm;
  /** Ed25519: 32 bytes; SM2: 65 bytes `04 || x || y`. */
  readonly publicKey: Uint8Array;
}

/** Verifies signatures of one key. `verify` may be async (WebCrypto). */
export interface NoteVerifier extends VerifierKey {
  verify(message: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
}

/** Signs with one key. `sign` may be async (HSM, WebCrypto). */
export interface NoteSigner extends VerifierKey {
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** Platform Ed25519 verification: raw 32-byte public key, message, 64-byte signature. */
export type Ed25519Verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>;

/**
 * True for a valid C2SP key name: non-empty, no Unicode white space, no `+` (C2SP signed-note
 * "Signatures"), and (so that it can appear in a note at all) no control characters.
 *
 * @example
 * isValidKeyName('yima.example/ledger/sm3') // true
 * isValidKeyName('a b') // false
 */
export function isValidKeyName(name: string): boolean {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    isWellFormedUnicode(name) &&
    !/[\p{White_Space}+\u0000-\u001f\u007f]/u.test(name)
  );
}

/**
 * The signature type bytes of an algorithm (`0x01`, or `0xff` + SM2 identifier).
 *
 * @example
 * noteTypeBytes('ed25519') // Uint8Array [1]
 */
export function noteTypeBytes(algorithm: NoteKeyAlgorithm): Uint8Array {
  return algorithm === 'ed25519' ? ED25519_NOTE_TYPE : SM2_NOTE_TYPE;
}

/**
 * C2SP key ID: `SHA-256(key name || 0x0A || signature type || public key)[:4]` as a big-endian
 * uint32.
 *
 * @example
 * noteKeyId('example.com/foo', 'ed25519', publicKey).toString(16) // '530d903a' for the C2SP example key
 */
export function noteKeyId(name: string, algorithm: NoteKeyAlgorithm, publicKey: Uint8Array): number {
  const digest = sha256(concatBytes(utf8Encode(name), Uint8Array.of(0x0a), noteTypeBytes(algorithm), publicKey));
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0, false);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function checkPublicKey(algorithm: NoteKeyAlgorithm, publicKey: Uint8Array): boolean {
  if (publicKey.length !== PUBLIC_KEY_SIZE[algorithm]) return false;
  return algorithm === 'sm2' ? isValidSm2PublicKey(publicKey) : true;
}

/**
 * Builds a {@link VerifierKey} (computing its key ID). Throws NoteError `malformed_verifier_key`
 * for a bad name or public key.
 *
 * @example
 * const key = makeVerifierKey('yima.example/ledger/sm3', 'sm2', publicKey);
 */
export function makeVerifierKey(name: string, algorithm: NoteKeyAlgorithm, publicKey: Uint8Array): VerifierKey {
  if (!isValidKeyName(name)) throw new NoteError('malformed_verifier_key', `invalid key name ${JSON.stringify(name)}`);
  if (!checkPublicKey(algorithm, publicKey)) throw new NoteError('malformed_verifier_key', `invalid ${algorithm} public key`);
  return Object.freeze({ name, keyId: noteKeyId(name, algorithm, publicKey), algorithm, publicKey: publicKey.slice() });
}

/**
 * C2SP verifier key text `<name>+<hex key ID>+<base64(type || public key)>`.
 *
 * @example
 * formatVerifierKey(key) // 'yima.example/ledger/sm3+1a2b3c4d+/wYIKoEcz1UBg3UE…'
 */
export function formatVerifierKey(key: VerifierKey): string {
  return `${key.name}+${hex8(key.keyId)}+${encodeBase64(concatBytes(noteTypeBytes(key.algorithm), key.publicKey))}`;
}

function chop(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

function splitTypedKey(blob: Uint8Array): [NoteKeyAlgorithm, Uint8Array] | undefined {
  if (blob[0] === 0x01) return ['ed25519', blob.slice(1)];
  if (blob.length >= SM2_NOTE_TYPE.length && bytesEqual(blob.subarray(0, SM2_NOTE_TYPE.length), SM2_NOTE_TYPE)) {
    return ['sm2', blob.slice(SM2_NOTE_TYPE.length)];
  }
  return undefined;
}

/**
 * Parses C2SP verifier key text (as Go's `note.NewVerifier`): name, 8 hex digits, base64 of
 * type || key; the key ID must match. Throws NoteError `malformed_verifier_key`.
 *
 * @example
 * parseVerifierKey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k').algorithm // 'ed25519'
 */
export function parseVerifierKey(text: string): VerifierKey {
  const fail = (why: string): never => {
    throw new NoteError('malformed_verifier_key', `malformed verifier key: ${why}`);
  };
  const [name, rest] = chop(text, '+');
  const [idHex, keyB64] = chop(rest, '+');
  if (!isValidKeyName(name)) fail('invalid name');
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) fail('key ID is not 8 hex digits');
  const blob = decodeBase64(keyB64);
  if (blob === undefined || blob.length === 0) fail('key is not base64');
  const typed = splitTypedKey(blob ?? new Uint8Array());
  if (typed === undefined) return fail('unknown signature type');
  const [algorithm, publicKey] = typed;
  if (!checkPublicKey(algorithm, publicKey)) fail(`invalid ${algorithm} public key`);
  const keyId = noteKeyId(name, algorithm, publicKey);
  if (keyId !== parseInt(idHex, 16)) fail('key ID does not match the key');
  return Object.freeze({ name, keyId, algorithm, publicKey });
}

/**
 * Signer key text in Go's format `PRIVATE+KEY+<name>+<hex key ID>+<base64(type || private key)>`
 * (Ed25519: 32-byte seed; SM2: 32-byte private scalar). Keep it secret.
 *
 * @example
 * formatSignerKey(key, seed) // 'PRIVATE+KEY+yima.example/ledger/sha256+…'
 */
export function formatSignerKey(key: VerifierKey, privateKey: Uint8Array): string {
  return `PRIVATE+KEY+${key.name}+${hex8(key.keyId)}+${encodeBase64(concatBytes(noteTypeBytes(key.algorithm), privateKey))}`;
}

/** Signer key text split into its fields; the key ID is checked by whoever derives the public key. */
export interface SignerKeyFields {
  readonly name: string;
  readonly keyId: number;
  readonly algorithm: NoteKeyAlgorithm;
  readonly privateKey: Uint8Array;
}

/**
 * Splits signer key text (syntax only). Use note-node.ts `createNoteSigner` to get a signer; it
 * derives the public key and checks the key ID. Throws NoteError `malformed_signer_key`.
 *
 * @example
 * splitSignerKey(text).algorithm // 'sm2'
 */
export function splitSignerKey(text: string): SignerKeyFields {
  const fail = (why: string): never => {
    throw new NoteError('malformed_signer_key', `malformed signer key: ${why}`);
  };
  const [priv, rest1] = chop(text, '+');
  const [keyWord, rest2] = chop(rest1, '+');
  const [name, rest3] = chop(rest2, '+');
  const [idHex, keyB64] = chop(rest3, '+');
  if (priv !== 'PRIVATE' || keyWord !== 'KEY') fail('missing PRIVATE+KEY prefix');
  if (!isValidKeyName(name)) fail('invalid name');
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) fail('key ID is not 8 hex digits');
  const blob = decodeBase64(keyB64);
  if (blob === undefined || blob.length === 0) fail('key is not base64');
  const typed = splitTypedKey(blob ?? new Uint8Array());
  if (typed === undefined) return fail('unknown signature type');
  const [algorithm, privateKey] = typed;
  if (privateKey.length !== 32) fail(`${algorithm} private key must be 32 bytes`);
  return { name, keyId: parseInt(idHex, 16), algorithm, privateKey };
}

/**
 * Generic signer from a private key and its derived public key; checks the key ID if given.
 * Platform modules use it; most callers want note-node.ts `createNoteSigner`.
 *
 * @example
 * const signer = signerFromKey(fields, publicKey, (msg) => ed25519Sign(seed, msg));
 */
export function signerFromKey(
  fields: Pick<SignerKeyFields, 'name' | 'algorithm'> & { readonly keyId?: number },
  publicKey: Uint8Array,
  sign: (message: Uint8Array) => Uint8Array | Promise<Uint8Array>,
): NoteSigner {
  let key: VerifierKey;
  try {
    key = makeVerifierKey(fields.name, fields.algorithm, publicKey);
  } catch (err) {
    throw new NoteError('malformed_signer_key', err instanceof Error ? err.message : String(err));
  }
  if (fields.keyId !== undefined && fields.keyId !== key.keyId) {
    throw new NoteError('malformed_signer_key', 'malformed signer key: key ID does not match the key');
  }
  return Object.freeze({ ...key, sign });
}

/**
 * An SM2 note signer (pure JS; browser-safe).
 *
 * @example
 * const signer = createSm2NoteSigner('yima.example/ledger/sm3', privateKey);
 */
export function createSm2NoteSigner(name: string, privateKey: Uint8Array, keyId?: number): NoteSigner {
  let publicKey: Uint8Array;
  try {
    publicKey = sm2PublicKeyFromPrivateKey(privateKey);
  } catch {
    throw new NoteError('malformed_signer_key', 'invalid SM2 private key');
  }
  const secret = privateKey.slice();
  return signerFromKey({ name, algorithm: 'sm2', keyId }, publicKey, (message) => sm2Sign(message, secret));
}

/**
 * A note verifier for a key, with the platform's Ed25519 (SM2 is built in).
 *
 * @example
 * const verifier = verifierFromKey(parseVerifierKey(vkey), nodeEd25519Verify);
 */
export function verifierFromKey(key: VerifierKey, ed25519: Ed25519Verify): NoteVerifier {
  const publicKey = key.publicKey.slice();
  const verify =
    key.algorithm === 'sm2'
      ? (message: Uint8Array, signature: Uint8Array) => sm2Verify(message, signature, publicKey)
      : async (message: Uint8Array, signature: Uint8Array) => {
        if (signature.length !== 64) return false;
        try {
          return (await ed25519(publicKey, message, signature)) === true;
        } catch {
          return false;
        }
      };
  return Object.freeze({ name: key.name, keyId: key.keyId, algorithm: key.algorithm, publicKey, verify });
}

/**
 * Generates an SM2 note key: the signer key text (secret) and the verifier key text (public).
 *
 * @example
 * const { signerKey, verifierKey } = generateSm2NoteKey('yima.example/ledger/sm3');
 */
export function generateSm2NoteKey(name: string): { signerKey: string; verifierKey: string } {
  const { privateKey, publicKey } = generateSm2KeyPair();
  const key = makeVerifierKey(name, 'sm2', publicKey);
  return { signerKey: formatSignerKey(key, privateKey), verifierKey: formatVerifierKey(key) };
}

function malformed(why: string): never {
  throw new NoteError('malformed_note', `malformed note: ${why}`);
}

/**
 * Splits a signed note into text and signature lines, rejecting exactly what C2SP signed-note and
 * Go's `note.Open` reject: invalid UTF-8, ASCII control characters other than newline, no blank
 * line before the signatures, an empty or unterminated signature block, lines not starting with
 * em dash + space, invalid key names, non-base64 or too-short (< 5 bytes) signatures, and more
 * than 100 signatures. Throws NoteError `malformed_note`.
 *
 * @example
 * parseNote('hello\n\n— k AAAAAQA=\n').text // 'hello\n'
 */
export function parseNote(msg: string | Uint8Array): ParsedNote {
  let text: string;
  if (typeof msg === 'string') {
    if (!isWellFormedUnicode(msg)) malformed('not valid Unicode');
    text = msg;
  } else {
    if (msg.length > MAX_NOTE_BYTES) malformed('too large');
    const decoded = utf8Decode(msg);
    if (decoded === undefined) return malformed('not valid UTF-8');
    text = decoded;
  }
  if (text.length > MAX_NOTE_BYTES) malformed('too large');
  // C2SP: "MUST NOT contain any ASCII control characters (those below U+0020) other than newline"
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) malformed('control character');
  // C2SP: "the text is separated from the signatures by the last empty line in the note"
  const split = text.lastIndexOf('\n\n');
  if (split < 0) malformed('no blank line before signatures');
  const body = text.slice(0, split + 1);
  const block = text.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) malformed('missing or unterminated signature lines');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) malformed('too many signatures');
  const signatures: NoteSignature[] = lines.map((line) => {
    if (!line.startsWith(SIG_PREFIX)) malformed('signature line does not start with "— "');
    const [name, b64] = chop(line.slice(SIG_PREFIX.length), ' ');
    const raw = decodeBase64(b64);
    if (raw === undefined || b64 === '' || !isValidKeyName(name) || raw.length < 5) {
      return malformed('bad signature line');
    }
    const keyId = new DataView(raw.buffer, raw.byteOffset, 4).getUint32(0, false);
    return Object.freeze({ name, keyId, base64: b64, signature: raw.slice(4) });
  });
  return Object.freeze({ text: body, signatures: Object.freeze(signatures) });
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) malformed('text must end with a newline');
  if (!isWellFormedUnicode(text) || /[\u0000-\u0009\u000b-\u001f]/.test(text)) {
    malformed('text has control characters or invalid Unicode');
  }
}

function signatureLine(name: string, b64: string): string {
  return `${SIG_PREFIX}${name} ${b64}\n`;
}

/**
 * Signs note text with each signer (Go `note.Sign`): text, blank line, one line per signature.
 * Existing signatures (e.g. from {@link openNote}) are kept first, except those replaced by a
 * signer with the same name and key ID. Throws NoteError `malformed_note` for text not ending in
 * newline or with control characters, `invalid_signer` for a bad signer name.
 *
 * @example
 * const signed = await signNote('yima.example/ledger/sm3\n0\nGrIdg1XPoX+OYRlIMegajyK+yMco/vt0ftA161CCqis=\n', [signer]);
 */
export async function signNote(
  text: string,
  signers: readonly NoteSigner[],
  existing: readonly Pick<NoteSignature, 'name' | 'keyId' | 'base64'>[] = [],
): Promise<string> {
  checkText(text);
  const message = utf8Encode(text);
  const replaced = new Set<string>();
  const fresh: string[] = [];
  for (const s of signers) {
    if (!isValidKeyName(s.name)) throw new NoteError('invalid_signer', 'invalid signer');
    replaced.add(`${s.name}+${s.keyId}`);
    const sig = await s.sign(message);
    const id = new Uint8Array(4);
    new DataView(id.buffer).setUint32(0, s.keyId, false);
    fresh.push(signatureLine(s.name, encodeBase64(concatBytes(id, sig))));
  }
  const kept: string[] = [];
  for (const sig of existing) {
    if (!isValidKeyName(sig.name)) malformed('existing signature has an invalid name');
    if (replaced.has(`${sig.name}+${sig.keyId}`)) continue;
    const raw = decodeBase64(sig.base64);
    if (raw === undefined || raw.length < 5 || new DataView(raw.buffer, raw.byteOffset, 4).getUint32(0, false) !== sig.keyId) {
      malformed('existing signature does not match its key ID');
    }
    kept.push(signatureLine(sig.name, sig.base64));
  }
  const lines = [...kept, ...fresh];
  if (lines.length === 0) throw new NoteError('invalid_signer', 'a note needs at least one signature');
  if (lines.length > MAX_NOTE_SIGNATURES) malformed('too many signatures');
  return `${text}\n${lines.join('')}`;
}

/**
 * Opens a signed note (Go `note.Open` semantics, C2SP "Signatures"): signatures whose
 * (name, key ID) match no verifier are returned as unverified and ignored; a known key's
 * signature MUST verify or the whole note is rejected (`invalid_signature`); repeated signatures
 * by one key are checked once; at least one known signature must verify (`unverified_note`,
 * with the parsed note attached). Two verifiers with the same name and key ID are
 * `ambiguous_verifier` if a signature needs them.
 *
 * @example
 * const { text, verified } = await openNote(checkpointNote, [verifier]);
 */
export async function openNote(msg: string | Uint8Array, verifiers: readonly NoteVerifier[]): Promise<OpenedNote> {
  const parsed = parseNote(msg);
  const message = utf8Encode(parsed.text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  for (const sig of parsed.signatures) {
    const matches = verifiers.filter((v) => v.name === sig.name && v.keyId === sig.keyId);
    const id = `${sig.name}+${hex8(sig.keyId)}`;
    if (matches.length === 0) {
      const line = `${sig.name} ${sig.base64}`;
      if (!seenUnverified.has(line)) {
        seenUnverified.add(line);
        unverified.push(sig);
      }
      continue;
    }
    if (matches.length > 1) throw new NoteError('ambiguous_verifier', `ambiguous key ${id}`);
    if (seen.has(id)) continue;
    seen.add(id);
    const verifier = matches[0];
    let ok: boolean;
    try {
      ok = verifier !== undefined && (await verifier.verify(message, sig.signature)) === true;
    } catch {
      ok = false;
    }
    if (!ok) throw new NoteError('invalid_signature', `invalid signature for key ${id}`);
    verified.push(sig);
  }
  const opened: OpenedNote = Object.freeze({
    text: parsed.text,
    verified: Object.freeze(verified),
    unverified: Object.freeze(unverified),
  });
  if (verified.length === 0) throw new NoteError('unverified_note', 'note has no verifiable signatures', opened);
  return opened;
}
