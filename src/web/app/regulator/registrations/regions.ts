/** GB/T 2260 codes in words, in the reader's language (the same list the registration wizard offers). */
import regions from '../../../../shared/codes/data/gb2260-regions.json' with { type: 'json' };

const PROVINCES = regions.provinces as Record<string, { zh: string; en: string }>;
const CITIES = regions.cities as Record<string, string>;

/**
 * A region code or a regulator's prefix (2, 4 or 6 digits) as its province and city, then the code.
 *
 * @example regionName('330100', 'zh-CN') // → '浙江省 杭州市 330100'
 */
export function regionName(code: string, language: string): string {
  const province = PROVINCES[code.slice(0, 2)];
  if (!province) return code;
  const city = code.length >= 4 && code.slice(2, 4) !== '00' ? CITIES[code.slice(0, 4)] : undefined;
  return [language.startsWith('zh') ? province.zh : province.en, city, code].filter(Boolean).join(' ');
}

/** Codes (USCC, certificate numbers) in a fixed-width face, each character easy to compare. */
export const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } as const;
