import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextPrefixes, eventHash } from '../../epcis/event-hash.ts';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, type BuiltOrg } from '../../../test/factories.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/epcis');

function jsonldFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? jsonldFiles(path.join(dir, d.name)) : d.name.endsWith('.jsonld') ? [path.join(dir, d.name)] : []));
}

type Json = Record<string, unknown>;
const eventsOf = (doc: Json): Json[] => {
  const body = doc.epcisBody as Json;
  const list = (body.eventList ?? ((body.queryResults as Json | undefined)?.resultsBody as Json | undefined)?.eventList) as Json[] | undefined;
  return list ?? [];
};
const idOf = (doc: Json, e: Json) => (typeof e.eventID === 'string' ? e.eventID : eventHash(e, contextPrefixes(doc['@context'])));
const declared = (e: Json) => e.errorDeclaration !== undefined;

// Documents that repeat another's events (same eventIDs) go to separate databases, so that each
// capture is judged on its own; every document is captured.
const docs = jsonldFiles(FIXTURES).sort().map((file) => ({ file: path.relative(FIXTURES, file), doc: JSON.parse(fs.readFileSync(file, 'utf8')) as Json }));
const groups: (typeof docs)[] = [];
for (const d of docs) {
  const ids = eventsOf(d.doc).filter((e) => !declared(e)).map((e) => idOf(d.doc, e));
  const group = groups.find((g) => !g.some((o) => eventsOf(o.doc).some((e) => !declared(e) && ids.includes(idOf(o.doc, e)))));
  if (group) group.push(d);
  else groups.push([d]);
}

async function capture(ctx: TestContext, token: string, doc: unknown, headers: Record<string, string> = {}) {
  const res = await ctx.call('POST', '/epcis/capture', { token, body: doc, headers: { 'content-type': 'application/ld+json', ...headers } });
  await ctx.services.captureJobs.idle();
  return res;
}

