/**
 * Pure-JS log hashes for the browser verifier: SHA-256 from @noble/hashes, SM3 from sm-crypto-v2.
 *
 * No Node built-ins. Tests check both against node:crypto and the GB/T 32905 vectors.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { sm3 } from 'sm-crypto-v2';
import { decodeHex } from './bytes.ts';
import type { HashName, LogHash } from './log-hash.ts';

/**
 * SHA-256 (pure JS, @noble/hashes).
 *
 * @example
 * sha256Browser.digest(new Uint8Array()) // e3b0c442…7852b855
 */
export const sha256Browser: LogHash = Object.freeze({
  name: 'sha256' as const,
  size: 32 as const,
  digest(data: Uint8Array): Uint8Array {
    return sha256(data);
  },
});

/**
 * SM3 (pure JS, sm-crypto-v2; GB/T 32905-2016).
 *
 * @example
 * sm3Browser.digest(new Uint8Array()) // 1ab21d83…5082aa2b
 */
export const sm3Browser: LogHash = Object.freeze({
  name: 'sm3' as const,
  size: 32 as const,
  digest(data: Uint8Array): Uint8Array {
    const out = decodeHex(sm3(data));
    if (out === undefined || out.length !== 32) throw new Error('sm3: unexpected digest');
    return out;
  },
});

/**
 * The pure-JS LogHash for a hash name.
 *
 * @example
 * browserLogHash('sm3') === sm3Browser // true
 */
export function browserLogHash(name: HashName): LogHash {
  return name === 'sm3' ? sm3Browser : sha256Browser;
}
