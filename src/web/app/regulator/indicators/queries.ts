/** The indicators dashboard's server state, through the one API client. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { paths } from '../../../../client/schema.ts';

type Get = paths['/api/v1/indicators']['get'];
export type IndicatorQuery = Get['parameters']['query'];
export type IndicatorId = IndicatorQuery['indicator'];
export type IndicatorAnswer = Exclude<Get['responses'][200]['content']['application/json'], string>;
export type IndicatorRow = IndicatorAnswer['rows'][number];

/** What the dashboard groups by: regions (drilled down by prefix), enterprises, or months. */
export type Grouping = 'region' | 'enterprise' | 'month';

export interface Choice {
  indicator: IndicatorId;
  from: string;
  to: string;
  grouping: Grouping;
  /** With region grouping: the prefix drilled into ('' for provinces). */
  region: string;
}

/** The API query of a choice: regions roll up one level below the prefix (2 → 4 → 6 digits). */
export function queryOf(c: Choice): IndicatorQuery {
  const base = { indicator: c.indicator, from: c.from, to: c.to };
  if (c.grouping === 'enterprise') return { ...base, groupBy: ['enterprise'] };
  if (c.grouping === 'month') return { ...base, groupBy: ['period'], period: 'month' };
  const level = c.region.length === 0 ? 2 : c.region.length === 2 ? 4 : 6;
  return { ...base, groupBy: ['region'], regionLevel: level, ...(c.region ? { region: c.region } : {}) };
}

/**
 * The same query as a CSV download link on this origin (the session cookie goes with it).
 *
 * @example csvHref({ indicator: 'timeliness', from: '2026-01-01', to: '2026-12-31', groupBy: ['region'], regionLevel: 2 })
 * // → '/api/v1/indicators?indicator=timeliness&from=2026-01-01&to=2026-12-31&groupBy=region&regionLevel=2&format=csv'
 */
export function csvHref(q: IndicatorQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else if (v !== undefined) p.set(k, String(v));
  }
  p.set('format', 'csv');
  return `/api/v1/indicators?${p.toString()}`;
}

/** An indicator's values for a choice; the previous rows stay on screen while the next load. */
export function useIndicator(q: IndicatorQuery) {
  return useQuery({ queryKey: ['indicators', q], queryFn: async (): Promise<IndicatorAnswer> => {
    const answer = await data(api.GET('/api/v1/indicators', { params: { query: q } }));
    // Without format=csv the answer is JSON; the contract's text/csv branch is the download link's.
    if (typeof answer === 'string') throw new Error('indicators: a CSV answer to a JSON query');
    return answer;
  }, placeholderData: keepPreviousData });
}
