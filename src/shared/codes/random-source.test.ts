import { describe, expect, it } from 'vitest';
import { cryptoRandomSource, randomBelow, randomString, seededRandomSource } from './random-source.ts';

describe('random sources', () => {
  it('the seeded source repeats per seed; the crypto source does not', () => {
    expect(seededRandomSource(5)(new Uint8Array(8))).toEqual(seededRandomSource(5)(new Uint8Array(8)));
    expect(seededRandomSource(5)(new Uint8Array(8))).not.toEqual(seededRandomSource(6)(new Uint8Array(8)));
    expect(cryptoRandomSource(new Uint8Array(16))).not.toEqual(cryptoRandomSource(new Uint8Array(16)));
  });

  it('draws without modulo bias by rejecting bytes at or above the largest multiple', () => {
    const bytes = [250, 247, 3];
    let k = 0;
    const scripted = (b: Uint8Array) => {
      for (let i = 0; i < b.length; i++) b[i] = bytes[k++ % bytes.length] ?? 0;
      return b;
    };
    expect(randomBelow(scripted, 31)).toBe(247 % 31); // 250 ≥ 248 = 8·31 is rejected
    expect(randomString(seededRandomSource(1), 'AB', 64)).toMatch(/^[AB]{64}$/);
    expect(() => randomBelow(cryptoRandomSource, 0)).toThrow();
  });
});
