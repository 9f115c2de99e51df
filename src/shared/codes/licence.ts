/**
 * 工业产品生产许可证 numbers: `XK` + 行业编号 (2 digits) + 产品编号 (3) + 企业编号 (5), as
 * `XK08-001-04763`, optionally prefixed by a provincial abbreviation in full-width or ASCII
 * parentheses, `(鄂)XK12-001-00018`. No check digit is documented (policy.md §2.5).
 */

const LICENCE = /^(?:[(（]([\u4e00-\u9fa5])[)）])?XK(\d{2})-(\d{3})-(\d{5})$/;

export type LicenceResult =
  | { ok: true; value: string; province?: string; industry: string; product: string; serial: string }
  | { ok: false; expected: string };

export const LICENCE_FORMAT = 'XK##-###-##### (optionally prefixed by a province, e.g. (鄂)XK12-001-00018)';

/**
 * Validates and normalises a 生产许可证 number (ASCII parentheses, upper-case XK).
 *
 * @example validateLicence('(鄂)xk12-001-00018') // → { ok: true, value: '(鄂)XK12-001-00018', province: '鄂', … }
 */
export function validateLicence(input: string): LicenceResult {
  const text = input.trim().replace(/^([(（][\u4e00-\u9fa5][)）])?xk/i, (_m, p: string | undefined) => `${p ?? ''}XK`);
  const m = LICENCE.exec(text);
  if (!m) return { ok: false, expected: LICENCE_FORMAT };
  const [, province, industry = '', product = '', serial = ''] = m;
  const value = `${province ? `(${province})` : ''}XK${industry}-${product}-${serial}`;
  return province
    ? { ok: true, value, province, industry, product, serial }
    : { ok: true, value, industry, product, serial };
}
