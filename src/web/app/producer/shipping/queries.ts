/** The shipping screen's calls, through the one API client. */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { paths } from '../../../../client/schema.ts';

export type ShipBody = NonNullable<paths['/api/v1/events/ship']['post']['requestBody']>['content']['application/json'];
export type Partner = paths['/api/v1/partners']['get']['responses'][200]['content']['application/json'][number];

/** Approved sellers whose name holds `q`, or whose USCC is `q` (at least 2 characters). */
export function usePartners(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: ['partners', query],
    enabled: query.length >= 2,
    placeholderData: keepPreviousData,
    queryFn: () => data(api.GET('/api/v1/partners', { params: { query: { q: query, limit: 20 } } })),
  });
}

/** Records the shipment: one ObjectEvent (shipping, in_transit) naming every code. */
export function useShip() {
  return useMutation({ mutationFn: (body: ShipBody) => data(api.POST('/api/v1/events/ship', { body })) });
}
