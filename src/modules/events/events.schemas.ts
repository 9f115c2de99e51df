/**
 * Contracts of the plain event API (/api/v1/events/…): the forms and scripts of enterprises,
 * and the web app. Each builds one EPCIS 2.0 event and captures it like any other.
 */
import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';
import { EpcisEvent } from './epcis.schemas.ts';

const Codes = named('EventCodes', Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1, maxItems: 10000, description: 'codes in any form: element string, Digital Link, EPC URN, Yima code, SSCC of a case' }));
const When = Type.Optional(Type.String({ format: 'date-time', description: 'when it happened (RFC 3339 with offset); default now' }));
const Party = named('EventParty', Type.Object({
  orgId: Type.Optional(Type.String({ format: 'uuid', description: 'an organisation on the platform' })),
  uscc: Type.Optional(Type.String({ description: '统一社会信用代码 of a party not on the platform' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false, description: 'one of orgId, uscc (with name), or name' }));
const BizTransactions = Type.Optional(named('EventBizTransactions', Type.Array(Type.Object({ type: Type.String({ description: 'CBV type: po, inv, desadv, bol, …' }), id: Type.String({ minLength: 1 }) }, { additionalProperties: false }), { maxItems: 20 })));
const Place = Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'a location URI (SGLN URN, GLN Digital Link) for bizLocation' }));

export const ShipBody = named('ShipEventBody', Type.Object({ codes: Codes, to: Party, destinationRegion: Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 code of where it goes' }), time: When, bizTransactions: BizTransactions, location: Place }, { additionalProperties: false }));
export type ShipBody = Static<typeof ShipBody>;

export const ReceiveBody = named('ReceiveEventBody', Type.Object({
  codes: Codes, from: Party, time: When, bizTransactions: BizTransactions, location: Place,
  override: Type.Optional(Type.Object({ reason: Type.String({ minLength: 5, maxLength: 2000 }) }, { additionalProperties: false, description: 'take goods in despite a failing 查验; regulators see the reason' })),
}, { additionalProperties: false }));
export type ReceiveBody = Static<typeof ReceiveBody>;

export const SellBody = named('SellEventBody', Type.Object({ codes: Codes, channel: Type.Optional(Type.Union([Type.Literal('retail'), Type.Literal('b2b')])), buyer: Type.Optional(Party), time: When, bizTransactions: BizTransactions, location: Place }, { additionalProperties: false }));
export type SellBody = Static<typeof SellBody>;

export const InspectBody = named('InspectEventBody', Type.Object({
  batchId: Type.String({ format: 'uuid' }),
  result: Type.Union([Type.Literal('pass'), Type.Literal('fail')]),
  reportNumber: Type.String({ minLength: 1, maxLength: 200, description: '检验合格证明 / report number' }),
  body: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'inspection body' })),
  date: Type.String({ format: 'date' }),
  reportSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the report file' })),
  reportSm3: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SM3 (GB/T 32905) of the report file' })),
}, { additionalProperties: false }));
export type InspectBody = Static<typeof InspectBody>;

export const PackBody = named('PackEventBody', Type.Object({ parent: Type.String({ minLength: 1, maxLength: 2000, description: 'the case or pallet: SSCC or a code' }), children: Codes, time: When, location: Place }, { additionalProperties: false }));
export type PackBody = Static<typeof PackBody>;

export const UnpackBody = named('UnpackEventBody', Type.Object({ parent: Type.String({ minLength: 1, maxLength: 2000 }), children: Type.Optional(Codes), time: When, location: Place }, { additionalProperties: false }));
export type UnpackBody = Static<typeof UnpackBody>;

export const ReturnBody = named('ReturnEventBody', Type.Object({ codes: Codes, from: Type.Optional(Party), reason: Type.Optional(Type.String({ maxLength: 2000 })), time: When, location: Place }, { additionalProperties: false }));
export type ReturnBody = Static<typeof ReturnBody>;

export const DestroyBody = named('DestroyEventBody', Type.Object({ codes: Codes, kind: Type.Optional(Type.Union([Type.Literal('destroyed'), Type.Literal('decommissioned')])), reason: Type.Optional(Type.String({ maxLength: 2000 })), time: When, location: Place }, { additionalProperties: false }));
export type DestroyBody = Static<typeof DestroyBody>;

export const RecordedEvent = named('RecordedEvent', Type.Object({
  eventId: Type.String({ description: 'the eventID (the CBV event hash)' }),
  ledgerIndex: Type.Integer({ description: 'its entry in the ledger' }),
  event: EpcisEvent,
}, { description: 'The EPCIS 2.0 event the action built and captured' }));

export const StockQuery = Type.Object({
  orgId: Type.Optional(Type.String({ format: 'uuid', description: 'whose stock (default: the caller\'s organisation; others within the caller\'s scope)' })),
}, { additionalProperties: false });
export type StockQuery = Static<typeof StockQuery>;

/** One product and lot an organisation holds, with its codes. */
export const StockLine = named('StockLine', Type.Object({
  productId: Type.String(),
  productName: Type.String(),
  model: Type.String(),
  producer: Type.Object({ orgId: Type.String(), name: Type.String() }),
  batchId: Type.Union([Type.String(), Type.Null()]),
  lot: Type.Union([Type.String(), Type.Null()]),
  productionDate: Type.Union([Type.String(), Type.Null()]),
  quantity: Type.Integer({ minimum: 0 }),
  codes: Type.Array(Type.String(), { description: 'the codes held, as keys (element strings), up to 1,000 a line' }),
}));
export type StockLine = Static<typeof StockLine>;

/** What an organisation holds now, from the events it recorded or was sent goods by. */
export const Stock = named('Stock', Type.Object({
  orgId: Type.String(),
  lines: Type.Array(StockLine),
  cases: Type.Array(Type.Object({ code: Type.String({ description: 'the case or pallet (SSCC) as a key' }), items: Type.Integer({ minimum: 0 }) }), { description: 'cases and pallets held, with how many held items are packed in each' }),
  truncated: Type.Boolean({ description: 'more than 100,000 codes: the lines count the first ones' }),
}));
export type Stock = Static<typeof Stock>;
