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
    expect(await seedDemo(ctx.services, password)).toEqual({ orgs: 7, users: 10, products: 7, events: 20 });
    expect(await seedDemo(ctx.services, password)).toEqual({ orgs: 0, users: 0, products: 0, events: 0 });

    const zj = await ctx.login('zj-samr', password);
    const names = (await ctx.call('GET', '/api/v1/orgs', { token: zj })).json().map((o: { name: string }) => o.name).sort();
    expect(names).toEqual(DEMO_ORGS.filter((o) => o.address.startsWith('浙江')).map((o) => o.name).sort());
    const js = await ctx.login('js-samr', password);
    const products = (await ctx.call('GET', '/api/v1/products', { token: js })).json().map((p: { categoryCode: string }) => p.categoryCode).sort();
    expect(products).toEqual(['cold-rolled-ribbed-rebar', 'e-bike']);
    const assoc = await ctx.login('zj-gas-assoc', password);
    expect((await ctx.call('GET', '/api/v1/products', { token: assoc })).json()).toHaveLength(3);
  });

  it('has activity behind every page: events, an open recall with its notice, a contract, a traceable flow', async () => {
    const password = 'demo-password-for-tests-2';
    await seedDemo(ctx.services, password).catch(() => undefined);
    const store = await ctx.login('hz-store', password).catch(() => undefined);
    const zj = await ctx.login('zj-samr', password).catch(() => undefined);
    // The first test set the passwords; this one reuses its accounts.
    const token = store ?? (await ctx.login('hz-store', 'demo-password-for-tests'));
    const regulator = zj ?? (await ctx.login('zj-samr', 'demo-password-for-tests'));
    const notices = (await ctx.call('GET', '/api/v1/notices', { token })).json();
    expect(notices).toEqual([expect.objectContaining({ status: 'open', items: 6 })]);
    const recalls = (await ctx.call('GET', '/api/v1/recalls', { token: regulator })).json();
    expect(recalls).toHaveLength(1);
    const sold = (await ctx.call('GET', '/epcis/events?EQ_disposition=retail_sold', { token: regulator })).json();
    expect(sold.epcisBody.queryResults.resultsBody.eventList.length).toBeGreaterThanOrEqual(4);
    const contracts = (await ctx.call('GET', '/api/v1/custom-records', { token: regulator })).json();
    expect(contracts.items).toEqual([]); // 徐州 is in Jiangsu: not the Zhejiang regulator's
    const js = await ctx.login('js-samr', 'demo-password-for-tests');
    expect((await ctx.call('GET', '/api/v1/custom-records', { token: js })).json().items).toHaveLength(1);
  });
});
