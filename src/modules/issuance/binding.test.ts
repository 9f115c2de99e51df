import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, buildProduct } from '../../../test/factories.ts';

describe.each(DB_TARGETS)('binding existing codes on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  it('binds GS1 element strings, Digital Links of any domain and another system\'s own codes, with one ledger record', async () => {
    const org = await buildOrg(ctx, { name: '已有系统企业' });
    const product = await buildProduct(ctx, org);
    const gtin = product.gtins[0] ?? '';
    const res = await ctx.call('POST', '/api/v1/bindings', {
      token: org.token,
      body: { productId: product.id, namespace: 'erp.factory-a', codes: [`(01)${gtin}(21)SN0001`, `https://id.example.com/01/${gtin}/21/SN0002`, `\u001d01${gtin}21SN0003`.replace('\u001d', ']d2'), 'FA-2026-000042'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.bound.map((b: { canonical: string }) => b.canonical)).toEqual([`(01)${gtin}(21)SN0001`, `(01)${gtin}(21)SN0002`, `(01)${gtin}(21)SN0003`, expect.stringContaining('FA-2026-000042')]);
    expect(body.bound[0].digitalLink).toBe(`http://localhost:8080/01/${gtin}/21/SN0001`);
    expect(body.rejected).toEqual([]);
    const [leaf] = await ctx.services.ledger.subjectLeaves(body.bindingId);
    expect({ type: leaf?.type, record: leaf?.fields }).toMatchObject({ type: 'binding', record: { count: 4, productId: product.id } });
  });

  it('binds nothing when one code is invalid, naming the code and the position, unless partial binding is asked for', async () => {
    const org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    const gtin = product.gtins[0] ?? '';
    const bad = `(01)${gtin.slice(0, 13)}${(Number(gtin.at(-1)) + 1) % 10}(21)X`;
    const codes = [`(01)${gtin}(21)OK1`, bad, '91350100M000100Y43'];
    const res = await ctx.call('POST', '/api/v1/bindings', { token: org.token, lang: 'en', body: { productId: product.id, codes } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: 'codes[1]', code: 'code_invalid', position: expect.any(Number), message: expect.stringContaining('check digit') }),
      expect.objectContaining({ field: 'codes[2]', code: 'code_not_bindable' }),
    ]);
    const partial = await ctx.call('POST', '/api/v1/bindings', { token: org.token, lang: 'en', body: { productId: product.id, codes, partial: true } });
    expect(partial.statusCode).toBe(201);
    expect(partial.json().bound.map((b: { index: number }) => b.index)).toEqual([0]);
    expect(partial.json().rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([[1, 'code_invalid'], [2, 'code_not_bindable']]);
  });

  it('answers 409 for a code already on the platform, naming the owner only to those who may see it', async () => {
    const a = await buildOrg(ctx, { name: '先登记的企业' });
    const b = await buildOrg(ctx);
    const pa = await buildProduct(ctx, a, { gtins: [] });
    const pb = await buildProduct(ctx, b, { gtins: [] });
    await ctx.call('POST', '/api/v1/bindings', { token: a.token, body: { productId: pa.id, namespace: 'shared.sys', codes: ['ABC-1'] } });
    const clash = await ctx.call('POST', '/api/v1/bindings', { token: b.token, body: { productId: pb.id, namespace: 'shared.sys', codes: ['ABC-1', 'ABC-2'] } });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('code_taken');
    expect(clash.body).not.toContain('先登记的企业');
    const asAdmin = await ctx.call('POST', '/api/v1/bindings', { token: ctx.adminToken, body: { productId: pb.id, namespace: 'shared.sys', codes: ['ABC-1'] } });
    expect(asAdmin.body).toContain('先登记的企业');
    // All or nothing: ABC-2 was not bound by the refused request.
    const again = await ctx.call('POST', '/api/v1/bindings', { token: b.token, body: { productId: pb.id, namespace: 'shared.sys', codes: ['ABC-2'] } });
    expect(again.statusCode).toBe(201);
  });
});
