/**
 * SQL for products and their GTINs. The owner's name and region, the catalogue versions and the
 * certificate numbers a product shows are the orgs' and the catalogue's: the service adds them.
 */
import type { Insertable } from 'kysely';
import { orgInScope } from '../orgs/org-scope.sql.ts';
import type { Scope } from '../access/scope.ts';
import type { Db } from '../../db/database.ts';
import type { ProductsTable } from '../../db/schema.ts';

const COLUMNS = [
  'products.id', 'products.org_id', 'products.category_code', 'products.item_code', 'products.attributes',
  'products.name', 'products.brand', 'products.model', 'products.standard', 'products.created_at',
  'products.profile_version_id', 'products.list_version_id', 'products.licence_id', 'products.ccc_certificate_id',
] as const;

export interface ProductFilter {
  orgId?: string | undefined;
  categoryCode?: string | undefined;
  /** Whose products the caller may list (access module). */
  scope: Scope;
  limit: number;
  offset: number;
}

export type ProductsRepo = ReturnType<typeof createProductsRepo>;

export function createProductsRepo(db: Db) {
  const base = () =>
    db
      .selectFrom('products')
      .select(COLUMNS)
      .select((eb) =>
        eb.fn.coalesce(
          eb.selectFrom('product_gtins').select((e) => e.fn<string[]>('array_agg', [e.ref('gtin')]).as('g')).whereRef('product_gtins.product_id', '=', 'products.id'),
          eb.val<string[]>([]),
        ).as('gtins'),
      );
  return {
    insertProduct: (row: Insertable<ProductsTable>) => db.insertInto('products').values(row).execute(),
    /** Inserts a product's GTINs; throws GtinTaken naming those another product holds. */
    insertGtins: async (productId: string, gtins: readonly string[]) => {
      if (gtins.length === 0) return;
      const done = await db
        .insertInto('product_gtins')
        .values(gtins.map((gtin) => ({ gtin, product_id: productId })))
        .onConflict((oc) => oc.column('gtin').doNothing())
        .returning('gtin')
        .execute();
      if (done.length < gtins.length) throw new GtinTaken(gtins.filter((g) => !done.some((d) => d.gtin === g)));
    },
    all: () => base().orderBy('products.created_at').orderBy('products.id').execute(),
    findGtinOwners: (gtins: readonly string[]) =>
      gtins.length
        ? db.selectFrom('product_gtins').innerJoin('products', 'products.id', 'product_gtins.product_id').select(['product_gtins.gtin', 'products.org_id']).where('gtin', 'in', gtins).execute()
        : Promise.resolve([]),
    find: (id: string) => base().where('products.id', '=', id).executeTakeFirst(),
    /** Products by id (those that exist), for other modules (through the service's registry). */
    byIds: async (ids: readonly string[]) => (ids.length === 0 ? [] : base().where('products.id', 'in', ids as string[]).execute()),
    /** The product carrying each of these GTINs (those registered). */
    byGtins: async (gtins: readonly string[]) =>
      gtins.length === 0 ? [] : db.selectFrom('product_gtins').innerJoin('products', 'products.id', 'product_gtins.product_id')
        .select(['product_gtins.gtin', 'products.id', 'products.org_id']).where('product_gtins.gtin', 'in', gtins as string[]).execute(),
    gtinsOf: async (productId: string) => (await db.selectFrom('product_gtins').select('gtin').where('product_id', '=', productId).execute()).map((r) => r.gtin),
    list: (f: ProductFilter) => {
      let q = base();
      if (f.orgId) q = q.where('products.org_id', '=', f.orgId);
      if (f.categoryCode) q = q.where('products.category_code', '=', f.categoryCode);
      q = q.where(() => orgInScope(f.scope, 'products.org_id'));
      return q.orderBy('products.created_at', 'desc').orderBy('products.id').limit(f.limit).offset(f.offset).execute();
    },
  };
}

/** Raised inside the insert transaction when another product already holds a GTIN. */
export class GtinTaken extends Error {
  constructor(readonly gtins: string[]) {
    super(`GTIN already registered: ${gtins.join(', ')}`);
  }
}

export type ProductRow = NonNullable<Awaited<ReturnType<ProductsRepo['find']>>>;
