import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeHex, encodeHex, utf8Encode } from './bytes.ts';
import { sha256Node, sm3Node } from './hash.ts';
import { emptyRoot, leafHash, nodeHash } from './log-hash.ts';
import type { LogHash } from './log-hash.ts';
import { createMemoryTree } from './memory-tree.ts';
import {
  assembleProof,
  compactRangeNodes,
  computeTreeRoot,
  consistencyProofPlan,
  createCompactRange,
  createLeafNodeReader,
  generateConsistencyProof,
  generateInclusionProof,
  inclusionProofPlan,
  isPowerOfTwo,
  largestPowerOfTwoBelow,
  nodeLeafRange,
  perfectSubtreeHash,
  rangeNodes,
  rootFromCompactRange,
  rootFromConsistencyProof,
  rootFromInclusionProof,
  rootFromLeafHashes,
  storedHashCount,
  storedHashIndex,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
import type { NodeId } from './merkle.ts';

const HASHES: readonly LogHash[] = [sha256Node, sm3Node];

// ---------------------------------------------------------------------------------------------
// Literal transcription of RFC 6962 §2.1 (MTH, PATH, PROOF/SUBPROOF): an independent oracle.

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function refRoot(hash: LogHash, leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return emptyRoot(hash);
  if (leaves.length === 1) return leaves[0] ?? new Uint8Array();
  const k = split(leaves.length);
  return nodeHash(hash, refRoot(hash, leaves.slice(0, k)), refRoot(hash, leaves.slice(k)));
}

// ---------------------------------------------------------------------------------------------

function hex(h: Uint8Array | undefined): string {
  return h === undefined ? 'undefined' : encodeHex(h);
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const i = Math.floor(bit / 8) % out.length;
  out[i] = (out[i] ?? 0) ^ (1 << (bit % 8));
  return out;
}

/** Exact ceil(log2 n) for safe integers (Math.log2 rounds near 2^52). */
function ceilLog2(n: number): number {
  let k = 0;
  while (2 ** k < n) k++;
  return k;
}

function leavesFor(hash: LogHash, n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => leafHash(hash, utf8Encode(`leaf ${i}`)));
}

