/** SQL of the scan: scans, shared locations and problem reports. */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ScanReportsTable, ScansTable } from '../../db/schema.ts';

export type ResolverRepo = ReturnType<typeof createResolverRepo>;

export function createResolverRepo(db: Db) {
  return {
    /** The scans of a code summed up in one query: count, the first, provinces, shared places, scanners after a date. */
    /**
     * A code's scans summed up: sessions (a scanner's scans less than `gapMinutes` apart count
     * once), the first scan, provinces, distinct scanners after the sale, shared locations with
     * who shared them, and each scanner's last scan within the gap of `now` (so that this process
     * can go on counting sessions without reading again).
     */
    scanSummary: async (codeKey: string, soldAt: Date | null, now: Date, gapMinutes: number) => {
      const gap = `${gapMinutes} minutes`;
      const r = await sql<{ n: number; sessions: number; first_at: Date | null; first_region: string | null; provinces: number; after_sale: number; located: [number, number, string][] | null; recent: [string, string][] | null }>`
        WITH s AS (
          SELECT x.client, x.scanned_at, x.ip_region, lag(x.scanned_at) OVER (PARTITION BY x.client ORDER BY x.scanned_at) AS prev
          FROM scans x WHERE x.code_key = ${codeKey})
        SELECT count(*)::int AS n,
          count(*) FILTER (WHERE s.prev IS NULL OR s.scanned_at - s.prev >= ${gap}::interval)::int AS sessions,
          min(s.scanned_at) AS first_at,
          (array_agg(s.ip_region ORDER BY s.scanned_at))[1] AS first_region,
          count(DISTINCT substr(s.ip_region, 1, 2))::int AS provinces,
          count(DISTINCT s.client) FILTER (WHERE ${soldAt}::timestamptz IS NOT NULL AND s.scanned_at > ${soldAt}::timestamptz)::int AS after_sale,
          (SELECT json_agg(json_build_array(p.latitude, p.longitude, p.client)) FROM (
            SELECT l.latitude, l.longitude, x.client FROM scans x JOIN scan_locations l ON l.scan_id = x.id WHERE x.code_key = ${codeKey} LIMIT 200) p) AS located,
          (SELECT json_agg(json_build_array(q.client, q.last_at)) FROM (
            SELECT x.client, max(x.scanned_at) AS last_at FROM scans x
            WHERE x.code_key = ${codeKey} AND x.scanned_at > ${now}::timestamptz - ${gap}::interval GROUP BY x.client LIMIT 1000) q) AS recent
        FROM s`.execute(db);
      const row = r.rows[0];
      return {
        count: Number(row?.n ?? 0), sessions: Number(row?.sessions ?? 0), firstAt: row?.first_at ?? null, firstRegion: row?.first_region ?? null, provinces: Number(row?.provinces ?? 0),
        clientsAfterSale: Number(row?.after_sale ?? 0),
        located: (row?.located ?? []).map(([latitude, longitude, client]) => ({ latitude, longitude, client })),
        recent: new Map((row?.recent ?? []).map(([client, at]) => [client, new Date(at).getTime()])),
      };
    },

    insertScans: async (rows: readonly ScansTableRow[]) => {
      if (rows.length) await db.insertInto('scans').values(rows).onConflict((oc) => oc.column('id').doNothing()).execute();
    },

    addLocation: (row: { scan_id: string; latitude: number; longitude: number; added_at: Date }) =>
      db.insertInto('scan_locations').values(row).onConflict((oc) => oc.column('scan_id').doNothing()).execute(),

    insertReport: (row: Omit<ScanReportsTable, 'created_at'> & { created_at: Date }) => db.insertInto('scan_reports').values(row).execute(),

    reports: (f: { regionPrefixes?: readonly string[]; orgIds?: readonly string[]; limit: number }) => {
      let q = db.selectFrom('scan_reports').selectAll();
      if (f.regionPrefixes) {
        const prefixes = f.regionPrefixes;
        q = prefixes.length ? q.where((eb) => eb.or(prefixes.map((p) => eb('region_code', 'like', `${p}%`)))) : q.where(sql<boolean>`false`);
      }
      if (f.orgIds) q = q.where('org_id', 'in', f.orgIds.length ? (f.orgIds as string[]) : ['00000000-0000-0000-0000-000000000000']);
      return q.orderBy('created_at', 'desc').limit(f.limit).execute();
    },
  };
}

type ScansTableRow = Omit<ScansTable, 'scanned_at'> & { scanned_at: Date };
