/**
 * SQL for producer links. Whose GTIN a link is for is the products' and orgs' business (the
 * service asks them); lists are filtered by the orgs' scope predicate.
 */
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { orgInScope } from '../orgs/org-scope.sql.ts';
import type { Scope } from '../access/scope.ts';
import type { LinksTable } from '../../db/schema.ts';

const COLUMNS = [
  'links.id', 'links.org_id', 'links.gtin', 'links.lot', 'links.link_type', 'links.href', 'links.title',
  'links.hreflang', 'links.media_type', 'links.is_default', 'links.created_by', 'links.created_at',
] as const;

export interface LinkFilter {
  orgId?: string | undefined;
  /** Whose links the caller may list (access module). */
  scope: Scope;
  gtin?: string | undefined;
  lot?: string | undefined;
  linkType?: string | undefined;
  limit: number;
  offset: number;
}

export type LinksRepo = ReturnType<typeof createLinksRepo>;

export function createLinksRepo(db: Db) {
  const base = () => db.selectFrom('links').select(COLUMNS);
  return {
    countAtAnchor: async (gtin: string, lot: string | null) =>
      Number((await db.selectFrom('links').select((eb) => eb.fn.countAll<string>().as('n')).where('gtin', '=', gtin).where('lot', 'is not distinct from', lot).executeTakeFirstOrThrow()).n),
    /** Clears the default flag of the anchor's link type; returns the ids it was cleared on. */
    clearDefault: async (gtin: string, lot: string | null, linkType: string) =>
      (await db
        .updateTable('links')
        .set({ is_default: false })
        .where('gtin', '=', gtin)
        .where('lot', 'is not distinct from', lot)
        .where('link_type', '=', linkType)
        .where('is_default', '=', true)
        .returning('id')
        .execute()).map((r) => r.id),
    /**
     * Inserts a link. Returns false, inserting nothing, when a default of the same anchor and link
     * type was inserted meanwhile (the unique index `links_one_default`).
     */
    insert: async (row: Insertable<LinksTable>) =>
      (await db.insertInto('links').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst()) !== undefined,
    find: (id: string) => base().where('links.id', '=', id).executeTakeFirst(),
    /** Locks the row for the rest of the transaction. */
    lock: (id: string) => db.selectFrom('links').select('id').where('id', '=', id).forUpdate().executeTakeFirst(),
    delete: async (id: string) => Number((await db.deleteFrom('links').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1,
    list: (f: LinkFilter) => {
      let q = base();
      if (f.orgId) q = q.where('links.org_id', '=', f.orgId);
      if (f.gtin) q = q.where('links.gtin', '=', f.gtin);
      if (f.lot) q = q.where('links.lot', '=', f.lot);
      if (f.linkType) q = q.where('links.link_type', '=', f.linkType);
      q = q.where(() => orgInScope(f.scope, 'links.org_id'));
      return q.orderBy('links.gtin').orderBy('links.lot', (ob) => ob.nullsFirst()).orderBy('links.created_at').orderBy('links.id').limit(f.limit).offset(f.offset).execute();
    },
    /**
     * The links of a GTIN that apply to `lot`: that lot's first, then the GTIN's (lot null), each in
     * the order they were made. With `lot` null, the GTIN's only.
     */
    forAnchor: (gtin: string, lot: string | null) => {
      const q = db.selectFrom('links').select(['link_type', 'href', 'title', 'hreflang', 'media_type', 'is_default']).where('gtin', '=', gtin);
      return (lot === null ? q.where('lot', 'is', null) : q.where((eb) => eb.or([eb('lot', '=', lot), eb('lot', 'is', null)])))
        .orderBy(sql`lot IS NULL`)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },
    all: () => base().orderBy('links.created_at').orderBy('links.id').execute(),
  };
}

export type LinkRow = NonNullable<Awaited<ReturnType<LinksRepo['find']>>>;
