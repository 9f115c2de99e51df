/** HTTP for sign-in, the current actor, users and API keys. */
import { Type } from 'typebox';
import { SESSION_COOKIE } from '../../server/auth-hook.ts';
import type { App } from '../../server/contract.ts';
import type { AuthService } from './auth.service.ts';
import {
  ApiKey, ApiKeyParams, ChangePasswordBody, CreateApiKeyBody, CreateUserBody, ListUsersQuery, LoginBody, LoginResponse, Me, NewApiKey, OrgIdParams, User,
} from './auth.schemas.ts';

export interface AuthRoutesOptions {
  readonly auth: AuthService;
  readonly loginRatePerMinute: number;
  readonly cookieSecure: boolean;
}

export async function authRoutes(app: App, { auth, loginRatePerMinute, cookieSecure }: AuthRoutesOptions) {
  app.post('/api/v1/auth/login', {
    schema: { operationId: 'auth.login', tags: ['auth'], summary: 'Sign in (登录)', body: LoginBody, response: { 200: LoginResponse } },
    config: { rateLimit: { max: loginRatePerMinute, timeWindow: 60_000 } },
    // The answer carries a session token, or says whether one was refused: never kept by a cache.
    onSend: async (_req, reply) => void reply.header('cache-control', 'no-store'),
  }, async (req, reply) => {
    const { username, password } = req.body;
    const result = await auth.login(username, password);
    void reply.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true, sameSite: 'lax', secure: cookieSecure, path: '/', expires: result.expiresAt,
    });
    return { ...result, expiresAt: result.expiresAt.toISOString() };
  });

  app.post('/api/v1/auth/logout', { schema: { operationId: 'auth.logout', tags: ['auth'], summary: 'Sign out', response: { 204: Type.Null() } } }, async (req, reply) => {
    if (req.authToken) await auth.logout(req.authToken);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/v1/auth/me', { schema: { operationId: 'auth.getMe', tags: ['auth'], summary: 'Who am I', response: { 200: Me } } }, async (req) => req.actor);

  app.post('/api/v1/auth/password', {
    schema: { operationId: 'auth.changePassword', tags: ['auth'], summary: 'Change my password (ends my other sessions; this one stays)', body: ChangePasswordBody, response: { 204: Type.Null() } },
    config: { allowExpiredPassword: true },
  }, async (req, reply) => {
    await auth.changePassword(req.actor, req.body.currentPassword, req.body.newPassword, req.authToken);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/users', { schema: { operationId: 'users.list', tags: ['users'], summary: 'List users', querystring: ListUsersQuery, response: { 200: Type.Array(User) } } }, async (req) =>
    auth.listUsers(req.actor, req.query.orgId));

  app.post('/api/v1/users', { schema: { operationId: 'users.create', tags: ['users'], summary: 'Create a user', body: CreateUserBody, response: { 201: User } } }, async (req, reply) =>
    reply.status(201).send(await auth.createUser(req.actor, req.body)));

  app.get('/api/v1/orgs/:orgId/api-keys', { schema: { operationId: 'apiKeys.list', tags: ['api-keys'], summary: "An organisation's API keys", params: OrgIdParams, response: { 200: Type.Array(ApiKey) } } }, async (req) =>
    auth.listApiKeys(req.actor, req.params.orgId));

  app.post('/api/v1/orgs/:orgId/api-keys', {
    schema: { operationId: 'apiKeys.create', tags: ['api-keys'], summary: 'Create an API key (the key is shown once)', params: OrgIdParams, body: CreateApiKeyBody, response: { 201: NewApiKey } },
  }, async (req, reply) =>
    reply.status(201).send(await auth.createApiKey(req.actor, req.params.orgId, req.body.name)));

  app.delete('/api/v1/orgs/:orgId/api-keys/:keyId', {
    schema: { operationId: 'apiKeys.revoke', tags: ['api-keys'], summary: 'Revoke an API key', params: ApiKeyParams, response: { 200: ApiKey } },
  }, async (req) => {
    const { orgId, keyId } = req.params;
    return auth.revokeApiKey(req.actor, orgId, keyId);
  });
}
