/**
 * Contracts of the EPCIS 2.0 REST binding under `/epcis` (GS1 openapi.yaml and the EPCIS 2.0
 * JSON Schema, src/epcis/schema): the event, the EPCIS and query documents, capture jobs and the
 * discovery collections.
 *
 * These describe what the binding answers; they do not judge it. Events are answered as they were
 * captured (the binding's routes serialise with `JSON.stringify`, so member order, extension
 * members and their nesting are kept), and documents sent to the binding are judged by the
 * official EPCIS JSON Schema (epcis-validate.ts), which answers the binding's own problem types.
 */
import { type Static, Type } from 'typebox';
import { EPCIS_QUERY_PARAMETERS } from '../../epcis/epcis-query.ts';
import { named } from '../../server/contract.ts';
import type { EventJson } from './event-facts.ts';

const Uri = (description?: string) => Type.String({ format: 'uri', ...(description && { description }) });
const Time = (description?: string) => Type.String({ format: 'date-time', ...(description && { description }) });
/** Objects EPCIS lets carry extension members (CURIE keys such as `example:x`). */
const open = { additionalProperties: true } as const;
/** A JSON object whose members are all open (master data, a JSON-LD prefix map). */
const OpenObject = (description: string) => Type.Object({}, { ...open, description });
const PrefixMap = OpenObject('prefix → namespace IRI (or a JSON-LD term definition)');

/** JSON-LD `@context`: the EPCIS context URL, with the prefix maps of extensions. */
export const EpcisLdContext = named('EpcisLdContext', Type.Union([
  Uri(),
  Type.Array(Type.Union([Uri(), PrefixMap])),
  PrefixMap,
], { description: 'JSON-LD @context: the EPCIS 2.0 context URL and prefix maps (prefix → namespace IRI) of the extensions used' }));

const QuantityElement = Type.Object({
  epcClass: Uri('a class-level identifier: GTIN + lot Digital Link, LGTIN or EPC class URN'),
  quantity: Type.Optional(Type.Number()),
  uom: Type.Optional(Type.String({ description: 'UN/CEFACT Rec. 20 unit code' })),
}, { additionalProperties: false });
const Epcs = (description: string) => Type.Optional(Type.Array(Uri(), { description }));
const Quantities = (description: string) => Type.Optional(Type.Array(QuantityElement, { description }));
const Place = (description: string) => Type.Optional(Type.Object({ id: Uri() }, { ...open, description }));
const Parties = (member: 'source' | 'destination') => Type.Optional(Type.Array(Type.Object({
  type: Type.String({ description: 'CBV source/destination type: owning_party, possessing_party, location, or a URI' }),
  [member]: Uri(),
}, { additionalProperties: false })));

const SensorReport = Type.Object({
  type: Type.Optional(Type.String({ description: 'measurement type (gs1: vocabulary or URI)' })),
  exception: Type.Optional(Type.String()),
  deviceID: Type.Optional(Uri()),
  time: Type.Optional(Time()),
  value: Type.Optional(Type.Number()),
  minValue: Type.Optional(Type.Number()),
  maxValue: Type.Optional(Type.Number()),
  meanValue: Type.Optional(Type.Number()),
  stringValue: Type.Optional(Type.String()),
  booleanValue: Type.Optional(Type.Boolean()),
  uriValue: Type.Optional(Uri()),
  uom: Type.Optional(Type.String()),
}, { ...open, description: 'one sensor reading (EPCIS 2.0 §7.3.8); further standard and extension members as sent' });

const SensorElement = Type.Object({
  sensorMetadata: Type.Optional(Type.Object({
    time: Type.Optional(Time()),
    deviceID: Type.Optional(Uri()),
    startTime: Type.Optional(Time()),
    endTime: Type.Optional(Time()),
  }, open)),
  sensorReport: Type.Array(SensorReport),
}, open);

const ErrorDeclaration = Type.Object({
  declarationTime: Time(),
  reason: Type.Optional(Type.String({ description: 'CBV error reason (did_not_occur, incorrect_data) or a URI' })),
  correctiveEventIDs: Type.Optional(Type.Array(Uri())),
}, { ...open, description: 'this event is declared erroneous (EPCIS 2.0 §7.4.1.2)' });

/**
 * One EPCIS 2.0 event (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent,
 * AssociationEvent or an extension type): the standard members typed, extension members (CURIE
 * keys, any JSON) as captured. Typed in TypeScript as the JSON object the service stores, since
 * that is what it holds (an event is judged against the EPCIS JSON Schema once, at capture).
 */
