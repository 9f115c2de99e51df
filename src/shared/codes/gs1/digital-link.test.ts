import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../gtin.ts';
import { randomBelow, randomString, seededRandomSource } from '../random-source.ts';
import { gs1ExampleElements } from './ai-example.ts';
import { isDigitalLinkPrimaryKey } from './ai-table.ts';
import { GS1_AI_TABLE } from './ai-table.generated.ts';
import { CSET82 } from './code-lists.ts';
import {
  DEFAULT_DIGITAL_LINK_BASE,
  digitalLinkToElementString,
  elementStringToDigitalLink,
  formatDigitalLink,
  normaliseDigitalLinkBase,
  parseDigitalLink,
  percentEncodeDigitalLinkValue,
} from './digital-link.ts';
import type { Gs1Element } from './elements.ts';

const now = new Date('2026-06-15T00:00:00Z');
const opts = { now };

function linkOf(uri: string) {
  const r = parseDigitalLink(uri, opts);
  if (!r.ok) throw new Error(`${uri}: ${r.error.message}`);
  return r.value;
}

function errorOf(uri: string) {
  const r = parseDigitalLink(uri, opts);
  if (r.ok) throw new Error(`${uri} was accepted`);
  return r.error;
}

describe('parsing GS1 Digital Link URIs', () => {
  it('reads the policy.md §2.1 examples', () => {
    expect(linkOf('https://id.gs1.org/01/09521234543213/10/ABC123/21/12345')).toEqual({
      base: 'https://id.gs1.org',
      path: [
        { ai: '01', value: '09521234543213' },
        { ai: '10', value: 'ABC123' },
        { ai: '21', value: '12345' },
      ],
      attributes: [],
      otherQuery: [],
      elements: [
        { ai: '01', value: '09521234543213' },
        { ai: '10', value: 'ABC123' },
        { ai: '21', value: '12345' },
      ],
    });
    expect(linkOf('https://id.gs1.org/01/09521234543213/10/ABC123?17=261231').attributes).toEqual([{ ai: '17', value: '261231' }]);
  });

  it('works on any domain and path prefix, with a port, and keeps non-AI query parameters and the fragment', () => {
    const link = linkOf('https://trace.example.cn:8443/a/b/01/09520123456788/21/X1?linkType=gs1:pip&17=261231&context=cn#top');
    expect(link.base).toBe('https://trace.example.cn:8443/a/b');
    expect(link.elements).toEqual([
      { ai: '01', value: '09520123456788' },
      { ai: '21', value: 'X1' },
      { ai: '17', value: '261231' },
    ]);
    expect(link.otherQuery).toEqual(['linkType=gs1:pip', 'context=cn']);
    expect(link.fragment).toBe('top');
    // A fake AI in the stem is not taken for the key: the rightmost key wins.
    expect(linkOf('https://a.example/01/x/01/09520123456788').base).toBe('https://a.example/01/x');
  });

  it('decodes percent-encoded lots and serials ("+" is literal in the path, a space in the query)', () => {
    expect(linkOf('https://id.gs1.org/01/09520123456788/10/AB%2F12%25%26/21/A%3Fb').path).toEqual([
      { ai: '01', value: '09520123456788' },
      { ai: '10', value: 'AB/12%&' },
      { ai: '21', value: 'A?b' },
    ]);
    expect(linkOf('https://a.example/01/12312312312333/22/ABC+123?99=ABC&98=XYZ%2f987').elements).toEqual([
      { ai: '01', value: '12312312312333' },
      { ai: '22', value: 'ABC+123' },
      { ai: '99', value: 'ABC' },
      { ai: '98', value: 'XYZ/987' },
    ]);
    expect(errorOf('https://a.example/01/12312312312333?98=XYZ+987')).toMatchObject({ code: 'gs1_invalid_character', ai: '98', position: 43 });
  });

  it('normalises a GTIN-8, -12 or -13 in the path or query to 14 digits', () => {
    expect(linkOf('https://brand.example.com/01/6901234567892').elements).toEqual([{ ai: '01', value: '06901234567892' }]);
    expect(linkOf('https://a.example/01/036000291452').elements).toEqual([{ ai: '01', value: '00036000291452' }]);
    expect(linkOf('https://a.example/01/96385074').elements).toEqual([{ ai: '01', value: '00000096385074' }]);
    expect(linkOf('https://a.example/8004/9520614141234567?01=6901234567892').attributes).toEqual([{ ai: '01', value: '06901234567892' }]);
    expect(errorOf('https://a.example/01/6901234567893')).toMatchObject({ code: 'gs1_check_digit', position: 34, expected: '2' });
  });

  it('reads other primary keys and their qualifiers', () => {
    expect(linkOf('https://id.gs1.org/00/952012345678912345?02=09520123456788&37=25&10=ABC123').elements).toHaveLength(4);
    expect(linkOf('https://id.gs1.org/414/9520123456788/254/32a%2Fb').path).toEqual([
      { ai: '414', value: '9520123456788' },
      { ai: '254', value: '32a/b' },
    ]);
    expect(linkOf('https://id.gs1.org/8018/123456789012345675/8019/123').path).toHaveLength(2);
    expect(linkOf('https://id.gs1.org/253/1231231231232TEST5678901234567').path).toHaveLength(1);
    expect(linkOf('https://id.gs1.org/01/09520123456788/235/XYZ?10=ABC123').attributes).toEqual([{ ai: '10', value: 'ABC123' }]);
  });

  it('rejects what the GS1 Syntax Engine rejects, saying where', () => {
    expect(errorOf('ftp://a.example/01/09520123456788')).toMatchObject({ code: 'dl_bad_scheme', position: 1 });
    expect(errorOf('https://a.example')).toMatchObject({ code: 'dl_no_path' });
    expect(errorOf('https:///01/09520123456788')).toMatchObject({ code: 'dl_no_domain', position: 9 });
    expect(errorOf('https://a_b.example/01/09520123456788')).toMatchObject({ code: 'dl_bad_domain', position: 10 });
    expect(errorOf('https://a.example/01/12312312312333<bad')).toMatchObject({ code: 'dl_bad_character', position: 36 });
    expect(errorOf('https://a.example/stem/00/006141411234567890/')).toMatchObject({ code: 'dl_trailing_slash', position: 45 });
    expect(errorOf('https://a.example/gtin/09520123456788')).toMatchObject({ code: 'dl_no_primary_key' });
    expect(errorOf('https://a.example/01//09520123456788')).toMatchObject({ code: 'dl_no_primary_key' });
    expect(errorOf('https://a.example/01/09520123456788/10/')).toMatchObject({ code: 'dl_trailing_slash' });
    expect(errorOf('https://a.example/01/1231231231233%003')).toMatchObject({ code: 'dl_null_character', position: 35 });
    expect(errorOf('https://a.example/01/09520123456788/10/A%2')).toMatchObject({ code: 'dl_bad_percent_encoding', position: 41 });
    expect(errorOf('https://a.example/01/09520123456788?99=ABC&999=faux')).toMatchObject({ code: 'dl_unknown_ai', position: 44 });
    expect(errorOf('https://a.example/01/09520123456788?99=')).toMatchObject({ code: 'dl_empty_value', ai: '99' });
    expect(errorOf('https://a.example/01/09520123456788/89/ABC')).toMatchObject({ code: 'dl_no_primary_key' });
  });

  it('enforces the key-qualifier order of the dictionary', () => {
    expect(errorOf('https://id.gs1.org/01/09520123456788/21/1/10/2')).toMatchObject({ code: 'dl_bad_qualifiers', ai: '21', position: 38 });
    expect(errorOf('https://id.gs1.org/01/09520123456788/10/1/235/2')).toMatchObject({ code: 'dl_bad_qualifiers' });
    expect(errorOf('https://id.gs1.org/00/952012345678912345/10/1')).toMatchObject({ code: 'dl_bad_qualifiers' });
  });

  it('checks query attributes: permitted, not a path qualifier, not repeated', () => {
    expect(errorOf('https://example.com/01/09520123456788?10=ABC123')).toMatchObject({ code: 'dl_attribute_in_path', ai: '10', position: 39 });
    expect(errorOf('https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&10=ABC123')).toMatchObject({ code: 'dl_duplicate_ai', ai: '10' });
    expect(errorOf('https://id.gs1.org/01/09520123456788?99=A&99=A')).toMatchObject({ code: 'dl_duplicate_ai', ai: '99' });
    expect(errorOf('https://id.gs1.org/01/09520123456788?8200=http')).toMatchObject({ code: 'dl_not_attribute', ai: '8200' });
    expect(errorOf('https://id.gs1.org/01/09520123456788?17=261331')).toMatchObject({ code: 'gs1_illegal_month', ai: '17', position: 43 });
  });
});

