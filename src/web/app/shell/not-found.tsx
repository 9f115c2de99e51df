/** A page the app does not have. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="yima-notice">
      <h1>{t('web.not_found.title')}</h1>
      <p>{t('web.not_found.detail')}</p>
      <Link to="/" className="yima-button yima-button-primary">{t('web.app.home')}</Link>
    </div>
  );
}
