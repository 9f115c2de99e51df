/**
 * The EPCIS binding's answers against their contract: every success of `/epcis` (and of the plain
 * event API) is checked against the schema openapi.json documents for its status and media type.
 * These routes answer as built (epcis.routes.ts `asBuilt`), so no serialiser holds the answers to
 * their schemas: this test does, over the official GS1 example documents.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, type BuiltOrg } from '../../../test/factories.ts';
import { type SupplyChain, buildSupplyChain } from '../../../test/supply-chain.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/epcis');

function jsonldFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => (d.isDirectory() ? jsonldFiles(path.join(dir, d.name)) : d.name.endsWith('.jsonld') ? [path.join(dir, d.name)] : []));
}

interface Operation { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }
interface OpenApi { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } }

describe.each(DB_TARGETS)('the EPCIS binding\'s answers as openapi.json documents them, on %s', (target) => {
  let ctx: TestContext;
  let org: BuiltOrg;
  let chain: SupplyChain;
  let doc: OpenApi;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajvFormats.default(ajv);

  beforeAll(async () => {
    ctx = await createTestContext(target);
    org = await buildOrg(ctx);
    chain = await buildSupplyChain(ctx);
    // Every example document; those repeating another's eventIDs are partly refused (proceed), which the capture jobs then report.
    for (const file of jsonldFiles(FIXTURES)) {
      const res = await ctx.call('POST', '/epcis/capture', { token: org.token, body: JSON.parse(fs.readFileSync(file, 'utf8')), headers: { 'content-type': 'application/ld+json', 'GS1-Capture-Error-Behaviour': 'proceed' } });
      expect(res.statusCode, res.body).toBe(202);
      await ctx.services.captureJobs.idle();
    }
    const one = await ctx.call('POST', '/epcis/events', {
      token: org.token,
      body: {
        '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { ex: 'https://example.org/ex/' }],
        type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2026-10-01T08:00:00+08:00', eventTimeZoneOffset: '+08:00',
        epcList: ['urn:epc:id:sgtin:0614141.107346.9999'], bizStep: 'shipping', readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234', 'ex:dock': 'B' }, 'ex:z': { b: 1, a: [2] },
      },
    });
    expect(one.statusCode, one.body).toBe(201);
    const q = await ctx.call('POST', '/epcis/queries', { token: org.token, body: { name: 'objects', query: { eventType: ['ObjectEvent'] } } });
    expect(q.statusCode, q.body).toBe(201);
    doc = (await ctx.call('GET', '/openapi.json')).json<OpenApi>();
    ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  }, 300_000);
  afterAll(() => ctx.close());

  /** The problems of an answer against the schema documented for its route, status and media type. */
  function problems(method: string, url: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }): string[] {
    const pathname = url.split('?')[0] ?? '';
    const template = Object.keys(doc.paths).find((p) => doc.paths[p]?.[method] && new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname));
    if (!template) return [`${method} ${url}: no operation documented`];
    const media = String(res.headers['content-type']).split(';')[0] ?? '';
    const schema = doc.paths[template]?.[method]?.responses?.[String(res.statusCode)]?.content?.[media]?.schema;
    if (!schema) return [`${method} ${url}: ${res.statusCode} ${media} not documented`];
    const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/')) as object);
    return validate(JSON.parse(res.body)) ? [] : (validate.errors ?? []).slice(0, 5).map((e) => `${method} ${url}: ${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  async function get(url: string, headers: Record<string, string> = {}) {
    const res = await ctx.call('GET', url, { token: org.token, headers });
    expect(res.statusCode, `${url} ${res.body.slice(0, 300)}`).toBe(200);
    return res;
  }

  it('answers the top-level resources, capture jobs, queries, events and discovery resources as documented', async () => {
    const urls = ['/epcis/', '/epcis/capture', '/epcis/events?perPage=1000', '/epcis/events?perPage=5', '/epcis/queries/objects/events', '/epcis/queries/objects/events?perPage=3'];
    const jobs = (await get('/epcis/capture')).json<{ captureID: string; success: boolean }[]>();
    expect(jobs.some((j) => !j.success), 'some capture job reports errors').toBe(true);
    urls.push(...jobs.map((j) => `/epcis/capture/${j.captureID}`));
    const all = (await get('/epcis/events?perPage=1000', { 'GS1-EPC-Format': 'Never_Translates' })).json<{ epcisBody: { queryResults: { resultsBody: { eventList: { eventID?: string }[] } } } }>();
    const events = all.epcisBody.queryResults.resultsBody.eventList;
    expect(events.length).toBeGreaterThan(30);
    urls.push(...events.flatMap((e) => (e.eventID ? [`/epcis/events/${encodeURIComponent(e.eventID)}`] : [])));
    for (const resource of ['eventTypes', 'epcs', 'bizSteps', 'bizLocations', 'readPoints', 'dispositions']) {
      urls.push(`/epcis/${resource}?perPage=2`);
      const { member } = (await get(`/epcis/${resource}?perPage=1000`)).json<{ member: string[] }>();
      expect(member.length, resource).toBeGreaterThan(0);
      urls.push(`/epcis/${resource}?perPage=1000`, ...member.slice(0, 3).flatMap((m) => [`/epcis/${resource}/${encodeURIComponent(m)}`, `/epcis/${resource}/${encodeURIComponent(m)}/events`]));
    }
    const found: string[] = [];
    for (const url of urls) {
      for (const format of ['Always_GS1_Digital_Link', 'Always_EPC_URN', 'Never_Translates']) {
        found.push(...problems('get', url, await get(url, { 'GS1-EPC-Format': format })));
        if (!url.includes('events')) break;
      }
    }
    expect(found).toEqual([]);
  }, 300_000);

  it('answers a business action of the plain event API with its event as documented', async () => {
    const res = await ctx.call('POST', '/api/v1/events/inspect', { token: chain.producer.token, body: { batchId: chain.batchId, result: 'pass', reportNumber: 'R-2026-1', body: '浙江省质检院', date: '2026-10-01' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(problems('post', '/api/v1/events/inspect', res)).toEqual([]);
    // The chain's shipments, receipts and sale, as the producer sees them.
    const mine = await ctx.call('GET', '/epcis/events?perPage=1000', { token: chain.producer.token });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(problems('get', '/epcis/events', mine)).toEqual([]);
  });
});
