import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataProfile } from '../catalog/catalog.schemas.ts';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, buildOrg, buildProduct, buildRegulator, issueCodes } from '../../../test/factories.ts';

const PROFILE = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../catalog/data/profile-default-2024.1.json'), 'utf8')) as DataProfile;
const HTML = { accept: 'text/html,application/xhtml+xml' };
const JSON_ = { accept: 'application/json' };

describe.each(DB_TARGETS)('the resolver on %s', (target) => {
  let ctx: TestContext;
  let producer: BuiltOrg;
  let seller: BuiltOrg;
  let gtin: string;
  let codes: string[];
  let batchId: string;
  const dl = (code: string, extra = '') => `/01/${code.slice(4, 18)}/21/${code.slice(22)}${extra}`;

  beforeAll(async () => {
    // A profile where one product attribute is public and one is the owner's only.
    ctx = await createTestContext(target, { YIMA_SCAN_RATE_PER_MINUTE: '100000', YIMA_CLONE_SESSIONS: '5' });
    const profile: DataProfile = {
      ...PROFILE, version: '2026.1', effectiveFrom: '2026-01-01',
      fields: [
        ...PROFILE.fields,
        { key: 'product.ratedPower', group: 'product', entity: 'product', label: { zh: '额定功率', en: 'Rated power' }, type: 'string', requiredFor: [], codingRoute: ['platform'], disclosure: 'public' },
        { key: 'product.costPrice', group: 'product', entity: 'product', label: { zh: '成本价', en: 'Cost price' }, type: 'string', requiredFor: [], codingRoute: ['platform'], disclosure: 'owner' },
      ],
    };
    expect((await ctx.call('POST', '/api/v1/catalog/profiles', { token: ctx.adminToken, body: profile })).statusCode).toBe(201);
    producer = await buildOrg(ctx, { name: '杭州燃具厂 MARK-PUBLIC-ORG' });
    seller = await buildOrg(ctx, { name: '南京商店 MARK-CHAIN-SELLER', region: '320102' });
    const product = await buildProduct(ctx, producer, { name: '燃气灶 MARK-PUBLIC-NAME', attributes: { 'product.ratedPower': 'MARK-PUBLIC-POWER', 'product.costPrice': 'MARK-SECRET-COST' } });
    gtin = product.gtins[0] ?? '';
    ({ codes, batchId } = await issueCodes(ctx, producer, product, { lot: 'LOT-77', quantity: 6 }));
    // Fill the non-public parts too: contacts, the consignee, the verification override, a report file hash.
    await ctx.call('PATCH', `/api/v1/orgs/${producer.id}`, { token: producer.token, body: { contacts: [{ name: 'MARK-SECRET-CONTACT', phone: '0571-MARK-SECRET-PHONE' }] } });
    const post = async (token: string, action: string, body: unknown) => {
      const r = await ctx.call('POST', `/api/v1/events/${action}`, { token, body });
      expect(r.statusCode, r.body).toBe(201);
    };
    await post(producer.token, 'inspect', { batchId, result: 'pass', reportNumber: 'RPT-2026-9', body: '浙江省质检院', date: '2026-10-02', reportSha256: 'f'.repeat(64) });
    await post(producer.token, 'ship', { codes: codes.slice(0, 3), to: { orgId: seller.id }, destinationRegion: '320102', bizTransactions: [{ type: 'po', id: 'urn:yima:po:MARK-SECRET-PO' }] });
    await post(seller.token, 'receive', { codes: codes.slice(0, 3), from: { orgId: producer.id } });
    await post(seller.token, 'sell', { codes: [codes[0] ?? ''], channel: 'b2b', buyer: { name: 'MARK-SECRET-BUYER' } });
    await post(seller.token, 'sell', { codes: [codes[1] ?? ''] });
    await ctx.services.ledger.checkpoint();
  });
  afterAll(() => ctx.close());

  it('answers every Digital Link form and the /id/ and /scan doors, with HTML for browsers and JSON on request', async () => {
    const code = codes[1] ?? '';
    const forms = [dl(code), `/01/${gtin}/10/LOT-77/21/${code.slice(22)}`, dl(code, '?17=291231'), `/scan?code=${encodeURIComponent(code)}`, `/scan?code=${encodeURIComponent(`urn:epc:id:sgtin:${gtin.slice(1, 8)}.${gtin[0]}${gtin.slice(8, 13)}.${code.slice(22)}`)}`];
    for (const url of forms) {
      const html = await ctx.call('GET', url, { headers: HTML });
      expect(html.statusCode, url).toBe(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.body).toContain('MARK-PUBLIC-NAME');
      expect(String(html.headers.link)).toContain('rel="linkset"');
      const json = await ctx.call('GET', url, { headers: JSON_ });
      expect(json.statusCode, url).toBe(200);
      expect(json.json()).toMatchObject({ status: 'registered', query: { key: code }, product: { name: '燃气灶 MARK-PUBLIC-NAME' }, batch: { lot: 'LOT-77' }, inspection: { result: 'pass', reportNumber: 'RPT-2026-9' } });
    }
    const sold = (await ctx.call('GET', dl(code), { headers: JSON_ })).json();
    expect(sold.journey.map((j: { step: string }) => j.step)).toEqual(['produced', 'inspected', 'shipped', 'received', 'sold']);
    expect(sold.journey[2].region).toEqual({ zh: '江苏省南京市', en: '南京市, Jiangsu' });
    expect(sold.ledger).toMatchObject({ leafIndex: expect.any(Number), checkpointSize: expect.any(Number) });

    // A Yima 数字身份码 resolves under /id/yima/.
    const yimaProduct = await buildProduct(ctx, producer, { gtins: [] });
    const issued = await ctx.call('POST', '/api/v1/issuances', { token: producer.token, body: { productId: yimaProduct.id, lot: 'Y1', productionDate: '2026-10-01', quantity: 1, scheme: 'yima', requestId: 'y' } });
    await ctx.services.issuance.idle();
    const yima = (await ctx.call('GET', `/api/v1/issuances/${issued.json().id}/codes.csv`, { token: producer.token })).body.trim().split('\n')[1]?.split(',')[1] ?? '';
    const byId = await ctx.call('GET', `/id/yima/${yima}`, { headers: JSON_ });
    expect(byId.statusCode, byId.body).toBe(200);
    expect(byId.json().query).toMatchObject({ scheme: 'yima', key: yima });
  });

  it('gives a linkset for ?linkType=all, 307s to a producer link by type, and describes itself at /.well-known/gs1resolver', async () => {
    const code = codes[2] ?? '';
    const added = await ctx.call('POST', '/api/v1/links', { token: producer.token, body: { gtin, linkType: 'gs1:safetyInfo', href: 'https://example.com/safety.pdf', title: '安全须知', hreflang: ['zh'] } });
    expect(added.statusCode, added.body).toBe(201);
    const set = await ctx.call('GET', dl(code, '?linkType=all'));
    expect(set.statusCode).toBe(200);
    expect(set.headers['content-type']).toMatch(/^application\/linkset\+json/);
    const linkset = set.json().linkset[0];
    expect(linkset.anchor).toBe(`http://localhost:8080${dl(code)}`);
    expect(JSON.stringify(linkset)).toContain('https://example.com/safety.pdf');
    const go = await ctx.call('GET', dl(code, '?linkType=gs1:safetyInfo'));
    expect(go.statusCode).toBe(307);
    expect(go.headers.location).toBe('https://example.com/safety.pdf');
    const desc = await ctx.call('GET', '/.well-known/gs1resolver');
    expect(desc.json()).toMatchObject({ resolverRoot: 'http://localhost:8080', supportedPrimaryKeys: expect.arrayContaining(['01', '00']) });
  });

  it('never shows a non-public field: not in the page, the JSON or the linkset', async () => {
    for (const code of codes.slice(0, 3)) {
      for (const [url, headers] of [[dl(code), HTML], [dl(code), JSON_], [dl(code, '?linkType=all'), {}], [`${dl(code)}?lang=en`, HTML]] as const) {
        const res = await ctx.call('GET', url, { headers });
        expect(res.body).not.toMatch(/MARK-SECRET|MARK-CHAIN/);
        if (!url.includes('linkType')) expect(res.body).toContain('MARK-PUBLIC-POWER');
      }
    }
  });

  it('tells what an unknown or invalid code is, never a 500, in both languages', async () => {
    const unknown = await ctx.call('GET', `/01/${gtin}/21/NOT-ISSUED`, { headers: JSON_ });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 'unknown', query: { scheme: 'gs1', elements: [{ ai: '01', value: gtin }, { ai: '21', value: 'NOT-ISSUED' }] } });
    const badCheck = `${gtin.slice(0, 13)}${(Number(gtin.at(-1)) + 1) % 10}`;
    for (const lang of ['zh', 'en']) {
      const invalid = await ctx.call('GET', `/01/${badCheck}/21/X?lang=${lang}`, { headers: HTML });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.headers['content-type']).toMatch(/^text\/html/);
      const page = await ctx.call('GET', `/scan?code=${encodeURIComponent('%%%garbage')}&lang=${lang}`, { headers: HTML });
      expect(page.statusCode).toBeLessThan(500);
    }
    expect((await ctx.call('GET', '/scan', { headers: HTML })).statusCode).toBe(200);
  });

  it('records scans without waiting, and warns when a code looks cloned by what several scanners did, never by one', async () => {
    const code = codes[3] ?? '';
    const scan = (remoteAddress: string) => ctx.call('GET', dl(code), { headers: JSON_, remoteAddress }).then((r) => r.json());
    const first = await scan('198.51.100.1');
    expect(first.scans).toMatchObject({ count: 0, sessions: 0, cloneSuspected: false });
    expect(first.scanId).toMatch(/^[0-9a-f-]{36}$/);
    // One person: reloads twenty times and shares two places 1,700 km apart — an honest re-scan, or a smear; no warning.
    await ctx.services.resolver.flush();
    expect((await ctx.call('POST', `/api/v1/scans/${first.scanId}/location`, { body: { latitude: 30.27, longitude: 120.15 } })).statusCode).toBe(204);
    const again = await scan('198.51.100.1');
    await ctx.services.resolver.flush();
    expect((await ctx.call('POST', `/api/v1/scans/${again.scanId}/location`, { body: { latitude: 45.75, longitude: 126.63 } })).statusCode).toBe(204);
    for (let i = 0; i < 18; i++) await scan('198.51.100.1');
    await ctx.services.resolver.flush();
    const alone = await scan('198.51.100.1');
    expect(alone.scans).toMatchObject({ count: 20, sessions: 1, cloneSuspected: false, reasons: [] });
    // A second person shares a place in Harbin while the first shared Hangzhou: far apart, by different scanners.
    const other = await scan('198.51.100.2');
    expect(other.scans).toMatchObject({ count: 21, sessions: 1, cloneSuspected: false });
    await ctx.services.resolver.flush();
    expect((await ctx.call('POST', `/api/v1/scans/${other.scanId}/location`, { body: { latitude: 45.75, longitude: 126.63 } })).statusCode).toBe(204);
    const far = await scan('198.51.100.3');
    expect(far.scans).toMatchObject({ count: 22, sessions: 2, cloneSuspected: true, reasons: ['distant_places'], firstAt: first.scans.firstAt ?? expect.any(String) });
    // Five sessions (YIMA_CLONE_SESSIONS): many different people.
    await scan('198.51.100.4');
    await scan('198.51.100.5');
    const many = await scan('198.51.100.6');
    expect(many.scans.sessions).toBe(5);
    expect(many.scans.reasons).toEqual(['many_sessions', 'distant_places']);
  });

  it('takes a problem report from anyone, by JSON or a plain form, and shows it to the regulators of the producer\'s region only', async () => {
    const code = codes[4] ?? '';
    const json = await ctx.call('POST', '/api/v1/scan-reports', { body: { code, category: 'counterfeit', message: '包装和正品不同' } });
    expect(json.statusCode).toBe(201);
    const form = await ctx.app.inject({ method: 'POST', url: '/api/v1/scan-reports?lang=en', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ code, category: 'quality', message: 'the flame goes out' }).toString() });
    expect(form.statusCode).toBe(201);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    const zj = await buildRegulator(ctx, ['33']);
    const js = await buildRegulator(ctx, ['32']);
    const seen = (await ctx.call('GET', '/api/v1/scan-reports', { token: zj.token })).json();
    expect(seen.map((r: { message: string }) => r.message)).toEqual(expect.arrayContaining(['包装和正品不同', 'the flame goes out']));
    expect((await ctx.call('GET', '/api/v1/scan-reports', { token: js.token })).json()).toEqual([]);
    const bad = await ctx.call('POST', '/api/v1/scan-reports', { lang: 'en', body: { code, category: 'rumour', message: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('category');
  });

  it('serves the proof the page verifies: leaves with inclusion paths under a signed checkpoint', async () => {
    const code = codes[0] ?? '';
    const proof = (await ctx.call('GET', `/api/v1/scan/proof?code=${encodeURIComponent(code)}`)).json();
    expect(proof.leaves.length).toBeGreaterThanOrEqual(2);
    expect(proof.leaves[0]).toMatchObject({ type: 'issuance', label: 'registration', path: expect.any(Array) });
    expect(proof.checkpoint).toMatch(/\n\n— /);
    expect(JSON.stringify(proof)).not.toMatch(/MARK-SECRET|MARK-CHAIN/);
  });

  it('limits how fast one client may scan', async () => {
    const limited = await createTestContext(target, { YIMA_SCAN_RATE_PER_MINUTE: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.call('GET', `/01/${gtin}/21/X${i}`, { headers: JSON_ })).statusCode);
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
