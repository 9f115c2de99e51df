import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from '../shared/i18n/en.json' with { type: 'json' };
import zhCN from '../shared/i18n/zh-CN.json' with { type: 'json' };
import { t } from '../shared/i18n/i18n.ts';
import {
  documentEventListPath,
  documentEvents,
  EPCIS_ISSUE_CODES,
  EPCIS_ISSUE_PARAMS,
  type EpcisIssue,
  epcisIssueMessage,
  epcisIssueMessageKey,
  identifierProblem,
  identifierProblemText,
  isRfc3339DateTime,
  joinPath,
  validateEpcisDocument,
  validateEpcisEnvelope,
  validateEpcisEvent,
} from './epcis-validate.ts';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/epcis/', import.meta.url));
const fixtureFiles = (readdirSync(FIXTURES, { recursive: true }) as string[]).filter((f) => f.endsWith('.jsonld')).sort();
const readFixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(FIXTURES + name, 'utf8')) as Record<string, unknown>;

// Every gs1/EPCIS example is valid EPCIS 2.0; none is known to violate the standard.
const REJECTED_FIXTURES: Readonly<Record<string, string>> = {};

/** A valid event to start from; tests change only what they are about. */
const objectEvent = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'ObjectEvent',
  eventTime: '2024-05-01T08:30:00.000+08:00',
  eventTimeZoneOffset: '+08:00',
  epcList: ['urn:epc:id:sgtin:0614141.107346.2017'],
  action: 'OBSERVE',
  bizStep: 'shipping',
  ...over,
});

const documentWith = (events: unknown[], over: Record<string, unknown> = {}): Record<string, unknown> => ({
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2024-05-01T09:00:00Z',
  epcisBody: { eventList: events },
  ...over,
});

const brief = (issues: readonly EpcisIssue[]) => issues.map((i) => ({ path: i.path, code: i.code }));

/** Every issue carries exactly the parameters its message uses. */
function expectWellFormed(issues: readonly EpcisIssue[]): void {
  for (const i of issues) {
    expect(Object.keys(i.params ?? {}).sort(), `${i.code} at ${i.path}`).toEqual([...EPCIS_ISSUE_PARAMS[i.code]].sort());
    expect(i.expected.length).toBeGreaterThan(0);
  }
}

