/** SQL for batches, issuance jobs and issued codes. */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Scope } from '../access/scope.ts';
import { orgInScope } from '../orgs/org-scope.sql.ts';

/** A registered code, by the event key it is captured under. */
export interface CodeInfo {
  readonly key: string;
  readonly code: string;
  readonly orgId: string;
  readonly productId: string;
  readonly batchId: string | null;
}

/** Products, batches and production dates of one organisation: what a recall covers. */
export interface RecallScope {
  readonly org_id: string;
  readonly product_ids: readonly string[];
  readonly batch_ids: readonly string[];
  readonly production_from: string | null;
  readonly production_to: string | null;
}

/** The `codes.key` candidates of an event key: issued GS1 codes are keyed by their serial. */
export function codeKeyCandidates(eventKey: string): string[] {
  const serial = /^\(01\)\d{14}\(21\)(.+)$/.exec(eventKey)?.[1];
  return serial === undefined ? [eventKey] : [eventKey, serial];
}

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
    /** Batches in a scope, newest first, with how many codes their issuances have made. */
    listBatches: (f: { scope: Scope; orgId?: string; productId?: string; id?: string; limit: number; offset: number }) => {
      let q = db.selectFrom('batches as b')
        .select(['b.id', 'b.org_id', 'b.product_id', 'b.lot', 'b.production_date', 'b.created_at'])
        .select(sql<number>`(SELECT coalesce(sum(i.issued), 0)::int FROM issuances i WHERE i.batch_id = b.id)`.as('codes'))
        .where(() => orgInScope(f.scope, 'b.org_id'));
      if (f.id) q = q.where('b.id', '=', f.id);
      if (f.orgId) q = q.where('b.org_id', '=', f.orgId);
      if (f.productId) q = q.where('b.product_id', '=', f.productId);
      return q.orderBy('b.created_at', 'desc').orderBy('b.id').limit(f.limit).offset(f.offset).execute();
    },
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
    /** Registered codes among these event keys, by event key. */
    async codesOf(eventKeys: readonly string[]): Promise<Map<string, CodeInfo>> {
      const found = new Map<string, CodeInfo>();
      if (eventKeys.length === 0) return found;
      const candidates = [...new Set(eventKeys.flatMap(codeKeyCandidates))];
      const rows = await db.selectFrom('codes').select(['key', 'code', 'org_id', 'product_id', 'batch_id']).where('key', 'in', candidates).execute();
      const wanted = new Set(eventKeys);
      for (const r of rows) {
        if (wanted.has(r.code)) found.set(r.code, { key: r.key, code: r.code, orgId: r.org_id, productId: r.product_id, batchId: r.batch_id });
      }
      return found;
    },
    /** A code's row by its `codes.key`. */
    codeByKey: (key: string) =>
      db.selectFrom('codes').select(['key', 'code', 'scheme', 'org_id', 'product_id', 'batch_id', 'created_at', 'issuance_id', 'binding_id']).where('key', '=', key).executeTakeFirst(),
    batch: (id: string) => db.selectFrom('batches').select(['id', 'lot', 'production_date', 'org_id', 'product_id']).where('id', '=', id).executeTakeFirst(),
    batchesByLots: async (productIds: readonly string[], lots: readonly string[]) =>
      productIds.length === 0 || lots.length === 0 ? [] : db.selectFrom('batches').select(['id', 'product_id', 'lot']).where('product_id', 'in', productIds as string[]).where('lot', 'in', lots as string[]).execute(),
    /** Codes of a batch, as event keys (the canonical code). */
    batchCodes: async (batchId: string, limit: number) =>
      (await db.selectFrom('codes').select('code').where('batch_id', '=', batchId).limit(limit).execute()).map((r) => r.code),

    /** Codes (event keys) of an organisation's products, batches or production dates (a recall's scope). */
    scopeCodes: async (r: RecallScope, limit: number) => {
      if (!r.product_ids.length && !r.batch_ids.length) return [];
      const rows = await sql<{ code: string }>`
        SELECT c.code FROM codes c LEFT JOIN batches b ON b.id = c.batch_id
        WHERE c.org_id = ${r.org_id} AND (
          (c.product_id = ANY(${r.product_ids}::uuid[])
            AND (${r.production_from}::date IS NULL OR b.production_date >= ${r.production_from}::date)
            AND (${r.production_to}::date IS NULL OR b.production_date <= ${r.production_to}::date))
          OR c.batch_id = ANY(${r.batch_ids}::uuid[]))
        LIMIT ${limit}`.execute(db);
      return rows.rows.map((x) => x.code);
    },

    /** Batches of an organisation's products, batches or production dates (a recall's scope). */
    scopeBatches: async (r: RecallScope) => {
      const rows = await sql<{ id: string; lot: string; product_id: string }>`
        SELECT b.id, b.lot, b.product_id FROM batches b
        WHERE b.org_id = ${r.org_id} AND (
          (b.product_id = ANY(${r.product_ids}::uuid[])
            AND (${r.production_from}::date IS NULL OR b.production_date >= ${r.production_from}::date)
            AND (${r.production_to}::date IS NULL OR b.production_date <= ${r.production_to}::date))
          OR b.id = ANY(${r.batch_ids}::uuid[]))`.execute(db);
      return rows.rows;
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

export type BatchListRow = Awaited<ReturnType<IssuanceRepo['listBatches']>>[number];

export type IssuanceRow = NonNullable<Awaited<ReturnType<IssuanceRepo['find']>>>;
