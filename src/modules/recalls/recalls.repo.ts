/** SQL for recalls, their notices and organisations' notice webhooks. */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { orgInScope } from '../orgs/org-scope.sql.ts';
import type { Scope } from '../access/scope.ts';
import type { RecallsTable } from '../../db/schema.ts';

export type RecallRow = Omit<RecallsTable, 'opened_at' | 'closed_at'> & { opened_at: Date; closed_at: Date | null };

const COLS = ['id', 'org_id', 'opened_by', 'opened_by_role', 'product_ids', 'batch_ids', 'production_from', 'production_to', 'code_keys', 'reason', 'instructions', 'status', 'event_id', 'opened_at', 'closed_at', 'close_note'] as const;

export type RecallsRepo = ReturnType<typeof createRecallsRepo>;

export function createRecallsRepo(db: Db) {
  return {
    insert: (row: Omit<RecallRow, 'closed_at' | 'close_note' | 'status'>) =>
      db.insertInto('recalls').values({ ...row, status: 'open' }).execute(),
    find: (id: string) => db.selectFrom('recalls').select(COLS).where('id', '=', id).executeTakeFirst() as Promise<RecallRow | undefined>,
    list: (f: { scope: Scope; status?: 'open' | 'closed' | undefined; limit: number }) => {
      let q = db.selectFrom('recalls').select(COLS.map((c) => `recalls.${c}` as const)).where(() => orgInScope(f.scope, 'recalls.org_id'));
      if (f.status) q = q.where('recalls.status', '=', f.status);
      return q.orderBy('recalls.opened_at', 'desc').limit(f.limit).execute() as Promise<RecallRow[]>;
    },
    close: (id: string, at: Date, note: string) =>
      db.updateTable('recalls').set({ status: 'closed', closed_at: at, close_note: note }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst(),

    /** Open recalls covering a code (its product, batch and production date, or it or a container by key). */
    openFor: async (c: { orgId: string; productId: string; batchId: string | null; productionDate: string | null; keys: readonly string[] }) => {
      const rows = await sql<RecallRow>`
        SELECT r.* FROM recalls r
        WHERE r.status = 'open' AND r.org_id = ${c.orgId} AND (
          (${c.productId}::uuid = ANY(r.product_ids)
            AND (r.production_from IS NULL OR ${c.productionDate}::date >= r.production_from)
            AND (r.production_to IS NULL OR ${c.productionDate}::date <= r.production_to))
          OR ${c.batchId}::uuid = ANY(r.batch_ids)
          OR r.code_keys && ${c.keys}::text[])
        ORDER BY r.opened_at`.execute(db);
      return rows.rows;
    },

    insertNotices: async (rows: readonly { recall_id: string; org_id: string; items: number; created_at: Date }[]) => {
      if (rows.length) await db.insertInto('recall_notices').values(rows).onConflict((oc) => oc.columns(['recall_id', 'org_id']).doNothing()).execute();
    },
    noticesOf: (orgId: string, limit: number) =>
      db.selectFrom('recall_notices').innerJoin('recalls', 'recalls.id', 'recall_notices.recall_id')
        .select(['recall_notices.recall_id', 'recall_notices.items', 'recall_notices.created_at', 'recall_notices.read_at', 'recall_notices.delivered_at', 'recall_notices.attempts', 'recall_notices.last_error', 'recalls.reason', 'recalls.instructions', 'recalls.status', 'recalls.org_id'])
        .where('recall_notices.org_id', '=', orgId).orderBy('recall_notices.created_at', 'desc').limit(limit).execute(),
    noticesOfRecall: (recallId: string) =>
      db.selectFrom('recall_notices').select(['org_id', 'items', 'created_at', 'read_at', 'delivered_at', 'attempts', 'last_error']).where('recall_id', '=', recallId).execute(),
    markRead: (recallId: string, orgId: string, at: Date) =>
      db.updateTable('recall_notices').set({ read_at: at }).where('recall_id', '=', recallId).where('org_id', '=', orgId).where('read_at', 'is', null).execute(),
    undelivered: (limit: number) =>
      db.selectFrom('recall_notices').innerJoin('notice_webhooks', 'notice_webhooks.org_id', 'recall_notices.org_id')
        .select(['recall_notices.recall_id', 'recall_notices.org_id', 'recall_notices.items', 'recall_notices.attempts', 'notice_webhooks.url', 'notice_webhooks.secret'])
        .where('recall_notices.delivered_at', 'is', null).where('recall_notices.attempts', '<', 20).limit(limit).execute(),
    delivered: (recallId: string, orgId: string, at: Date) =>
      db.updateTable('recall_notices').set({ delivered_at: at }).where('recall_id', '=', recallId).where('org_id', '=', orgId).execute(),
    failedDelivery: (recallId: string, orgId: string, error: string) =>
      db.updateTable('recall_notices').set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error })).where('recall_id', '=', recallId).where('org_id', '=', orgId).execute(),
    setWebhook: (row: { org_id: string; url: string; secret: string; created_at: Date }) =>
      db.insertInto('notice_webhooks').values(row).onConflict((oc) => oc.column('org_id').doUpdateSet({ url: row.url, secret: row.secret, created_at: row.created_at })).execute(),
  };
}
