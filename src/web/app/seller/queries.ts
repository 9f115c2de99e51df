/** The seller's server state (查验, events, stock, recall notices), through the one API client. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../api.ts';
import type { paths } from '../../../client/schema.ts';

export type Verdict = paths['/api/v1/verify']['post']['responses'][200]['content']['application/json'];
export type Stock = paths['/api/v1/stock']['get']['responses'][200]['content']['application/json'];
export type Notice = paths['/api/v1/notices']['get']['responses'][200]['content']['application/json'][number];
export type ReceiveBody = NonNullable<paths['/api/v1/events/receive']['post']['requestBody']>['content']['application/json'];
export type SellBody = NonNullable<paths['/api/v1/events/sell']['post']['requestBody']>['content']['application/json'];
export type ReturnBody = NonNullable<paths['/api/v1/events/return']['post']['requestBody']>['content']['application/json'];
export type Party = ReceiveBody['from'];

/** The three ways goods move at a seller's counter. */
export type SellerAction = 'receive' | 'sell' | 'return';

/** 查验: the verdict on one code before taking it in. */
export function useVerify() {
  return useMutation({ mutationFn: (code: string) => data(api.POST('/api/v1/verify', { body: { code } })) });
}

/** What the organisation holds now. */
export function useStock() {
  return useQuery({ queryKey: ['stock'], queryFn: () => data(api.GET('/api/v1/stock')) });
}

/** Recall notices to the organisation, with the recalled goods it still holds. */
export function useNotices() {
  return useQuery({ queryKey: ['notices'], queryFn: () => data(api.GET('/api/v1/notices')) });
}

export function useAcknowledge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (recallId: string) => data(api.POST('/api/v1/notices/{id}/read', { params: { path: { id: recallId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notices'] }),
  });
}

/** One event (进货, 销售 or 退货); stock and notices are read again after it. */
export function useRecord() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (a: { action: 'receive'; body: ReceiveBody } | { action: 'sell'; body: SellBody } | { action: 'return'; body: ReturnBody }) =>
      a.action === 'receive' ? data(api.POST('/api/v1/events/receive', { body: a.body }))
      : a.action === 'sell' ? data(api.POST('/api/v1/events/sell', { body: a.body }))
      : data(api.POST('/api/v1/events/return', { body: a.body })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['stock'] });
      await client.invalidateQueries({ queryKey: ['notices'] });
    },
  });
}