describe('building Digital Links', () => {
  it('puts the key and the longest qualifier sequence in the path, the rest in the query', () => {
    const els = [
      { ai: '17', value: '261231' },
      { ai: '21', value: 'S/1' },
      { ai: '01', value: '06901234567892' },
      { ai: '10', value: 'L 1'.replace(' ', '%') },
    ];
    expect(formatDigitalLink(els, 'https://trace.example.cn/', opts)).toEqual({ ok: true, value: 'https://trace.example.cn/01/06901234567892/10/L%251/21/S%2F1?17=261231' });
    expect(formatDigitalLink([{ ai: '01', value: '06901234567892' }], undefined, opts)).toEqual({ ok: true, value: 'https://id.gs1.org/01/06901234567892' });
    expect(DEFAULT_DIGITAL_LINK_BASE).toBe('https://id.gs1.org');
  });

  it('refuses data without a primary key, or with an AI that cannot be an attribute', () => {
    expect(formatDigitalLink([{ ai: '02', value: '06901234567892' }, { ai: '37', value: '1' }, { ai: '00', value: '106141411234567897' }], undefined, opts)).toMatchObject({ ok: true });
    expect(formatDigitalLink([{ ai: '90', value: 'X' }], undefined, opts)).toMatchObject({ ok: false, error: { code: 'dl_no_primary_key' } });
    expect(formatDigitalLink([{ ai: '01', value: '06901234567892' }, { ai: '8200', value: 'http' }], undefined, opts)).toMatchObject({ ok: false, error: { code: 'dl_not_attribute', ai: '8200' } });
    expect(formatDigitalLink([{ ai: '01', value: '06901234567893' }], undefined, opts)).toMatchObject({ ok: false, error: { code: 'gs1_check_digit' } });
    expect(formatDigitalLink([{ ai: '01', value: '06901234567892' }], 'ftp://x', opts)).toMatchObject({ ok: false, error: { code: 'dl_bad_base' } });
  });

  it('normalises bases and percent-encodes everything but unreserved characters', () => {
    expect(normaliseDigitalLinkBase('HTTPS://Trace.example.cn/yima//')).toEqual({ ok: true, value: 'https://Trace.example.cn/yima' });
    expect(normaliseDigitalLinkBase('https://x.cn/?a=1')).toMatchObject({ ok: false });
    expect(percentEncodeDigitalLinkValue(CSET82)).toBe(
      '%21%22%25%26%27%28%29%2A%2B%2C-.%2F0123456789%3A%3B%3C%3D%3E%3FABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz',
    );
  });

  it('converts to and from element strings', () => {
    expect(digitalLinkToElementString('https://id.gs1.org/01/09521234543213/10/ABC123?17=261231', opts)).toEqual({ ok: true, value: '(01)09521234543213(10)ABC123(17)261231' });
    expect(elementStringToDigitalLink(']d2010952123454321317261231' + '10ABC123', 'https://trace.example.cn', opts)).toEqual({
      ok: true,
      value: 'https://trace.example.cn/01/09521234543213/10/ABC123?17=261231',
    });
  });
});

