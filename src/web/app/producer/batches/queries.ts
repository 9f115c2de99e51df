/** The batch screens' server state, through the one API client. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { paths } from '../../../../client/schema.ts';

export type Batch = paths['/api/v1/batches/{id}']['get']['responses'][200]['content']['application/json'];
export type NewBatchBody = NonNullable<paths['/api/v1/batches']['post']['requestBody']>['content']['application/json'];
export type InspectBody = NonNullable<paths['/api/v1/events/inspect']['post']['requestBody']>['content']['application/json'];

/** The organisation's batches, newest first, with their latest inspection. */
export function useBatches(orgId: string) {
  return useQuery({ queryKey: ['batches', orgId], queryFn: () => data(api.GET('/api/v1/batches', { params: { query: { orgId, limit: 500 } } })) });
}

export function useBatch(id: string) {
  return useQuery({ queryKey: ['batch', id], queryFn: () => data(api.GET('/api/v1/batches/{id}', { params: { path: { id } } })) });
}

export function useCreateBatch(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewBatchBody) => data(api.POST('/api/v1/batches', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['batches', orgId] }),
  });
}

/** Records a 检验合格证明 of a batch (POST /api/v1/events/inspect: an EPCIS inspecting event in the ledger). */
export function useInspect(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: InspectBody) => data(api.POST('/api/v1/events/inspect', { body })),
    onSuccess: (_, body) => Promise.all([
      client.invalidateQueries({ queryKey: ['batches', orgId] }),
      client.invalidateQueries({ queryKey: ['batch', body.batchId] }),
    ]),
  });
}
