/**
 * Node implementations of the log hash (node:crypto, OpenSSL-backed SM3 and SHA-256).
 *
 * This is the only ledger file that needs `node:crypto` for hashing; everything that must also run
 * in a browser imports log-hash.ts and gets its LogHash from hash-browser.ts instead.
 */
import { createHash, getHashes, hash as oneShotHash } from 'node:crypto';
import type { HashName, LogHash } from './log-hash.ts';

export type { HashName, LogHash } from './log-hash.ts';
export { HASH_NAMES, HASH_SIZE, emptyRoot, isHashName, leafHash, nodeHash } from './log-hash.ts';

// crypto.hash (Node ≥ 20.12) is about twice as fast as createHash for the 33–65-byte inputs of
// leaf and node hashing; createHash is the fallback for runtimes without it.
const hasOneShot = typeof oneShotHash === 'function';

function nodeCryptoHash(name: HashName): LogHash {
  return Object.freeze({
    name,
    size: 32 as const,
    digest(data: Uint8Array): Uint8Array {
      const out = hasOneShot ? oneShotHash(name, data, 'buffer') : createHash(name).update(data).digest();
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    },
  });
}

/**
 * SHA-256 via node:crypto.
 *
 * @example
 * encodeHex(sha256Node.digest(utf8Encode('abc'))) // 'ba7816bf…f20015ad'
 */
export const sha256Node: LogHash = nodeCryptoHash('sha256');

/**
 * SM3 (GB/T 32905-2016) via node:crypto (OpenSSL 3).
 *
 * @example
 * encodeHex(sm3Node.digest(utf8Encode('abc'))) // '66c7f0f4…8f4ba8e0'
 */
export const sm3Node: LogHash = nodeCryptoHash('sm3');

/**
 * The node:crypto LogHash for a hash name. Throws if this Node build's OpenSSL lacks the hash
 * (SM3 needs OpenSSL ≥ 1.1.1 with SM3 enabled; Node 20's bundled OpenSSL 3.0 has it).
 *
 * @example
 * const hash = nodeLogHash('sm3');
 * const leaf = leafHash(hash, data);
 */
export function nodeLogHash(name: HashName): LogHash {
  if (!getHashes().includes(name)) throw new Error(`node:crypto has no ${name} hash`);
  return name === 'sm3' ? sm3Node : sha256Node;
}
