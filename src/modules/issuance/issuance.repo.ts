/** SQL for batches, issuance jobs and issued codes. */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface CodeRow {
  code: string;
  scheme: string;
  serial: string;
  org_id: string;
  product_id: string;
  batch_id: string;
  issuance_id: string;
  seq: number;
}

const ISSUANCE = ['id', 'org_id', 'product_id', 'batch_id', 'request_id', 'scheme', 'gtin', 'issuer', 'quantity', 'issued', 'status', 'error', 'digest', 'created_at', 'finished_at'] as const;

export type IssuanceRepo = ReturnType<typeof createIssuanceRepo>;

export function createIssuanceRepo(db: Db) {
  return {
    findBatch: (productId: string, lot: string) =>
      db.selectFrom('batches').select(['id', 'org_id', 'product_id', 'lot', 'production_date']).where('product_id', '=', productId).where('lot', '=', lot).executeTakeFirst(),
    findBatchById: (id: string) => db.selectFrom('batches').select(['id', 'lot', 'production_date']).where('id', '=', id).executeTakeFirst(),
    insertBatch: async (row: { id: string; org_id: string; product_id: string; lot: string; production_date: string }) =>
      (await db.insertInto('batches').values(row).onConflict((oc) => oc.columns(['product_id', 'lot']).doNothing()).returning('id').executeTakeFirst()) !== undefined,
    findByRequest: (orgId: string, requestId: string) => db.selectFrom('issuances').select(ISSUANCE).where('org_id', '=', orgId).where('request_id', '=', requestId).executeTakeFirst(),
    find: (id: string) => db.selectFrom('issuances').select(ISSUANCE).where('id', '=', id).executeTakeFirst(),
    running: () => db.selectFrom('issuances').select(ISSUANCE).where('status', '=', 'running').orderBy('created_at').execute(),
    /** The organisation's Yima issuer prefix, allocating the next one the first time. */
    yimaIssuer: async (orgId: string, prefixOf: (n: number) => string) => {
      const existing = await db.selectFrom('yima_issuers').select('prefix').where('org_id', '=', orgId).executeTakeFirst();
      if (existing) return existing.prefix;
      const { n } = (await sql<{ n: number }>`SELECT nextval('yima_issuer_seq')::int AS n`.execute(db)).rows[0] ?? { n: 0 };
      await db.insertInto('yima_issuers').values({ org_id: orgId, prefix: prefixOf(n) }).onConflict((oc) => oc.column('org_id').doNothing()).execute();
      return (await db.selectFrom('yima_issuers').select('prefix').where('org_id', '=', orgId).executeTakeFirstOrThrow()).prefix;
    },
    insertIssuance: async (row: { id: string; org_id: string; product_id: string; batch_id: string; request_id: string; scheme: 'gs1' | 'yima'; gtin: string | null; issuer: string | null; quantity: number; created_by: string }) =>
      (await db.insertInto('issuances').values({ ...row, status: 'running' }).onConflict((oc) => oc.columns(['org_id', 'request_id']).doNothing()).returning('id').executeTakeFirst()) !== undefined,
    /**
     * Inserts codes through unnest (a handful of parameters per statement, whatever the count);
     * serials another code already has are skipped and returned so the caller can draw new ones.
     */
    insertCodes: async (rows: readonly CodeRow[]): Promise<Set<string>> => {
      const done = await sql<{ serial: string }>`
        INSERT INTO codes (code, scheme, key, org_id, product_id, batch_id, issuance_id, seq)
        SELECT * FROM unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.scheme)}::text[], ${rows.map((r) => r.serial)}::text[],
          ${rows.map((r) => r.org_id)}::uuid[], ${rows.map((r) => r.product_id)}::uuid[], ${rows.map((r) => r.batch_id)}::uuid[],
          ${rows.map((r) => r.issuance_id)}::uuid[], ${rows.map((r) => r.seq)}::int[])
        ON CONFLICT DO NOTHING
        RETURNING key AS serial`.execute(db);
      const inserted = new Set(done.rows.map((r) => r.serial));
      return new Set(rows.filter((r) => !inserted.has(r.serial)).map((r) => r.serial));
    },
    /** Inserts bound codes; returns the keys that were already taken. */
    insertBoundCodes: async (rows: readonly { key: string; code: string; scheme: string; org_id: string; product_id: string; batch_id: string | null; binding_id: string }[]): Promise<Set<string>> => {
      if (rows.length === 0) return new Set();
      const done = await sql<{ key: string }>`
        INSERT INTO codes (key, code, scheme, org_id, product_id, batch_id, binding_id)
        SELECT * FROM unnest(${rows.map((r) => r.key)}::text[], ${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.scheme)}::text[],
          ${rows.map((r) => r.org_id)}::uuid[], ${rows.map((r) => r.product_id)}::uuid[], ${rows.map((r) => r.batch_id)}::uuid[], ${rows.map((r) => r.binding_id)}::uuid[])
        ON CONFLICT DO NOTHING
        RETURNING key`.execute(db);
      const inserted = new Set(done.rows.map((r) => r.key));
      return new Set(rows.filter((r) => !inserted.has(r.key)).map((r) => r.key));
    },
    codeOwners: async (keys: readonly string[]) =>
      new Map((await db.selectFrom('codes').select(['key', 'org_id']).where('key', 'in', keys as string[]).execute()).map((r) => [r.key, r.org_id])),
    setIssued: (id: string, issued: number) => db.updateTable('issuances').set({ issued }).where('id', '=', id).execute(),
    finish: (id: string, digest: string, at: Date) => db.updateTable('issuances').set({ status: 'done', digest, finished_at: at }).where('id', '=', id).execute(),
    fail: (id: string, error: string, at: Date) => db.updateTable('issuances').set({ status: 'failed', error, finished_at: at }).where('id', '=', id).execute(),
    /** Codes of an issuance in order, a page at a time (keyset on seq). */
    codePage: (issuanceId: string, afterSeq: number, limit: number) =>
      db.selectFrom('codes').select(['code', 'key as serial', 'seq']).where('issuance_id', '=', issuanceId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute(),
    countIssued: async (issuanceId: string) =>
      (await db.selectFrom('codes').select((eb) => eb.fn.countAll<number>().as('n')).where('issuance_id', '=', issuanceId).executeTakeFirstOrThrow()).n,
  };
}

export type IssuanceRow = NonNullable<Awaited<ReturnType<IssuanceRepo['find']>>>;
