import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, PASSWORD, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg } from '../../../test/factories.ts';

describe.each(DB_TARGETS)('sign-in, sessions, lockout and password policy on %s', (target) => {
  let ctx: TestContext;
  let now = new Date('2026-11-25T08:00:00Z');
  beforeAll(async () => {
    ctx = await createTestContext(target, { YIMA_LOGIN_MAX_FAILURES: '3', YIMA_LOGIN_LOCK_SECONDS: '600', YIMA_PASSWORD_MAX_AGE_DAYS: '90', YIMA_PASSWORD_CLASSES: '2' }, () => now);
  });
  afterAll(() => ctx.close());

  it('signs in with a token that works as Bearer and as the HTTP-only SameSite session cookie', async () => {
    const res = await ctx.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'admin-password-for-tests' } });
    expect(res.statusCode).toBe(200);
    const { token, user, passwordChangeRequired } = res.json();
    expect(user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(passwordChangeRequired).toBe(false);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^yima_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect((await ctx.call('GET', '/api/v1/auth/me', { token })).json()).toMatchObject({ role: 'admin', username: 'admin' });
    const viaCookie = await ctx.call('GET', '/api/v1/auth/me', { headers: { cookie: `yima_session=${token}` } });
    expect(viaCookie.json()).toMatchObject({ role: 'admin' });
  });

  it('answers a wrong password and an unknown user alike with 401 invalid_credentials', async () => {
    const wrong = await ctx.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'nope' } });
    const unknown = await ctx.call('POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(unknown.json().detail).toBe(wrong.json().detail);
    await ctx.login('admin', 'admin-password-for-tests'); // resets the failure count
  });

  it('rejects an unknown or signed-out token with 401 instead of treating it as the public', async () => {
    const bogus = await ctx.call('GET', '/api/v1/auth/me', { token: 'yst_not-a-token' });
    expect(bogus.statusCode).toBe(401);
    expect(bogus.json().code).toBe('authentication_required');
    const token = await ctx.login('admin', 'admin-password-for-tests');
    expect((await ctx.call('POST', '/api/v1/auth/logout', { token })).statusCode).toBe(204);
    expect((await ctx.call('GET', '/api/v1/auth/me', { token })).statusCode).toBe(401);
  });

  it('locks an account after 3 failures in a row, even for the right password, until the lock expires', async () => {
    const org = await buildOrg(ctx);
    for (let i = 0; i < 3; i++) expect((await ctx.call('POST', '/api/v1/auth/login', { body: { username: org.username, password: 'wrong' } })).statusCode).toBe(401);
    const right = await ctx.call('POST', '/api/v1/auth/login', { body: { username: org.username, password: PASSWORD } });
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('invalid_credentials');
    // The user list tells the lock by the same clock as sign-in does.
    const locked = async () => (await ctx.call('GET', `/api/v1/users?orgId=${org.id}`, { token: ctx.adminToken })).json<{ username: string; locked: boolean }[]>().find((u) => u.username === org.username)?.locked;
    expect(await locked()).toBe(true);
    now = new Date(now.getTime() + 599_000);
    expect((await ctx.call('POST', '/api/v1/auth/login', { body: { username: org.username, password: PASSWORD } })).statusCode).toBe(401);
    now = new Date(now.getTime() + 2_000);
    expect(await locked()).toBe(false);
    expect((await ctx.call('POST', '/api/v1/auth/login', { body: { username: org.username, password: PASSWORD } })).statusCode).toBe(200);
  });

  it('answers a locked account, an unknown user and a wrong password alike: 401 invalid_credentials, same body and headers (issue 10)', async () => {
    const locked = await buildOrg(ctx);
    const known = await buildOrg(ctx);
    const attempt = (username: string, password: string) => ctx.call('POST', '/api/v1/auth/login', { body: { username, password }, lang: 'en' });
    // The attempt that locks the account answers like the others too.
    const answers = [await attempt(locked.username, 'wrong'), await attempt(locked.username, 'wrong'), await attempt(locked.username, 'wrong')];
    answers.push(await attempt(locked.username, PASSWORD), await attempt(locked.username, 'wrong'));
    answers.push(await attempt('nobody-at-all', 'wrong'), await attempt(known.username, 'wrong'));
    // What differs between any two answers by design: the request id, the time, the rate-limit counter.
    const varying = new Set(['date', 'x-request-id', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
    const shape = (res: (typeof answers)[number]) => {
      const { requestId, ...body } = res.json();
      expect(requestId).toEqual(expect.any(String));
      return { status: res.statusCode, body, headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => !varying.has(k))) };
    };
    const [first, ...rest] = answers.map(shape);
    expect(first).toMatchObject({ status: 401, body: { code: 'invalid_credentials', status: 401 } });
    expect(first?.headers['retry-after']).toBeUndefined();
    for (const other of rest) expect(other).toEqual(first);
  });

  it('ends every other session of the user when the password changes, keeping the one that changed it (issue 10)', async () => {
    const org = await buildOrg(ctx); // signed in once: org.token
    const other = await ctx.login(org.username);
    const viaCookie = await ctx.login(org.username);
    const someoneElse = await buildOrg(ctx);
    for (const token of [org.token, other]) expect((await ctx.call('GET', '/api/v1/auth/me', { token })).statusCode).toBe(200);

    const change = await ctx.call('POST', '/api/v1/auth/password', { token: org.token, body: { currentPassword: PASSWORD, newPassword: 'A-new-password-2026' } });
    expect(change.statusCode, change.body).toBe(204);

    expect((await ctx.call('GET', '/api/v1/auth/me', { token: org.token })).json()).toMatchObject({ username: org.username });
    const ended = await ctx.call('GET', '/api/v1/auth/me', { token: other });
    expect(ended.statusCode).toBe(401);
    expect(ended.json().code).toBe('authentication_required');
    // A browser's cookie of an ended session no longer names the user: the request goes on as the
    // public's (so the browser can sign in again), the cookie is cleared, and what needs a user is 401.
    const staleMe = await ctx.call('GET', '/api/v1/auth/me', { headers: { cookie: `yima_session=${viaCookie}` } });
    expect(staleMe.json()).not.toHaveProperty('username');
    expect(String(staleMe.headers['set-cookie'])).toMatch(/yima_session=;/);
    const staleWrite = await ctx.call('POST', '/api/v1/auth/password', { headers: { cookie: `yima_session=${viaCookie}` }, body: { currentPassword: 'A-new-password-2026', newPassword: 'Another-password-2026' } });
    expect(staleWrite.statusCode).toBe(401);
    // Other users' sessions are untouched; the new password signs in, the old one no more.
    expect((await ctx.call('GET', '/api/v1/auth/me', { token: someoneElse.token })).statusCode).toBe(200);
    expect((await ctx.call('POST', '/api/v1/auth/login', { body: { username: org.username, password: PASSWORD } })).statusCode).toBe(401);
    expect((await ctx.call('POST', '/api/v1/auth/login', { body: { username: org.username, password: 'A-new-password-2026' } })).statusCode).toBe(200);
  });

  it('applies the configured password policy to new users', async () => {
    const short = await ctx.call('POST', '/api/v1/users', { token: ctx.adminToken, body: { username: 'reg-short', password: 'short1', role: 'regulator', regions: ['33'] } });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([expect.objectContaining({ field: 'password', code: 'password_too_short' })]);
    const oneClass = await ctx.call('POST', '/api/v1/users', { token: ctx.adminToken, body: { username: 'reg-one', password: 'onlylowercaseletters', role: 'regulator', regions: ['33'] } });
    expect(oneClass.json().errors).toEqual([expect.objectContaining({ field: 'password', code: 'password_classes' })]);
  });

  it('asks for a new password once the configured maximum age has passed, and allows nothing else until then', async () => {
    const org = await buildOrg(ctx);
    now = new Date(now.getTime() + 91 * 86_400_000);
    const res = await ctx.call('POST', '/api/v1/auth/login', { body: { username: org.username, password: PASSWORD } });
    expect(res.json().passwordChangeRequired).toBe(true);
    const token = res.json().token;
    const blocked = await ctx.call('GET', `/api/v1/orgs/${org.id}`, { token });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('password_expired');
    const change = await ctx.call('POST', '/api/v1/auth/password', { token, body: { currentPassword: PASSWORD, newPassword: 'Another-good-password' } });
    expect(change.statusCode).toBe(204);
    expect((await ctx.call('GET', `/api/v1/orgs/${org.id}`, { token })).statusCode).toBe(200);
  });
});

