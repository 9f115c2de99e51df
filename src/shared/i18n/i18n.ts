/**
 * Message catalogs (zh-CN first, en) with semantic keys and `{name}` parameters. Browser-safe.
 */
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export type MessageKey = keyof typeof zhCN;
export type Params = Readonly<Record<string, string | number>>;

const CATALOGS: Record<Locale, Record<string, string>> = { 'zh-CN': zhCN, en };

/**
 * Translates a key; unknown parameters stay as `{name}` so a missing one is visible, not silent.
 * A parameter may carry its English wording beside it as `<name>_en` (text composed in both
 * languages at its source, e.g. a rule's message): English uses it, Chinese the plain one.
 *
 * @example t('en', 'problem.not_found.title') // → 'Not found'
 */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  const text = CATALOGS[locale][key] ?? CATALOGS['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const en = `${name}_en`;
    if (locale === 'en' && en in params) return String(params[en]);
    return name in params ? String(params[name]) : m;
  });
}

/**
 * Picks the locale from an Accept-Language header: the first listed language (by q) that we
 * have; Chinese when none matches.
 *
 * @example negotiateLocale('en-GB,en;q=0.9,zh;q=0.5') // → 'en'
 */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => /^\s*q=([\d.]+)/.exec(r)?.[1]).find(Boolean);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh-CN';
}
