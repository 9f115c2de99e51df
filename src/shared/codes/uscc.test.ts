import { describe, expect, it } from 'vitest';
import { USCC_CHARSET, usccCheckCharacter, validateUscc } from './uscc.ts';

const VALID = ['91350100M000100Y43', '91512081MA62K0260E', '91330106MA27XF6X2L', '91320100MA1MXXXX09', '11100000000013127D'];

describe('validateUscc', () => {
  it('computes the check characters of the GB 32100 worked examples', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(usccCheckCharacter('91512081MA62K0260')).toBe('E');
  });

  it.each(VALID.map((v) => [v]))('accepts %s and reads its region from positions 3–8', (code) => {
    const r = validateUscc(code);
    expect(r).toEqual({ ok: true, value: code, regionCode: code.slice(2, 8) });
  });

  it('accepts lower case and surrounding spaces, normalising them', () => {
    expect(validateUscc(' 91350100m000100y43 ')).toMatchObject({ ok: true, value: '91350100M000100Y43' });
  });

  it('rejects every single-character change of every valid code', () => {
    const alphabet = `${USCC_CHARSET}IOSVZ-`;
    let tried = 0;
    for (const code of VALID) {
      for (let i = 0; i < 18; i++) {
        for (const ch of alphabet) {
          if (ch === code.charAt(i)) continue;
          const changed = code.slice(0, i) + ch + code.slice(i + 1);
          expect(validateUscc(changed).ok, changed).toBe(false);
          tried++;
        }
      }
    }
    expect(tried).toBe(VALID.length * 18 * (alphabet.length - 1));
  });

  it('names the expected check character when only the check character is wrong', () => {
    expect(validateUscc('91350100M000100Y4Y')).toEqual({ ok: false, reason: 'check', position: 18, expected: '3', actual: 'Y' });
  });

  it('reports length, forbidden characters and non-numeric regions with their position', () => {
    expect(validateUscc('9135010')).toEqual({ ok: false, reason: 'length', expected: 18, actual: 7 });
    expect(validateUscc('91350100I000100Y43')).toEqual({ ok: false, reason: 'charset', position: 9, character: 'I' });
    expect(validateUscc('913A0100M000100Y43')).toEqual({ ok: false, reason: 'region', position: 4 });
  });
});
