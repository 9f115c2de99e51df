/**
 * A fresh database for one benchmark: an in-memory PGlite, or a new database on the server of
 * DATABASE_URL; `close` closes it and drops the server database.
 */
import crypto from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, type DbTarget, openDatabase } from '../src/db/database.ts';
import type { Actor } from '../src/modules/access/actor.ts';
import type { Services } from '../src/server/app.ts';
import { usccCheckCharacter } from '../src/shared/codes/uscc.ts';

/** The platform admin, for the benchmarks' fixtures. */
export const ADMIN: Actor = { role: 'admin', regions: [] };

export async function openBenchDatabase(target: DbTarget, poolSize = 4): Promise<Database> {
  if (target === 'pglite') {
    const pglite = await PGlite.create();
    const database = await openDatabase({ pglite });
    return { ...database, close: async () => { await database.close(); await pglite.close(); } };
  }
  const url = process.env.DATABASE_URL ?? '';
  const name = `yima_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolSize });
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A producer (USCC 91330106MA2H7Q3K5 + its check character), an e-bike product with a valid CCC
 * certificate, and `quantity` GS1 codes of lot `lot`, issued and finished: the fixture of the
 * resolver and web benchmarks.
 */
export async function seedIssuedCodes(services: Services, quantity: number, lot: string) {
  const body17 = '91330106MA2H7Q3K5';
  const org = await services.orgs.create(ADMIN, {
    name: '基准测试企业', uscc: body17 + usccCheckCharacter(body17), address: '浙江省杭州市西湖区', roles: ['producer'], contacts: [{ name: 'a' }],
    cccCertificates: [{ number: '2023010800000001', product: 'x', status: 'valid', validTo: '2099-01-01' }],
  });
  const product = await services.products.create(ADMIN, { orgId: org.id, categoryCode: 'e-bike', name: '电动自行车', model: 'B', standard: 'GB 17761-2024', cccCertificateNumber: '2023010800000001', gtins: ['06901234567892'] });
  const { job } = await services.issuance.issue(ADMIN, { productId: product.id, lot, productionDate: '2026-11-01', quantity, scheme: 'gs1', requestId: `bench-${lot}` });
  await services.issuance.idle();
  return { org, product, job };
}
