/** SQL for events, their EPC keys and links, and capture jobs. */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Db } from '../../db/database.ts';
import type { EventEpc, EventLink } from './event-facts.ts';

export interface NewEvent {
  readonly event_id: string;
  readonly event_type: string;
  readonly action: string | null;
  readonly event_time: Date;
  readonly record_time: Date;
  readonly biz_step: string | null;
  readonly disposition: string | null;
  readonly read_point: string | null;
  readonly biz_location: string | null;
  readonly transformation_id: string | null;
  readonly error_declared: boolean;
  readonly error_time: Date | null;
  readonly error_reason: string | null;
  readonly org_id: string | null;
  readonly capture_id: string | null;
  readonly profile_version: string | null;
  readonly ledger_index: number;
  readonly doc: string;
  readonly context: string | null;
  readonly epcs: readonly EventEpc[];
  readonly links: readonly (EventLink & { readonly orgId: string | null })[];
}

export const EVENT_COLUMNS = ['events.id', 'events.event_id', 'events.event_type', 'events.record_time', 'events.org_id', 'events.doc', 'events.context', 'events.ledger_index', 'events.error_declared', 'events.profile_version'] as const;

/** Where-clause builder: the query translator hands one to the repo. */
export type EventFilter = (eb: ExpressionBuilder<Schema, 'events'>) => Expression<SqlBool>;

/**
 * What the delivery horizon is computed from (see subscriptions/subscriptions.service.ts): the highest event record id a
 * snapshot sees, and the transactions that were writing to `events` right after it.
 */
