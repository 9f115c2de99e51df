/**
 * Event benchmarks.
 * - capture: documents of 100 ObjectEvents through the capture path of POST /epcis/capture
 *   (official-schema validation, a capture job, facts, eventID hashing, requirement lookups, one
 *   ledger leaf per event, the inserts) vs
 *   inserting the same rows plainly (the same unnest INSERTs into tables with the same indexes,
 *   one transaction per document), same database, same run.
 * - trace: forward trace of a batch (100 items, packed into cases and pallets, moved over five
 *   hops) with TRACE_EVENTS (default 1,000,000) events stored; p50 and p99 over 200 traces, vs
 *   fetching one event by primary key.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import type { DbTarget } from '../src/db/database.ts';
import { openBenchDatabase } from './bench-db.ts';
import { validateEpcisEvent } from '../src/epcis/epcis-validate.ts';
import type { Actor } from '../src/modules/access/actor.ts';
import { eventFacts } from '../src/modules/events/event-facts.ts';
import { createServices } from '../src/server/app.ts';
import { gs1CheckDigit } from '../src/shared/codes/gtin.ts';
import { usccCheckCharacter } from '../src/shared/codes/uscc.ts';

const ADMIN: Actor = { role: 'admin', regions: [] };

async function openBench(target: DbTarget) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-bench-ev-'));
  const database = await openBenchDatabase(target);
  const services = await createServices({ config: loadConfig({ YIMA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), database });
  await services.catalog.loadBuiltIns();
  return {
    database, services,
    close: async () => {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function makeOrg(services: Awaited<ReturnType<typeof openBench>>['services'], body17: string, name: string, n = 0) {
  return services.orgs.create(ADMIN, {
    name, uscc: body17 + usccCheckCharacter(body17), address: '浙江省杭州市', roles: ['producer', 'seller'], contacts: [{ name: 'a' }],
    cccCertificates: [{ number: `2023010800${String(n).padStart(6, '0')}`, product: 'x', status: 'valid', validTo: '2099-01-01' }],
  });
}

const objectEvent = (i: number, j: number) => ({
  type: 'ObjectEvent', action: 'OBSERVE', eventTime: new Date(Date.UTC(2026, 0, 1) + i * 1000 + j).toISOString().replace('Z', '+08:00'), eventTimeZoneOffset: '+08:00',
  epcList: [`urn:epc:id:sgtin:0614141.107346.${i}-${j}`], bizStep: 'shipping', disposition: 'in_transit',
  readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' }, bizLocation: { id: 'urn:epc:id:sgln:0614141.07346.0' },
  bizTransactionList: [{ type: 'po', bizTransaction: `urn:epcglobal:cbv:bt:0614141073467:PO-${i}` }],
});

export async function benchCapture(target: DbTarget, docs = 300) {
  const b = await openBench(target);
  try {
    const org = await makeOrg(b.services, '91330106MA2H7Q3K5', '基准测试企业');
    const actor: Actor = { role: 'org_admin', orgId: org.id, regions: [], username: 'bench' };
    const documents = Array.from({ length: docs }, (_, i) => Array.from({ length: 100 }, (_, j) => objectEvent(i, j)));
    const warm = Array.from({ length: 100 }, (_, j) => objectEvent(-1, j));
    await b.services.events.capture(actor, { events: warm, behaviour: 'rollback' });

    // Baseline: the same rows, plainly inserted (no validation, no hashing, no ledger).
    await sql`CREATE TABLE plain_events (LIKE events INCLUDING ALL)`.execute(b.database.db);
    await sql`CREATE TABLE plain_epcs (LIKE event_epcs INCLUDING ALL)`.execute(b.database.db);
    await sql`CREATE TABLE plain_links (LIKE event_links INCLUDING ALL)`.execute(b.database.db);
    const plain = documents.map((d, i) => d.map((e, j) => ({ e, f: eventFacts(e), id: `urn:uuid:${crypto.randomUUID()}`, n: i * 100 + j })));
    let t = performance.now();
    const plainQueue = [...plain];
    const plainClient = async () => {
      for (let d = plainQueue.shift(); d; d = plainQueue.shift()) await insertPlain(d);
    };
    const insertPlain = async (d: (typeof plain)[number]) => {
      await b.database.db.transaction().execute(async (trx) => {
        const ids = await sql<{ id: number }>`
          INSERT INTO plain_events (event_id, event_type, action, event_time, record_time, biz_step, disposition, read_point, biz_location, org_id, ledger_index, doc)
          SELECT * FROM unnest(${d.map((x) => x.id)}::text[], ${d.map((x) => x.f.type)}::text[], ${d.map((x) => x.f.action)}::text[],
            ${d.map((x) => x.f.eventTime.toISOString())}::timestamptz[], ${d.map(() => new Date().toISOString())}::timestamptz[], ${d.map((x) => x.f.bizStep)}::text[],
            ${d.map((x) => x.f.disposition)}::text[], ${d.map((x) => x.f.readPoint)}::text[], ${d.map((x) => x.f.bizLocation)}::text[],
            ${d.map(() => org.id)}::uuid[], ${d.map((x) => x.n)}::bigint[], ${d.map((x) => JSON.stringify(x.e))}::jsonb[])
          RETURNING id`.execute(trx);
        const epcs = d.flatMap((x, k) => x.f.epcs.map((p) => ({ ...p, event: Number(ids.rows[k]?.id ?? 0) })));
        await sql`INSERT INTO plain_epcs (event, role, key, quantity, uom) SELECT * FROM unnest(${epcs.map((p) => p.event)}::bigint[], ${epcs.map((p) => p.role)}::text[], ${epcs.map((p) => p.key)}::text[], ${epcs.map((p) => p.quantity)}::float8[], ${epcs.map((p) => p.uom)}::text[])`.execute(trx);
        const links = d.flatMap((x, k) => x.f.links.map((l) => ({ ...l, event: Number(ids.rows[k]?.id ?? 0) })));
        await sql`INSERT INTO plain_links (event, kind, type, value) SELECT * FROM unnest(${links.map((l) => l.event)}::bigint[], ${links.map((l) => l.kind)}::text[], ${links.map((l) => l.type)}::text[], ${links.map((l) => l.value)}::text[])`.execute(trx);
      });
    };
    await Promise.all([plainClient(), plainClient()]);
    const plainSeconds = (performance.now() - t) / 1000;

    // As POST /epcis/capture does: the official schema per event, then a capture job; two clients
    // sending documents at once, as a server sees them (the baseline gets the same two clients).
    t = performance.now();
    const queue = [...documents];
    const jobIds: string[] = [];
    const client = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const invalid = d.flatMap((e, i) => validateEpcisEvent(e, `epcisBody.eventList[${i}]`));
        if (invalid.length) throw new Error(`bench event invalid: ${JSON.stringify(invalid[0])}`);
        jobIds.push(await b.services.captureJobs.submit(actor, { events: d, behaviour: 'rollback', invalid: [] }));
      }
    };
    await Promise.all([client(), client()]);
    await b.services.captureJobs.idle();
    const captureSeconds = (performance.now() - t) / 1000;
    for (const id of jobIds) {
      const job = await b.services.events.jobs.find(id);
      if (!job?.success || job.captured !== 100) throw new Error(`capture job ${id} failed: ${JSON.stringify(job?.errors)}`);
    }
    const n = docs * 100;
    return {
      events: n,
      capturedPerSec: Math.round(n / captureSeconds),
      baselinePlainInsertPerSec: Math.round(n / plainSeconds),
      ratioToPlain: Number((captureSeconds / plainSeconds).toFixed(2)),
    };
  } finally {
    await b.close();
  }
}

const sscc = (n: number) => {
  const body = `0690123${String(n).padStart(10, '0')}`;
  return `(00)${body}${gs1CheckDigit(body)}`;
};

export async function benchTrace(target: DbTarget, stored = Number(process.env.TRACE_EVENTS ?? 1_000_000)) {
  const b = await openBench(target);
  try {
    const { services, database } = b;
    // Filler: `stored` events over 200,000 other items, 1–2 keys each, written in bulk.
    const fillStart = performance.now();
    for (let from = 0; from < stored; from += 100_000) {
      const to = Math.min(stored, from + 100_000) - 1;
      await sql`
        INSERT INTO events (event_id, event_type, action, event_time, record_time, biz_step, disposition, ledger_index, doc)
        SELECT 'urn:uuid:' || md5(g::text), 'ObjectEvent', 'OBSERVE', timestamptz '2025-01-01' + g * interval '1 second', now(),
          (ARRAY['shipping','receiving','retail_selling','packing'])[1 + g % 4], 'in_transit', 0, '{}'::jsonb
        FROM generate_series(${from}::int, ${to}::int) g`.execute(database.db);
      await sql`
        INSERT INTO event_epcs (event, role, key)
        SELECT e.id, 'epc', '(01)06141410734' || lpad((e.id % 10)::text, 2, '0') || '(21)' || (e.id % 200000)::text
        FROM events e WHERE e.id > (SELECT coalesce(max(event), 0) FROM event_epcs)`.execute(database.db);
    }
    await sql`ANALYZE`.execute(database.db);
    const fillSeconds = (performance.now() - fillStart) / 1000;

    // The traced batch: 100 items → 10 cases → 2 pallets; producer → distributor → wholesaler →
    // two retailers → consumers: five hops.
    const orgs = [];
    for (const [i, name] of ['生产商', '经销商', '批发商', '零售商甲', '零售商乙'].entries()) orgs.push(await makeOrg(services, `91330106MA2H7Q3${i}5`, name, i));
    const as = (o: { id: string }): Actor => ({ role: 'org_admin', orgId: o.id, regions: [], username: 'bench' });
    const [maker, distributor, wholesaler, retailA, retailB] = orgs as [typeof orgs[number], typeof orgs[number], typeof orgs[number], typeof orgs[number], typeof orgs[number]];
    const product = await services.products.create(ADMIN, {
      orgId: maker.id, categoryCode: 'e-bike', name: '电动自行车', model: 'B', standard: 'GB 17761-2024', cccCertificateNumber: maker.cccCertificates[0]?.number ?? '', gtins: ['06901234567892'],
    });
    const { job } = await services.issuance.issue(as(maker), { productId: product.id, lot: 'TRACE', productionDate: '2026-11-01', quantity: 100, scheme: 'gs1', requestId: 'trace' });
    await services.issuance.idle();
    const codes: string[] = [];
    for await (const chunk of services.issuance.csv(as(maker), job.id, (c) => c)) for (const line of chunk.split('\n')) codes.push(line.split(',')[1] ?? '');
    const items = codes.filter((c) => c.startsWith('(01)'));
    const p = services.platformEvents;
    const cases = Array.from({ length: 10 }, (_, i) => sscc(100 + i));
    const pallets = [sscc(200), sscc(201)];
    await p.inspect(as(maker), { batchId: job.batch_id, result: 'pass', reportNumber: 'B-1', date: '2026-11-02' });
    for (const [i, c] of cases.entries()) await p.pack(as(maker), { parent: c, children: items.slice(i * 10, i * 10 + 10) });
    await p.pack(as(maker), { parent: pallets[0] ?? '', children: cases.slice(0, 5) });
    await p.pack(as(maker), { parent: pallets[1] ?? '', children: cases.slice(5) });
    const hop = async (from: typeof maker, to: typeof maker, what: string[]) => {
      await p.ship(as(from), { codes: what, to: { orgId: to.id }, destinationRegion: '330106' });
      await p.receive(as(to), { codes: what, from: { orgId: from.id } });
    };
    await hop(maker, distributor, pallets);
    await hop(distributor, wholesaler, pallets);
    await p.unpack(as(wholesaler), { parent: pallets[0] ?? '' });
    await p.unpack(as(wholesaler), { parent: pallets[1] ?? '' });
    await hop(wholesaler, retailA, cases.slice(0, 5));
    await hop(wholesaler, retailB, cases.slice(5));
    await p.sell(as(retailA), { codes: items.slice(0, 20) });
    await p.sell(as(retailB), { codes: items.slice(50, 70) });

    const times: number[] = [];
    const base: number[] = [];
    const one = await database.db.selectFrom('events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    let last: Awaited<ReturnType<typeof services.trace.forward>> | undefined;
    for (let i = 0; i < 220; i++) {
      let t = performance.now();
      last = await services.trace.forward(as(maker), { batchId: job.batch_id });
      if (i >= 20) times.push(performance.now() - t);
      t = performance.now();
      await database.db.selectFrom('events').selectAll().where('id', '=', one.id).executeTakeFirst();
      if (i >= 20) base.push(performance.now() - t);
    }
    const pct = (xs: number[], q: number) => [...xs].sort((a, c) => a - c)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? 0;
    const total = await database.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return {
      eventsStored: Number(total.n),
      fillSeconds: Number(fillSeconds.toFixed(1)),
      tracedEvents: last?.events.length ?? 0,
      parties: last?.parties.length ?? 0,
      forwardP50ms: Number(pct(times, 0.5).toFixed(2)),
      forwardP99ms: Number(pct(times, 0.99).toFixed(2)),
      baselinePkP50ms: Number(pct(base, 0.5).toFixed(3)),
    };
  } finally {
    await b.close();
  }
}
