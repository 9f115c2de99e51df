/**
 * The app's words: i18next over the `web.` keys of the one catalog the server reads
 * (src/shared/i18n/{zh-CN,en}.json, `{name}` parameters as there). Chinese first; the choice is
 * remembered in this browser.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages } from 'virtual:yima-web-messages';
import type { Locale } from '../../shared/i18n/i18n.ts';

export type { Locale };
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'yima.locale';

/** The language chosen before in this browser, else Chinese. */
export function rememberedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: rememberedLocale(),
  fallbackLng: 'zh-CN',
  supportedLngs: LOCALES,
  resources: { 'zh-CN': { translation: messages['zh-CN'] }, en: { translation: messages.en } },
  // The catalogs are flat, their keys dotted: no nesting, no namespaces in keys.
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false, prefix: '{', suffix: '}' },
  initAsync: false,
  returnNull: false,
});

const apply = (lng: string) => {
  document.documentElement.lang = lng;
  document.title = i18n.t('web.app.title');
};
apply(i18n.language);
i18n.on('languageChanged', apply);

/** The current language, as the server's catalogs name it. */
export const currentLocale = (): Locale => (i18n.language === 'en' ? 'en' : 'zh-CN');

/** Switches the language and remembers it. */
export function setLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode: the choice lasts this visit.
  }
  void i18n.changeLanguage(locale);
}

/**
 * Adds an area's words (its chunk's `virtual:yima-web-messages/<area>`), in both languages, so a
 * switch of language needs no download.
 *
 * @example import { messages } from 'virtual:yima-web-messages/producer'; addMessages(messages);
 */
export function addMessages(messages: Readonly<Record<Locale, Readonly<Record<string, string>>>>): void {
  for (const locale of LOCALES) i18n.addResourceBundle(locale, 'translation', messages[locale], true, false);
}
