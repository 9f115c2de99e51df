/** The producer's recalls' server state, through the one API client. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { components } from '../../../../client/schema.ts';

export type Recall = components['schemas']['Recall'];
export type RecallDetail = components['schemas']['RecallDetail'];
export type OpenRecallBody = components['schemas']['OpenRecallBody'];
export type Batch = components['schemas']['Batch'];

export function useRecalls() {
  return useQuery({ queryKey: ['recalls'], queryFn: () => data(api.GET('/api/v1/recalls', { params: { query: { limit: 500 } } })) });
}

export function useRecall(id: string) {
  return useQuery({ queryKey: ['recalls', id], queryFn: () => data(api.GET('/api/v1/recalls/{id}', { params: { path: { id } } })) });
}

/** The batches (lots) of one product, to recall some of them. */
export function useBatches(orgId: string, productId: string | undefined) {
  return useQuery({
    queryKey: ['batches', orgId, productId],
    enabled: productId !== undefined,
    queryFn: () => data(api.GET('/api/v1/batches', { params: { query: { orgId, productId, limit: 500 } } })),
  });
}

/** Every batch of the organisation (to name a recall's lots). */
export function useOrgBatches(orgId: string) {
  return useQuery({ queryKey: ['batches', orgId], queryFn: () => data(api.GET('/api/v1/batches', { params: { query: { orgId, limit: 500 } } })) });
}

export function useOpenRecall() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: OpenRecallBody) => data(api.POST('/api/v1/recalls', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['recalls'] }),
  });
}

export function useCloseRecall(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => data(api.POST('/api/v1/recalls/{id}/close', { params: { path: { id } }, body: { note } })),
    onSuccess: (detail) => {
      client.setQueryData(['recalls', id], detail);
      return client.invalidateQueries({ queryKey: ['recalls'] });
    },
  });
}
