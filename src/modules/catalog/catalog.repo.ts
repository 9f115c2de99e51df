/** SQL for catalogue documents: insert-only, never updated. */
import type { Db } from '../../db/database.ts';

export type CatalogRepo = ReturnType<typeof createCatalogRepo>;
type Kind = 'list' | 'profile';
const COLUMNS = ['id', 'kind', 'doc_id', 'version', 'effective_from', 'content', 'sha256', 'loaded_at'] as const;

export function createCatalogRepo(db: Db) {
  return {
    insert: async (row: { id: string; kind: Kind; doc_id: string; version: string; effective_from: string; content: unknown; sha256: string; loaded_by: string | null }) =>
      (await db
        .insertInto('catalog_documents')
        .values({ ...row, content: JSON.stringify(row.content) })
        .onConflict((oc) => oc.columns(['kind', 'doc_id', 'version']).doNothing())
        .returning('id')
        .executeTakeFirst()) !== undefined,
    /** The version in force on `day`: the latest effective date not after it, then the latest loaded. */
    inForce: (kind: Kind, docId: string | undefined, day: string) => {
      let q = db.selectFrom('catalog_documents').select(COLUMNS).where('kind', '=', kind).where('effective_from', '<=', day);
      if (docId) q = q.where('doc_id', '=', docId);
      return q.orderBy('effective_from', 'desc').orderBy('loaded_at', 'desc').limit(1).executeTakeFirst();
    },
    find: (kind: Kind, docId: string, version: string) =>
      db.selectFrom('catalog_documents').select(COLUMNS).where('kind', '=', kind).where('doc_id', '=', docId).where('version', '=', version).executeTakeFirst(),
    findById: (id: string) => db.selectFrom('catalog_documents').select(COLUMNS).where('id', '=', id).executeTakeFirst(),
    list: (kind: Kind) =>
      db.selectFrom('catalog_documents').select(['id', 'kind', 'doc_id', 'version', 'effective_from', 'sha256', 'loaded_at']).where('kind', '=', kind).orderBy('effective_from').orderBy('loaded_at').execute(),
    profileIds: async () => (await db.selectFrom('catalog_documents').select('doc_id').distinct().where('kind', '=', 'profile').execute()).map((r) => r.doc_id),
    count: async () => (await db.selectFrom('catalog_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  };
}

export type CatalogRow = NonNullable<Awaited<ReturnType<CatalogRepo['findById']>>>;
