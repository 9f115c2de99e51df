/**
 * GS1 keys with a mod-10 check digit (GTIN-8/12/13/14, GLN, SSCC): GS1 General Specifications
 * §7.9.1 — weights 3,1,3,1… from the rightmost data digit.
 */

/**
 * Computes the GS1 mod-10 check digit of a digit string (without its check digit).
 *
 * @example gs1CheckDigit('690123456789') // → '2'
 */
export function gs1CheckDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += (body.charCodeAt(i) - 48) * w;
  return String((10 - (sum % 10)) % 10);
}

export type GtinResult =
  | { ok: true; gtin14: string }
  | { ok: false; reason: 'format'; expected: string }
  | { ok: false; reason: 'check'; position: number; expected: string; actual: string };

/**
 * Validates a GTIN-8, -12, -13 or -14 and returns it as 14 digits (left-padded with zeros,
 * which leaves the check digit unchanged).
 *
 * @example validateGtin('6901234567892') // → { ok: true, gtin14: '06901234567892' }
 */
export function validateGtin(input: string): GtinResult {
  const value = input.trim();
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(value)) {
    return { ok: false, reason: 'format', expected: '8, 12, 13 or 14 digits (GTIN-8/12/13/14)' };
  }
  const expected = gs1CheckDigit(value.slice(0, -1));
  const actual = value.slice(-1);
  if (expected !== actual) return { ok: false, reason: 'check', position: value.length, expected, actual };
  return { ok: true, gtin14: value.padStart(14, '0') };
}
