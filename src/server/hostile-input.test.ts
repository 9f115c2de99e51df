/**
 * Hostile input gets a 4xx problem naming the field, never a 500 (issue 10): each request the
 * issue found answering 500, plain JSON or a silent coercion, replayed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.ts';
import { DB_TARGETS } from '../../test/db.ts';
import { type BuiltOrg, buildOrg, buildProduct, issueCodes } from '../../test/factories.ts';

interface Problem { type: string; code: string; status: number; detail: string; errors?: { field: string; code: string; message: string }[] }

describe.each(DB_TARGETS)('hostile input, on %s', (target) => {
  let ctx: TestContext;
  let org: BuiltOrg;
  let issuanceId: string;
  let batchId: string;
  let codes: string[];

  beforeAll(async () => {
    ctx = await createTestContext(target);
    org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    ({ batchId, codes } = await issueCodes(ctx, org, product, { quantity: 2 }));
    issuanceId = (await ctx.database.db.selectFrom('issuances').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => ctx.close());

  /** Calls with a raw JSON text (JSON.stringify keeps lone surrogates as \ud800 escapes). */
  const send = (method: string, url: string, body?: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${org.token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers }, ...(body !== undefined && { payload: body }) });

  const refused = (res: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T; body: string }, status = 400) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    return res.json<Problem>();
  };
  const fields = (p: Problem) => (p.errors ?? []).map((e) => `${e.field} ${e.code}`);

  it('refuses a NUL character in a body field, a query value or a path segment, naming it', async () => {
    const product = { orgId: org.id, categoryCode: 'gas-appliance', itemCode: 'household-gas-cooker', name: 'a\u0000b', model: 'M1', standard: 'GB 16410-2020', cccCertificateNumber: org.cccNumber };
    expect(fields(refused(await send('POST', '/api/v1/products', JSON.stringify(product))))).toEqual(['name nul_character']);
    expect(fields(refused(await send('GET', '/api/v1/products?categoryCode=%00')))).toEqual(['querystring.categoryCode nul_character']);
    expect(fields(refused(await send('GET', '/epcis/events/%00')))).toEqual(['params.eventID nul_character']);
    const scan = refused(await ctx.app.inject({ method: 'GET', url: '/id/%00/%00' }));
    expect(fields(scan)).toContain('params.scheme nul_character');
    // And in the language asked for.
    const en = refused(await send('GET', '/api/v1/products?categoryCode=a%00', undefined, { 'accept-language': 'en' }));
    expect(en.errors?.[0]?.message).toBe('querystring.categoryCode: the NUL character (U+0000) is not allowed.');
  });

  it('refuses lone surrogates in recalls, inspections, shipments, receipts and catalogue loads', async () => {
    const lone = '"\\ud800x"';
    const cases: [string, string, string][] = [
      ['/api/v1/recalls', `{"batchIds":["${batchId}"],"reason":${lone},"instructions":"停止销售"}`, 'reason'],
      ['/api/v1/events/inspect', `{"batchId":"${batchId}","result":"pass","reportNumber":${lone},"body":"检验所","date":"2026-10-01"}`, 'reportNumber'],
      ['/api/v1/events/ship', `{"codes":[${lone}],"to":{"orgId":"${org.id}"}}`, 'codes[0]'],
      ['/api/v1/events/receive', `{"codes":["${codes[0]}"],"from":{"name":${lone}}}`, 'from.name'],
      ['/api/v1/catalog/lists', `{"docId":${lone}}`, 'docId'],
    ];
    for (const [url, body, field] of cases) {
      const p = refused(await send('POST', url, body));
      expect(fields(p), url).toContain(`${field} lone_surrogate`);
    }
    // A well-formed pair (an emoji, a rare CJK character outside the BMP) is ordinary text.
    const ok = await send('GET', `/api/v1/products?categoryCode=${encodeURIComponent('𠀀😀')}`);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('range-checks numbers: offsets, ledger leaves, label sequence numbers, infinities', async () => {
    expect(fields(refused(await send('GET', '/api/v1/products?offset=1e308')))).toEqual(['querystring.offset maximum']);
    expect(fields(refused(await send('GET', '/api/v1/products?limit=Infinity')))).toEqual(['querystring.limit not_finite']);
    expect(fields(refused(await send('GET', '/api/v1/ledger/leaves/99999999999999999999')))).toEqual(['params.index maximum']);
    expect(fields(refused(await send('GET', '/api/v1/ledger/leaves/1e400')))).toEqual(['params.index not_finite']);
    const label = await send('GET', `/api/v1/issuances/${issuanceId}/codes/99999999999/label`);
    expect(label.statusCode, label.body).toBeGreaterThanOrEqual(400);
    expect(label.statusCode).toBeLessThan(500);
    // JSON.parse reads 1e400 as Infinity: refused, not stored or compared.
    const issue = refused(await send('POST', '/api/v1/issuances', `{"productId":"00000000-0000-4000-8000-000000000000","lot":"L","productionDate":"2026-10-01","quantity":1e400,"scheme":"gs1"}`));
    expect(fields(issue)).toContain('quantity not_finite');
  });

  it('refuses a 5,000-deep document at the depth limit, not by overflowing the stack', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const p = refused(await send('POST', '/epcis/events', deep));
    expect(p.type).toBe('epcisException:ValidationException');
    expect(p.errors?.[0]?.code).toBe('too_deep');
    expect(p.errors?.[0]?.field).toMatch(/^a(\.a){63}$/);
    const capture = refused(await send('POST', '/epcis/capture', deep, { 'content-type': 'application/ld+json' }));
    expect(capture.errors?.[0]?.code).toBe('too_deep');
  });

  it('does not coerce arrays, numbers or booleans into string fields of a body', async () => {
    const base = { orgId: org.id, categoryCode: 'gas-appliance', itemCode: 'household-gas-cooker', model: 'M2', standard: 'GB 16410-2020', cccCertificateNumber: org.cccNumber };
    for (const name of [['x'], 5, true]) {
      const p = refused(await send('POST', '/api/v1/products', JSON.stringify({ ...base, name })));
      expect(fields(p), JSON.stringify(name)).toEqual(['name type']);
    }
    // A query is text: its numbers and repeated values are still read as the schema says.
    const list = await send('GET', '/api/v1/products?limit=1&offset=0');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<unknown[]>()).toHaveLength(1);
  });

  it('answers malformed %-encoding and other unreadable requests in problem+json, in the caller\'s language', async () => {
    for (const url of ['/api/v1/products/%E0%A4%A', '/epcis/events/%ZZ', '/id/%C0/%AF', '/01/%E4%B8']) {
      const p = refused(await ctx.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en' } }));
      expect(p.code, url).toBe('malformed_url');
      expect(p.detail).toMatch(/%-escape/);
    }
    const zh = refused(await ctx.app.inject({ method: 'GET', url: '/api/v1/products/%E0%A4%A', headers: { 'accept-language': 'zh-CN' } }));
    expect(zh.detail).toMatch(/转义/);
    const json = refused(await send('POST', '/api/v1/products', '{"name": '));
    expect(fields(json)).toEqual(['body json']);
    const proto = refused(await send('POST', '/api/v1/products', '{"__proto__": {"admin": true}}'));
    expect(fields(proto)).toEqual(['body json']);
    const media = refused(await send('POST', '/api/v1/products', '<product/>', { 'content-type': 'application/xml' }), 415);
    expect(media.code).toBe('unsupported_media_type');
  });
});
