/**
 * Digital supervision's contract: the versioned definitions document (indicators, alerts, the
 * score; ../shared/reference/supervision.md), indicator values with numerator and denominator,
 * and alerts with their lifecycle.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { named } from '../../server/contract.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const Text = Type.Object({ zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, { additionalProperties: false });

/** The indicators Yima computes (supervision.md); a definitions document names some of them. */
export const INDICATORS = [
  'coding_coverage', 'item_coding_rate', 'data_completeness', 'timeliness', 'chain_completeness',
  'seller_check_rate', 'scan_volume', 'recall_completion', 'certificate_validity',
] as const;
export type IndicatorId = (typeof INDICATORS)[number];

/** The alert kinds (supervision.md). */
export const ALERT_KINDS = [
  'clone', 'diversion', 'recalled_goods_moving', 'shipped_without_valid_certificate', 'chain_break', 'time_anomaly', 'duplicate_coding', 'late_data',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const Params = Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9]{0,40}$' }), Type.Number(), { description: 'the definition\'s thresholds, by name' });

export const SupervisionDefinitions = named('SupervisionDefinitionsDocument', Type.Object({
  kind: Type.Literal('supervision-definitions'),
  version: Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$', description: 'e.g. 2026.1' }),
  effectiveFrom: Type.String({ format: 'date' }),
  title: Text,
  source: Type.Optional(Text),
  indicators: Type.Array(Type.Object({
    id: Type.Enum(INDICATORS),
    name: Text,
    numerator: Text,
    denominator: Text,
    params: Type.Optional(Params),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }),
  alerts: Type.Array(Type.Object({
    kind: Type.Enum(ALERT_KINDS),
    name: Text,
    severity: Type.Integer({ minimum: 1, maximum: 3, description: '1 一级 high, 2 二级 medium, 3 三级 low' }),
    params: Type.Optional(Params),
  }, { additionalProperties: false }), { maxItems: 100 }),
  score: Type.Object({
    periodMonths: Type.Integer({ minimum: 1, maximum: 60 }),
    minDenominator: Type.Integer({ minimum: 1, description: 'a factor with fewer records than this is "insufficient data"' }),
    factors: Type.Array(Type.Object({ indicator: Type.Enum(INDICATORS), weight: Type.Number({ exclusiveMinimum: 0, maximum: 1 }) }, { additionalProperties: false }), { minItems: 1 }),
  }, { additionalProperties: false }),
}, { additionalProperties: false }));
export type SupervisionDefinitions = Static<typeof SupervisionDefinitions>;

export const DefinitionsVersion = named('SupervisionDefinitionsVersion', Type.Object({
  id: Type.String(),
  version: Type.String(),
  effectiveFrom: Type.String(),
  sha256: Type.String(),
  loadedAt: Type.String(),
}));

export const Period = Type.Union([Type.Literal('day'), Type.Literal('month'), Type.Literal('year')]);
export const GroupBy = Type.Union([Type.Literal('enterprise'), Type.Literal('category'), Type.Literal('region'), Type.Literal('period')]);

export const IndicatorQuery = Type.Object({
  indicator: Type.Enum(INDICATORS),
  from: Type.String({ format: 'date', description: 'first China Standard Time day' }),
  to: Type.String({ format: 'date', description: 'last China Standard Time day (inclusive)' }),
  period: Type.Optional(Period),
  groupBy: Type.Optional(Type.Array(GroupBy, { uniqueItems: true, maxItems: 4 })),
  region: Type.Optional(Type.String({ pattern: '^[0-9]{2}([0-9]{2}){0,2}$', description: 'GB/T 2260 prefix: 2, 4 or 6 digits' })),
  regionLevel: Type.Optional(Type.Union([Type.Literal(2), Type.Literal(4), Type.Literal(6)], { description: 'with groupBy region: roll up to provinces (2), cities (4) or counties (6)' })),
  orgId: Type.Optional(Type.String({ format: 'uuid' })),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});
export type IndicatorQuery = Static<typeof IndicatorQuery>;

export const IndicatorRow = named('IndicatorValue', Type.Object({
  enterprise: Type.Optional(Type.Object({ id: Type.String(), name: Type.String() })),
  category: Type.Optional(Type.String()),
  region: Type.Optional(Type.String()),
  period: Type.Optional(Type.String({ description: 'YYYY-MM-DD, YYYY-MM or YYYY' })),
  numerator: Type.Integer(),
  denominator: Type.Integer(),
  value: Nullable(Type.Number({ description: 'numerator ÷ denominator; null when the denominator is 0' })),
}));

export const IndicatorAnswer = named('IndicatorAnswer', Type.Object({
  indicator: Type.String(),
  name: Text,
  numerator: Text,
  denominator: Text,
  definitions: Type.String({ description: 'the definitions version in force' }),
  rows: Type.Array(IndicatorRow),
}));

export const AlertState = Type.Union([Type.Literal('new'), Type.Literal('acknowledged'), Type.Literal('resolved'), Type.Literal('dismissed')]);

export const Alert = named('Alert', Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Text,
  severity: Type.Integer({ minimum: 1, maximum: 3 }),
  state: AlertState,
  subject: Nullable(Type.String({ description: 'the code or batch it is about' })),
  region: Type.String(),
  why: Type.String({ description: 'why it fired, in words a person can check (the reader\'s language)' }),
  evidence: Type.Array(Type.Object({ eventId: Type.String(), ledgerIndex: Type.Integer() })),
  parties: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  raisedAt: Type.String(),
  updatedAt: Type.String(),
  ledgerIndex: Type.Integer(),
  steps: Type.Array(Type.Object({ state: AlertState, reason: Type.String(), by: Type.String(), at: Type.String(), ledgerIndex: Type.Integer() })),
}));
export type Alert = Static<typeof Alert>;

export const AlertListQuery = Type.Object({
  state: Type.Optional(AlertState),
  kind: Type.Optional(Type.Enum(ALERT_KINDS)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export const AlertStepBody = Type.Object({
  state: Type.Union([Type.Literal('acknowledged'), Type.Literal('resolved'), Type.Literal('dismissed')]),
  reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
}, { additionalProperties: false });
