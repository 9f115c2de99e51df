import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, PASSWORD, createTestContext, type TestContext } from '../../test/app.ts';
import { DB_TARGETS } from '../../test/db.ts';
import { type BuiltOrg, buildOrg } from '../../test/factories.ts';

describe.each(DB_TARGETS)('caching of answers to signed-in callers on %s', (target) => {
  let ctx: TestContext;
  let org: BuiltOrg;
  let apiKey = '';
  beforeAll(async () => {
    ctx = await createTestContext(target);
    org = await buildOrg(ctx);
    apiKey = (await ctx.call('POST', `/api/v1/orgs/${org.id}/api-keys`, { token: org.token, body: { name: 'ERP' } })).json().key;
  });
  afterAll(() => ctx.close());

  it('marks every answer to a request with a bearer token, an API key or the session cookie no-store, errors included (issue 10)', async () => {
    const credentials: Record<string, Record<string, string>> = {
      bearer: { authorization: `Bearer ${org.token}` },
      'API key': { authorization: `Bearer ${apiKey}` },
      'session cookie': { cookie: `yima_session=${org.token}` },
    };
    for (const [kind, headers] of Object.entries(credentials)) {
      for (const url of ['/api/v1/auth/me', `/api/v1/orgs/${org.id}`, '/api/v1/products', '/epcis/events', '/api/v1/catalog', '/api/v1/no-such-route', '/healthz']) {
        const res = await ctx.call('GET', url, { headers });
        expect(res.statusCode, `${kind} ${url}`).toBeLessThan(500);
        expect(res.headers['cache-control'], `${kind} ${url} (${res.statusCode})`).toBe('no-store');
      }
    }
    // A credential that is given but not valid is answered 401, not cached either.
    const bogus = await ctx.call('GET', '/api/v1/auth/me', { token: 'yst_not-a-session' });
    expect(bogus.statusCode).toBe(401);
    expect(bogus.headers['cache-control']).toBe('no-store');
  });

  it('drops a session cookie whose session ended and answers as to the public, so the browser can sign in again', async () => {
    const token = await ctx.login(org.username);
    expect((await ctx.call('POST', '/api/v1/auth/logout', { token })).statusCode).toBe(204);
    const stale = { cookie: `yima_session=${token}` };
    const me = await ctx.call('GET', '/api/v1/auth/me', { headers: stale });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ role: 'public', regions: [] });
    expect(String(me.headers['set-cookie'])).toMatch(/^yima_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await ctx.call('GET', '/api/v1/products', { headers: stale })).statusCode).toBe(401);
    const again = await ctx.call('POST', '/api/v1/auth/login', { headers: stale, body: { username: org.username, password: PASSWORD } });
    expect(again.statusCode).toBe(200);
    // The same token as a bearer is refused.
    expect((await ctx.call('GET', '/api/v1/auth/me', { token })).statusCode).toBe(401);
  });

  it('replaces a route\'s weaker caching for signed-in callers and keeps it for the public', async () => {
    // The resolver description is public and cacheable for an hour; asked with credentials it is no-store.
    expect((await ctx.call('GET', '/.well-known/gs1resolver')).headers['cache-control']).toBe('public, max-age=3600');
    expect((await ctx.call('GET', '/.well-known/gs1resolver', { token: org.token })).headers['cache-control']).toBe('no-store');
    expect((await ctx.call('GET', '/healthz')).headers['cache-control']).toBeUndefined();
  });

  it('marks sign-in answers no-store, whether they issue a session or refuse one', async () => {
    const ok = await ctx.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    const refused = await ctx.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    await ctx.login('admin', ADMIN_PASSWORD); // clears the failure count
  });
});
