/**
 * RFC 6962 / RFC 9162 Merkle tree math: roots, proof generation, proof verification and the
 * append-only compact range. Browser-safe: every function takes its {@link LogHash}.
 *
 * Storage model. Every proof and root is assembled from hashes of *perfect* subtrees
 * `MTH(D[i·2^k, (i+1)·2^k))`, named by {@link NodeId} `{ level: k, index: i }` (level 0 = leaf
 * hashes). A perfect subtree never changes once its last leaf is appended, so a storage layer can
 * persist them as they are produced ({@link createCompactRange}'s visitor emits each one exactly
 * once, in the dense order of {@link storedHashIndex}) or compute and memoise them from leaf
 * hashes. A proof for a 1,000,000-leaf tree needs at most ~2·log2(n) ≈ 40 such nodes, which a
 * `*ProofPlan` lists up front so they can be fetched in one query.
 *
 * Sizes and indices are JavaScript numbers, valid up to `Number.MAX_SAFE_INTEGER` (2^53 − 1).
 */
import { bytesEqual } from './bytes.ts';
import { emptyRoot, nodeHash } from './log-hash.ts';
import type { LogHash } from './log-hash.ts';

/** A perfect subtree: leaves `[index·2^level, (index+1)·2^level)`; level 0 is a leaf hash. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/**
 * What to fetch and how to combine it. `nodes` are perfect-subtree hashes to read, in order;
 * each entry of `elements` is a `[start, end)` slice of `nodes` that is right-folded
 * (`H(n0, H(n1, … n_last))`) into one proof element (RFC 6962 §2.1: a subtree on the right border
 * of the tree is not perfect but is exactly that fold of its perfect parts).
 */
export interface ProofPlan {
  readonly nodes: readonly NodeId[];
  readonly elements: readonly (readonly [start: number, end: number])[];
}

/**
 * Returns the hashes of the requested nodes, in the same order. May be sync (memory) or async
 * (database). Must throw rather than return a wrong hash if a node is unknown.
 */
export type NodeReader = (
  nodes: readonly NodeId[],
) => readonly Uint8Array[] | Promise<readonly Uint8Array[]>;

/** Called once for every perfect subtree completed by an append (level 0 = the leaf itself). */
export type NodeVisitor = (level: number, index: number, hash: Uint8Array) => void;

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function assertCount(name: string, n: number): void {
  if (!isCount(n)) throw new RangeError(`${name} must be a non-negative safe integer, got ${n}`);
}

/**
 * True for 1, 2, 4, 8, … (exact for safe integers).
 *
 * @example
 * isPowerOfTwo(8) // true
 * isPowerOfTwo(6) // false
 */
export function isPowerOfTwo(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  let x = n;
  while (x % 2 === 0) x /= 2;
  return x === 1;
}

/**
 * The split point of RFC 6962 §2.1: the largest power of two k with k < n ≤ 2k (n ≥ 2).
 *
 * @example
 * largestPowerOfTwoBelow(5) // 4
 * largestPowerOfTwoBelow(4) // 2
 */
