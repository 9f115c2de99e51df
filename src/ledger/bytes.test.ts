import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bytesEqual,
  concatBytes,
  decodeBase64Url,
  encodeBase64Url,
  decodeBase64,
  decodeHex,
  encodeBase64,
  encodeHex,
  isWellFormedUnicode,
  utf8Decode,
  utf8Encode,
} from './bytes.ts';

describe('base64 (RFC 4648 §4, strict)', () => {
  it('matches Buffer for every length 0..70 and random contents', () => {
    for (let n = 0; n <= 70; n++) {
      const bytes = new Uint8Array(randomBytes(n));
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  it('has the RFC 4648 §10 test vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, b64] of vectors) {
      expect(encodeBase64(utf8Encode(plain))).toBe(b64);
      expect(decodeBase64(b64)).toEqual(utf8Encode(plain));
    }
  });

  it.each([
    ['missing padding', 'Zg'],
    ['bad length', 'Zm9vY'],
    ['URL-safe alphabet', '-_8='],
    ['whitespace', 'Zm9v Yg=='],
    ['newline', 'Zm9v\nYg=='],
    ['padding in the middle', 'Zg==Zm9v'],
    ['too much padding', 'Z==='],
    ['non-zero trailing bits (1 pad)', 'Zm9='],
    ['non-zero trailing bits (2 pads)', 'Zh=='],
    ['non-ASCII', 'Zm9\u00e9'],
  ])('rejects %s', (_what, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});

describe('hex', () => {
  it('round-trips and accepts either case', () => {
    expect(encodeHex(new Uint8Array([0, 1, 171, 255]))).toBe('0001abff');
    expect(decodeHex('0001ABff')).toEqual(new Uint8Array([0, 1, 171, 255]));
    expect(decodeHex('')).toEqual(new Uint8Array());
  });

  it('rejects odd length and non-hex characters', () => {
    expect(decodeHex('abc')).toBeUndefined();
    expect(decodeHex('zz')).toBeUndefined();
    expect(decodeHex('0x00')).toBeUndefined();
  });
});

describe('UTF-8', () => {
  it('decodes strictly and keeps a leading BOM', () => {
    expect(utf8Decode(utf8Encode('一码 é'))).toBe('一码 é');
    expect(utf8Decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('\ufeffA');
    expect(utf8Decode(new Uint8Array([0xff]))).toBeUndefined();
    expect(utf8Decode(new Uint8Array([0xc0, 0x80]))).toBeUndefined(); // overlong NUL
    expect(utf8Decode(new Uint8Array([0xed, 0xa0, 0x80]))).toBeUndefined(); // encoded surrogate
  });

  it('detects lone surrogates', () => {
    expect(isWellFormedUnicode('a\ud83d\ude00b')).toBe(true);
    expect(isWellFormedUnicode('\ud83d')).toBe(false);
    expect(isWellFormedUnicode('\ude00x')).toBe(false);
    expect(isWellFormedUnicode('x\ude00\ud83d')).toBe(false);
  });
});

describe('concatBytes and bytesEqual', () => {
  it('concatenates and compares', () => {
    const joined = concatBytes(new Uint8Array([1]), new Uint8Array(), new Uint8Array([2, 3]));
    expect(joined).toEqual(new Uint8Array([1, 2, 3]));
    expect(bytesEqual(joined, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(bytesEqual(joined, new Uint8Array([1, 2, 4]))).toBe(false);
    expect(bytesEqual(joined, new Uint8Array([1, 2]))).toBe(false);
  });
});

describe('base64url (RFC 4648 §5, unpadded)', () => {
  it('round-trips every length and matches Node, and refuses padding, the standard alphabet and non-canonical text', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = new Uint8Array(randomBytes(n));
      const text = encodeBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(decodeBase64Url(text)).toEqual(bytes);
    }
    for (const bad of ['-_8=', '+/8', 'A', '-_9']) expect(decodeBase64Url(bad), bad).toBeUndefined();
  });
});
