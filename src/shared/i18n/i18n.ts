/**
 * Message catalogs (zh-CN first, en) with semantic keys and `{name}` parameters. Browser-safe.
 *
 * A message is a key and its parameters, put into words where it reaches a person, in that
 * person's language: `t(locale, key, params)`. Code that does not know the reader's language
 * (a service, a parser, a stored capture-job error) keeps the key and parameters, or a
 * {@link MessageRef}, and the edge (problem.ts, a route, the scan page, the CLI) renders it.
 */
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export type MessageKey = keyof typeof zhCN;

/** Text that is bilingual by nature, as data: a catalogue label, a category name (`{ zh, en }`). */
export interface Text {
  readonly zh: string;
  readonly en: string;
}

/** A message not yet put into words: a catalog key and its parameters. */
export interface MessageRef {
  readonly key: MessageKey;
  readonly params?: Params;
}

/**
 * A parameter: a value shown as it is, bilingual data (the reader's language is taken), a message
 * of its own (rendered in the same language), or a list of messages (joined by a space).
 */
export type Param = string | number | Text | MessageRef | readonly MessageRef[];
export type Params = Readonly<Record<string, Param>>;

const CATALOGS: Record<Locale, Record<string, string>> = { 'zh-CN': zhCN, en };

/**
 * Translates a key; unknown parameters stay as `{name}` so a missing one is visible, not silent.
 *
 * @example t('en', 'problem.not_found.title') // → 'Not found'
 * @example t('en', 'field.attribute_type', { field: 'x', label: { zh: '额定电压', en: 'Rated voltage' }, type: 'number' }) // → 'x: Rated voltage must be number.'
 */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  const text = CATALOGS[locale][key] ?? CATALOGS['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : render(locale, v);
  });
}

function render(locale: Locale, v: Param): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (isMessageList(v)) return v.map((m) => t(locale, m.key, m.params)).join(' ');
  if ('key' in v) return t(locale, v.key, v.params);
  return locale === 'en' ? v.en : v.zh;
}

const isMessageList = (v: Param): v is readonly MessageRef[] => Array.isArray(v);

/**
 * A message reference, for code that does not know its reader's language.
 *
 * @example msg('entity.licence') // → { key: 'entity.licence' }
 */
export function msg(key: MessageKey, params?: Params): MessageRef {
  return params === undefined ? { key } : { key, params };
}

/**
 * A message in both languages, for records that keep the words (e.g. an answer that carries both).
 *
 * @example bilingual('problem.not_found.title') // → { zh: '未找到', en: 'Not found' }
 */
export function bilingual(key: MessageKey, params?: Params): Text {
  return { zh: t('zh-CN', key, params), en: t('en', key, params) };
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
