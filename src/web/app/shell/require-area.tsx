/**
 * An area's gate: a visitor who is not signed in (or whose session ended) is sent to sign in and
 * brought back to the page they asked for; a person whose organisation is not of the area is told so.
 */
import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { type Area, areasOf, type Organisation, sessionEnded, useMe, useMyOrg } from './session.ts';
import { Loading } from './shell.tsx';

export function RequireArea({ area, children }: { area: Area; children: (org: Organisation) => ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const org = useMyOrg(me.data);
  const location = useLocation();
  if (me.isPending || (me.data?.orgId !== undefined && org.isPending)) return <Loading />;
  if (!me.data || me.data.role === 'public') {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}${sessionEnded() ? '&expired=1' : ''}`} replace />;
  }
  if (!org.data || !areasOf(me.data, org.data).includes(area)) return <Alert type="warning" showIcon title={t('web.area.not_yours', { area: t(`web.area.${area}`) })} />;
  return <>{children(org.data)}</>;
}
