/** Contracts of the recalls API. */
import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (China Standard Time day)' });

export const OpenRecallBody = named('OpenRecallBody', Type.Object({
  productIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000 })),
  batchIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 10000 })),
  productionFrom: Type.Optional(Day),
  productionTo: Type.Optional(Day),
  codes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 10000, description: 'codes in any form; a case or pallet (SSCC) recalls what is packed in it' })),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  instructions: Type.String({ minLength: 1, maxLength: 5000, description: 'what holders and consumers should do' }),
}, { additionalProperties: false }));
export type OpenRecallBody = Static<typeof OpenRecallBody>;

export const CloseRecallBody = named('CloseRecallBody', Type.Object({ note: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false }));
export type CloseRecallBody = Static<typeof CloseRecallBody>;

export const ListRecallsQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
}, { additionalProperties: false });
export type ListRecallsQuery = Static<typeof ListRecallsQuery>;

export const NoticeWebhookBody = named('NoticeWebhookBody', Type.Object({
  url: Type.String({ format: 'uri', pattern: '^https?://', description: 'a public internet address: loopback, private, link-local and metadata addresses (literal or resolved) answer 400 url: destination_internal unless the operator allows them (YIMA_OUTBOUND_ALLOW)' }),
  secret: Type.String({ minLength: 16, maxLength: 200, description: 'HMAC-SHA256 key of the Yima-Signature header' }),
}, { additionalProperties: false }));
export type NoticeWebhookBody = Static<typeof NoticeWebhookBody>;

export const RecallParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const Time = Type.String({ description: 'ISO 8601 instant' });
const NullableTime = Type.Union([Time, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

export const RecallScope = named('RecallScope', Type.Object({
  productIds: Type.Array(Type.String()),
  batchIds: Type.Array(Type.String()),
  productionFrom: Type.Union([Day, Type.Null()]),
  productionTo: Type.Union([Day, Type.Null()]),
  codes: Type.Array(Type.String(), { description: 'the codes named, as keys (cases and pallets recall what is packed in them)' }),
}));

const recallMembers = {
  id: Type.String(),
  orgId: Type.String({ description: 'the producer whose goods are recalled' }),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  reason: Type.String(),
  instructions: Type.String(),
  scope: RecallScope,
  openedAt: Time,
  openedBy: Type.String({ description: 'user name, API key id or role of whoever opened it' }),
  openedByRole: Type.String(),
  closedAt: NullableTime,
  closeNote: Type.Union([Type.String(), Type.Null()]),
  eventId: Type.Union([Type.String(), Type.Null()], { description: 'the EPCIS event (disposition recalled) that records the opening' }),
};

/** A recall as listed. */
export const Recall = named('Recall', Type.Object(recallMembers));
export type Recall = Static<typeof Recall>;

export const RecallProgress = named('RecallProgress', Type.Object({
  affected: Count,
  returned: Count,
  destroyed: Count,
  inMarket: Count,
  sold: Count,
}, { description: 'affected codes, by what became of them since the recall opened: for the producer, its region\'s regulators and the admin' }));

export const RecallHolder = named('RecallHolder', Type.Object({
  holder: Type.String({ description: 'an organisation id, or "consumer"' }),
  name: Type.Union([Type.String(), Type.Null()]),
  items: Count,
}));

export const RecallNotice = named('RecallNotice', Type.Object({
  orgId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  items: Count,
  createdAt: Time,
  readAt: NullableTime,
  deliveredAt: NullableTime,
}));

/** A recall with its progress, holders and notices: a reader other than the producer's side sees its own lines only, and no progress. */
export const RecallDetail = named('RecallDetail', Type.Object({
  ...recallMembers,
  progress: Type.Optional(RecallProgress),
  holders: Type.Array(RecallHolder),
  notices: Type.Array(RecallNotice),
}));
export type RecallDetail = Static<typeof RecallDetail>;

/** A recall notice to the caller's organisation. */
export const Notice = named('Notice', Type.Object({
  recallId: Type.String(),
  items: Count,
  reason: Type.String(),
  instructions: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  createdAt: Time,
  readAt: NullableTime,
  deliveredAt: NullableTime,
  deliveryAttempts: Count,
  lastDeliveryError: Type.Union([Type.String(), Type.Null()]),
  stock: Type.Array(named('NoticeStock', Type.Object({
    productId: Type.String(),
    productName: Type.String(),
    model: Type.String(),
    batchId: Type.Union([Type.String(), Type.Null()]),
    lot: Type.Union([Type.String(), Type.Null()]),
    quantity: Count,
    codes: Type.Array(Type.String(), { description: 'up to 1,000 codes a line, as keys' }),
  })), { description: 'the recalled goods the organisation still holds, by product and lot (returned or destroyed ones left out)' }),
}));
export type Notice = Static<typeof Notice>;

/** An open recall covering a code, as 查验 and the scan page tell it (public facts). */
export const OpenRecall = named('OpenRecall', Type.Object({
  id: Type.String(),
  reason: Type.String(),
  instructions: Type.String(),
  openedAt: Time,
}));
export type OpenRecall = Static<typeof OpenRecall>;
