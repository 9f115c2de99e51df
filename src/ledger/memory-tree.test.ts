import { describe, expect, it } from 'vitest';
import { encodeHex, utf8Encode } from './bytes.ts';
import { sha256Node, sm3Node } from './hash.ts';
import { leafHash } from './log-hash.ts';
import { createMemoryTree } from './memory-tree.ts';
import { generateConsistencyProof, generateInclusionProof, verifyConsistency, verifyInclusion } from './merkle.ts';

describe('createMemoryTree', () => {
  it('appends data and returns consecutive indices', () => {
    const tree = createMemoryTree(sm3Node);
    expect(tree.size).toBe(0);
    expect(tree.append(utf8Encode('a'))).toBe(0);
    expect(tree.appendLeafHash(leafHash(sm3Node, utf8Encode('b')))).toBe(1);
    expect(tree.size).toBe(2);
    expect(encodeHex(tree.node({ level: 0, index: 1 }))).toBe(encodeHex(leafHash(sm3Node, utf8Encode('b'))));
  });

  it('serves the async proof generators through readNodes with identical results', async () => {
    const tree = createMemoryTree(sha256Node);
    for (let i = 0; i < 21; i++) tree.append(utf8Encode(`r${i}`));
    const read = (ids: Parameters<typeof tree.readNodes>[0]) => Promise.resolve(tree.readNodes(ids));
    for (const [i, n] of [[0, 21], [20, 21], [7, 13]] as const) {
      const proof = await generateInclusionProof(sha256Node, read, i, n);
      expect(proof.map(encodeHex)).toEqual(tree.inclusionProof(i, n).map(encodeHex));
      expect(verifyInclusion(sha256Node, i, n, tree.node({ level: 0, index: i }), proof, tree.root(n))).toBe(true);
    }
    const c = await generateConsistencyProof(sha256Node, read, 5, 21);
    expect(verifyConsistency(sha256Node, 5, 21, c, tree.root(5), tree.root())).toBe(true);
  });

  it('refuses sizes beyond the tree and incomplete nodes', () => {
    const tree = createMemoryTree(sha256Node);
    for (let i = 0; i < 3; i++) tree.append(utf8Encode(String(i)));
    expect(() => tree.root(4)).toThrow(RangeError);
    expect(() => tree.inclusionProof(0, 4)).toThrow(RangeError);
    expect(() => tree.consistencyProof(1, 4)).toThrow(RangeError);
    expect(() => tree.node({ level: 1, index: 1 })).toThrow(RangeError);
  });
});
