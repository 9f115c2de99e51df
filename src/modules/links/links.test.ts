import fs from 'node:fs';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, buildProduct, buildRegulator } from '../../../test/factories.ts';
import { auditDatabase } from '../../server/app.ts';
import { gs1CheckDigit } from '../../shared/codes/gtin.ts';
import { buildLinkset } from '../resolver/linkset.ts';
import { LINK_TYPES, linkTypeCurie, linkTypeInfo, linkTypeIri } from './link-types.ts';
import { normaliseHref, normaliseLanguageTag } from './links.service.ts';

// A valid GTIN no test registers.
const UNREGISTERED_GTIN = `0699999999999${gs1CheckDigit('0699999999999')}`;

describe('link types and link fields', () => {
  it('keeps the accepted link types as data: GS1 Web Vocabulary CURIEs, each titled in Chinese and English', () => {
    const curies = LINK_TYPES.map((t) => t.curie);
    expect(new Set(curies).size).toBe(curies.length);
    for (const c of ['gs1:pip', 'gs1:certificationInfo', 'gs1:traceability', 'gs1:epcis', 'gs1:recallStatus', 'gs1:safetyInfo', 'gs1:instructions', 'gs1:support', 'gs1:faqs', 'gs1:dpp', 'gs1:sustainabilityInfo', 'gs1:masterData', 'gs1:registerProduct']) {
      expect(curies).toContain(c);
    }
    for (const t of LINK_TYPES) {
      expect(t.curie).toMatch(/^gs1:[a-z][A-Za-z]+$/);
      expect(t.title.zh).toMatch(/\p{Script=Han}/u);
      expect(t.title.en).toMatch(/^[A-Z]/);
    }
    expect(linkTypeIri('gs1:pip')).toBe('https://ref.gs1.org/voc/pip');
    expect(linkTypeCurie('https://gs1.org/voc/pip')).toBe('gs1:pip');
    expect(linkTypeCurie('http://www.gs1.org/voc/faqs')).toBe('gs1:faqs');
    expect(linkTypeCurie('pip')).toBeUndefined();
    expect(linkTypeInfo('gs1:productPassport')).toBeUndefined();
  });

  it('accepts https targets (http only to this machine) and normalises hosts and language tags', () => {
    expect(normaliseHref(' https://Maker.Example/说明书.pdf ')).toBe('https://maker.example/%E8%AF%B4%E6%98%8E%E4%B9%A6.pdf');
    expect(normaliseHref('https://例子.中国/')).toBe('https://xn--fsqu00a.xn--fiqs8s/');
    expect(normaliseHref('http://localhost:8080/manual')).toBe('http://localhost:8080/manual');
    for (const bad of ['http://maker.example/', 'ftp://maker.example/x', 'javascript:alert(1)', 'https://user:pw@maker.example/', '/relative', 'not a url']) {
      expect(normaliseHref(bad), bad).toBeUndefined();
    }
    expect(normaliseLanguageTag('ZH-cn')).toBe('zh-CN');
    expect(normaliseLanguageTag('EN')).toBe('en');
  });
});

