import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, buildProduct, issueCodes } from '../../../test/factories.ts';
import { type SupplyChain, buildSupplyChain } from '../../../test/supply-chain.ts';
import { createOutboundGuard } from '../../server/outbound-guard.ts';
import { createRecallsService } from './recalls.service.ts';

interface Recall { id: string; orgId: string; status: string; openedByRole: string; progress?: { affected: number }; holders: { holder: string; items: number }[]; notices: { orgId: string; items: number }[] }

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

  const post = async (token: string, action: string, body: unknown) => {
    const res = await ctx.call('POST', `/api/v1/events/${action}`, { token, body });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(201);
  };
  /** Ships `codes` from the producer to `seller`, who receives them. */
  const deliver = async (codes: string[], seller: BuiltOrg) => {
    await post(chain.producer.token, 'ship', { codes, to: { orgId: seller.id }, destinationRegion: seller === chain.sellerA ? '320102' : '320505' });
    await post(seller.token, 'receive', { codes, from: { orgId: chain.producer.id } });
  };
  const open = (token: string, body: Record<string, unknown>) =>
    ctx.call('POST', '/api/v1/recalls', { token, body: { reason: '点火器缺陷', instructions: '停止销售，退回生产厂', ...body } });
  /** The ids of the open recalls 查验 (as the seller) and the public scan page (JSON) report for `code`; both must agree. */
  const recallsShownFor = async (code: string) => {
    const v = (await ctx.call('POST', '/api/v1/verify', { token: chain.sellerA.token, body: { code } })).json<{ recalled: boolean; recalls: { id: string }[]; reasons: { code: string }[] }>();
    const scan = await ctx.call('GET', `/scan?code=${encodeURIComponent(code)}`, { headers: { accept: 'application/json' } });
    expect(scan.statusCode, scan.body).toBe(200);
    const page = scan.json<{ recalls: { id: string }[] }>();
    const ids = v.recalls.map((r) => r.id);
    expect(page.recalls.map((r) => r.id)).toEqual(ids);
    expect(v.reasons.some((r) => r.code === 'recalled')).toBe(ids.length > 0);
    expect(v.recalled).toBe(ids.length > 0);
    return ids;
  };
  const noticesOf = async (org: BuiltOrg) =>
    (await ctx.call('GET', '/api/v1/notices', { token: org.token })).json<{ recallId: string; items: number }[]>();
  const byHolder = (r: Recall) => Object.fromEntries(r.holders.map((h) => [h.holder, h.items]));

  it('recalls a batch: every code of it and no other, its holders notified, and 查验 and the scan page show it', async () => {
    const r = (await ctx.call('GET', `/api/v1/recalls/${recallId}`, { token: chain.producer.token })).json<Recall>();
    expect(r).toMatchObject({ status: 'open', orgId: chain.producer.id, openedByRole: 'org_admin', progress: { affected: 6 } });
    expect(byHolder(r)).toEqual({ [chain.sellerA.id]: 1, [chain.sellerB.id]: 2, [chain.producer.id]: 2, consumer: 1 });
    expect((await noticesOf(chain.sellerA)).filter((n) => n.recallId === recallId)).toEqual([expect.objectContaining({ items: 1 })]);
    expect((await noticesOf(chain.sellerB)).filter((n) => n.recallId === recallId)).toEqual([expect.objectContaining({ items: 2 })]);
    for (const code of chain.codes) expect(await recallsShownFor(code), code).toEqual([recallId]);
    const page = await ctx.call('GET', `/scan?code=${encodeURIComponent(chain.codes[5] ?? '')}`, { headers: { accept: 'text/html' } });
    expect(page.body).toMatch(/<section class="recall" id="recall" role="alert">.*点火器缺陷.*停止销售，退回生产厂/s);
    // The same product, another batch: not recalled.
    const other = await issueCodes(ctx, chain.producer, chain.product, { lot: 'LOT-NOT-RECALLED', quantity: 1 });
    expect(await recallsShownFor(other.codes[0] ?? '')).toEqual([]);
  });

  it('recalls by production dates: the product\'s batches made from productionFrom to productionTo, both days included, and notifies only their holders', async () => {
    const product = await buildProduct(ctx, chain.producer);
    const lot = (productionDate: string) => issueCodes(ctx, chain.producer, product, { lot: `D-${productionDate}`, productionDate, quantity: 2 });
    const [before, first, last, after] = [await lot('2026-09-30'), await lot('2026-10-01'), await lot('2026-10-31'), await lot('2026-11-01')];
    const [f0 = '', f1 = ''] = first.codes;
    const [l0 = '', l1 = ''] = last.codes;
    await deliver([f0, l0], chain.sellerA);
    await deliver([before.codes[0] ?? '', after.codes[0] ?? ''], chain.sellerB);

    // Dates narrow products: a batch has one production date already.
    const refused = await open(chain.producer.token, { batchIds: [first.batchId], productionFrom: '2026-10-01', productionTo: '2026-10-31' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'productIds', code: 'required' }] });
    expect(refused.json().errors).toHaveLength(1);

    const opened = await open(chain.producer.token, { productIds: [product.id], productionFrom: '2026-10-01', productionTo: '2026-10-31' });
    expect(opened.statusCode, opened.body).toBe(201);
    const r = opened.json<Recall>();
    expect(r).toMatchObject({ progress: { affected: 4 }, scope: { productIds: [product.id], productionFrom: '2026-10-01', productionTo: '2026-10-31' } });
    expect(byHolder(r)).toEqual({ [chain.sellerA.id]: 2, [chain.producer.id]: 2 });
    // Seller B holds only codes made outside the dates: no notice, and the recall is not its to read.
    expect(r.notices).toEqual([expect.objectContaining({ orgId: chain.sellerA.id, items: 2 })]);
    expect((await noticesOf(chain.sellerA)).some((n) => n.recallId === r.id)).toBe(true);
    expect((await noticesOf(chain.sellerB)).some((n) => n.recallId === r.id)).toBe(false);
    expect((await ctx.call('GET', `/api/v1/recalls/${r.id}`, { token: chain.sellerB.token })).statusCode).toBe(404);
    for (const code of [f0, f1, l0, l1]) expect(await recallsShownFor(code), code).toEqual([r.id]);
    for (const code of [...before.codes, ...after.codes]) expect(await recallsShownFor(code), code).toEqual([]);
  });

  it('lets a regulator of the producer\'s region open a recall, which the producer, the holders, 查验 and the scan page then see', async () => {
    const { batchId, codes } = await issueCodes(ctx, chain.producer, chain.product, { lot: 'LOT-REGULATOR', quantity: 3 });
    await deliver([codes[0] ?? ''], chain.sellerB);
    const opened = await open(chain.regulatorZj.token, { batchIds: [batchId], reason: '监督抽查不合格' });
    expect(opened.statusCode, opened.body).toBe(201);
    const r = opened.json<Recall>();
    expect(r).toMatchObject({ orgId: chain.producer.id, openedByRole: 'regulator', progress: { affected: 3 } });
    expect(byHolder(r)).toEqual({ [chain.sellerB.id]: 1, [chain.producer.id]: 2 });
    expect(r.notices).toEqual([expect.objectContaining({ orgId: chain.sellerB.id, items: 1 })]);
    expect((await noticesOf(chain.sellerB)).find((n) => n.recallId === r.id)).toMatchObject({ items: 1, reason: '监督抽查不合格' });
    const mine = await ctx.call('GET', `/api/v1/recalls/${r.id}`, { token: chain.producer.token });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ openedByRole: 'regulator', progress: { affected: 3 } });
    const listed = (await ctx.call('GET', '/api/v1/recalls', { token: chain.producer.token })).json<{ id: string }[]>();
    expect(listed.map((x) => x.id)).toContain(r.id);
    for (const code of codes) expect(await recallsShownFor(code), code).toEqual([r.id]);
  });

  it('refuses a regulator of another region as if the batch, product or code were unknown, and opens nothing', async () => {
    const { batchId, codes: [code = ''], product } = await issueCodes(ctx, chain.producer, undefined, { lot: 'LOT-OTHER-REGION', quantity: 1 });
    const countOf = async () => (await ctx.call('GET', '/api/v1/recalls', { token: chain.producer.token })).json<unknown[]>().length;
    const count = await countOf();
    for (const [scope, status, field] of [[{ batchIds: [batchId] }, 400, 'batchIds[0]'], [{ productIds: [product.id] }, 400, 'productIds[0]'], [{ codes: [code] }, 404, undefined]] as const) {
      const res = await open(chain.regulatorJs.token, scope);
      expect(res.statusCode, res.body).toBe(status);
      if (field) expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ field, code: 'not_found' }] });
    }
    expect(await countOf()).toBe(count);
    expect(await recallsShownFor(code)).toEqual([]);
  });

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

