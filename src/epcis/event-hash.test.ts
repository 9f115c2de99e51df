import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIdentifierUri, contextPrefixes, type EpcisEventJson, eventHash, eventPreHashString } from './event-hash.ts';

const fixtures = fileURLToPath(new URL('../../test/fixtures/epcis-hash/', import.meta.url));

interface Vector {
  readonly file: string;
  readonly index: number;
  readonly event: EpcisEventJson;
  readonly context: Record<string, string>;
  readonly expected: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function eventsOf(doc: Record<string, unknown>): EpcisEventJson[] {
  const body = doc.epcisBody;
  if (!isObject(body)) throw new Error('no epcisBody');
  const results = body.queryResults;
  const list = isObject(results) && isObject(results.resultsBody) ? results.resultsBody.eventList : body.eventList;
  if (!Array.isArray(list)) throw new Error('no eventList');
  return list.filter(isObject);
}

const vectors: Vector[] = readdirSync(fixtures)
  .filter((f) => /\.json(ld)?$/.test(f))
  .sort()
  .flatMap((file) => {
    const doc: unknown = JSON.parse(readFileSync(fixtures + file, 'utf8'));
    if (!isObject(doc)) throw new Error(`${file}: not an object`);
    const expected = readFileSync(fixtures + file.replace(/\.json(ld)?$/, '.hashes'), 'utf8').trim().split('\n');
    const events = eventsOf(doc);
    if (events.length !== expected.length) throw new Error(`${file}: ${events.length} events, ${expected.length} hashes`);
    const context = contextPrefixes(doc['@context']);
    return events.map((event, index) => ({ file, index, event, context, expected: expected[index] ?? '' }));
  });

describe('eventHash — reference vectors (RalphTro/epcis-event-hash-generator, CBV 2.0)', () => {
  it('has the vendored vectors', () => {
    expect(vectors.length).toBe(45);
  });

  it.each(vectors.map((v) => [`${v.file}#${v.index}`, v] as const))('matches %s', (_name, v) => {
    expect(eventHash(v.event, v.context)).toBe(v.expected);
  });
});

// README "Worked example 3" of the reference implementation (CBV 2.0 pre-hash string).
const EXAMPLE3: EpcisEventJson = {
  type: 'ObjectEvent',
  eventTime: '2020-03-04T11:00:30+01:00',
  eventTimeZoneOffset: '+01:00',
  epcList: ['urn:epc:id:sgtin:0614141.011111.987'],
  action: 'OBSERVE',
  bizStep: 'departing',
  disposition: 'in_transit',
  readPoint: { id: 'urn:epc:id:sgln:4012345.00011.0', 'example:myField1': 'AB-12' },
  bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epc:id:gdti:4012345.11111.123' }],
  sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:4012345.00000' }],
  destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:0614141.00000' }],
  'example:userExt': 'CD-34',
};
const EXAMPLE_CONTEXT = { example: 'https://ns.example.com/epcis/' };

describe('eventPreHashString', () => {
  it('writes the canonical property order, type before ID, and CBV 2.0 trailing field extensions', () => {
    expect(eventPreHashString(EXAMPLE3, EXAMPLE_CONTEXT)).toBe(
      [
        'eventType=ObjectEvent',
        'eventTime=2020-03-04T10:00:30.000Z',
        'eventTimeZoneOffset=+01:00',
        'epcList',
        'epc=https://id.gs1.org/01/00614141111114/21/987',
        'action=OBSERVE',
        'bizStep=https://ref.gs1.org/cbv/BizStep-departing',
        'disposition=https://ref.gs1.org/cbv/Disp-in_transit',
        'readPoint',
        'id=https://id.gs1.org/414/4012345000115',
        'bizTransactionList',
        'type=https://ref.gs1.org/cbv/BTT-po',
        'bizTransaction=https://id.gs1.org/253/4012345111118123',
        'sourceList',
        'type=https://ref.gs1.org/cbv/SDT-owning_party',
        'source=https://id.gs1.org/417/4012345000009',
        'destinationList',
        'type=https://ref.gs1.org/cbv/SDT-owning_party',
        'destination=https://id.gs1.org/417/0614141000005',
        'readPoint',
        '{https://ns.example.com/epcis/}myField1=AB-12',
        '{https://ns.example.com/epcis/}userExt=CD-34',
      ].join(''),
    );
  });

  it('leaves out recordTime, eventID, errorDeclaration and certificationInfo', () => {
    const withMeta = {
      ...EXAMPLE3,
      recordTime: '2024-01-01T00:00:00Z',
      eventID: 'urn:uuid:6d3c0e4a-1d1e-4a4b-9b43-5f9d2b8b0a11',
      errorDeclaration: { declarationTime: '2024-01-02T00:00:00Z', reason: 'incorrect_data' },
      certificationInfo: 'https://cert.example.cn/CCC-2024-001',
    };
    expect(eventHash(withMeta, EXAMPLE_CONTEXT)).toBe(eventHash(EXAMPLE3, EXAMPLE_CONTEXT));
  });

  it('rounds timestamps half-up to milliseconds and writes them in UTC', () => {
    const at = (eventTime: string) => eventPreHashString({ type: 'ObjectEvent', eventTime, action: 'OBSERVE' });
    expect(at('2023-01-18T11:04:03.1415Z')).toContain('eventTime=2023-01-18T11:04:03.142Z');
    expect(at('2023-01-18T11:04:03.1414Z')).toContain('eventTime=2023-01-18T11:04:03.141Z');
    expect(at('2023-12-31T23:59:59.9996+00:00')).toContain('eventTime=2024-01-01T00:00:00.000Z');
    expect(at('2005-04-03T20:33:31.116000-06:00')).toContain('eventTime=2005-04-04T02:33:31.116Z');
    expect(at('2020-01-01T08:00:00+08:00')).toContain('eventTime=2020-01-01T00:00:00.000Z');
  });

  it('writes numbers without trailing zeros or a plus sign', () => {
    const q = (quantity: number | string) =>
      eventPreHashString({ type: 'ObjectEvent', action: 'OBSERVE', quantityList: [{ epcClass: 'urn:example:c', quantity }] });
    expect(q(25.0)).toContain('quantity=25action');
    expect(q('25.000')).toContain('quantity=25');
    expect(q('0.50')).toContain('quantity=0.5');
    expect(q('+7')).toContain('quantity=7');
    expect(q('1.5e2')).toContain('quantity=150');
  });

  it('expands GS1 CURIEs and bare sensor vocabulary, leaves other CURIEs alone', () => {
    const s = eventPreHashString(
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        sensorElementList: [
          { sensorReport: [{ type: 'gs1:Temperature', exception: 'ALARM_CONDITION', component: 'x', value: 4 }, { type: 'cn:Odour' }] },
        ],
      },
      { cn: 'https://ns.example.cn/' },
    );
    expect(s).toContain('sensorElementsensorReporttype=cn:Odour');
    expect(s).toContain(
      'sensorReporttype=https://ref.gs1.org/voc/Temperatureexception=https://ref.gs1.org/voc/ALARM_CONDITIONvalue=4component=https://ref.gs1.org/cbv/Comp-x',
    );
    expect(s).not.toContain('sensorElementList');
  });

  it('rejects an event without a type', () => {
    expect(() => eventHash({ eventTime: '2020-01-01T00:00:00Z' })).toThrow(TypeError);
  });
});

