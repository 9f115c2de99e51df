/** 中文 / English: Chinese first, each name in its own language, the choice remembered. */
import { useTranslation } from 'react-i18next';
import { currentLocale, type Locale, setLocale } from '../i18n.ts';

export function LocaleSwitch() {
  const { t } = useTranslation();
  const now = currentLocale();
  const choices: { locale: Locale; key: 'web.locale.zh' | 'web.locale.en' }[] = [{ locale: 'zh-CN', key: 'web.locale.zh' }, { locale: 'en', key: 'web.locale.en' }];
  return (
    <div className="yima-locale" role="group" aria-label={t('web.locale.switch')}>
      {choices.map((c) => (
        <button key={c.locale} type="button" lang={c.locale} aria-pressed={now === c.locale} onClick={() => setLocale(c.locale)}>
          {t(c.key)}
        </button>
      ))}
    </div>
  );
}
