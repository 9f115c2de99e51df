import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeHex, utf8Encode } from './bytes.ts';
import { createSm3 } from './sm3-incremental.ts';

describe('SM3 a piece at a time', () => {
  it('matches the GB/T 32905-2016 Annex A vectors', () => {
    expect(encodeHex(createSm3().update(utf8Encode('abc')).digest())).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(encodeHex(createSm3().update(utf8Encode('abcd'.repeat(16))).digest())).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('equals node:crypto for every length 0..300 and large inputs, however the input is cut', () => {
    for (const n of [...Array.from({ length: 301 }, (_, i) => i), 1000, 4096, 65_537, 1_000_003]) {
      const data = new Uint8Array(randomBytes(n));
      const want = createHash('sm3').update(data).digest('hex');
      expect(encodeHex(createSm3().update(data).digest()), `whole, length ${n}`).toBe(want);
      const h = createSm3();
      for (let at = 0, step = 1; at < n; at += step, step = (step * 7 + 3) % 97 + 1) h.update(data.subarray(at, Math.min(n, at + step)));
      expect(encodeHex(h.digest()), `pieces, length ${n}`).toBe(want);
    }
  });
});
