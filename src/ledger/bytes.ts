/**
 * Browser-safe byte helpers for the ledger: strict base64 (RFC 4648 §4), hex, UTF-8 and comparisons.
 *
 * No Node built-ins and no `Buffer`: this file is imported by the browser verifier.
 */

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Every 12-bit group as its two base64url characters. */
const B64URL_PAIRS: readonly string[] = Array.from({ length: 4096 }, (_, n) => B64URL_ALPHABET.charAt(n >>> 6) + B64URL_ALPHABET.charAt(n & 63));
const B64_LOOKUP: Int16Array = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64_ALPHABET.length; i++) t[B64_ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/**
 * Encodes bytes as standard padded base64 (RFC 4648 §4), the encoding C2SP notes, checkpoints and
 * our ledger JSON use.
 *
 * @example
 * encodeBase64(new Uint8Array([0xfb, 0xff])) // '+/8='
 */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out +=
      B64_ALPHABET.charAt(n >>> 18) +
      B64_ALPHABET.charAt((n >>> 12) & 63) +
      B64_ALPHABET.charAt((n >>> 6) & 63) +
      B64_ALPHABET.charAt(n & 63);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += B64_ALPHABET.charAt(n >>> 18) + B64_ALPHABET.charAt((n >>> 12) & 63) + '==';
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out +=
      B64_ALPHABET.charAt(n >>> 18) +
      B64_ALPHABET.charAt((n >>> 12) & 63) +
      B64_ALPHABET.charAt((n >>> 6) & 63) +
      '=';
  }
  return out;
}

/**
 * Decodes strict standard base64 (RFC 4648 §4): padding required, no whitespace, no URL-safe
 * alphabet, and non-zero trailing bits rejected (RFC 4648 §3.5 "canonical encoding") so that one
 * byte string has exactly one accepted text form.
 *
 * @returns the bytes, or `undefined` when `text` is not canonical base64.
 * @example
 * decodeBase64('+/8=') // Uint8Array [0xfb, 0xff]
 * decodeBase64('+/9=') // undefined (non-zero padding bits)
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const v: number[] = [0, 0, 0, 0];
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      if (last && j >= 4 - pad) {
        if (c !== 61) return undefined; // '='
        continue;
      }
      const d = c < 128 ? (B64_LOOKUP[c] ?? -1) : -1;
      if (d < 0) return undefined;
      v[j] = d;
    }
    const n = ((v[0] ?? 0) << 18) | ((v[1] ?? 0) << 12) | ((v[2] ?? 0) << 6) | (v[3] ?? 0);
    if (last && pad === 2) {
      if ((n & 0xffff) !== 0) return undefined;
      out[o++] = n >>> 16;
    } else if (last && pad === 1) {
      if ((n & 0xff) !== 0) return undefined;
      out[o++] = n >>> 16;
      out[o++] = (n >>> 8) & 0xff;
    } else {
      out[o++] = n >>> 16;
      out[o++] = (n >>> 8) & 0xff;
      out[o++] = n & 0xff;
    }
  }
  return out;
}

/**
 * Encodes bytes as base64url without padding (RFC 4648 §5; what SD-JWT uses for salts,
 * disclosures and digests).
 *
 * @example
 * encodeBase64Url(new Uint8Array([0xfb, 0xff])) // '-_8'
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  // Its own loop rather than encodeBase64 + replace: disclosures encode several of these per field.
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64URL_PAIRS[n >>> 12] + (B64URL_PAIRS[n & 4095] ?? '');
  }
  const rest = bytes.length - i;
  if (rest === 1) out += B64URL_ALPHABET.charAt((bytes[i] ?? 0) >>> 2) + B64URL_ALPHABET.charAt(((bytes[i] ?? 0) & 3) << 4);
  else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
    out += B64URL_ALPHABET.charAt(n >>> 10) + B64URL_ALPHABET.charAt((n >>> 4) & 63) + B64URL_ALPHABET.charAt((n & 15) << 2);
  }
  return out;
}

/**
 * Decodes unpadded base64url (RFC 4648 §5), canonical only (as {@link decodeBase64}).
 *
 * @returns the bytes, or `undefined` when `text` is not canonical unpadded base64url.
 * @example
 * decodeBase64Url('-_8') // Uint8Array [0xfb, 0xff]
 */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (/[+/=]/.test(text) || text.length % 4 === 1) return undefined;
  const std = text.replace(/-/g, '+').replace(/_/g, '/');
  return decodeBase64(std + '='.repeat((4 - (std.length % 4)) % 4));
}

/**
 * Lower-case hex encoding.
 *
 * @example
 * encodeHex(new Uint8Array([1, 171])) // '01ab'
 */
export function encodeHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return out;
}

/**
 * Decodes hex (either case, even length, no prefix).
 *
 * @returns the bytes, or `undefined` when `text` is not hex.
 * @example
 * decodeHex('01AB') // Uint8Array [1, 171]
 */
export function decodeHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const encoder = new TextEncoder();

/**
 * UTF-8 encodes a string. Lone surrogates would silently become U+FFFD, so callers that need an
 * exact round trip check {@link isWellFormedUnicode} first.
 *
 * @example
 * utf8Encode('é') // Uint8Array [0xc3, 0xa9]
 */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Strictly decodes UTF-8 (invalid sequences rejected, a leading BOM kept as U+FEFF).
 *
 * @returns the string, or `undefined` for invalid UTF-8.
 * @example
 * utf8Decode(new Uint8Array([0xc3, 0xa9])) // 'é'
 * utf8Decode(new Uint8Array([0xc3])) // undefined
 */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when the string has no lone UTF-16 surrogates, i.e. it is exactly representable in UTF-8.
 *
 * @example
 * isWellFormedUnicode('a\uD83D\uDE00') // true
 * isWellFormedUnicode('a\uD83D') // false
 */
export function isWellFormedUnicode(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/**
 * Concatenates byte arrays.
 *
 * @example
 * concatBytes(new Uint8Array([1]), new Uint8Array([2, 3])) // Uint8Array [1, 2, 3]
 */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Byte-wise equality, constant-time in the contents for equal lengths (hashes here are public,
 * but this keeps the verifier free of early exits that depend on secret-looking data).
 *
 * @example
 * bytesEqual(new Uint8Array([1]), new Uint8Array([1])) // true
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
