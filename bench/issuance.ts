/**
 * Issuance benchmark: issuing 1,000,000 codes through the issuance service (generation, unique
 * serials, 10,000-code transactions, the final SM3 pass and ledger record) vs a plain COPY of
 * 1,000,000 rows of the same width into a table with the same indexes, same database, same run.
 * Also parse throughput for element strings and Digital Link URIs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/config.ts';
import { type DbTarget, openDatabase } from '../src/db/database.ts';
import { createServices } from '../src/server/app.ts';
import { parseCode } from '../src/shared/codes/parse-code.ts';
import { randomSerial } from '../src/modules/issuance/issuance.service.ts';

const ADMIN = { role: 'admin', regions: [] } as const;

function copyRows(n: number, ids: { org: string; product: string; batch: string; issuance: string }): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < n; i += 10_000) {
    let s = '';
    for (let k = i; k < Math.min(n, i + 10_000); k++) {
      const serial = randomSerial();
      s += `${serial}\t(01)06901234567892(21)${serial}\tgs1\t${ids.org}\t${ids.product}\t${ids.batch}\t${ids.issuance}\t${k}\n`;
    }
    chunks.push(s);
  }
  return chunks;
}

export async function benchIssuance(target: DbTarget, n = 1_000_000) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-bench-iss-'));
  let pglite: PGlite | undefined;
  let serverDb: { url: string; name: string } | undefined;
  let database;
  if (target === 'pglite') {
    pglite = await PGlite.create();
    database = await openDatabase({ pglite });
  } else {
    const url = process.env.DATABASE_URL ?? '';
    const name = `yima_bench_${crypto.randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    serverDb = { url: u.toString(), name };
    database = await openDatabase({ databaseUrl: serverDb.url, poolSize: 4 });
  }
  try {
    const services = await createServices({ config: loadConfig({ YIMA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), database });
    await services.catalog.loadBuiltIns();
    const uscc = '91330106MA2H7Q3K5';
    const { usccCheckCharacter } = await import('../src/shared/codes/uscc.ts');
    const org = await services.orgs.create(ADMIN, {
      name: '基准测试企业', uscc: uscc + usccCheckCharacter(uscc), address: 'x', roles: ['producer'], contacts: [{ name: 'a' }],
      cccCertificates: [{ number: '2023010800000001', product: 'x', status: 'valid', validTo: '2099-01-01' }],
    });
    const product = await services.products.create(ADMIN, {
      orgId: org.id, categoryCode: 'e-bike', name: '电动自行车', model: 'B', standard: 'GB 17761-2024', cccCertificateNumber: '2023010800000001', gtins: ['06901234567892'],
    });

    // Baseline: COPY of n rows of the same width into a table with the same indexes.
    await sql`CREATE TABLE copy_baseline (LIKE codes INCLUDING DEFAULTS INCLUDING INDEXES)`.execute(database.db);
    const ids = { org: org.id, product: product.id, batch: crypto.randomUUID(), issuance: crypto.randomUUID() };
    const rows = copyRows(n, ids);
    const copySql = 'COPY copy_baseline (key, code, scheme, org_id, product_id, batch_id, issuance_id, seq) FROM';
    let t = performance.now();
    if (pglite) {
      await pglite.query(`${copySql} '/dev/blob'`, [], { blob: new Blob(rows) });
    } else if (serverDb) {
      const client = new pg.Client({ connectionString: serverDb.url });
      await client.connect();
      await pipeline(Readable.from(rows), client.query(copyFrom(`${copySql} STDIN`)));
      await client.end();
    }
    const copySeconds = (performance.now() - t) / 1000;

    t = performance.now();
    const { job } = await services.issuance.issue(ADMIN, { productId: product.id, lot: 'BENCH', productionDate: '2026-11-25', quantity: n, scheme: 'gs1', requestId: 'bench' });
    await services.issuance.idle();
    const issueSeconds = (performance.now() - t) / 1000;
    const { job: done } = await services.issuance.get(ADMIN, job.id);
    if (done.status !== 'done' || done.issued !== n) throw new Error(`issuance ended ${done.status} with ${done.issued}`);
    return {
      codes: n,
      issueSeconds: Number(issueSeconds.toFixed(1)),
      issuedPerSec: Math.round(n / issueSeconds),
      baselineCopySeconds: Number(copySeconds.toFixed(1)),
      ratioToCopy: Number((issueSeconds / copySeconds).toFixed(2)),
    };
  } finally {
    await database.close();
    if (pglite) await pglite.close();
    if (serverDb) {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL ?? '' });
      await c.connect();
      await c.query(`DROP DATABASE ${serverDb.name} WITH (FORCE)`);
      await c.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function benchParse(n = 100_000) {
  const gtin = '06901234567892';
  const strings = Array.from({ length: n }, () => `(01)${gtin}(11)241018(10)LOT${crypto.randomInt(1e6)}(21)${randomSerial()}`);
  const links = strings.map((s) => s.replace(/^\(01\)(\d+)\(11\)(\d+)\(10\)([^(]+)\(21\)(.+)$/, 'https://trace.example.cn/01/$1/10/$3/21/$4?11=$2'));
  const run = (inputs: string[]) => {
    const t = performance.now();
    for (const s of inputs) if ('error' in parseCode(s)) throw new Error(`parse failed: ${s}`);
    return Math.round(inputs.length / ((performance.now() - t) / 1000));
  };
  const t = performance.now();
  for (const s of strings) JSON.parse(JSON.stringify({ s }));
  const baseline = Math.round(n / ((performance.now() - t) / 1000));
  return { elementStringsPerSec: run(strings), digitalLinksPerSec: run(links), baselineJsonRoundTripPerSec: baseline };
}
