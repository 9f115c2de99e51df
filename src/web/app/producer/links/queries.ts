/** The resolver links' server state, through the one API client. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { components } from '../../../../client/schema.ts';

export type Link = components['schemas']['Link'];
export type LinkType = components['schemas']['LinkType'];
export type NewLinkBody = components['schemas']['CreateLinkBody'];

/** The organisation's links (the resolver publishes them), as the server lists them. */
export function useLinks(orgId: string) {
  return useQuery({ queryKey: ['links', orgId], queryFn: () => data(api.GET('/api/v1/links', { params: { query: { orgId, limit: 500 } } })) });
}

/** The GS1 link types a producer may attach, in the order a form lists them. */
export function useLinkTypes() {
  return useQuery({ queryKey: ['link-types'], queryFn: () => data(api.GET('/api/v1/link-types')), staleTime: 60 * 60_000 });
}

export function useCreateLink(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewLinkBody) => data(api.POST('/api/v1/links', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['links', orgId] }),
  });
}

export function useDeleteLink(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => data(api.DELETE('/api/v1/links/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['links', orgId] }),
  });
}
