import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, type BuiltProduct, buildOrg, buildProduct, buildRegulator, issueCodes } from '../../../test/factories.ts';

describe.each(DB_TARGETS)('batches and their inspection on %s', (target) => {
  let ctx: TestContext;
  let producer: BuiltOrg;
  let product: BuiltProduct;
  beforeAll(async () => {
    ctx = await createTestContext(target);
    producer = await buildOrg(ctx, { region: '330106' });
    product = await buildProduct(ctx, producer);
  });
  afterAll(() => ctx.close());

  it('registers a batch before any code (201), refuses the same lot again on its lot field (400 lot: batch_exists), and lists it with no inspection', async () => {
    const body = { productId: product.id, lot: 'B-2026-01', productionDate: '2026-11-02' };
    const res = await ctx.call('POST', '/api/v1/batches', { token: producer.token, body });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ orgId: producer.id, productId: product.id, lot: 'B-2026-01', productionDate: '2026-11-02', quantity: 0, inspection: null });
    const again = await ctx.call('POST', '/api/v1/batches', { token: producer.token, lang: 'en', body: { ...body, productionDate: '2026-11-03' } });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toEqual([expect.objectContaining({ field: 'lot', code: 'batch_exists', message: 'lot: lot B-2026-01 is already registered (production date 2026-11-02).' })]);
    const list = (await ctx.call('GET', '/api/v1/batches', { token: producer.token })).json<{ id: string; lot: string }[]>();
    expect(list.map((b) => b.lot)).toContain('B-2026-01');
  });

  it('refuses a batch of another producer’s product as not found, and a lot outside GS1 CSET 82 on its field', async () => {
    const rival = await buildOrg(ctx);
    const res = await ctx.call('POST', '/api/v1/batches', { token: rival.token, body: { productId: product.id, lot: 'X1', productionDate: '2026-11-02' } });
    expect(res.statusCode).toBe(404);
    const bad = await ctx.call('POST', '/api/v1/batches', { token: producer.token, body: { productId: product.id, lot: '批次 1', productionDate: '2026-11-02' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([['lot', 'pattern']]);
  });

  it('records an inspection with the report file’s SM3 and SHA-256 in the event, and shows it with the batch, its codes counted', async () => {
    const issued = await issueCodes(ctx, producer, product, { lot: 'B-2026-02', quantity: 7 });
    const file = Buffer.from('检验报告 JY-2026-0007 %PDF-1.7 …');
    const sm3 = createHash('sm3').update(file).digest('hex');
    const sha256 = createHash('sha256').update(file).digest('hex');
    const bad = await ctx.call('POST', '/api/v1/events/inspect', { token: producer.token, body: { batchId: issued.batchId, result: 'pass', reportNumber: 'JY-2026-0007', date: '2026-11-05', reportSm3: 'XYZ' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['reportSm3']);

    const res = await ctx.call('POST', '/api/v1/events/inspect', {
      token: producer.token, body: { batchId: issued.batchId, result: 'pass', reportNumber: 'JY-2026-0007', body: '浙江省产品质量监督检验研究院', date: '2026-11-05', reportSha256: sha256, reportSm3: sm3 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().event).toMatchObject({ bizStep: 'inspecting', 'yima:reportSha256': sha256, 'yima:reportSm3': sm3 });

    const batch = (await ctx.call('GET', `/api/v1/batches/${issued.batchId}`, { token: producer.token })).json();
    expect(batch).toMatchObject({
      lot: 'B-2026-02', quantity: 7,
      inspection: { eventId: res.json().eventId, result: 'pass', reportNumber: 'JY-2026-0007', body: '浙江省产品质量监督检验研究院', date: '2026-11-05', reportSha256: sha256, reportSm3: sm3 },
    });
  });

  it('lists batches by the one access scope: a regulator of the region sees them, one of another region and another producer do not', async () => {
    const own = await issueCodes(ctx, producer, product, { lot: 'B-2026-03', quantity: 1 });
    const ids = async (token: string) => (await ctx.call('GET', '/api/v1/batches?limit=500', { token })).json<{ id: string }[]>().map((b) => b.id);
    expect(await ids((await buildRegulator(ctx, ['33'])).token)).toContain(own.batchId);
    expect(await ids((await buildRegulator(ctx, ['32'])).token)).not.toContain(own.batchId);
    const rival = await buildOrg(ctx);
    expect(await ids(rival.token)).not.toContain(own.batchId);
    expect((await ctx.call('GET', `/api/v1/batches/${own.batchId}`, { token: rival.token })).statusCode).toBe(404);
  });
});
