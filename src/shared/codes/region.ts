/**
 * GB/T 2260 administrative-division codes: 6 digits, province (2) + prefecture (2) + county (2).
 * Scopes use prefixes: `33` is Zhejiang, `3301` Hangzhou, `330106` Xihu district.
 */

/** A full 6-digit region code whose province part is not 00. */
export const REGION_CODE = /^(?!00)\d{6}$/;
/** A region scope prefix: 2, 4 or 6 digits. */
export const REGION_PREFIX = /^(?!00)(\d{2}|\d{4}|\d{6})$/;

/**
 * True when `regionCode` lies inside any of the scope `prefixes`.
 *
 * @example regionInScope('330106', ['33']) // → true
 * @example regionInScope('320100', ['3301']) // → false
 */
export function regionInScope(regionCode: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => regionCode.startsWith(p));
}
