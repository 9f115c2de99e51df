import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { BUYER, type SupplyChain, buildSupplyChain } from '../../../test/supply-chain.ts';

describe.each(DB_TARGETS)('disclosure in trace and EPCIS answers on %s', (target) => {
  let ctx: TestContext;
  let chain: SupplyChain;
  beforeAll(async () => {
    // A webhook receiver of these tests listens on 127.0.0.1 (an ephemeral port): the operator allows it.
    ctx = await createTestContext(target, { YIMA_OUTBOUND_ALLOW: '127.0.0.1' });
    chain = await buildSupplyChain(ctx);
  });
  afterAll(() => ctx.close());

  const traces = (c: SupplyChain) => [
    `/api/v1/trace/forward?batchId=${c.batchId}`,
    `/api/v1/trace/backward?code=${encodeURIComponent(c.codes[0] ?? '')}`,
    `/api/v1/trace/forward?code=${encodeURIComponent(c.codes[0] ?? '')}`,
  ];

  it('keeps the owner-only sale.buyer out of the trace for the producer, the association and regulators (issue 10)', async () => {
    for (const [who, token] of [['producer', chain.producer.token], ['association', chain.association.token], ['regulator 33', chain.regulatorZj.token], ['regulator 32', chain.regulatorJs.token]] as const) {
      for (const url of traces(chain)) {
        const res = await ctx.call('GET', url, { token });
        expect(res.statusCode, `${who} ${url}`).toBe(200);
        expect(res.body, `${who} ${url}`).not.toContain(BUYER);
      }
    }
    // The producer still sees the whole journey: both shipments and the sale itself.
    const forward = (await ctx.call('GET', traces(chain)[0] ?? '', { token: chain.producer.token })).json();
    expect(forward.events.map((e: { bizStep: string }) => e.bizStep)).toEqual(expect.arrayContaining(['shipping', 'receiving', 'retail_selling']));
  });

  it('shows each part of an event by its profile field: the producer reads consignees and dates, an association only what is public', async () => {
    type Ev = { bizStep: string; eventTime: string | null; destinations: { orgId?: string; id: string }[]; sources: unknown[] };
    type Fw = { events: Ev[]; holders: { holder: string | null; name: string | null; state: string; count: number }[] };
    const url = traces(chain)[0] ?? '';
    const producer = (await ctx.call('GET', url, { token: chain.producer.token })).json<Fw>();
    const shipments = producer.events.filter((e) => e.bizStep === 'shipping');
    expect(shipments.flatMap((e) => e.destinations.map((d) => d.orgId)).sort()).toEqual([chain.sellerA.id, chain.sellerB.id].sort());
    expect(shipments.every((e) => e.eventTime !== null)).toBe(true);
    expect(producer.holders.map((h) => h.holder)).toEqual(expect.arrayContaining([chain.sellerA.id, chain.sellerB.id]));
    const sale = producer.events.find((e) => e.bizStep === 'retail_selling');
    expect(sale?.eventTime).not.toBeNull(); // sale.date is public
    expect(sale?.destinations).toEqual([]); // sale.buyer is the seller's own

    // The association (public level): no consignee, no ship or purchase date, no holder named.
    const assoc = await ctx.call('GET', url, { token: chain.association.token });
    const a = assoc.json<Fw>();
    expect(a.events.filter((e) => e.bizStep === 'shipping').every((e) => e.eventTime === null && e.destinations.length === 0)).toBe(true);
    expect(a.events.filter((e) => e.bizStep === 'receiving').every((e) => e.eventTime === null && e.sources.length === 0)).toBe(true);
    expect(a.holders.every((h) => h.holder === null || h.holder === 'consumer')).toBe(true);
    expect(a.holders.reduce((n, h) => n + h.count, 0)).toBe(chain.codes.length);
    expect(assoc.body).not.toMatch(/MARK-SELLER-[AB]/);
  });

  it('shows the sale.buyer to the seller that recorded the sale, and to the admin', async () => {
    const mine = await ctx.call('GET', `/api/v1/trace/forward?code=${encodeURIComponent(chain.codes[0] ?? '')}`, { token: chain.sellerA.token });
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(BUYER);
    const admin = await ctx.call('GET', traces(chain)[0] ?? '', { token: ctx.adminToken });
    expect(admin.body).toContain(BUYER);
  });

  it('keeps the sale.buyer out of EPCIS query results and named queries for a regulator of the seller\'s region', async () => {
    const q = '/epcis/events?EQ_bizStep=retail_selling';
    const reg = await ctx.call('GET', q, { token: chain.regulatorJs.token });
    expect(reg.statusCode).toBe(200);
    const events = reg.json().epcisBody.queryResults.resultsBody.eventList;
    expect(events.length).toBeGreaterThan(0);
    expect(reg.body).not.toContain(BUYER);
    const byId = await ctx.call('GET', `/epcis/events/${encodeURIComponent(events[0].eventID)}`, { token: chain.regulatorJs.token });
    expect(byId.statusCode).toBe(200);
    expect(byId.body).not.toContain(BUYER);
    const named = await ctx.call('POST', '/epcis/queries', { token: chain.regulatorJs.token, body: { name: 'sales', query: { EQ_bizStep: ['retail_selling'] } } });
    expect(named.statusCode, named.body).toBe(201);
    const run = await ctx.call('GET', '/epcis/queries/sales/events', { token: chain.regulatorJs.token });
    expect(run.statusCode).toBe(200);
    expect(run.body).not.toContain(BUYER);
    // The seller that recorded the sale gets it whole.
    expect((await ctx.call('GET', q, { token: chain.sellerA.token })).body).toContain(BUYER);
    // An association sees its member's events only where their time is public (EPCIS requires eventTime).
    const member = (await ctx.call('GET', '/epcis/events', { token: chain.association.token })).json().epcisBody.queryResults.resultsBody.eventList as { bizStep: string }[];
    expect(member.some((e) => e.bizStep === 'shipping')).toBe(false);
  });

  it('keeps the sale.buyer out of the webhook a regulator\'s subscription receives', async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect((await ctx.call('POST', '/epcis/queries', { token: chain.regulatorJs.token, body: { name: 'sales-hook', query: { EQ_bizStep: ['retail_selling'] } } })).statusCode).toBe(201);
      const sub = await ctx.call('POST', '/epcis/queries/sales-hook/subscriptions', { token: chain.regulatorJs.token, body: { dest: `http://127.0.0.1:${port}/hook`, stream: true } });
      expect(sub.statusCode, sub.body).toBe(201);
      const sold = await ctx.call('POST', '/api/v1/events/sell', { token: chain.sellerA.token, body: { codes: [chain.codes[1] ?? ''], channel: 'b2b', buyer: { name: `${BUYER}-2` } } });
      expect(sold.statusCode, sold.body).toBe(201);
      for (let round = 0; round < 20 && received.length === 0; round++) await ctx.services.subscriptionDelivery.deliverDue();
      expect(received.length).toBeGreaterThan(0);
      const events = received.flatMap((b) => JSON.parse(b).epcisBody.queryResults.resultsBody.eventList as { eventID: string }[]);
      expect(events.map((e) => e.eventID)).toContain(sold.json().eventId);
      for (const body of received) expect(body).not.toContain(BUYER);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
