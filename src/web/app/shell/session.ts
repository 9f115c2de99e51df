/**
 * Who is signed in: the session is the browser's httpOnly cookie that sign-in sets, so the app
 * never holds a token; it asks `GET /api/v1/auth/me` and, for people of an organisation, the
 * organisation (its name and roles decide the areas shown).
 */
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiProblem, api, data } from '../api.ts';
import type { paths } from '../../../client/schema.ts';

export type Me = paths['/api/v1/auth/me']['get']['responses'][200]['content']['application/json'];
export type Organisation = paths['/api/v1/orgs/{id}']['get']['responses'][200]['content']['application/json'];

const ME = ['session', 'me'] as const;
/** Set when an answer said the session is gone; cleared by signing in. */
let ended = false;

/** The signed-in actor (`role: 'public'` when nobody is). */
export function useMe() {
  return useQuery({ queryKey: ME, queryFn: () => data(api.GET('/api/v1/auth/me')), staleTime: 60_000 });
}

/** The signed-in person's organisation, when they belong to one. */
export function useMyOrg(me: Me | undefined) {
  const id = me?.orgId;
  return useQuery({
    queryKey: ['orgs', id],
    enabled: id !== undefined,
    queryFn: () => data(api.GET('/api/v1/orgs/{id}', { params: { path: { id: id ?? '' } } })),
    staleTime: 5 * 60_000,
  });
}

/** Sign in (the answer sets the session cookie), then forget every answer of the anonymous visitor. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => data(api.POST('/api/v1/auth/login', { body })),
    onSuccess: async () => {
      ended = false;
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      await client.invalidateQueries({ queryKey: ME });
    },
  });
}

/** Sign out: the server ends the session and clears the cookie; nothing of the session stays cached. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => data(api.POST('/api/v1/auth/logout')),
    onSettled: () => {
      client.clear();
    },
  });
}

/** The areas built so far (routes.tsx) that an organisation's roles open, each for organisations of the role of its name. */
const AREAS = ['producer', 'seller'] as const;
/** The areas of people who belong to no enterprise: regulators (and the platform admin, who may do what they do). */
const AUTHORITY_AREAS = ['regulator'] as const;
export type OrgArea = (typeof AREAS)[number];
export type Area = OrgArea | (typeof AUTHORITY_AREAS)[number];

/** The areas a signed-in person may open, by role and by what their organisation is. */
export function areasOf(me: Me | undefined, org: Organisation | undefined): Area[] {
  if (me?.role === 'regulator' || me?.role === 'admin') return [...AUTHORITY_AREAS];
  if (!me || (me.role !== 'org_admin' && me.role !== 'org_operator') || !org) return [];
  return AREAS.filter((r) => org.roles.includes(r));
}

/**
 * Any answer that says the session is gone (401 authentication_required, e.g. it expired or was
 * ended elsewhere) makes the app forget the person: the area's gate then sends them to sign in
 * and back to the page they were on, saying why.
 */
export function watchSession(client: QueryClient) {
  return (err: unknown) => {
    if (!(err instanceof ApiProblem) || err.status !== 401 || err.code !== 'authentication_required') return;
    const me = client.getQueryData<Me>(ME);
    if (!me || me.role === 'public') return;
    ended = true;
    client.setQueryData<Me>(ME, { role: 'public', regions: [] });
  };
}

/** Whether the last session ended under the person's feet (until they sign in again). */
export const sessionEnded = (): boolean => ended;
