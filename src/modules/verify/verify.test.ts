import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, type BuiltProduct, buildOrg, buildProduct, buildRegulator, issueCodes, randomLicence } from '../../../test/factories.ts';

interface Reason { code: string; severity: 'pass' | 'warn' | 'fail'; message: string }
interface Verified { code: string; registered: boolean; verdict: 'pass' | 'warn' | 'fail'; reasons: Reason[]; [k: string]: unknown }

const HAN = /\p{Script=Han}/u;

/** Every reason the service can give, read from its source: a reason added there without a scenario here fails below. */
const SOURCE = fs.readFileSync(path.join(import.meta.dirname, 'verify.service.ts'), 'utf8');
const REASONS_IN_SOURCE = [...new Set([...SOURCE.matchAll(/\(\s*'([a-z_]+)',\s*'(?:pass|warn|fail)'/g)].map((m) => m[1]))].sort();

describe.each(DB_TARGETS)('seller 查验 (POST /api/v1/verify) on %s', (target) => {
  let ctx: TestContext;
  let producer: BuiltOrg;
  let sellerA: BuiltOrg;
  let sellerB: BuiltOrg;
  let product: BuiltProduct;
  let codes: string[];
  let batchId: string;
  const produced = new Set<string>();

  const post = async (token: string, action: string, body: unknown) => {
    const res = await ctx.call('POST', `/api/v1/events/${action}`, { token, body });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(201);
  };

  /**
   * 查验 of `code` as `token`, in 中文 and in English: the same verdict and reasons both times,
   * each message in its language. `quoted` are words the message repeats from the records (an
   * organisation's name), which are in whatever language they were written.
   */
  const verifyOn = async (on: TestContext, token: string, code: string, quoted: readonly string[] = []) => {
    const [zhRes, enRes] = [await on.call('POST', '/api/v1/verify', { token, lang: 'zh-CN', body: { code } }), await on.call('POST', '/api/v1/verify', { token, lang: 'en', body: { code } })];
    expect(zhRes.statusCode, zhRes.body).toBe(200);
    expect(enRes.statusCode, enRes.body).toBe(200);
    const zh = zhRes.json<Verified>();
    const en = enRes.json<Verified>();
    expect(en.verdict).toBe(zh.verdict);
    expect(en.reasons.map((r) => [r.code, r.severity])).toEqual(zh.reasons.map((r) => [r.code, r.severity]));
    zh.reasons.forEach((z, i) => {
      const e = en.reasons[i]?.message ?? '';
      expect(z.message, z.code).toMatch(HAN);
      expect(e, z.code).toMatch(/[A-Za-z]{3,}/);
      expect(quoted.reduce((m, q) => m.replaceAll(q, ''), e), `${z.code}: ${e}`).not.toMatch(HAN);
      expect(e).not.toBe(z.message);
      produced.add(z.code);
    });
    return { zh, en, codes: zh.reasons.map((r) => r.code) };
  };
  const verify = (token: string, code: string, quoted: readonly string[] = []) => verifyOn(ctx, token, code, quoted);

  beforeAll(async () => {
    ctx = await createTestContext(target);
    producer = await buildOrg(ctx, { name: '杭州燃具厂', region: '330106' });
    sellerA = await buildOrg(ctx, { name: '南京五金商店', region: '320102' });
    sellerB = await buildOrg(ctx, { name: '苏州另一家商店', region: '320505' });
    product = await buildProduct(ctx, producer);
    ({ codes, batchId } = await issueCodes(ctx, producer, product, { lot: 'V-1', quantity: 10 }));
  });
  afterAll(() => ctx.close());

  it('passes a code shipped to the seller checking it, with reason ok and the facts of its product, batch, producer and certificates', async () => {
    const code = codes[0] ?? '';
    await post(producer.token, 'ship', { codes: [code], to: { orgId: sellerA.id }, destinationRegion: '320102' });
    const { zh, en, codes: reasons } = await verify(sellerA.token, code);
    expect(reasons).toEqual(['ok']);
    expect(zh).toMatchObject({
      code, registered: true, verdict: 'pass', recalled: false, recalls: [], state: 'in_transit',
      product: { id: product.id, name: '家用燃气灶' }, batch: { id: batchId, lot: 'V-1', productionDate: '2026-10-01' },
      producer: { orgId: producer.id, name: '杭州燃具厂', uscc: producer.uscc },
      ccc: { number: producer.cccNumber, status: 'valid' }, licence: null,
      shippedTo: { orgId: sellerA.id, name: '南京五金商店' },
    });
    expect(zh.reasons[0]?.severity).toBe('pass');
    expect(en.reasons[0]?.message).toMatch(/registered/i);
    // Received, it still passes for its holder, and for the producer the code is its own.
    await post(sellerA.token, 'receive', { codes: [code], from: { orgId: producer.id } });
    expect((await verify(sellerA.token, code)).zh).toMatchObject({ verdict: 'pass', state: 'held', reasons: [{ code: 'ok' }] });
  });

  it('fails a code the platform never issued with not_registered, and refuses what is no code at all with 400 code: code_invalid', async () => {
    const unknown = `(01)${product.gtins[0]}(21)NEVER-ISSUED`;
    const { zh, codes: reasons } = await verify(sellerA.token, unknown);
    expect(reasons).toEqual(['not_registered']);
    expect(zh).toMatchObject({ registered: false, verdict: 'fail', reasons: [{ severity: 'fail' }] });
    const bad = await ctx.call('POST', '/api/v1/verify', { token: sellerA.token, body: { code: '(01)06901234567890(21)X' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'code', code: 'code_invalid' }] });
  });

  it('fails a code shipped to another organisation with shipped_to_other, naming the consignee to the producer but not to a competitor', async () => {
    const code = codes[1] ?? '';
    await post(producer.token, 'ship', { codes: [code], to: { orgId: sellerA.id }, destinationRegion: '320102' });
    const theirs = await verify(sellerB.token, code);
    expect(theirs.codes).toEqual(['shipped_to_other']);
    expect(theirs.zh).toMatchObject({ verdict: 'fail', state: 'in_transit', shippedTo: { orgId: null, name: null, id: null }, reasons: [{ severity: 'fail' }] });
    expect(JSON.stringify([theirs.zh, theirs.en])).not.toContain('南京五金商店');
    expect(JSON.stringify([theirs.zh, theirs.en])).not.toContain(sellerA.id);
    const mine = await verify(producer.token, code, ['南京五金商店']);
    expect(mine.codes).toEqual(['shipped_to_other']);
    expect(mine.zh.reasons[0]?.message).toContain('南京五金商店');
    expect(mine.en.reasons[0]?.message).toContain('南京五金商店');
    expect(mine.zh.shippedTo).toMatchObject({ orgId: sellerA.id, name: '南京五金商店' });
  });

  it('warns no_shipment when the producer still holds the code (its flow not reported yet)', async () => {
    const { zh, codes: reasons } = await verify(sellerA.token, codes[2] ?? '');
    expect(reasons).toEqual(['no_shipment']);
    expect(zh).toMatchObject({ verdict: 'warn', state: 'held', reasons: [{ severity: 'warn' }] });
  });

  it('warns held_by_other when another seller received the code', async () => {
    const code = codes[3] ?? '';
    await post(producer.token, 'ship', { codes: [code], to: { orgId: sellerA.id }, destinationRegion: '320102' });
    await post(sellerA.token, 'receive', { codes: [code], from: { orgId: producer.id } });
    const { zh, codes: reasons } = await verify(sellerB.token, code);
    expect(reasons).toEqual(['held_by_other']);
    expect(zh).toMatchObject({ verdict: 'warn', state: 'held', reasons: [{ severity: 'warn' }] });
  });

  it('fails already_sold once the code is recorded as sold, for anyone checking it', async () => {
    const code = codes[4] ?? '';
    await post(producer.token, 'ship', { codes: [code], to: { orgId: sellerA.id }, destinationRegion: '320102' });
    await post(sellerA.token, 'receive', { codes: [code], from: { orgId: producer.id } });
    await post(sellerA.token, 'sell', { codes: [code] });
    for (const token of [sellerA.token, sellerB.token]) {
      const { zh, codes: reasons } = await verify(token, code);
      expect(reasons).toEqual(['already_sold']);
      expect(zh).toMatchObject({ verdict: 'fail', state: 'sold', reasons: [{ severity: 'fail' }] });
    }
  });

  it('fails decommissioned once the code is decommissioned or destroyed', async () => {
    const [decommissioned = '', destroyed = ''] = codes.slice(5, 7);
    await post(producer.token, 'destroy', { codes: [decommissioned], kind: 'decommissioned', reason: '标签印错' });
    await post(producer.token, 'destroy', { codes: [destroyed], kind: 'destroyed', reason: '质检不合格销毁' });
    for (const code of [decommissioned, destroyed]) {
      const { zh, codes: reasons } = await verify(producer.token, code);
      expect(reasons).toEqual(['decommissioned']);
      expect(zh).toMatchObject({ verdict: 'fail', state: 'gone', reasons: [{ severity: 'fail' }] });
    }
  });

  it('fails recalled while an open recall covers the code, quoting its reason and instructions, and no longer once it is closed', async () => {
    const code = codes[7] ?? '';
    // The reason and instructions are the producer's words, quoted in both languages: ASCII here keeps the language check simple.
    const opened = await ctx.call('POST', '/api/v1/recalls', { token: producer.token, body: { codes: [code], reason: 'igniter defect', instructions: 'stop selling and send back' } });
    expect(opened.statusCode, opened.body).toBe(201);
    const { zh, en, codes: reasons } = await verify(sellerA.token, code);
    expect(reasons).toEqual(['recalled', 'no_shipment']);
    expect(zh).toMatchObject({ verdict: 'fail', recalled: true, recalls: [{ id: opened.json().id, reason: 'igniter defect', instructions: 'stop selling and send back' }], reasons: [{ severity: 'fail' }, { severity: 'warn' }] });
    expect(en.reasons[0]?.message).toContain('igniter defect');
    expect(en.reasons[0]?.message).toContain('stop selling and send back');
    expect((await ctx.call('POST', `/api/v1/recalls/${opened.json().id}/close`, { token: producer.token, body: { note: 'done' } })).statusCode).toBe(200);
    expect((await verify(sellerA.token, code)).codes).toEqual(['no_shipment']);
  });

  it('fails ccc_not_valid when the product\'s CCC certificate is suspended, or past its end date whatever its recorded status', async () => {
    for (const patch of [{ status: 'suspended' }, { validTo: '2024-12-31' }] as const) {
      const org = await buildOrg(ctx);
      const { codes: [code = ''] } = await issueCodes(ctx, org, undefined, { quantity: 1 });
      expect((await verify(org.token, code)).codes).toEqual(['ok']);
      const certs = (await ctx.call('GET', `/api/v1/orgs/${org.id}`, { token: org.token })).json<{ cccCertificates: { id: string; number: string }[] }>().cccCertificates;
      const cert = certs.find((c) => c.number === org.cccNumber);
      const patched = await ctx.call('PATCH', `/api/v1/orgs/${org.id}/ccc-certificates/${cert?.id}`, { token: ctx.adminToken, body: patch });
      expect(patched.statusCode, patched.body).toBe(200);
      const status = 'status' in patch ? 'suspended' : 'expired';
      const { zh, en, codes: reasons } = await verify(org.token, code);
      expect(reasons).toEqual(['ccc_not_valid']);
      expect(zh).toMatchObject({ verdict: 'fail', ccc: { number: org.cccNumber, status }, reasons: [{ severity: 'fail' }] });
      expect(en.reasons[0]?.message).toContain(org.cccNumber);
      expect(en.reasons[0]?.message).toContain(status);
    }
  });

  it('answers a regulator (no organisation of its own) with the facts and no custody reason', async () => {
    const regulator = await buildRegulator(ctx, ['33']);
    expect((await verify(regulator.token, codes[8] ?? '')).zh).toMatchObject({ verdict: 'pass', state: 'held', reasons: [{ code: 'ok' }] });
  });

  describe('once time has passed', () => {
    // A production licence cannot be given to a product once expired, nor be changed: the clock moves instead.
    let timed: TestContext;
    let now = new Date();
    beforeAll(async () => {
      // Sessions outlive the jump: 90 days.
      timed = await createTestContext(target, { YIMA_SESSION_HOURS: String(24 * 90) }, () => now);
    });
    afterAll(() => timed.close());

    it('fails licence_expired once the product\'s production licence has ended, naming the licence and the day', async () => {
      const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10); // China Standard Time
      const validTo = day(new Date(now.getTime() + 10 * 86_400_000));
      const org = await buildOrg(timed);
      const number = randomLicence();
      const added = await timed.call('POST', `/api/v1/orgs/${org.id}/licences`, { token: timed.adminToken, body: { number, product: '家用燃气灶具', validFrom: '2024-01-01', validTo } });
      expect(added.statusCode, added.body).toBe(201);
      const licensed = await buildProduct(timed, org, { licenceNumber: number });
      const { codes: [code = ''] } = await issueCodes(timed, org, licensed, { quantity: 1 });
      expect((await verifyOn(timed, org.token, code)).zh).toMatchObject({ verdict: 'pass', licence: { number, validTo }, reasons: [{ code: 'ok' }] });

      now = new Date(now.getTime() + 30 * 86_400_000);
      const { zh, en, codes: reasons } = await verifyOn(timed, org.token, code);
      expect(reasons).toEqual(['licence_expired']);
      expect(zh).toMatchObject({ verdict: 'fail', licence: { number, validTo }, reasons: [{ severity: 'fail' }] });
      for (const v of [zh, en]) {
        expect(v.reasons[0]?.message).toContain(number);
        expect(v.reasons[0]?.message).toContain(validTo);
      }
    });
  });

  it('has produced every reason the service can give (found in verify.service.ts), each in both languages', () => {
    // Runs last: the reasons above are collected as they are produced.
    expect(REASONS_IN_SOURCE.length, 'no reasons found in verify.service.ts: the pattern above no longer matches how reasons are written').toBeGreaterThanOrEqual(10);
    expect([...produced].sort()).toEqual(REASONS_IN_SOURCE);
  });
});