describe.each(DB_TARGETS)('where recall notices may be POSTed on %s', (target) => {
  let ctx: TestContext;
  let chain: SupplyChain;
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(req.url ?? '/');
      res.writeHead(204).end();
    });
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as AddressInfo).port;
    // The seller's receiver is internal (127.0.0.1): the operator allows exactly its port.
    ctx = await createTestContext(target, { YIMA_OUTBOUND_ALLOW: `127.0.0.1:${port}` });
    chain = await buildSupplyChain(ctx);
  });
  afterAll(async () => {
    await ctx.close();
    receiver.closeAllConnections();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  const setWebhook = (url: string, lang?: string) =>
    ctx.call('PUT', '/api/v1/notices/webhook', { token: chain.sellerA.token, body: { url, secret: 'a-secret-of-seller-a' }, ...(lang && { lang }) });

  it('refuses a webhook url that is, or resolves to, a loopback, private, link-local or metadata address with 400 naming url (issue 10)', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1:5432/', 'http://[::1]:5432/', 'http://localhost:5432/', 'http://0.0.0.0/',
      'http://[::ffff:169.254.169.254]/', 'http://[fd00:ec2::254]/', 'http://100.100.100.200/latest/meta-data/', `http://127.0.0.1:${port + 1}/notices`,
    ]) {
      const res = await setWebhook(url, 'en');
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toMatchObject({ code: 'validation_failed', errors: [{ field: 'url', code: 'destination_internal', message: expect.stringContaining('YIMA_OUTBOUND_ALLOW') }] });
    }
    const zh = await setWebhook('http://10.0.0.1:5432/');
    expect(zh.json().errors[0].message).toBe('url：10.0.0.1 不是公网地址（属于本机回环、内网、链路本地、云服务器元数据或其他内部地址）；平台只向公网地址发送，除非运维人员在 YIMA_OUTBOUND_ALLOW 中放行该目标。');
    expect((await setWebhook(`http://127.0.0.1:${port}/notices`)).statusCode).toBe(204);
  });

  it('records a notice to a destination no longer allowed as a failed delivery with the reason, sends it nothing, and shows the holder why (issue 10)', async () => {
    expect((await setWebhook(`http://127.0.0.1:${port}/notices`)).statusCode).toBe(204);
    const opened = await ctx.call('POST', '/api/v1/recalls', { token: chain.producer.token, body: { batchIds: [chain.batchId], reason: '阀门缺陷', instructions: '停止销售' } });
    expect(opened.statusCode, opened.body).toBe(201);
    const recallId = opened.json().id;
    // The operator has since taken 127.0.0.1 off the allow-list: this delivery allows nothing.
    const { services } = ctx;
    const strict = createRecallsService({
      db: ctx.database.db, access: services.access, events: services.events, graph: services.eventGraph, codes: services.issuance.registry,
      products: services.products.registry, orgs: services.orgsDirectory, ledger: services.ledger.append,
      clock: () => new Date(), publicUrl: ctx.config.publicUrl, outbound: createOutboundGuard({ allow: [] }),
    });
    await strict.deliverNotices();
    expect(received).toEqual([]);
    const notice = (await ctx.call('GET', '/api/v1/notices', { token: chain.sellerA.token })).json().find((n: { recallId: string }) => n.recallId === recallId);
    expect(notice).toMatchObject({
      deliveredAt: null, deliveryAttempts: 1,
      lastDeliveryError: 'refused: 127.0.0.1 is not a public address (loopback); an operator may allow it in YIMA_OUTBOUND_ALLOW',
    });
    // Where it is allowed, the next round delivers it.
    await services.recalls.deliverNotices();
    expect(received).toEqual(['/notices']);
    const delivered = (await ctx.call('GET', '/api/v1/notices', { token: chain.sellerA.token })).json().find((n: { recallId: string }) => n.recallId === recallId);
    expect(delivered).toMatchObject({ deliveredAt: expect.any(String), lastDeliveryError: 'refused: 127.0.0.1 is not a public address (loopback); an operator may allow it in YIMA_OUTBOUND_ALLOW' });
  });
});