describe('eventHash — properties', () => {
  const base: EpcisEventJson = {
    type: 'ObjectEvent',
    eventTime: '2024-05-06T07:08:09.123+08:00',
    eventTimeZoneOffset: '+08:00',
    epcList: [
      'urn:epc:id:sgtin:6901234.056789.1001',
      'urn:epc:id:sgtin:6901234.056789.1002',
      'https://id.gs1.org/01/06901234567892/21/1003',
    ],
    quantityList: [
      { epcClass: 'urn:epc:class:lgtin:6901234.056789.L1', quantity: 10, uom: 'KGM' },
      { epcClass: 'urn:epc:class:lgtin:6901234.056789.L2', quantity: 2.5, uom: 'KGM' },
    ],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: { id: 'urn:epc:id:sgln:6901234.00001.0', 'cn:gate': 'B2' },
    bizTransactionList: [
      { type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:6901234000014:PO-1' },
      { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:6901234000014:ASN-9' },
    ],
    sourceList: [
      { type: 'owning_party', source: 'urn:epc:id:pgln:6901234.00000' },
      { type: 'location', source: 'urn:epc:id:sgln:6901234.00001.0' },
    ],
    sensorElementList: [
      { sensorMetadata: { time: '2024-05-06T07:00:00+08:00' }, sensorReport: [{ type: 'Temperature', value: 4.5, uom: 'CEL' }, { type: 'RelativeHumidity', value: 61, uom: 'P1' }] },
      { sensorMetadata: { time: '2024-05-06T06:00:00+08:00' }, sensorReport: [{ type: 'Temperature', value: 3.9, uom: 'CEL' }] },
    ],
    ilmd: { 'cbvmda:lotNumber': 'L1', 'cn:batchNo': ['B-1', 'B-2'] },
    'cn:inspection': { 'cn:result': 'pass', 'cn:codes': ['A', 'C', 'B'] },
  };
  const ctx = { cn: 'https://ns.example.cn/epcis/' };
  const expected = eventHash(base, ctx);

  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const out = [...items];
    let s = seed >>> 0 || 1;
    for (let i = out.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      const a = out[i];
      const b = out[j];
      if (a !== undefined && b !== undefined) {
        out[i] = b;
        out[j] = a;
      }
    }
    return out;
  }

  /** The same JSON with object keys (and, if `lists`, every array) in a seeded random order. */
  function reorder(value: unknown, seed: number, lists: boolean): unknown {
    if (Array.isArray(value)) {
      const items = value.map((v, i) => reorder(v, seed + i + 1, lists));
      return lists ? shuffled(items, seed) : items;
    }
    if (isObject(value)) {
      const entries = shuffled(Object.entries(value), seed).map(([k, v], i) => [k, reorder(v, seed * 31 + i, lists)] as const);
      return Object.fromEntries(entries);
    }
    return value;
  }

  it('does not depend on JSON key order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const event = reorder(base, seed, false);
        return isObject(event) && eventHash(event, ctx) === expected;
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of list items (every list in this event is sorted by the algorithm)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const event = reorder(base, seed, true);
        return isObject(event) && eventHash(event, ctx) === expected;
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on how identifiers, vocabulary and times are spelled', () => {
    const respelled: EpcisEventJson = {
      ...base,
      eventTime: '2024-05-05T23:08:09.123Z',
      epcList: [
        'https://id.gs1.org/01/06901234567892/21/1001',
        'https://trace.example.cn/01/6901234567892/21/1002?17=261231',
        'urn:epc:id:sgtin:6901234.056789.1003',
      ],
      bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
      disposition: 'https://ref.gs1.org/cbv/Disp-in_transit',
      readPoint: { id: 'https://id.gs1.org/414/6901234000016', 'cn:gate': 'B2' },
      bizTransactionList: [
        { bizTransaction: 'urn:epcglobal:cbv:bt:6901234000014:PO-1', type: 'urn:epcglobal:cbv:btt:po' },
        { type: 'cbv:BTT-desadv', bizTransaction: 'urn:epcglobal:cbv:bt:6901234000014:ASN-9' },
      ],
    };
    expect(eventHash(respelled, ctx)).toBe(expected);
  });

  it('changes when eventTime changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (deltaMs) => {
        const t = new Date(Date.parse('2024-05-05T23:08:09.123Z') + deltaMs).toISOString();
        return eventHash({ ...base, eventTime: t }, ctx) !== expected;
      }),
      { numRuns: 100 },
    );
  });

  it('changes when any standard value or extension changes', () => {
    expect(eventHash({ ...base, bizStep: 'receiving' }, ctx)).not.toBe(expected);
    expect(eventHash({ ...base, epcList: ['urn:epc:id:sgtin:6901234.056789.1001'] }, ctx)).not.toBe(expected);
    expect(eventHash({ ...base, readPoint: { id: 'urn:epc:id:sgln:6901234.00001.0' } }, ctx)).not.toBe(expected);
    expect(eventHash({ ...base, 'cn:inspection': { 'cn:result': 'fail', 'cn:codes': ['A', 'C', 'B'] } }, ctx)).not.toBe(expected);
    expect(eventHash({ ...base, ilmd: { 'cbvmda:lotNumber': 'L2', 'cn:batchNo': ['B-1', 'B-2'] } }, ctx)).not.toBe(expected);
    expect(eventHash({ ...base, eventTimeZoneOffset: '+00:00' }, ctx)).not.toBe(expected);
    expect(eventHash(base, { cn: 'https://other.example.cn/' })).not.toBe(expected);
  });

  it('is the ni URI of a lowercase SHA-256 hex digest', () => {
    expect(expected).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
  });
});

