import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type SupplyChain, buildSupplyChain } from '../../../test/supply-chain.ts';

describe.each(DB_TARGETS)('what a recall shows to whom on %s', (target) => {
  let ctx: TestContext;
  let chain: SupplyChain;
  let recallId = '';
  beforeAll(async () => {
    ctx = await createTestContext(target);
    chain = await buildSupplyChain(ctx);
    const opened = await ctx.call('POST', '/api/v1/recalls', { token: chain.producer.token, body: { batchIds: [chain.batchId], reason: '点火器缺陷', instructions: '停止销售，退回生产厂' } });
    expect(opened.statusCode, opened.body).toBe(201);
    recallId = opened.json().id;
  });
  afterAll(() => ctx.close());

  it('shows the producer and the regulator every holder and its stock', async () => {
    for (const token of [chain.producer.token, chain.regulatorZj.token]) {
      const r = (await ctx.call('GET', `/api/v1/recalls/${recallId}`, { token })).json();
      expect(r.holders.map((h: { holder: string }) => h.holder)).toEqual(expect.arrayContaining([chain.sellerA.id, chain.sellerB.id]));
      expect(r.notices.map((n: { orgId: string }) => n.orgId).sort()).toEqual([chain.sellerA.id, chain.sellerB.id].sort());
    }
  });

  it('shows a notified seller its own stock, never a competitor\'s name, id or stock (issue 10)', async () => {
    for (const [me, them] of [[chain.sellerA, chain.sellerB], [chain.sellerB, chain.sellerA]] as const) {
      const res = await ctx.call('GET', `/api/v1/recalls/${recallId}`, { token: me.token });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(them.id);
      expect(res.body).not.toMatch(them === chain.sellerA ? /MARK-SELLER-A/ : /MARK-SELLER-B/);
      const r = res.json();
      expect(r.holders).toEqual([expect.objectContaining({ holder: me.id, items: expect.any(Number) })]);
      expect(r.notices).toEqual([expect.objectContaining({ orgId: me.id })]);
      expect(r).toMatchObject({ reason: '点火器缺陷', instructions: '停止销售，退回生产厂' });
    }
  });
});
