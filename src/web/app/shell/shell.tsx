/**
 * The frame of every page: the header (the platform, the areas the person may open, their
 * organisation and role, the language, sign in or out) and the page below it. From 360 px phones
 * (the header wraps, the areas move under it) to desktops. Plain elements: the component library
 * comes with the areas.
 */
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LocaleSwitch } from './locale-switch.tsx';
import { areasOf, useMe, useMyOrg, useSignOut } from './session.ts';
import './shell.css';

export function Loading() {
  const { t } = useTranslation();
  return <div className="yima-loading" role="status" aria-label={t('web.app.loading')}><span className="yima-spinner" /></div>;
}

export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const org = useMyOrg(me.data);
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const signedIn = me.data !== undefined && me.data.role !== 'public';
  const areas = areasOf(me.data, org.data);

  return (
    <div className="yima-shell">
      <header className="yima-header">
        <Link to="/" className="yima-brand" aria-label={t('web.app.home')}>
          <span className="yima-logo" aria-hidden="true">{t('web.app.logo')}</span>
          <span className="yima-brand-name">{t('web.app.name')}</span>
        </Link>
        {areas.length > 0 && (
          <nav className="yima-areas" aria-label={t('web.nav.areas')}>
            {areas.map((a) => (
              <NavLink key={a} to={`/${a}`} className="yima-area-link">{t(`web.area.${a}`)}</NavLink>
            ))}
          </nav>
        )}
        {signedIn && (
          <span className="yima-who" data-testid="who">
            {org.data && <strong className="yima-org" title={org.data.name}>{org.data.name}</strong>}
            <span className="yima-role">{t(`web.role.${me.data.role}`)}</span>
          </span>
        )}
        <div className="yima-user">
          <LocaleSwitch />
          {signedIn ? (
            <button type="button" className="yima-button" disabled={signOut.isPending} onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/') })}>
              {t('web.auth.sign_out')}
            </button>
          ) : (
            location.pathname !== '/sign-in' && (
              <Link className="yima-button yima-button-primary" to={`/sign-in${location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`}`}>
                {t('web.auth.sign_in')}
              </Link>
            )
          )}
        </div>
      </header>
      <main className="yima-content">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
