/**
 * GET /api/v1/stock (what an organisation holds now, by product and lot) and the recalled stock a
 * recall notice lists: goods received one by one and by their case, sold, sold by the case,
 * returned; another seller never sees it, a regulator of the seller's region does.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../shared/codes/gtin.ts';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, buildOrg, buildProduct, buildRegulator, issueCodes } from '../../../test/factories.ts';

const sscc = () => {
  const body = `0690123${String(crypto.randomInt(0, 1e10)).padStart(10, '0')}`;
  return `(00)${body}${gs1CheckDigit(body)}`;
};

interface Stock { orgId: string; lines: { productName: string; lot: string | null; quantity: number; codes: string[] }[]; cases: { code: string; items: number }[]; truncated: boolean }

describe.each(DB_TARGETS)('stock and recalled stock on %s', (target) => {
  let ctx: TestContext;
  let producer: BuiltOrg;
  let seller: BuiltOrg;
  let other: BuiltOrg;
  let codes: string[];
  let batchId: string;
  const box = sscc();
  const post = async (token: string, action: string, body: unknown) => {
    const res = await ctx.call('POST', `/api/v1/events/${action}`, { token, body });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(201);
  };
  const stockOf = async (token: string, orgId?: string) => {
    const res = await ctx.call('GET', `/api/v1/stock${orgId ? `?orgId=${orgId}` : ''}`, { token });
    return { status: res.statusCode, body: res.statusCode === 200 ? res.json<Stock>() : undefined };
  };

  beforeAll(async () => {
    ctx = await createTestContext(target);
    producer = await buildOrg(ctx, { name: '杭州燃具厂' });
    seller = await buildOrg(ctx, { name: '南京五金商店', region: '320102' });
    other = await buildOrg(ctx, { name: '苏州另一家商店', region: '320505' });
    const product = await buildProduct(ctx, producer, { name: '家用燃气灶' });
    ({ codes, batchId } = await issueCodes(ctx, producer, product, { lot: 'L-STOCK', quantity: 6 }));
    const [c0, c1, c2, c3, c4] = codes;
    await post(producer.token, 'pack', { parent: box, children: [c2, c3] });
    await post(producer.token, 'ship', { codes: [c0, c1, c4, box], to: { orgId: seller.id }, destinationRegion: '320102' });
  });
  afterAll(() => ctx.close());

  it('holds nothing of goods still in transit to it, then what it received, one by one and by the case (200)', async () => {
    expect((await stockOf(seller.token)).body).toEqual({ orgId: seller.id, lines: [], cases: [], truncated: false });
    const [c0, , c2, c3, c4] = codes;
    await post(seller.token, 'receive', { codes: [c0, c4], from: { orgId: producer.id } });
    await post(seller.token, 'receive', { codes: [box], from: { orgId: producer.id } });
    const { status, body } = await stockOf(seller.token);
    expect(status).toBe(200);
    expect(body?.lines).toEqual([expect.objectContaining({ productName: '家用燃气灶', lot: 'L-STOCK', quantity: 4, codes: [c0, c2, c3, c4].sort() })]);
    expect(body?.cases).toEqual([{ code: box, items: 2 }]);
  });

  it('counts each case once when cases are on a pallet: its items, and the pallet its cases', async () => {
    const product = await buildProduct(ctx, producer, { name: '燃气热水器' });
    const { codes: [x0, x1, x2] } = await issueCodes(ctx, producer, product, { lot: 'L-PALLET', quantity: 3 });
    const [caseA, caseB, pallet] = [sscc(), sscc(), sscc()];
    await post(producer.token, 'pack', { parent: caseA, children: [x0, x1] });
    await post(producer.token, 'pack', { parent: caseB, children: [x2] });
    await post(producer.token, 'pack', { parent: pallet, children: [caseA, caseB] });
    const cases = (await stockOf(producer.token)).body?.cases ?? [];
    expect(cases.filter((c) => [caseA, caseB, pallet].includes(c.code)).sort((a, b) => a.code.localeCompare(b.code))).toEqual(
      [{ code: caseA, items: 2 }, { code: caseB, items: 1 }, { code: pallet, items: 2 }].sort((a, b) => a.code.localeCompare(b.code)),
    );
  });

  it('lets a regulator of the seller\'s region read it, and answers 404 to another seller and to a regulator elsewhere', async () => {
    expect((await stockOf(other.token, seller.id)).status).toBe(404);
    expect((await stockOf((await buildRegulator(ctx, ['33'])).token, seller.id)).status).toBe(404);
    const js = await stockOf((await buildRegulator(ctx, ['32'])).token, seller.id);
    expect(js.status).toBe(200);
    expect(js.body?.lines[0]?.quantity).toBe(4);
    // A regulator has no stock of its own: it must name whose.
    expect((await stockOf((await buildRegulator(ctx, ['32'])).token)).status).toBe(400);
  });

  it('lists the recalled goods the seller holds on its notice (the notice counts the one still on its way too)', async () => {
    const opened = await ctx.call('POST', '/api/v1/recalls', { token: producer.token, body: { batchIds: [batchId], reason: '点火器缺陷', instructions: '停止销售，退回生产厂' } });
    expect(opened.statusCode, opened.body).toBe(201);
    const notices = (await ctx.call('GET', '/api/v1/notices', { token: seller.token })).json<{ recallId: string; items: number; stock: { lot: string; quantity: number; codes: string[] }[] }[]>();
    const [c0, , c2, c3, c4] = codes;
    expect(notices).toEqual([expect.objectContaining({ recallId: opened.json().id, items: 5, stock: [expect.objectContaining({ lot: 'L-STOCK', quantity: 4, codes: [c0, c2, c3, c4].sort() })] })]);
  });

  it('leaves out what was sold, sold by the case, and counts what came back', async () => {
    const [c0, , c2, c3, c4] = codes;
    await post(seller.token, 'sell', { codes: [c0] });
    await post(seller.token, 'sell', { codes: [box] });
    let body = (await stockOf(seller.token)).body;
    expect(body?.lines).toEqual([expect.objectContaining({ quantity: 1, codes: [c4] })]);
    expect(body?.cases).toEqual([]);
    await post(seller.token, 'return', { codes: [c2], reason: '顾客退货' });
    body = (await stockOf(seller.token)).body;
    expect(body?.lines).toEqual([expect.objectContaining({ quantity: 2, codes: [c2, c4].sort() })]);
    expect(c3).toBeDefined();
  });
});
