/**
 * SQL of the event graph: containment (AggregationEvent ADD not undone by a later DELETE),
 * transformation (inputs → outputs), the events that touched a set of keys, and the public
 * journey and latest inspection of a code. Recursive CTEs over the EPC-key index: each hop is an
 * indexed lookup, so a walk costs what it finds, not what is stored. Events declared erroneous
 * are left out. Other modules read it through the event graph service (event-graph.service.ts).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface TraceEventRow {
  id: number;
  event_id: string;
  event_type: string;
  action: string | null;
  event_time: Date;
  biz_step: string | null;
  disposition: string | null;
  read_point: string | null;
  biz_location: string | null;
  org_id: string | null;
  keys: string[];
  roles: string[];
}

export interface TraceLinkRow {
  event: number;
  kind: 'source' | 'destination' | 'bizTransaction';
  type: string;
  value: string;
  org_id: string | null;
}

/** Hop limit of the recursive walks: deeper than any packing hierarchy or process chain we saw. */
const MAX_DEPTH = 12;

export type WalkRow = { key: string; via: string | null; how: 'seed' | 'packed' | 'transformed'; depth: number };

export type EventGraphRepo = ReturnType<typeof createEventGraphRepo>;

export function createEventGraphRepo(db: Db) {
  /** The recursive walk: child → parent through packing, and `from` → `to` roles through transformations. */
  async function walk(seeds: readonly string[], from: readonly string[], to: readonly string[]): Promise<WalkRow[]> {
    if (!seeds.length) return [];
    const r = await sql<WalkRow>`
      WITH RECURSIVE walk(key, via, how, depth) AS (
        SELECT k, NULL::text, 'seed', 0 FROM unnest(${seeds}::text[]) AS k
        UNION
        SELECT nxt.key, walk.key, nxt.how, walk.depth + 1
        FROM walk
        CROSS JOIN LATERAL (
          SELECT p.key, 'packed' AS how
          FROM event_epcs c
          JOIN events e ON e.id = c.event AND e.event_type IN ('AggregationEvent', 'AssociationEvent') AND e.action = 'ADD' AND NOT e.error_declared
          JOIN event_epcs p ON p.event = e.id AND p.role = 'parent'
          WHERE c.key = walk.key AND c.role = 'child'
          UNION ALL
          SELECT o.key, 'transformed'
          FROM event_epcs i
          JOIN events e ON e.id = i.event AND e.event_type = 'TransformationEvent' AND NOT e.error_declared
          JOIN event_epcs o ON o.event = e.id AND o.role = ANY(${to}::text[])
          WHERE i.key = walk.key AND i.role = ANY(${from}::text[])
        ) nxt
        WHERE walk.depth < ${MAX_DEPTH}
      )
      SELECT key, via, min(how) AS how, min(depth)::int AS depth FROM walk GROUP BY key, via`.execute(db);
    return r.rows;
  }

  return {
    /**
     * Keys reachable downstream of `seeds`: the containers they were packed into (and theirs),
     * and what they were transformed into, recursively. One row per edge (key, via): a case
     * holding twelve items is reached twelve times, once from each.
     */
    downstream: (seeds: readonly string[]) => walk(seeds, ['input', 'input_class'], ['output', 'output_class']),

    /**
     * Keys upstream of `seeds`: the containers they travelled in (child → parent, as downstream:
     * an item's journey passed through them) and what they were made from (output → input).
     */
    upstream: (seeds: readonly string[]) => walk(seeds, ['output', 'output_class'], ['input', 'input_class']),

    /** The keys among these that some event names (one index probe each): the only ones a walk can start from. */
    async namedKeys(keys: readonly string[]): Promise<string[]> {
      if (!keys.length) return [];
      const r = await sql<{ key: string }>`SELECT DISTINCT key FROM event_epcs WHERE key = ANY(${keys}::text[])`.execute(db);
      return r.rows.map((row) => row.key);
    },

    /**
     * Keys (items, cases, pallets) named by events an organisation recorded or was the owning or
     * possessing destination of: everything it may hold now (its stock is the fold over them).
     */
    async keysOfOrg(orgId: string, limit: number): Promise<string[]> {
      const r = await sql<{ key: string }>`
        SELECT DISTINCT x.key FROM event_epcs x
        JOIN events e ON e.id = x.event AND NOT e.error_declared
        WHERE x.role IN ('epc', 'parent', 'child', 'output')
          AND x.event IN (
            SELECT id FROM events WHERE org_id = ${orgId}::uuid
            UNION SELECT event FROM event_links WHERE org_id = ${orgId}::uuid AND kind = 'destination')
        LIMIT ${limit}`.execute(db);
      return r.rows.map((row) => row.key);
    },

    /** Children packed into `parents` (recursively), each (child, parent) pair once however many of the parents name it: what a recall of a case must include. */
    async contents(parents: readonly string[]): Promise<{ key: string; parent: string }[]> {
      if (!parents.length) return [];
      const r = await sql<{ key: string; parent: string }>`
        WITH RECURSIVE walk(key, parent, depth) AS (
          SELECT k, NULL::text, 0 FROM unnest(${parents}::text[]) AS k
          UNION
          SELECT c.key, walk.key, walk.depth + 1
          FROM walk
          JOIN event_epcs p ON p.key = walk.key AND p.role = 'parent'
          JOIN events e ON e.id = p.event AND e.event_type IN ('AggregationEvent', 'AssociationEvent') AND e.action = 'ADD' AND NOT e.error_declared
          JOIN event_epcs c ON c.event = e.id AND c.role = 'child'
          WHERE walk.depth < ${MAX_DEPTH}
        )
        SELECT DISTINCT key, parent FROM walk WHERE parent IS NOT NULL`.execute(db);
      return r.rows;
    },

    /** Events touching any of `keys`, oldest first, with the keys of each that matched. */
    async eventsOf(keys: readonly string[], limit: number): Promise<TraceEventRow[]> {
      if (!keys.length) return [];
      const r = await sql<TraceEventRow>`
        SELECT e.id, e.event_id, e.event_type, e.action, e.event_time, e.biz_step, e.disposition, e.read_point, e.biz_location, e.org_id,
          array_agg(x.key) AS keys, array_agg(x.role) AS roles
        FROM event_epcs x
        JOIN events e ON e.id = x.event AND NOT e.error_declared
        WHERE x.key = ANY(${keys}::text[])
        GROUP BY e.id
        ORDER BY e.event_time, e.id
        LIMIT ${limit}`.execute(db);
      return r.rows.map((row) => ({ ...row, id: Number(row.id) }));
    },

    /** Sources and destinations of these events. */
    async linksOf(eventIds: readonly number[]): Promise<TraceLinkRow[]> {
      if (!eventIds.length) return [];
      return db.selectFrom('event_links').select(['event', 'kind', 'type', 'value', 'org_id']).where('event', 'in', eventIds as number[]).execute();
    },

    /**
     * Events over these keys (error declarations left out), oldest first, with what the public
     * scan page may show; organisations by id (their regions are the orgs module's).
     */
    journey: async (keys: readonly string[]) => {
      if (!keys.length) return [];
      const r = await sql<{ event_time: Date; biz_step: string | null; disposition: string | null; action: string | null; event_type: string; org_id: string | null; destination_region: string | null; dest_org_id: string | null; ledger_index: number }>`
        SELECT e.event_time, e.biz_step, e.disposition, e.action, e.event_type, e.org_id,
          e.doc ->> 'yima:destinationRegion' AS destination_region,
          (SELECT l.org_id FROM event_links l
            WHERE l.event = e.id AND l.kind = 'destination' AND l.org_id IS NOT NULL LIMIT 1) AS dest_org_id,
          e.ledger_index
        FROM events e
        WHERE NOT e.error_declared AND e.id IN (SELECT x.event FROM event_epcs x WHERE x.key = ANY(${keys}::text[]))
        ORDER BY e.event_time, e.id
        LIMIT 500`.execute(db);
      return r.rows.map((x) => ({ ...x, ledger_index: Number(x.ledger_index) }));
    },
    /** The latest inspection event over these keys (batch classes, the item). */
    inspection: async (keys: readonly string[]) => {
      if (!keys.length) return undefined;
      const r = await sql<{ event_time: Date; disposition: string | null; doc: Record<string, unknown> }>`
        SELECT e.event_time, e.disposition, e.doc FROM events e
        WHERE e.biz_step = 'inspecting' AND NOT e.error_declared
          AND e.id IN (SELECT x.event FROM event_epcs x WHERE x.key = ANY(${keys}::text[]))
        ORDER BY e.event_time DESC, e.id DESC LIMIT 1`.execute(db);
      return r.rows[0];
    },
    /** The latest inspection recorded by the platform's inspect action (yima:batchId) of each of these batches. */
    batchInspections: async (batchIds: readonly string[]) => {
      if (!batchIds.length) return [];
      const r = await sql<{ batch_id: string; event_id: string; event_time: Date; disposition: string | null; doc: Record<string, unknown> }>`
        SELECT DISTINCT ON (e.doc->>'yima:batchId') e.doc->>'yima:batchId' AS batch_id, e.event_id, e.event_time, e.disposition, e.doc FROM events e
        WHERE e.biz_step = 'inspecting' AND NOT e.error_declared AND e.doc->>'yima:batchId' = ANY(${batchIds}::text[])
        ORDER BY e.doc->>'yima:batchId', e.event_time DESC, e.id DESC`.execute(db);
      return r.rows;
    },
  };
}
