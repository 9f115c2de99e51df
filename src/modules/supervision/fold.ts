/**
 * What a page of events adds to the read models: indicator counts and alert candidates. Pure:
 * the facts it needs (codes, products, batches, regions, open recalls) come gathered by the
 * caller, the thresholds from the definitions in force.
 */
import { cstDate, cstDateTime } from '../../shared/cst.ts';
import type { FeedEvent } from '../events/events.service.ts';
import type { CountDelta } from './supervision.repo.ts';
import type { AlertKind, SupervisionDefinitions } from './supervision.schemas.ts';

export interface FoldContext {
  /** Registered codes among the events' keys, by event key. */
  readonly codes: ReadonlyMap<string, { readonly orgId: string; readonly productId: string; readonly batchId: string | null }>;
  readonly products: ReadonlyMap<string, { readonly category: string }>;
  readonly batches: ReadonlyMap<string, { readonly productionDate: string }>;
  /** GB/T 2260 region of each organisation involved. */
  readonly regions: ReadonlyMap<string, string>;
  /** Open recalls covering each moved code. */
  readonly recalls: ReadonlyMap<string, readonly { readonly id: string; readonly openedAt: string; readonly reason: string }[]>;
}

export interface AlertCandidate {
  readonly kind: AlertKind;
  readonly severity: number;
  /** The same kind is never raised twice for the same key. */
  readonly evidenceKey: string;
  readonly subject: string | null;
  /** The party whose region's regulators it is for. */
  readonly orgId: string | null;
  readonly region: string;
  readonly evidence: readonly { readonly eventId: string; readonly ledgerIndex: number }[];
  readonly parties: readonly string[];
  /** `why`: the message (alert.why.<why>); the rest: its parameters. */
  readonly facts: Readonly<Record<string, string | number>>;
}

/** Where an event is counted when it names no registered code (its category is not known). */
export const NO_CATEGORY = '-';

const HOUR = 3_600_000;

/**
 * @example foldEvents(page, ctx, definitions) // { counts: [{ indicator: 'timeliness', … }], alerts: [{ kind: 'time_anomaly', … }] }
 */
export function foldEvents(page: readonly FeedEvent[], ctx: FoldContext, defs: SupervisionDefinitions): { counts: CountDelta[]; alerts: AlertCandidate[] } {
  const indicator = (id: string) => defs.indicators.find((i) => i.id === id);
  const alertDef = (kind: AlertKind) => defs.alerts.find((a) => a.kind === kind);
  const timeliness = indicator('timeliness');
  const limitMs = (timeliness?.params?.limitHours ?? 24) * HOUR;
  const timeAnomaly = alertDef('time_anomaly');
  const skewMs = (timeAnomaly?.params?.clockSkewMinutes ?? 10) * 60_000;
  const recalled = alertDef('recalled_goods_moving');

  const counts: CountDelta[] = [];
  const alerts: AlertCandidate[] = [];
  for (const e of page) {
    // An error declaration corrects an earlier record; it is not itself a business step.
    if (e.errorDeclared || !e.orgId) continue;
    const region = ctx.regions.get(e.orgId);
    if (region === undefined) continue;
    const coded = e.keys.flatMap((k) => {
      const c = ctx.codes.get(k);
      return c ? [{ ...c, key: k }] : [];
    });
    const first = coded[0];
    const category = (first && ctx.products.get(first.productId)?.category) ?? NO_CATEGORY;
    const evidence = [{ eventId: e.eventId, ledgerIndex: e.ledgerIndex }];
    const parties = (producer?: string) => [...new Set([...(producer ? [producer] : []), e.orgId ?? '', ...e.destinations].filter(Boolean))];

    if (timeliness) {
      const late = e.recordTime.getTime() - e.eventTime.getTime() > limitMs;
      counts.push({ indicator: 'timeliness', org_id: e.orgId, region_code: region, category, day: cstDate(e.eventTime), numerator: late ? 0 : 1, denominator: 1 });
    }

    if (timeAnomaly) {
      const aheadMs = e.eventTime.getTime() - e.recordTime.getTime();
      if (aheadMs > skewMs) {
        alerts.push({
          kind: 'time_anomaly', severity: timeAnomaly.severity, evidenceKey: `${e.eventId}/future`, subject: first?.key ?? null, orgId: e.orgId, region, evidence, parties: parties(first?.orgId),
          facts: { why: 'future', minutes: Math.round(aheadMs / 60_000), eventTime: cstDateTime(e.eventTime) },
        });
      }
      const early = coded.find((c) => {
        const b = c.batchId ? ctx.batches.get(c.batchId) : undefined;
        return b !== undefined && cstDate(e.eventTime) < b.productionDate;
      });
      const batch = early?.batchId ? ctx.batches.get(early.batchId) : undefined;
      if (early && batch) {
        alerts.push({
          kind: 'time_anomaly', severity: timeAnomaly.severity, evidenceKey: `${e.eventId}/before_production`, subject: early.key, orgId: e.orgId, region, evidence, parties: parties(early.orgId),
          facts: { why: 'before_production', day: cstDate(e.eventTime), productionDate: batch.productionDate },
        });
      }
    }

    if (recalled) {
      const byRecall = new Map<string, { reason: string; keys: string[]; producer: string }>();
      for (const c of coded) {
        for (const r of ctx.recalls.get(c.key) ?? []) {
          if (e.eventTime.getTime() <= Date.parse(r.openedAt)) continue;
          const entry = byRecall.get(r.id) ?? { reason: r.reason, keys: [], producer: c.orgId };
          entry.keys.push(c.key);
          byRecall.set(r.id, entry);
        }
      }
      for (const [recallId, r] of byRecall) {
        alerts.push({
          kind: 'recalled_goods_moving', severity: recalled.severity, evidenceKey: `${e.eventId}/${recallId}`, subject: r.keys[0] ?? null, orgId: e.orgId, region, evidence, parties: parties(r.producer),
          facts: { why: `recalled_${e.bizStep ?? 'moved'}`, count: r.keys.length, recallId, reason: r.reason },
        });
      }
    }
  }
  return { counts, alerts };
}
