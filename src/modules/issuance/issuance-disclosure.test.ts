import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type SupplyChain, buildSupplyChain } from '../../../test/supply-chain.ts';

describe.each(DB_TARGETS)('what an issuance shows to whom on %s', (target) => {
  let ctx: TestContext;
  let chain: SupplyChain;
  let jobId = '';
  beforeAll(async () => {
    ctx = await createTestContext(target);
    chain = await buildSupplyChain(ctx);
    const res = await ctx.call('POST', '/api/v1/issuances', { token: chain.producer.token, body: { productId: chain.product.id, lot: 'LOT-EXPORT', productionDate: '2026-10-01', quantity: 7, scheme: 'gs1', requestId: crypto.randomUUID() } });
    expect(res.statusCode, res.body).toBe(202);
    jobId = res.json().id;
    await ctx.services.issuance.idle();
  });
  afterAll(() => ctx.close());

  it('exports the codes (CSV, labels) to the producer only; an association in scope gets 404 there and the job without its quantity', async () => {
    const own = await ctx.call('GET', `/api/v1/issuances/${jobId}/codes.csv`, { token: chain.producer.token });
    expect(own.statusCode).toBe(200);
    expect(own.body.trim().split('\n')).toHaveLength(8);
    for (const url of [`/api/v1/issuances/${jobId}/codes.csv`, `/api/v1/issuances/${jobId}/labels.pdf`, `/api/v1/issuances/${jobId}/codes/1/label`]) {
      expect((await ctx.call('GET', url, { token: chain.producer.token })).statusCode, url).toBe(200);
      expect((await ctx.call('GET', url, { token: chain.association.token })).statusCode, url).toBe(404);
    }
    const job = await ctx.call('GET', `/api/v1/issuances/${jobId}`, { token: chain.association.token });
    expect(job.statusCode).toBe(200);
    expect(job.json()).toMatchObject({ id: jobId, status: 'done' });
    expect(job.json().quantity).toBeUndefined();
    // batch.quantity is supply-chain level: the regulator of the producer's region reads it.
    expect((await ctx.call('GET', `/api/v1/issuances/${jobId}`, { token: chain.regulatorZj.token })).json()).toMatchObject({ quantity: 7, issued: 7 });
    expect((await ctx.call('GET', `/api/v1/issuances/${jobId}`, { token: chain.producer.token })).json()).toMatchObject({ quantity: 7 });
  });
});
