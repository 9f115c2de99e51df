import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type SupplyChain, buildSupplyChain } from '../../../test/supply-chain.ts';
import { createOutboundGuard } from '../../server/outbound-guard.ts';
import { createRecallsService } from './recalls.service.ts';

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
      db: ctx.database.db, access: services.access, events: services.events, trace: services.trace, ledger: services.ledger.append,
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
