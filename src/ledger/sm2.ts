/**
 * SM2 digital signatures (GB/T 32918.2-2016) over sm-crypto-v2, browser-safe.
 *
 * Every call signs and verifies the GB/T way: e = SM3(Z_A || M) with the default distinguishing
 * identifier `1234567812345678` (GM/T 0009-2012), never the library's default "hash off" mode, in
 * which e = M and verification accepts existential forgeries (reference doc §3.3, §6.3). Do not
 * use node:crypto for SM2: depending on how the key object was made it produces ECDSA, or SM2
 * with an empty identifier (reference doc §3.1).
 *
 * Encodings: private key 32 bytes big-endian; public key 65 bytes `04 || x || y` (uncompressed
 * SEC1); signature 64 bytes `r || s` (each 32 bytes big-endian). DER/PEM helpers are for
 * interoperability with OpenSSL (`openssl pkeyutl -rawin -digest sm3 -pkeyopt distid:…`).
 */
import { sm2 } from 'sm-crypto-v2';
import { concatBytes, decodeBase64, decodeHex, encodeBase64, encodeHex } from './bytes.ts';

/** The distinguishing identifier used in Z_A for every signature (GM/T 0009-2012 default). */
export const SM2_USER_ID = '1234567812345678';

/** Private key: 32-byte big-endian scalar. */
export const SM2_PRIVATE_KEY_SIZE = 32;
/** Public key: 65 bytes, uncompressed SEC1 `04 || x || y`. */
export const SM2_PUBLIC_KEY_SIZE = 65;
/** Signature: 64 bytes `r || s`. */
export const SM2_SIGNATURE_SIZE = 64;

// GB/T 32918.5-2017 recommended curve parameters.
const P = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF');
const A = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC');
const B = BigInt('0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93');
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

const SIGN_OPTIONS = Object.freeze({ hash: true, der: false, userId: SM2_USER_ID });
const VERIFY_OPTIONS = Object.freeze({ hash: true, der: false, userId: SM2_USER_ID });

