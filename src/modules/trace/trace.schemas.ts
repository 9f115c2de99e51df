/** Contracts of the trace API. */
import { type Static, type TSchema, Type } from 'typebox';
import { named } from '../../server/contract.ts';

export const BackwardQuery = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 2000, description: 'the code in any form: element string, Digital Link, EPC URN, Yima code' }),
}, { additionalProperties: false });
export type BackwardQuery = Static<typeof BackwardQuery>;

export const ForwardQuery = Type.Object({
  batchId: Type.Optional(Type.String({ format: 'uuid' })),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
}, { additionalProperties: false, description: 'one of batchId or code' });
export type ForwardQuery = Static<typeof ForwardQuery>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A party or place an event names (source or destination); an organisation of the platform with its name. */
export const TraceParty = named('TraceParty', Type.Object({
  type: Type.String({ description: 'CBV source/destination type (owning_party, possessing_party, location) or a Yima one' }),
  id: Type.String(),
  orgId: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  regionCode: Type.Optional(Type.String()),
}));

/** An event of a trace, its parts shown only to the audiences their profile field allows (null: not shown). */
export const TraceEvent = named('TraceEvent', Type.Object({
  eventId: Type.String(),
  eventType: Type.String(),
  action: Nullable(Type.String()),
  eventTime: Nullable(Type.String()),
  bizStep: Nullable(Type.String()),
  disposition: Nullable(Type.String()),
  readPoint: Nullable(Type.String()),
  bizLocation: Nullable(Type.String()),
  capturedBy: Nullable(Type.Object({ orgId: Type.String(), name: Nullable(Type.String()) })),
  keys: Type.Array(Type.String()),
  sources: Type.Array(TraceParty),
  destinations: Type.Array(TraceParty),
  bizTransactions: Type.Array(Type.Object({ type: Type.String(), id: Type.String() })),
}));

/** A node of the walk: a code, at its least depth from the subject. */
export const TraceNode = named('TraceNode', Type.Object({
  key: Type.String(),
  depth: Type.Integer({ minimum: 0 }),
  kind: Type.Union([Type.Literal('item'), Type.Literal('container'), Type.Literal('input'), Type.Literal('output')]),
}));
export type TraceNode = Static<typeof TraceNode>;

export const TraceEdge = named('TraceEdge', Type.Object({
  from: Type.String(),
  to: Type.String(),
  kind: Type.Union([Type.Literal('packed_in'), Type.Literal('made_from'), Type.Literal('made_into')]),
}));

export const BackwardTrace = named('BackwardTrace', Type.Object({
  code: Type.String({ description: 'the code traced, as a key' }),
  producer: Type.Optional(Type.Object({ orgId: Type.String(), name: Type.String(), uscc: Type.String(), regionCode: Type.String(), address: Type.String() })),
  batches: Type.Array(Type.Object({
    batchId: Type.String(),
    lot: Type.String(),
    productionDate: Type.String(),
    productId: Type.String(),
    productName: Type.String(),
    model: Type.String(),
    keys: Type.Array(Type.String(), { description: 'the batch as EPC classes' }),
  })),
  inspections: Type.Array(TraceEvent),
  nodes: Type.Array(TraceNode),
  edges: Type.Array(TraceEdge),
  events: Type.Array(TraceEvent),
  complete: Type.Boolean({ description: 'every event is shown (the producer, or a regulator or association covering it); otherwise only those the reader may see' }),
}));
export type BackwardTrace = Static<typeof BackwardTrace>;

export const ForwardTrace = named('ForwardTrace', Type.Object({
  seeds: Type.Integer({ minimum: 0, description: 'codes the trace starts from' }),
  parties: Type.Array(Type.Object({
    id: Type.String(),
    orgId: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    regionCode: Type.Optional(Type.String()),
    events: Type.Integer({ minimum: 0 }),
  })),
  places: Type.Array(Type.String()),
  holders: Type.Array(Type.Object({
    holder: Nullable(Type.String({ description: 'an organisation id or "consumer"; null: not shown to this reader' })),
    state: Type.String(),
    count: Type.Integer({ minimum: 0 }),
    name: Nullable(Type.String()),
  })),
  nodes: Type.Array(TraceNode),
  edges: Type.Array(TraceEdge),
  events: Type.Array(TraceEvent),
  complete: Type.Boolean(),
}));
export type ForwardTrace = Static<typeof ForwardTrace>;
