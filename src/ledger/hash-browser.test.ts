import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeHex, utf8Encode } from './bytes.ts';
import { browserLogHash, sha256Browser, sm3Browser } from './hash-browser.ts';

describe('pure-JS log hashes', () => {
  it('SM3 matches the GB/T 32905-2016 Annex A vectors', () => {
    expect(encodeHex(sm3Browser.digest(utf8Encode('abc')))).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    expect(encodeHex(sm3Browser.digest(utf8Encode('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('equal node:crypto for every length 0..300 and some large inputs', () => {
    const lengths = [...Array.from({ length: 301 }, (_, i) => i), 1000, 4096, 65_537];
    for (const n of lengths) {
      const data = new Uint8Array(randomBytes(n));
      expect(encodeHex(sm3Browser.digest(data)), `sm3 length ${n}`).toBe(createHash('sm3').update(data).digest('hex'));
      expect(encodeHex(sha256Browser.digest(data)), `sha256 length ${n}`).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('is selected by name', () => {
    expect(browserLogHash('sm3')).toBe(sm3Browser);
    expect(browserLogHash('sha256')).toBe(sha256Browser);
    expect(sm3Browser.size).toBe(32);
  });
});
