/** The organisation's people and API keys, through the one API client. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { components } from '../../../../client/schema.ts';

export type User = components['schemas']['User'];
export type ApiKey = components['schemas']['ApiKey'];
export type NewUserBody = components['schemas']['CreateUserBody'];

export function useUsers(orgId: string) {
  return useQuery({ queryKey: ['users', orgId], queryFn: () => data(api.GET('/api/v1/users', { params: { query: { orgId } } })) });
}

export function useCreateUser(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUserBody) => data(api.POST('/api/v1/users', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users', orgId] }),
  });
}

export function useApiKeys(orgId: string) {
  return useQuery({ queryKey: ['api-keys', orgId], queryFn: () => data(api.GET('/api/v1/orgs/{orgId}/api-keys', { params: { path: { orgId } } })) });
}

/** Creates a key; the answer carries its secret, which the server never shows again. */
export function useCreateApiKey(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => data(api.POST('/api/v1/orgs/{orgId}/api-keys', { params: { path: { orgId } }, body: { name } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-keys', orgId] }),
  });
}

export function useRevokeApiKey(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => data(api.DELETE('/api/v1/orgs/{orgId}/api-keys/{keyId}', { params: { path: { orgId, keyId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-keys', orgId] }),
  });
}
