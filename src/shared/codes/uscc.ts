/**
 * 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015.
 *
 * 18 characters from a 31-character set (digits and capitals without I, O, S, V, Z);
 * positions 3–8 are the registering authority's GB/T 2260 region code; position 18 is a
 * check character computed with weights 3^(i−1) mod 31.
 */

/** GB 32100-2015 §4.2: the code character set; a character's value is its index. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// GB 32100-2015 §5: W_i = 3^(i−1) mod 31 for i = 1..17.
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

export type UsccProblem =
  | { reason: 'length'; expected: 18; actual: number }
  | { reason: 'charset'; position: number; character: string }
  | { reason: 'region'; position: number }
  | { reason: 'check'; position: 18; expected: string; actual: string };

export type UsccResult =
  | { ok: true; value: string; regionCode: string }
  | ({ ok: false } & UsccProblem);

/**
 * Computes the GB 32100 check character for the first 17 characters of a USCC.
 *
 * @example usccCheckCharacter('91350100M000100Y4') // → '3'
 */
export function usccCheckCharacter(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(body17.charAt(i));
    if (v < 0) throw new Error(`not a USCC character at ${i + 1}: ${body17.charAt(i)}`);
    sum += v * (WEIGHTS[i] ?? 0);
  }
  const c = (31 - (sum % 31)) % 31;
  return USCC_CHARSET.charAt(c);
}

/**
 * Validates a 统一社会信用代码. Input is trimmed and upper-cased first (people type lower case);
 * everything else must be exact.
 *
 * @example validateUscc('91350100M000100Y43') // → { ok: true, value: '91350100M000100Y43', regionCode: '350100' }
 * @example validateUscc('91350100M000100Y4Y') // → { ok: false, reason: 'check', position: 18, expected: '3', actual: 'Y' }
 */
export function validateUscc(input: string): UsccResult {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) return { ok: false, reason: 'length', expected: 18, actual: value.length };
  for (let i = 0; i < 18; i++) {
    const ch = value.charAt(i);
    if (!USCC_CHARSET.includes(ch)) return { ok: false, reason: 'charset', position: i + 1, character: ch };
  }
  // Positions 3–8 are a GB/T 2260 administrative-division code: digits only.
  for (let i = 2; i < 8; i++) {
    const ch = value.charAt(i);
    if (ch < '0' || ch > '9') return { ok: false, reason: 'region', position: i + 1 };
  }
  const expected = usccCheckCharacter(value.slice(0, 17));
  const actual = value.charAt(17);
  if (expected !== actual) return { ok: false, reason: 'check', position: 18, expected, actual };
  return { ok: true, value, regionCode: value.slice(2, 8) };
}