describe.each(DB_TARGETS)('EPCIS 2.0 REST binding on %s', (target) => {
  describe.each(groups.map((g, i) => [i, g] as const))('conformance documents, group %i', (_i, group) => {
    let ctx: TestContext;
    let org: BuiltOrg;
    beforeAll(async () => {
      ctx = await createTestContext(target);
      org = await buildOrg(ctx);
    });
    afterAll(() => ctx.close());

    it.each(group.map((d) => [d.file, d.doc] as const))('captures %s and reads every event back as sent', async (_file, doc) => {
      const res = await capture(ctx, org.token, doc);
      expect(res.statusCode, res.body).toBe(202);
      const job = await ctx.call('GET', String(res.headers.location), { token: org.token });
      expect(job.json(), job.body).toMatchObject({ running: false, success: true, errors: [] });
      for (const sent of eventsOf(doc)) {
        const id = idOf(doc, sent);
        const got = await ctx.call('GET', `/epcis/events/${encodeURIComponent(id)}`, { token: org.token, headers: { 'GS1-EPC-Format': 'Never_Translates' } });
        expect(got.statusCode, got.body).toBe(200);
        const records = eventsOf(got.json());
        const { recordTime: _sentRecordTime, ...expected } = { ...sent, eventID: id } as Json;
        const stripped = records.map(({ recordTime, ...rest }) => {
          expect(typeof recordTime).toBe('string');
          return rest;
        });
        expect(stripped).toContainEqual(expected);
      }
    });
  });

  describe('errors, behaviours and queries', () => {
    let ctx: TestContext;
    let org: BuiltOrg;
    let other: BuiltOrg;
    const base = () => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'Example_9.6.1-ObjectEvent.jsonld'), 'utf8')) as Json;
    const objectEvent = (serial: string, extra: Json = {}): Json => ({
      type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2026-03-01T10:00:00.000+08:00', eventTimeZoneOffset: '+08:00',
      epcList: [`urn:epc:id:sgtin:0614141.107346.${serial}`], bizStep: 'shipping', disposition: 'in_transit', ...extra,
    });
    const doc = (events: Json[]): Json => ({ ...base(), epcisBody: { eventList: events } });
    beforeAll(async () => {
      ctx = await createTestContext(target);
      org = await buildOrg(ctx);
      other = await buildOrg(ctx);
    });
    afterAll(() => ctx.close());

    it('rejects schema violations, unknown event types, bad offsets and malformed identifiers with ValidationException, naming the field', async () => {
      const cases: [Json, string][] = [
        [objectEvent('e1', { eventTimeZoneOffset: '+15:00' }), 'eventTimeZoneOffset'],
        [{ ...objectEvent('e2'), type: 'FooEvent' }, 'type'],
        [objectEvent('e3', { epcList: ['urn:epc:id:sgtin:0614141.107346'] }), 'epcList[0]'],
        [objectEvent('e4', { epcList: ['https://id.gs1.org/01/00614141073468/21/1'] }), 'epcList[0]'],
        [(({ action: _a, ...e }) => e)(objectEvent('e5')), 'action'],
      ];
      for (const [event, field] of cases) {
        const res = await capture(ctx, org.token, doc([event]), {});
        expect(res.statusCode, res.body).toBe(400);
        const p = res.json();
        expect(p.type).toBe('epcisException:ValidationException');
        expect(p.errors.map((e: { field: string }) => e.field).join(' ')).toContain(`eventList[0].${field}`);
      }
      const notJson = await ctx.call('POST', '/epcis/capture', { token: org.token, body: '{"type": "EPCISDocument", ', headers: { 'content-type': 'application/ld+json' } });
      expect(notJson.statusCode).toBe(400);
    });

    it('rollback stores nothing from a document with one bad event; proceed stores the good ones and reports the bad', async () => {
      const good = [objectEvent('rb1'), objectEvent('rb2')];
      const bad = objectEvent('rb3', { eventTimeZoneOffset: '25:00' });
      const rolled = await capture(ctx, org.token, doc([...good, bad]));
      expect(rolled.statusCode).toBe(400);
      const none = await ctx.call('GET', '/epcis/events?MATCH_epc=urn:epc:id:sgtin:0614141.107346.rb1', { token: org.token });
      expect(none.json().epcisBody.queryResults.resultsBody.eventList).toEqual([]);

      const proceeded = await capture(ctx, org.token, doc([...good, bad]), { 'GS1-Capture-Error-Behaviour': 'proceed' });
      expect(proceeded.statusCode).toBe(202);
      const job = (await ctx.call('GET', String(proceeded.headers.location), { token: org.token, lang: 'en' })).json();
      expect(job).toMatchObject({ running: false, success: false, captureErrorBehaviour: 'proceed', capturedCount: 2 });
      expect(job.errors).toEqual([expect.objectContaining({ type: 'epcisException:ValidationException', eventIndex: 2 })]);
      const some = await ctx.call('GET', '/epcis/events?MATCH_epc=urn:epc:id:sgtin:0614141.107346.rb1|urn:epc:id:sgtin:0614141.107346.rb2|urn:epc:id:sgtin:0614141.107346.rb3', { token: org.token });
      expect(some.json().epcisBody.queryResults.resultsBody.eventList).toHaveLength(2);

      // Rollback on a duplicate eventID (found at capture, not by the schema): the job fails whole.
      const dup = await capture(ctx, org.token, doc([objectEvent('rb4'), { ...good[0], eventID: undefined }].map((e) => JSON.parse(JSON.stringify(e)) as Json)));
      const dupJob = (await ctx.call('GET', String(dup.headers.location), { token: org.token })).json();
      expect(dupJob).toMatchObject({ success: false, capturedCount: 0 });
      expect(dupJob.errors[0]).toMatchObject({ type: 'epcisException:ResourceAlreadyExistsException', eventIndex: 1 });
    });

    it('POST /events captures one event: 201 with Location, 409 for an existing eventID', async () => {
      const event = { '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], ...objectEvent('single', { eventID: 'urn:uuid:8f3c1d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f' }) };
      const res = await ctx.call('POST', '/epcis/events', { token: org.token, body: event, headers: { 'content-type': 'application/ld+json' } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers.location).toBe('/epcis/events/urn%3Auuid%3A8f3c1d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f');
      const again = await ctx.call('POST', '/epcis/events', { token: org.token, body: event, headers: { 'content-type': 'application/ld+json' } });
      expect(again.statusCode).toBe(409);
      expect(again.json().type).toBe('epcisException:ResourceAlreadyExistsException');
      expect(res.headers['gs1-epcis-version']).toBe('2.0.0');
    });

    it('answers the standard query parameters, pages with nextPageToken and Link rel=next, and translates identifiers per GS1-EPC-Format', async () => {
      const events = Array.from({ length: 7 }, (_, i) => objectEvent(`q${i}`, {
        eventTime: `2026-04-0${i + 1}T08:00:00.000+08:00`,
        bizStep: i % 2 ? 'receiving' : 'shipping',
        readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
        bizTransactionList: [{ type: 'po', bizTransaction: `urn:epcglobal:cbv:bt:0614141073467:PO-${i}` }],
      }));
      expect((await capture(ctx, org.token, doc(events))).statusCode).toBe(202);
      const list = async (q: string, headers: Record<string, string> = {}) => {
        const res = await ctx.call('GET', `/epcis/events?${q}`, { token: org.token, headers });
        expect(res.statusCode, res.body).toBe(200);
        return { res, events: res.json().epcisBody.queryResults.resultsBody.eventList as Json[] };
      };
      expect((await list('EQ_bizStep=receiving&MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*&GE_eventTime=2026-04-01T00:00:00Z')).events).toHaveLength(3);
      expect((await list('EQ_bizStep=urn:epcglobal:cbv:bizstep:shipping&GE_eventTime=2026-04-01T00:00:00Z&LT_eventTime=2026-04-04T00:00:00%2B08:00&MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*')).events).toHaveLength(2);
      expect((await list('EQ_bizTransaction_po=urn:epcglobal:cbv:bt:0614141073467:PO-3')).events).toHaveLength(1);
      expect((await list('EQ_readPoint=https://id.gs1.org/414/0614141073467/254/1234&eventType=ObjectEvent&MATCH_anyEPC=https://example.com/01/10614141073464/21/q4')).events).toHaveLength(1);
      expect((await list('WD_readPoint=urn:epc:id:sgln:0614141.07346.0&MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*')).events).toHaveLength(7);

      // Paging: 3 per page, newest first, through Link rel="next".
      const seen: string[] = [];
      let url: string | undefined = '/epcis/events?MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*&EQ_readPoint=urn:epc:id:sgln:0614141.07346.1234&orderBy=eventTime&orderDirection=DESC&perPage=3';
      while (url) {
        const res = await ctx.call('GET', url, { token: org.token });
        for (const e of res.json().epcisBody.queryResults.resultsBody.eventList as Json[]) seen.push(String(e.eventTime));
        url = /<([^>]+)>; rel="next"/.exec(String(res.headers.link ?? ''))?.[1];
      }
      expect(seen).toEqual([...seen].sort().reverse());
      expect(seen).toHaveLength(7);

      const dl = (await list('MATCH_epc=urn:epc:id:sgtin:0614141.107346.q0')).events[0];
      expect(dl?.epcList).toEqual(['https://id.gs1.org/01/10614141073464/21/q0']);
      const urn = (await list('MATCH_epc=urn:epc:id:sgtin:0614141.107346.q0', { 'GS1-EPC-Format': 'Always_EPC_URN' })).events[0];
      expect(urn?.epcList).toEqual(['urn:epc:id:sgtin:0614141.107346.q0']);

      const bad = await ctx.call('GET', '/epcis/events?EQ_bizStep=shipping&NOT_a_param=1', { token: org.token });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().type).toBe('epcisException:QueryParameterException');
      const tooMany = await ctx.call('GET', '/epcis/events?MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*&maxEventCount=2', { token: org.token });
      expect(tooMany.statusCode).toBe(413);
      expect(tooMany.json().type).toBe('epcisException:QueryTooLargeException');
      const limited = await list('MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*&orderBy=eventTime&eventCountLimit=2');
      expect(limited.events).toHaveLength(2);
      expect(limited.res.headers.link).toBeUndefined();
    });

    it('lists the discovery resources and their events', async () => {
      const types = await ctx.call('GET', '/epcis/eventTypes', { token: org.token });
      expect(types.json()).toMatchObject({ type: 'Collection', member: expect.arrayContaining(['ObjectEvent']) });
      const steps = await ctx.call('GET', '/epcis/bizSteps', { token: org.token });
      expect(steps.json().member).toEqual(expect.arrayContaining(['shipping', 'receiving']));
      const ofStep = await ctx.call('GET', '/epcis/bizSteps/receiving/events', { token: org.token });
      expect(ofStep.json().epcisBody.queryResults.resultsBody.eventList.length).toBeGreaterThan(0);
      const epcs = await ctx.call('GET', '/epcis/epcs?perPage=2', { token: org.token });
      expect(epcs.json().member).toHaveLength(2);
      expect(String(epcs.headers.link)).toContain('rel="next"');
      const next = await ctx.call('GET', String(epcs.headers.link).replace(/^<(.*)>.*$/, '$1'), { token: org.token });
      expect(next.statusCode, next.body).toBe(200);
      expect(next.json().member).not.toContain(epcs.json().member[1]);
      // A token no page gave (zero bytes: text PostgreSQL cannot hold) is a QueryParameterException, not a 500.
      const forged = await ctx.call('GET', `/epcis/bizSteps?nextPageToken=${'A'.repeat(40)}`, { token: org.token });
      expect(forged.statusCode, forged.body).toBe(400);
      expect(forged.json()).toMatchObject({ type: 'epcisException:QueryParameterException' });
      const opts = await ctx.call('OPTIONS', '/epcis/capture', { token: org.token });
      expect(opts.statusCode).toBe(204);
      expect(opts.headers['gs1-epcis-capture-limit']).toBeDefined();
    });

    it('never shows an organisation another organisation\'s events, through any query or resource', async () => {
      const secret = objectEvent('secret-1', { bizStep: 'urn:example:secret_step', readPoint: { id: 'urn:epc:id:sgln:0614141.99999.0' } });
      expect((await capture(ctx, other.token, doc([secret]))).statusCode).toBe(202);
      const id = eventHash(secret, {});
      for (const url of ['/epcis/events?MATCH_anyEPC=urn:epc:id:sgtin:0614141.107346.secret-1', `/epcis/events/${encodeURIComponent(id)}`, '/epcis/bizSteps', '/epcis/readPoints', '/epcis/epcs?perPage=1000', '/epcis/events?perPage=1000', `/epcis/bizSteps/${encodeURIComponent('urn:example:secret_step')}/events`]) {
        const res = await ctx.call('GET', url, { token: org.token });
        expect(res.body, url).not.toContain('secret');
      }
      const mine = await ctx.call('GET', `/epcis/events/${encodeURIComponent(id)}`, { token: other.token });
      expect(mine.statusCode).toBe(200);
      const anon = await ctx.call('GET', '/epcis/events');
      expect(anon.statusCode).toBe(401);
      expect(anon.json().type).toBe('epcisException:SecurityException');
    });
  });
});
