/** Custom-product records' server state (台账 and 合同), through the one API client. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { components } from '../../../../client/schema.ts';

export type CustomRecord = components['schemas']['CustomRecord'];
export type DocumentRef = components['schemas']['CustomRecordDocument'];
export type NewRecordBody = components['schemas']['CreateCustomRecordBody'];
export type CorrectionBody = components['schemas']['CustomRecordCorrectionBody'];

/** The organisation's current records, newest first. */
export function useRecords(orgId: string) {
  return useQuery({ queryKey: ['custom-records', orgId], queryFn: () => data(api.GET('/api/v1/custom-records', { params: { query: { orgId, limit: 500 } } })) });
}

export function useRecord(id: string) {
  return useQuery({ queryKey: ['custom-records', 'one', id], queryFn: () => data(api.GET('/api/v1/custom-records/{id}', { params: { path: { id }, query: {} } })) });
}

export function useCreateRecord(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewRecordBody) => data(api.POST('/api/v1/custom-records', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['custom-records', orgId] }),
  });
}

/** A correction: a new record that supersedes `id` (the old one stays as it was). */
export function useCorrectRecord(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CorrectionBody) => data(api.POST('/api/v1/custom-records/{id}/corrections', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['custom-records'] }).then(() => client.invalidateQueries({ queryKey: ['custom-records', orgId] })),
  });
}
