import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, type BuiltOrg } from '../../../test/factories.ts';
import { createOutboundGuard } from '../../server/outbound-guard.ts';
import { gs1Signature } from './callback.ts';
import { createSubscriptionDelivery, type SubscriptionDelivery } from './subscription-delivery.service.ts';

type Json = Record<string, unknown>;
type Answer = 200 | 500 | 'hang';

interface Received {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly signature: string | undefined;
  readonly body: Buffer;
  readonly doc: Json;
  readonly answer: Answer;
}

const eventListOf = (doc: Json): Json[] =>
  ((((doc.epcisBody as Json | undefined)?.queryResults as Json | undefined)?.resultsBody as Json | undefined)?.eventList ?? []) as Json[];

/**
 * A webhook receiver on 127.0.0.1 whose answers a plan decides: the n-th request to a path gets
 * 200, 500, or no answer at all (the worker's timeout has to give up on it).
 */
async function startReceiver(plan: (path: string, n: number) => Answer) {
  const received: Received[] = [];
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      const answer = plan(path, n);
      const body = Buffer.concat(chunks);
      const signature = req.headers['gs1-signature'];
      received.push({ path, contentType: req.headers['content-type'], signature: typeof signature === 'string' ? signature : undefined, body, doc: JSON.parse(body.toString('utf8')) as Json, answer });
      if (answer !== 'hang') res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    requests: (path: string) => received.filter((r) => r.path === path),
    /** The eventIDs of the batches this path acknowledged with a 2xx, in arrival order. */
    acknowledged: (path: string) => received.filter((r) => r.path === path && r.answer === 200).flatMap((r) => eventListOf(r.doc).map((e) => String(e.eventID))),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const objectEvent = (bizStep = 'shipping'): Json => ({
  type: 'ObjectEvent', eventID: `urn:uuid:${crypto.randomUUID()}`, action: 'OBSERVE',
  eventTime: '2026-03-01T10:00:00.000+08:00', eventTimeZoneOffset: '+08:00',
  epcList: [`urn:epc:id:sgtin:0614141.107346.${crypto.randomInt(1, 1e9)}`], bizStep, disposition: 'in_transit',
});
const epcisDocument = (events: Json[]): Json => ({
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0',
  creationDate: '2026-03-01T10:00:00.000+08:00', epcisBody: { eventList: events },
});

describe.each(DB_TARGETS)('EPCIS named queries and webhook subscriptions on %s', (target) => {
  let ctx: TestContext;
  // The platform's clock: tests move it past backoffs and to query times.
  let now = new Date('2026-03-02T00:00:00Z');
  const clock = () => now;
  const advance = (ms: number) => void (now = new Date(now.getTime() + ms));
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  // The worker the tests drive: the app's own, stopped, would wait 10 s on a receiver that hangs.
  let worker: SubscriptionDelivery;
  let orgA: BuiltOrg;
  let orgB: BuiltOrg;

  /** Captures a document through POST /epcis/capture and waits for the job; returns the eventIDs. */
  async function capture(org: BuiltOrg, events: Json[]): Promise<string[]> {
    const res = await ctx.call('POST', '/epcis/capture', { token: org.token, body: epcisDocument(events), headers: { 'content-type': 'application/ld+json' } });
    expect(res.statusCode, res.body).toBe(202);
    await ctx.services.captureJobs.idle();
    const job = await ctx.call('GET', String(res.headers.location), { token: org.token });
    expect(job.json(), job.body).toMatchObject({ success: true });
    return events.map((e) => String(e.eventID));
  }

  const createQuery = (org: BuiltOrg, name: string, query: Json) => ctx.call('POST', '/epcis/queries', { token: org.token, body: { name, query } });
  const subscribe = (org: BuiltOrg, name: string, body: Json, headers: Record<string, string> = {}) =>
    ctx.call('POST', `/epcis/queries/${name}/subscriptions`, { token: org.token, body, headers });

  beforeAll(async () => {
    // Every other request fails; every fifth hangs past the timeout.
    receiver = await startReceiver((path, n) => (path.startsWith('/flaky') ? (n % 5 === 3 ? 'hang' : n % 2 === 1 ? 500 : 200) : 200));
    // The receiver is internal (127.0.0.1): the operator allows exactly its port.
    ctx = await createTestContext(target, { YIMA_OUTBOUND_ALLOW: `127.0.0.1:${receiver.port}` }, clock);
    await ctx.services.subscriptionDelivery.stop();
    worker = createSubscriptionDelivery({
      db: ctx.database.db, events: ctx.services.events, outbound: ctx.services.outbound, clock,
      delivery: { timeoutMs: 300, batchSize: 2, backoffBaseMs: 1_000, backoffMaxMs: 8_000 },
    });
    orgA = await buildOrg(ctx);
    orgB = await buildOrg(ctx);
  });
  afterAll(async () => {
    await worker.stop();
    await receiver.close();
    await ctx.close();
  });

  it('creates a named query (201 + Location), refuses its name twice (409) and bad parameters (400 QueryParameterException), and pages the list', async () => {
    const res = await createQuery(orgA, 'daily.report', { eventType: ['ObjectEvent'], EQ_bizStep: ['shipping', 'receiving'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.location).toBe('/epcis/queries/daily.report');
    expect(res.json()).toMatchObject({ name: 'daily.report', query: { EQ_bizStep: ['shipping', 'receiving'] } });

    const again = await createQuery(orgA, 'daily.report', { eventType: ['ObjectEvent'] });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ type: 'epcisException:ResourceAlreadyExistsException', code: 'query_exists' });
    // Names are per organisation.
    expect((await createQuery(orgB, 'daily.report', { eventType: ['ObjectEvent'] })).statusCode).toBe(201);

    const bad = await createQuery(orgA, 'bad', { EQ_bizStep: 'shipping', GE_eventTime: 'yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: 'epcisException:QueryParameterException', code: 'epcis_query_parameter' });
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.EQ_bizStep', 'query.GE_eventTime']);
    expect((await createQuery(orgA, 'no spaces', {})).statusCode).toBe(400);

    for (const name of ['q1', 'q2']) expect((await createQuery(orgA, name, {})).statusCode).toBe(201);
    const first = await ctx.call('GET', '/epcis/queries?perPage=2', { token: orgA.token });
    expect(first.json().map((q: { name: string }) => q.name)).toEqual(['daily.report', 'q1']);
    const next = /^<([^>]+)>; rel="next"$/.exec(String(first.headers.link))?.[1];
    expect(next).toBeDefined();
    const second = await ctx.call('GET', String(next), { token: orgA.token });
    expect(second.json().map((q: { name: string }) => q.name)).toEqual(['q2']);
    expect(second.headers.link).toBeUndefined();

    expect((await ctx.call('GET', '/epcis/queries/q1', { token: orgB.token })).json()).toMatchObject({ status: 404, type: 'epcisException:NoSuchNameException' });
    expect((await ctx.call('DELETE', '/epcis/queries/q2', { token: orgA.token })).statusCode).toBe(204);
    expect((await ctx.call('GET', '/epcis/queries/q2', { token: orgA.token })).statusCode).toBe(404);
  });

  it('refuses subscriptions without exactly one of stream and schedule, or with a bad schedule, with 400 SubscriptionControlsException; a non-local http dest with 400 ValidationException', async () => {
    expect((await createQuery(orgA, 'controls', {})).statusCode).toBe(201);
    const dest = receiver.url('/unused');
    for (const body of [{ dest }, { dest, stream: false }, { dest, stream: true, schedule: { minute: '5' } }, { dest, schedule: { minute: '61' } }, { dest, schedule: { hour: '[9-5]' } }, { dest, schedule: {} }]) {
      const res = await subscribe(orgA, 'controls', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json(), JSON.stringify(body)).toMatchObject({ type: 'epcisException:SubscriptionControlsException', code: 'epcis_subscription_controls' });
    }
    expect((await subscribe(orgA, 'controls', { dest, schedule: { minute: '61' } }, { 'accept-language': 'en' })).json().errors).toMatchObject([{ field: 'schedule.minute' }]);
    const insecure = await subscribe(orgA, 'controls', { dest: 'http://client.example.com/cb', stream: true });
    expect(insecure.json()).toMatchObject({ status: 400, type: 'epcisException:ValidationException', errors: [{ field: 'dest', code: 'callback_url' }] });
    expect((await subscribe(orgA, 'no-such-query', { dest, stream: true })).statusCode).toBe(404);
  });

  it('refuses a dest that is, or resolves to, a loopback, private, link-local, metadata or other internal address with 400 naming dest (issue 10)', async () => {
    expect((await createQuery(orgA, 'ssrf', {})).statusCode).toBe(201);
    const internal = [
      'https://169.254.169.254/latest/meta-data/', 'https://10.0.0.1:5432/', 'https://[::1]:5432/', 'https://localhost:5432/', 'https://0.0.0.0/',
      'https://[::ffff:127.0.0.1]/', 'https://[fd00:ec2::254]/latest/meta-data/', 'https://100.100.100.200/latest/meta-data/', 'https://192.168.1.1/',
      // 127.0.0.1 itself, on a port the operator did not allow, over http and https alike.
      `http://127.0.0.1:${receiver.port + 1}/cb`, `https://127.0.0.1:${receiver.port + 1}/cb`, `http://[::1]:${receiver.port}/cb`,
    ];
    for (const dest of internal) {
      const res = await subscribe(orgA, 'ssrf', { dest, stream: true }, { 'accept-language': 'en' });
      expect(res.statusCode, dest).toBe(400);
      expect(res.json(), dest).toMatchObject({ type: 'epcisException:ValidationException', errors: [{ field: 'dest', code: expect.stringMatching(/^(destination_internal|callback_url)$/) }] });
    }
    const metadata = await subscribe(orgA, 'ssrf', { dest: 'https://169.254.169.254/latest/meta-data/', stream: true }, { 'accept-language': 'en' });
    expect(metadata.json().errors).toEqual([expect.objectContaining({ field: 'dest', code: 'destination_internal', message: expect.stringMatching(/^dest: 169\.254\.169\.254 is not a public internet address.*YIMA_OUTBOUND_ALLOW/) })]);
    const named = await subscribe(orgA, 'ssrf', { dest: 'https://localhost:5432/', stream: true });
    expect(named.json().errors).toEqual([expect.objectContaining({ field: 'dest', code: 'destination_internal', message: expect.stringMatching(/^dest：localhost 解析到 (127\.0\.0\.1|::1)，不是公网地址/) })]);
    expect((await ctx.call('GET', '/epcis/queries/ssrf/subscriptions', { token: orgA.token })).json()).toEqual([]);
    // The port the operator allowed is accepted.
    expect((await subscribe(orgA, 'ssrf', { dest: receiver.url('/allowed'), stream: true })).statusCode).toBe(201);
    expect((await ctx.call('DELETE', '/epcis/queries/ssrf', { token: orgA.token })).statusCode).toBe(204);
  });

  it('records a delivery to a destination no longer allowed as failed, with the reason, and sends it nothing (issue 10)', async () => {
    // The operator has since taken 127.0.0.1 off the allow-list: this worker allows nothing.
    const strict = createSubscriptionDelivery({
      db: ctx.database.db, events: ctx.services.events, outbound: createOutboundGuard({ allow: [] }), clock,
      delivery: { timeoutMs: 300, backoffBaseMs: 1_000, backoffMaxMs: 8_000 },
    });
    expect((await createQuery(orgA, 'refused', { EQ_bizStep: ['shipping'] })).statusCode).toBe(201);
    const sub = (await subscribe(orgA, 'refused', { dest: receiver.url('/refused'), stream: true })).json();
    await capture(orgA, [objectEvent()]);
    await strict.deliverDue();
    expect(receiver.requests('/refused')).toHaveLength(0);
    const state = (await ctx.call('GET', `/epcis/queries/refused/subscriptions/${sub.subscriptionID}`, { token: orgA.token })).json();
    expect(state).toMatchObject({ failures: 1, lastNotifiedAt: null, lastError: 'refused: 127.0.0.1 is not a public address (loopback); an operator may allow it in YIMA_OUTBOUND_ALLOW', retryAt: new Date(now.getTime() + 1_000).toISOString() });
    await strict.stop();
    expect((await ctx.call('DELETE', '/epcis/queries/refused', { token: orgA.token })).statusCode).toBe(204);
    advance(10_000); // subscriptions made from here on start after this test's event
  });

  it('delivers every event exactly once and in order through failures and timeouts, each POST signed', async () => {
    expect((await createQuery(orgA, 'shipped', { eventType: ['ObjectEvent'], EQ_bizStep: ['shipping'] })).statusCode).toBe(201);
    const res = await subscribe(orgA, 'shipped', { dest: receiver.url('/flaky'), stream: true, signatureToken: 'token-A' }, { 'GS1-EPC-Format': 'Never_Translates' });
    expect(res.statusCode, res.body).toBe(201);
    const sub = res.json();
    expect(res.headers.location).toBe(`/epcis/queries/shipped/subscriptions/${sub.subscriptionID}`);
    expect(sub).toMatchObject({ stream: true, lastNotifiedAt: null, minRecordTime: now.toISOString(), epcFormat: 'Never_Translates', signed: true });
    expect(JSON.stringify(sub)).not.toContain('token-A');

    // Three documents; one event in the second does not match.
    const expected: string[] = [];
    expected.push(...(await capture(orgA, [objectEvent(), objectEvent(), objectEvent()])));
    await worker.deliverDue();
    advance(10_000);
    const second = await capture(orgA, [objectEvent(), objectEvent('storing'), objectEvent(), objectEvent()]);
    expected.push(...second.filter((_, i) => i !== 1));
    await worker.deliverDue();
    advance(10_000);
    expected.push(...(await capture(orgA, [objectEvent(), objectEvent()])));
    for (let round = 0; round < 40 && receiver.acknowledged('/flaky').length < expected.length; round++) {
      await worker.deliverDue();
      advance(10_000); // past any backoff (capped at 8 s here)
    }

    expect(receiver.acknowledged('/flaky')).toEqual(expected);
    const requests = receiver.requests('/flaky');
    expect(requests.some((r) => r.answer === 500)).toBe(true);
    expect(requests.some((r) => r.answer === 'hang')).toBe(true);
    for (const r of requests) {
      expect(r.contentType).toBe('application/ld+json');
      expect(r.signature).toBe(gs1Signature(r.body, 'token-A'));
      expect(r.doc).toMatchObject({ type: 'EPCISQueryDocument', epcisBody: { queryResults: { queryName: 'shipped', subscriptionID: sub.subscriptionID } } });
      expect(eventListOf(r.doc).length).toBeLessThanOrEqual(2);
    }

    // Nothing more to send: the next rounds post nothing.
    const posted = requests.length;
    await worker.deliverDue();
    expect(receiver.requests('/flaky')).toHaveLength(posted);
    const state = (await ctx.call('GET', `/epcis/queries/shipped/subscriptions/${sub.subscriptionID}`, { token: orgA.token })).json();
    expect(state).toMatchObject({ failures: 0, lastError: null, retryAt: null, lastNotifiedAt: expect.any(String) });
    expect(state.minRecordTime > sub.minRecordTime).toBe(true);
  });

  it('records a failure and backs off: nothing is retried before retryAt', async () => {
    expect((await createQuery(orgA, 'down', { EQ_bizStep: ['shipping'] })).statusCode).toBe(201);
    const sub = (await subscribe(orgA, 'down', { dest: receiver.url('/flaky-down'), stream: true })).json();
    await capture(orgA, [objectEvent()]);
    await worker.deliverDue(); // request 1 to this path: 500
    const state = (await ctx.call('GET', `/epcis/queries/down/subscriptions/${sub.subscriptionID}`, { token: orgA.token })).json();
    expect(state).toMatchObject({ failures: 1, lastError: 'HTTP 500', retryAt: new Date(now.getTime() + 1_000).toISOString() });
    await worker.deliverDue();
    expect(receiver.requests('/flaky-down')).toHaveLength(1);
    advance(1_000);
    await worker.deliverDue(); // request 2: 200
    expect(receiver.acknowledged('/flaky-down')).toHaveLength(1);
    expect((await ctx.call('DELETE', '/epcis/queries/down', { token: orgA.token })).statusCode).toBe(204);
  });

  it("never sends another organisation's events: each subscription sees what its creator may query", async () => {
    expect((await createQuery(orgB, 'shipped', { EQ_bizStep: ['shipping'] })).statusCode).toBe(201);
    expect((await subscribe(orgB, 'shipped', { dest: receiver.url('/b'), stream: true })).statusCode).toBe(201);
    const before = receiver.acknowledged('/flaky').length;
    const fromA = await capture(orgA, [objectEvent()]);
    const fromB = await capture(orgB, [objectEvent()]);
    for (let round = 0; round < 20 && receiver.acknowledged('/flaky').length < before + 1; round++) {
      await worker.deliverDue();
      advance(10_000);
    }
    await worker.deliverDue();
    expect(receiver.acknowledged('/b')).toEqual(fromB);
    expect(receiver.acknowledged('/flaky').slice(before)).toEqual(fromA);
  });

  it('runs GET /queries/{name}/events with paging, named after the query', async () => {
    const page = await ctx.call('GET', '/epcis/queries/shipped/events?perPage=2', { token: orgB.token });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ type: 'EPCISQueryDocument', epcisBody: { queryResults: { queryName: 'shipped' } } });
    expect(eventListOf(page.json())).toHaveLength(1);
    const a = await ctx.call('GET', '/epcis/queries/shipped/events?perPage=2', { token: orgA.token });
    expect(eventListOf(a.json())).toHaveLength(2);
    expect(a.headers.link).toMatch(/^<\/epcis\/queries\/shipped\/events\?perPage=2&nextPageToken=[\w-]+>; rel="next"$/);
  });

  it('delivers a scheduled subscription only at its query times (China Standard Time), with an empty report when asked', async () => {
    now = new Date('2026-03-02T01:00:00Z'); // 09:00 in Beijing
    expect((await createQuery(orgA, 'morning', { EQ_bizStep: ['shipping'] })).statusCode).toBe(201);
    const res = await subscribe(orgA, 'morning', { dest: receiver.url('/morning'), schedule: { hour: '9,10', minute: '30' }, reportIfEmpty: true, signatureToken: 'token-M' });
    expect(res.statusCode, res.body).toBe(201);
    const sub = res.json();
    expect(sub).toMatchObject({ schedule: { hour: '9,10', minute: '30' }, reportIfEmpty: true, nextRunAt: '2026-03-02T01:30:00.000Z' });

    const ids = await capture(orgA, [objectEvent(), objectEvent()]);
    await worker.deliverDue();
    now = new Date('2026-03-02T01:29:59Z');
    await worker.deliverDue();
    expect(receiver.requests('/morning')).toHaveLength(0);

    now = new Date('2026-03-02T01:30:00Z');
    await worker.deliverDue();
    await worker.deliverDue();
    expect(receiver.acknowledged('/morning')).toEqual(ids);
    expect(receiver.requests('/morning')).toHaveLength(1);

    now = new Date('2026-03-02T02:30:05Z');
    await worker.deliverDue();
    const [, empty] = receiver.requests('/morning');
    expect(empty && eventListOf(empty.doc)).toEqual([]);
    expect(empty?.signature).toBe(empty && gs1Signature(empty.body, 'token-M'));
    const state = (await ctx.call('GET', `/epcis/queries/morning/subscriptions/${sub.subscriptionID}`, { token: orgA.token })).json();
    expect(state).toMatchObject({ lastNotifiedAt: '2026-03-02T02:30:05.000Z', nextRunAt: '2026-03-03T01:30:00.000Z' });
  });

  it('stops deliveries when the query is deleted (its subscriptions go with it)', async () => {
    const list = await ctx.call('GET', '/epcis/queries/shipped/subscriptions', { token: orgA.token });
    expect(list.statusCode).toBe(200);
    const [sub] = list.json<{ subscriptionID: string }[]>();
    expect(sub).toBeDefined();
    expect((await ctx.call('DELETE', '/epcis/queries/shipped', { token: orgA.token })).statusCode).toBe(204);
    const posted = receiver.requests('/flaky').length;
    await capture(orgA, [objectEvent()]);
    for (let round = 0; round < 3; round++) {
      await worker.deliverDue();
      advance(10_000);
    }
    expect(receiver.requests('/flaky')).toHaveLength(posted);
    expect((await ctx.call('GET', `/epcis/queries/shipped/subscriptions/${sub?.subscriptionID}`, { token: orgA.token })).statusCode).toBe(404);
  });

  it('unsubscribes with DELETE …/subscriptions/{id} (204, then 404)', async () => {
    const [sub] = (await ctx.call('GET', '/epcis/queries/shipped/subscriptions', { token: orgB.token })).json<{ subscriptionID: string }[]>();
    const url = `/epcis/queries/shipped/subscriptions/${sub?.subscriptionID}`;
    expect((await ctx.call('DELETE', url, { token: orgB.token })).statusCode).toBe(204);
    expect((await ctx.call('GET', url, { token: orgB.token })).json()).toMatchObject({ status: 404, type: 'epcisException:NoSuchResourceException' });
    const posted = receiver.requests('/b').length;
    await capture(orgB, [objectEvent()]);
    await worker.deliverDue();
    expect(receiver.requests('/b')).toHaveLength(posted);
  });

  // On a server, transactions commit in any order: an event with a lower record id can become
  // visible after one with a higher id. A cursor moved past the higher one would skip it. (The
  // embedded database has one connection: captures cannot interleave there, so no test there.)
  if (target === 'postgres') it('waits for a capture still in progress below a visible record id, then sends both in order', async () => {
    expect((await createQuery(orgA, 'late', { EQ_bizStep: ['shipping'] })).statusCode).toBe(201);
    expect((await subscribe(orgA, 'late', { dest: receiver.url('/late'), stream: true })).statusCode).toBe(201);
    const early = `urn:uuid:${crypto.randomUUID()}`;
    let inserted: () => void = () => undefined;
    let commit: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (inserted = resolve));
    const released = new Promise<void>((resolve) => (commit = resolve));
    // A capture that has drawn its record id and not committed yet, on a connection of its own.
    const slow = ctx.database.db.connection().execute(async (conn) => {
      await sql`BEGIN`.execute(conn);
      const doc = JSON.stringify({ ...objectEvent(), eventID: early });
      await sql`INSERT INTO events (event_id, event_type, action, event_time, record_time, biz_step, org_id, ledger_index, doc)
                VALUES (${early}, 'ObjectEvent', 'OBSERVE', ${now.toISOString()}, ${now.toISOString()}, 'shipping', ${orgA.id}, -1, ${doc}::jsonb)`.execute(conn);
      inserted();
      await released;
      await sql`COMMIT`.execute(conn);
    });
    await ready;
    let later: string[];
    try {
      later = await capture(orgA, [objectEvent()]);
      await worker.deliverDue();
      expect(receiver.requests('/late')).toHaveLength(0);
    } finally {
      commit();
      await slow;
    }
    await worker.deliverDue();
    expect(receiver.acknowledged('/late')).toEqual([early, ...later]);
  });
});