describe.each(DB_TARGETS)('login rate limit on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target, { YIMA_LOGIN_RATE_PER_MINUTE: '3' });
  });
  afterAll(() => ctx.close());

  it('limits login attempts per client address with 429 problem+json', async () => {
    // createTestContext signed in once already.
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await ctx.call('POST', '/api/v1/auth/login', { body: { username: 'x', password: 'y' } })).statusCode);
    expect(codes).toEqual([401, 401, 429]);
    const res = await ctx.call('POST', '/api/v1/auth/login', { body: { username: 'x', password: 'y' }, lang: 'en' });
    expect(res.json()).toMatchObject({ code: 'rate_limited', status: 429 });
  });
});

describe.each(DB_TARGETS)('API keys on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  it('shows a new key once, authenticates as its organisation, records last use, and stops working when revoked', async () => {
    const org = await buildOrg(ctx);
    const created = await ctx.call('POST', `/api/v1/orgs/${org.id}/api-keys`, { token: org.token, body: { name: 'ERP 系统' } });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^yk_[0-9a-f]{32}\.[\w-]{43}$/);

    const listed = await ctx.call('GET', `/api/v1/orgs/${org.id}/api-keys`, { token: org.token });
    expect(listed.json()).toEqual([expect.objectContaining({ id, name: 'ERP 系统', lastUsedAt: null, revokedAt: null })]);
    expect(listed.body).not.toContain(key.split('.')[1]);

    const me = await ctx.call('GET', '/api/v1/auth/me', { token: key });
    expect(me.json()).toMatchObject({ role: 'org_operator', apiKeyId: id, orgId: org.id });
    expect((await ctx.call('GET', `/api/v1/orgs/${org.id}`, { token: key })).statusCode).toBe(200);
    const after = (await ctx.call('GET', `/api/v1/orgs/${org.id}/api-keys`, { token: org.token })).json();
    expect(after[0].lastUsedAt).not.toBeNull();

    const revoked = await ctx.call('DELETE', `/api/v1/orgs/${org.id}/api-keys/${id}`, { token: org.token });
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await ctx.call('GET', '/api/v1/auth/me', { token: key })).statusCode).toBe(401);
    const tampered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect((await ctx.call('GET', '/api/v1/auth/me', { token: tampered })).statusCode).toBe(401);
  });

  it('keeps keys to their organisation: another organisation gets 404, an API key cannot mint keys (403)', async () => {
    const a = await buildOrg(ctx);
    const b = await buildOrg(ctx);
    const key = (await ctx.call('POST', `/api/v1/orgs/${a.id}/api-keys`, { token: a.token, body: { name: 'k' } })).json().key;
    expect((await ctx.call('GET', `/api/v1/orgs/${a.id}/api-keys`, { token: b.token })).statusCode).toBe(404);
    expect((await ctx.call('POST', `/api/v1/orgs/${a.id}/api-keys`, { token: b.token, body: { name: 'x' } })).statusCode).toBe(404);
    expect((await ctx.call('GET', `/api/v1/orgs/${b.id}`, { token: key })).statusCode).toBe(404);
    const mint = await ctx.call('POST', `/api/v1/orgs/${a.id}/api-keys`, { token: key, body: { name: 'x' } });
    expect(mint.statusCode).toBe(403);
  });
});
