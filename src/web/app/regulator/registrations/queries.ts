/** The registrations screens' server state, through the one API client. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { paths } from '../../../../client/schema.ts';

export type OrgSummary = paths['/api/v1/orgs']['get']['responses'][200]['content']['application/json'][number];
export type Registration = paths['/api/v1/orgs/{id}']['get']['responses'][200]['content']['application/json'];

/** The pending registrations in the reader's scope (a regulator's region; everywhere for the admin), oldest first. */
export function usePending() {
  return useQuery({
    queryKey: ['registrations', 'pending'],
    queryFn: async () => [...(await data(api.GET('/api/v1/orgs', { params: { query: { status: 'pending', limit: 500 } } })))]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  });
}

/** One organisation, with its licences, CCC certificates and contacts. */
export function useRegistration(id: string) {
  return useQuery({ queryKey: ['registrations', 'one', id], queryFn: () => data(api.GET('/api/v1/orgs/{id}', { params: { path: { id } } })) });
}

export type Decision = { id: string; approve: true } | { id: string; approve: false; reason: string };

/** Approve, or reject with a reason; the lists forget what they had. */
export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (d: Decision) => d.approve
      ? data(api.POST('/api/v1/orgs/{id}/approve', { params: { path: { id: d.id } } }))
      : data(api.POST('/api/v1/orgs/{id}/reject', { params: { path: { id: d.id } }, body: { reason: d.reason } })),
    onSuccess: (org) => {
      client.setQueryData(['registrations', 'one', org.id], org);
      return client.invalidateQueries({ queryKey: ['registrations', 'pending'] });
    },
  });
}