export interface HorizonProbe {
  readonly maxEventId: number;
  /** `pg_locks.virtualtransaction` of each other transaction holding events' RowExclusiveLock. */
  readonly writers: readonly string[];
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;

export function createEventsRepo(db: Db) {
  return {
    /** Inserts events with their keys and links; returns their record ids in order. */
    async insertEvents(rows: readonly NewEvent[]): Promise<number[]> {
      if (rows.length === 0) return [];
      const ids = await sql<{ id: number }>`
        INSERT INTO events (event_id, event_type, action, event_time, record_time, biz_step, disposition, read_point, biz_location,
          transformation_id, error_declared, error_time, error_reason, org_id, capture_id, profile_version, ledger_index, doc, context)
        SELECT * FROM unnest(${rows.map((r) => r.event_id)}::text[], ${rows.map((r) => r.event_type)}::text[], ${rows.map((r) => r.action)}::text[],
          ${rows.map((r) => r.event_time.toISOString())}::timestamptz[], ${rows.map((r) => r.record_time.toISOString())}::timestamptz[],
          ${rows.map((r) => r.biz_step)}::text[], ${rows.map((r) => r.disposition)}::text[], ${rows.map((r) => r.read_point)}::text[],
          ${rows.map((r) => r.biz_location)}::text[], ${rows.map((r) => r.transformation_id)}::text[], ${rows.map((r) => r.error_declared)}::boolean[],
          ${rows.map((r) => r.error_time?.toISOString() ?? null)}::timestamptz[], ${rows.map((r) => r.error_reason)}::text[],
          ${rows.map((r) => r.org_id)}::uuid[], ${rows.map((r) => r.capture_id)}::uuid[], ${rows.map((r) => r.profile_version)}::text[],
          ${rows.map((r) => r.ledger_index)}::bigint[], ${rows.map((r) => r.doc)}::jsonb[], ${rows.map((r) => r.context)}::jsonb[])
        RETURNING id`.execute(db);
      const eventIds = ids.rows.map((r) => Number(r.id));
      const epcs = rows.flatMap((r, i) => r.epcs.map((e) => ({ ...e, event: eventIds[i] ?? 0 })));
      if (epcs.length) {
        await sql`
          INSERT INTO event_epcs (event, role, key, quantity, uom)
          SELECT * FROM unnest(${epcs.map((e) => e.event)}::bigint[], ${epcs.map((e) => e.role)}::text[], ${epcs.map((e) => e.key)}::text[],
            ${epcs.map((e) => e.quantity)}::float8[], ${epcs.map((e) => e.uom)}::text[])`.execute(db);
      }
      const links = rows.flatMap((r, i) => r.links.map((l) => ({ ...l, event: eventIds[i] ?? 0 })));
      if (links.length) {
        await sql`
          INSERT INTO event_links (event, kind, type, value, org_id)
          SELECT * FROM unnest(${links.map((l) => l.event)}::bigint[], ${links.map((l) => l.kind)}::text[], ${links.map((l) => l.type)}::text[],
            ${links.map((l) => l.value)}::text[], ${links.map((l) => l.orgId)}::uuid[])`.execute(db);
      }
      return eventIds;
    },

    /** Which of these eventIDs name an event already stored (error declarations aside). */
    async existingEventIds(eventIds: readonly string[]): Promise<Set<string>> {
      if (eventIds.length === 0) return new Set();
      const rows = await db.selectFrom('events').select('event_id').where('event_id', 'in', eventIds as string[]).where('error_declared', '=', false).execute();
      return new Set(rows.map((r) => r.event_id));
    },

    /** The organisation that captured each of these events (null: the platform admin). */
    async capturersOf(eventIds: readonly string[]): Promise<Map<string, string | null>> {
      if (eventIds.length === 0) return new Map();
      const rows = await db.selectFrom('events').select(['event_id', 'org_id']).where('event_id', 'in', eventIds as string[]).where('error_declared', '=', false).execute();
      return new Map(rows.map((r) => [r.event_id, r.org_id]));
    },

    /** A page of events matching `filter`, in the given order; one more than `limit` tells there is a next page. */
    page: (filter: EventFilter, order: { column: 'event_time' | 'record_time' | 'id'; direction: 'asc' | 'desc' }, limit: number) => {
      let q = db.selectFrom('events').select(EVENT_COLUMNS).select(['events.event_time']).where(filter);
      q = order.column === 'id' ? q.orderBy('events.id', order.direction) : q.orderBy(`events.${order.column}`, order.direction).orderBy('events.id', order.direction);
      return q.limit(limit).execute();
    },

    count: async (filter: EventFilter, cap: number) => {
      const r = await db.selectFrom((eb) => eb.selectFrom('events').select('events.id').where(filter).limit(cap).as('m')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Record ids of the events with this eventID that `filter` lets through. */
    idsOf: (eventId: string, filter: EventFilter) =>
      db.selectFrom('events').select(['events.id']).where((eb) => eb.and([eb('events.event_id', '=', eventId), filter(eb)])).execute(),

    /** Organisations named as parties (source or destination) of events, by event record id. */
    partyOrgsOf: async (eventIds: readonly number[]) =>
      eventIds.length === 0 ? [] : db.selectFrom('event_links').select(['event_links.event', 'event_links.org_id']).where('event_links.event', 'in', eventIds as number[]).where('event_links.org_id', 'is not', null).where('event_links.kind', '!=', 'bizTransaction').execute(),

    /** Every record (events and their error declarations) with this eventID. */
    byEventId: (eventId: string) => db.selectFrom('events').select(EVENT_COLUMNS).select(['events.event_time']).where('event_id', '=', eventId).orderBy('id').execute(),

    /** Distinct values of a column among events matching `filter` (discovery resources). */
    distinct: async (column: 'event_type' | 'biz_step' | 'disposition' | 'read_point' | 'biz_location', filter: EventFilter, after: string | null, limit: number) => {
      let q = db.selectFrom('events').select(`events.${column} as value`).distinct().where(filter).where(`events.${column}`, 'is not', null);
      if (after !== null) q = q.where(`events.${column}`, '>', after);
      return (await q.orderBy('value').limit(limit).execute()).map((r) => String(r.value));
    },

    distinctEpcs: async (filter: EventFilter, after: string | null, limit: number) => {
      let q = db.selectFrom('event_epcs').innerJoin('events', 'events.id', 'event_epcs.event').select('event_epcs.key as value').distinct().where((eb) => filter(eb as unknown as ExpressionBuilder<Schema, 'events'>));
      if (after !== null) q = q.where('event_epcs.key', '>', after);
      return (await q.orderBy('value').limit(limit).execute()).map((r) => r.value);
    },

    insertJob: (row: { id: string; org_id: string | null; created_by: string; behaviour: 'rollback' | 'proceed'; event_count: number; created_at: Date }) =>
      db.insertInto('capture_jobs').values({ ...row, running: true }).execute(),
    finishJob: (id: string, r: { captured: number; success: boolean; errors: unknown[]; finished_at: Date }) =>
      db.updateTable('capture_jobs').set({ captured: r.captured, success: r.success, errors: JSON.stringify(r.errors), finished_at: r.finished_at, running: false }).where('id', '=', id).execute(),
    findJob: (id: string) => db.selectFrom('capture_jobs').selectAll().where('id', '=', id).executeTakeFirst(),
    /** `orgId`: one organisation's jobs, `null` the platform's own, or `'all'`. */
    listJobs: (orgId: string | null, afterCreated: Date | null, limit: number) => {
      let q = db.selectFrom('capture_jobs').selectAll();
      if (orgId !== 'all') q = orgId === null ? q.where('org_id', 'is', null) : q.where('org_id', '=', orgId);
      if (afterCreated) q = q.where('created_at', '<', afterCreated);
      return q.orderBy('created_at', 'desc').limit(limit).execute();
    },
    /**
     * One statement: its snapshot's highest event record id, then (pg_locks is read live, after
     * that snapshot) the transactions of other sessions that hold the lock every INSERT into
     * events takes before it draws a record id, and keeps until it ends.
     */
    async horizonProbe(): Promise<HorizonProbe> {
      const r = await sql<{ max_id: string; writers: string[] | null }>`
        SELECT (SELECT coalesce(max(id), 0) FROM events)::text AS max_id,
               ARRAY(SELECT l.virtualtransaction FROM pg_locks l
                     WHERE l.locktype = 'relation' AND l.relation = 'events'::regclass AND l.mode = 'RowExclusiveLock'
                       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND l.pid IS DISTINCT FROM pg_backend_pid()) AS writers`.execute(db);
      const row = r.rows[0];
      if (!row) throw new Error('horizon probe returned no row');
      return { maxEventId: Number(row.max_id), writers: row.writers ?? [] };
    },

    /**
     * Events after record id `after` up to `upTo`, in record order, with the instance keys they
     * name and the organisations they name as source or destination: the feed read models follow.
     */
    async feed(after: number, upTo: number, limit: number) {
      const r = await sql<{
        id: string; event_id: string; event_type: string; action: string | null; biz_step: string | null; disposition: string | null;
        event_time: Date; record_time: Date; org_id: string | null; ledger_index: string; error_declared: boolean;
        keys: string[] | null; sources: string[] | null; destinations: string[] | null;
      }>`
        SELECT e.id::text, e.event_id, e.event_type, e.action, e.biz_step, e.disposition, e.event_time, e.record_time, e.org_id,
          e.ledger_index::text, e.error_declared,
          ARRAY(SELECT DISTINCT x.key FROM event_epcs x WHERE x.event = e.id AND x.role IN ('epc', 'parent', 'child', 'output')) AS keys,
          ARRAY(SELECT DISTINCT l.org_id::text FROM event_links l WHERE l.event = e.id AND l.kind = 'source' AND l.org_id IS NOT NULL) AS sources,
          ARRAY(SELECT DISTINCT l.org_id::text FROM event_links l WHERE l.event = e.id AND l.kind = 'destination' AND l.org_id IS NOT NULL) AS destinations
        FROM events e WHERE e.id > ${after} AND e.id <= ${upTo} ORDER BY e.id LIMIT ${limit}`.execute(db);
      return r.rows.map((x) => ({
        id: Number(x.id), eventId: x.event_id, eventType: x.event_type, action: x.action, bizStep: x.biz_step, disposition: x.disposition,
        eventTime: new Date(x.event_time), recordTime: new Date(x.record_time), orgId: x.org_id, ledgerIndex: Number(x.ledger_index),
        errorDeclared: x.error_declared, keys: x.keys ?? [], sources: x.sources ?? [], destinations: x.destinations ?? [],
      }));
    },

    /** Jobs a crash left running: they stored nothing (rollback) or what they report; mark them failed. */
    failRunningJobs: (at: Date) =>
      db.updateTable('capture_jobs').set({ running: false, success: false, finished_at: at, errors: JSON.stringify([{ code: 'interrupted' }]) }).where('running', '=', true).execute(),
  };
}

/** Escapes LIKE metacharacters of a literal prefix. */
export const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