describe.each(DB_TARGETS)('producer links on %s', (target) => {
  let ctx: TestContext;
  const gs1LinksetSchema = JSON.parse(fs.readFileSync(new URL('../../../test/fixtures/resolver/gs1-linkset-schema.json', import.meta.url), 'utf8')) as object;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  const link = (gtin: string, overrides: Record<string, unknown> = {}) => ({
    gtin, linkType: 'gs1:pip', href: 'https://maker.example/products/jzt', title: '产品介绍', hreflang: ['zh'], mediaType: 'text/html', ...overrides,
  });

  it('lets a producer add links to its GTIN and to one lot (201, each a ledger record); linksFor gives the lot\'s first, then the GTIN\'s', async () => {
    const org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    const gtin = product.gtins[0] ?? '';
    expect(gtin).toMatch(/^\d{14}$/);
    // Given as GTIN-13: stored as 14 digits.
    const pip = await ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin.slice(1), { isDefault: true }) });
    expect(pip.statusCode, pip.body).toBe(201);
    expect(pip.json()).toMatchObject({
      orgId: org.id, gtin, lot: null, linkType: 'gs1:pip', linkTypeIri: 'https://ref.gs1.org/voc/pip', href: 'https://maker.example/products/jzt',
      title: '产品介绍', hreflang: ['zh'], mediaType: 'text/html', isDefault: true,
    });
    // An IRI in any GS1 namespace is stored as its CURIE.
    const manual = await ctx.call('POST', '/api/v1/links', {
      token: org.token, body: link(gtin, { linkType: 'https://gs1.org/voc/instructions', href: 'https://maker.example/manual.pdf', title: 'User manual', hreflang: ['EN'], mediaType: 'Application/PDF' }),
    });
    expect(manual.statusCode, manual.body).toBe(201);
    expect(manual.json()).toMatchObject({ linkType: 'gs1:instructions', hreflang: ['en'], mediaType: 'application/pdf', isDefault: false });
    const safety = await ctx.call('POST', '/api/v1/links', {
      token: org.token, body: link(gtin, { lot: 'L2026-01', linkType: 'gs1:safetyInfo', href: 'https://maker.example/lots/L2026-01/safety', title: '本批次安全须知' }),
    });
    expect(safety.statusCode, safety.body).toBe(201);
    expect(safety.json().lot).toBe('L2026-01');

    const [leaf, ...more] = await ctx.services.ledger.subjectLeaves(safety.json().id);
    expect(more).toEqual([]);
    expect({ type: leaf?.type, record: leaf?.fields }).toMatchObject({ type: 'link', record: { id: safety.json().id, orgId: org.id, gtin, lot: 'L2026-01', linkType: 'gs1:safetyInfo', href: 'https://maker.example/lots/L2026-01/safety' } });

    const forLot = await ctx.services.links.linksFor(gtin, 'L2026-01');
    expect(forLot.map((l) => l.href)).toEqual(['https://maker.example/lots/L2026-01/safety', 'https://maker.example/products/jzt', 'https://maker.example/manual.pdf']);
    expect(forLot[1]).toEqual({ linkType: 'gs1:pip', href: 'https://maker.example/products/jzt', title: '产品介绍', hreflang: ['zh'], mediaType: 'text/html', isDefault: true });
    expect((await ctx.services.links.linksFor(gtin, null)).map((l) => l.linkType)).toEqual(['gs1:pip', 'gs1:instructions']);
    expect((await ctx.services.links.linksFor(gtin, 'OTHER-LOT')).map((l) => l.linkType)).toEqual(['gs1:pip', 'gs1:instructions']);
    expect(await ctx.services.links.linksFor(UNREGISTERED_GTIN, null)).toEqual([]);

    // What the resolver builds from them is a valid GS1 linkset.
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(gs1LinksetSchema);
    const linkset = buildLinkset({ anchor: `${ctx.config.publicUrl}/01/${gtin}/10/L2026-01`, itemDescription: '家用燃气灶', links: forLot });
    expect(validate(linkset), JSON.stringify(validate.errors)).toBe(true);

    const listed = await ctx.call('GET', `/api/v1/links?gtin=${gtin}`, { token: org.token });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((l: { id: string }) => l.id)).toEqual([pip.json().id, manual.json().id, safety.json().id]);
    const byLot = await ctx.call('GET', `/api/v1/links?gtin=${gtin}&lot=L2026-01`, { token: org.token });
    expect(byLot.json().items.map((l: { id: string }) => l.id)).toEqual([safety.json().id]);
    const byType = await ctx.call('GET', `/api/v1/links?linkType=${encodeURIComponent('https://ref.gs1.org/voc/instructions')}`, { token: org.token });
    expect(byType.json().items.map((l: { id: string }) => l.id)).toEqual([manual.json().id]);
  });

  it('lists the link types a producer may attach (200, the vocabulary in form order, titled in both languages); not to anyone signed out (401)', async () => {
    const org = await buildOrg(ctx);
    const res = await ctx.call('GET', '/api/v1/link-types', { token: org.token });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { curie: string; iri: string; title: { zh: string; en: string } }[] }>().items;
    expect(items.map((t) => t.curie)).toEqual(LINK_TYPES.map((t) => t.curie));
    expect(items[0]).toEqual({ curie: 'gs1:pip', iri: 'https://ref.gs1.org/voc/pip', title: { zh: '产品信息页', en: 'Product Information Page' } });
    expect((await ctx.call('GET', '/api/v1/link-types')).statusCode).toBe(401);
  });

  it('does not let another organisation add links to that GTIN (404 not_found, as for an unregistered GTIN); a regulator may read, not write (403)', async () => {
    const org = await buildOrg(ctx, { region: '330106' });
    const gtin = (await buildProduct(ctx, org)).gtins[0] ?? '';
    const other = await buildOrg(ctx);
    const res = await ctx.call('POST', '/api/v1/links', { token: other.token, lang: 'en', body: link(gtin) });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'not_found', detail: expect.stringContaining(gtin) });
    const unregistered = await ctx.call('POST', '/api/v1/links', { token: org.token, lang: 'en', body: link(UNREGISTERED_GTIN) });
    expect(unregistered.statusCode).toBe(404);
    expect(unregistered.json().code).toBe('not_found');

    const zhejiang = await buildRegulator(ctx, ['33']);
    const forbidden = await ctx.call('POST', '/api/v1/links', { token: zhejiang.token, body: link(gtin) });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: 'forbidden', detail: expect.stringContaining('link:write') });
    expect((await ctx.call('POST', '/api/v1/links', { body: link(gtin) })).statusCode).toBe(401);
    expect((await ctx.call('POST', '/api/v1/links', { token: ctx.adminToken, body: link(gtin, { title: 'added by the platform admin' }) })).statusCode).toBe(201);

    const made = await ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin, { linkType: 'gs1:faqs' }) });
    expect(made.statusCode).toBe(201);
    const ids = (r: { json(): { items: { id: string }[] } }) => r.json().items.map((l) => l.id);
    expect(ids(await ctx.call('GET', `/api/v1/links?gtin=${gtin}`, { token: other.token }))).toEqual([]);
    expect(ids(await ctx.call('GET', `/api/v1/links?gtin=${gtin}`, { token: zhejiang.token }))).toContain(made.json().id);
    const jiangsu = await buildRegulator(ctx, ['32']);
    expect(ids(await ctx.call('GET', `/api/v1/links?gtin=${gtin}`, { token: jiangsu.token }))).toEqual([]);
    expect((await ctx.call('DELETE', `/api/v1/links/${made.json().id}`, { token: other.token })).statusCode).toBe(404);
    expect((await ctx.call('DELETE', `/api/v1/links/${made.json().id}`, { token: zhejiang.token })).statusCode).toBe(403);
  });

  it('names a bad href, an unknown link type, a non-vocabulary gs1: name, a bad check digit and a bad lot in one problem+json (400)', async () => {
    const org = await buildOrg(ctx);
    const gtin = (await buildProduct(ctx, org)).gtins[0] ?? '';
    const res = await ctx.call('POST', '/api/v1/links', { token: org.token, lang: 'en', body: link(gtin, { href: 'http://maker.example/page', linkType: 'gs1:productPage' }) });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'validation_failed', type: 'urn:yima:problem:validation_failed' });
    expect(res.json().errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'href', code: 'link_href', message: expect.stringContaining('https') }),
      expect.objectContaining({ field: 'linkType', code: 'link_type_unknown', message: expect.stringContaining('gs1:productPage'), expected: expect.stringContaining('gs1:pip') }),
    ]));

    const zh = await ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin, { linkType: 'gs1:productPassport' }) });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().errors).toEqual([expect.objectContaining({ field: 'linkType', code: 'link_type_not_in_vocabulary', expected: 'gs1:dpp', message: expect.stringContaining('gs1:dpp') })]);
    expect(zh.json().errors[0].message).toContain('GS1 Web 词汇表');

    const badCheck = gtin.slice(0, 13) + String((Number(gtin.slice(13)) + 1) % 10);
    const many = await ctx.call('POST', '/api/v1/links', { token: org.token, lang: 'en', body: link(badCheck, { lot: 'L 1', href: 'javascript:alert(1)' }) });
    expect(many.statusCode).toBe(400);
    expect(many.json().errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`).sort()).toEqual(['gtin gtin_check', 'href link_href', 'lot lot_invalid']);

    const lang = await ctx.call('POST', '/api/v1/links', { token: org.token, lang: 'en', body: link(gtin, { hreflang: ['zh-Hans'], extra: 1 }) });
    expect(lang.statusCode).toBe(400);
    expect(lang.json().errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'hreflang[0]', code: 'pattern' }),
      expect.objectContaining({ field: 'extra', code: 'unknown_field' }),
    ]));
  });

  it('keeps one default per link type and anchor: a new default clears the old one\'s flag, with a ledger record', async () => {
    const org = await buildOrg(ctx);
    const gtin = (await buildProduct(ctx, org)).gtins[0] ?? '';
    const first = (await ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin, { isDefault: true }) })).json();
    const lotDefault = await ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin, { lot: 'A1', isDefault: true, href: 'https://maker.example/a1' }) });
    expect(lotDefault.json().isDefault).toBe(true);
    const second = await ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin, { isDefault: true, href: 'https://maker.example/new', hreflang: ['en'] }) });
    expect(second.statusCode, second.body).toBe(201);
    const items: { id: string; isDefault: boolean }[] = (await ctx.call('GET', `/api/v1/links?gtin=${gtin}`, { token: org.token })).json().items;
    expect(items.map((l) => [l.id, l.isDefault])).toEqual([[first.id, false], [second.json().id, true], [lotDefault.json().id, true]]);
    const leaves = await ctx.services.ledger.subjectLeaves(first.id);
    expect(leaves).toHaveLength(2);
    expect(leaves[1]?.fields).toMatchObject({ id: first.id, isDefault: false, supersedes: leaves[0]?.index });
  });

  it('leaves exactly one default when defaults of one link type arrive at once (each answered 201, or 409 link_default_changed)', async () => {
    const org = await buildOrg(ctx);
    const gtin = (await buildProduct(ctx, org)).gtins[0] ?? '';
    const answers = await Promise.all([0, 1, 2, 3, 4].map((i) =>
      ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin, { linkType: 'gs1:recallStatus', isDefault: true, href: `https://maker.example/recall/${i}` }) })));
    for (const a of answers) {
      expect([201, 409], a.body).toContain(a.statusCode);
      if (a.statusCode === 409) expect(a.json().code).toBe('link_default_changed');
    }
    const items: { isDefault: boolean }[] = (await ctx.call('GET', `/api/v1/links?gtin=${gtin}`, { token: org.token })).json().items;
    expect(items.filter((l) => l.isDefault)).toHaveLength(1);
    expect(items).toHaveLength(answers.filter((a) => a.statusCode === 201).length);
  });

  it('removes a link (204): the resolver no longer publishes it, the ledger records the removal and still agrees with the table', async () => {
    const org = await buildOrg(ctx);
    const gtin = (await buildProduct(ctx, org)).gtins[0] ?? '';
    const made = (await ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin, { linkType: 'gs1:support', href: 'https://maker.example/help' }) })).json();
    const kept = (await ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin) })).json();
    const res = await ctx.call('DELETE', `/api/v1/links/${made.id}`, { token: org.token });
    expect(res.statusCode, res.body).toBe(204);
    expect((await ctx.services.links.linksFor(gtin, null)).map((l) => l.href)).toEqual([kept.href]);
    expect((await ctx.services.ledger.subjectLeaves(made.id)).map((l) => l.type)).toEqual(['link', 'link.deleted']);
    const again = await ctx.call('DELETE', `/api/v1/links/${made.id}`, { token: org.token });
    expect(again.statusCode).toBe(404);
    const audit = await auditDatabase(ctx.database.db);
    expect(audit.problems.filter((p) => p.type?.startsWith('link'))).toEqual([]);
  });

  it('refuses more links than an anchor may carry (409 too_many_links)', async () => {
    const org = await buildOrg(ctx);
    const gtin = (await buildProduct(ctx, org)).gtins[0] ?? '';
    for (let i = 0; i < 50; i++) {
      const r = await ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin, { lot: 'FULL', href: `https://maker.example/${i}` }) });
      expect(r.statusCode).toBe(201);
    }
    const over = await ctx.call('POST', '/api/v1/links', { token: org.token, lang: 'en', body: link(gtin, { lot: 'FULL' }) });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ code: 'too_many_links', detail: expect.stringContaining(`(01)${gtin}(10)FULL`) });
    // The GTIN itself is another anchor.
    expect((await ctx.call('POST', '/api/v1/links', { token: org.token, body: link(gtin) })).statusCode).toBe(201);
  });
});
