import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSET82 } from '../shared/codes/gs1/code-lists.ts';
import { formatDigitalLink } from '../shared/codes/gs1/digital-link.ts';
import { formatGs1Bracketed } from '../shared/codes/gs1/element-string.ts';
import type { Gs1Element } from '../shared/codes/gs1/elements.ts';
import { gs1CheckDigit } from '../shared/codes/gtin.ts';
import { formatAnyEpcUrn, parseAnyEpcUrn } from '../shared/codes/gs1/epc-urn.ts';
import { type EpcMatch, epcKey, epcPatternPrefix, formatEpcAs, slowEpcKey, translateEventIdentifiers } from './epc-key.ts';
import { documentEvents, validateEpcisEvent } from './epcis-validate.ts';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/epcis/', import.meta.url));
const fixtureEvents: Record<string, unknown>[] = (readdirSync(FIXTURES, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.jsonld'))
  .sort()
  .flatMap((f) => documentEvents(JSON.parse(readFileSync(FIXTURES + f, 'utf8'))) as Record<string, unknown>[]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Every identifier of an event that `translateEventIdentifiers` looks at. */
function identifiersOf(event: Record<string, unknown>): string[] {
  const out = [...strings(event.epcList), ...strings(event.childEPCs), ...strings(event.inputEPCList), ...strings(event.outputEPCList), ...strings(event.parentID)];
  for (const list of ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']) {
    const v = event[list];
    if (Array.isArray(v)) for (const q of v) if (isRecord(q)) out.push(...strings(q.epcClass));
  }
  for (const [list, field] of [
    ['sourceList', 'source'],
    ['destinationList', 'destination'],
  ] as const) {
    const v = event[list];
    if (Array.isArray(v)) for (const s of v) if (isRecord(s)) out.push(...strings(s[field]));
  }
  for (const where of ['readPoint', 'bizLocation']) {
    const v = event[where];
    if (isRecord(v)) out.push(...strings(v.id));
  }
  return out;
}

const fixtureIds = [...new Set(fixtureEvents.flatMap(identifiersOf))].sort();
const fixtureUrns = fixtureIds.filter((id) => parseAnyEpcUrn(id).ok);

/** The company-prefix lengths the fixtures' URNs declare, as a look-up (what an enterprise registry would give). */
const knownPrefixes = [
  ...new Set(
    fixtureUrns.flatMap((u) => {
      const parsed = parseAnyEpcUrn(u);
      return parsed.ok ? [parsed.value.companyPrefix] : [];
    }),
  ),
];
const prefixLength = (digits: string) => knownPrefixes.filter((p) => digits.startsWith(p)).sort((a, b) => b.length - a.length)[0]?.length;

/** SQL LIKE with `\` as escape character, as PostgreSQL reads it. */
function likeMatches(pattern: string, text: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\') re += pattern.charAt(++i).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(text);
}

function matches(m: EpcMatch, key: string): boolean {
  if ('exact' in m) return m.exact === key;
  const like = likeMatches(m.like, key);
  expect(m.regex.test(key), `regex and LIKE agree on ${key}`).toBe(like);
  if (like) expect(key.startsWith(m.prefix)).toBe(true);
  return like;
}

const matchOf = (pattern: string, field: 'epc' | 'epcClass' = 'epc'): EpcMatch => {
  const r = epcPatternPrefix(pattern, field);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('epcKey', () => {
  it('gives one key for an EPC URN, a Digital Link on any domain and an element string', () => {
    const forms = [
      'urn:epc:id:sgtin:0614141.007346.2017',
      'https://id.gs1.org/01/00614141073467/21/2017',
      'https://example.com/01/00614141073467/21/2017',
      'https://example.com/shop/01/614141073467/21/2017',
      'HTTPS://id.gs1.org/01/00614141073467/21/2017',
      '(01)00614141073467(21)2017',
    ];
    for (const f of forms) expect(epcKey(f), f).toBe('(01)00614141073467(21)2017');
  });

  it('takes the indicator digit from the start of the URN item reference (TDS §6.3.1)', () => {
    // urn:epc:id:sgtin:0614141.107346.2017 is GTIN 1 0614141 07346 4, not 00614141073467.
    expect(epcKey('urn:epc:id:sgtin:0614141.107346.2017')).toBe('(01)10614141073464(21)2017');
    expect(epcKey('https://id.gs1.org/01/10614141073464/21/2017')).toBe('(01)10614141073464(21)2017');
  });

  it('keys EPC classes: LGTIN, the GTIN class pattern and GTIN-only Digital Links', () => {
    expect(epcKey('urn:epc:class:lgtin:4012345.012345.998877')).toBe('(01)04012345123456(10)998877');
    expect(epcKey('https://id.gs1.org/01/04012345123456/10/998877')).toBe('(01)04012345123456(10)998877');
    expect(epcKey('urn:epc:idpat:sgtin:4012345.012345.*')).toBe('(01)04012345123456');
    expect(epcKey('https://id.gs1.org/01/04012345123456')).toBe('(01)04012345123456');
    expect(epcKey('https://id.gs1.org/01/4012345123456')).toBe('(01)04012345123456');
  });

  it('keys SSCC, SGLN (with and without extension), GRAI, GIAI, GSRN and PGLN', () => {
    expect(epcKey('urn:epc:id:sscc:0614141.1234567890')).toBe('(00)106141412345678908');
    expect(epcKey('https://example.org/00/106141412345678908')).toBe('(00)106141412345678908');
    expect(epcKey('urn:epc:id:sgln:0614141.07346.1234')).toBe('(414)0614141073467(254)1234');
    expect(epcKey('https://id.gs1.org/414/0614141073467/254/1234')).toBe('(414)0614141073467(254)1234');
    expect(epcKey('urn:epc:id:sgln:0614141.00777.0')).toBe('(414)0614141007776');
    expect(epcKey('https://id.gs1.org/414/0614141007776')).toBe('(414)0614141007776');
    expect(epcKey('urn:epc:id:grai:4012345.00077.8765')).toBe(epcKey('https://id.example.com/8003/040123450007718765'));
    expect(epcKey('urn:epc:id:giai:952005385.w2')).toBe('(8004)952005385w2');
    expect(epcKey('urn:epc:id:gsrn:95252084.000000001')).toBe('(8018)952520840000000010');
    expect(epcKey('urn:epc:id:pgln:0614141.00777')).toBe('(417)0614141007776');
  });

  it('keeps only the EPC identity: no query attributes, serial before lot', () => {
    expect(epcKey('https://id.gs1.org/01/09506000134352/10/L1/21/12345?17=261231&linkType=gs1:pip')).toBe('(01)09506000134352(21)12345');
    expect(epcKey('(01)09506000134352(17)261231(10)L1')).toBe('(01)09506000134352(10)L1');
    expect(epcKey('https://id.gs1.org/01/09506000134352/22/V1')).toBe('(01)09506000134352');
  });

  it('keys Yima /id/ URLs by their scheme canonical form and leaves anything else unchanged', () => {
    expect(epcKey('https://trace.example.cn/id/yima/K7M-QAHCG6K64T2BXK')).toBe('K7M-QAHCG6K64T2BXK');
    expect(epcKey('https://trace.example.cn/id/opaque/acme-mes/WO%2F1')).toBe('opaque:acme-mes:WO/1');
    for (const other of ['urn:example:foo', 'https://example.com/products/42', 'geo:42.698334,23.319941', 'urn:epc:id:gid:95100000.12345.400', 'urn:epc:id:sgtin:06141.1073461.1', 'https://id.gs1.org/01/00614141073468']) {
      expect(epcKey(other), other).toBe(other);
    }
  });
});

describe('epcPatternPrefix (MATCH_* values, EPCIS 2.0 §8.2.7.1.1)', () => {
  it('matches an identifier by its key, whatever its form', () => {
    expect(matchOf('https://example.com/01/00614141073467/21/2017')).toEqual({ exact: '(01)00614141073467(21)2017' });
    expect(matchOf('urn:epc:id:sgtin:0614141.007346.2017')).toEqual({ exact: '(01)00614141073467(21)2017' });
    expect(matchOf('urn:epc:idpat:sgtin:0614141.007346.2017')).toEqual({ exact: '(01)00614141073467(21)2017' });
    expect(matchOf('urn:example:foo')).toEqual({ exact: 'urn:example:foo' });
  });

  it('turns a GTIN pattern into a plain prefix', () => {
    const m = matchOf('urn:epc:idpat:sgtin:0614141.007346.*');
    expect(m).toMatchObject({ prefix: '(01)00614141073467(21)', like: '(01)00614141073467(21)%' });
    expect(matches(m, epcKey('urn:epc:id:sgtin:0614141.007346.2017'))).toBe(true);
    expect(matches(m, epcKey('urn:epc:id:sgtin:0614141.107346.2017'))).toBe(false);
    expect(matches(m, '(01)00614141073467(10)L1')).toBe(false);
    // As an EPC class: the GTIN class and each of its LGTIN classes.
    const cls = matchOf('urn:epc:idpat:sgtin:0614141.007346.*', 'epcClass');
    expect(cls).toMatchObject({ prefix: '(01)00614141073467', like: '(01)00614141073467%' });
    expect(matches(cls, '(01)00614141073467')).toBe(true);
    expect(matches(cls, epcKey('urn:epc:class:lgtin:0614141.007346.L1'))).toBe(true);
  });

  it('matches every GTIN of a company prefix with a LIKE that leaves the indicator digit open', () => {
    const m = matchOf('urn:epc:idpat:sgtin:0614141.*.*');
    expect(m).toMatchObject({ prefix: '(01)', like: '(01)_0614141______(21)%' });
    for (const yes of ['urn:epc:id:sgtin:0614141.007346.1', 'urn:epc:id:sgtin:0614141.912345.A%2FB', 'https://id.gs1.org/01/80614141123458/21/6789']) expect(matches(m, epcKey(yes)), yes).toBe(true);
    for (const no of ['urn:epc:id:sgtin:0614142.007346.1', 'urn:epc:id:sgtin:061414.1007346.1', 'urn:epc:class:lgtin:0614141.007346.1', 'urn:epc:id:sscc:0614141.1234567890']) expect(matches(m, epcKey(no)), no).toBe(false);
    expect(matchOf('urn:epc:idpat:sgtin:0614141.*.*', 'epcClass')).toMatchObject({ prefix: '(01)', like: '(01)_0614141%' });
    expect(matchOf('urn:epc:idpat:sgtin:*.*.*')).toMatchObject({ prefix: '(01)', like: '(01)______________(21)%' });
  });

  it('covers SSCC, SGLN, GRAI and GIAI patterns', () => {
    expect(matches(matchOf('urn:epc:idpat:sscc:0614141.*'), epcKey('urn:epc:id:sscc:0614141.1234567890'))).toBe(true);
    const place = matchOf('urn:epc:idpat:sgln:0614141.07346.*');
    expect(place).toMatchObject({ prefix: '(414)0614141073467' });
    expect(matches(place, epcKey('urn:epc:id:sgln:0614141.07346.0'))).toBe(true);
    expect(matches(place, epcKey('urn:epc:id:sgln:0614141.07346.1234'))).toBe(true);
    expect(matches(matchOf('urn:epc:idpat:sgln:0614141.*.*'), epcKey('urn:epc:id:sgln:0614141.00777.0'))).toBe(true);
    expect(matches(matchOf('urn:epc:idpat:grai:4012345.55555.*'), epcKey('urn:epc:id:grai:4012345.55555.987'))).toBe(true);
    expect(matches(matchOf('urn:epc:idpat:grai:4012345.*.*'), epcKey('urn:epc:id:grai:4012345.55555.987'))).toBe(true);
    expect(matches(matchOf('urn:epc:idpat:giai:952005385.*'), epcKey('urn:epc:id:giai:952005385.w2'))).toBe(true);
    expect(matches(matchOf('urn:epc:idpat:giai:952005386.*'), epcKey('urn:epc:id:giai:952005385.w2'))).toBe(false);
  });

  it('returns an error for a malformed pattern or EPC URN', () => {
    for (const bad of ['urn:epc:idpat:sgtin:0614141.*.5', 'urn:epc:idpat:sgtin:06141.*.*', 'urn:epc:idpat:sgtin:0614141.12.*', 'urn:epc:id:sgtin:0614141', 'urn:epc:idpat:bogus:1.*', 'urn:epc:idpat:gid:1.*.*']) {
      expect(epcPatternPrefix(bad), bad).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^epc_/) } });
    }
  });
});

