/**
 * The hash abstraction of the Merkle log (browser-safe).
 *
 * RFC 6962 §2.1 / RFC 9162 §2.1.1 define the tree over one hash function; a Yima log is either
 * SM3 (GB/T 32905) or SHA-256, both 32-byte outputs, and the checkpoint origin names which
 * (see checkpoint.ts). Implementations: hash.ts (node:crypto, fast) and hash-browser.ts (pure JS).
 */

/** Names of the hash functions a Yima log may use. */
export type HashName = 'sm3' | 'sha256';

/** All supported hash names, in a stable order. */
export const HASH_NAMES: readonly HashName[] = Object.freeze(['sm3', 'sha256']);

/** Output size of every supported log hash, in bytes. */
export const HASH_SIZE = 32;

/** A hash function used to build a Merkle log. */
export interface LogHash {
  readonly name: HashName;
  readonly size: 32;
  /** HASH(data) as a fresh 32-byte array. */
  digest(data: Uint8Array): Uint8Array;
}

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/**
 * True if `name` is a supported log hash name.
 *
 * @example
 * isHashName('sm3') // true
 */
export function isHashName(name: string): name is HashName {
  return name === 'sm3' || name === 'sha256';
}

/**
 * Leaf hash: `HASH(0x00 || data)` (RFC 6962 §2.1 / RFC 9162 §2.1.1). The 0x00/0x01 prefixes are the
 * domain separation that stops an interior node passing for a leaf (second preimage).
 *
 * @example
 * leafHash(sha256Node, new Uint8Array()) // 6e340b9c…a617afa01d (the RFC 6962 1-leaf root)
 */
export function leafHash(hash: LogHash, data: Uint8Array): Uint8Array {
  const buf = new Uint8Array(data.length + 1);
  buf[0] = LEAF_PREFIX;
  buf.set(data, 1);
  return hash.digest(buf);
}

/**
 * Interior node hash: `HASH(0x01 || left || right)` (RFC 6962 §2.1 / RFC 9162 §2.1.1).
 *
 * @example
 * const parent = nodeHash(sha256Node, leftChild, rightChild);
 */
export function nodeHash(hash: LogHash, left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(1 + left.length + right.length);
  buf[0] = NODE_PREFIX;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return hash.digest(buf);
}

/**
 * Root of the empty tree: `MTH({}) = HASH()` (RFC 6962 §2.1), the hash of the empty string.
 *
 * @example
 * emptyRoot(sha256Node) // e3b0c442…7852b855
 */
export function emptyRoot(hash: LogHash): Uint8Array {
  return hash.digest(new Uint8Array(0));
}
