/**
 * Ledger benchmarks, each against a baseline in the same run and database:
 * - append: records/s written with their ledger leaves vs the same records inserted without the
 *   ledger, one record per transaction and 1,000 per transaction;
 * - proof: inclusion-proof latency (p50/p99) on a large log vs fetching one leaf by primary key.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database, DbTarget } from '../src/db/database.ts';
import { openBenchDatabase } from './bench-db.ts';
import { createLedgerRepo } from '../src/modules/ledger/ledger.repo.ts';
import { loadLedgerKeys } from '../src/modules/ledger/ledger.keys.ts';
import { type LedgerEntry, createLedgerService, openLedgerLog } from '../src/modules/ledger/ledger.service.ts';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;

async function openLedger(database: Database) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-bench-keys-'));
  const log = await openLedgerLog(database.db, { originBase: 'bench.yima.local/yima', hash: 'sm3', explicit: { hash: true, origin: true } });
  const keys = loadLedgerKeys({ dir, name: log.origin, algorithms: ['sm2', 'ed25519'] });
  return createLedgerService({ db: database.db, origin: log.origin, hash: log.hash, keys });
}

const record = (i: number) => ({
  id: crypto.randomUUID(), orgId: '5b0c5f3e-7c39-4d0e-9a55-1f5c3f0a9d11', categoryCode: 'e-bike', name: '电动自行车', model: `TDT-${i}`,
  standard: 'GB 17761-2024', gtins: ['06901234567892'], attributes: { 'product.ratedVoltage': 48 },
});

export async function benchAppend(target: DbTarget, opts: { single: number; batched: number; batch: number }) {
  const database = await openBenchDatabase(target);
  try {
    const ledger = await openLedger(database);
    const db = database.db;
    await sql`CREATE TABLE bench_records (id uuid PRIMARY KEY, data jsonb NOT NULL)`.execute(db);
    const run = async (n: number, batch: number, withLedger: boolean) => {
      const started = performance.now();
      for (let i = 0; i < n; i += batch) {
        const rows = Array.from({ length: Math.min(batch, n - i) }, (_, k) => record(i + k));
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('bench_records' as never).values(rows.map((r) => ({ id: r.id, data: JSON.stringify(r) }))).execute();
          if (withLedger) await ledger.append(trx, rows.map((r): LedgerEntry => ({ type: 'product', subjectId: r.id, record: r, first: true })));
        });
      }
      return n / ((performance.now() - started) / 1000);
    };
    const out: Record<string, number> = {};
    for (const [label, n, batch] of [['single', opts.single, 1], ['batch', opts.batched, opts.batch]] as const) {
      await run(Math.min(n, 200), batch, true); // warm up
      const plain = await run(n, batch, false);
      const ledgered = await run(n, batch, true);
      out[`${label}PlainPerSec`] = Math.round(plain);
      out[`${label}LedgerPerSec`] = Math.round(ledgered);
      out[`${label}CostRatio`] = Number((plain / ledgered).toFixed(2));
    }
    out.batchSize = opts.batch;
    return out;
  } finally {
    await database.close();
  }
}

export async function benchProof(target: DbTarget, leaves: number, samples = 2000) {
  const database = await openBenchDatabase(target);
  try {
    const ledger = await openLedger(database);
    const db = database.db;
    const buildStarted = performance.now();
    for (let i = 0; i < leaves; i += 10_000) {
      const n = Math.min(10_000, leaves - i);
      await db.transaction().execute((trx) => ledger.append(trx, Array.from({ length: n }, (_, k): LedgerEntry => ({ type: 'bench', subjectId: `s${i + k}`, record: { n: i + k }, first: true }))));
    }
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    await ledger.checkpoint();
    const repo = createLedgerRepo(db);
    const proofMs: number[] = [];
    const lookupMs: number[] = [];
    for (let s = 0; s < samples; s++) {
      const index = crypto.randomInt(0, leaves);
      let t = performance.now();
      await repo.leaf(index);
      lookupMs.push(performance.now() - t);
      t = performance.now();
      await ledger.inclusion(index);
      proofMs.push(performance.now() - t);
    }
    return {
      leaves,
      buildLeavesPerSec: Math.round(leaves / buildSeconds),
      proofP50Ms: Number(percentile(proofMs, 50).toFixed(2)),
      proofP99Ms: Number(percentile(proofMs, 99).toFixed(2)),
      baselineLeafLookupP50Ms: Number(percentile(lookupMs, 50).toFixed(2)),
      baselineLeafLookupP99Ms: Number(percentile(lookupMs, 99).toFixed(2)),
      ratioP50: Number((percentile(proofMs, 50) / percentile(lookupMs, 50)).toFixed(2)),
    };
  } finally {
    await database.close();
  }
}
