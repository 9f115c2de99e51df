import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../shared/codes/gtin.ts';
import { t } from '../../shared/i18n/i18n.ts';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, buildOrg, buildProduct, buildRegulator, issueCodes } from '../../../test/factories.ts';

let ssccSeq = 0;
const sscc = () => {
  const body = `0690123${String(++ssccSeq + Math.floor(Math.random() * 1e6) * 100).padStart(10, '0')}`;
  return `(00)${body}${gs1CheckDigit(body)}`;
};

describe.each(DB_TARGETS)('events, trace, 查验 and recalls on %s', (target) => {
  let ctx: TestContext;
  let producer: BuiltOrg;
  let seller: BuiltOrg;
  let other: BuiltOrg;
  let batch: { batchId: string; codes: string[] };
  let kit: { batchId: string; codes: string[] };
  let product: { id: string };
  const cases = { a: sscc(), b: sscc(), pallet: sscc(), container: sscc() };
  const post = async (token: string, action: string, body: unknown, status = 201) => {
    const res = await ctx.call('POST', `/api/v1/events/${action}`, { token, body });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(status);
    return res.json();
  };

  beforeAll(async () => {
    // A webhook receiver of these tests listens on 127.0.0.1 (an ephemeral port): the operator allows it.
    ctx = await createTestContext(target, { YIMA_OUTBOUND_ALLOW: '127.0.0.1' });
    producer = await buildOrg(ctx, { name: '杭州燃具厂' });
    seller = await buildOrg(ctx, { name: '南京五金商店', region: '320102' });
    other = await buildOrg(ctx, { name: '苏州另一家商店', region: '320505' });
    product = await buildProduct(ctx, producer);
    const kitProduct = await buildProduct(ctx, producer, { name: '燃气灶套装' });
    batch = await issueCodes(ctx, producer, product, { lot: 'L-2026-1', quantity: 4 });
    kit = await issueCodes(ctx, producer, kitProduct, { lot: 'K-1', quantity: 1 });
  });
  afterAll(() => ctx.close());

  it('records inspection, a transformation, three levels of packing, shipping, 查验 and receiving, sale and return as events, and traces them both ways', async () => {
    const [c0, c1, c2, c3] = batch.codes;
    const k0 = kit.codes[0] ?? '';
    await post(producer.token, 'inspect', { batchId: batch.batchId, result: 'pass', reportNumber: 'JC-2026-0042', body: '浙江省质检院', date: '2026-10-02', reportSha256: 'a'.repeat(64) });
    // c3 goes into a kit (a transformation), then items and kit are packed: case → pallet → container.
    const tf = await ctx.services.events.capture({ role: 'org_admin', orgId: producer.id, regions: [], username: 'p' }, {
      behaviour: 'rollback',
      events: [{ type: 'TransformationEvent', eventTime: '2026-10-03T09:00:00.000+08:00', eventTimeZoneOffset: '+08:00', inputEPCList: [`http://localhost:8080/01/${c3?.slice(4, 18)}/21/${c3?.slice(22)}`], outputEPCList: [`http://localhost:8080/01/${k0.slice(4, 18)}/21/${k0.slice(22)}`], bizStep: 'assembling' }],
    });
    expect(tf.errors).toEqual([]);
    await post(producer.token, 'pack', { parent: cases.a, children: [c0, c1] });
    await post(producer.token, 'pack', { parent: cases.b, children: [c2, k0] });
    await post(producer.token, 'pack', { parent: cases.pallet, children: [cases.a, cases.b] });
    await post(producer.token, 'pack', { parent: cases.container, children: [cases.pallet] });
    await post(producer.token, 'ship', { codes: [cases.container], to: { orgId: seller.id }, destinationRegion: '320102' });

    // 查验: shipped to the seller passes for the seller, and fails for another shop (diversion).
    const mine = (await ctx.call('POST', '/api/v1/verify', { token: seller.token, body: { code: c0 } })).json();
    expect(mine).toMatchObject({ verdict: 'pass', registered: true, recalled: false, producer: { name: '杭州燃具厂' }, batch: { lot: 'L-2026-1' }, ccc: { status: 'valid' } });
    const theirs = (await ctx.call('POST', '/api/v1/verify', { token: other.token, lang: 'en', body: { code: c0 } })).json();
    expect(theirs.verdict).toBe('fail');
    expect(theirs.reasons.map((r: { code: string }) => r.code)).toContain('shipped_to_other');
    // Who it was shipped to (flow.consignee, supply-chain level) is not told to a competitor.
    expect(theirs.reasons[0].message).toContain('another organisation');
    expect(JSON.stringify(theirs)).not.toContain('南京五金商店');
    const unknown = (await ctx.call('POST', '/api/v1/verify', { token: seller.token, body: { code: `(01)${c0?.slice(4, 18)}(21)NOPE` } })).json();
    expect(unknown).toMatchObject({ registered: false, verdict: 'fail' });

    // Goods addressed to the seller are the seller's to receive: the other shop may not record it, override or not.
    const refused = await ctx.call('POST', '/api/v1/events/receive', { token: other.token, body: { codes: [c1], from: { orgId: producer.id }, override: { reason: '从南京五金商店调货' } } });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'record_not_allowed', errors: [{ field: 'codes[0]', code: 'not_addressee' }] });

    await post(seller.token, 'receive', { codes: [cases.container], from: { orgId: producer.id } });
    // A transfer between shops is the seller's shipment to the other shop, which 查验 then passes for it.
    await post(seller.token, 'ship', { codes: [c1], to: { orgId: other.id }, destinationRegion: '320505' });
    const transferred = await post(other.token, 'receive', { codes: [c1], from: { orgId: seller.id } });
    expect(transferred.event['yima:verification']).toMatchObject({ verdict: 'pass' });
    const js = await buildRegulator(ctx, ['3205']);
    const seen = await ctx.call('GET', `/epcis/events/${encodeURIComponent(transferred.eventId)}`, { token: js.token });
    expect(seen.statusCode).toBe(200);
    await post(seller.token, 'sell', { codes: [c0] });
    await post(seller.token, 'return', { codes: [c0], reason: '顾客退货' });

    // Backward from the kit: its cases, its input c3, c3's batch, producer and inspection.
    const back = (await ctx.call('GET', `/api/v1/trace/backward?code=${encodeURIComponent(k0)}`, { token: producer.token })).json();
    expect(back.producer.name).toBe('杭州燃具厂');
    expect(back.nodes.map((n: { key: string }) => n.key)).toEqual(expect.arrayContaining([k0, cases.b, cases.pallet, cases.container, c3]));
    expect(back.edges).toEqual(expect.arrayContaining([{ from: k0, to: c3, kind: 'made_from' }, { from: cases.b, to: cases.pallet, kind: 'packed_in' }]));
    expect(back.batches.map((b: { lot: string }) => b.lot)).toEqual(expect.arrayContaining(['K-1', 'L-2026-1']));
    expect(back.inspections).toHaveLength(1);
    expect(back.inspections[0]).toMatchObject({ disposition: 'conformant', bizTransactions: [{ type: 'testres', id: 'urn:yima:report:JC-2026-0042' }] });

    // Forward from the batch: through the transformation and the packing to the seller.
    const fwd = (await ctx.call('GET', `/api/v1/trace/forward?batchId=${batch.batchId}`, { token: producer.token })).json();
    expect(fwd.parties.map((p: { name?: string }) => p.name)).toContain('南京五金商店');
    expect(fwd.nodes.map((n: { key: string }) => n.key)).toEqual(expect.arrayContaining([k0, cases.container]));
    const held = Object.fromEntries(fwd.holders.map((h: { name: string | null; state: string; count: number }) => [`${h.name}|${h.state}`, h.count]));
    // c0 sold then returned (held by the seller), c2 received, c3 became the kit that the seller holds; c1 went on to the other shop.
    expect(held, JSON.stringify(fwd.holders)).toEqual({ '南京五金商店|held': 3, '苏州另一家商店|held': 1 });

    // Another shop's trace shows only what it may see.
    const theirsFwd = (await ctx.call('GET', `/api/v1/trace/forward?batchId=${batch.batchId}`, { token: other.token })).json();
    expect(theirsFwd.complete).toBe(false);
    expect(JSON.stringify(theirsFwd)).not.toContain('JC-2026-0042');
  });

  it('refuses a catalogued product\'s shipping event that lacks what its profile requires, naming the field and the rule, and keeps the profile version of what it accepts', async () => {
    // A code the producer still holds (the batch's went to the seller).
    const fresh = await issueCodes(ctx, producer, product, { lot: 'L-2026-2', quantity: 1 });
    const c = fresh.codes[0] ?? '';
    const uri = `https://id.gs1.org/01/${c.slice(4, 18)}/21/${c.slice(22)}`;
    const event = { type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2026-10-05T10:00:00.000+08:00', eventTimeZoneOffset: '+08:00', epcList: [uri], bizStep: 'shipping' };
    const r = await ctx.services.events.capture({ role: 'org_admin', orgId: producer.id, regions: [], username: 'p' }, { behaviour: 'rollback', events: [event] });
    expect(r.captured).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['required_field_missing', 'required_field_missing']);
    expect(t('en', r.errors[0]?.key ?? 'field.message', r.errors[0]?.params)).toMatch(/Consignee.*flow\.consignee.*default@2024\.1.*destinationList/);
    const ok = await ctx.services.events.capture({ role: 'org_admin', orgId: producer.id, regions: [], username: 'p' }, {
      behaviour: 'rollback',
      context: { yima: 'urn:yima:epcis:' },
      events: [{ ...event, destinationList: [{ type: 'owning_party', destination: `http://localhost:8080/id/uscc/${seller.uscc}` }], 'yima:destinationRegion': '320102' }],
    });
    expect(ok.errors).toEqual([]);
    const row = await ctx.database.db.selectFrom('events').select('profile_version').where('event_id', '=', ok.captured[0]?.eventId ?? '').executeTakeFirstOrThrow();
    expect(row.profile_version).toBe('default@2024.1');
  });

  it('recalls a case with what is packed inside, tells its holder, reports it on every 查验, and follows progress', async () => {
    const [, , c2] = batch.codes;
    const k0 = kit.codes[0] ?? '';
    // The seller wants notices POSTed to its own system.
    const received: { body: string; signature: string }[] = [];
    let fail = true;
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['yima-signature']) });
        res.statusCode = fail ? 503 : 204; // the first attempt fails: the notice is retried
        fail = false;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    expect((await ctx.call('PUT', '/api/v1/notices/webhook', { token: seller.token, body: { url: `http://127.0.0.1:${port}/notices`, secret: 'a-secret-of-the-seller' } })).statusCode).toBe(204);

    const opened = await ctx.call('POST', '/api/v1/recalls', { token: producer.token, body: { codes: [cases.b], reason: '点火器批次缺陷', instructions: '停止销售，退回生产厂' } });
    expect(opened.statusCode, opened.body).toBe(201);
    const recall = opened.json();
    expect(recall.progress).toMatchObject({ affected: 3, inMarket: 3 });
    expect(recall.holders).toEqual([{ holder: seller.id, name: '南京五金商店', items: 3 }]);
    expect(recall.eventId).toMatch(/^ni:\/\/\/sha-256;/);

    await ctx.services.recalls.deliverNotices();
    await ctx.services.recalls.deliverNotices();
    await ctx.services.recalls.deliverNotices();
    receiver.close();
    expect(received).toHaveLength(2);
    const last = received[1] ?? { body: '', signature: '' };
    expect(JSON.parse(last.body)).toMatchObject({ type: 'recall.notice', recallId: recall.id, items: 3 });
    expect(last.signature).toBe(`sha256=${crypto.createHmac('sha256', 'a-secret-of-the-seller').update(last.body).digest('hex')}`);
    const notices = (await ctx.call('GET', '/api/v1/notices', { token: seller.token })).json();
    expect(notices).toEqual([expect.objectContaining({ recallId: recall.id, items: 3, reason: '点火器批次缺陷' })]);
    for (const code of [c2, k0]) {
      const v = (await ctx.call('POST', '/api/v1/verify', { token: seller.token, body: { code } })).json();
      expect(v).toMatchObject({ verdict: 'fail', recalled: true });
      expect(v.reasons.map((r: { code: string }) => r.code)).toContain('recalled');
    }
    const untouched = (await ctx.call('POST', '/api/v1/verify', { token: seller.token, body: { code: batch.codes[1] } })).json();
    expect(untouched.recalled).toBe(false);

    await post(seller.token, 'return', { codes: [c2] });
    // The producer may destroy only what it holds: the seller sends the kit back first.
    const early = await ctx.call('POST', '/api/v1/events/destroy', { token: producer.token, body: { codes: [k0], reason: '召回销毁' } });
    expect(early.statusCode, early.body).toBe(403);
    await post(seller.token, 'ship', { codes: [k0], to: { orgId: producer.id }, destinationRegion: '330106' });
    await post(producer.token, 'return', { codes: [k0], from: { orgId: seller.id }, reason: '召回退回' });
    await post(producer.token, 'destroy', { codes: [k0], reason: '召回销毁' });
    const progress = (await ctx.call('GET', `/api/v1/recalls/${recall.id}`, { token: producer.token })).json();
    expect(progress.progress).toMatchObject({ affected: 3, returned: 1, destroyed: 1, inMarket: 1 });
    // Outside the producer's scope and not notified: not found.
    expect((await ctx.call('GET', `/api/v1/recalls/${recall.id}`, { token: other.token })).statusCode).toBe(404);
    const closed = await ctx.call('POST', `/api/v1/recalls/${recall.id}/close`, { token: producer.token, body: { note: '已全部处理' } });
    expect(closed.json().status).toBe('closed');
    const after = (await ctx.call('POST', '/api/v1/verify', { token: seller.token, body: { code: c2 } })).json();
    expect(after.recalled).toBe(false);
  });
});
