/**
 * Sources of random bytes for issuing codes. The default is the Web Crypto CSPRNG
 * (`crypto.getRandomValues`), available in browsers and in Node.js 20 as a global; the seeded
 * source is deterministic and only for tests, demos and fixtures — never for issuing real codes.
 */

/** Fills the array with random bytes and returns it (the shape of `crypto.getRandomValues`). */
export type RandomSource = (bytes: Uint8Array) => Uint8Array;

/**
 * The platform CSPRNG.
 *
 * @example cryptoRandomSource(new Uint8Array(16)) // → 16 unpredictable bytes
 */
export const cryptoRandomSource: RandomSource = (bytes) => globalThis.crypto.getRandomValues(bytes);

/**
 * A deterministic source from a 32-bit seed (mulberry32). Same seed, same bytes. Not secure.
 *
 * @example seededRandomSource(1)(new Uint8Array(4)) // → always the same 4 bytes
 */
export function seededRandomSource(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
    return bytes;
  };
}

/**
 * A uniform integer in [0, n) for n ≤ 256, by rejection sampling (no modulo bias).
 *
 * @example randomBelow(cryptoRandomSource, 31) // → 0..30, each equally likely
 */
export function randomBelow(random: RandomSource, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`randomBelow: n must be an integer in 1..256, not ${n}`);
  const limit = 256 - (256 % n);
  const buf = new Uint8Array(1);
  for (;;) {
    const b = random(buf)[0] ?? 0;
    if (b < limit) return b % n;
  }
}

/**
 * A string of `length` characters drawn uniformly from `alphabet` (at most 256 characters), by
 * rejection sampling over bytes fetched in batches (one CSPRNG call per code, not per character).
 *
 * @example randomString(cryptoRandomSource, 'ABC', 4) // → e.g. 'CABA'
 */
export function randomString(random: RandomSource, alphabet: string, length: number): string {
  const n = alphabet.length;
  if (n < 1 || n > 256) throw new Error(`randomString: the alphabet must have 1..256 characters, not ${n}`);
  const limit = 256 - (256 % n);
  let out = '';
  let buf = random(new Uint8Array(length + 8));
  let k = 0;
  while (out.length < length) {
    if (k >= buf.length) {
      buf = random(new Uint8Array(length + 8));
      k = 0;
    }
    const b = buf[k++] ?? 0;
    if (b < limit) out += alphabet.charAt(b % n);
  }
  return out;
}