describe('GS1-EPC-Format translation', () => {
  it('converts between EPC URN and Digital Link', () => {
    expect(formatEpcAs('urn:epc:id:sgtin:0614141.107346.2017', 'Always_GS1_Digital_Link')).toBe('https://id.gs1.org/01/10614141073464/21/2017');
    expect(formatEpcAs('urn:epc:id:sgtin:0614141.107346.2017', 'Always_GS1_Digital_Link', 'https://trace.example.cn/')).toBe('https://trace.example.cn/01/10614141073464/21/2017');
    expect(formatEpcAs('https://example.com/01/10614141073464/21/2017', 'Always_EPC_URN')).toBe('urn:epc:id:sgtin:0614141.107346.2017');
    expect(formatEpcAs('https://id.gs1.org/414/0614141073467/254/1234', 'Always_EPC_URN')).toBe('urn:epc:id:sgln:0614141.07346.1234');
    expect(formatEpcAs('https://id.gs1.org/01/04012345123456', 'Always_EPC_URN')).toBe('urn:epc:idpat:sgtin:4012345.012345.*');
    expect(formatEpcAs('urn:epc:class:lgtin:4012345.012345.998877', 'Always_GS1_Digital_Link')).toBe('https://id.gs1.org/01/04012345123456/10/998877');
  });

  it('uses the company-prefix length given, else 7', () => {
    const dl = 'https://id.gs1.org/8004/952005385w2';
    expect(formatEpcAs(dl, 'Always_EPC_URN')).toBe('urn:epc:id:giai:9520053.85w2');
    expect(formatEpcAs(dl, 'Always_EPC_URN', undefined, { companyPrefixLength: 9 })).toBe('urn:epc:id:giai:952005385.w2');
    expect(formatEpcAs(dl, 'Always_EPC_URN', undefined, { companyPrefixLength: (d) => (d.startsWith('952005385') ? 9 : undefined) })).toBe('urn:epc:id:giai:952005385.w2');
    expect(epcKey(formatEpcAs(dl, 'Always_EPC_URN'))).toBe(epcKey(dl));
  });

  it('leaves identifiers that are not GS1 or cannot be converted, and keeps them under Never_Translates / No_Preference', () => {
    expect(formatEpcAs('https://id.gs1.org/414/0614141073467/254/0', 'Always_EPC_URN')).toBe('https://id.gs1.org/414/0614141073467/254/0');
    expect(formatEpcAs('https://id.gs1.org/8003/04012345555554', 'Always_EPC_URN')).toBe('https://id.gs1.org/8003/04012345555554');
    expect(formatEpcAs('urn:epc:id:gid:95100000.12345.400', 'Always_GS1_Digital_Link')).toBe('urn:epc:id:gid:95100000.12345.400');
    expect(formatEpcAs('geo:42.698334,23.319941', 'Always_EPC_URN')).toBe('geo:42.698334,23.319941');
    for (const f of ['Never_Translates', 'No_Preference'] as const) {
      expect(formatEpcAs('urn:epc:id:sgtin:0614141.107346.2017', f)).toBe('urn:epc:id:sgtin:0614141.107346.2017');
      expect(formatEpcAs('https://id.gs1.org/01/10614141073464/21/2017', f)).toBe('https://id.gs1.org/01/10614141073464/21/2017');
    }
    expect(formatEpcAs('urn:epc:id:sgtin:0614141.107346.2017', 'Always_GS1_Digital_Link', undefined, { onlyLocations: true })).toBe('urn:epc:id:sgtin:0614141.107346.2017');
  });

  it(`round-trips every GS1 URN of the fixtures through Digital Link (${fixtureUrns.length} identifiers)`, () => {
    expect(fixtureUrns.length).toBeGreaterThan(50);
    for (const urn of fixtureUrns) {
      const dl = formatEpcAs(urn, 'Always_GS1_Digital_Link', 'https://trace.example.cn');
      expect(dl, urn).toMatch(/^https:\/\/trace\.example\.cn\//);
      expect(epcKey(dl), urn).toBe(epcKey(urn));
      expect(formatEpcAs(dl, 'Always_EPC_URN', undefined, { companyPrefixLength: prefixLength }), urn).toBe(urn);
    }
    for (const dl of fixtureIds.filter((id) => id.startsWith('https://'))) {
      const urn = formatEpcAs(dl, 'Always_EPC_URN');
      expect(urn, dl).toMatch(/^urn:epc:/);
      expect(epcKey(urn), dl).toBe(epcKey(dl));
      expect(formatEpcAs(urn, 'Always_GS1_Digital_Link', dl.slice(0, dl.indexOf('/', 8))), dl).toBe(dl);
    }
  });

  it('translates every identifier field of the fixture events, on a copy, both ways', () => {
    for (const event of fixtureEvents) {
      const before = structuredClone(event);
      const links = translateEventIdentifiers(event, 'Always_GS1_Digital_Link', 'https://trace.example.cn');
      expect(event).toEqual(before);
      expect(validateEpcisEvent(links)).toEqual([]);
      expect(identifiersOf(links).map(epcKey)).toEqual(identifiersOf(event).map(epcKey));
      expect(identifiersOf(links).filter((id) => id.startsWith('urn:epc:') && !/^urn:epc:id:(gid|usdod|adi|bic|imovn):/.test(id))).toEqual([]);
      const urns = translateEventIdentifiers(links, 'Always_EPC_URN', undefined, { companyPrefixLength: prefixLength });
      expect(identifiersOf(urns).map(epcKey)).toEqual(identifiersOf(event).map(epcKey));
      if (!identifiersOf(event).some((id) => id.startsWith('https://'))) expect(urns).toEqual(event);
      expect(translateEventIdentifiers(event, 'Never_Translates')).toEqual(event);
    }
  });

  it('translates readPoint and bizLocation only when they are locations', () => {
    const event = { type: 'ObjectEvent', readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' }, bizLocation: { id: 'urn:epc:id:sgtin:0614141.107346.2017' } };
    expect(translateEventIdentifiers(event, 'Always_GS1_Digital_Link')).toEqual({
      type: 'ObjectEvent',
      readPoint: { id: 'https://id.gs1.org/414/0614141073467/254/1234' },
      bizLocation: { id: 'urn:epc:id:sgtin:0614141.107346.2017' },
    });
  });
});

describe('properties (fast-check)', () => {
  const params = { seed: 20250901, numRuns: 300 };
  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const cset82 = (max: number) => fc.string({ unit: fc.constantFrom(...CSET82), minLength: 1, maxLength: max });
  const withCheck = (body: string) => body + gs1CheckDigit(body);
  const domain = fc.constantFrom('https://id.gs1.org', 'https://example.com', 'http://trace.example.cn/resolve', 'https://a.b.c');
  const identity: fc.Arbitrary<Gs1Element[]> = fc.oneof(
    fc.tuple(digits(13), cset82(20)).map(([b, s]) => [{ ai: '01', value: withCheck(b) }, { ai: '21', value: s }]),
    fc.tuple(digits(13), cset82(20)).map(([b, s]) => [{ ai: '01', value: withCheck(b) }, { ai: '10', value: s }]),
    digits(13).map((b) => [{ ai: '01', value: withCheck(b) }]),
    digits(17).map((b) => [{ ai: '00', value: withCheck(b) }]),
    fc.tuple(digits(12), fc.option(cset82(20), { nil: undefined })).map(([b, ext]) => [{ ai: '414', value: withCheck(b) }, ...(ext === undefined || ext === '0' ? [] : [{ ai: '254', value: ext }])]),
    fc.tuple(digits(12), cset82(16)).map(([b, s]) => [{ ai: '8003', value: `0${withCheck(b)}${s}` }]),
    fc.tuple(digits(12), cset82(18)).map(([cp, ref]) => [{ ai: '8004', value: cp + ref }]),
    digits(17).map((b) => [{ ai: '8018', value: withCheck(b) }]),
  );

  it('an identity has one key as EPC URN (any company-prefix length), Digital Link (any domain) and element string', () => {
    fc.assert(
      fc.property(identity, fc.integer({ min: 6, max: 12 }), domain, (els, cpl, base) => {
        const key = formatGs1Bracketed(els);
        const urn = formatAnyEpcUrn(els, { companyPrefixLength: cpl });
        const dl = formatDigitalLink(els, base);
        if (!urn.ok || !dl.ok) throw new Error(urn.ok ? (dl.ok ? '' : dl.error.message) : urn.error.message);
        expect(epcKey(urn.value)).toBe(key);
        expect(epcKey(dl.value)).toBe(key);
        expect(epcKey(key)).toBe(key);
        expect(formatEpcAs(dl.value, 'Always_EPC_URN', undefined, { companyPrefixLength: cpl })).toBe(urn.value);
        expect(formatEpcAs(urn.value, 'Always_GS1_Digital_Link', base)).toBe(dl.value);
      }),
      params,
    );
  });

  it('an SGTIN matches the patterns of its GTIN and its company prefix, and not another prefix', () => {
    fc.assert(
      fc.property(digits(13), cset82(20), fc.integer({ min: 6, max: 12 }), (body, serial, cpl) => {
        const gtin = withCheck(body);
        const urn = formatAnyEpcUrn([{ ai: '01', value: gtin }, { ai: '21', value: serial }], { companyPrefixLength: cpl });
        if (!urn.ok) throw new Error(urn.error.message);
        const key = epcKey(urn.value);
        const [cp = '', ref = ''] = urn.value.slice('urn:epc:id:sgtin:'.length).split('.');
        expect(matches(matchOf(`urn:epc:idpat:sgtin:${cp}.${ref}.*`), key)).toBe(true);
        expect(matches(matchOf(`urn:epc:idpat:sgtin:${cp}.*.*`), key)).toBe(true);
        expect(matches(matchOf('urn:epc:idpat:sgtin:*.*.*'), key)).toBe(true);
        const other = `${cp.slice(0, -1)}${(Number(cp.slice(-1)) + 1) % 10}`;
        expect(matches(matchOf(`urn:epc:idpat:sgtin:${other}.*.*`), key)).toBe(false);
        expect(matches(matchOf(`urn:epc:idpat:sgtin:${cp}.${ref}.*`, 'epcClass'), formatGs1Bracketed([{ ai: '01', value: gtin }]))).toBe(true);
      }),
      params,
    );
  });
});

describe('the SGTIN fast path', () => {
  it('gives the key the general parser gives, for every company-prefix length and serial', () => {
    fc.assert(fc.property(
      fc.integer({ min: 6, max: 12 }), fc.stringMatching(/^\d{13}$/), fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
      (cpLength, digits, serial) => {
        const urn = `urn:epc:id:sgtin:${digits.slice(0, cpLength)}.${digits.slice(cpLength)}.${serial}`;
        expect(epcKey(urn)).toBe(slowEpcKey(urn));
      },
    ), { numRuns: 500 });
  });
});
