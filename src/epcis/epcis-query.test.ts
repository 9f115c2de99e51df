import { describe, expect, it } from 'vitest';
import { EPCIS_QUERY_PARAMETERS, type EpcisQuery, type EpcisQueryParamValue, parseEpcisQuery } from './epcis-query.ts';

function ok(params: Record<string, EpcisQueryParamValue>, source: 'url' | 'json' = 'url'): EpcisQuery {
  const r = parseEpcisQuery(params, source);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.query;
}

function errors(params: Record<string, EpcisQueryParamValue>, source: 'url' | 'json' = 'url'): { param: string; code: string }[] {
  const r = parseEpcisQuery(params, source);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.query)}`);
  return r.errors.map(({ param, code }) => ({ param, code }));
}

const T = '2024-05-06T07:08:09.123+08:00';
const T_DATE = new Date('2024-05-05T23:08:09.123Z');

/** A valid value of every supported fixed-name parameter, as a query string and as query JSON, and what it yields. */
const SUPPORTED: Readonly<Record<string, readonly [string, EpcisQueryParamValue, Partial<EpcisQuery>]>> = {
  eventType: ['ObjectEvent|AssociationEvent', ['ObjectEvent', 'AssociationEvent'], { eventTypes: ['ObjectEvent', 'AssociationEvent'] }],
  GE_eventTime: [T, T, { times: [{ field: 'eventTime', op: 'GE', value: T_DATE }] }],
  LT_eventTime: [T, T, { times: [{ field: 'eventTime', op: 'LT', value: T_DATE }] }],
  GE_recordTime: [T, T, { times: [{ field: 'recordTime', op: 'GE', value: T_DATE }] }],
  LT_recordTime: [T, T, { times: [{ field: 'recordTime', op: 'LT', value: T_DATE }] }],
  GE_errorDeclarationTime: [T, T, { times: [{ field: 'errorDeclarationTime', op: 'GE', value: T_DATE }] }],
  LT_errorDeclarationTime: [T, T, { times: [{ field: 'errorDeclarationTime', op: 'LT', value: T_DATE }] }],
  GE_errorDeclaration_Time: [T, T, { times: [{ field: 'errorDeclarationTime', op: 'GE', value: T_DATE }] }],
  LT_errorDeclaration_Time: [T, T, { times: [{ field: 'errorDeclarationTime', op: 'LT', value: T_DATE }] }],
  EQ_action: ['ADD|DELETE', ['ADD', 'DELETE'], { eq: [{ field: 'action', values: ['ADD', 'DELETE'] }] }],
  EQ_bizStep: ['shipping|cn:ccc_certified', ['shipping', 'cn:ccc_certified'], { eq: [{ field: 'bizStep', values: ['shipping', 'cn:ccc_certified'] }] }],
  EQ_disposition: ['recalled', ['recalled'], { eq: [{ field: 'disposition', values: ['recalled'] }] }],
  EQ_persistentDisposition_set: ['completeness_verified', ['completeness_verified'], { eq: [{ field: 'persistentDispositionSet', values: ['completeness_verified'] }] }],
  EQ_persistentDisposition_unset: ['completeness_inferred', ['completeness_inferred'], { eq: [{ field: 'persistentDispositionUnset', values: ['completeness_inferred'] }] }],
  EQ_readPoint: ['urn:epc:id:sgln:0614141.07346.1234', ['urn:epc:id:sgln:0614141.07346.1234'], { eq: [{ field: 'readPoint', values: ['urn:epc:id:sgln:0614141.07346.1234'] }] }],
  WD_readPoint: ['urn:epc:id:sgln:0614141.07346.0', ['urn:epc:id:sgln:0614141.07346.0'], { withDescendants: [{ field: 'readPoint', values: ['urn:epc:id:sgln:0614141.07346.0'] }] }],
  EQ_bizLocation: ['https://id.gs1.org/414/0614141073467', ['https://id.gs1.org/414/0614141073467'], { eq: [{ field: 'bizLocation', values: ['https://id.gs1.org/414/0614141073467'] }] }],
  WD_bizLocation: ['https://id.gs1.org/414/0614141073467', ['https://id.gs1.org/414/0614141073467'], { withDescendants: [{ field: 'bizLocation', values: ['https://id.gs1.org/414/0614141073467'] }] }],
  EQ_transformationID: ['urn:uuid:1a2b', ['urn:uuid:1a2b'], { eq: [{ field: 'transformationID', values: ['urn:uuid:1a2b'] }] }],
  MATCH_epc: ['urn:epc:idpat:sgtin:0614141.107346.*', ['urn:epc:idpat:sgtin:0614141.107346.*'], { match: [{ field: 'epc', values: ['urn:epc:idpat:sgtin:0614141.107346.*'] }] }],
  MATCH_parentID: ['urn:epc:id:sscc:0614141.1234567890', ['urn:epc:id:sscc:0614141.1234567890'], { match: [{ field: 'parentID', values: ['urn:epc:id:sscc:0614141.1234567890'] }] }],
  MATCH_inputEPC: ['https://id.gs1.org/01/09521234543213/21/1', ['https://id.gs1.org/01/09521234543213/21/1'], { match: [{ field: 'inputEPC', values: ['https://id.gs1.org/01/09521234543213/21/1'] }] }],
  MATCH_outputEPC: ['urn:epc:id:sgtin:0614141.107346.2', ['urn:epc:id:sgtin:0614141.107346.2'], { match: [{ field: 'outputEPC', values: ['urn:epc:id:sgtin:0614141.107346.2'] }] }],
  MATCH_anyEPC: ['urn:epc:id:sgtin:0614141.107346.3', ['urn:epc:id:sgtin:0614141.107346.3'], { match: [{ field: 'anyEPC', values: ['urn:epc:id:sgtin:0614141.107346.3'] }] }],
  MATCH_epcClass: ['urn:epc:class:lgtin:4012345.012345.998877', ['urn:epc:class:lgtin:4012345.012345.998877'], { match: [{ field: 'epcClass', values: ['urn:epc:class:lgtin:4012345.012345.998877'] }] }],
  MATCH_inputEPCClass: ['urn:epc:idpat:sgtin:4012345.012345.*', ['urn:epc:idpat:sgtin:4012345.012345.*'], { match: [{ field: 'inputEPCClass', values: ['urn:epc:idpat:sgtin:4012345.012345.*'] }] }],
  MATCH_outputEPCClass: ['https://id.gs1.org/01/04012345123456/10/L1', ['https://id.gs1.org/01/04012345123456/10/L1'], { match: [{ field: 'outputEPCClass', values: ['https://id.gs1.org/01/04012345123456/10/L1'] }] }],
  MATCH_anyEPCClass: ['urn:epc:class:lgtin:4012345.012345.L2', ['urn:epc:class:lgtin:4012345.012345.L2'], { match: [{ field: 'anyEPCClass', values: ['urn:epc:class:lgtin:4012345.012345.L2'] }] }],
  EQ_quantity: ['10', [10], { quantity: [{ op: 'EQ', value: 10 }] }],
  GT_quantity: ['10.5', 10.5, { quantity: [{ op: 'GT', value: 10.5 }] }],
  GE_quantity: ['0', 0, { quantity: [{ op: 'GE', value: 0 }] }],
  LT_quantity: ['1e3', 1000, { quantity: [{ op: 'LT', value: 1000 }] }],
  LE_quantity: ['-2', -2, { quantity: [{ op: 'LE', value: -2 }] }],
  EQ_eventID: ['ni:///sha-256;abc?ver=CBV2.0', ['ni:///sha-256;abc?ver=CBV2.0'], { eq: [{ field: 'eventID', values: ['ni:///sha-256;abc?ver=CBV2.0'] }] }],
  EXISTS_errorDeclaration: ['', null, { existsErrorDeclaration: true }],
  EQ_errorReason: ['incorrect_data', ['urn:epcglobal:cbv:er:incorrect_data'], { eq: [{ field: 'errorReason', values: ['incorrect_data'] }] }],
  EQ_correctiveEventID: ['urn:uuid:c0ffee', ['urn:uuid:c0ffee'], { eq: [{ field: 'correctiveEventID', values: ['urn:uuid:c0ffee'] }] }],
  orderBy: ['recordTime', 'recordTime', { orderBy: 'recordTime' }],
  orderDirection: ['ASC', 'ASC', { orderDirection: 'ASC' }],
  eventCountLimit: ['1', 1, {}], // checked with orderBy below
  maxEventCount: ['100', 100, { maxEventCount: 100 }],
  perPage: ['30', 30, { perPage: 30 }],
  nextPageToken: ['3A15506738749783AU6D7DENAKwM2gQRRwGrataeq', '3A1', { nextPageToken: '3A15506738749783AU6D7DENAKwM2gQRRwGrataeq' }],
};

const UNSUPPORTED_SENSOR = [
  'GE_time', 'LT_time', 'GE_startTime', 'LT_startTime', 'GE_endTime', 'LT_endTime', 'EQ_type', 'EQ_deviceID',
  'EQ_dataProcessingMethod', 'EQ_microorganism', 'EQ_chemicalSubstance', 'EQ_bizRules', 'EQ_stringValue',
  'EQ_hexBinaryValue', 'EQ_uriValue', 'EQ_booleanValue', 'EXISTS_sensorElementList', 'GT_percRank', 'GE_percRank',
  'LT_percRank', 'LE_percRank',
];

const EMPTY: EpcisQuery = {
  times: [], eq: [], withDescendants: [], match: [], quantity: [], bizTransaction: [], source: [], destination: [], extension: [],
  orderDirection: 'DESC',
};

describe('parseEpcisQuery — every fixed parameter name', () => {
  it('knows exactly the fixed names of the query schema and the REST binding', () => {
    // query-schema.json `EPCIS-Query.properties` (without @context) and the GET /events parameters of openapi.yaml.
    const querySchema = 'eventType GE_eventTime LT_eventTime GE_recordTime LT_recordTime EQ_action EQ_bizStep EQ_disposition EQ_persistentDisposition_set EQ_persistentDisposition_unset EQ_quantity GT_quantity GE_quantity LT_quantity LE_quantity EQ_readPoint WD_readPoint EQ_bizLocation WD_bizLocation EQ_transformationID MATCH_epc MATCH_parentID MATCH_inputEPC MATCH_outputEPC MATCH_anyEPC MATCH_epcClass MATCH_inputEPCClass MATCH_outputEPCClass MATCH_anyEPCClass EQ_eventID EXISTS_errorDeclaration GE_errorDeclaration_Time LT_errorDeclaration_Time EQ_errorReason EQ_correctiveEventID orderBy orderDirection eventCountLimit maxEventCount EXISTS_sensorElementList GE_time LT_time GE_startTime LT_startTime GE_endTime LT_endTime EQ_type EQ_deviceID EQ_dataProcessingMethod EQ_microorganism EQ_chemicalSubstance EQ_bizRules EQ_stringValue EQ_booleanValue EQ_hexBinaryValue EQ_uriValue GE_percRank LT_percRank GT_percRank LE_percRank';
    const openapi = 'perPage nextPageToken eventType GE_eventTime LT_eventTime GE_recordTime LT_recordTime EQ_action EQ_bizStep EQ_disposition EQ_persistentDisposition_set EQ_persistentDisposition_unset EQ_readPoint WD_readPoint EQ_bizLocation WD_bizLocation EQ_transformationID MATCH_epc MATCH_parentID MATCH_inputEPC MATCH_outputEPC MATCH_anyEPC MATCH_epcClass MATCH_inputEPCClass MATCH_outputEPCClass MATCH_anyEPCClass EQ_quantity GT_quantity GE_quantity LT_quantity LE_quantity EQ_eventID EXISTS_errorDeclaration GE_errorDeclarationTime LT_errorDeclarationTime EQ_errorReason EQ_correctiveEventID orderBy orderDirection eventCountLimit maxEventCount GE_startTime LT_startTime GE_endTime LT_endTime EQ_type EQ_deviceID EQ_dataProcessingMethod EQ_microorganism EQ_chemicalSubstance EQ_bizRules EQ_stringValue EQ_hexBinaryValue EQ_uriValue EQ_booleanValue';
    const names = new Set([...querySchema.split(' '), ...openapi.split(' ')]);
    expect(new Set(Object.keys(EPCIS_QUERY_PARAMETERS))).toEqual(names);
    expect(Object.keys(SUPPORTED).length + UNSUPPORTED_SENSOR.length).toBe(names.size);
    for (const name of UNSUPPORTED_SENSOR) expect(EPCIS_QUERY_PARAMETERS[name]).toBe('unsupported');
    for (const name of Object.keys(SUPPORTED)) expect(EPCIS_QUERY_PARAMETERS[name]).toBe('supported');
  });

  it.each(Object.entries(SUPPORTED))('accepts %s as a query-string parameter', (name, [url, , expected]) => {
    const params: Record<string, string> = name === 'eventCountLimit' ? { [name]: url, orderBy: 'eventTime' } : { [name]: url };
    const q = ok(params, 'url');
    if (name === 'eventCountLimit') expect(q).toEqual({ ...EMPTY, eventCountLimit: 1, orderBy: 'eventTime' });
    else expect(q).toEqual({ ...EMPTY, ...expected });
  });

  it.each(Object.entries(SUPPORTED).filter(([name]) => name !== 'perPage' && name !== 'nextPageToken'))(
    'accepts %s in a named query body',
    (name, [, json, expected]) => {
      const params: Record<string, EpcisQueryParamValue> = name === 'eventCountLimit' ? { [name]: json, orderBy: 'eventTime' } : { [name]: json };
      const q = ok(params, 'json');
      if (name === 'eventCountLimit') expect(q).toEqual({ ...EMPTY, eventCountLimit: 1, orderBy: 'eventTime' });
      else expect(q).toEqual({ ...EMPTY, ...expected });
    },
  );

  it('keeps paging out of a named query body (unknown_parameter)', () => {
    expect(errors({ perPage: 30, nextPageToken: 'x' }, 'json')).toEqual([
      { param: 'perPage', code: 'unknown_parameter' },
      { param: 'nextPageToken', code: 'unknown_parameter' },
    ]);
  });

  it.each(UNSUPPORTED_SENSOR)('recognises the sensor parameter %s and answers unsupported_parameter (501), not unknown', (name) => {
    expect(errors({ [name]: 'x' })).toEqual([{ param: name, code: 'unsupported_parameter' }]);
    expect(errors({ [name]: ['x'] }, 'json')).toEqual([{ param: name, code: 'unsupported_parameter' }]);
  });
});

describe('parseEpcisQuery — flexible names', () => {
  it('reads EQ_bizTransaction_<type>, EQ_source_<type>, EQ_destination_<type>', () => {
    expect(ok({ EQ_bizTransaction_po: 'urn:epcglobal:cbv:bt:0614141073467:PO-1|https://po.example.cn/2', EQ_source_owning_party: 'urn:epc:id:pgln:0614141.00000', EQ_destination_location: 'urn:epc:id:sgln:0614141.00777.0' })).toEqual({
      ...EMPTY,
      bizTransaction: [{ type: 'po', values: ['urn:epcglobal:cbv:bt:0614141073467:PO-1', 'https://po.example.cn/2'] }],
      source: [{ type: 'owning_party', values: ['urn:epc:id:pgln:0614141.00000'] }],
      destination: [{ type: 'location', values: ['urn:epc:id:sgln:0614141.00777.0'] }],
    });
  });

  it('reads uom-specific quantity parameters', () => {
    expect(ok({ GE_quantity_KGM: '2.5', LT_quantity_KGM: '10', EQ_quantity_EA: '3' }).quantity).toEqual([
      { op: 'GE', value: 2.5, uom: 'KGM' },
      { op: 'LT', value: 10, uom: 'KGM' },
      { op: 'EQ', value: 3, uom: 'EA' },
    ]);
    expect(ok({ EQ_quantity_KGM: [25] }, 'json').quantity).toEqual([{ op: 'EQ', value: 25, uom: 'KGM' }]);
  });

  it('reads extension-field parameters at event level and in ILMD, keeping prefix:name as given', () => {
    const q = ok({
      'EQ_cn:grade': 'A|B',
      'GT_cn:temperature': '4.5',
      'LE_cn:madeOn': '2024-05-01T00:00:00Z',
      'EXISTS_cn:inspected': '',
      'EQ_ILMD_cbvmda:lotNumber': 'L1',
      'GE_ILMD_cbvmda:bestBeforeDate': '2025-01-01T00:00:00Z',
      'EXISTS_ILMD_cn:licence': 'true',
    });
    expect(q.extension).toEqual([
      { op: 'EQ', scope: 'event', field: 'cn:grade', values: ['A', 'B'] },
      { op: 'GT', scope: 'event', field: 'cn:temperature', values: ['4.5'] },
      { op: 'LE', scope: 'event', field: 'cn:madeOn', values: ['2024-05-01T00:00:00Z'] },
      { op: 'EXISTS', scope: 'event', field: 'cn:inspected', values: [] },
      { op: 'EQ', scope: 'ilmd', field: 'cbvmda:lotNumber', values: ['L1'] },
      { op: 'GE', scope: 'ilmd', field: 'cbvmda:bestBeforeDate', values: ['2025-01-01T00:00:00Z'] },
      { op: 'EXISTS', scope: 'ilmd', field: 'cn:licence', values: [] },
    ]);
    expect(ok({ 'EQ_cn:grade': ['A'], 'EQ_cn:size': 3, 'GT_cn:temperature': 4.5, 'EXISTS_cn:inspected': null }, 'json').extension).toEqual([
      { op: 'EQ', scope: 'event', field: 'cn:grade', values: ['A'] },
      { op: 'EQ', scope: 'event', field: 'cn:size', values: ['3'] },
      { op: 'GT', scope: 'event', field: 'cn:temperature', values: ['4.5'] },
      { op: 'EXISTS', scope: 'event', field: 'cn:inspected', values: [] },
    ]);
  });

  it.each([
    'EQ_value_CEL', 'GT_minValue_CEL', 'LE_maxValue_KGM', 'GE_meanValue_P1', 'LT_sDev_CEL', 'GT_percValue_CEL',
    'EQ_INNER_cn:x', 'EXISTS_INNER_ILMD_cn:x', 'EQ_ERROR_DECLARATION_cn:x', 'GE_INNER_ERROR_DECLARATION_cn:x',
    'EQ_SENSORELEMENT_cn:x', 'LT_SENSORMETADATA_cn:x', 'EXISTS_SENSORREPORT_cn:x', 'EQ_INNER_SENSORREPORT_cn:x',
    'EQ_readPoint_cn:gate', 'EQ_INNER_bizLocation_cn:x', 'EQ_ATTR_readPoint_cn', 'HASATTR_bizLocation',
  ])('recognises %s and answers unsupported_parameter', (name) => {
    expect(errors({ [name]: '1' })).toEqual([{ param: name, code: 'unsupported_parameter' }]);
  });

  it('answers unsupported_parameter for ordering by an extension field', () => {
    expect(errors({ orderBy: 'cn:grade' })).toEqual([{ param: 'orderBy', code: 'unsupported_parameter' }]);
  });

  it.each(['EQ_colour', 'eventtype', 'GE_eventtime', 'EQ_bizTransaction_', 'EQ_quantity_kgm', 'MATCH_EPC', '@context', 'GE_ILMD_noColon'])(
    'rejects the unknown parameter %s with unknown_parameter',
    (name) => {
      expect(errors({ [name]: 'x' })).toEqual([{ param: name, code: 'unknown_parameter' }]);
    },
  );

  it('allows @context in a named query body', () => {
    expect(ok({ '@context': [{ cn: 'https://ns.example.cn/' }], 'EQ_cn:grade': ['A'] }, 'json').extension).toHaveLength(1);
  });
});

describe('parseEpcisQuery — values', () => {
  it('normalises bizStep, disposition and errorReason spellings to bare CBV words', () => {
    const q = ok({
      EQ_bizStep: 'urn:epcglobal:cbv:bizstep:shipping|https://ref.gs1.org/cbv/BizStep-receiving|https://example.cn/step/x',
      EQ_disposition: 'cbv:Disp-in_transit',
      EQ_errorReason: 'https://ref.gs1.org/cbv/ER-did_not_occur',
      EQ_persistentDisposition_set: 'urn:epcglobal:cbv:disp:recalled',
    });
    expect(q.eq).toEqual([
      { field: 'bizStep', values: ['shipping', 'receiving', 'https://example.cn/step/x'] },
      { field: 'disposition', values: ['in_transit'] },
      { field: 'errorReason', values: ['did_not_occur'] },
      { field: 'persistentDispositionSet', values: ['recalled'] },
    ]);
  });

  it('rejects a bare word that is not a CBV value with 400 invalid_value', () => {
    expect(errors({ EQ_bizStep: 'shiping' })).toEqual([{ param: 'EQ_bizStep', code: 'invalid_value' }]);
    expect(errors({ EQ_disposition: ['in transit'] }, 'json')).toEqual([{ param: 'EQ_disposition', code: 'invalid_value' }]);
  });

  it('accepts EQ_action ADD|OBSERVE|DELETE only', () => {
    expect(ok({ EQ_action: 'OBSERVE' }).eq).toEqual([{ field: 'action', values: ['OBSERVE'] }]);
    expect(errors({ EQ_action: 'observe' })).toEqual([{ param: 'EQ_action', code: 'invalid_value' }]);
    expect(errors({ EQ_action: 'ADD|MOVE' })).toEqual([{ param: 'EQ_action', code: 'invalid_value' }]);
  });

  it('accepts the five event types and extension event type URIs', () => {
    expect(ok({ eventType: 'TransformationEvent|https://ns.example.cn/InspectionEvent' }).eventTypes).toEqual(['TransformationEvent', 'https://ns.example.cn/InspectionEvent']);
    expect(errors({ eventType: 'objectevent' })).toEqual([{ param: 'eventType', code: 'invalid_value' }]);
  });

  it('requires URIs where the standard does', () => {
    expect(errors({ MATCH_epc: 'not a uri' })).toEqual([{ param: 'MATCH_epc', code: 'invalid_uri' }]);
    expect(errors({ EQ_readPoint: 'Warehouse 7' })).toEqual([{ param: 'EQ_readPoint', code: 'invalid_uri' }]);
    expect(errors({ EQ_bizTransaction_po: '12345' })).toEqual([{ param: 'EQ_bizTransaction_po', code: 'invalid_uri' }]);
  });

  it('splits multiple values on | in a query string (a literal | cannot be escaped)', () => {
    expect(ok({ MATCH_anyEPC: 'urn:a:1|urn:a:2|urn:a:3' }).match).toEqual([{ field: 'anyEPC', values: ['urn:a:1', 'urn:a:2', 'urn:a:3'] }]);
    expect(ok({ 'EQ_cn:note': 'a|b' }).extension[0]?.values).toEqual(['a', 'b']);
    expect(errors({ EQ_bizStep: 'shipping|' })).toEqual([{ param: 'EQ_bizStep', code: 'empty_value' }]);
    expect(errors({ EQ_bizStep: '' })).toEqual([{ param: 'EQ_bizStep', code: 'empty_value' }]);
  });

  it('wants arrays for multi-valued parameters and JSON types as query-schema.json gives them', () => {
    expect(errors({ EQ_bizStep: 'shipping' }, 'json')).toEqual([{ param: 'EQ_bizStep', code: 'invalid_type' }]);
    expect(errors({ EQ_bizStep: [] }, 'json')).toEqual([{ param: 'EQ_bizStep', code: 'empty_value' }]);
    expect(errors({ GT_quantity: '5' }, 'json')).toEqual([{ param: 'GT_quantity', code: 'invalid_type' }]);
    expect(errors({ EQ_quantity: 5 }, 'json')).toEqual([{ param: 'EQ_quantity', code: 'invalid_type' }]);
    expect(errors({ maxEventCount: '5' }, 'json')).toEqual([{ param: 'maxEventCount', code: 'invalid_type' }]);
    expect(errors({ GE_eventTime: 1714953600000 }, 'json')).toEqual([{ param: 'GE_eventTime', code: 'invalid_type' }]);
  });

  it('reads quantities as decimal numbers', () => {
    expect(errors({ GT_quantity: 'ten' })).toEqual([{ param: 'GT_quantity', code: 'invalid_number' }]);
    expect(errors({ GT_quantity: '0x10' })).toEqual([{ param: 'GT_quantity', code: 'invalid_number' }]);
    expect(errors({ GT_quantity: 'Infinity' })).toEqual([{ param: 'GT_quantity', code: 'invalid_number' }]);
  });

  it('answers unsupported_parameter for several alternative EQ_quantity values', () => {
    expect(errors({ EQ_quantity: '1|2' })).toEqual([{ param: 'EQ_quantity', code: 'unsupported_parameter' }]);
    expect(errors({ EQ_quantity_KGM: [1, 2] }, 'json')).toEqual([{ param: 'EQ_quantity_KGM', code: 'unsupported_parameter' }]);
  });
});

describe('parseEpcisQuery — times', () => {
  it('reads RFC 3339 date-times with an offset, in any zone', () => {
    const at = (v: string) => ok({ GE_eventTime: v }).times[0]?.value.toISOString();
    expect(at('2024-05-06T07:08:09Z')).toBe('2024-05-06T07:08:09.000Z');
    expect(at('2024-05-06T07:08:09.5+08:00')).toBe('2024-05-05T23:08:09.500Z');
    expect(at('2024-05-06t07:08:09.123456-05:30')).toBe('2024-05-06T12:38:09.123Z');
    expect(at('2016-12-31T23:59:60Z')).toBe('2016-12-31T23:59:59.999Z');
    expect(at('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(at('0050-01-01T00:00:00Z')).toBe('0050-01-01T00:00:00.000Z');
  });

  it('reads a + that form decoding turned into a space', () => {
    expect(ok({ LT_recordTime: '2024-05-06T07:08:09 08:00' }).times[0]?.value.toISOString()).toBe('2024-05-05T23:08:09.000Z');
    expect(errors({ LT_recordTime: '2024-05-06T07:08:09 08:00' }, 'json')).toEqual([{ param: 'LT_recordTime', code: 'invalid_time' }]);
  });

  it.each(['2024-05-06T07:08:09', '2024-05-06', '2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-05-06T24:00:00Z', '2024-05-06T07:08:09+0800', 'yesterday', '1714953600'])(
    'rejects %s with invalid_time',
    (v) => {
      expect(errors({ GE_eventTime: v })).toEqual([{ param: 'GE_eventTime', code: 'invalid_time' }]);
    },
  );

  it('accepts the errorDeclarationTime parameters in both spellings, but not both at once', () => {
    expect(ok({ GE_errorDeclarationTime: T, LT_errorDeclaration_Time: T }).times.map((t) => [t.field, t.op])).toEqual([
      ['errorDeclarationTime', 'GE'],
      ['errorDeclarationTime', 'LT'],
    ]);
    expect(errors({ GE_errorDeclarationTime: T, GE_errorDeclaration_Time: T })).toEqual([{ param: 'GE_errorDeclaration_Time', code: 'duplicate_parameter' }]);
  });
});

describe('parseEpcisQuery — result shaping and rules', () => {
  it('defaults orderDirection to DESC and accepts only ASC|DESC', () => {
    expect(ok({}).orderDirection).toBe('DESC');
    expect(ok({ orderBy: 'eventTime', orderDirection: 'ASC' })).toEqual({ ...EMPTY, orderBy: 'eventTime', orderDirection: 'ASC' });
    expect(errors({ orderDirection: 'asc' })).toEqual([{ param: 'orderDirection', code: 'invalid_value' }]);
    expect(errors({ orderBy: 'bizStep' })).toEqual([{ param: 'orderBy', code: 'invalid_value' }]);
  });

  it('requires orderBy with eventCountLimit (QueryParameterException)', () => {
    expect(errors({ eventCountLimit: '1' })).toEqual([{ param: 'eventCountLimit', code: 'requires_order_by' }]);
    expect(ok({ eventCountLimit: '1', orderBy: 'eventTime' }).eventCountLimit).toBe(1);
  });

  it('rejects eventCountLimit together with maxEventCount', () => {
    expect(errors({ eventCountLimit: '1', maxEventCount: '5', orderBy: 'eventTime' })).toEqual([{ param: 'eventCountLimit', code: 'mutually_exclusive' }]);
  });

  it.each(['0', '-1', '1.5', 'ten', '1e3', '99999999999999999999'])('rejects %s as a count with invalid_integer', (v) => {
    for (const name of ['maxEventCount', 'perPage']) expect(errors({ [name]: v })).toEqual([{ param: name, code: 'invalid_integer' }]);
  });

  it('reads EXISTS_errorDeclaration without a value, or true; false is no constraint', () => {
    expect(ok({ EXISTS_errorDeclaration: '' }).existsErrorDeclaration).toBe(true);
    expect(ok({ EXISTS_errorDeclaration: 'true' }).existsErrorDeclaration).toBe(true);
    expect(ok({ EXISTS_errorDeclaration: null }, 'json').existsErrorDeclaration).toBe(true);
    expect(ok({ EXISTS_errorDeclaration: true }, 'json').existsErrorDeclaration).toBe(true);
    expect(ok({ EXISTS_errorDeclaration: 'false' }).existsErrorDeclaration).toBeUndefined();
    expect(errors({ EXISTS_errorDeclaration: 'yes' })).toEqual([{ param: 'EXISTS_errorDeclaration', code: 'invalid_value' }]);
  });

  it('rejects a parameter repeated in the query string with duplicate_parameter', () => {
    expect(errors({ EQ_bizStep: ['shipping', 'receiving'] })).toEqual([{ param: 'EQ_bizStep', code: 'duplicate_parameter' }]);
  });

  it('skips undefined values and reports every problem at once', () => {
    expect(ok({ EQ_bizStep: undefined })).toEqual(EMPTY);
    expect(errors({ EQ_colour: 'x', GE_eventTime: 'x', EQ_type: 'x', perPage: '0' })).toEqual([
      { param: 'EQ_colour', code: 'unknown_parameter' },
      { param: 'GE_eventTime', code: 'invalid_time' },
      { param: 'EQ_type', code: 'unsupported_parameter' },
      { param: 'perPage', code: 'invalid_integer' },
    ]);
  });

  it('says what was expected', () => {
    const r = parseEpcisQuery({ GE_eventTime: '2024-05-06' }, 'url');
    expect(r.ok ? [] : r.errors).toEqual([{ param: 'GE_eventTime', code: 'invalid_time', expected: expect.stringContaining('RFC 3339') }]);
  });
});
