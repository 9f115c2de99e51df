/**
 * The exploits a hostile account tried (issue 10), each refused: nobody records where they don't
 * belong, through the forms or through EPCIS capture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, buildOrg, buildProduct, issueCodes, randomUscc } from '../../../test/factories.ts';
import { type Custody, actOf, eventDenials } from './write-rules.ts';

const held = (holder: string | null, producer: string | null, state: Custody['state'] = 'held'): Custody => ({ producer, holder, state, soldBy: null });

describe('write rules (pure)', () => {
  const A = '00000000-0000-4000-8000-00000000000a';
  const B = '00000000-0000-4000-8000-00000000000b';
  const touch = (c: Custody) => [{ key: 'k', role: 'epc' as const, custody: c }];

  it('lets only the holder ship, sell or destroy, and only the producer inspect', () => {
    for (const act of ['ship', 'sell', 'destroy'] as const) {
      expect(eventDenials(A, act, touch(held(A, A)))).toEqual([]);
      expect(eventDenials(B, act, touch(held(A, A)))).toEqual([{ key: 'k', reason: 'not_holder' }]);
    }
    expect(eventDenials(B, 'inspect', touch(held(B, A)))).toEqual([{ key: 'k', reason: 'not_producer' }]);
    expect(eventDenials(A, 'inspect', touch(held(B, A)))).toEqual([]);
  });

  it('lets the addressee receive, and anyone receive goods shipped outside the platform or never shipped', () => {
    expect(eventDenials(B, 'receive', touch(held(B, A, 'in_transit')))).toEqual([]);
    expect(eventDenials(B, 'receive', touch(held(A, A, 'in_transit')))).toEqual([{ key: 'k', reason: 'not_addressee' }]);
    expect(eventDenials(B, 'receive', touch(held('urn:yima:party:x', A, 'in_transit')))).toEqual([]);
    expect(eventDenials(B, 'receive', touch(held(A, A)))).toEqual([]);
    const c = '00000000-0000-4000-8000-00000000000c';
    expect(eventDenials(B, 'receive', touch(held(c, A)))).toEqual([{ key: 'k', reason: 'not_addressee' }]);
    expect(eventDenials(B, 'receive', touch({ producer: A, holder: 'consumer', state: 'sold', soldBy: c }))).toEqual([{ key: 'k', reason: 'not_addressee' }]);
  });

  it('lets the shop that sold a code take it back, and nobody else', () => {
    const sold: Custody = { producer: A, holder: 'consumer', state: 'sold', soldBy: B };
    expect(eventDenials(B, 'return', touch(sold))).toEqual([]);
    expect(eventDenials('00000000-0000-4000-8000-00000000000c', 'return', touch(sold))).toHaveLength(1);
  });

  it('reads the act from CBV 2.0 bizStep and disposition', () => {
    expect(actOf({ type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'retail_selling', disposition: 'retail_sold' })).toBe('sell');
    expect(actOf({ type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'receiving', disposition: 'returned' })).toBe('return');
    expect(actOf({ type: 'ObjectEvent', action: 'ADD', bizStep: null, disposition: null })).toBe('commission');
    expect(actOf({ type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'holding', disposition: 'recalled' })).toBe('recall');
  });
});

describe.each(DB_TARGETS)('who may record what, on %s', (target) => {
  let ctx: TestContext;
  let producer: BuiltOrg;
  let rival: BuiltOrg;
  let dealer: BuiltOrg;
  let store: BuiltOrg;
  let batch: { batchId: string; codes: string[] };
  const post = (token: string | undefined, action: string, body: unknown) => ctx.call('POST', `/api/v1/events/${action}`, { token, body });

  beforeAll(async () => {
    ctx = await createTestContext(target);
    producer = await buildOrg(ctx, { name: '无锡电动车厂', region: '320205' });
    rival = await buildOrg(ctx, { name: '宁波电缆厂', region: '330203' });
    dealer = await buildOrg(ctx, { name: '南京车行', region: '320102' });
    store = await buildOrg(ctx, { name: '杭州商店', region: '330106' });
    batch = await issueCodes(ctx, producer, await buildProduct(ctx, producer), { lot: 'E-1', quantity: 6 });
    const ship = await post(producer.token, 'ship', { codes: batch.codes.slice(0, 4), to: { orgId: dealer.id }, destinationRegion: '320102' });
    expect(ship.statusCode, ship.body).toBe(201);
    expect((await post(dealer.token, 'receive', { codes: batch.codes.slice(0, 4), from: { orgId: producer.id } })).statusCode).toBe(201);
  });
  afterAll(() => ctx.close());

  it('refuses another organisation\'s inspection of a batch it learnt from 查验 (404, as for no batch), and keeps the scan page clean', async () => {
    const v = (await ctx.call('POST', '/api/v1/verify', { token: rival.token, body: { code: batch.codes[0] } })).json();
    const res = await post(rival.token, 'inspect', { batchId: v.batch.id, result: 'fail', reportNumber: 'EVIL', body: 'x', date: '2026-10-02' });
    expect(res.statusCode, res.body).toBe(404);
    const page = await ctx.call('GET', `/01/${batch.codes[0]?.slice(4, 18)}/21/${batch.codes[0]?.slice(22)}`, { headers: { accept: 'application/json' } });
    expect(page.body).not.toContain('non_conformant');
    expect(page.body).not.toContain('EVIL');
  });

  it('refuses a sale, destruction, shipment or return of codes the caller does not hold (403 record_not_allowed naming the code)', async () => {
    const code = batch.codes[0] ?? '';
    for (const [token, action, body] of [
      [store.token, 'sell', { codes: [code] }],
      [store.token, 'destroy', { codes: [code] }],
      [rival.token, 'ship', { codes: [batch.codes[4]], to: { orgId: store.id }, destinationRegion: '330106' }],
      [rival.token, 'return', { codes: [batch.codes[4]], from: { orgId: producer.id } }],
      [producer.token, 'sell', { codes: [code] }],
    ] as const) {
      const res = await post(token, action, body);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(403);
      expect(res.json()).toMatchObject({ code: 'record_not_allowed', errors: [{ field: 'codes[0]' }] });
    }
    // The dealer that really holds it still buys and sells it cleanly.
    const v = (await ctx.call('POST', '/api/v1/verify', { token: dealer.token, body: { code } })).json();
    expect(v.reasons.map((r: { code: string }) => r.code)).not.toContain('already_sold');
    expect((await post(dealer.token, 'sell', { codes: [code] })).statusCode).toBe(201);
  });

  it('refuses an EPCIS capture of a sale of another\'s code: the job fails with not_holder and 查验 is unchanged', async () => {
    const code = batch.codes[1] ?? '';
    const doc = {
      '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-10-05T00:00:00Z',
      epcisBody: { eventList: [{ type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2026-10-05T10:00:00.000+08:00', eventTimeZoneOffset: '+08:00', epcList: [`https://id.gs1.org/01/${code.slice(4, 18)}/21/${code.slice(22)}`], bizStep: 'retail_selling', disposition: 'retail_sold' }] },
    };
    const res = await ctx.call('POST', '/epcis/capture', { token: rival.token, body: doc, headers: { 'content-type': 'application/ld+json' } });
    expect(res.statusCode).toBe(202);
    await ctx.services.captureJobs.idle();
    const job = (await ctx.call('GET', String(res.headers.location), { token: rival.token })).json();
    expect(job).toMatchObject({ success: false, capturedCount: 0, errors: [{ title: 'not_holder', instance: 'eventList[0].epcList[0]' }] });
    const v = (await ctx.call('POST', '/api/v1/verify', { token: dealer.token, body: { code } })).json();
    expect(v.reasons.map((r: { code: string }) => r.code)).not.toContain('already_sold');
  });

  it('lets only the organisation that captured an event declare it erroneous', async () => {
    const shipped = await post(dealer.token, 'ship', { codes: [batch.codes[2]], to: { orgId: store.id }, destinationRegion: '330106' });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const { event } = shipped.json();
    const declaration = { ...event, errorDeclaration: { declarationTime: '2026-10-06T00:00:00.000Z', reason: 'incorrect_data' } };
    const byRival = await ctx.services.events.capture({ role: 'org_admin', orgId: rival.id, regions: [], username: 'r' }, { behaviour: 'rollback', events: [declaration], context: { yima: 'urn:yima:epcis:' } });
    expect(byRival.errors.map((e) => e.code)).toEqual(['not_capturer']);
    const byDealer = await ctx.services.events.capture({ role: 'org_admin', orgId: dealer.id, regions: [], username: 'd' }, { behaviour: 'rollback', events: [declaration], context: { yima: 'urn:yima:epcis:' } });
    expect(byDealer.errors).toEqual([]);
  });

  it('answers an anonymous shipment 401 whether the named organisation exists or not (no existence oracle)', async () => {
    for (const orgId of [store.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await post(undefined, 'ship', { codes: [batch.codes[5]], to: { orgId }, destinationRegion: '330106' });
      expect(res.statusCode, res.body).toBe(401);
    }
  });

  it('lets a pending organisation record nothing (409 org_not_approved) until a regulator approves it', async () => {
    const uscc = randomUscc('330106');
    const reg = await ctx.call('POST', '/api/v1/registrations', {
      body: { organisation: { name: '待审单位', uscc, address: '杭州', roles: ['producer', 'seller'], contacts: [{ name: '张' }] }, admin: { username: 'pending-admin', password: PASSWORD } },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const token = await ctx.login('pending-admin');
    for (const [action, body] of [['ship', { codes: [batch.codes[5]], to: { orgId: store.id }, destinationRegion: '330106' }], ['destroy', { codes: [batch.codes[5]] }], ['inspect', { batchId: batch.batchId, result: 'fail', reportNumber: 'X', body: 'x', date: '2026-10-02' }]] as const) {
      const res = await post(token, action, body);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(409);
      expect(res.json().code).toBe('org_not_approved');
    }
  });
});
