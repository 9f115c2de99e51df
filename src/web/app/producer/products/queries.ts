/** The products screens' server state, through the one API client. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { paths } from '../../../../client/schema.ts';

export type Catalogue = paths['/api/v1/catalog']['get']['responses'][200]['content']['application/json'];
export type Category = Catalogue['list']['document']['categories'][number];
export type Profile = Catalogue['profiles'][number]['document'];
export type ProfileField = Profile['fields'][number];
export type Product = paths['/api/v1/products']['get']['responses'][200]['content']['application/json'][number];
export type NewProductBody = NonNullable<paths['/api/v1/products']['post']['requestBody']>['content']['application/json'];

/** The organisation's products, newest first as the server lists them. */
export function useProducts(orgId: string) {
  return useQuery({ queryKey: ['products', orgId], queryFn: () => data(api.GET('/api/v1/products', { params: { query: { orgId, limit: 500 } } })) });
}

/** The key-product list and the data-requirements profiles in force today. */
export function useCatalogue() {
  return useQuery({ queryKey: ['catalogue'], queryFn: () => data(api.GET('/api/v1/catalog')), staleTime: 10 * 60_000 });
}

export function useCreateProduct(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewProductBody) => data(api.POST('/api/v1/products', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['products', orgId] }),
  });
}
