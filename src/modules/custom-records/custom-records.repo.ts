/**
 * SQL for custom-product records (定制产品台账/合同). The owner's name and region are the orgs'
 * (the service adds them); lists are filtered by the orgs' scope predicate.
 */
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { orgInScope } from '../orgs/org-scope.sql.ts';
import type { Scope } from '../access/scope.ts';
import type { CustomRecordDocument, CustomRecordsTable } from '../../db/schema.ts';

const COLUMNS = [
  'custom_records.id', 'custom_records.org_id', 'custom_records.kind',
  'custom_records.supersedes', 'successor.id as superseded_by', 'custom_records.record_date', 'custom_records.contract_number',
  'custom_records.buyer_name', 'custom_records.buyer_uscc', 'custom_records.buyer_address', 'custom_records.buyer_contact',
  'custom_records.product_name', 'custom_records.product_model', 'custom_records.product_id', 'custom_records.category_code',
  'custom_records.quantity', 'custom_records.unit', 'custom_records.contract_date', 'custom_records.delivery_date',
  'custom_records.notes', 'custom_records.correction_reason', 'custom_records.documents', 'custom_records.created_at',
  'custom_records.deleted_at', 'custom_records.deleted_by', 'custom_records.deletion_reason',
] as const;

export interface RecordFilter {
  orgId?: string | undefined;
  /** Whose records the caller may list (access module). */
  scope: Scope;
  from?: string | undefined;
  to?: string | undefined;
  contractNumber?: string | undefined;
  kind?: 'ledger' | 'contract' | undefined;
  includeSuperseded: boolean;
  /** Keyset position: records strictly older than this (created_at, id), newest first. */
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

export type CustomRecordsRepo = ReturnType<typeof createCustomRecordsRepo>;

export function createCustomRecordsRepo(db: Db) {
  const base = () =>
    db
      .selectFrom('custom_records')
      .leftJoin('custom_records as successor', 'successor.supersedes', 'custom_records.id')
      .select(COLUMNS);
  return {
    /**
     * Inserts a record. Returns false, inserting nothing, when `supersedes` is already corrected
     * by another record (two corrections of one record race: the first wins).
     */
    insert: async (row: Insertable<CustomRecordsTable>) =>
      (await db.insertInto('custom_records').values(row).onConflict((oc) => oc.column('supersedes').doNothing()).returning('id').executeTakeFirst()) !== undefined,
    find: (id: string) => base().where('custom_records.id', '=', id).executeTakeFirst(),
    /** Locks the row for the rest of the transaction (a deletion and a correction must not interleave). */
    lock: (id: string) => db.selectFrom('custom_records').select(['id', 'deleted_at']).where('id', '=', id).forUpdate().executeTakeFirst(),
    /** Appends documents to the record's list; earlier documents are never changed. */
    appendDocuments: (id: string, documents: readonly CustomRecordDocument[]) =>
      db.updateTable('custom_records').set({ documents: sql`documents || ${JSON.stringify(documents)}::jsonb` }).where('id', '=', id).where('deleted_at', 'is', null).execute(),
    /** Clears every business column, keeping the tombstone; returns whether the row was live. */
    erase: async (id: string, by: string, reason: string, at: Date) =>
      Number((await db
        .updateTable('custom_records')
        .set({
          contract_number: null, buyer_name: null, buyer_uscc: null, buyer_address: null, buyer_contact: null, product_name: null,
          product_model: null, product_id: null, category_code: null, quantity: null, unit: null, contract_date: null, delivery_date: null,
          notes: null, correction_reason: null, documents: null, deleted_at: at, deleted_by: by, deletion_reason: reason,
        })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()).numUpdatedRows) === 1,
    list: (f: RecordFilter) => {
      let q = base().where('custom_records.deleted_at', 'is', null);
      if (f.orgId) q = q.where('custom_records.org_id', '=', f.orgId);
      if (f.from) q = q.where('custom_records.record_date', '>=', f.from);
      if (f.to) q = q.where('custom_records.record_date', '<=', f.to);
      if (f.contractNumber) q = q.where('custom_records.contract_number', '=', f.contractNumber);
      if (f.kind) q = q.where('custom_records.kind', '=', f.kind);
      if (!f.includeSuperseded) q = q.where('successor.id', 'is', null);
      q = q.where(() => orgInScope(f.scope, 'custom_records.org_id'));
      if (f.after) {
        const { createdAt, id } = f.after;
        q = q.where((eb) => eb(eb.refTuple('custom_records.created_at', 'custom_records.id'), '<', eb.tuple(createdAt, id)));
      }
      return q.orderBy('custom_records.created_at', 'desc').orderBy('custom_records.id', 'desc').limit(f.limit).execute();
    },
    all: () => base().orderBy('custom_records.created_at').orderBy('custom_records.id').execute(),
  };
}

export type CustomRecordRow = NonNullable<Awaited<ReturnType<CustomRecordsRepo['find']>>>;
