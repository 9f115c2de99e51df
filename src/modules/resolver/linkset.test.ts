import fs from 'node:fs';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINK_TYPES } from '../links/link-types.ts';
import type { ResolverLink } from '../links/links.schemas.ts';
import { buildLinkset, chooseLink, languageRanges, linkHeader, linksetUrl, relationType } from './linkset.ts';

const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`../../../test/fixtures/resolver/${name}`, import.meta.url), 'utf8')) as object;

// RFC 9264 §4.2 as a JSON schema, independent of GS1's: a `linkset` array of link context objects, each
// with an `anchor` URI and relation types whose values are arrays of target objects with an `href`;
// target attributes `hreflang` an array of strings, `title` and `type` strings (§4.2.4.1–2).
const RFC9264 = {
  type: 'object',
  required: ['linkset'],
  properties: {
    linkset: {
      type: 'array',
      items: {
        type: 'object',
        required: ['anchor'],
        properties: { anchor: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*:' } },
        additionalProperties: {
          anyOf: [
            { type: 'string' },
            {
              type: 'array',
              items: {
                type: 'object',
                required: ['href'],
                properties: { href: { type: 'string' }, title: { type: 'string' }, type: { type: 'string' }, hreflang: { type: 'array', items: { type: 'string' } } },
              },
            },
          ],
        },
      },
    },
  },
};

const ajv = new Ajv({ strict: false, allErrors: true });
const SCHEMAS = {
  'GS1 linkset schema (gs1/linkset, the test suite\'s)': ajv.compile(fixture('gs1-linkset-schema.json')),
  'GS1 linkset schema (ref.gs1.org, Resolver 1.2)': ajv.compile(fixture('ref-gs1-linkset-schema.min.json')),
  'RFC 9264 §4.2': ajv.compile(RFC9264),
};

function expectValid(doc: unknown) {
  for (const [name, validate] of Object.entries(SCHEMAS)) expect(validate(doc), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

const ANCHOR = 'https://yima.example/01/06901234567892/10/L1';
const LINKS: ResolverLink[] = [
  { linkType: 'gs1:safetyInfo', href: 'https://maker.example/lots/L1/safety', title: '本批次安全须知', hreflang: ['zh'], mediaType: 'text/html' },
  { linkType: 'gs1:pip', href: 'https://maker.example/jzt', title: 'Product', hreflang: ['en'], isDefault: true },
  { linkType: 'gs1:pip', href: 'https://maker.example/zh/jzt', title: '产品介绍', hreflang: ['zh-CN'], mediaType: 'text/html' },
  { linkType: 'gs1:instructions', href: 'https://maker.example/manual.pdf', title: '说明书', mediaType: 'application/pdf' },
  { linkType: 'https://gs1.org/voc/traceability', href: 'https://yima.example/01/06901234567892/10/L1?linkType=gs1:traceability', title: '追溯', hreflang: ['und'] },
];

describe('buildLinkset', () => {
  it('builds one link context object with ref.gs1.org relation IRIs, valid against both GS1 linkset schemas and RFC 9264 §4.2', () => {
    const doc = buildLinkset({ anchor: ANCHOR, itemDescription: '家用燃气灶 JZT-2', links: LINKS });
    expectValid(doc);
    expect(doc.linkset).toHaveLength(1);
    const ctx = doc.linkset[0] ?? { anchor: '', itemDescription: '' };
    expect(Object.keys(ctx)).toEqual([
      'anchor', 'itemDescription', 'https://ref.gs1.org/voc/defaultLink', 'https://ref.gs1.org/voc/safetyInfo', 'https://ref.gs1.org/voc/pip',
      'https://ref.gs1.org/voc/instructions', 'https://ref.gs1.org/voc/traceability',
    ]);
    expect(ctx.anchor).toBe(ANCHOR);
    expect(ctx.itemDescription).toBe('家用燃气灶 JZT-2');
    expect(ctx['https://ref.gs1.org/voc/pip']).toEqual([
      { href: 'https://maker.example/jzt', title: 'Product', hreflang: ['en'] },
      { href: 'https://maker.example/zh/jzt', title: '产品介绍', type: 'text/html', hreflang: ['zh-CN'] },
    ]);
    // `und` is not a tag the GS1 schema accepts: left out (as GS1 Resolver CE does).
    expect(ctx['https://ref.gs1.org/voc/traceability']).toEqual([{ href: 'https://yima.example/01/06901234567892/10/L1?linkType=gs1:traceability', title: '追溯' }]);
  });

  it('names exactly one gs1:defaultLink, with a title and nothing else, that is also listed under its link type (Resolver 1.2 §2.5.8)', () => {
    const ctx = buildLinkset({ anchor: ANCHOR, itemDescription: 'x', links: LINKS }).linkset[0];
    // No defaultHref: the gs1:pip link marked default.
    expect(ctx?.['https://ref.gs1.org/voc/defaultLink']).toEqual([{ href: 'https://maker.example/jzt', title: 'Product' }]);
    const chosen = buildLinkset({ anchor: ANCHOR, itemDescription: 'x', links: LINKS, defaultHref: 'https://maker.example/manual.pdf' }).linkset[0];
    expect(chosen?.['https://ref.gs1.org/voc/defaultLink']).toEqual([{ href: 'https://maker.example/manual.pdf', title: '说明书' }]);
    const noPip = buildLinkset({ anchor: ANCHOR, itemDescription: 'x', links: LINKS.filter((l) => l.linkType !== 'gs1:pip') }).linkset[0];
    expect(noPip?.['https://ref.gs1.org/voc/defaultLink']).toEqual([{ href: 'https://maker.example/lots/L1/safety', title: '本批次安全须知' }]);
    expect(() => buildLinkset({ anchor: ANCHOR, itemDescription: 'x', links: LINKS, defaultHref: 'https://elsewhere.example/' })).toThrow(/not one of the links/);
    const empty = buildLinkset({ anchor: ANCHOR, itemDescription: '未登记的码', links: [] });
    expectValid(empty);
    expect(empty).toEqual({ linkset: [{ anchor: ANCHOR, itemDescription: '未登记的码' }] });
  });

  it('drops repeated targets, keeps the order given (a lot\'s links before its GTIN\'s), and uses the uncompressed URI as anchor', () => {
    const doc = buildLinkset({
      anchor: 'https://yima.example/AQnYUc1gmiYAd',
      sameAs: ANCHOR,
      itemDescription: 'x',
      links: [...LINKS, { linkType: 'https://ref.gs1.org/voc/pip', href: 'https://maker.example/jzt', title: 'Product (again)', hreflang: ['en'] }],
    });
    expectValid(doc);
    expect(doc.linkset[0]?.anchor).toBe(ANCHOR);
    expect(doc.linkset[0]?.['https://ref.gs1.org/voc/pip']).toHaveLength(2);
  });

  it('always produces a linkset the GS1 schemas accept, whatever the links (property)', () => {
    const linkArb = fc.record(
      {
        linkType: fc.constantFrom(...LINK_TYPES.map((t) => t.curie), 'https://gs1.org/voc/pip', 'describedby'),
        href: fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }),
        title: fc.string({ maxLength: 40 }),
        hreflang: fc.array(fc.constantFrom('zh', 'zh-CN', 'en', 'en-GB', 'und', 'zh-Hans', 'x'), { maxLength: 3 }),
        mediaType: fc.constantFrom('text/html', 'application/pdf', 'application/ld+json', 'nonsense'),
        isDefault: fc.boolean(),
      },
      { requiredKeys: ['linkType', 'href', 'title'] },
    );
    fc.assert(fc.property(fc.array(linkArb, { maxLength: 12 }), fc.string({ maxLength: 30 }), (links, description) => {
      const doc = buildLinkset({ anchor: ANCHOR, itemDescription: description, links });
      for (const validate of Object.values(SCHEMAS)) if (!validate(doc)) return false;
      const defaults = doc.linkset[0]?.['https://ref.gs1.org/voc/defaultLink'];
      return links.length === 0 ? defaults === undefined : Array.isArray(defaults) && defaults.length === 1;
    }), { numRuns: 300 });
  });

  it('is checked by schemas that do refuse what GS1 does not accept (CURIE keys, missing titles, zh-Hans)', () => {
    const gs1 = SCHEMAS['GS1 linkset schema (gs1/linkset, the test suite\'s)'];
    expect(gs1({ linkset: [{ anchor: ANCHOR, itemDescription: 'x', 'gs1:pip': [{ href: 'https://maker.example/', title: 't' }] }] })).toBe(false);
    expect(gs1({ linkset: [{ anchor: ANCHOR, itemDescription: 'x', 'https://ref.gs1.org/voc/pip': [{ href: 'https://maker.example/' }] }] })).toBe(false);
    expect(gs1({ linkset: [{ anchor: ANCHOR, itemDescription: 'x', 'https://ref.gs1.org/voc/pip': [{ href: 'https://maker.example/', title: 't', hreflang: ['zh-Hans'] }] }] })).toBe(false);
    expect(gs1({ linkset: [{ anchor: ANCHOR, itemDescription: 'x', 'http://www.w3.org/2002/07/owl#sameAs': [{ href: ANCHOR, title: 't' }] }] })).toBe(false);
  });

  it('refuses what is not a link relation type or not an absolute http(s) target (a caller\'s bug)', () => {
    expect(relationType('gs1:pip')).toBe('https://ref.gs1.org/voc/pip');
    expect(relationType('http://gs1.org/voc/epcis')).toBe('https://ref.gs1.org/voc/epcis');
    expect(relationType('describedby')).toBe('describedby');
    expect(() => relationType('schema:url')).toThrow(/not a link relation type/);
    expect(() => buildLinkset({ anchor: ANCHOR, itemDescription: 'x', links: [{ linkType: 'gs1:pip', href: '/relative', title: 't' }] })).toThrow(/absolute/);
    expect(() => buildLinkset({ anchor: 'urn:x', itemDescription: 'x', links: [] })).toThrow(/http/);
  });
});

describe('linkHeader', () => {
  it('points to the linkset (rel="linkset", RFC 9264 §6), without the query of the request', () => {
    expect(linksetUrl(`${ANCHOR}?17=271231&linkType=gs1:pip#x`)).toBe(`${ANCHOR}?linkType=linkset`);
    expect(linkHeader(ANCHOR)).toBe(`<${ANCHOR}?linkType=linkset>; rel="linkset"; type="application/linkset+json"`);
  });

  it('adds GS1\'s JSON-LD context for a linkset answer (Resolver 1.2 §2.10) and owl:sameAs for a compressed request (§2.3)', () => {
    expect(linkHeader(ANCHOR, { jsonLdContext: true })).toBe(
      `<${ANCHOR}?linkType=linkset>; rel="linkset"; type="application/linkset+json", ` +
      '<https://ref.gs1.org/standards/resolver/linkset-context>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"',
    );
    const compressed = 'https://yima.example/AQnYUc1gmiYAd';
    const header = linkHeader(compressed, { sameAs: ANCHOR });
    expect(header).toBe(`<${ANCHOR}?linkType=linkset>; rel="linkset"; type="application/linkset+json", <${ANCHOR}>; rel="owl:sameAs http://www.w3.org/2002/07/owl#sameAs"`);
    expect(linkHeader(ANCHOR, { sameAs: ANCHOR })).toBe(linkHeader(ANCHOR));
  });
});

describe('chooseLink', () => {
  const pip = (href: string, hreflang: string[] | undefined, isDefault = false): ResolverLink => ({ linkType: 'gs1:pip', href, title: href, ...(hreflang && { hreflang }), isDefault });
  const zhCN = pip('zh-CN', ['zh-CN']);
  const zh = pip('zh', ['zh']);
  const neutral = pip('neutral', undefined);
  const en = pip('en', ['en']);

  it('prefers zh-CN over zh over a language-neutral link over the first, for a zh-CN reader', () => {
    const header = 'zh-CN,zh;q=0.9,en;q=0.5';
    expect(chooseLink([en, neutral, zh, zhCN], 'gs1:pip', header)?.href).toBe('zh-CN');
    expect(chooseLink([en, neutral, zh], 'gs1:pip', header)?.href).toBe('zh');
    expect(chooseLink([pip('fr', ['fr']), neutral, pip('de', ['de'])], 'gs1:pip', header)?.href).toBe('neutral');
    expect(chooseLink([pip('fr', ['fr']), pip('de', ['de'])], 'gs1:pip', header)?.href).toBe('fr');
    expect(chooseLink([pip('und', ['und']), pip('fr', ['fr'])], 'gs1:pip', 'zh-CN')?.href).toBe('und');
    // A zh reader is served a zh-CN page (RFC 4647 §3.3.1 filtering) when there is no plain zh one.
    expect(chooseLink([en, zhCN], 'gs1:pip', 'zh')?.href).toBe('zh-CN');
  });

  it('follows q-values, then the default flag, then the order given', () => {
    expect(chooseLink([zh, en], 'gs1:pip', 'en;q=0.8, zh;q=0.4')?.href).toBe('en');
    expect(chooseLink([zh, en], 'gs1:pip', 'zh;q=0, en;q=0.1')?.href).toBe('en');
    expect(chooseLink([pip('a', ['zh']), pip('b', ['zh'], true)], 'gs1:pip', 'zh')?.href).toBe('b');
    expect(chooseLink([pip('a', ['zh']), pip('b', ['zh'])], 'gs1:pip', 'zh')?.href).toBe('a');
  });

  it('serves the default link when the request says nothing about language (Resolver 1.2 §2.6.1)', () => {
    expect(chooseLink([neutral, zh, pip('default-en', ['en'], true)], 'gs1:pip', undefined)?.href).toBe('default-en');
    expect(chooseLink([zh, neutral], 'gs1:pip', '')?.href).toBe('neutral');
    expect(chooseLink([zh, en], 'gs1:pip', '*')?.href).toBe('zh');
  });

  it('matches the exact link type, written as a CURIE or an IRI, and answers undefined when there is none', () => {
    const links = [...LINKS];
    expect(chooseLink(links, 'https://ref.gs1.org/voc/instructions', 'zh-CN')?.href).toBe('https://maker.example/manual.pdf');
    expect(chooseLink(links, 'gs1:traceability', 'zh-CN')?.title).toBe('追溯');
    expect(chooseLink(links, 'gs1:pip', 'zh-CN,zh;q=0.9')?.href).toBe('https://maker.example/zh/jzt');
    expect(chooseLink(links, 'gs1:pip', undefined)?.href).toBe('https://maker.example/jzt');
    expect(chooseLink(links, 'gs1:recallStatus', 'zh-CN')).toBeUndefined();
    expect(chooseLink(links, 'pip', 'zh-CN')).toBeUndefined();
  });

  it('reads Accept-Language ranges best first', () => {
    expect(languageRanges('en;q=0.5, zh-CN, fr;q=0.5, *;q=0.1, de;q=0')).toEqual(['zh-cn', 'en', 'fr']);
    expect(languageRanges(undefined)).toEqual([]);
  });
});
