import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.ts';
import { DB_TARGETS } from '../../test/db.ts';
import { DEMO_ORGS, seedDemo } from './demo.ts';

describe.each(DB_TARGETS)('the demo data set on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  it('loads through the same validation as the API, and gives each province its own regulator view', async () => {
    const password = 'demo-password-for-tests';
    expect(await seedDemo(ctx.services, password)).toEqual({ orgs: 7, users: 10, products: 7 });
    expect(await seedDemo(ctx.services, password)).toEqual({ orgs: 0, users: 0, products: 0 });

    const zj = await ctx.login('zj-samr', password);
    const names = (await ctx.call('GET', '/api/v1/orgs', { token: zj })).json().map((o: { name: string }) => o.name).sort();
    expect(names).toEqual(DEMO_ORGS.filter((o) => o.address.startsWith('浙江')).map((o) => o.name).sort());
    const js = await ctx.login('js-samr', password);
    const products = (await ctx.call('GET', '/api/v1/products', { token: js })).json().map((p: { categoryCode: string }) => p.categoryCode).sort();
    expect(products).toEqual(['cold-rolled-ribbed-rebar', 'e-bike']);
    const assoc = await ctx.login('zj-gas-assoc', password);
    expect((await ctx.call('GET', '/api/v1/products', { token: assoc })).json()).toHaveLength(3);
  });
});