describe('RFC 6962 golden roots (reference doc §1.2)', () => {
  const leafData = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657',
    '606162636465666768696a6b6c6d6e6f'].map((h) => decodeHex(h) ?? new Uint8Array());
  const sha256Roots = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  // Self-generated in the reference doc (no external source): regression values only.
  const sm3Roots = [
    '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b',
    '2daef60e7a0b8f5e024c81cd2ab3109f2b4f155cf83adeb2ae5532f74a157fdf',
    '0b990fe0c7ad70f1bf1a1262f2c7908ea48146b14253a6db99f2917ab1f5cc4d',
    '209ec96a210d662a964772680e8544d18cab7b88ffec3e00962220349b56ea56',
    '28e4e307ef6d2d0c62d84b11ef96e835efe490f35b93c8f024ecfe38c8dd4377',
    'bb10c996aeebbcdc69be3715fc847344de77442d37a5ab8213da9f41785b103b',
    '8723c1ab1f82ddfba4a3733ac0c80d936d9f4c208c7dbc8cc81ca9fff8584f66',
    'bd36c22a1ac6ff4308e0c3cc1a85bf0ffa30538ec60a55c70413ab15d45db4d2',
    'bc48ba7a709184b5f2a631e1adeb8dc2a0d4c018c1d6cc89b5664fe154c93b38',
  ];

  for (const [hash, roots] of [[sha256Node, sha256Roots], [sm3Node, sm3Roots]] as const) {
    it(`${hash.name}: MTH of the first n golden leaves matches for n = 0..8 (memory tree, compact range, RFC recursion)`, () => {
      const tree = createMemoryTree(hash);
      const leafHashes = leafData.map((d) => leafHash(hash, d));
      expect(hex(tree.root())).toBe(roots[0]);
      for (let n = 1; n <= 8; n++) {
        tree.append(leafData[n - 1] ?? new Uint8Array());
        expect(hex(tree.root())).toBe(roots[n]);
        expect(hex(rootFromLeafHashes(hash, leafHashes.slice(0, n)))).toBe(roots[n]);
        expect(hex(refRoot(hash, leafHashes.slice(0, n)))).toBe(roots[n]);
      }
      // historic roots remain reachable from stored nodes
      for (let n = 0; n <= 8; n++) expect(hex(tree.root(n))).toBe(roots[n]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// transparency-dev/merkle probe corpus (SHA-256), copied into test/fixtures/merkle-probes.

const probeRoot = fileURLToPath(new URL('../../test/fixtures/merkle-probes/testdata', import.meta.url));

function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listJson(p));
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

function b64(text: string | null | undefined): Uint8Array {
  const bytes = decodeBase64(text ?? '');
  if (bytes === undefined) throw new Error(`bad base64 in probe: ${text}`);
  return bytes;
}

interface InclusionProbe {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyProbe {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

describe('transparency-dev/merkle probe corpus (RFC 6962 vectors, SHA-256)', () => {
  const inclusionFiles = listJson(join(probeRoot, 'inclusion'));
  const consistencyFiles = listJson(join(probeRoot, 'consistency'));

  it('has the 98 inclusion and 98 consistency probes', () => {
    expect(inclusionFiles).toHaveLength(98);
    expect(consistencyFiles).toHaveLength(98);
  });

  it.each(inclusionFiles.map((f) => [relative(probeRoot, f), f]))(
    'inclusion %s gives the expected answer',
    (_name, file) => {
      const p = JSON.parse(readFileSync(file, 'utf8')) as InclusionProbe;
      const ok = verifyInclusion(sha256Node, p.leafIdx, p.treeSize, b64(p.leafHash),
        (p.proof ?? []).map(b64), b64(p.root));
      expect(ok, p.desc).toBe(!p.wantErr);
    },
  );

  it.each(consistencyFiles.map((f) => [relative(probeRoot, f), f]))(
    'consistency %s gives the expected answer',
    (_name, file) => {
      const p = JSON.parse(readFileSync(file, 'utf8')) as ConsistencyProbe;
      const ok = verifyConsistency(sha256Node, p.size1, p.size2, (p.proof ?? []).map(b64),
        b64(p.root1), b64(p.root2));
      expect(ok, p.desc).toBe(!p.wantErr);
    },
  );

  it('generates exactly the happy-path proofs of the corpus', () => {
    const leafData = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657',
      '606162636465666768696a6b6c6d6e6f'].map((h) => decodeHex(h) ?? new Uint8Array());
    const tree = createMemoryTree(sha256Node);
    for (const d of leafData) tree.append(d);
    let checked = 0;
    for (const file of inclusionFiles.filter((f) => f.endsWith('happy-path.json'))) {
      const p = JSON.parse(readFileSync(file, 'utf8')) as InclusionProbe;
      const proof = tree.inclusionProof(p.leafIdx, p.treeSize).map(hex);
      expect(proof).toEqual((p.proof ?? []).map((s) => hex(b64(s))));
      checked++;
    }
    for (const file of consistencyFiles.filter((f) => f.endsWith('happy-path.json'))) {
      const p = JSON.parse(readFileSync(file, 'utf8')) as ConsistencyProbe;
      const proof = tree.consistencyProof(p.size1, p.size2).map(hex);
      expect(proof).toEqual((p.proof ?? []).map((s) => hex(b64(s))));
      checked++;
    }
    expect(checked).toBe(10);
  });
});

// ---------------------------------------------------------------------------------------------

describe('tree geometry helpers', () => {
  it('largestPowerOfTwoBelow satisfies k < n <= 2k', () => {
    for (let n = 2; n < 300; n++) {
      const k = largestPowerOfTwoBelow(n);
      expect(isPowerOfTwo(k)).toBe(true);
      expect(k < n && n <= 2 * k).toBe(true);
    }
    expect(largestPowerOfTwoBelow(2 ** 52 + 1)).toBe(2 ** 52);
    expect(() => largestPowerOfTwoBelow(1)).toThrow(RangeError);
  });

  it('isPowerOfTwo handles large and invalid numbers', () => {
    expect(isPowerOfTwo(1)).toBe(true);
    expect(isPowerOfTwo(2 ** 52)).toBe(true);
    expect(isPowerOfTwo(2 ** 52 + 2)).toBe(false);
    expect(isPowerOfTwo(0)).toBe(false);
    expect(isPowerOfTwo(-4)).toBe(false);
    expect(isPowerOfTwo(4.5)).toBe(false);
  });

  it('rangeNodes decomposes any range into aligned perfect subtrees that tile it', () => {
    for (let begin = 0; begin <= 40; begin++) {
      for (let end = begin; end <= 70; end++) {
        let at = begin;
        for (const node of rangeNodes(begin, end)) {
          const [b, e] = nodeLeafRange(node);
          expect(b).toBe(at);
          expect(e).toBeLessThanOrEqual(end);
          expect(b % (e - b)).toBe(0);
          at = e;
        }
        expect(at).toBe(end);
      }
    }
    expect(compactRangeNodes(7)).toEqual([{ level: 2, index: 0 }, { level: 1, index: 2 }, { level: 0, index: 6 }]);
    expect(compactRangeNodes(0)).toEqual([]);
    expect(() => rangeNodes(3, 2)).toThrow(RangeError);
    expect(() => rangeNodes(-1, 2)).toThrow(RangeError);
  });

  it('storedHashIndex numbers nodes densely in the order the compact range completes them', () => {
    const range = createCompactRange(sha256Node);
    let next = 0;
    for (let i = 0; i < 300; i++) {
      range.append(leafHash(sha256Node, utf8Encode(String(i))), (level, index) => {
        expect(storedHashIndex(level, index)).toBe(next);
        next++;
      });
      expect(storedHashCount(i + 1)).toBe(next);
    }
    expect(storedHashCount(0)).toBe(0);
    // golang.org/x/mod/sumdb/tlog values
    expect([storedHashIndex(0, 0), storedHashIndex(0, 1), storedHashIndex(1, 0), storedHashIndex(0, 2),
      storedHashIndex(0, 3), storedHashIndex(1, 1), storedHashIndex(2, 0)]).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('a proof for a 1,000,000-leaf log needs O(log n) stored subtrees', () => {
    const n = 1_000_000;
    let worstInclusion = 0;
    let worstConsistency = 0;
    for (let i = 0; i < n; i += 9973) {
      worstInclusion = Math.max(worstInclusion, inclusionProofPlan(i, n).nodes.length);
      worstConsistency = Math.max(worstConsistency, consistencyProofPlan(i + 1, n).nodes.length);
    }
    expect(worstInclusion).toBeLessThanOrEqual(40);
    expect(worstConsistency).toBeLessThanOrEqual(42);
    expect(compactRangeNodes(n).length).toBe(7); // popcount(1_000_000)
    expect(inclusionProofPlan(n - 1, n).elements.length).toBeLessThanOrEqual(20);
  });

  it('plans reject impossible requests', () => {
    expect(() => inclusionProofPlan(3, 3)).toThrow(RangeError);
    expect(() => inclusionProofPlan(0, 0)).toThrow(RangeError);
    expect(() => inclusionProofPlan(-1, 3)).toThrow(RangeError);
    expect(() => consistencyProofPlan(0, 3)).toThrow(RangeError);
    expect(() => consistencyProofPlan(4, 3)).toThrow(RangeError);
    expect(consistencyProofPlan(3, 3)).toEqual({ nodes: [], elements: [] });
    expect(inclusionProofPlan(0, 1)).toEqual({ nodes: [], elements: [] });
  });

  it('assembleProof refuses a reader that returns the wrong number or size of hashes', () => {
    const plan = inclusionProofPlan(0, 4);
    const good = plan.nodes.map(() => new Uint8Array(32));
    expect(() => assembleProof(sha256Node, plan, good.slice(1))).toThrow(/returned 1 hashes/);
    expect(() => assembleProof(sha256Node, plan, [new Uint8Array(31), ...good.slice(1)])).toThrow(/31-byte/);
  });
});

// ---------------------------------------------------------------------------------------------
// A huge virtual tree whose leaves all have the same hash: every perfect subtree at level k is
// f^k(leaf), so sizes up to 2^52 exercise the number arithmetic (no 32-bit bit operations) with
// an independent memoised RFC 6962 recursion as the oracle.

describe('very large trees (uniform leaves, sizes up to 2^52)', () => {
  for (const hash of HASHES) {
    it(`${hash.name}: proofs generated from O(log n) nodes verify and the roots match the recursion`, async () => {
      const leaf = leafHash(hash, utf8Encode('same'));
      const levelHash: Uint8Array[] = [leaf];
      const perfect = (level: number): Uint8Array => {
        while (levelHash.length <= level) {
          const below = levelHash[levelHash.length - 1] ?? leaf;
          levelHash.push(nodeHash(hash, below, below));
        }
        return levelHash[level] ?? leaf;
      };
      const memo = new Map<number, Uint8Array>();
      const mth = (n: number): Uint8Array => {
        if (n === 1) return leaf;
        if (isPowerOfTwo(n)) return perfect(Math.log2(n));
        const cached = memo.get(n);
        if (cached !== undefined) return cached;
        const k = split(n);
        const r = nodeHash(hash, mth(k), mth(n - k));
        memo.set(n, r);
        return r;
      };
      let reads = 0;
      const read = async (ids: readonly NodeId[]) => {
        reads++;
        return ids.map((id) => perfect(id.level));
      };
      const sizes = [1_000_000, 2 ** 31 + 7, 2 ** 32 + 1, 2 ** 40 + 12345, 2 ** 52 + 3];
      for (const size of sizes) {
        const root = await computeTreeRoot(hash, read, size);
        expect(hex(root)).toBe(hex(mth(size)));
        for (const index of [0, 1, Math.floor(size / 3), size - 2, size - 1]) {
          const proof = await generateInclusionProof(hash, read, index, size);
          expect(verifyInclusion(hash, index, size, leaf, proof, root)).toBe(true);
          expect(verifyInclusion(hash, index, size, leaf, proof, flipBit(root, index % 256))).toBe(false);
        }
        for (const size1 of [1, 3, 2 ** 19, Math.floor(size / 2) + 1, size - 1]) {
          const proof = await generateConsistencyProof(hash, read, size1, size);
          expect(proof.length).toBeLessThanOrEqual(ceilLog2(size) + 1);
          expect(verifyConsistency(hash, size1, size, proof, mth(size1), root)).toBe(true);
        }
      }
      expect(reads).toBeGreaterThan(0);
    });
  }
});

// ---------------------------------------------------------------------------------------------

describe('compact range', () => {
  it('resumes from a saved state and clones independently', () => {
    const hash = sha256Node;
    const leaves = leavesFor(hash, 37);
    const a = createCompactRange(hash);
    for (const l of leaves.slice(0, 20)) a.append(l);
    const saved = a.state();
    expect(saved.hashes).toHaveLength(compactRangeNodes(20).length);
    const b = createCompactRange(hash, saved);
    const c = b.clone();
    for (const l of leaves.slice(20)) b.append(l);
    expect(hex(b.root())).toBe(hex(refRoot(hash, leaves)));
    expect(c.size).toBe(20);
    expect(hex(c.root())).toBe(hex(refRoot(hash, leaves.slice(0, 20))));
    expect(hex(a.root())).toBe(hex(refRoot(hash, leaves.slice(0, 20))));
  });

  it('its frontier equals the stored nodes of compactRangeNodes', () => {
    const hash = sm3Node;
    const tree = createMemoryTree(hash);
    const range = createCompactRange(hash);
    for (let i = 0; i < 70; i++) {
      const l = leafHash(hash, utf8Encode(String(i)));
      tree.appendLeafHash(l);
      range.append(l);
      expect(range.hashes.map(hex)).toEqual(tree.readNodes(compactRangeNodes(i + 1)).map(hex));
      expect(hex(rootFromCompactRange(hash, range.hashes))).toBe(hex(tree.root()));
    }
  });

  it('rejects inconsistent saved states and wrong-size leaf hashes', () => {
    expect(() => createCompactRange(sha256Node, { size: 3, hashes: [new Uint8Array(32)] })).toThrow(RangeError);
    expect(() => createCompactRange(sha256Node, { size: 1, hashes: [new Uint8Array(31)] })).toThrow(RangeError);
    expect(() => createCompactRange(sha256Node, { size: -1, hashes: [] })).toThrow(RangeError);
    expect(() => createCompactRange(sha256Node).append(new Uint8Array(33))).toThrow(RangeError);
  });

  it('perfectSubtreeHash equals the stored node and needs 2^k leaves', () => {
    const hash = sha256Node;
    const tree = createMemoryTree(hash);
    const leaves = leavesFor(hash, 32);
    for (const l of leaves) tree.appendLeafHash(l);
    expect(hex(perfectSubtreeHash(hash, leaves.slice(8, 16)))).toBe(hex(tree.node({ level: 3, index: 1 })));
    expect(hex(perfectSubtreeHash(hash, leaves.slice(5, 6)))).toBe(hex(leaves[5]));
    expect(() => perfectSubtreeHash(hash, leaves.slice(0, 3))).toThrow(RangeError);
    expect(() => tree.node({ level: 5, index: 1 })).toThrow(RangeError);
  });

  it('createLeafNodeReader computes nodes from leaf hashes, memoises them and checks what it reads', async () => {
    const hash = sm3Node;
    const tree = createMemoryTree(hash);
    const leaves = leavesFor(hash, 100);
    for (const l of leaves) tree.appendLeafHash(l);
    let leafReads = 0;
    const cache = new Map<string, Uint8Array>();
    const read = createLeafNodeReader(hash, async (start, end) => {
      leafReads += end - start;
      return leaves.slice(start, end);
    }, cache);
    for (const [i, n] of [[0, 100], [63, 100], [99, 100], [17, 64]] as const) {
      const proof = await generateInclusionProof(hash, read, i, n);
      expect(proof.map(hex)).toEqual(tree.inclusionProof(i, n).map(hex));
    }
    expect(hex(await computeTreeRoot(hash, read, 100))).toBe(hex(tree.root()));
    const c = await generateConsistencyProof(hash, read, 37, 100);
    expect(c.map(hex)).toEqual(tree.consistencyProof(37, 100).map(hex));
    const before = leafReads;
    await generateInclusionProof(hash, read, 63, 100);
    expect(leafReads).toBe(before); // served from the cache
    expect(cache.get('6/0')).toEqual(tree.node({ level: 6, index: 0 }));

    const short = createLeafNodeReader(hash, (start, end) => leaves.slice(start, end - 1));
    await expect(generateInclusionProof(hash, short, 0, 8)).rejects.toThrow(/leaf reader returned/);
    const wrongSize = createLeafNodeReader(hash, (start, end) => leaves.slice(start, end).map((l) => l.subarray(1)));
    await expect(generateInclusionProof(hash, wrongSize, 0, 8)).rejects.toThrow(/31-byte/);
  });

  for (const hash of HASHES) {
    it(`${hash.name}: appends leaf hashes fast (logs the rate; sanity floor 10k/s)`, () => {
      const count = 50_000;
      const leaves = Array.from({ length: count }, (_, i) => {
        const b = new Uint8Array(32);
        new DataView(b.buffer).setUint32(0, i);
        return b;
      });
      const range = createCompactRange(hash);
      let stored = 0;
      const t0 = performance.now();
      for (const l of leaves) range.append(l, () => { stored++; });
      const ms = performance.now() - t0;
      const rate = Math.round(count / (ms / 1000));
      console.info(`[merkle] ${hash.name} compact-range append: ${rate} leaves/s (${count} in ${ms.toFixed(0)} ms)`);
      expect(stored).toBe(storedHashCount(count));
      expect(rate).toBeGreaterThan(10_000);
    });
  }
});

// ---------------------------------------------------------------------------------------------

describe('verification input checks', () => {
  const hash = sha256Node;
  const leaves = leavesFor(hash, 5);
  const tree = createMemoryTree(hash);
  for (const l of leaves) tree.appendLeafHash(l);
  const root = tree.root();
  const proof = tree.inclusionProof(2);
  const leaf = leaves[2] ?? new Uint8Array();

  it('rejects non-integer, negative, unsafe and out-of-range indices and sizes', () => {
    expect(verifyInclusion(hash, 2, 5, leaf, proof, root)).toBe(true);
    for (const [i, n] of [[2.5, 5], [-1, 5], [2, 5.5], [2, -5], [NaN, 5], [2, Infinity],
      [2, 2 ** 53], [2 ** 53, 2 ** 53 + 2], [5, 5], [6, 5]]) {
      expect(verifyInclusion(hash, i ?? 0, n ?? 0, leaf, proof, root)).toBe(false);
    }
    expect(rootFromInclusionProof(hash, 0, 0, leaf, [])).toBeUndefined();
  });

  it('rejects hashes of the wrong size anywhere', () => {
    expect(verifyInclusion(hash, 2, 5, leaf.subarray(0, 31), proof, root)).toBe(false);
    expect(verifyInclusion(hash, 2, 5, leaf, [...proof.slice(0, -1), new Uint8Array(33)], root)).toBe(false);
    expect(verifyInclusion(hash, 2, 5, leaf, proof, root.subarray(1))).toBe(false);
    const c = tree.consistencyProof(3, 5);
    const r3 = tree.root(3);
    expect(verifyConsistency(hash, 3, 5, c, r3, root)).toBe(true);
    expect(verifyConsistency(hash, 3, 5, c.map((x) => x.subarray(0, 31)), r3, root)).toBe(false);
    expect(verifyConsistency(hash, 3, 5, c, r3.subarray(1), root)).toBe(false);
    expect(verifyConsistency(hash, 3, 5, c, r3, root.subarray(1))).toBe(false);
  });

  it('treats equal sizes as consistent only with an empty proof and equal roots, and never from size 0', () => {
    expect(verifyConsistency(hash, 5, 5, [], root, root)).toBe(true);
    expect(rootFromConsistencyProof(hash, 5, 5, [], root)).toBe(root);
    expect(verifyConsistency(hash, 5, 5, [root], root, root)).toBe(false);
    expect(verifyConsistency(hash, 5, 5, [], root, tree.root(4))).toBe(false);
    expect(verifyConsistency(hash, 0, 0, [], emptyRoot(hash), emptyRoot(hash))).toBe(false);
    expect(verifyConsistency(hash, 0, 5, [], emptyRoot(hash), root)).toBe(false);
    expect(verifyConsistency(hash, 5, 3, [], root, tree.root(3))).toBe(false);
    expect(verifyConsistency(hash, 3, 5, [], tree.root(3), root)).toBe(false);
    expect(verifyConsistency(hash, 3, 2 ** 53, tree.consistencyProof(3), tree.root(3), root)).toBe(false);
  });
});
