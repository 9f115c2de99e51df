import { createCipheriv, createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeHex } from './bytes.ts';
import { assertCryptoSelfTest, runCryptoSelfTest } from './crypto-self-test.ts';

describe('crypto self-test', () => {
  it('passes every known-answer test on this Node build', () => {
    const results = runCryptoSelfTest();
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => r.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sm3/), expect.stringMatching(/^sm4/), expect.stringMatching(/^sm2/), expect.stringMatching(/^ed25519/)]),
    );
    expect(() => assertCryptoSelfTest()).not.toThrow();
  });
});

describe('SM4 (GB/T 32907-2016 Annex A) via node:crypto sm4-ecb', () => {
  const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');

  it('example 1: E_K(P) with P = K', () => {
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([cipher.update(key), cipher.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    const decipher = createDecipheriv('sm4-ecb', key, null).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(Buffer.from('681edf34d206965e86b3e94f536e4246', 'hex')), decipher.final()]);
    expect(plain.equals(key)).toBe(true);
  });

  it('example 2: 1,000,000 successive encryptions', () => {
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    let block: Buffer = key;
    for (let i = 0; i < 1_000_000; i++) block = cipher.update(block);
    expect(encodeHex(block)).toBe('595298c7c6fd271f0402f804c33d3f66');
  });
});
