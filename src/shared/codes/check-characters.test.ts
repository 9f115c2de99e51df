import { describe, expect, it } from 'vitest';
import { detect } from './detect.ts';
import { parseGs1ElementString } from './gs1/element-string.ts';
import { gs1CheckDigit, validateGtin } from './gtin.ts';
import { randomString, seededRandomSource } from './random-source.ts';
import { USCC_CHARSET, usccCheckCharacter, validateUscc } from './uscc.ts';
import { generateYimaCode, validateYimaCode, YIMA_ALPHABET } from './yima-code.ts';

const now = new Date('2026-06-15T00:00:00Z');
const random = seededRandomSource(32100);
const SUBSTITUTES = `0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-/.%`;

/** Every string that differs from `code` in exactly one position (case-insensitive equal ones skipped). */
function singleChanges(code: string, alphabet: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i++) {
    for (const ch of alphabet) {
      if (ch.toUpperCase() === code.charAt(i).toUpperCase()) continue;
      out.push(code.slice(0, i) + ch + code.slice(i + 1));
    }
  }
  return out;
}

const gs1Key = (digits: number) => {
  const body = randomString(random, '0123456789', digits - 1);
  return body + gs1CheckDigit(body);
};

describe('keys with a check character: random valid ones parse back, every single-character change is rejected', () => {
  it.each([8, 12, 13, 14])('GTIN-%i', (length) => {
    for (let n = 0; n < 12; n++) {
      const gtin = gs1Key(length);
      expect(validateGtin(gtin)).toEqual({ ok: true, gtin14: gtin.padStart(14, '0') });
      const detected = detect(gtin, { now });
      expect(detected).toMatchObject({ scheme: 'gs1', form: 'gtin', result: { ok: true, value: { canonical: `(01)${gtin.padStart(14, '0')}` } } });
      const accepted = singleChanges(gtin, SUBSTITUTES).filter((changed) => validateGtin(changed).ok);
      const misread = singleChanges(gtin, '0123456789').filter((changed) => {
        const d = detect(changed, { now });
        return d.scheme !== 'gs1' || d.result.ok || d.result.error.code !== 'gs1_check_digit';
      });
      expect([accepted, misread]).toEqual([[], []]);
    }
  });

  it.each([
    ['SSCC', '00', 18],
    ['GLN', '414', 13],
    ['GTIN', '01', 14],
  ] as const)('%s in an element string (AI %s)', (_name, ai, length) => {
    for (let n = 0; n < 12; n++) {
      const key = gs1Key(length);
      expect(parseGs1ElementString(`(${ai})${key}`, { now })).toEqual({ ok: true, value: { form: 'bracketed', elements: [{ ai, value: key }] } });
      expect(singleChanges(key, SUBSTITUTES).filter((changed) => parseGs1ElementString(`(${ai})${changed}`, { now }).ok)).toEqual([]);
    }
  });

  it('USCC (GB 32100)', () => {
    for (let n = 0; n < 25; n++) {
      const body = randomString(random, USCC_CHARSET, 2) + randomString(random, '0123456789', 6) + randomString(random, USCC_CHARSET, 9);
      const code = body + usccCheckCharacter(body);
      expect(validateUscc(code)).toEqual({ ok: true, value: code, regionCode: code.slice(2, 8) });
      expect(detect(code, { now })).toMatchObject({ scheme: 'uscc', result: { ok: true, value: { canonical: code } } });
      expect(singleChanges(code, SUBSTITUTES).filter((changed) => validateUscc(changed).ok)).toEqual([]);
    }
  });

  it('Yima 数字身份码', () => {
    for (let n = 0; n < 25; n++) {
      const issuer = randomString(random, YIMA_ALPHABET, 2 + (n % 4));
      const code = generateYimaCode(issuer, random);
      expect(validateYimaCode(code)).toMatchObject({ ok: true, value: { value: code, issuer } });
      expect(detect(code, { now })).toMatchObject({ scheme: 'yima', result: { ok: true, value: { canonical: code } } });
      const accepted = singleChanges(code, SUBSTITUTES).filter((changed) => {
        const d = detect(changed, { now });
        return validateYimaCode(changed).ok || (d.scheme === 'yima' && d.result.ok);
      });
      expect(accepted).toEqual([]);
    }
  });
});
