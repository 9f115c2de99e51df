/** The binding screen's server state, through the one API client. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { paths } from '../../../../client/schema.ts';

export type BindBody = NonNullable<paths['/api/v1/bindings']['post']['requestBody']>['content']['application/json'];
export type BindResult = paths['/api/v1/bindings']['post']['responses'][201]['content']['application/json'];
export type Batch = paths['/api/v1/batches']['get']['responses'][200]['content']['application/json'][number];

/** The product's registered batches (lots), for the optional lot of a binding. */
export function useBatches(productId: string | undefined) {
  return useQuery({
    queryKey: ['batches', { productId }],
    enabled: productId !== undefined,
    queryFn: () => data(api.GET('/api/v1/batches', { params: { query: { productId: productId ?? '', limit: 500 } } })),
  });
}

export function useBind() {
  return useMutation({ mutationFn: (body: BindBody) => data(api.POST('/api/v1/bindings', { body })) });
}
