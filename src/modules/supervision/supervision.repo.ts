/** SQL of supervision: definitions, the feed cursors, indicator counts, alerts and their steps. */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { orgInScope } from '../orgs/org-scope.sql.ts';
import type { Scope } from '../access/scope.ts';

export interface CountDelta {
  readonly indicator: string;
  readonly org_id: string;
  readonly region_code: string;
  readonly category: string;
  readonly day: string;
  readonly numerator: number;
  readonly denominator: number;
}

export interface NewAlert {
  readonly id: string;
  readonly kind: string;
  readonly severity: number;
  readonly evidence_key: string;
  readonly subject: string | null;
  readonly org_id: string | null;
  readonly region_code: string;
  readonly evidence: string;
  readonly parties: readonly string[];
  readonly facts: string;
  readonly raised_at: Date;
  readonly ledger_index: number;
}

export type SupervisionRepo = ReturnType<typeof createSupervisionRepo>;

export function createSupervisionRepo(db: Db) {
  return {
    insertDefinitions: (row: { id: string; version: string; effective_from: string; content: string; sha256: string; loaded_by: string | null }) =>
      db.insertInto('supervision_definitions').values(row).onConflict((oc) => oc.column('version').doNothing()).returning('id').executeTakeFirst(),
    definitionsByVersion: (version: string) => db.selectFrom('supervision_definitions').selectAll().where('version', '=', version).executeTakeFirst(),
    /** The version in force on a day: the latest effective on or before it. */
    definitionsInForce: (day: string) =>
      db.selectFrom('supervision_definitions').selectAll().where('effective_from', '<=', day).orderBy('effective_from', 'desc').orderBy('loaded_at', 'desc').limit(1).executeTakeFirst(),
    definitionVersions: () => db.selectFrom('supervision_definitions').select(['id', 'version', 'effective_from', 'sha256', 'loaded_at']).orderBy('effective_from').execute(),

    cursor: async (feed: string) => Number((await db.selectFrom('supervision_cursors').select('cursor').where('feed', '=', feed).executeTakeFirst())?.cursor ?? 0),
    /** Inside the fold's transaction: the cursor, locked until it commits (one node folds a page at a time). */
    lockCursor: async (feed: string) => {
      await db.insertInto('supervision_cursors').values({ feed, cursor: 0 }).onConflict((oc) => oc.column('feed').doNothing()).execute();
      return Number((await sql<{ cursor: string }>`SELECT cursor::text FROM supervision_cursors WHERE feed = ${feed} FOR UPDATE`.execute(db)).rows[0]?.cursor ?? 0);
    },
    moveCursor: (feed: string, cursor: number) => db.updateTable('supervision_cursors').set({ cursor }).where('feed', '=', feed).execute(),

    /** Adds deltas to the counts (one statement; rows of the same key summed first). */
    addCounts: async (deltas: readonly CountDelta[]) => {
      if (!deltas.length) return;
      await sql`
        INSERT INTO indicator_counts (indicator, org_id, region_code, category, day, numerator, denominator)
        SELECT indicator, org_id, min(region_code), category, day, sum(numerator), sum(denominator)
        FROM unnest(${deltas.map((d) => d.indicator)}::text[], ${deltas.map((d) => d.org_id)}::uuid[], ${deltas.map((d) => d.region_code)}::text[],
          ${deltas.map((d) => d.category)}::text[], ${deltas.map((d) => d.day)}::date[], ${deltas.map((d) => d.numerator)}::bigint[], ${deltas.map((d) => d.denominator)}::bigint[])
          AS d(indicator, org_id, region_code, category, day, numerator, denominator)
        GROUP BY indicator, org_id, category, day
        ON CONFLICT (indicator, org_id, category, day) DO UPDATE
          SET numerator = indicator_counts.numerator + excluded.numerator, denominator = indicator_counts.denominator + excluded.denominator,
              region_code = excluded.region_code`.execute(db);
    },

    /**
     * An indicator summed over `from`..`to` (China Standard Time days) within the scope, grouped
     * by what is asked: enterprise, category, region (rolled up to `regionLevel` digits), period.
     */
    indicator: async (q: {
      scope: Scope; indicator: string; from: string; to: string; region?: string | undefined; orgId?: string | undefined; category?: string | undefined;
      groupBy: readonly ('enterprise' | 'category' | 'region' | 'period')[]; period: 'day' | 'month' | 'year'; regionLevel: number;
    }) => {
      const fmt = q.period === 'day' ? 'YYYY-MM-DD' : q.period === 'month' ? 'YYYY-MM' : 'YYYY';
      const g = new Set(q.groupBy);
      const r = await sql<{ org_id: string | null; category: string | null; region: string | null; period: string | null; numerator: string; denominator: string }>`
        SELECT ${g.has('enterprise') ? sql`c.org_id::text` : sql`NULL`} AS org_id,
               ${g.has('category') ? sql`c.category` : sql`NULL`} AS category,
               ${g.has('region') ? sql`substr(c.region_code, 1, ${q.regionLevel})` : sql`NULL`} AS region,
               ${g.has('period') ? sql`to_char(c.day, ${fmt})` : sql`NULL`} AS period,
               sum(c.numerator)::text AS numerator, sum(c.denominator)::text AS denominator
        FROM indicator_counts c
        WHERE c.indicator = ${q.indicator} AND c.day BETWEEN ${q.from}::date AND ${q.to}::date AND ${orgInScope(q.scope, 'c.org_id')}
          ${q.region ? sql`AND c.region_code LIKE ${`${q.region}%`}` : sql``}
          ${q.orgId ? sql`AND c.org_id = ${q.orgId}::uuid` : sql``}
          ${q.category ? sql`AND c.category = ${q.category}` : sql``}
        GROUP BY 1, 2, 3, 4 ORDER BY 4, 3, 2, 1`.execute(db);
      return r.rows.map((x) => ({ orgId: x.org_id, category: x.category, region: x.region, period: x.period, numerator: Number(x.numerator), denominator: Number(x.denominator) }));
    },

    /** An indicator's sums per enterprise over each of these months (YYYY-MM). */
    monthTotals: async (indicator: string, pairs: readonly { orgId: string; month: string }[]) => {
      if (!pairs.length) return [];
      const r = await sql<{ org_id: string; month: string; numerator: string; denominator: string }>`
        SELECT c.org_id::text, to_char(c.day, 'YYYY-MM') AS month, sum(c.numerator)::text AS numerator, sum(c.denominator)::text AS denominator
        FROM indicator_counts c
        JOIN unnest(${pairs.map((p) => p.orgId)}::uuid[], ${pairs.map((p) => `${p.month}-01`)}::date[]) AS w(org_id, first_day)
          ON c.org_id = w.org_id AND c.day >= w.first_day AND c.day < w.first_day + interval '1 month'
        WHERE c.indicator = ${indicator}
        GROUP BY 1, 2`.execute(db);
      return r.rows.map((x) => ({ orgId: x.org_id, month: x.month, numerator: Number(x.numerator), denominator: Number(x.denominator) }));
    },

    /** Of these evidence keys of a kind, those that already raised an alert. */
    raisedKeys: async (keys: readonly { kind: string; evidence_key: string }[]) => {
      if (!keys.length) return new Set<string>();
      const rows = await sql<{ k: string }>`
        SELECT a.kind || ' ' || a.evidence_key AS k FROM alerts a
        JOIN unnest(${keys.map((k) => k.kind)}::text[], ${keys.map((k) => k.evidence_key)}::text[]) AS w(kind, evidence_key)
          ON a.kind = w.kind AND a.evidence_key = w.evidence_key`.execute(db);
      return new Set(rows.rows.map((r) => r.k));
    },
    insertAlerts: async (rows: readonly NewAlert[]) => {
      if (rows.length) await db.insertInto('alerts').values(rows.map((r) => ({ ...r, parties: [...r.parties], state: 'new' as const, updated_at: r.raised_at }))).execute();
    },
    alerts: (q: { scope: Scope; state?: string | undefined; kind?: string | undefined; limit: number; id?: string }) => {
      let s = db.selectFrom('alerts').selectAll().where(() => orgInScope(q.scope, 'alerts.org_id'));
      if (q.id) s = s.where('id', '=', q.id);
      if (q.state) s = s.where('state', '=', q.state as 'new');
      if (q.kind) s = s.where('kind', '=', q.kind);
      return s.orderBy('raised_at', 'desc').orderBy('id').limit(q.limit).execute();
    },
    stepsOf: (alertIds: readonly string[]) =>
      alertIds.length ? db.selectFrom('alert_steps').selectAll().where('alert_id', 'in', alertIds as string[]).orderBy('alert_id').orderBy('seq').execute() : Promise.resolve([]),
    /** Inside the step's transaction: the alert, locked. */
    lockAlert: async (id: string) => (await sql<{ state: string; seq: number }>`
      SELECT a.state, (SELECT count(*)::int FROM alert_steps s WHERE s.alert_id = a.id) AS seq FROM alerts a WHERE a.id = ${id}::uuid FOR UPDATE`.execute(db)).rows[0],
    addStep: async (row: { alert_id: string; seq: number; state: 'acknowledged' | 'resolved' | 'dismissed'; reason: string; user_id: string | null; by_name: string; at: Date; ledger_index: number }) => {
      await db.insertInto('alert_steps').values(row).execute();
      await db.updateTable('alerts').set({ state: row.state, updated_at: row.at }).where('id', '=', row.alert_id).execute();
    },
  };
}
