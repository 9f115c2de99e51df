import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, buildProduct } from '../../../test/factories.ts';

describe.each(DB_TARGETS)('a 1,000,000-code issuance on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  it('completes with a million distinct serials, never holding them all in memory', async () => {
    const org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    const started = Date.now();
    // Heap is sampled after a forced collection, so garbage not yet collected does not count.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const res = await ctx.call('POST', '/api/v1/issuances', {
      token: org.token,
      body: { productId: product.id, lot: 'M1', productionDate: '2026-11-01', quantity: 1_000_000, scheme: 'gs1', requestId: 'million' },
    });
    expect(res.statusCode).toBe(202);
    let peak = 0;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
    }, 1000);
    await ctx.services.issuance.idle();
    clearInterval(sampler);
    const job = (await ctx.call('GET', `/api/v1/issuances/${res.json().id}`, { token: org.token })).json();
    expect(job).toMatchObject({ status: 'done', issued: 1_000_000 });
    const { rows } = await sql<{ n: number; serials: number; seqs: number }>`
      SELECT count(*)::int AS n, count(DISTINCT key)::int AS serials, count(DISTINCT seq)::int AS seqs FROM codes WHERE issuance_id = ${job.id}`.execute(ctx.database.db);
    expect(rows[0]).toEqual({ n: 1_000_000, serials: 1_000_000, seqs: 1_000_000 });
    // A million codes as JS strings alone would take well over 100 MB of heap.
    expect(peak).toBeLessThan(100e6);
    console.log(`${target}: 1,000,000 codes in ${((Date.now() - started) / 1000).toFixed(1)} s, heap growth peak ${Math.round(peak / 1e6)} MB`);
  }, 600_000);
});
