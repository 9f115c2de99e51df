import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, buildProduct } from '../../../test/factories.ts';
import type { DataProfile, KeyProductList } from './catalog.schemas.ts';
import { checkDocument } from './catalog.service.ts';

const read = <T>(f: string): T => JSON.parse(fs.readFileSync(new URL(`./data/${f}`, import.meta.url), 'utf8')) as T;
const LIST = read<KeyProductList>('key-products-2024.1.json');
const PROFILE = read<DataProfile>('profile-default-2024.1.json');

describe.each(DB_TARGETS)('the key-product catalogue on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  it('ships the 2024 list with the four published categories, the five gas-appliance items, and the rest marked unknown', async () => {
    const res = await ctx.call('GET', '/api/v1/catalog?at=2025-01-01');
    expect(res.statusCode).toBe(200); // public: anyone may read the catalogue
    const { list, profiles } = res.json();
    const cats = list.document.categories as KeyProductList['categories'];
    const known = cats.filter((c) => c.status === 'known' && c.basis === 'list').map((c) => c.name.zh);
    expect(known).toEqual(['电线电缆', '燃气器具', '电动自行车', '冷轧带肋钢筋']);
    expect(cats.filter((c) => c.basis === 'list')).toHaveLength(9);
    expect(cats.filter((c) => c.status === 'unknown')).toHaveLength(5);
    expect(cats.find((c) => c.code === 'gas-appliance')?.items.map((i) => i.name.zh)).toEqual([
      '燃气用具连接用软管', '燃气紧急切断阀', '家用燃气灶具', '商用燃气燃烧器具', '瓶装液化石油气调压器（家用、商用）',
    ]);
    expect(cats.filter((c) => c.basis === 'rule').map((c) => [c.stage, c.regimes])).toEqual([['2025', ['licence']], ['2025', ['ccc']], ['2027', ['mandatory-standard']]]);
    expect(profiles[0].document.groups.map((g: { name: { zh: string } }) => g.name.zh)).toEqual(['生产单位基本信息', '产品信息', '流向信息', '进货信息', '销售信息']);
    for (const f of profiles[0].document.fields) expect(['public', 'chain', 'regulator', 'owner']).toContain(f.disclosure);
  });

  it('refuses to register a product under a category that is listed but not yet published', async () => {
    const org = await buildOrg(ctx);
    const res = await ctx.call('POST', '/api/v1/products', { token: org.token, body: { orgId: org.id, categoryCode: 'batch1-unpublished-5', name: 'x', model: 'x', standard: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'categoryCode', code: 'category_not_known_yet' })]);
  });

  it('loads a new version from an admin, serves it from its effective date, and keeps products on the version they were checked against', async () => {
    const org = await buildOrg(ctx);
    const before = await buildProduct(ctx, org);
    expect(before).toMatchObject({ listVersion: '2024.1', profileVersion: '2024.1' });

    const profile: DataProfile = {
      ...PROFILE,
      version: '2025.1',
      effectiveFrom: '2025-01-01',
      fields: [...PROFILE.fields, { key: 'product.ratedHeatInput', group: 'product', entity: 'product', label: { zh: '额定热负荷（kW）', en: 'Rated heat input (kW)' }, type: 'number', requiredFor: ['gas-appliance'], codingRoute: ['platform'], disclosure: 'public' }],
    };
    const loaded = await ctx.call('POST', '/api/v1/catalog/profiles', { token: ctx.adminToken, body: profile });
    expect(loaded.statusCode).toBe(201);
    expect(loaded.json().version).toMatchObject({ kind: 'profile', docId: 'default', version: '2025.1', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Loading the same document again changes nothing; the same version with other content is refused.
    expect((await ctx.call('POST', '/api/v1/catalog/profiles', { token: ctx.adminToken, body: profile })).statusCode).toBe(200);
    const rewrite = await ctx.call('POST', '/api/v1/catalog/profiles', { token: ctx.adminToken, body: { ...profile, title: { zh: '改写', en: 'rewrite' } } });
    expect(rewrite.statusCode).toBe(409);
    expect(rewrite.json().code).toBe('catalog_version_exists');

    const missing = await ctx.call('POST', '/api/v1/products', {
      token: org.token, lang: 'en',
      body: { orgId: org.id, categoryCode: 'gas-appliance', itemCode: 'gas-hose', name: '软管', model: 'R-1', standard: 'GB 41317-2024', cccCertificateNumber: org.cccNumber },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'attributes.product.ratedHeatInput', code: 'attribute_required', message: expect.stringContaining('Rated heat input (kW)') })]);
    const after = await buildProduct(ctx, org, { attributes: { 'product.ratedHeatInput': 4.2 } });
    expect(after).toMatchObject({ profileVersion: '2025.1', attributes: { 'product.ratedHeatInput': 4.2 } });
    expect((await ctx.call('GET', `/api/v1/products/${before.id}`, { token: org.token })).json().profileVersion).toBe('2024.1');

    // Looking back at a day before the new version still shows the old one.
    expect((await ctx.call('GET', '/api/v1/catalog?at=2024-12-01')).json().profiles[0].version).toBe('2024.1');
    const versions = (await ctx.call('GET', '/api/v1/catalog/versions')).json().map((v: { version: string; kind: string }) => `${v.kind} ${v.version}`);
    expect(versions).toEqual(expect.arrayContaining(['list 2024.1', 'profile 2024.1', 'profile 2025.1']));
  });

  it('validates a load whole and names every problem, storing nothing', async () => {
    const bad = {
      ...LIST,
      version: '2026.9',
      categories: [
        { ...LIST.categories[0], profile: 'no-such-profile' },
        { ...LIST.categories[0] },
        { ...LIST.categories[1], regimes: [], status: 'known' },
      ],
    };
    const res = await ctx.call('POST', '/api/v1/catalog/lists', { token: ctx.adminToken, body: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['document.categories[0].profile', 'document.categories[1].code', 'document.categories[2].regimes']);
    const shape = await ctx.call('POST', '/api/v1/catalog/lists', { token: ctx.adminToken, body: { ...LIST, version: '2026.9', effectiveFrom: 'soon', categories: [{ code: 'X' }] } });
    expect(shape.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['document.effectiveFrom', 'document.categories[0].code', 'document.categories[0].name']));
    const wrongKind = await ctx.call('POST', '/api/v1/catalog/lists', { token: ctx.adminToken, body: PROFILE });
    expect(wrongKind.json().errors).toEqual([expect.objectContaining({ field: 'document.kind', expected: 'key-product-list' })]);
    expect((await ctx.call('GET', '/api/v1/catalog/lists/key-products/2026.9')).statusCode).toBe(404);
  });

  it('names each rule a load breaks in the caller\'s language, and still takes a document whose source note is one string (2024.1 as first shipped)', async () => {
    const twice = { ...LIST, version: '2026.8', categories: [LIST.categories[0], LIST.categories[0]] };
    const zh = await ctx.call('POST', '/api/v1/catalog/lists', { token: ctx.adminToken, body: twice });
    expect(zh.json().errors).toEqual([{ field: 'document.categories[1].code', code: 'catalog_invalid', message: 'document.categories[1].code：类别代码 wire-cable 重复。' }]);
    const en = await ctx.call('POST', '/api/v1/catalog/lists', { token: ctx.adminToken, body: twice, lang: 'en' });
    expect(en.json().errors[0].message).toBe('document.categories[1].code: duplicate category wire-cable.');
    const oneString = { ...PROFILE, version: '2024.1-s', source: 'Built from the policy\'s main text: 附件2 itself was not found.' };
    expect(checkDocument(oneString, [])).toEqual([]);
    const loaded = await ctx.call('POST', '/api/v1/catalog/profiles', { token: ctx.adminToken, body: oneString });
    expect(loaded.statusCode).toBe(201);
    expect((await ctx.call('GET', '/api/v1/catalog/profiles/default/2024.1-s')).json().document.source).toBe(oneString.source);
    expect((await ctx.call('GET', '/api/v1/catalog/profiles/default/2024.1')).json().document.source).toEqual({ zh: expect.stringContaining('附件2'), en: expect.stringContaining('Annex 2') });
  });

  it('lets only an admin load', async () => {
    const org = await buildOrg(ctx);
    expect((await ctx.call('POST', '/api/v1/catalog/lists', { token: org.token, body: { ...LIST, version: '9.9' } })).statusCode).toBe(403);
    expect((await ctx.call('POST', '/api/v1/catalog/lists', { body: { ...LIST, version: '9.9' } })).statusCode).toBe(401);
  });
});