/** An SM2 key pair in the fixed encodings above. */
export interface Sm2KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${encodeHex(bytes)}`);
}

function to32Bytes(n: bigint): Uint8Array {
  const out = decodeHex(n.toString(16).padStart(64, '0'));
  if (out === undefined || out.length !== 32) throw new RangeError('integer does not fit 32 bytes');
  return out;
}

function isValidPrivateScalar(d: bigint): boolean {
  // GB/T 32918.1 §6.1: d ∈ [1, n−2] (so that 1 + d is invertible mod n).
  return d >= 1n && d <= N - 2n;
}

/**
 * True for a 65-byte uncompressed public key whose point lies on the SM2 curve
 * (coordinates below p; the curve has cofactor 1, so every such point is in the group).
 *
 * @example
 * isValidSm2PublicKey(generateSm2KeyPair().publicKey) // true
 */
export function isValidSm2PublicKey(publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== SM2_PUBLIC_KEY_SIZE || publicKey[0] !== 0x04) {
    return false;
  }
  const x = toBigInt(publicKey.subarray(1, 33));
  const y = toBigInt(publicKey.subarray(33, 65));
  if (x >= P || y >= P) return false;
  return (y * y - (x * x * x + A * x + B)) % P === 0n;
}

/**
 * Generates an SM2 key pair from the platform CSPRNG (`crypto.getRandomValues`, WebCrypto in
 * Node ≥ 19 and browsers): 40 random bytes reduced into [1, n−2] (bias < 2^-64). Never uses
 * sm-crypto-v2's seeded `generateKeyPairHex(seed)`, which in 1.15.1 returns private key 1 for
 * every seed.
 *
 * @example
 * const { privateKey, publicKey } = generateSm2KeyPair();
 */
export function generateSm2KeyPair(): Sm2KeyPair {
  const random = new Uint8Array(40);
  globalThis.crypto.getRandomValues(random);
  const d = (toBigInt(random) % (N - 2n)) + 1n;
  random.fill(0);
  const privateKey = to32Bytes(d);
  return { privateKey, publicKey: sm2PublicKeyFromPrivateKey(privateKey) };
}

/**
 * Derives the public key `d·G` from a private key. Throws a RangeError for a malformed key.
 *
 * @example
 * sm2PublicKeyFromPrivateKey(privateKey) // 65 bytes, 0x04 || x || y
 */
export function sm2PublicKeyFromPrivateKey(privateKey: Uint8Array): Uint8Array {
  if (privateKey.length !== SM2_PRIVATE_KEY_SIZE || !isValidPrivateScalar(toBigInt(privateKey))) {
    throw new RangeError('SM2 private key must be 32 bytes in [1, n-2]');
  }
  const pub = decodeHex(sm2.getPublicKeyFromPrivateKey(encodeHex(privateKey)));
  if (pub === undefined || !isValidSm2PublicKey(pub)) throw new Error('SM2 public key derivation failed');
  return pub;
}

/**
 * Signs with SM2 (GB/T 32918.2 §6.1): e = SM3(Z_A || message) with ID `1234567812345678`,
 * random nonce from the CSPRNG. Returns the 64-byte `r || s`. Throws a RangeError for a
 * malformed private key.
 *
 * @example
 * const sig = sm2Sign(utf8Encode('checkpoint text\n'), privateKey);
 */
export function sm2Sign(message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  const publicKey = sm2PublicKeyFromPrivateKey(privateKey);
  const sigHex = sm2.doSignature(message, encodeHex(privateKey), {
    ...SIGN_OPTIONS,
    publicKey: encodeHex(publicKey),
  });
  const sig = decodeHex(sigHex);
  if (sig === undefined || sig.length !== SM2_SIGNATURE_SIZE) throw new Error('SM2 signing failed');
  return sig;
}

/**
 * Verifies an SM2 signature (GB/T 32918.2 §7.1) with e = SM3(Z_A || message) and ID
 * `1234567812345678`. Returns false, never throws, for anything malformed: signature not
 * 64 bytes, r or s outside [1, n−1], (r + s) mod n = 0, public key not a valid curve point.
 *
 * @example
 * sm2Verify(message, sig, publicKey) // true
 */
export function sm2Verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
    if (signature.length !== SM2_SIGNATURE_SIZE) return false;
    const r = toBigInt(signature.subarray(0, 32));
    const s = toBigInt(signature.subarray(32, 64));
    // GB/T 32918.2 §7.1 B1, B2: r', s' ∈ [1, n−1]; B5: t = (r' + s') mod n ≠ 0
    if (r < 1n || r >= N || s < 1n || s >= N || (r + s) % N === 0n) return false;
    if (!isValidSm2PublicKey(publicKey)) return false;
    return sm2.doVerifySignature(message, encodeHex(signature), encodeHex(publicKey), VERIFY_OPTIONS) === true;
  } catch {
    return false;
  }
}

/**
 * Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA) for ID `1234567812345678`
 * (GB/T 32918.2 §5.5). Exposed for interoperability checks.
 *
 * @example
 * encodeHex(sm2Za(publicKey)) // 64 hex chars
 */
export function sm2Za(publicKey: Uint8Array): Uint8Array {
  if (!isValidSm2PublicKey(publicKey)) throw new RangeError('invalid SM2 public key');
  return sm2.getZ(encodeHex(publicKey), SM2_USER_ID);
}

// --- DER / PEM (for OpenSSL and other X.509 tooling) -----------------------------------------

/** SubjectPublicKeyInfo prefix: id-ecPublicKey (1.2.840.10045.2.1) with curve SM2 (1.2.156.10197.1.301). */
const SPKI_PREFIX = decodeHex('3059301306072a8648ce3d020106082a811ccf5501822d034200') ?? new Uint8Array();

/**
 * DER SubjectPublicKeyInfo (RFC 5480 layout, curve OID 1.2.156.10197.1.301) of an SM2 public key.
 *
 * @example
 * sm2PublicKeyToSpki(publicKey).length // 91
 */
export function sm2PublicKeyToSpki(publicKey: Uint8Array): Uint8Array {
  if (!isValidSm2PublicKey(publicKey)) throw new RangeError('invalid SM2 public key');
  return concatBytes(SPKI_PREFIX, publicKey);
}

/**
 * PEM `PUBLIC KEY` of an SM2 public key, as `openssl pkey -pubin` reads it.
 *
 * @example
 * sm2PublicKeyToPem(publicKey) // '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE…'
 */
export function sm2PublicKeyToPem(publicKey: Uint8Array): string {
  const b64 = encodeBase64(sm2PublicKeyToSpki(publicKey));
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/**
 * Reads an SM2 public key from DER SubjectPublicKeyInfo or its PEM form (as written by
 * `openssl pkey -pubout` for an SM2 key).
 *
 * @returns the 65-byte public key, or `undefined` if it is not a valid SM2 SPKI.
 * @example
 * sm2PublicKeyFromSpki(readFileSync('pub.pem', 'utf8'))
 */
export function sm2PublicKeyFromSpki(input: Uint8Array | string): Uint8Array | undefined {
  let der: Uint8Array | undefined;
  if (typeof input === 'string') {
    const m = /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END PUBLIC KEY-----\s*$/.exec(input.trim() + '\n');
    if (m === null) return undefined;
    der = decodeBase64((m[1] ?? '').replace(/\r?\n/g, ''));
  } else {
    der = input;
  }
  if (der === undefined || der.length !== SPKI_PREFIX.length + SM2_PUBLIC_KEY_SIZE) return undefined;
  for (let i = 0; i < SPKI_PREFIX.length; i++) if (der[i] !== SPKI_PREFIX[i]) return undefined;
  const pub = der.slice(SPKI_PREFIX.length);
  return isValidSm2PublicKey(pub) ? pub : undefined;
}

function derInteger(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let body = bytes.subarray(i);
  if ((body[0] ?? 0) & 0x80) body = concatBytes(new Uint8Array([0]), body);
  return concatBytes(new Uint8Array([0x02, body.length]), body);
}

/**
 * DER `SEQUENCE { INTEGER r, INTEGER s }` (GB/T 35276 / GM/T 0009 SM2Signature) of a 64-byte
 * signature, as OpenSSL reads and writes it.
 *
 * @example
 * sm2SignatureToDer(sig) // 0x30 … (70–72 bytes typically)
 */
export function sm2SignatureToDer(signature: Uint8Array): Uint8Array {
  if (signature.length !== SM2_SIGNATURE_SIZE) throw new RangeError('SM2 signature must be 64 bytes');
  const body = concatBytes(derInteger(signature.subarray(0, 32)), derInteger(signature.subarray(32)));
  return concatBytes(new Uint8Array([0x30, body.length]), body);
}

/**
 * Parses a strict-DER SM2 signature into 64-byte `r || s`.
 *
 * @returns the signature, or `undefined` for non-DER, non-minimal or out-of-range integers.
 * @example
 * sm2SignatureFromDer(readFileSync('sig.der'))
 */
export function sm2SignatureFromDer(der: Uint8Array): Uint8Array | undefined {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2 || (der[1] ?? 0) > 0x7f) return undefined;
  const ints: Uint8Array[] = [];
  let at = 2;
  for (let k = 0; k < 2; k++) {
    if (der[at] !== 0x02) return undefined;
    const len = der[at + 1] ?? 0;
    if (len < 1 || len > 33 || at + 2 + len > der.length) return undefined;
    const body = der.subarray(at + 2, at + 2 + len);
    const first = body[0] ?? 0;
    if (first & 0x80) return undefined; // negative
    if (first === 0 && len > 1 && ((body[1] ?? 0) & 0x80) === 0) return undefined; // not minimal
    const value = first === 0 && len > 1 ? body.subarray(1) : body;
    if (value.length > 32) return undefined;
    const padded = new Uint8Array(32);
    padded.set(value, 32 - value.length);
    ints.push(padded);
    at += 2 + len;
  }
  if (at !== der.length) return undefined;
  const [r, s] = ints;
  if (r === undefined || s === undefined) return undefined;
  return concatBytes(r, s);
}
