/**
 * Read-only lookups the event model needs from the registers of other modules (codes, products,
 * batches, organisations): one indexed query per kind for a whole capture. Writes stay with the
 * owning modules.
 */
import type { Db } from '../../db/database.ts';

export interface CodeInfo {
  readonly key: string;
  readonly code: string;
  readonly orgId: string;
  readonly productId: string;
  readonly batchId: string | null;
}

/** The `codes.key` candidates of an event key: issued GS1 codes are keyed by their serial. */
export function codeKeyCandidates(eventKey: string): string[] {
  const serial = /^\(01\)\d{14}\(21\)(.+)$/.exec(eventKey)?.[1];
  return serial === undefined ? [eventKey] : [eventKey, serial];
}

export type EventsLookupRepo = ReturnType<typeof createEventsLookupRepo>;

export function createEventsLookupRepo(db: Db) {
  return {
    /** Registered codes among these event keys, by event key. */
    async codes(eventKeys: readonly string[]): Promise<Map<string, CodeInfo>> {
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

    products: async (ids: readonly string[]) =>
      ids.length === 0 ? [] : db.selectFrom('products').select(['id', 'org_id', 'name', 'model', 'category_code', 'list_version_id', 'profile_version_id']).where('id', 'in', ids as string[]).execute(),

    productsByGtins: async (gtins: readonly string[]) =>
      gtins.length === 0 ? [] : db.selectFrom('product_gtins').innerJoin('products', 'products.id', 'product_gtins.product_id')
        .select(['product_gtins.gtin', 'products.id', 'products.org_id']).where('product_gtins.gtin', 'in', gtins as string[]).execute(),

    batches: async (productIds: readonly string[], lots: readonly string[]) =>
      productIds.length === 0 || lots.length === 0 ? [] : db.selectFrom('batches').select(['id', 'product_id', 'lot']).where('product_id', 'in', productIds as string[]).where('lot', 'in', lots as string[]).execute(),

    orgsByUscc: async (usccs: readonly string[]) =>
      usccs.length === 0 ? [] : db.selectFrom('organisations').select(['id', 'uscc', 'name']).where('uscc', 'in', usccs as string[]).execute(),

    /** Organisations named as parties (source or destination) of events, by event record id. */
    partyOrgsOf: async (eventIds: readonly number[]) =>
      eventIds.length === 0 ? [] : db.selectFrom('event_links').select(['event_links.event', 'event_links.org_id']).where('event_links.event', 'in', eventIds as number[]).where('event_links.org_id', 'is not', null).where('event_links.kind', '!=', 'bizTransaction').execute(),
    orgsByIds: async (ids: readonly string[]) =>
      ids.length === 0 ? [] : db.selectFrom('organisations').select(['id', 'uscc', 'name', 'region_code', 'address']).where('id', 'in', ids as string[]).execute(),
  };
}
