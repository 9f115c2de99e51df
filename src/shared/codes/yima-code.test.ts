import { describe, expect, it } from 'vitest';
import { t } from '../i18n/i18n.ts';
import { codeErrorText } from './code-result.ts';
import { cryptoRandomSource, type RandomSource, seededRandomSource } from './random-source.ts';
import {
  formatYimaCode,
  generateYimaCode,
  validateYimaCode,
  validateYimaIssuer,
  YIMA_ALPHABET,
  YIMA_ISSUER_MAX_LENGTH,
  YIMA_MAX_LENGTH,
  YIMA_SERIAL_LENGTH,
  yimaCheckCharacter,
  yimaIssuerPrefix,
} from './yima-code.ts';
import { CSET82 } from './gs1/code-lists.ts';
import { parseGs1ElementString } from './gs1/element-string.ts';

const SAMPLES = ['K7M-QAHCG6K64T2BXK', '22-2DXMR4QFWZ4S9Q', 'ZZZZZ-9M5PWC7H62P5BW'];
// Everything a person could type in place of a character: the alphabet, the excluded look-alikes, the hyphen.
const TYPED = `${YIMA_ALPHABET}01ILO-`;

describe('the Yima code design (yima-code.md)', () => {
  it('uses 31 unambiguous characters: no 0/O, no 1/I/L', () => {
    expect(YIMA_ALPHABET).toHaveLength(31);
    expect(new Set(YIMA_ALPHABET).size).toBe(31);
    for (const ch of '01ILO') expect(YIMA_ALPHABET).not.toContain(ch);
    for (const ch of YIMA_ALPHABET) expect(CSET82).toContain(ch);
  });

  it('has at least 64 bits of randomness and fits GS1 AI 21 (X..20)', () => {
    expect(YIMA_SERIAL_LENGTH * Math.log2(YIMA_ALPHABET.length)).toBeGreaterThanOrEqual(64);
    expect(YIMA_MAX_LENGTH).toBe(20);
    const longest = generateYimaCode('ZZZZZ');
    expect(longest).toHaveLength(20);
    expect(parseGs1ElementString(`(01)06901234567892(21)${longest}`)).toMatchObject({ ok: true });
  });

  it('weights 3^i mod 31 of the 19 positions are non-zero and pairwise distinct (the proof in yima-code.md)', () => {
    const weights = Array.from({ length: YIMA_ISSUER_MAX_LENGTH + YIMA_SERIAL_LENGTH + 1 }, (_, i) => {
      let w = 1;
      for (let k = 0; k < i; k++) w = (w * 3) % 31;
      return w;
    });
    expect(weights).toHaveLength(19);
    expect(weights.every((w) => w !== 0)).toBe(true);
    expect(new Set(weights).size).toBe(19);
    // so for a ≠ b (mod 31, prime): (a − b)·w ≢ 0 (substitution) and (a − b)·(w − w′) ≢ 0 (transposition)
    for (let d = 1; d < 31; d++) {
      for (const w of weights) expect((d * w) % 31).not.toBe(0);
      for (let i = 0; i + 1 < weights.length; i++) expect((d * (31 + (weights[i] ?? 0) - (weights[i + 1] ?? 0))) % 31).not.toBe(0);
    }
  });

  it.each(SAMPLES)('%s: every single-character substitution, at every position, is rejected', (code) => {
    expect(validateYimaCode(code)).toMatchObject({ ok: true, value: { value: code } });
    let tried = 0;
    for (let i = 0; i < code.length; i++) {
      for (const ch of TYPED) {
        if (ch === code.charAt(i)) continue;
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        expect(validateYimaCode(changed).ok, changed).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(code.length * (TYPED.length - 1));
  });

  it.each(SAMPLES)('%s: every transposition of two different characters (adjacent or not) is rejected', (code) => {
    let tried = 0;
    for (let i = 0; i < code.length; i++) {
      for (let j = i + 1; j < code.length; j++) {
        if (code.charAt(i) === code.charAt(j)) continue;
        const swapped = [...code];
        [swapped[i], swapped[j]] = [code.charAt(j), code.charAt(i)];
        expect(validateYimaCode(swapped.join('')).ok, swapped.join('')).toBe(false);
        if (j === i + 1) tried++;
      }
    }
    expect(tried).toBeGreaterThan(10);
  });

  it('also rejects every substitution and adjacent transposition of 60 random codes', () => {
    const random = seededRandomSource(64);
    const accepted: string[] = [];
    let tried = 0;
    for (let n = 0; n < 60; n++) {
      const code = generateYimaCode(yimaIssuerPrefix(n * 4099), random);
      const variants: string[] = [];
      for (let i = 0; i < code.length; i++) {
        for (const ch of TYPED) if (ch !== code.charAt(i)) variants.push(code.slice(0, i) + ch + code.slice(i + 1));
        const next = code.charAt(i + 1);
        if (next !== '' && next !== code.charAt(i)) variants.push(code.slice(0, i) + next + code.charAt(i) + code.slice(i + 2));
      }
      for (const v of variants) if (validateYimaCode(v).ok) accepted.push(v);
      tried += variants.length;
    }
    expect(tried).toBeGreaterThan(60 * 17 * 36);
    expect(accepted).toEqual([]);
  });
});

describe('issuing, validating and formatting', () => {
  it('draws from crypto.getRandomValues by default, or from an injected source', () => {
    const a = generateYimaCode('K7M');
    const b = generateYimaCode('K7M');
    expect(a).not.toBe(b);
    expect(generateYimaCode('K7M', seededRandomSource(2024))).toBe('K7M-QAHCG6K64T2BXK');
    let calls = 0;
    const counting: RandomSource = (bytes) => {
      calls++;
      return cryptoRandomSource(bytes);
    };
    generateYimaCode('K7M', counting);
    expect(calls).toBe(1);
  });

  it('spreads random characters evenly over the alphabet', () => {
    const counts = new Map<string, number>();
    const random = seededRandomSource(7);
    for (let n = 0; n < 2000; n++) for (const ch of generateYimaCode('22', random).slice(3, 16)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const expected = (2000 * 13) / 31;
    for (const ch of YIMA_ALPHABET) expect(Math.abs((counts.get(ch) ?? 0) - expected) / expected).toBeLessThan(0.15);
  });

  it('allocates issuer prefixes bijectively from two characters', () => {
    expect([yimaIssuerPrefix(0), yimaIssuerPrefix(30), yimaIssuerPrefix(31), yimaIssuerPrefix(960), yimaIssuerPrefix(961)]).toEqual(['22', '2Z', '32', 'ZZ', '222']);
    const seen = new Set(Array.from({ length: 5000 }, (_, i) => yimaIssuerPrefix(i)));
    expect(seen.size).toBe(5000);
    expect(() => yimaIssuerPrefix(31 ** 2 + 31 ** 3 + 31 ** 4 + 31 ** 5)).toThrow();
    expect(validateYimaIssuer('k7m')).toEqual({ ok: true, value: 'K7M' });
    expect(validateYimaIssuer('K')).toMatchObject({ ok: false, error: { code: 'yima_issuer_length' } });
    expect(() => generateYimaCode('KO1')).toThrow(/issuer/);
  });

  it('accepts lower case and the grouped print form, and formats both ways', () => {
    const grouped = 'k7m-qahc g6k6 4t2b xk';
    expect(validateYimaCode(grouped)).toEqual({ ok: true, value: { value: 'K7M-QAHCG6K64T2BXK', issuer: 'K7M', serial: 'QAHCG6K64T2BX', check: 'K' } });
    const code = validateYimaCode('K7M-QAHCG6K64T2BXK');
    if (!code.ok) throw new Error(code.error.message);
    expect(formatYimaCode(code.value)).toBe('K7M-QAHCG6K64T2BXK');
    expect(formatYimaCode(code.value, { grouped: true })).toBe('K7M-QAHC G6K6 4T2B XK');
    expect(yimaCheckCharacter('K7MQAHCG6K64T2BX')).toBe('K');
  });

  it('says what is wrong and where, in the input as typed', () => {
    expect(validateYimaCode(' K7M-QAHCG6K64T2BX2')).toEqual({
      ok: false,
      error: {
        code: 'yima_check_character', message: 'the check character (position 19) should be K, not 2: the code was mistyped', position: 19, expected: 'K', actual: '2',
        key: 'code.error.yima_check_character', params: { position: 19, expected: 'K', actual: '2' },
      },
    });
    expect(validateYimaCode('K7M-QAHCG6K64TOBXK')).toMatchObject({ ok: false, error: { code: 'yima_character', position: 15, actual: 'O' } });
    const typo = validateYimaCode('K7M-QAHCG6K64TOBXK');
    expect(typo.ok ? '' : typo.error.message).toContain('0 and O are not used');
    expect(typo.ok ? '' : t('zh-CN', codeErrorText(typo.error).key, codeErrorText(typo.error).params)).toBe('第 15 个字符 "O" 不是一码的字符（一码不用 0 和 O）');
    expect(validateYimaCode('K7MQAHCG6K64T2BXK')).toMatchObject({ ok: false, error: { code: 'yima_structure' } });
    expect(validateYimaCode('K7M-QAHC-G6K64T2BXK')).toMatchObject({ ok: false, error: { code: 'yima_structure', position: 9 } });
    expect(validateYimaCode('K-QAHCG6K64T2BXK')).toMatchObject({ ok: false, error: { code: 'yima_issuer_length', position: 2 } });
    expect(validateYimaCode('K7M-QAHCG6K64T2BXKA')).toMatchObject({ ok: false, error: { code: 'yima_serial_length', position: 19 } });
  });
});
