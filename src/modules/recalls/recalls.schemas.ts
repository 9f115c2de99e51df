/** Contracts of the recalls API. */
import { type Static, Type } from 'typebox';

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (China Standard Time day)' });

export const OpenRecallBody = Type.Object({
  productIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000 })),
  batchIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 10000 })),
  productionFrom: Type.Optional(Day),
  productionTo: Type.Optional(Day),
  codes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 10000, description: 'codes in any form; a case or pallet (SSCC) recalls what is packed in it' })),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  instructions: Type.String({ minLength: 1, maxLength: 5000, description: 'what holders and consumers should do' }),
}, { additionalProperties: false });
export type OpenRecallBody = Static<typeof OpenRecallBody>;

export const CloseRecallBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });
export type CloseRecallBody = Static<typeof CloseRecallBody>;

export const ListRecallsQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
}, { additionalProperties: false });
export type ListRecallsQuery = Static<typeof ListRecallsQuery>;

export const NoticeWebhookBody = Type.Object({
  url: Type.String({ format: 'uri', pattern: '^https?://', description: 'a public internet address: loopback, private, link-local and metadata addresses (literal or resolved) answer 400 url: destination_internal unless the operator allows them (YIMA_OUTBOUND_ALLOW)' }),
  secret: Type.String({ minLength: 16, maxLength: 200, description: 'HMAC-SHA256 key of the Yima-Signature header' }),
}, { additionalProperties: false });
export type NoticeWebhookBody = Static<typeof NoticeWebhookBody>;
