/**
 * An in-memory Merkle log: every perfect-subtree hash kept in arrays, proofs served synchronously.
 *
 * It is the reference storage adapter (the database adapter must give identical answers), the
 * engine of `ledger audit`-style recomputation, and a test fixture. Browser-safe.
 */
import { leafHash as hashLeaf } from './log-hash.ts';
import type { LogHash } from './log-hash.ts';
import {
  assembleProof,
  compactRangeNodes,
  consistencyProofPlan,
  createCompactRange,
  inclusionProofPlan,
  rootFromCompactRange,
} from './merkle.ts';
import type { CompactRange, NodeId } from './merkle.ts';

/** A Merkle log held in memory. */
export interface MemoryTree {
  readonly hash: LogHash;
  readonly size: number;
  /** Appends leaf data (hashed as `HASH(0x00 || data)`); returns the new leaf's index. */
  append(data: Uint8Array): number;
  /** Appends an already computed leaf hash; returns its index. */
  appendLeafHash(leafHash: Uint8Array): number;
  /** Hash of a stored perfect subtree; throws if it is not complete yet. */
  node(node: NodeId): Uint8Array;
  /** {@link NodeReader} over this tree (synchronous). */
  readNodes(nodes: readonly NodeId[]): Uint8Array[];
  /** Root of the tree at `size` (default: current size). */
  root(size?: number): Uint8Array;
  /** Inclusion proof of `index` in the tree at `size` (default: current size). */
  inclusionProof(index: number, size?: number): Uint8Array[];
  /** Consistency proof from `size1` to `size2` (default: current size). */
  consistencyProof(size1: number, size2?: number): Uint8Array[];
}

/**
 * Creates an empty in-memory log.
 *
 * @example
 * const tree = createMemoryTree(sm3Node);
 * tree.append(utf8Encode('{"type":"batch"}'));
 * const proof = tree.inclusionProof(0);
 */
export function createMemoryTree(hash: LogHash): MemoryTree {
  const levels: Uint8Array[][] = [];
  const range: CompactRange = createCompactRange(hash);
  const store = (level: number, index: number, h: Uint8Array): void => {
    let row = levels[level];
    if (row === undefined) {
      row = [];
      levels[level] = row;
    }
    row[index] = h;
  };

  const node = (id: NodeId): Uint8Array => {
    const h = levels[id.level]?.[id.index];
    if (h === undefined) throw new RangeError(`node ${id.level}/${id.index} is not in the tree`);
    return h;
  };
  const readNodes = (ids: readonly NodeId[]): Uint8Array[] => ids.map(node);
  const sizeOrCurrent = (size: number | undefined): number => {
    const s = size ?? range.size;
    if (s > range.size) throw new RangeError(`size ${s} is beyond the tree size ${range.size}`);
    return s;
  };

  const appendLeafHash = (h: Uint8Array): number => {
    const index = range.size;
    range.append(h, store);
    return index;
  };

  return {
    hash,
    get size() {
      return range.size;
    },
    append: (data) => appendLeafHash(hashLeaf(hash, data)),
    appendLeafHash,
    node,
    readNodes,
    root(size) {
      const s = sizeOrCurrent(size);
      if (s === range.size) return range.root();
      return rootFromCompactRange(hash, readNodes(compactRangeNodes(s)));
    },
    inclusionProof(index, size) {
      const plan = inclusionProofPlan(index, sizeOrCurrent(size));
      return assembleProof(hash, plan, readNodes(plan.nodes));
    },
    consistencyProof(size1, size2) {
      const plan = consistencyProofPlan(size1, sizeOrCurrent(size2));
      return assembleProof(hash, plan, readNodes(plan.nodes));
    },
  };
}