const EpcisEventObject = Type.Object({
  '@context': Type.Optional(EpcisLdContext),
  type: Type.String({ description: 'ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent, or an extension event type URI' }),
  eventID: Type.Optional(Uri('ni:///sha-256;… (the CBV event hash) or a UUID URN')),
  eventTime: Time(),
  eventTimeZoneOffset: Type.String({ pattern: '^[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00)$', examples: ['+08:00'] }),
  recordTime: Type.Optional(Time('when this platform recorded it (every event a query answers has one)')),
  certificationInfo: Type.Optional(Type.Union([Uri(), Type.Array(Uri())])),
  errorDeclaration: Type.Optional(ErrorDeclaration),
  action: Type.Optional(Type.Union([Type.Literal('ADD'), Type.Literal('OBSERVE'), Type.Literal('DELETE')], { description: 'every event type but TransformationEvent' })),
  parentID: Type.Optional(Uri('the containing object: an SSCC, a GRAI, …')),
  epcList: Epcs('ObjectEvent, TransactionEvent: the instance-level identifiers'),
  childEPCs: Epcs('AggregationEvent, AssociationEvent: the contained identifiers'),
  inputEPCList: Epcs('TransformationEvent: consumed'),
  outputEPCList: Epcs('TransformationEvent: produced'),
  quantityList: Quantities('ObjectEvent, TransactionEvent: class-level quantities'),
  childQuantityList: Quantities('AggregationEvent, AssociationEvent'),
  inputQuantityList: Quantities('TransformationEvent'),
  outputQuantityList: Quantities('TransformationEvent'),
  transformationID: Type.Optional(Uri()),
  bizStep: Type.Optional(Type.String({ description: 'CBV business step (bare word such as shipping, or a URI)' })),
  disposition: Type.Optional(Type.String({ description: 'CBV disposition (bare word such as in_transit, or a URI)' })),
  persistentDisposition: Type.Optional(Type.Object({ set: Type.Optional(Type.Array(Type.String())), unset: Type.Optional(Type.Array(Type.String())) }, { additionalProperties: false })),
  readPoint: Place('where it was observed (SGLN URN or GLN Digital Link); extension members as sent'),
  bizLocation: Place('where the objects are afterwards; extension members as sent'),
  bizTransactionList: Type.Optional(Type.Array(Type.Object({
    type: Type.Optional(Type.String({ description: 'CBV type: po, inv, desadv, bol, … or a URI' })),
    bizTransaction: Uri(),
  }, { additionalProperties: false }))),
  sourceList: Parties('source'),
  destinationList: Parties('destination'),
  sensorElementList: Type.Optional(Type.Array(SensorElement)),
  ilmd: Type.Optional(OpenObject('instance/lot master data (e.g. cbvmda:lotNumber, cbvmda:itemExpirationDate), as sent')),
}, { ...open, description: 'An EPCIS 2.0 event as captured: the standard members below, and extension members (CURIE keys such as "yima:reason", any JSON value) as sent' });

export const EpcisEvent = named('EpcisEvent', Type.Unsafe<EventJson>(EpcisEventObject));
export type EpcisEvent = Static<typeof EpcisEvent>;

/** `POST /epcis/events`: one event with the `@context` its CURIEs need. */
export const EpcisCaptureEvent = named('EpcisCaptureEvent', Type.Unsafe<EventJson>(Type.Object(
  { ...EpcisEventObject.properties, '@context': EpcisLdContext },
  { ...open, description: 'An EPCIS 2.0 event to capture, with its JSON-LD @context (checked against the EPCIS 2.0 JSON Schema: 400 ValidationException)' },
)));

/** `POST /epcis/capture`: an EPCISDocument. */
export const EpcisDocument = named('EpcisDocument', Type.Object({
  '@context': EpcisLdContext,
  type: Type.Literal('EPCISDocument'),
  schemaVersion: Type.String({ examples: ['2.0'] }),
  creationDate: Time(),
  id: Type.Optional(Uri()),
  instanceIdentifier: Type.Optional(Type.String()),
  sender: Type.Optional(Type.String()),
  receiver: Type.Optional(Type.String()),
  epcisHeader: Type.Optional(OpenObject('the standard business document header and master data, if any')),
  epcisBody: Type.Object({ eventList: Type.Array(EpcisEvent) }, open),
}, {
  ...open,
  description: 'An EPCIS 2.0 document (application/ld+json or application/json), checked against the EPCIS 2.0 JSON Schema: 400 ValidationException (per event, with GS1-Capture-Error-Behaviour: rollback), 413 CaptureLimitExceededException beyond GS1-EPCIS-Capture-Limit events',
}));

/** The answer of every event query: one page of an EPCISQueryDocument. */
export const EpcisQueryDocument = named('EpcisQueryDocument', Type.Object({
  '@context': Type.Array(Type.Union([Uri(), PrefixMap]), { description: 'the EPCIS 2.0 context, then the prefixes of the events\' extensions merged' }),
  type: Type.Literal('EPCISQueryDocument'),
  schemaVersion: Type.Literal('2.0'),
  creationDate: Time(),
  epcisBody: Type.Object({
    queryResults: Type.Object({
      queryName: Type.String({ description: 'SimpleEventQuery, or the named query\'s name' }),
      subscriptionID: Type.Optional(Type.String({ description: 'in a subscription\'s callback' })),
      resultsBody: Type.Object({ eventList: Type.Array(EpcisEvent) }),
    }),
  }),
}, { description: 'EPCIS 2.0 §8.2 query results: the page\'s events as captured, identifiers in the GS1-EPC-Format asked for; Link: <…>; rel="next" while more remain' }));
export type EpcisQueryDocument = Static<typeof EpcisQueryDocument>;

