/**
 * CCC (强制性产品认证) certificate numbers: 16 digits — year first issued (4), certification
 * body (2), product category (4), sequence (6). No check digit is documented (policy.md §2.3).
 */

export const CCC_FORMAT = '16 digits: year (4) + certification body (2) + product category (4) + sequence (6)';

/** First year CCC certificates were issued (the CCC regime started in 2002). */
const FIRST_YEAR = 2002;

export type CccResult =
  | { ok: true; value: string; year: number; body: string; category: string; sequence: string }
  | { ok: false; expected: string; reason: 'format' | 'year' };

/**
 * Validates a CCC certificate number.
 *
 * @example validateCccNumber('2016010901123456') // → { ok: true, year: 2016, body: '01', category: '0901', … }
 */
export function validateCccNumber(input: string, now: Date = new Date()): CccResult {
  const value = input.trim();
  if (!/^\d{16}$/.test(value)) return { ok: false, reason: 'format', expected: CCC_FORMAT };
  const year = Number(value.slice(0, 4));
  if (year < FIRST_YEAR || year > now.getUTCFullYear()) {
    return { ok: false, reason: 'year', expected: `a year of issue between ${FIRST_YEAR} and ${now.getUTCFullYear()}` };
  }
  return { ok: true, value, year, body: value.slice(4, 6), category: value.slice(6, 10), sequence: value.slice(10) };
}
