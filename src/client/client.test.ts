import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.ts';
import { DB_TARGETS } from '../../test/db.ts';
import { buildOrg, type BuiltOrg, randomGtin } from '../../test/factories.ts';
import { importsOf, stripComments } from '../../test/import-graph.ts';
import { freePort } from '../../test/process.ts';
import { ApiProblem, ApiUnreachable, createYimaClient, unwrap } from './client.ts';

describe('the typed client is browser-safe', () => {
  it('imports only openapi-fetch and the generated types, and openapi-fetch imports nothing', () => {
    const read = (rel: string) => readFileSync(new URL(rel, import.meta.url), 'utf8');
    expect(importsOf(read('./client.ts')).sort()).toEqual(['./schema.ts', 'openapi-fetch']);
    expect(importsOf(read('./schema.ts'))).toEqual([]);
    const bundle = stripComments(readFileSync(createRequire(import.meta.url).resolve('openapi-fetch').replace(/index\.cjs$/, 'index.mjs'), 'utf8'));
    expect(importsOf(bundle)).toEqual([]);
    expect(bundle).not.toMatch(/\brequire\(|\bBuffer\b/);
  });
});

describe.each(DB_TARGETS)('the typed client against the platform on %s', (target) => {
  let ctx: TestContext;
  let baseUrl: string;
  let org: BuiltOrg;
  beforeAll(async () => {
    ctx = await createTestContext(target);
    baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    org = await buildOrg(ctx);
  });
  afterAll(() => ctx.close());

  const product = (extra: { cccCertificateNumber?: string } = {}) => ({
    orgId: org.id, categoryCode: 'gas-appliance', itemCode: 'household-gas-cooker', name: '家用燃气灶', model: `CLIENT-${randomGtin()}`, standard: 'GB 16410-2020', gtins: [randomGtin()], ...extra,
  });

  it('sends the bearer token and answers the typed data of a 2xx', async () => {
    const api = createYimaClient({ baseUrl, token: org.token });
    const created = await unwrap(api.POST('/api/v1/products', { body: product({ cccCertificateNumber: org.cccNumber }) }));
    expect(created).toMatchObject({ orgId: org.id, categoryCode: 'gas-appliance', cccCertificateNumber: org.cccNumber });
    const got = await unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id: created.id } } }));
    expect(got.id).toBe(created.id);
  });

  it('asks for the token before every request (a token that changes on sign-in)', async () => {
    const session: { token?: string } = {};
    const api = createYimaClient({ baseUrl, token: () => session.token });
    const refused = await unwrap(api.GET('/api/v1/products')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiProblem);
    expect(refused).toMatchObject({ status: 401, code: 'authentication_required' });
    session.token = org.token;
    expect(Array.isArray(await unwrap(api.GET('/api/v1/products')))).toBe(true);
  });

  it('turns a problem into an ApiProblem with its code, detail and field errors, in the language asked for', async () => {
    const refusal = async (locale: string) => {
      const api = createYimaClient({ baseUrl, token: org.token, locale });
      return unwrap(api.POST('/api/v1/products', { body: product() })).then(() => undefined, (e: unknown) => e);
    };
    const en = await refusal('en');
    expect(en).toBeInstanceOf(ApiProblem);
    if (!(en instanceof ApiProblem)) return;
    expect(en.status).toBe(400);
    expect(en.code).toBe('validation_failed');
    expect(en.detail).toMatch(/value\(s\) are not as expected/);
    expect(en.errors).toEqual([expect.objectContaining({ field: 'cccCertificateNumber', code: 'certificate_required' })]);
    expect(en.fieldMessages()).toEqual({ cccCertificateNumber: expect.stringContaining('compulsory-certification (CCC) product') });
    expect(en.problem).toMatchObject({ type: 'urn:yima:problem:validation_failed', status: 400 });
    const zh = await refusal('zh-CN');
    expect(zh).toMatchObject({ status: 400, code: 'validation_failed', detail: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it('leaves a language or token the request sets itself', async () => {
    const api = createYimaClient({ baseUrl, token: 'not-a-token', locale: 'zh-CN' });
    const e = await unwrap(api.POST('/api/v1/products', { body: product(), headers: { authorization: `Bearer ${org.token}`, 'accept-language': 'en' } })).catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 400, code: 'validation_failed', detail: expect.stringMatching(/value\(s\) are not as expected/) });
  });

  it('keeps the status of an error answer that is not a problem (a proxy\'s page), with no code', async () => {
    // The proxy in front of the platform is the one part faked here.
    const api = createYimaClient({ baseUrl, fetch: async () => new Response('<h1>502 Bad Gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }) });
    const e = await unwrap(api.GET('/api/v1/products')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiProblem);
    expect(e).toMatchObject({ status: 502, code: undefined, detail: undefined, errors: [], body: '<h1>502 Bad Gateway</h1>' });
  });

  it('tells an unreachable server (ApiUnreachable, with the URL and the system\'s reason) from an answer, and leaves an abort as it is', async () => {
    const port = await freePort();
    const api = createYimaClient({ baseUrl: `http://127.0.0.1:${port}` });
    const e = await unwrap(api.GET('/api/v1/products')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiUnreachable);
    expect(e).not.toBeInstanceOf(ApiProblem);
    expect(e).toMatchObject({ url: `http://127.0.0.1:${port}/api/v1/products`, reason: `connect ECONNREFUSED 127.0.0.1:${port}` });
    const unknownHost = await unwrap(createYimaClient({ baseUrl: 'http://yima.invalid' }).GET('/api/v1/products')).catch((x: unknown) => x);
    expect(unknownHost).toBeInstanceOf(ApiUnreachable);
    expect((unknownHost as ApiUnreachable).reason).toMatch(/ENOTFOUND|EAI_AGAIN/);
    const aborted = await createYimaClient({ baseUrl }).GET('/api/v1/products', { signal: AbortSignal.abort() }).catch((x: unknown) => x);
    expect(aborted).not.toBeInstanceOf(ApiUnreachable);
    expect((aborted as Error).name).toBe('AbortError');
  });
});