describe.each(DB_TARGETS)("the app's own delivery worker on %s", (target) => {
  let ctx: TestContext;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver(() => 200);
    ctx = await createTestContext(target, { YIMA_OUTBOUND_ALLOW: `127.0.0.1:${receiver.port}` });
  });
  afterAll(async () => {
    await ctx.close(); // stops the worker (onClose) before the database closes
    await receiver.close();
  });

  it('is started by the app: a capture is delivered by the next round, and close stops it', async () => {
    const org = await buildOrg(ctx);
    expect((await ctx.call('POST', '/epcis/queries', { token: org.token, body: { name: 'all', query: {} } })).statusCode).toBe(201);
    expect((await ctx.call('POST', '/epcis/queries/all/subscriptions', { token: org.token, body: { dest: receiver.url('/app'), stream: true } })).statusCode).toBe(201);
    const event = objectEvent();
    const res = await ctx.call('POST', '/epcis/capture', { token: org.token, body: epcisDocument([event]), headers: { 'content-type': 'application/ld+json' } });
    expect(res.statusCode, res.body).toBe(202);
    await ctx.services.captureJobs.idle();
    // The capture woke the worker; this joins (or follows) that round.
    await ctx.services.subscriptionDelivery.deliverDue();
    expect(receiver.acknowledged('/app')).toEqual([event.eventID]);
    expect(receiver.requests('/app')[0]?.signature).toBeUndefined();
  });
});
