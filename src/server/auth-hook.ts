/**
 * Resolves who is asking, once per request, before any handler: `Authorization: Bearer <session
 * token or API key>` or the browser's session cookie. No credentials → the public actor.
 * Every answer to a request that carried credentials is `Cache-Control: no-store`.
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

/** `no-store` already, alone or with other directives (nothing is stricter). */
const NO_STORE = /(^|,)\s*no-store\s*(,|$)/i;

export function installAuthHook(app: FastifyInstance, auth: AuthService): void {
  // Fastify forbids object defaults on decorators (they would be shared); set per request instead.
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('authToken', undefined);
  app.addHook('onRequest', async (req, reply) => {
    req.actor = PUBLIC_ACTOR;
    const header = req.headers.authorization;
    const bearer = header && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const token = bearer || req.cookies[SESSION_COOKIE];
    if (!token) return;
    let actor: Awaited<ReturnType<AuthService['authenticate']>>;
    try {
      actor = await auth.authenticate(token);
    } catch (err) {
      // A browser's cookie whose session ended (signed out elsewhere, a password change, an
      // account disabled) is dropped and the request goes on as the public's: otherwise the stale
      // cookie would refuse everything, sign-in included. A bearer token given is answered 401.
      if (bearer || !(err instanceof AppError) || err.status !== 401) throw err;
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    req.authToken = token;
    const { mustChangePassword, ...rest } = actor;
    req.actor = Object.freeze(rest);
    if (mustChangePassword && !req.routeOptions.config.allowExpiredPassword) {
      throw new AppError(403, 'password_expired', 'problem.password_expired.detail');
    }
  });
  // An answer to a signed-in caller is that caller's: no browser, proxy or CDN may keep it
  // (OWASP ASVS 8.2.1), errors included (a 401 says a token was tried). A route's own weaker
  // caching (public, max-age) is meant for the public answer, not this one.
  app.addHook('onSend', async (req, reply) => {
    // cookies is unset when a request fails before the cookie plugin's onRequest (a bad URL).
    if (req.headers.authorization === undefined && req.cookies?.[SESSION_COOKIE] === undefined) return;
    const current = reply.getHeader('cache-control');
    if (typeof current === 'string' && NO_STORE.test(current)) return;
    void reply.header('cache-control', 'no-store');
  });
}
