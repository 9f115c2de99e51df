/**
 * Resolves who is asking, once per request, before any handler: `Authorization: Bearer <session
 * token or API key>` or the browser's session cookie. No credentials → the public actor.
 */
import type { FastifyInstance } from 'fastify';
import { PUBLIC_ACTOR, type Actor } from '../modules/access/actor.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import { AppError } from './errors.ts';

export const SESSION_COOKIE = 'yima_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    authToken: string | undefined;
  }
  interface FastifyContextConfig {
    /** Route stays usable when the actor's password has expired (changing it). */
    allowExpiredPassword?: boolean;
  }
}

export function installAuthHook(app: FastifyInstance, auth: AuthService): void {
  // Fastify forbids object defaults on decorators (they would be shared); set per request instead.
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('authToken', undefined);
  app.addHook('onRequest', async (req) => {
    req.actor = PUBLIC_ACTOR;
    const header = req.headers.authorization;
    const bearer = header && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const token = bearer || req.cookies[SESSION_COOKIE];
    if (!token) return;
    const actor = await auth.authenticate(token);
    req.authToken = token;
    const { mustChangePassword, ...rest } = actor;
    req.actor = Object.freeze(rest);
    if (mustChangePassword && !req.routeOptions.config.allowExpiredPassword) {
      throw new AppError(403, 'password_expired', 'problem.password_expired.detail');
    }
  });
}
