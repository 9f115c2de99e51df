/**
 * An area's gate: a visitor who is not signed in (or whose session ended) is sent to sign in and
 * brought back to the page they asked for; a person whose organisation (or role) is not of the
 * area is told so. An enterprise's area gets the organisation; the regulator's gets the person.
 */
import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { type Me, type OrgArea, areasOf, type Organisation, sessionEnded, useMe, useMyOrg } from './session.ts';
import { Loading } from './shell.tsx';

type Props =
  | { area: OrgArea; children: (org: Organisation) => ReactNode }
  | { area: 'regulator'; children: (me: Me) => ReactNode };

export function RequireArea(props: Props) {
  const { area } = props;
  const { t } = useTranslation();
  const me = useMe();
  const org = useMyOrg(me.data);
  const location = useLocation();
  if (me.isPending || (me.data?.orgId !== undefined && org.isPending)) return <Loading />;
  if (!me.data || me.data.role === 'public') {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}${sessionEnded() ? '&expired=1' : ''}`} replace />;
  }
  const notYours = <Alert type="warning" showIcon title={t('web.area.not_yours', { area: t(`web.area.${area}`) })} />;
  if (!areasOf(me.data, org.data).includes(area)) return notYours;
  if (props.area === 'regulator') return <>{props.children(me.data)}</>;
  if (!org.data) return notYours;
  return <>{props.children(org.data)}</>;
}
