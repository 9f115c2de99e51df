import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './app.ts';
import { DB_TARGETS } from './db.ts';
import { buildOrg, buildProduct, issueCodes } from './factories.ts';

describe.each(DB_TARGETS)('factories build the parents they are not given, on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  const productOf = async (id: string, token: string) => (await ctx.call('GET', `/api/v1/products/${id}`, { token })).json<{ orgId: string; name: string }>();

  it('builds a product of a new producer when given no org, with or without overrides', async () => {
    const bare = await buildProduct(ctx);
    expect((await productOf(bare.id, bare.org.token)).orgId).toBe(bare.org.id);
    const named = await buildProduct(ctx, { name: '燃气灶套装' });
    expect(named.org.id).not.toBe(bare.org.id);
    expect(await productOf(named.id, named.org.token)).toMatchObject({ orgId: named.org.id, name: '燃气灶套装' });
    const org = await buildOrg(ctx);
    const mine = await buildProduct(ctx, org, { name: '嵌入式燃气灶' });
    expect(mine.org).toBe(org);
    expect(await productOf(mine.id, org.token)).toMatchObject({ orgId: org.id, name: '嵌入式燃气灶' });
  });

  it('issues codes of a new product and producer when given neither, and of a given product\'s own producer', async () => {
    const fresh = await issueCodes(ctx, { quantity: 2 });
    expect(fresh.codes).toHaveLength(2);
    const v = (await ctx.call('POST', '/api/v1/verify', { token: fresh.org.token, body: { code: fresh.codes[0] } })).json();
    expect(v).toMatchObject({ registered: true, producer: { orgId: fresh.org.id }, product: { id: fresh.product.id }, batch: { id: fresh.batchId } });

    const product = await buildProduct(ctx);
    const ofProduct = await issueCodes(ctx, undefined, product, { quantity: 1, lot: 'F-1' });
    expect(ofProduct.org).toBe(product.org);
    expect(ofProduct.product.id).toBe(product.id);

    const org = await buildOrg(ctx);
    const ofOrg = await issueCodes(ctx, org);
    expect(ofOrg.org).toBe(org);
    expect(ofOrg.codes).toHaveLength(5);
    expect((await productOf(ofOrg.product.id, org.token)).orgId).toBe(org.id);
  });
});
