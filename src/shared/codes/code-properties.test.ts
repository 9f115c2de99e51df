import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from './detect.ts';
import { CSET82 } from './gs1/code-lists.ts';
import { formatDigitalLink, parseDigitalLink } from './gs1/digital-link.ts';
import { formatGs1Bracketed, formatGs1Raw, parseGs1ElementString } from './gs1/element-string.ts';
import type { Gs1Element } from './gs1/elements.ts';
import { gs1CheckDigit } from './gtin.ts';
import { validateYimaCode, YIMA_ALPHABET, yimaCheckCharacter } from './yima-code.ts';

// Shrinking property tests with fast-check (fixed seed: failures reproduce). The seeded-loop tests
// next to each module cover the same ground exhaustively where the space is small.
const params = { seed: 20241016, numRuns: 200 };
const opts = { now: new Date('2026-06-15T00:00:00Z') };

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const cset82 = (max: number) => fc.string({ unit: fc.constantFrom(...CSET82), minLength: 1, maxLength: max });
const gtin = digits(13).map((body) => body + gs1CheckDigit(body));

const message = fc
  .record({ gtin, lot: fc.option(cset82(20), { nil: undefined }), serial: fc.option(cset82(20), { nil: undefined }), cpv: fc.option(cset82(20), { nil: undefined }) })
  .map(({ gtin, lot, serial, cpv }) => {
    const els: Gs1Element[] = [{ ai: '01', value: gtin }];
    if (cpv !== undefined) els.push({ ai: '22', value: cpv });
    if (lot !== undefined) els.push({ ai: '10', value: lot });
    if (serial !== undefined) els.push({ ai: '21', value: serial });
    return els;
  });

describe('properties (fast-check)', () => {
  it('GS1 messages survive bracketed, raw and Digital Link forms', () => {
    fc.assert(
      fc.property(message, (els) => {
        expect(parseGs1ElementString(formatGs1Bracketed(els), opts)).toMatchObject({ ok: true, value: { elements: els } });
        expect(parseGs1ElementString(formatGs1Raw(els, { symbology: ']d2' }), opts)).toMatchObject({ ok: true, value: { elements: els } });
        const uri = formatDigitalLink(els, 'https://trace.example.cn', opts);
        expect(uri.ok && parseDigitalLink(uri.value, opts)).toMatchObject({ ok: true, value: { elements: els } });
      }),
      params,
    );
  });

  it('any single-digit change to a GTIN is reported as a check-digit error at that GTIN', () => {
    fc.assert(
      fc.property(gtin, fc.nat(13), fc.nat(9), (code, i, d) => {
        fc.pre(code.charAt(i) !== String(d));
        const changed = code.slice(0, i) + String(d) + code.slice(i + 1);
        expect(detect(changed, opts)).toMatchObject({ scheme: 'gs1', result: { ok: false, error: { code: 'gs1_check_digit', position: 14 } } });
      }),
      params,
    );
  });

  it('Yima codes: valid when built, invalid after any substitution or adjacent transposition', () => {
    const alphabet = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...YIMA_ALPHABET), minLength: min, maxLength: max });
    fc.assert(
      fc.property(alphabet(2, 5), alphabet(13, 13), fc.nat(), fc.constantFrom(...`${YIMA_ALPHABET}01ILO-`), (issuer, serial, at, ch) => {
        const code = `${issuer}-${serial}${yimaCheckCharacter(issuer + serial)}`;
        expect(validateYimaCode(code)).toMatchObject({ ok: true, value: { value: code } });
        const i = at % code.length;
        if (code.charAt(i) !== ch) expect(validateYimaCode(code.slice(0, i) + ch + code.slice(i + 1)).ok).toBe(false);
        const next = code.charAt(i + 1);
        if (next !== '' && next !== code.charAt(i)) expect(validateYimaCode(code.slice(0, i) + next + code.charAt(i) + code.slice(i + 2)).ok).toBe(false);
      }),
      params,
    );
  });
});
