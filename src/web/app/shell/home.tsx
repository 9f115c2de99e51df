/** `/home`: where a person lands after signing in — their first area, else the start page. */
import { Navigate } from 'react-router';
import { Loading } from './shell.tsx';
import { areasOf, useMe, useMyOrg } from './session.ts';

export function Home() {
  const me = useMe();
  const org = useMyOrg(me.data);
  if (me.isPending || (me.data?.orgId !== undefined && org.isPending)) return <Loading />;
  const [first] = areasOf(me.data, org.data);
  return <Navigate to={first ? `/${first}` : '/'} replace />;
}
