import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { REPORTER, type SupplyChain, buildSupplyChain } from '../../../test/supply-chain.ts';

describe.each(DB_TARGETS)('who reads a consumer\'s problem report on %s', (target) => {
  let ctx: TestContext;
  let chain: SupplyChain;
  beforeAll(async () => {
    ctx = await createTestContext(target);
    chain = await buildSupplyChain(ctx);
  });
  afterAll(() => ctx.close());

  it('shows the reporter\'s contact to the regulator of the producer\'s region, as the scan page promises', async () => {
    const seen = (await ctx.call('GET', '/api/v1/scan-reports', { token: chain.regulatorZj.token })).json();
    expect(seen).toEqual([expect.objectContaining({ message: '火焰不稳', contact: REPORTER })]);
  });

  it('shows the reported producer the report without the reporter\'s contact (issue 10)', async () => {
    const res = await ctx.call('GET', '/api/v1/scan-reports', { token: chain.producer.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([expect.objectContaining({ message: '火焰不稳', category: 'quality' })]);
    expect(res.body).not.toContain(REPORTER);
  });
});
