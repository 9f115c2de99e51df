import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.ts';
import { DB_TARGETS } from '../../test/db.ts';

describe.each(DB_TARGETS)('HTTP basics on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  it('answers /healthz with the database it uses', async () => {
    const res = await ctx.call('GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: target });
  });

  it('serves OpenAPI 3.1 at /openapi.json listing the API, and the browsable docs at /docs', async () => {
    const res = await ctx.call('GET', '/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/orgs', '/api/v1/registrations', '/api/v1/products', '/api/v1/catalog']));
    const docs = await ctx.call('GET', '/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('sends security headers and echoes a request id', async () => {
    const res = await ctx.call('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    const generated = await ctx.call('GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a validation failure with problem+json naming each field, in Chinese by default', async () => {
    const res = await ctx.call('POST', '/api/v1/orgs', { token: ctx.adminToken, body: { name: '', uscc: '91350100M000100Y4Y', roles: ['maker'], contacts: [], extra: 1 } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ type: 'urn:yima:problem:validation_failed', status: 400, code: 'validation_failed', title: '请求数据有误', instance: '/api/v1/orgs' });
    const fields = Object.fromEntries(body.errors.map((e: { field: string; code: string; message: string }) => [e.field, e]));
    expect(fields.name).toMatchObject({ code: 'too_short', message: 'name：至少 1 个字符。' });
    expect(fields.address).toMatchObject({ code: 'required' });
    expect(fields['roles[0]']).toMatchObject({ code: 'enum', expected: 'producer, seller' });
    expect(fields.contacts).toMatchObject({ code: 'too_few' });
    expect(fields.extra).toMatchObject({ code: 'unknown_field' });
  });

  it('words the same problem in English for Accept-Language: en', async () => {
    const res = await ctx.call('POST', '/api/v1/orgs', { token: ctx.adminToken, lang: 'en-US,en;q=0.9', body: { name: 'x', uscc: 'x', address: 'a', roles: ['producer'], contacts: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-language']).toBe('en');
    expect(res.json()).toMatchObject({ title: 'Invalid request data', errors: [{ field: 'contacts', message: 'contacts: expected at least 1 items.' }] });
  });

  it('answers malformed JSON and unknown routes as problems too', async () => {
    const bad = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: 'urn:yima:problem:validation_failed', errors: [{ field: 'body', code: 'json' }] });
    const missing = await ctx.call('GET', '/api/v1/nothing-here', { lang: 'en' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'route_not_found', detail: 'There is no GET /api/v1/nothing-here in this API.' });
  });
});
