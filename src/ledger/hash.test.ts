import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeHex, utf8Encode } from './bytes.ts';
import {
  HASH_NAMES,
  HASH_SIZE,
  emptyRoot,
  isHashName,
  leafHash,
  nodeHash,
  nodeLogHash,
  sha256Node,
  sm3Node,
} from './hash.ts';

describe('node:crypto log hashes', () => {
  it('SM3 matches the GB/T 32905-2016 Annex A vectors', () => {
    expect(encodeHex(sm3Node.digest(utf8Encode('abc')))).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    expect(encodeHex(sm3Node.digest(utf8Encode('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
    expect(encodeHex(sm3Node.digest(new Uint8Array()))).toBe(
      '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b',
    );
  });

  it('SHA-256 matches FIPS 180-2 "abc"', () => {
    expect(encodeHex(sha256Node.digest(utf8Encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('returns plain 32-byte Uint8Arrays that do not alias each other', () => {
    const a = sm3Node.digest(utf8Encode('x'));
    const b = sm3Node.digest(utf8Encode('y'));
    expect(a).toBeInstanceOf(Uint8Array);
    expect(a).toHaveLength(HASH_SIZE);
    a.fill(0);
    expect(encodeHex(b)).toBe(createHash('sm3').update('y').digest('hex'));
  });

  it('nodeLogHash picks the implementation by name', () => {
    expect(nodeLogHash('sm3')).toBe(sm3Node);
    expect(nodeLogHash('sha256')).toBe(sha256Node);
    expect(HASH_NAMES).toEqual(['sm3', 'sha256']);
    expect(isHashName('sm3')).toBe(true);
    expect(isHashName('SM3')).toBe(false);
  });
});

describe('RFC 6962 §2.1 domain-separated hashing', () => {
  for (const hash of [sha256Node, sm3Node]) {
    it(`${hash.name}: leaf = H(0x00 || d), node = H(0x01 || l || r), empty = H()`, () => {
      const d = utf8Encode('data');
      expect(encodeHex(leafHash(hash, d))).toBe(createHash(hash.name).update(Buffer.from([0])).update(d).digest('hex'));
      const l = leafHash(hash, utf8Encode('l'));
      const r = leafHash(hash, utf8Encode('r'));
      expect(encodeHex(nodeHash(hash, l, r))).toBe(
        createHash(hash.name).update(Buffer.from([1])).update(l).update(r).digest('hex'),
      );
      expect(encodeHex(emptyRoot(hash))).toBe(createHash(hash.name).digest('hex'));
    });

    it(`${hash.name}: an interior node is not the leaf hash of its children's concatenation`, () => {
      const l = leafHash(hash, utf8Encode('l'));
      const r = leafHash(hash, utf8Encode('r'));
      const concat = new Uint8Array([...l, ...r]);
      expect(encodeHex(leafHash(hash, concat))).not.toBe(encodeHex(nodeHash(hash, l, r)));
    });
  }

  it('SHA-256 leaf hash of the empty string is the published RFC 6962 1-leaf root', () => {
    expect(encodeHex(leafHash(sha256Node, new Uint8Array()))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });
});