describe('EPCIS document validation', () => {
  it.each(fixtureFiles.filter((f) => !(f in REJECTED_FIXTURES)))('accepts the gs1/EPCIS example %s', (file) => {
    expect(validateEpcisDocument(readFixture(file))).toEqual({ ok: true });
  });

  it('has every fixture and finds the events of both document types', () => {
    expect(fixtureFiles.length).toBe(47);
    const query = readFixture('EPCISQueryDocument.jsonld');
    expect(documentEventListPath(query)).toBe('epcisBody.queryResults.resultsBody.eventList');
    expect(documentEvents(query).length).toBeGreaterThan(0);
    expect(documentEvents(readFixture('Example_9.6.1-ObjectEvent.jsonld')).length).toBe(2);
    expect(documentEvents({ type: 'EPCISDocument', epcisBody: { eventList: 'x' } })).toEqual([]);
    expect(documentEvents(null)).toEqual([]);
  });

  it('reports a missing eventTime as missing_field at its path', () => {
    const { eventTime: _, ...event } = objectEvent();
    const result = validateEpcisDocument(documentWith([objectEvent(), event]));
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'epcisBody.eventList[1].eventTime', code: 'missing_field', expected: 'the required field eventTime', params: { field: 'eventTime' }, eventIndex: 1 }],
    });
  });

  it('reports eventTimeZoneOffset +15:00 as bad_timezone_offset', () => {
    const issues = validateEpcisEvent(objectEvent({ eventTimeZoneOffset: '+15:00' }), 'epcisBody.eventList[3]');
    expect(brief(issues)).toEqual([{ path: 'epcisBody.eventList[3].eventTimeZoneOffset', code: 'bad_timezone_offset' }]);
    expect(issues[0]?.params).toEqual({ value: '+15:00' });
    for (const ok of ['+14:00', '-14:00', '+00:00', '-13:59', '+05:45']) expect(validateEpcisEvent(objectEvent({ eventTimeZoneOffset: ok }))).toEqual([]);
    for (const bad of ['+14:01', '08:00', '+8:00', '+0800', 'Z']) expect(brief(validateEpcisEvent(objectEvent({ eventTimeZoneOffset: bad })))).toEqual([{ path: 'event.eventTimeZoneOffset', code: 'bad_timezone_offset' }]);
  });

  it('rejects an unknown plain event type but accepts an extension type written as a URI or CURIE', () => {
    expect(brief(validateEpcisEvent(objectEvent({ type: 'FooEvent' }), 'epcisBody.eventList[0]'))).toEqual([{ path: 'epcisBody.eventList[0].type', code: 'unknown_event_type' }]);
    expect(brief(validateEpcisEvent(objectEvent({ type: 'EPCISDocument' })))).toEqual([{ path: 'event.type', code: 'unknown_event_type' }]);
    expect(validateEpcisEvent(objectEvent({ type: 'example:FooEvent' }))).toEqual([]);
    expect(validateEpcisEvent(objectEvent({ type: 'https://example.com/epcis/FooEvent' }))).toEqual([]);
    expect(brief(validateEpcisEvent(objectEvent({ type: 42 })))).toEqual([{ path: 'event.type', code: 'schema_type' }]);
  });

  it('rejects an SGTIN URN with a bad company prefix or serial as bad_identifier, with the reason', () => {
    const issues = validateEpcisEvent(
      objectEvent({ epcList: ['urn:epc:id:sgtin:06141.1073461.2017', 'urn:epc:id:sgtin:0614141.107346.20/17', 'urn:epc:id:sgtin:0614141.1073461.2017'] }),
      'epcisBody.eventList[0]',
    );
    expect(brief(issues)).toEqual([
      { path: 'epcisBody.eventList[0].epcList[0]', code: 'bad_identifier' },
      { path: 'epcisBody.eventList[0].epcList[1]', code: 'bad_identifier' },
      { path: 'epcisBody.eventList[0].epcList[2]', code: 'bad_identifier' },
    ]);
    expect(issues[0]?.params?.reason).toMatch(/Company Prefix "06141" must be 6 to 12 digits/);
    expect(issues[1]?.params?.reason).toMatch(/'\/' .*must be percent-encoded/);
    expect(issues[2]?.params?.reason).toMatch(/making 13 with the company prefix/);
    expectWellFormed(issues);
  });

  it('rejects a Digital Link with a bad GTIN check digit, on any domain, as bad_identifier', () => {
    const issues = validateEpcisEvent(objectEvent({ epcList: ['https://example.com/01/00614141073468/21/2017'] }), 'epcisBody.eventList[2]');
    expect(brief(issues)).toEqual([{ path: 'epcisBody.eventList[2].epcList[0]', code: 'bad_identifier' }]);
    expect(issues[0]?.params?.reason).toMatch(/check digit should be 7, not 8/);
    expect(validateEpcisEvent(objectEvent({ epcList: ['https://example.com/01/00614141073467/21/2017'] }))).toEqual([]);
  });

  it('checks every identifier field: parentID, quantity classes, locations, sources and destinations', () => {
    const event = {
      type: 'AggregationEvent',
      eventTime: '2024-05-01T08:30:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'ADD',
      parentID: 'urn:epc:id:sscc:0614141.123456789',
      childEPCs: ['urn:epc:id:sgtin:0614141.107346.1'],
      childQuantityList: [{ epcClass: 'urn:epc:id:sgtin:0614141.107346.2', quantity: 2 }],
      readPoint: { id: 'https://example.com/414/0614141073462' },
      bizLocation: { id: 'urn:epc:id:sgln:0614141.07346.0' },
      sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:0614141.0077' }],
      destinationList: [{ type: 'location', destination: 'geo:42.698334,23.319941' }],
    };
    expect(brief(validateEpcisEvent(event))).toEqual([
      { path: 'event.parentID', code: 'bad_identifier' },
      { path: 'event.childQuantityList[0].epcClass', code: 'bad_identifier' },
      { path: 'event.readPoint.id', code: 'bad_identifier' },
      { path: 'event.sourceList[0].source', code: 'bad_identifier' },
    ]);
  });

  it('keeps instance identifiers and classes apart (TDS §6.3, §6.4, §8)', () => {
    expect(identifierProblem('urn:epc:class:lgtin:4012345.012345.998877', 'instance')).toMatch(/EPC class/);
    expect(identifierProblem('urn:epc:idpat:sgtin:4012345.012345.*', 'instance')).toMatch(/EPC class/);
    expect(identifierProblem('urn:epc:idpat:sgtin:4012345.*.*', 'instance')).toMatch(/pattern/);
    expect(identifierProblem('urn:epc:id:sgtin:4012345.012345.1', 'class')).toMatch(/instance identifier/);
    expect(identifierProblem('urn:epc:idpat:sgtin:4012345.*.*', 'class')).toMatch(/GTIN class pattern/);
    for (const cls of ['urn:epc:class:lgtin:4012345.012345.998877', 'urn:epc:idpat:sgtin:4012345.012345.*', 'https://id.gs1.org/01/04012345123456', 'urn:example:class:1']) {
      expect(identifierProblem(cls, 'class'), cls).toBeUndefined();
    }
    for (const id of ['urn:epc:id:grai:4012345.55555.987', 'urn:epc:id:giai:952005385.w2', 'urn:epc:id:gsrn:95252084.000000001', 'urn:epc:id:gid:95100000.12345.400', 'https://example.com/products/42', 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66']) {
      expect(identifierProblem(id, 'instance'), id).toBeUndefined();
    }
    expect(identifierProblem('urn:epc:id:bogus:1.2', 'instance')).toMatch(/not an EPC scheme/);
    expect(identifierProblem('not a uri', 'instance')).toMatch(/not an absolute URI/);
    const said = identifierProblemText('urn:epc:id:sgtin:06141.8123456.1', 'instance');
    expect(said && t('zh-CN', said.key, said.params)).toBe('GS1 厂商识别代码 "06141" 必须是 6 到 12 位数字');
    expect(identifierProblem('https://trace.example.cn/id/yima/K7M-QAHCG6K64T2BXK', 'instance')).toBeUndefined();
    expect(identifierProblem('https://trace.example.cn/id/yima/K7M-QAHCG6K64T2BXA', 'instance')).toBeDefined();
  });

  it('reports a missing action once, as missing_field, not as the schema anyOf/if cascade', () => {
    const { action: _, ...event } = objectEvent();
    expect(validateEpcisEvent(event, 'epcisBody.eventList[0]')).toEqual([
      { path: 'epcisBody.eventList[0].action', code: 'missing_field', expected: 'the required field action', params: { field: 'action' } },
    ]);
  });

  it('says what an event lacks when it names no object (the "what" dimension)', () => {
    const { epcList: _, ...bare } = objectEvent();
    expect(brief(validateEpcisEvent(bare))).toEqual([{ path: 'event', code: 'missing_what' }]);
    expect(brief(validateEpcisEvent({ ...bare, quantityList: [] }))).toEqual([{ path: 'event', code: 'missing_what' }]);
    expect(validateEpcisEvent({ ...bare, epcList: [] })).toEqual([]);
    const aggregation = { type: 'AggregationEvent', eventTime: '2024-05-01T08:30:00Z', eventTimeZoneOffset: '+00:00', parentID: 'urn:epc:id:sscc:0614141.1234567890', childEPCs: [] };
    expect(validateEpcisEvent({ ...aggregation, action: 'ADD' })).toMatchObject([{ path: 'event', code: 'missing_what', params: { eventType: 'AggregationEvent' } }]);
    expect(validateEpcisEvent({ ...aggregation, action: 'DELETE' })).toEqual([]);
    // A list that is there with a bad value is reported at the value, not as a missing "what".
    expect(brief(validateEpcisEvent({ ...bare, quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.012345.1', quantity: 'x' }] }))).toEqual([
      { path: 'event.quantityList[0].quantity', code: 'schema_type' },
    ]);
  });

  it('collapses the schema alternatives into the most specific message', () => {
    const issues = validateEpcisEvent(
      objectEvent({
        bizStep: 'shipped',
        disposition: 'urn:epcglobal:cbv:disp:in_transit',
        certificationInfo: ['not a uri'],
        persistentDisposition: {},
        '@context': 5,
        extra: 1,
        'example:extension': { any: 'thing' },
        epcList: ['urn:example:1', 'urn:example:1'],
      }),
    );
    expect(brief(issues)).toEqual(
      expect.arrayContaining([
        { path: 'event.bizStep', code: 'bad_vocabulary' },
        { path: 'event.disposition', code: 'bad_vocabulary' },
        { path: 'event.certificationInfo[0]', code: 'bad_uri' },
        { path: 'event.persistentDisposition', code: 'missing_one_of' },
        { path: 'event["@context"]', code: 'schema_type' },
        { path: 'event.extra', code: 'unknown_field' },
        { path: 'event.epcList', code: 'duplicate_items' },
      ]),
    );
    expect(issues).toHaveLength(7);
    expectWellFormed(issues);
  });

  it('requires RFC 3339 times with an offset (eventTime, recordTime, declarationTime, creationDate)', () => {
    const issues = validateEpcisEvent(
      objectEvent({ eventTime: '2024-05-01T08:30:00', recordTime: '2024-02-30T00:00:00Z', errorDeclaration: { declarationTime: '2024-05-01 08:30:00+0800', reason: 'incorrect_data' } }),
    );
    expect(brief(issues)).toEqual([
      { path: 'event.eventTime', code: 'bad_date_time' },
      { path: 'event.recordTime', code: 'bad_date_time' },
      { path: 'event.errorDeclaration.declarationTime', code: 'bad_date_time' },
    ]);
    expect(brief(validateEpcisEnvelope(documentWith([], { creationDate: '2024-05-01' })))).toEqual([{ path: 'creationDate', code: 'bad_date_time' }]);
    expect(isRfc3339DateTime('2024-02-29T23:59:60.123456+14:00')).toBe(true);
    expect(isRfc3339DateTime('2023-02-29T00:00:00Z')).toBe(false);
    expect(isRfc3339DateTime('2024-05-01t08:30:00z')).toBe(true);
  });

  it('requires @context on a standalone event only when asked (POST /events)', () => {
    expect(validateEpcisEvent(objectEvent())).toEqual([]);
    expect(brief(validateEpcisEvent(objectEvent(), 'event', { requireContext: true }))).toEqual([{ path: 'event["@context"]', code: 'missing_field' }]);
    expect(validateEpcisEvent(objectEvent({ '@context': 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld' }), 'event', { requireContext: true })).toEqual([]);
    expect(validateEpcisEvent('x', 'event', { eventIndex: 4 })).toEqual([{ path: 'event', code: 'schema_type', expected: 'an event: a JSON object', params: { type: 'object' }, eventIndex: 4 }]);
  });

  it('keeps envelope errors apart from event errors', () => {
    const { schemaVersion: _, ...doc } = documentWith([objectEvent(), objectEvent({ eventTimeZoneOffset: '+15:00' })], { extra: true });
    const envelope = validateEpcisEnvelope(doc);
    expect(brief(envelope)).toEqual([
      { path: 'schemaVersion', code: 'missing_field' },
      { path: 'extra', code: 'unknown_field' },
    ]);
    expect(envelope.every((i) => i.eventIndex === undefined)).toBe(true);
    const perEvent = documentEvents(doc).map((e, i) => validateEpcisEvent(e, joinPath('epcisBody.eventList', i), { eventIndex: i }));
    expect(perEvent.map(brief)).toEqual([[], [{ path: 'epcisBody.eventList[1].eventTimeZoneOffset', code: 'bad_timezone_offset' }]]);
    const whole = validateEpcisDocument(doc);
    expect(whole.ok ? [] : whole.errors).toEqual([...envelope, ...perEvent.flat()]);
    expect(whole.ok ? [] : whole.errors.map((i) => i.eventIndex)).toEqual([undefined, undefined, 1]);
  });

  it('names the document type and the body structure', () => {
    expect(brief(validateEpcisEnvelope({ type: 'Nope' }))).toEqual([{ path: 'type', code: 'bad_document_type' }]);
    expect(brief(validateEpcisEnvelope({}))).toEqual([{ path: 'type', code: 'missing_field' }]);
    expect(brief(validateEpcisEnvelope([]))).toEqual([{ path: '', code: 'schema_type' }]);
    expect(brief(validateEpcisEnvelope(documentWith([], { epcisBody: {} })))).toEqual([{ path: 'epcisBody.eventList', code: 'missing_field' }]);
    expect(brief(validateEpcisEnvelope(documentWith([], { epcisBody: { eventList: {} } })))).toEqual([{ path: 'epcisBody.eventList', code: 'schema_type' }]);
    const query = readFixture('EPCISQueryDocument.jsonld');
    const events = documentEvents(query);
    events[0] = objectEvent({ type: 'FooEvent' });
    expect(validateEpcisDocument(query)).toMatchObject({ ok: false, errors: [{ path: 'epcisBody.queryResults.resultsBody.eventList[0].type', code: 'unknown_event_type', eventIndex: 0 }] });
  });
});

describe('EPCIS issue messages', () => {
  it('has a message for every code in both languages, with exactly its parameters', () => {
    const placeholders = (s: string | undefined) => [...(s ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const code of EPCIS_ISSUE_CODES) {
      const key = epcisIssueMessageKey(code);
      const expected = ['path', ...EPCIS_ISSUE_PARAMS[code]].sort();
      expect(placeholders((en as Record<string, string>)[key]), `en ${key}`).toEqual(expected);
      expect(placeholders((zhCN as Record<string, string>)[key]), `zh-CN ${key}`).toEqual(expected);
    }
  });

  it('renders an issue in both languages', () => {
    const [issue] = validateEpcisEvent(objectEvent({ eventTimeZoneOffset: '+15:00' }), 'epcisBody.eventList[0]');
    if (!issue) throw new Error('expected an issue');
    const { key, params } = epcisIssueMessage(issue);
    expect(t('en', key, params)).toBe('epcisBody.eventList[0].eventTimeZoneOffset: "+15:00" is not a time-zone offset; expected ±hh:mm from -14:00 to +14:00, e.g. +08:00.');
    expect(t('zh-CN', key, params)).toBe('epcisBody.eventList[0].eventTimeZoneOffset：「+15:00」不是有效的时区偏移；应为 ±hh:mm，范围 -14:00 至 +14:00，例如 +08:00。');
  });
});
