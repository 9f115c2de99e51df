/**
 * The start page, for anyone: a box for any code that opens its public scan page, and the way in
 * for enterprises. It comes with the first download; the code parsers follow once it is shown.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CodeBox } from './code-box.tsx';
import { useMe } from '../shell/session.ts';
import './start-page.css';

export function StartPage() {
  const { t } = useTranslation();
  const me = useMe();
  const signedIn = me.data !== undefined && me.data.role !== 'public';
  return (
    <div className="yima-start">
      <h1 className="yima-start-title">{t('web.start.title')}</h1>
      <p className="yima-start-lead">{t('web.start.lead')}</p>
      <section className="yima-start-card">
        <CodeBox />
      </section>
      {!signedIn && (
        <p className="yima-start-enterprise">
          {t('web.start.enterprise')} <Link to="/sign-in">{t('web.auth.sign_in')}</Link> · <Link to="/register">{t('web.register.link')}</Link>
        </p>
      )}
    </div>
  );
}