describe('format ∘ parse is the identity', () => {
  it('for every AI of the dictionary that a Digital Link can carry', () => {
    let carried = 0;
    for (const seed of [7, 8]) {
      const random = seededRandomSource(seed);
      for (const entry of GS1_AI_TABLE) {
        const els = gs1ExampleElements(entry.ai, random) ?? [];
        const uri = formatDigitalLink(els, 'https://trace.example.cn/p', opts);
        if (!uri.ok) {
          // Only data without a primary key, or with an AI that is neither a qualifier nor an attribute, has no Digital Link.
          expect(['dl_no_primary_key', 'dl_not_attribute'], `${entry.ai}: ${uri.error.message}`).toContain(uri.error.code);
          continue;
        }
        const back = parseDigitalLink(uri.value, opts);
        expect(back.ok, `${uri.value}: ${back.ok ? '' : back.error.message}`).toBe(true);
        if (!back.ok) continue;
        const sort = (xs: readonly Gs1Element[]) => [...xs].sort((a, b) => a.ai.localeCompare(b.ai));
        expect(sort(back.value.elements)).toEqual(sort(els));
        expect(formatDigitalLink(back.value.elements, back.value.base, opts)).toEqual(uri);
        carried++;
      }
    }
    expect(carried).toBeGreaterThan(GS1_AI_TABLE.length);
    expect(GS1_AI_TABLE.filter((e) => isDigitalLinkPrimaryKey(e.ai)).map((e) => e.ai)).toEqual(
      expect.arrayContaining(['00', '01', '253', '255', '401', '402', '414', '415', '417', '8003', '8004', '8006', '8010', '8013', '8017', '8018']),
    );
  });

  it('for random GTIN links with lots and serials drawn from all of CSET 82', () => {
    const random = seededRandomSource(99);
    for (let n = 0; n < 300; n++) {
      const body = randomString(random, '0123456789', 13);
      const els: Gs1Element[] = [{ ai: '01', value: body + gs1CheckDigit(body) }];
      if (randomBelow(random, 2)) els.push({ ai: '22', value: randomString(random, CSET82, 1 + randomBelow(random, 20)) });
      if (randomBelow(random, 2)) els.push({ ai: '10', value: randomString(random, CSET82, 1 + randomBelow(random, 20)) });
      if (randomBelow(random, 2)) els.push({ ai: '21', value: randomString(random, CSET82, 1 + randomBelow(random, 20)) });
      if (randomBelow(random, 2)) els.push({ ai: '17', value: '2612' + String(1 + randomBelow(random, 28)).padStart(2, '0') });
      const uri = formatDigitalLink(els, 'https://id.gs1.org', opts);
      if (!uri.ok) throw new Error(uri.error.message);
      expect(parseDigitalLink(uri.value, opts)).toMatchObject({ ok: true, value: { elements: els } });
    }
  });
});
