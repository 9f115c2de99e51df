/**
 * The read matrix (issue 10): every read route of the OpenAPI document × every kind of account,
 * over a supply chain in two provinces whose restricted values carry MARK- markers. Each answer
 * may contain a marker only if the account's audience reads that level (access/audiences.ts, the
 * README's "Who sees what"). A route whose parameters this test cannot fill must be listed in
 * UNFILLED with the reason: a new read route must be checked or say why not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createTestContext, type TestContext } from './app.ts';
import { DB_TARGETS } from './db.ts';
import { randomUscc } from './factories.ts';
import { BUYER, CONTACT, REPORTER, type SupplyChain, attributeValue, buildSupplyChain } from './supply-chain.ts';

const ACCOUNTS = ['producer', 'sellerA', 'sellerB', 'association', 'regulatorZj', 'regulatorJs', 'pendingAdmin', 'apiKey', 'anonymous'] as const;
type Account = (typeof ACCOUNTS)[number];

/** Which marked values each account may read anywhere (audiences.ts over this chain). */
const MAY_READ: Record<Account, readonly string[]> = {
  producer: [attributeValue('chain'), attributeValue('regulator'), attributeValue('owner'), CONTACT],
  apiKey: [attributeValue('chain'), attributeValue('regulator'), attributeValue('owner'), CONTACT],
  sellerA: [attributeValue('chain'), BUYER],
  sellerB: [attributeValue('chain')],
  association: [],
  regulatorZj: [attributeValue('chain'), attributeValue('regulator'), CONTACT, REPORTER],
  regulatorJs: [],
  pendingAdmin: [],
  anonymous: [],
};
const MARKERS = [attributeValue('chain'), attributeValue('regulator'), attributeValue('owner'), CONTACT, BUYER, REPORTER];

/** Read routes with parameters this test does not fill, and why. */
const UNFILLED: Record<string, string> = {
  'GET /api/v1/catalog/lists/{docId}/{version}': 'catalogue data: public by law, no organisation data',
  'GET /api/v1/catalog/profiles/{docId}/{version}': 'catalogue data: public by law, no organisation data',
  'GET /api/v1/custom-records/{id}': 'the chain has no custom records',
  'GET /api/v1/issuances/{id}/codes/{seq}/label': 'a label carries the code only',
  'GET /epcis/capture/{captureID}': 'the chain captured through the forms',
  'GET /epcis/queries/{queryName}': 'no named queries in the chain',
  'GET /epcis/queries/{queryName}/events': 'no named queries in the chain',
  'GET /epcis/queries/{queryName}/subscriptions': 'no named queries in the chain',
  'GET /epcis/queries/{queryName}/subscriptions/{subscriptionID}': 'no named queries in the chain',
  'GET /epcis/bizLocations/{id}': 'no locations in the chain', 'GET /epcis/bizLocations/{id}/events': 'no locations in the chain',
  'GET /epcis/readPoints/{id}': 'no read points in the chain', 'GET /epcis/readPoints/{id}/events': 'no read points in the chain',
};