describe('canonicalIdentifierUri', () => {
  it.each([
    ['urn:epc:id:sgtin:0614141.107346.2017', 'https://id.gs1.org/01/10614141073464/21/2017'],
    ['urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()', 'https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29'],
    ['urn:epc:id:sscc:0614141.1234567890', 'https://id.gs1.org/00/106141412345678908'],
    ['urn:epc:id:sgln:0614141.07346.1234', 'https://id.gs1.org/414/0614141073467/254/1234'],
    ['urn:epc:id:sgln:4012345.00005.0', 'https://id.gs1.org/414/4012345000054'],
    ['urn:epc:id:pgln:999999999999.', 'https://id.gs1.org/417/9999999999994'],
    ['urn:epc:id:gdti:987659999999..9', 'https://id.gs1.org/253/98765999999929'],
    ['urn:epc:class:lgtin:4012345.012345.998877', 'https://id.gs1.org/01/04012345123456/10/998877'],
    ['urn:epc:idpat:sgtin:4012345.098765.*', 'https://id.gs1.org/01/04012345987652'],
    ['urn:epc:id:itip:4012345.011111.01.02.987', 'https://id.gs1.org/8006/040123451111180102/21/987'],
    ['https://id.gs1.org/gtin/09780345418913', 'https://id.gs1.org/01/09780345418913'],
    ['https://example.com/shop/01/9780345418913/10/A1/21/7?17=261231', 'https://id.gs1.org/01/09780345418913/21/7'],
    ['https://example.com/01/09780345418913/22/2A/21/7', 'https://id.gs1.org/01/09780345418913/21/7'],
  ])('%s → %s', (input, output) => {
    expect(canonicalIdentifierUri(input)).toBe(output);
  });

  it.each(['urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8', 'https://example.com/po/12345678', 'urn:epcglobal:cbv:bt:0614141073467:1152', 'geo:50.9,6.9'])(
    'leaves %s alone',
    (input) => {
      expect(canonicalIdentifierUri(input)).toBeUndefined();
    },
  );
});

describe('contextPrefixes', () => {
  it('collects prefix declarations from a context array and skips remote contexts and keywords', () => {
    expect(
      contextPrefixes([
        'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
        { example: 'https://ns.example.com/epcis/', '@vocab': 'https://x.example/' },
        { cn: { '@id': 'https://ns.example.cn/' }, weird: 42 },
      ]),
    ).toEqual({ example: 'https://ns.example.com/epcis/', cn: 'https://ns.example.cn/' });
  });
});
