/** SQL for named EPCIS queries, their subscriptions, and the delivery bookkeeping. */
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { EpcisQueriesTable, EpcisSubscriptionsTable, Role } from '../../db/schema.ts';

export type QueryRow = Selectable<EpcisQueriesTable>;
export type SubscriptionRow = Selectable<EpcisSubscriptionsTable>;
/** A subscription with what running it needs from its query. */
export type DueRow = SubscriptionRow & { query_name: string; query_json: Record<string, unknown> };

export interface NewSubscription {
  readonly id: string;
  readonly query_id: string;
  readonly dest: string;
  readonly signature_token: string | null;
  readonly stream: boolean;
  readonly schedule: Readonly<Record<string, string>> | null;
  readonly report_if_empty: boolean;
  readonly epc_format: string;
  readonly actor_role: Role;
  readonly actor_org_id: string | null;
  readonly actor_regions: readonly string[];
  readonly actor_user_id: string | null;
  readonly actor_api_key_id: string | null;
  readonly actor_name: string | null;
  readonly initial_record_time: Date;
  readonly next_run_at: Date | null;
  readonly created_at: Date;
}

/** What one committed delivery (or an empty scan) moves forward. */
export interface DeliveryCommit {
  readonly cursorId: number;
  readonly minRecordTime?: Date;
  readonly lastNotifiedAt?: Date;
  readonly nextRunAt?: Date;
}

export type SubscriptionsRepo = ReturnType<typeof createSubscriptionsRepo>;

/**
 * The repository over `epcis_queries` and `epcis_subscriptions`.
 *
 * @example const repo = createSubscriptionsRepo(db); const q = await repo.findQuery('org:…', 'myQuery');
 */
export function createSubscriptionsRepo(db: Db) {
  return {
    /** Inserts a named query; false when the owner already has one by that name. */
    async insertQuery(row: { id: string; owner: string; name: string; query: Record<string, unknown>; created_by: string; created_at: Date }): Promise<boolean> {
      const r = await db.insertInto('epcis_queries').values({ ...row, query: JSON.stringify(row.query) })
        .onConflict((oc) => oc.columns(['owner', 'name']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    findQuery: (owner: string, name: string) =>
      db.selectFrom('epcis_queries').selectAll().where('owner', '=', owner).where('name', '=', name).executeTakeFirst(),

    /** The owner's queries by name, after `afterName` (keyset paging). */
    listQueries: (owner: string, afterName: string | null, limit: number) => {
      let q = db.selectFrom('epcis_queries').selectAll().where('owner', '=', owner);
      if (afterName !== null) q = q.where('name', '>', afterName);
      return q.orderBy('name').limit(limit).execute();
    },

    /** Deletes a query; its subscriptions go with it (ON DELETE CASCADE). */
    async deleteQuery(owner: string, name: string): Promise<boolean> {
      const r = await db.deleteFrom('epcis_queries').where('owner', '=', owner).where('name', '=', name).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },

    insertSubscription: (row: NewSubscription) =>
      db.insertInto('epcis_subscriptions').values({
        ...row,
        actor_regions: [...row.actor_regions],
        schedule: row.schedule ? JSON.stringify(row.schedule) : null,
        min_record_time: row.initial_record_time,
      }).returningAll().executeTakeFirstOrThrow(),

    findSubscription: (queryId: string, id: string) =>
      db.selectFrom('epcis_subscriptions').selectAll().where('query_id', '=', queryId).where('id', '=', id).executeTakeFirst(),

    /** A query's subscriptions, oldest first, after the keyset `after`. */
    listSubscriptions: (queryId: string, after: { createdAt: Date; id: string } | null, limit: number) => {
      let q = db.selectFrom('epcis_subscriptions').selectAll().where('query_id', '=', queryId);
      if (after) q = q.where((eb) => eb.or([eb('created_at', '>', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)])]));
      return q.orderBy('created_at').orderBy('id').limit(limit).execute();
    },

    async deleteSubscription(queryId: string, id: string): Promise<boolean> {
      const r = await db.deleteFrom('epcis_subscriptions').where('query_id', '=', queryId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },

    /**
     * Subscriptions with something to do at `now`: not waiting for a retry, not leased by a
     * live worker, and either streaming with events beyond their cursor (up to `horizon`) or
     * scheduled and due.
     */
    due: (now: Date, horizon: number, limit: number): Promise<DueRow[]> =>
      db.selectFrom('epcis_subscriptions as s').innerJoin('epcis_queries as q', 'q.id', 's.query_id')
        .selectAll('s').select(['q.name as query_name', 'q.query as query_json'])
        .where((eb) => eb.or([eb('s.retry_at', 'is', null), eb('s.retry_at', '<=', now)]))
        .where((eb) => eb.or([eb('s.lease_until', 'is', null), eb('s.lease_until', '<=', now)]))
        .where((eb) => eb.or([eb.and([eb('s.stream', '=', true), eb('s.cursor_id', '<', horizon)]), eb('s.next_run_at', '<=', now)]))
        .orderBy('s.created_at').limit(limit).execute(),

    /** Takes the lease of a subscription for `owner` until `until`; false if another worker holds it or it is gone. */
    async claim(id: string, owner: string, now: Date, until: Date): Promise<boolean> {
      const r = await db.updateTable('epcis_subscriptions').set({ lease_owner: owner, lease_until: until })
        .where('id', '=', id).where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)])).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * Records a delivery the receiver acknowledged (or a scan that found nothing to send) and
     * extends the lease; false when the subscription was deleted or its lease lost meanwhile.
     */
    async commit(id: string, owner: string, c: DeliveryCommit, leaseUntil: Date): Promise<boolean> {
      const r = await db.updateTable('epcis_subscriptions').set({
        cursor_id: c.cursorId,
        ...(c.minRecordTime && { min_record_time: c.minRecordTime }),
        ...(c.lastNotifiedAt && { last_notified_at: c.lastNotifiedAt }),
        // A commit follows a successful attempt (a 2xx, or nothing to send): the failure streak is over.
        failures: 0, last_error: null, retry_at: null,
        ...(c.nextRunAt && { next_run_at: c.nextRunAt }),
        lease_until: leaseUntil,
      }).where('id', '=', id).where('lease_owner', '=', owner).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Records a failed attempt; the cursor stays where it is. */
    recordFailure: (id: string, owner: string, f: { failures: number; error: string; at: Date; retryAt: Date }) =>
      db.updateTable('epcis_subscriptions').set({ failures: f.failures, last_error: f.error.slice(0, 1000), last_attempt_at: f.at, retry_at: f.retryAt })
        .where('id', '=', id).where('lease_owner', '=', owner).execute(),

    release: (id: string, owner: string) =>
      db.updateTable('epcis_subscriptions').set({ lease_owner: null, lease_until: null }).where('id', '=', id).where('lease_owner', '=', owner).execute(),
  };
}
