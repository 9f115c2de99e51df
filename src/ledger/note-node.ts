/**
 * Server-side note keys: Ed25519 through node:crypto (RFC 8032, type 0x01), SM2 through sm2.ts.
 * Builds signers from signer key text and verifiers from C2SP verifier key text.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { concatBytes, decodeHex } from './bytes.ts';
import {
  NoteError,
  createSm2NoteSigner,
  formatSignerKey,
  formatVerifierKey,
  generateSm2NoteKey,
  makeVerifierKey,
  parseVerifierKey,
  signerFromKey,
  splitSignerKey,
  verifierFromKey,
} from './note.ts';
import type { NoteKeyAlgorithm, NoteSigner, NoteVerifier, VerifierKey } from './note.ts';

// RFC 8410 DER prefixes for raw Ed25519 keys.
const PKCS8_PREFIX = decodeHex('302e020100300506032b657004220420') ?? new Uint8Array();
const SPKI_PREFIX = decodeHex('302a300506032b6570032100') ?? new Uint8Array();

function ed25519PrivateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new NoteError('malformed_signer_key', 'Ed25519 seed must be 32 bytes');
  return createPrivateKey({ key: Buffer.from(concatBytes(PKCS8_PREFIX, seed)), format: 'der', type: 'pkcs8' });
}

/**
 * The raw 32-byte Ed25519 public key for a 32-byte seed (RFC 8032 §5.1.5).
 *
 * @example
 * ed25519PublicKeyFromSeed(seed).length // 32
 */
export function ed25519PublicKeyFromSeed(seed: Uint8Array): Uint8Array {
  const spki = createPublicKey(ed25519PrivateKeyObject(seed)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}

/**
 * Ed25519 verification with node:crypto; false (never throws) for malformed keys or signatures.
 *
 * @example
 * nodeEd25519Verify(publicKey, message, signature) // true
 */
export function nodeEd25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(concatBytes(SPKI_PREFIX, publicKey)), format: 'der', type: 'spki' });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/**
 * An Ed25519 note signer from a 32-byte seed (RFC 8032 signatures are deterministic).
 *
 * @example
 * const signer = createEd25519NoteSigner('yima.example/ledger/sha256', seed);
 */
export function createEd25519NoteSigner(name: string, seed: Uint8Array, keyId?: number): NoteSigner {
  const key = ed25519PrivateKeyObject(seed);
  const publicKey = ed25519PublicKeyFromSeed(seed);
  return signerFromKey({ name, algorithm: 'ed25519', keyId }, publicKey, (message) => new Uint8Array(sign(null, message, key)));
}

/**
 * A signer from signer key text (`PRIVATE+KEY+name+keyid+base64(type||key)`), Ed25519 or SM2;
 * the key ID must match the derived public key. Throws NoteError `malformed_signer_key`.
 *
 * @example
 * const signer = createNoteSigner(process.env.YIMA_LEDGER_SIGNER_KEY); // via src/config.ts
 */
export function createNoteSigner(signerKey: string): NoteSigner {
  const fields = splitSignerKey(signerKey);
  return fields.algorithm === 'sm2'
    ? createSm2NoteSigner(fields.name, fields.privateKey, fields.keyId)
    : createEd25519NoteSigner(fields.name, fields.privateKey, fields.keyId);
}

/**
 * A verifier from C2SP verifier key text or a parsed key, Ed25519 (node:crypto) or SM2.
 * Throws NoteError `malformed_verifier_key` for bad text.
 *
 * @example
 * const verifier = createNoteVerifier('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
 */
export function createNoteVerifier(key: string | VerifierKey): NoteVerifier {
  return verifierFromKey(typeof key === 'string' ? parseVerifierKey(key) : key, nodeEd25519Verify);
}

/**
 * Generates a note key pair: signer key text (secret) and verifier key text (public).
 *
 * @example
 * const { signerKey, verifierKey } = generateNoteKey('yima.example/ledger/sha256', 'ed25519');
 */
export function generateNoteKey(name: string, algorithm: NoteKeyAlgorithm): { signerKey: string; verifierKey: string } {
  if (algorithm === 'sm2') return generateSm2NoteKey(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = new Uint8Array(pkcs8.subarray(PKCS8_PREFIX.length));
  const key = makeVerifierKey(name, 'ed25519', ed25519PublicKeyFromSeed(seed));
  const signerKey = formatSignerKey(key, seed);
  seed.fill(0);
  return { signerKey, verifierKey: formatVerifierKey(key) };
}