describe.each(DB_TARGETS)('who sees what: every read route × every kind of account, on %s', (target) => {
  let ctx: TestContext;
  let chain: SupplyChain;
  let tokens: Record<Account, string | undefined>;
  let urls: string[];
  let unfilled: string[];

  beforeAll(async () => {
    ctx = await createTestContext(target);
    chain = await buildSupplyChain(ctx);
    const key = await ctx.call('POST', `/api/v1/orgs/${chain.producer.id}/api-keys`, { token: chain.producer.token, body: { name: 'ERP' } });
    const reg = await ctx.call('POST', '/api/v1/registrations', {
      body: { organisation: { name: '待审单位', uscc: randomUscc('330106'), address: '杭州', roles: ['producer', 'seller'], contacts: [{ name: '张' }] }, admin: { username: 'read-pending', password: PASSWORD } },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    tokens = {
      producer: chain.producer.token, sellerA: chain.sellerA.token, sellerB: chain.sellerB.token, association: chain.association.token,
      regulatorZj: chain.regulatorZj.token, regulatorJs: chain.regulatorJs.token, pendingAdmin: await ctx.login('read-pending'), apiKey: key.json().key, anonymous: undefined,
    };
    const recall = await ctx.call('POST', '/api/v1/recalls', { token: chain.producer.token, body: { batchIds: [chain.batchId], reason: '点火器缺陷', instructions: '停止销售' } });
    expect(recall.statusCode, recall.body).toBe(201);
    const issuance = await ctx.database.db.selectFrom('issuances').select('id').executeTakeFirstOrThrow();
    await ctx.services.supervision.catchUp();
    const alertIds = (await ctx.database.db.selectFrom('alerts').select('id').execute()).map((a) => a.id);
    const eventIds = (await ctx.database.db.selectFrom('events').select('event_id').execute()).map((e) => e.event_id);
    const size = (await ctx.call('GET', '/ledger/checkpoint')).body.split('\n')[1] ?? '0';
    const code = chain.codes[0] ?? '';
    const gtinPath = `/01/${code.slice(4, 18)}/21/${code.slice(22)}`;
    const fills: Record<string, string[]> = {
      'GET /01/{*}': [gtinPath, `/01/${code.slice(4, 18)}`],
      'GET /id/{scheme}/{value}': [`/id/uscc/${chain.producer.uscc}`],
      'GET /api/v1/batches/{id}': [`/api/v1/batches/${chain.batchId}`],
      'GET /api/v1/alerts/{id}': alertIds.map((id) => `/api/v1/alerts/${id}`),
      'GET /api/v1/indicators': ['enterprise', 'region', 'period'].map((g) => `/api/v1/indicators?indicator=timeliness&from=2020-01-01&to=2030-12-31&groupBy=${g}`),
      'GET /api/v1/issuances/{id}': [`/api/v1/issuances/${issuance.id}`],
      'GET /api/v1/issuances/{id}/codes.csv': [`/api/v1/issuances/${issuance.id}/codes.csv`],
      'GET /api/v1/issuances/{id}/labels.pdf': [],
      'GET /api/v1/ledger/leaves/{index}': Array.from({ length: Number(size) }, (_, i) => `/api/v1/ledger/leaves/${i}`),
      'GET /api/v1/ledger/proofs/inclusion': [`/api/v1/ledger/proofs/inclusion?index=0&size=${size}`],
      'GET /api/v1/ledger/proofs/consistency': [`/api/v1/ledger/proofs/consistency?from=1&to=${size}`],
      'GET /api/v1/orgs/{id}': [chain.producer.id, chain.sellerA.id, chain.sellerB.id].map((id) => `/api/v1/orgs/${id}`),
      'GET /api/v1/orgs/{orgId}/api-keys': [`/api/v1/orgs/${chain.producer.id}/api-keys`],
      'GET /api/v1/products/{id}': [`/api/v1/products/${chain.product.id}`, `/api/v1/products/${chain.product.id}?proof=true`],
      'GET /api/v1/recalls/{id}': [`/api/v1/recalls/${recall.json().id}`],
      'GET /api/v1/scan/proof': [`/api/v1/scan/proof?code=${encodeURIComponent(code)}`],
      'GET /api/v1/trace/backward': chain.codes.map((c) => `/api/v1/trace/backward?code=${encodeURIComponent(c)}`),
      'GET /api/v1/trace/forward': [`/api/v1/trace/forward?batchId=${chain.batchId}`, ...chain.codes.map((c) => `/api/v1/trace/forward?code=${encodeURIComponent(c)}`)],
      'GET /epcis/events/{eventID}': eventIds.map((id) => `/epcis/events/${encodeURIComponent(id)}`),
      'GET /epcis/epcs/{id}': [`/epcis/epcs/${encodeURIComponent(`https://id.gs1.org${gtinPath}`)}`],
      'GET /epcis/epcs/{id}/events': chain.codes.map((c) => `/epcis/epcs/${encodeURIComponent(`https://id.gs1.org/01/${c.slice(4, 18)}/21/${c.slice(22)}`)}/events`),
      'GET /epcis/bizSteps/{id}': ['/epcis/bizSteps/shipping'], 'GET /epcis/bizSteps/{id}/events': ['shipping', 'receiving', 'retail_selling'].map((s) => `/epcis/bizSteps/${s}/events`),
      'GET /epcis/dispositions/{id}': ['/epcis/dispositions/in_transit'], 'GET /epcis/dispositions/{id}/events': ['/epcis/dispositions/in_transit/events'],
      'GET /epcis/eventTypes/{id}': ['/epcis/eventTypes/ObjectEvent'], 'GET /epcis/eventTypes/{id}/events': ['/epcis/eventTypes/ObjectEvent/events'],
    };
    const paths = (await ctx.call('GET', '/openapi.json')).json().paths as Record<string, Record<string, unknown>>;
    const reads = Object.entries(paths).filter(([, ops]) => 'get' in ops).map(([p]) => p).filter((p) => !/^\/(00|253|255|401|402|410|411|412|413|414|415|417|8003|8004|8006|8010|8013|8017|8018)\//.test(p));
    urls = [];
    unfilled = [];
    for (const p of reads) {
      const route = `GET ${p}`;
      if (fills[route]) urls.push(...(fills[route] ?? []));
      else if (!p.includes('{')) urls.push(p);
      else if (!UNFILLED[route]) unfilled.push(route);
    }
  });
  afterAll(() => ctx.close());

  it('fills every read route with parameters, or says why not', () => {
    expect(unfilled).toEqual([]);
  });

  it('shows each marked value only to the accounts whose audience reads its level, on every route', async () => {
    const leaks: string[] = [];
    const seen = new Set<string>();
    let answered = 0;
    for (const url of urls) {
      for (const account of ACCOUNTS) {
        for (const accept of url.startsWith('/01/') || url.startsWith('/id/') ? ['application/json', 'text/html', 'application/linkset+json'] : ['application/json']) {
          const res = await ctx.call('GET', url, { token: tokens[account], headers: { accept } });
          expect(res.statusCode, `${url} as ${account}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode < 300) answered++;
          for (const m of MARKERS) {
            if (!res.body.includes(m)) continue;
            seen.add(`${account} ${m}`);
            if (!MAY_READ[account].includes(m)) leaks.push(`${url} (${accept}) as ${account}: ${m}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    // And those who may read a value do find it somewhere: the markers are really in the answers.
    // (No GET route shows a seller its products' chain-level attributes yet: 查验 is a POST.)
    const mustSee = (a: Account) => MAY_READ[a].filter((m) => !(a.startsWith('seller') && m === attributeValue('chain')));
    expect(ACCOUNTS.flatMap((a) => mustSee(a).filter((m) => !seen.has(`${a} ${m}`)).map((m) => `${a} ${m}`))).toEqual([]);
    // The matrix read real answers, not only refusals.
    expect(answered).toBeGreaterThan(urls.length);
  });
});