export function largestPowerOfTwoBelow(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`n must be ≥ 2, got ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Splits the leaf range `[begin, end)` into maximal aligned perfect subtrees, left to right (the
 * "compact range" of the range). For `begin = 0` these are the subtrees for the set bits of `end`.
 *
 * @example
 * rangeNodes(0, 7) // [{level:2,index:0}, {level:1,index:2}, {level:0,index:6}]
 */
export function rangeNodes(begin: number, end: number): NodeId[] {
  assertCount('begin', begin);
  assertCount('end', end);
  if (begin > end) throw new RangeError(`begin ${begin} > end ${end}`);
  const out: NodeId[] = [];
  let at = begin;
  while (at < end) {
    let level = 0;
    let width = 1;
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level++;
    }
    out.push({ level, index: at / width });
    at += width;
  }
  return out;
}

/**
 * The perfect subtrees whose roots make up the compact range (frontier) of a tree of `size`
 * leaves, largest first; `rootFromCompactRange` of their hashes is the tree root.
 *
 * @example
 * compactRangeNodes(6) // [{level:2,index:0}, {level:1,index:2}]
 */
export function compactRangeNodes(size: number): NodeId[] {
  return rangeNodes(0, size);
}

/**
 * The leaf range `[begin, end)` covered by a node.
 *
 * @example
 * nodeLeafRange({ level: 2, index: 3 }) // [12, 16]
 */
export function nodeLeafRange(node: NodeId): [begin: number, end: number] {
  const width = 2 ** node.level;
  return [node.index * width, (node.index + 1) * width];
}

/**
 * Position of a perfect-subtree hash in the dense append-only layout of Go's sumdb
 * (`golang.org/x/mod/sumdb/tlog.StoredHashIndex`): appending leaf n writes its leaf hash and then
 * one hash per subtree it completes, so all hashes of a log fit one `(idx, hash)` table in the
 * order {@link createCompactRange}'s visitor emits them.
 *
 * @example
 * storedHashIndex(0, 0) // 0
 * storedHashIndex(0, 1) // 1
 * storedHashIndex(1, 0) // 2
 */
export function storedHashIndex(level: number, index: number): number {
  assertCount('level', level);
  assertCount('index', index);
  // Crosby–Wallach §3.3 (as in sumdb): level L's n-th hash is written right after level
  // (L−1)'s (2n+1)-th hash; walk down to level 0, where hash n sits at n + n/2 + n/4 + …
  let n = index;
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  let i = 0;
  for (; n > 0; n = half(n)) i += n;
  return i + level;
}

/**
 * Number of perfect-subtree hashes stored for a tree of `size` leaves in the
 * {@link storedHashIndex} layout (≈ 2·size).
 *
 * @example
 * storedHashCount(2) // 3
 * storedHashCount(3) // 4
 */
export function storedHashCount(size: number): number {
  assertCount('size', size);
  if (size === 0) return 0;
  let count = storedHashIndex(0, size - 1) + 1;
  for (let i = size - 1; i % 2 === 1; i = half(i)) count++;
  return count;
}

function planFromRanges(ranges: readonly (readonly [number, number])[]): ProofPlan {
  const nodes: NodeId[] = [];
  const elements: [number, number][] = [];
  for (const [lo, hi] of ranges) {
    const start = nodes.length;
    nodes.push(...rangeNodes(lo, hi));
    elements.push([start, nodes.length]);
  }
  return { nodes, elements };
}

/**
 * What to read to build the inclusion proof of leaf `index` in the tree of `size` leaves
 * (RFC 6962 §2.1.1 PATH / RFC 9162 §2.1.3.1; elements ordered leaf to root).
 *
 * @example
 * const plan = inclusionProofPlan(5, 8);
 * const proof = assembleProof(hash, plan, await readNodes(plan.nodes));
 */
export function inclusionProofPlan(index: number, size: number): ProofPlan {
  assertCount('index', index);
  assertCount('size', size);
  if (index >= size) throw new RangeError(`index ${index} is not below tree size ${size}`);
  const ranges: [number, number][] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      ranges.push([lo + k, hi]); // PATH(m, D[0:k]) : MTH(D[k:n])
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]); // PATH(m-k, D[k:n]) : MTH(D[0:k])
      lo = lo + k;
    }
  }
  return planFromRanges(ranges.reverse());
}

/**
 * What to read to build the consistency proof between tree sizes `size1 ≤ size2`
 * (RFC 6962 §2.1.2 PROOF/SUBPROOF / RFC 9162 §2.1.4.1). Equal sizes give an empty proof; a
 * proof from the empty tree is meaningless and rejected (as transparency-dev/merkle does).
 *
 * @example
 * const plan = consistencyProofPlan(3, 7);
 */
export function consistencyProofPlan(size1: number, size2: number): ProofPlan {
  assertCount('size1', size1);
  assertCount('size2', size2);
  if (size1 > size2) throw new RangeError(`size1 ${size1} > size2 ${size2}`);
  if (size1 === 0) throw new RangeError('a consistency proof from the empty tree is meaningless');
  if (size1 === size2) return { nodes: [], elements: [] };
  const ranges: [number, number][] = [];
  let lo = 0;
  let hi = size2;
  let complete = true; // the `b` flag of SUBPROOF: still on the path of the whole old tree
  for (;;) {
    if (size1 === hi) {
      // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}
      if (!complete) ranges.push([lo, hi]);
      break;
    }
    const k = largestPowerOfTwoBelow(hi - lo);
    if (size1 <= lo + k) {
      ranges.push([lo + k, hi]); // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]); // SUBPROOF(m-k, D[k:n], false) : MTH(D[0:k])
      lo = lo + k;
      complete = false;
    }
  }
  return planFromRanges(ranges.reverse());
}

/**
 * Combines the hashes read for a plan into proof elements.
 * Throws if the reader returned the wrong number of hashes or hashes of the wrong size.
 *
 * @example
 * const plan = inclusionProofPlan(0, 3);
 * const proof = assembleProof(sha256Node, plan, plan.nodes.map(readNode));
 */
export function assembleProof(
  hash: LogHash,
  plan: ProofPlan,
  hashes: readonly Uint8Array[],
): Uint8Array[] {
  if (hashes.length !== plan.nodes.length) {
    throw new Error(`node reader returned ${hashes.length} hashes for ${plan.nodes.length} nodes`);
  }
  for (const h of hashes) {
    if (h.length !== hash.size) throw new Error(`node reader returned a ${h.length}-byte hash`);
  }
  return plan.elements.map(([start, end]) => foldRight(hash, hashes, start, end));
}

function foldRight(hash: LogHash, hashes: readonly Uint8Array[], start: number, end: number) {
  let acc = hashes[end - 1];
  if (acc === undefined || end <= start) throw new Error('empty proof element');
  for (let i = end - 2; i >= start; i--) {
    const left = hashes[i];
    if (left === undefined) throw new Error('missing node hash');
    acc = nodeHash(hash, left, acc);
  }
  return acc;
}

/**
 * The tree root from the hashes of {@link compactRangeNodes}(size), in that order
 * (right fold; the empty list gives the empty-tree root `HASH()`).
 *
 * @example
 * rootFromCompactRange(sha256Node, []) // e3b0c442…7852b855
 */
export function rootFromCompactRange(hash: LogHash, hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return emptyRoot(hash);
  return foldRight(hash, hashes, 0, hashes.length);
}

/**
 * Generates an inclusion proof, reading the needed perfect-subtree hashes through `read`
 * (one call).
 *
 * @example
 * const proof = await generateInclusionProof(sm3Node, (ids) => repo.nodeHashes(ids), 5, 1_000_000);
 */
export async function generateInclusionProof(
  hash: LogHash,
  read: NodeReader,
  index: number,
  size: number,
): Promise<Uint8Array[]> {
  const plan = inclusionProofPlan(index, size);
  return assembleProof(hash, plan, await read(plan.nodes));
}

/**
 * Generates a consistency proof between `size1` and `size2` (one `read` call).
 *
 * @example
 * const proof = await generateConsistencyProof(sm3Node, read, 10, 20);
 */
export async function generateConsistencyProof(
  hash: LogHash,
  read: NodeReader,
  size1: number,
  size2: number,
): Promise<Uint8Array[]> {
  const plan = consistencyProofPlan(size1, size2);
  return assembleProof(hash, plan, await read(plan.nodes));
}

/**
 * Computes the root of the tree of `size` leaves from its compact range (one `read` call of at
 * most log2(size)+1 nodes). Use it to re-derive the root from stored hashes before signing.
 *
 * @example
 * const root = await computeTreeRoot(sm3Node, read, 1_000_000);
 */
export async function computeTreeRoot(
  hash: LogHash,
  read: NodeReader,
  size: number,
): Promise<Uint8Array> {
  const nodes = compactRangeNodes(size);
  const hashes = await read(nodes);
  if (hashes.length !== nodes.length) throw new Error('node reader returned the wrong count');
  return rootFromCompactRange(hash, hashes);
}

/**
 * Hash of a perfect subtree from its 2^k leaf hashes (what a storage layer memoises as node
 * `{level: k, index}`).
 *
 * @example
 * perfectSubtreeHash(sha256Node, [l0, l1, l2, l3]) // = node {level: 2, index: 0}
 */
export function perfectSubtreeHash(hash: LogHash, leafHashes: readonly Uint8Array[]): Uint8Array {
  if (!isPowerOfTwo(leafHashes.length)) {
    throw new RangeError(`a perfect subtree needs 2^k leaves, got ${leafHashes.length}`);
  }
  let level: Uint8Array[] = [...leafHashes];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const l = level[i];
      const r = level[i + 1];
      if (l === undefined || r === undefined) throw new Error('unreachable');
      next.push(nodeHash(hash, l, r));
    }
    level = next;
  }
  const top = level[0];
  if (top === undefined) throw new Error('unreachable');
  return top;
}

/** A memo of perfect-subtree hashes (e.g. a `Map` keyed by `level/index`, an LRU, or a table). */
export interface NodeCache {
  get(key: string): Uint8Array | undefined;
  set(key: string, hash: Uint8Array): void;
}

/** Reads leaf hashes `[start, end)` in order (e.g. `SELECT leaf_hash … WHERE idx >= $1 AND idx < $2`). */
export type LeafHashReader = (
  start: number,
  end: number,
) => readonly Uint8Array[] | Promise<readonly Uint8Array[]>;

/**
 * A {@link NodeReader} for storage that keeps only leaf hashes: each perfect node is computed
 * from its 2^level leaf hashes and memoised in `cache` (key `"<level>/<index>"`). Perfect nodes
 * never change, so the cache never needs invalidation. Without a warm cache a node at level k
 * costs 2^k leaf reads: for large logs prefer persisting the nodes {@link createCompactRange}
 * emits, or warm the cache with nodes of the levels you serve most.
 *
 * @example
 * const read = createLeafNodeReader(sm3Node, (s, e) => repo.leafHashes(s, e), new Map());
 * const proof = await generateInclusionProof(sm3Node, read, 7, 1000);
 */
export function createLeafNodeReader(hash: LogHash, readLeaves: LeafHashReader, cache?: NodeCache): NodeReader {
  return async (nodes) => {
    const out: Uint8Array[] = [];
    for (const node of nodes) {
      const key = `${node.level}/${node.index}`;
      const cached = cache?.get(key);
      if (cached !== undefined) {
        out.push(cached);
        continue;
      }
      const [begin, end] = nodeLeafRange(node);
      const leaves = await readLeaves(begin, end);
      if (leaves.length !== end - begin) {
        throw new Error(`leaf reader returned ${leaves.length} hashes for [${begin}, ${end})`);
      }
      for (const l of leaves) if (l.length !== hash.size) throw new Error(`leaf reader returned a ${l.length}-byte hash`);
      const h = perfectSubtreeHash(hash, leaves);
      cache?.set(key, h);
      out.push(h);
    }
    return out;
  };
}

/**
 * MTH of a whole list of leaf hashes (RFC 6962 §2.1), computed in O(n) with a compact range.
 *
 * @example
 * rootFromLeafHashes(sha256Node, []) // e3b0c442…7852b855
 */
export function rootFromLeafHashes(hash: LogHash, leafHashes: readonly Uint8Array[]): Uint8Array {
  const range = createCompactRange(hash);
  for (const l of leafHashes) range.append(l);
  return range.root();
}

/** Serializable state of a compact range: the size and its frontier hashes, largest first. */
export interface CompactRangeState {
  readonly size: number;
  readonly hashes: readonly Uint8Array[];
}

/**
 * The append-only frontier of a log: the roots of the perfect subtrees covering `[0, size)`.
 * O(1) amortised hashing per append and O(log n) memory.
 */
export interface CompactRange {
  readonly size: number;
  /** Frontier hashes, largest subtree first (the nodes of {@link compactRangeNodes}). */
  readonly hashes: readonly Uint8Array[];
  /** Appends one leaf hash; `visit` sees the leaf and every perfect subtree it completes. */
  append(leafHash: Uint8Array, visit?: NodeVisitor): void;
  /** Current tree root (`HASH()` when empty). */
  root(): Uint8Array;
  /** Independent copy (e.g. to compute a tentative root inside a transaction). */
  clone(): CompactRange;
  /** Snapshot for persistence; feed back to {@link createCompactRange}. */
  state(): CompactRangeState;
}

class CompactRangeImpl implements CompactRange {
  #hash: LogHash;
  #size: number;
  #stack: Uint8Array[];

  constructor(hash: LogHash, size: number, stack: Uint8Array[]) {
    this.#hash = hash;
    this.#size = size;
    this.#stack = stack;
  }

  get size(): number {
    return this.#size;
  }

  get hashes(): readonly Uint8Array[] {
    return this.#stack.slice();
  }

  append(leafHash: Uint8Array, visit?: NodeVisitor): void {
    if (leafHash.length !== this.#hash.size) {
      throw new RangeError(`leaf hash must be ${this.#hash.size} bytes, got ${leafHash.length}`);
    }
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('tree is full');
    let h = leafHash;
    let index = this.#size;
    let level = 0;
    visit?.(0, index, h);
    // Each trailing 1 bit of the old size is a left sibling waiting for this subtree.
    while (index % 2 === 1) {
      const left = this.#stack.pop();
      if (left === undefined) throw new Error('compact range is corrupt');
      h = nodeHash(this.#hash, left, h);
      index = (index - 1) / 2;
      level++;
      visit?.(level, index, h);
    }
    this.#stack.push(h);
    this.#size++;
  }

  root(): Uint8Array {
    return rootFromCompactRange(this.#hash, this.#stack);
  }

  clone(): CompactRange {
    return new CompactRangeImpl(this.#hash, this.#size, this.#stack.slice());
  }

  state(): CompactRangeState {
    return Object.freeze({ size: this.#size, hashes: Object.freeze(this.#stack.slice()) });
  }
}

/**
 * Creates a compact range, empty or resumed from a stored state (whose hashes must be those of
 * {@link compactRangeNodes}(size); e.g. read them from the node table at startup).
 *
 * @example
 * const range = createCompactRange(sm3Node);
 * range.append(leafHash(sm3Node, data), (level, index, h) => pending.push({ level, index, h }));
 * const root = range.root();
 */
export function createCompactRange(hash: LogHash, state?: CompactRangeState): CompactRange {
  if (state === undefined) return new CompactRangeImpl(hash, 0, []);
  assertCount('size', state.size);
  const expected = compactRangeNodes(state.size).length;
  if (state.hashes.length !== expected) {
    throw new RangeError(`size ${state.size} needs ${expected} frontier hashes, got ${state.hashes.length}`);
  }
  for (const h of state.hashes) {
    if (h.length !== hash.size) throw new RangeError(`frontier hash must be ${hash.size} bytes`);
  }
  return new CompactRangeImpl(hash, state.size, state.hashes.slice());
}

function allHashSized(hash: LogHash, list: readonly Uint8Array[]): boolean {
  for (const h of list) if (!(h instanceof Uint8Array) || h.length !== hash.size) return false;
  return true;
}

/**
 * Recomputes the root from an inclusion proof (RFC 9162 §2.1.3.2 steps 1–4), or `undefined` if the
 * proof is malformed for this index and size. Beyond the RFC, every hash must be exactly
 * `hash.size` bytes: without that check a tree of size 1 "proves" an empty leaf hash against an
 * empty root (transparency-dev probe `single-entry/empty-root-and-leaf`).
 *
 * @example
 * const root = rootFromInclusionProof(sm3Node, 5, 8, leaf, proof);
 */
export function rootFromInclusionProof(
  hash: LogHash,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!isCount(index) || !isCount(size)) return undefined;
  // RFC 9162 §2.1.3.2 step 1
  if (index >= size) return undefined;
  if (!allHashSized(hash, [leafHash]) || !allHashSized(hash, proof)) return undefined;
  // step 2
  let fn = index;
  let sn = size - 1;
  // step 3
  let r = leafHash;
  // step 4
  for (const p of proof) {
    if (sn === 0) return undefined; // 4a
    if (fn % 2 === 1 || fn === sn) {
      // 4b
      r = nodeHash(hash, p, r);
      if (fn % 2 === 0) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (fn % 2 === 0 && fn !== 0);
      }
    } else {
      r = nodeHash(hash, r, p);
    }
    fn = half(fn); // 4c
    sn = half(sn);
  }
  // step 5 (first half): the path must have reached the root
  return sn === 0 ? r : undefined;
}

/**
 * Verifies an inclusion proof (RFC 9162 §2.1.3.2 plus the hash-size check). Never throws.
 *
 * @example
 * verifyInclusion(sha256Node, 5, 8, leafHash, proof, root) // true
 */
export function verifyInclusion(
  hash: LogHash,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const calculated = rootFromInclusionProof(hash, index, size, leafHash, proof);
  // step 5 (second half): compare with the trusted root
  return calculated !== undefined && bytesEqual(calculated, root);
}

/**
 * Recomputes the new root from a consistency proof and the old root (RFC 9162 §2.1.4.2), or
 * `undefined` if the proof does not match `root1` or is malformed.
 *
 * Edge cases (the RFC requires 0 < size1 < size2 and leaves the rest to callers; these follow
 * transparency-dev/merkle `proof/verify.go` and its probe corpus):
 * - size2 < size1: invalid.
 * - size1 = 0 (also 0 = 0): invalid ("meaningless"). C2SP tlog-witness instead accepts old size 0
 *   with an empty proof; a witness-style caller must special-case it (and check the root is HASH()).
 * - size1 = size2: the proof must be empty; the new root is `root1` (byte equality of the two roots
 *   is the whole check, so no hash-size check applies there, as in the probe corpus).
 *
 * @example
 * const root2 = rootFromConsistencyProof(sm3Node, 3, 7, proof, root1);
 */
export function rootFromConsistencyProof(
  hash: LogHash,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
): Uint8Array | undefined {
  if (!isCount(size1) || !isCount(size2)) return undefined;
  if (size2 < size1 || size1 === 0) return undefined;
  if (size1 === size2) return proof.length === 0 ? root1 : undefined;
  // RFC 9162 §2.1.4.2 step 1
  if (proof.length === 0) return undefined;
  if (!allHashSized(hash, [root1]) || !allHashSized(hash, proof)) return undefined;
  // step 2: a power-of-two old tree is itself a node of the new tree; its root seeds the path
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  // step 3
  let fn = size1 - 1;
  let sn = size2 - 1;
  // step 4
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  // step 5
  const seed = path[0];
  if (seed === undefined) return undefined;
  let fr = seed;
  let sr = seed;
  // step 6
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (c === undefined) return undefined;
    if (sn === 0) return undefined; // 6a
    if (fn % 2 === 1 || fn === sn) {
      // 6b
      fr = nodeHash(hash, c, fr);
      sr = nodeHash(hash, c, sr);
      if (fn % 2 === 0) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (fn % 2 === 0 && fn !== 0);
      }
    } else {
      sr = nodeHash(hash, sr, c);
    }
    fn = half(fn); // 6c
    sn = half(sn);
  }
  // step 7 (the part that does not involve root2)
  if (sn !== 0 || !bytesEqual(fr, root1)) return undefined;
  return sr;
}

/**
 * Verifies a consistency proof between two tree heads (RFC 9162 §2.1.4.2; edge cases as in
 * {@link rootFromConsistencyProof}). Never throws.
 *
 * @example
 * verifyConsistency(sha256Node, 3, 7, proof, root3, root7) // true
 */
export function verifyConsistency(
  hash: LogHash,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  const calculated = rootFromConsistencyProof(hash, size1, size2, proof, root1);
  return calculated !== undefined && bytesEqual(calculated, root2);
}
