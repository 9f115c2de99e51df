/**
 * The write matrix (issue 10): every route that records something about products, codes and organisations ×
 * every kind of account, over two producers in two provinces, each answer checked against the
 * README's "Who may record what" table. A route of the OpenAPI document that records and is not
 * in the table fails the test: a new write route must say who may use it.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../src/shared/codes/gtin.ts';
import { PASSWORD, createTestContext, type TestContext } from './app.ts';
import { DB_TARGETS } from './db.ts';
import { type BuiltOrg, buildOrg, buildProduct, buildRegulator, issueCodes, randomCcc, randomGtin, randomLicence, randomUscc } from './factories.ts';

const ACCOUNTS = ['producer', 'otherProducer', 'sellerHolding', 'sellerNotHolding', 'association', 'regulatorOfRegion', 'regulatorElsewhere', 'pendingAdmin', 'apiKey', 'anonymous'] as const;
type Account = (typeof ACCOUNTS)[number];

interface Fixture {
  producerId: string;
  batchId: string;
  productId: string;
  gtin: string;
  take(pool: 'heldByProducer' | 'heldBySeller' | 'shippedToSeller' | 'packedByProducer'): string;
}

interface Row {
  readonly route: string;
  /** The URL when the route has parameters (the producer's organisation). */
  readonly url?: (f: Fixture) => string;
  /** The request, made fresh for each attempt (its codes are not yet touched). */
  readonly body: (f: Fixture) => unknown;
  /** Who may (README table). */
  readonly allowed: readonly Account[];
}

