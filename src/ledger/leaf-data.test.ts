import { describe, expect, it } from 'vitest';
import { encodeHex, utf8Encode } from './bytes.ts';
import { sha256Node, sm3Node } from './hash.ts';
import { LEAF_ENCODING_VERSION, decodeLeaf, encodeLeaf, recordLeafHash } from './leaf-data.ts';
import { leafHash } from './log-hash.ts';

describe('encodeLeaf', () => {
  it('commits to the type and the canonical record in one canonical JSON envelope', () => {
    const leaf = encodeLeaf('batch', { qty: 10, id: 'B1', note: undefined, 名称: '螺丝' });
    expect(leaf.json).toBe('{"record":{"id":"B1","qty":10,"名称":"螺丝"},"type":"batch","v":1}');
    expect(leaf.data).toEqual(utf8Encode(leaf.json));
    expect(LEAF_ENCODING_VERSION).toBe(1);
  });

  it('gives different leaf hashes for the same record under different types', () => {
    const a = recordLeafHash(sm3Node, 'batch', { id: 'X' });
    const b = recordLeafHash(sm3Node, 'product', { id: 'X' });
    expect(encodeHex(a)).not.toBe(encodeHex(b));
    expect(encodeHex(recordLeafHash(sha256Node, 'batch', { id: 'X' }))).toBe(
      encodeHex(leafHash(sha256Node, utf8Encode('{"record":{"id":"X"},"type":"batch","v":1}'))),
    );
  });

  it('rejects bad type names and non-object records', () => {
    for (const type of ['', '1batch', 'a b', 'x'.repeat(129), 'é', 'batch\n']) {
      expect(() => encodeLeaf(type, {})).toThrow(TypeError);
    }
    expect(() => encodeLeaf('epcis:ObjectEvent/2.0', {})).not.toThrow();
    expect(() => encodeLeaf('batch', [] as unknown as Record<string, never>)).toThrow(TypeError);
    expect(() => encodeLeaf('batch', null as unknown as Record<string, never>)).toThrow(TypeError);
    expect(() => encodeLeaf('batch', { n: NaN })).toThrow(/NaN/);
  });
});

describe('decodeLeaf', () => {
  it('round-trips bytes and text', () => {
    const leaf = encodeLeaf('recall', { batch: 'B1', reason: '不合格' });
    expect(decodeLeaf(leaf.data)).toEqual({ type: 'recall', record: { batch: 'B1', reason: '不合格' } });
    expect(decodeLeaf(leaf.json)).toEqual(decodeLeaf(leaf.data));
  });

  it.each([
    ['non-canonical member order', '{"type":"a","record":{},"v":1}'],
    ['whitespace', '{"record":{}, "type":"a","v":1}'],
    ['unknown version', '{"record":{},"type":"a","v":2}'],
    ['extra member', '{"extra":1,"record":{},"type":"a","v":1}'],
    ['missing type', '{"record":{},"v":1}'],
    ['array record', '{"record":[],"type":"a","v":1}'],
    ['bad type', '{"record":{},"type":"1a","v":1}'],
    ['non-canonical number', '{"record":{"n":1.0},"type":"a","v":1}'],
    ['duplicate member', '{"record":{},"type":"a","type":"a","v":1}'],
    ['not JSON', '{"record":'],
    ['not an object', '[1]'],
  ])('rejects %s', (_what, text) => {
    expect(() => decodeLeaf(text)).toThrow(TypeError);
  });

  it('rejects invalid UTF-8', () => {
    expect(() => decodeLeaf(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(/UTF-8/);
  });
});