/**
 * The query parameters of an event query (EPCIS 2.0 §8.2.7.1, the REST binding): the fixed ones
 * this platform evaluates, and the patterned ones (`EQ_ILMD_example:lot`, `GE_quantity_KGM`, …).
 * A value lists alternatives with `|`; a repeated parameter is an error.
 */
const ParamValue = Type.Union([Type.String(), Type.Array(Type.String())]);
export const EpcisQueryParameters = Type.Object(
  Object.fromEntries(Object.entries(EPCIS_QUERY_PARAMETERS).filter(([, s]) => s === 'supported').map(([name]) => [name, Type.Optional(ParamValue)])),
  { additionalProperties: ParamValue, description: 'EPCIS 2.0 query parameters; standard ones this platform does not evaluate answer 501 ImplementationException' },
);
export type EpcisQueryParameters = Static<typeof EpcisQueryParameters>;

export const CaptureJobError = named('CaptureJobError', Type.Object({
  type: Type.Union([Type.Literal('epcisException:ValidationException'), Type.Literal('epcisException:ResourceAlreadyExistsException')]),
  title: Type.String({ description: 'the stable error code' }),
  status: Type.Integer({ description: '400, or 409 for an eventID that exists' }),
  detail: Type.String({ description: 'in the caller\'s language' }),
  instance: Type.String({ description: 'the member at fault, e.g. epcisBody.eventList[3].bizStep' }),
  eventID: Type.Optional(Type.String()),
  eventIndex: Type.Optional(Type.Integer({ description: 'position in the document\'s eventList' })),
}, { description: 'One event\'s problem (RFC 9457 members)' }));

/** A capture job (`GET /epcis/capture/{captureID}`). */
export const CaptureJob = named('CaptureJob', Type.Object({
  captureID: Type.String(),
  createdAt: Time(),
  finishedAt: Type.Optional(Time()),
  running: Type.Boolean(),
  success: Type.Boolean({ description: 'false once any event failed (rollback: none was stored; proceed: the others were)' }),
  captureErrorBehaviour: Type.Union([Type.Literal('rollback'), Type.Literal('proceed')]),
  eventCount: Type.Integer(),
  capturedCount: Type.Integer(),
  errors: Type.Array(CaptureJobError),
}));
export type CaptureJob = Static<typeof CaptureJob>;

/**
 * An answer without a body, its headers documented (`{ location: 'what it names' }`): the handler
 * sends nothing (`reply.send()`), and openapi.json shows no content.
 */
export const NoBody = (description: string, headers: Readonly<Record<string, string>> = {}) => Type.Unsafe<undefined>(Type.Null({
  description,
  ...(Object.keys(headers).length && { headers: Object.fromEntries(Object.entries(headers).map(([name, about]) => [name, { type: 'string', description: about }])) }),
}));

const Collection = Type.Literal('Collection');

/** `GET /epcis/`: the top-level resources. */
export const EpcisTopLevelResources = named('EpcisTopLevelResources', Type.Object({
  '@context': Uri(),
  type: Collection,
  member: Type.Array(Type.Union([
    Type.Literal('capture'), Type.Literal('events'), Type.Literal('eventTypes'), Type.Literal('epcs'), Type.Literal('bizSteps'),
    Type.Literal('bizLocations'), Type.Literal('readPoints'), Type.Literal('dispositions'), Type.Literal('queries'),
  ])),
}));
export type EpcisTopLevelResources = Static<typeof EpcisTopLevelResources>;

/** A discovery list: the event types, EPCs, business steps, … that occur in the events the caller sees. */
export const EpcisCollection = named('EpcisCollection', Type.Object({
  '@context': Uri(),
  type: Collection,
  member: Type.Array(Type.String(), { description: 'event types; EPCs as URIs (GS1 keys as Digital Links); CBV business steps and dispositions; location URIs' }),
}, { description: 'One page (perPage, nextPageToken; Link: <…>; rel="next" while more remain)' }));

/** A discovery member (`/epcis/bizSteps/shipping`): its sub-resources. */
export const EpcisResource = named('EpcisResource', Type.Object({
  '@context': Uri(),
  type: Collection,
  member: Type.Array(Type.Literal('events')),
  id: Type.String(),
}));

export const EpcisPageQuery = Type.Object({
  perPage: Type.Optional(Type.String({ description: 'members per page: 30 by default, at most 1000' })),
  nextPageToken: Type.Optional(Type.String()),
});

/** `?org=` of the capture routes. */
export const EpcisCaptureQuery = Type.Object({
  org: Type.Optional(Type.String({ description: 'platform admin only: capture as this organisation (its id), for migrations; ignored otherwise' })),
});
