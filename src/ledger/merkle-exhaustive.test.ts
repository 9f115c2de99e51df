import { describe, expect, it } from 'vitest';
import { encodeHex, utf8Encode } from './bytes.ts';
import { sha256Node, sm3Node } from './hash.ts';
import { emptyRoot, leafHash, nodeHash } from './log-hash.ts';
import type { LogHash } from './log-hash.ts';
import { createMemoryTree } from './memory-tree.ts';
import { rootFromConsistencyProof, rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle.ts';

const HASHES: readonly LogHash[] = [sha256Node, sm3Node];

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// Literal transcription of RFC 6962 §2.1 (MTH, PATH, PROOF/SUBPROOF): an independent oracle.
/** The same recursion over D[lo:hi] of one fixed leaf list, with MTH memoised per range. */
function makeOracle(hash: LogHash, leaves: readonly Uint8Array[]) {
  const memo = new Map<string, Uint8Array>();
  const mth = (lo: number, hi: number): Uint8Array => {
    const key = `${lo}:${hi}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let r: Uint8Array;
    if (hi - lo === 0) r = emptyRoot(hash);
    else if (hi - lo === 1) r = leaves[lo] ?? new Uint8Array();
    else {
      const k = split(hi - lo);
      r = nodeHash(hash, mth(lo, lo + k), mth(lo + k, hi));
    }
    memo.set(key, r);
    return r;
  };
  // PATH(m, D[lo:hi]), RFC 6962 §2.1.1 (m relative to lo)
  const path = (m: number, lo: number, hi: number): Uint8Array[] => {
    if (hi - lo <= 1) return [];
    const k = split(hi - lo);
    if (m < k) return [...path(m, lo, lo + k), mth(lo + k, hi)];
    return [...path(m - k, lo + k, hi), mth(lo, lo + k)];
  };
  // SUBPROOF(m, D[lo:hi], b), RFC 6962 §2.1.2 (m relative to lo)
  const subproof = (m: number, lo: number, hi: number, b: boolean): Uint8Array[] => {
    if (m === hi - lo) return b ? [] : [mth(lo, hi)];
    const k = split(hi - lo);
    if (m <= k) return [...subproof(m, lo, lo + k, b), mth(lo + k, hi)];
    return [...subproof(m - k, lo + k, hi, false), mth(lo, lo + k)];
  };
  return {
    root: (n: number) => mth(0, n),
    path: (m: number, n: number) => path(m, 0, n),
    proof: (m: number, n: number) => subproof(m, 0, n, true),
  };
}

function hex(h: Uint8Array | undefined): string {
  return h === undefined ? 'undefined' : encodeHex(h);
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const i = Math.floor(bit / 8) % out.length;
  out[i] = (out[i] ?? 0) ^ (1 << (bit % 8));
  return out;
}

/** Exact ceil(log2 n). */
function ceilLog2(n: number): number {
  let k = 0;
  while (2 ** k < n) k++;
  return k;
}

function leavesFor(hash: LogHash, n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => leafHash(hash, utf8Encode(`leaf ${i}`)));
}

// ---------------------------------------------------------------------------------------------
// Exhaustive self-check: every tree size 1..64, every index and every (size1, size2) pair, both
// hashes; generated proofs equal the RFC recursion, verify, and every mutation is rejected.

const MAX_N = 64;
/** Sizes up to which every single bit of every proof element is flipped (above: one bit each). */
const ALL_BITS_MAX_N = 8;

describe.each(HASHES.map((h) => [h.name, h] as const))('exhaustive n = 1..64 (%s)', (_name, hash) => {
  const leaves = leavesFor(hash, MAX_N + 1);
  const tree = createMemoryTree(hash);
  for (const l of leaves) tree.appendLeafHash(l);
  const oracle = makeOracle(hash, leaves);
  const roots = Array.from({ length: MAX_N + 2 }, (_, n) => oracle.root(n));

  it('stored roots equal the RFC 6962 recursion', () => {
    for (let n = 0; n <= MAX_N + 1; n++) expect(hex(tree.root(n))).toBe(hex(roots[n]));
  });

  it('inclusion: every (index, size) proof equals PATH(m, D[n]), verifies, and survives no mutation', () => {
    let valid = 0;
    let rejected = 0;
    for (let n = 1; n <= MAX_N; n++) {
      const root = roots[n] ?? new Uint8Array();
      const wrongRoot = roots[n + 1] ?? new Uint8Array();
      for (let m = 0; m < n; m++) {
        const leaf = leaves[m] ?? new Uint8Array();
        const proof = tree.inclusionProof(m, n);
        expect(proof.map(hex)).toEqual(oracle.path(m, n).map(hex));
        expect(verifyInclusion(hash, m, n, leaf, proof, root)).toBe(true);
        expect(hex(rootFromInclusionProof(hash, m, n, leaf, proof))).toBe(hex(root));
        valid++;

        const mutants: [string, boolean][] = [];
        const check = (what: string, ok: boolean) => mutants.push([what, ok]);
        check('index-1', verifyInclusion(hash, m - 1, n, leaf, proof, root));
        check('index+1', verifyInclusion(hash, m + 1, n, leaf, proof, root));
        check('size-1 (against its own root)', verifyInclusion(hash, m, n - 1, leaf, proof, roots[n - 1] ?? root));
        check('size+1 (against its own root)', verifyInclusion(hash, m, n + 1, leaf, proof, wrongRoot));
        check('size*2', verifyInclusion(hash, m, n * 2, leaf, proof, root));
        check('wrong leaf', verifyInclusion(hash, m, n, leaves[m + 1] ?? root, proof, root));
        check('leaf bit flip', verifyInclusion(hash, m, n, flipBit(leaf, m + n), proof, root));
        check('root bit flip', verifyInclusion(hash, m, n, leaf, proof, flipBit(root, 3 * m + n)));
        check('extra element', verifyInclusion(hash, m, n, leaf, [...proof, leaf], root));
        check('leading element', verifyInclusion(hash, m, n, leaf, [leaf, ...proof], root));
        if (proof.length > 0) {
          check('truncated', verifyInclusion(hash, m, n, leaf, proof.slice(0, -1), root));
          check('first dropped', verifyInclusion(hash, m, n, leaf, proof.slice(1), root));
        }
        proof.forEach((el, i) => {
          const bits = n <= ALL_BITS_MAX_N ? Array.from({ length: 256 }, (_, b) => b) : [(i * 37 + m * 11 + n) % 256];
          for (const bit of bits) {
            const mutated = proof.slice();
            mutated[i] = flipBit(el, bit);
            check(`element ${i} bit ${bit}`, verifyInclusion(hash, m, n, leaf, mutated, root));
          }
        });
        for (const [what, ok] of mutants) {
          if (ok) expect.fail(`inclusion m=${m} n=${n}: mutation "${what}" was accepted`);
          rejected++;
        }
      }
    }
    expect(valid).toBe((MAX_N * (MAX_N + 1)) / 2);
    expect(rejected).toBeGreaterThan(valid * 10);
  });

  it('consistency: every (size1, size2) proof equals PROOF(m, D[n]), verifies, and survives no mutation', () => {
    let valid = 0;
    for (let n = 1; n <= MAX_N; n++) {
      const root2 = roots[n] ?? new Uint8Array();
      for (let m = 1; m <= n; m++) {
        const root1 = roots[m] ?? new Uint8Array();
        const proof = tree.consistencyProof(m, n);
        const expected = m === n ? [] : oracle.proof(m, n);
        expect(proof.map(hex)).toEqual(expected.map(hex));
        expect(proof.length).toBeLessThanOrEqual(ceilLog2(n) + 1);
        expect(verifyConsistency(hash, m, n, proof, root1, root2)).toBe(true);
        expect(hex(rootFromConsistencyProof(hash, m, n, proof, root1))).toBe(hex(root2));
        valid++;
        if (m === n) continue;

        const mutants: [string, boolean][] = [];
        const check = (what: string, ok: boolean) => mutants.push([what, ok]);
        check('size1-1', verifyConsistency(hash, m - 1, n, proof, roots[m - 1] ?? root1, root2));
        check('size1+1', verifyConsistency(hash, m + 1, n, proof, roots[m + 1] ?? root1, root2));
        check('size2-1', verifyConsistency(hash, m, n - 1, proof, root1, roots[n - 1] ?? root2));
        check('size2+1', verifyConsistency(hash, m, n + 1, proof, root1, roots[n + 1] ?? root2));
        check('swapped roots', verifyConsistency(hash, m, n, proof, root2, root1));
        check('root1 bit flip', verifyConsistency(hash, m, n, proof, flipBit(root1, m + 2 * n), root2));
        check('root2 bit flip', verifyConsistency(hash, m, n, proof, root1, flipBit(root2, 5 * m + n)));
        check('empty', verifyConsistency(hash, m, n, [], root1, root2));
        check('truncated', verifyConsistency(hash, m, n, proof.slice(0, -1), root1, root2));
        check('extra element', verifyConsistency(hash, m, n, [...proof, root1], root1, root2));
        check('leading root1', verifyConsistency(hash, m, n, [root1, ...proof], root1, root2));
        proof.forEach((el, i) => {
          const bits = n <= ALL_BITS_MAX_N ? Array.from({ length: 256 }, (_, b) => b) : [(i * 41 + m * 13 + n) % 256];
          for (const bit of bits) {
            const mutated = proof.slice();
            mutated[i] = flipBit(el, bit);
            check(`element ${i} bit ${bit}`, verifyConsistency(hash, m, n, mutated, root1, root2));
          }
        });
        for (const [what, ok] of mutants) {
          if (ok) expect.fail(`consistency m=${m} n=${n}: mutation "${what}" was accepted`);
        }
      }
    }
    expect(valid).toBe((MAX_N * (MAX_N + 1)) / 2);
  });
});
