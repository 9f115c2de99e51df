/**
 * Contracts of named EPCIS queries and webhook subscriptions (EPCIS 2.0 REST binding,
 * openapi.yaml: QueryDefinition, AbstractQuerySubscription(Response), QueryScheduleSubscription,
 * QueryStreamSubscription).
 */
import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';

/** Names are per organisation (or per person without one); safe in a URL path as they are. */
export const QUERY_NAME_PATTERN = '^[A-Za-z0-9_.-]{1,100}$';

export const QueryName = Type.String({ pattern: QUERY_NAME_PATTERN, description: 'unique within your organisation: letters, digits, _ . -, at most 100', examples: ['myQuery'] });

export const EPC_FORMATS = ['No_Preference', 'Always_GS1_Digital_Link', 'Always_EPC_URN', 'Never_Translates'] as const;
export type EpcFormat = (typeof EPC_FORMATS)[number];
export const EpcFormat = named('EpcFormat', Type.Union([Type.Literal('No_Preference'), Type.Literal('Always_GS1_Digital_Link'), Type.Literal('Always_EPC_URN'), Type.Literal('Never_Translates')], { description: 'GS1-EPC-Format of the documents sent (the request header of the subscription; Always_GS1_Digital_Link by default)' }));

// Any JSON value per parameter (query-schema.json: lists, numbers, an @context), judged by the EPCIS query parser (400 QueryParameterException).
export const EpcisQueryJson = named('EpcisQueryJson', Type.Record(Type.String(), Type.Unknown(), {
  description: 'EPCIS query parameters (query-schema.json): arrays for multi-values, e.g. {"eventType":["ObjectEvent"],"EQ_bizStep":["shipping","receiving"]}',
}));

export const CreateQueryBody = named('CreateQueryBody', Type.Object({ name: QueryName, query: EpcisQueryJson }, { additionalProperties: false }));
export type CreateQueryBody = Static<typeof CreateQueryBody>;

export const NamedQuery = named('NamedQuery', Type.Object({
  name: Type.String(),
  query: EpcisQueryJson,
  createdAt: Type.String({ format: 'date-time' }),
}));
export type NamedQuery = Static<typeof NamedQuery>;

export const QueryParams = Type.Object({ queryName: Type.String({ maxLength: 200 }) });
export type QueryParams = Static<typeof QueryParams>;
export const SubscriptionParams = Type.Object({ queryName: Type.String({ maxLength: 200 }), subscriptionID: Type.String({ maxLength: 100 }) });
export type SubscriptionParams = Static<typeof SubscriptionParams>;

export const PageQuery = Type.Object({
  perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: '30 by default' })),
  nextPageToken: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
export type PageQuery = Static<typeof PageQuery>;

const field = (what: string, range: string) => Type.Optional(Type.String({
  maxLength: 200,
  description: `${what} (${range}): a number, [low-high] range, * or comma-separated list of these, each optionally /step`,
}));

/** QuerySchedule (EPCIS 2.0 §8.2.5.3); evaluated in China Standard Time (UTC+8) unless configured otherwise. */
export const QuerySchedule = named('QuerySchedule', Type.Object({
  second: field('second', '0-59'),
  minute: field('minute', '0-59'),
  hour: field('hour', '0-23'),
  dayOfMonth: field('day of month', '1-31'),
  month: field('month', '1-12'),
  dayOfWeek: field('day of week', '1 = Monday … 7 = Sunday'),
}, { additionalProperties: false, description: 'Omitted coarser fields match any value; omitted second/minute/hour finer than the finest given one are 0 ({"hour":"1","minute":"5"} = daily at 01:05:00)' }));
export type QuerySchedule = Static<typeof QuerySchedule>;

export const CreateSubscriptionBody = named('CreateSubscriptionBody', Type.Object({
  dest: Type.String({ format: 'uri', maxLength: 2000, description: 'callback URL: https to a public internet address (internal addresses and plain http only where the operator allows them)' }),
  signatureToken: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'your secret: each callback carries GS1-Signature: sha256=<hex HMAC-SHA256 of the body keyed by it>; never shown again' })),
  stream: Type.Optional(Type.Boolean({ description: 'true: report whenever new events match; exclusive with schedule' })),
  schedule: Type.Optional(QuerySchedule),
  reportIfEmpty: Type.Optional(Type.Boolean({ description: 'scheduled: report even when nothing new matched (default false)' })),
  initialRecordTime: Type.Optional(Type.String({ format: 'date-time', description: 'deliver events recorded from this time on (default: now)' })),
}, { additionalProperties: false }));
export type CreateSubscriptionBody = Static<typeof CreateSubscriptionBody>;

export const Subscription = named('Subscription', Type.Object({
  subscriptionID: Type.String(),
  queryName: Type.String(),
  dest: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastNotifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when the receiver last answered 2xx; null before that' }),
  initialRecordTime: Type.String({ format: 'date-time' }),
  minRecordTime: Type.String({ format: 'date-time', description: 'recordTime of the last event delivered (initialRecordTime before any)' }),
  epcFormat: EpcFormat,
  stream: Type.Optional(Type.Literal(true)),
  schedule: Type.Optional(QuerySchedule),
  reportIfEmpty: Type.Boolean(),
  signed: Type.Boolean({ description: 'whether callbacks carry GS1-Signature (the token itself is never shown)' }),
  nextRunAt: Type.Optional(Type.String({ format: 'date-time', description: 'scheduled: the next query time (or the one still to report)' })),
  failures: Type.Integer({ description: 'failed attempts in a row' }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  retryAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'after a failure: when the next attempt is due' }),
}));
export type Subscription = Static<typeof Subscription>;