const uri = (code: string) => `https://id.gs1.org/01/${code.slice(4, 18)}/21/${code.slice(22)}`;
const sale = (code: string) => ({ type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2026-10-05T10:00:00.000+08:00', eventTimeZoneOffset: '+08:00', epcList: [uri(code)], bizStep: 'retail_selling', disposition: 'retail_sold' });
const doc = (events: unknown[]) => ({ '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-10-05T00:00:00Z', epcisBody: { eventList: events } });
let ssccSeq = 0;
const sscc = () => {
  const body = `0690123${String(crypto.randomInt(0, 1e6) * 1000 + ++ssccSeq).padStart(10, '0')}`;
  return `(00)${body}${gs1CheckDigit(body)}`;
};

const PRODUCER: readonly Account[] = ['producer', 'apiKey'];
const TABLE: readonly Row[] = [
  { route: 'POST /api/v1/events/inspect', body: (f) => ({ batchId: f.batchId, result: 'fail', reportNumber: `EVIL-${crypto.randomInt(1e9)}`, body: '某检验所', date: '2026-10-02' }), allowed: PRODUCER },
  { route: 'POST /api/v1/events/ship', body: (f) => ({ codes: [f.take('heldByProducer')], to: { name: '外部经销商' }, destinationRegion: '330106' }), allowed: PRODUCER },
  { route: 'POST /api/v1/events/pack', body: (f) => ({ parent: sscc(), children: [f.take('heldByProducer')] }), allowed: PRODUCER },
  { route: 'POST /api/v1/events/unpack', body: (f) => ({ parent: f.take('packedByProducer') }), allowed: PRODUCER },
  { route: 'POST /api/v1/events/receive', body: (f) => ({ codes: [f.take('shippedToSeller')], from: { name: '生产单位' } }), allowed: ['sellerHolding'] },
  { route: 'POST /api/v1/events/sell', body: (f) => ({ codes: [f.take('heldBySeller')] }), allowed: ['sellerHolding'] },
  { route: 'POST /api/v1/events/return', body: (f) => ({ codes: [f.take('heldBySeller')], from: { name: '顾客' } }), allowed: ['sellerHolding'] },
  { route: 'POST /api/v1/events/destroy', body: (f) => ({ codes: [f.take('heldBySeller')] }), allowed: ['sellerHolding'] },
  { route: 'POST /epcis/events', body: (f) => ({ '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'], ...sale(f.take('heldBySeller')) }), allowed: ['sellerHolding'] },
  { route: 'POST /epcis/capture', body: (f) => doc([sale(f.take('heldBySeller'))]), allowed: ['sellerHolding'] },
  { route: 'POST /api/v1/recalls', body: (f) => ({ batchIds: [f.batchId], reason: '缺陷', instructions: '停止销售' }), allowed: [...PRODUCER, 'regulatorOfRegion'] },
  { route: 'POST /api/v1/products', body: () => ({}), allowed: PRODUCER },
  { route: 'POST /api/v1/issuances', body: (f) => ({ productId: f.productId, lot: `M${crypto.randomInt(1e6)}`, productionDate: '2026-10-01', quantity: 1, scheme: 'gs1', requestId: crypto.randomUUID() }), allowed: PRODUCER },
  { route: 'POST /api/v1/bindings', body: (f) => ({ productId: f.productId, codes: [`(01)${f.gtin}(21)B${crypto.randomInt(1e9)}`] }), allowed: PRODUCER },
  { route: 'PATCH /api/v1/orgs/{id}', url: (f) => `/api/v1/orgs/${f.producerId}`, body: () => ({ address: `浙江省杭州市西湖区 ${crypto.randomInt(1e6)} 号` }), allowed: ['producer'] },
  { route: 'POST /api/v1/orgs/{id}/licences', url: (f) => `/api/v1/orgs/${f.producerId}/licences`, body: () => ({ number: randomLicence(), product: '电线电缆' }), allowed: ['producer'] },
  { route: 'POST /api/v1/orgs/{id}/ccc-certificates', url: (f) => `/api/v1/orgs/${f.producerId}/ccc-certificates`, body: () => ({ number: randomCcc(), product: '家用燃气灶具', status: 'valid' }), allowed: ['producer'] },
  { route: 'POST /api/v1/orgs/{orgId}/api-keys', url: (f) => `/api/v1/orgs/${f.producerId}/api-keys`, body: () => ({ name: 'ERP' }), allowed: ['producer'] },
  { route: 'POST /api/v1/users', body: (f) => ({ username: `u-${crypto.randomBytes(5).toString('hex')}`, password: PASSWORD, role: 'org_operator', orgId: f.producerId }), allowed: ['producer'] },
  { route: 'POST /api/v1/links', body: (f) => ({ gtin: f.gtin, linkType: 'gs1:pip', href: `https://example.com/${crypto.randomInt(1e9)}`, title: '产品信息' }), allowed: PRODUCER },
];

describe.each(DB_TARGETS)('who may record what: every record-writing route × every kind of account, on %s', (target) => {
  let ctx: TestContext;
  let producer: BuiltOrg;
  let tokens: Record<Account, string | undefined>;
  let fixture: Fixture;
  let productBody: () => unknown;

  beforeAll(async () => {
    ctx = await createTestContext(target);
    producer = await buildOrg(ctx, { name: '杭州燃具厂', region: '330106' });
    const other = await buildOrg(ctx, { name: '南京电器厂', region: '320102' });
    const seller = await buildOrg(ctx, { name: '杭州五金店', region: '330105' });
    const shop = await buildOrg(ctx, { name: '宁波五金店', region: '330203' });
    const association = await buildOrg(ctx, { kind: 'association', name: '浙江燃具协会' });
    expect((await ctx.call('POST', `/api/v1/orgs/${association.id}/members`, { token: ctx.adminToken, body: { memberId: producer.id } })).statusCode).toBe(204);
    const key = await ctx.call('POST', `/api/v1/orgs/${producer.id}/api-keys`, { token: producer.token, body: { name: 'ERP' } });
    expect(key.statusCode, key.body).toBe(201);
    const reg = await ctx.call('POST', '/api/v1/registrations', {
      body: { organisation: { name: '待审单位', uscc: randomUscc('330106'), address: '杭州', roles: ['producer', 'seller'], contacts: [{ name: '张' }] }, admin: { username: 'matrix-pending', password: PASSWORD } },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    tokens = {
      producer: producer.token, otherProducer: other.token, sellerHolding: seller.token, sellerNotHolding: shop.token, association: association.token,
      regulatorOfRegion: (await buildRegulator(ctx, ['33'])).token, regulatorElsewhere: (await buildRegulator(ctx, ['32'])).token,
      pendingAdmin: await ctx.login('matrix-pending'), apiKey: key.json().key, anonymous: undefined,
    };

    const product = await buildProduct(ctx, producer);
    const n = ACCOUNTS.length;
    const { batchId, codes } = await issueCodes(ctx, producer, product, { lot: 'MX-1', quantity: 8 * n });
    const pools = { heldByProducer: codes.slice(0, 2 * n), heldBySeller: codes.slice(2 * n, 7 * n), shippedToSeller: codes.slice(7 * n, 8 * n), packedByProducer: [] as string[] };
    const ship = (list: string[]) => ctx.call('POST', '/api/v1/events/ship', { token: producer.token, body: { codes: list, to: { orgId: seller.id }, destinationRegion: '330105' } });
    expect((await ship([...pools.heldBySeller, ...pools.shippedToSeller])).statusCode).toBe(201);
    expect((await ctx.call('POST', '/api/v1/events/receive', { token: seller.token, body: { codes: pools.heldBySeller, from: { orgId: producer.id } } })).statusCode).toBe(201);
    for (let i = 0; i < n; i++) {
      const parent = sscc();
      const extra = await issueCodes(ctx, producer, product, { lot: 'MX-2', quantity: 1 });
      expect((await ctx.call('POST', '/api/v1/events/pack', { token: producer.token, body: { parent, children: extra.codes } })).statusCode).toBe(201);
      pools.packedByProducer.push(parent);
    }
    fixture = {
      producerId: producer.id, batchId, productId: product.id, gtin: product.gtins[0] ?? '',
      take(pool) {
        const c = pools[pool].shift();
        if (!c) throw new Error(`fixture pool ${pool} is empty`);
        return c;
      },
    };
    productBody = () => ({
      orgId: producer.id, categoryCode: 'gas-appliance', itemCode: 'household-gas-cooker', name: '家用燃气灶', model: `MX-${crypto.randomInt(1e9)}`,
      standard: 'GB 16410-2020', cccCertificateNumber: producer.cccNumber, gtins: [randomGtin()],
    });
  });
  afterAll(() => ctx.close());

  it('lists every record-writing route of the OpenAPI document in the table', async () => {
    const paths = (await ctx.call('GET', '/openapi.json')).json().paths as Record<string, Record<string, unknown>>;
    const recording = Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .filter((r) => /^POST \/(api\/v1\/(events|recalls$|products$|issuances$|bindings$|links$)|epcis\/(events|capture)$)/.test(r));
    expect(recording.filter((r) => !TABLE.some((t) => t.route === r))).toEqual([]);
  });

  it('answers each account as the table says: 2xx for those who may, 401/403/404/409 for everyone else, and stores nothing for them', async () => {
    const wrong: string[] = [];
    for (const row of TABLE) {
      const [method, path] = row.route.split(' ') as [string, string];
      for (const account of ACCOUNTS) {
        const url = row.url ? row.url(fixture) : path;
        const body = row.route === 'POST /api/v1/products' ? productBody() : row.body(fixture);
        const res = await ctx.call(method, url, { token: tokens[account], body, headers: url.startsWith('/epcis') ? { 'content-type': 'application/ld+json' } : {} });
        let allowed = res.statusCode >= 200 && res.statusCode < 300;
        // An EPCIS capture is accepted first (202) and judged in its job.
        if (allowed && url === '/epcis/capture') {
          await ctx.services.captureJobs.idle();
          allowed = (await ctx.call('GET', String(res.headers.location), { token: tokens[account] })).json().success === true;
        }
        // A reference outside the caller's reach reads as a missing one (400 naming it not_found): no oracle.
        const problem = res.headers['content-type']?.toString().includes('json') && res.body ? res.json<{ errors?: { code: string }[] }>() : {};
        const unknown = res.statusCode === 400 && (problem.errors ?? []).every((e) => e.code === 'not_found');
        const refused = [401, 403, 404, 409].includes(res.statusCode) || unknown || (url === '/epcis/capture' && res.statusCode === 202 && !allowed);
        const expected = row.allowed.includes(account);
        if (allowed !== expected || (!allowed && !refused)) wrong.push(`${row.route} as ${account}: ${res.statusCode} ${JSON.stringify(problem.errors ?? res.body.slice(0, 300))}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
