import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, buildProduct, buildRegulator, randomGtin } from '../../../test/factories.ts';
import type { DataProfile } from '../catalog/catalog.schemas.ts';

const PROFILE = JSON.parse(fs.readFileSync(new URL('../catalog/data/profile-default-2024.1.json', import.meta.url), 'utf8')) as DataProfile;

describe.each(DB_TARGETS)('products on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  const post = (token: string, body: Record<string, unknown>, lang?: string) => ctx.call('POST', '/api/v1/products', { token, body, ...(lang && { lang }) });

  it('registers a CCC product with normalised GTINs and the catalogue versions it was checked against', async () => {
    const org = await buildOrg(ctx);
    const gtin13 = randomGtin();
    const res = await post(org.token, { orgId: org.id, categoryCode: 'e-bike', name: '电动自行车', brand: '驰骋', model: 'TDT2201Z', standard: 'GB 17761-2024', cccCertificateNumber: org.cccNumber, gtins: [gtin13] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ orgId: org.id, categoryCode: 'e-bike', itemCode: null, gtins: [`0${gtin13}`], cccCertificateNumber: org.cccNumber, listVersion: '2024.1', profileVersion: '2024.1' });
  });

  it('says which certificate a category requires, and why, when it is missing', async () => {
    const org = await buildOrg(ctx);
    const ccc = await post(org.token, { orgId: org.id, categoryCode: 'e-bike', name: 'x', model: 'x', standard: 'x' }, 'en');
    expect(ccc.json().errors).toEqual([expect.objectContaining({ field: 'cccCertificateNumber', code: 'certificate_required', message: expect.stringContaining('Electric bicycles is a compulsory-certification (CCC) product') })]);
    const licence = await post(org.token, { orgId: org.id, categoryCode: 'cold-rolled-ribbed-rebar', name: 'x', model: 'x', standard: 'x' });
    expect(licence.json().errors).toEqual([expect.objectContaining({ field: 'licenceNumber', code: 'certificate_required', message: expect.stringContaining('冷轧带肋钢筋属于生产许可证管理产品') })]);
    const either = await post(org.token, { orgId: org.id, categoryCode: 'wire-cable', name: 'x', model: 'x', standard: 'x' });
    expect(either.json().errors).toEqual([expect.objectContaining({ field: 'licenceNumber', code: 'certificate_required' })]);
    const withLicence = await post(org.token, { orgId: org.id, categoryCode: 'wire-cable', name: '电缆', model: 'BV 2.5', standard: 'GB/T 5023.3-2008', licenceNumber: org.licenceNumber.toLowerCase() });
    expect(withLicence.statusCode).toBe(201);
  });

  it('refuses a suspended, an expired or another organisation\'s certificate', async () => {
    const org = await buildOrg(ctx);
    const other = await buildOrg(ctx);
    const base = { orgId: org.id, categoryCode: 'e-bike', name: 'x', model: 'x', standard: 'x' };
    const foreign = await post(org.token, { ...base, cccCertificateNumber: other.cccNumber });
    expect(foreign.json().errors[0]).toMatchObject({ field: 'cccCertificateNumber', code: 'certificate_not_found' });
    const added = await ctx.call('POST', `/api/v1/orgs/${org.id}/ccc-certificates`, { token: org.token, body: { number: '2018011100000001', product: 'x', status: 'valid', validTo: '2023-12-31' } });
    expect(added.statusCode).toBe(201);
    const expired = await post(org.token, { ...base, cccCertificateNumber: '2018011100000001' });
    expect(expired.json().errors[0]).toMatchObject({ code: 'certificate_expired' });
    const certId = added.json().cccCertificates.find((c: { number: string }) => c.number === org.cccNumber).id;
    await ctx.call('PATCH', `/api/v1/orgs/${org.id}/ccc-certificates/${certId}`, { token: org.token, body: { status: 'suspended' } });
    const suspended = await post(org.token, { ...base, cccCertificateNumber: org.cccNumber });
    expect(suspended.json().errors[0]).toMatchObject({ code: 'certificate_not_valid', message: expect.stringContaining('suspended') });
  });

  it('checks GTIN check digits, items of the category and profile attributes, all in one answer', async () => {
    const org = await buildOrg(ctx);
    const res = await post(org.token, {
      orgId: org.id, categoryCode: 'gas-appliance', itemCode: 'gas-grill', name: 'x', model: 'x', standard: 'x', cccCertificateNumber: org.cccNumber,
      gtins: ['6901234567893', '12345'], attributes: { 'product.colour': 'red' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: 'itemCode', code: 'item_unknown', expected: 'gas-hose, gas-shutoff-valve, household-gas-cooker, commercial-gas-burner, lpg-cylinder-regulator' }),
      expect.objectContaining({ field: 'gtins[0]', code: 'gtin_check', expected: '2', position: 13 }),
      expect.objectContaining({ field: 'gtins[1]', code: 'gtin_format' }),
      expect.objectContaining({ field: 'attributes.product.colour', code: 'attribute_unknown' }),
    ]);
    const noItem = await post(org.token, { orgId: org.id, categoryCode: 'gas-appliance', name: 'x', model: 'x', standard: 'x', cccCertificateNumber: org.cccNumber });
    expect(noItem.json().errors[0]).toMatchObject({ field: 'itemCode', code: 'item_required' });
  });

  it('answers 409 for a GTIN another product holds, naming the owner only to those who may see it', async () => {
    const a = await buildOrg(ctx);
    const b = await buildOrg(ctx);
    const gtin = randomGtin();
    await buildProduct(ctx, a, { gtins: [gtin] });
    const clash = await post(b.token, { orgId: b.id, categoryCode: 'e-bike', name: 'x', model: 'x', standard: 'x', cccCertificateNumber: b.cccNumber, gtins: [gtin] });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('gtin_taken');
    expect(clash.body).not.toContain(a.id);
    const asAdmin = await post(ctx.adminToken, { orgId: b.id, categoryCode: 'e-bike', name: 'x', model: 'x', standard: 'x', cccCertificateNumber: b.cccNumber, gtins: [gtin] });
    expect(asAdmin.body).toContain(a.id);
    // Nothing of the failed product was stored.
    const list = (await ctx.call('GET', '/api/v1/products', { token: b.token })).json();
    expect(list).toEqual([]);
  });

  it('filters attributes by disclosure level: owner sees all, regulator not owner-only, association only public', async () => {
    const fields = (['public', 'chain', 'regulator', 'owner'] as const).map((d) => ({
      key: `product.secret${d[0]?.toUpperCase()}${d.slice(1)}`, group: 'product', entity: 'product' as const, label: { zh: d, en: d }, type: 'string' as const, requiredFor: [], codingRoute: ['platform'], disclosure: d,
    }));
    const loaded = await ctx.call('POST', '/api/v1/catalog/profiles', { token: ctx.adminToken, body: { ...PROFILE, version: '2024.9', effectiveFrom: '2024-11-01', fields: [...PROFILE.fields, ...fields] } });
    expect(loaded.statusCode).toBe(201);
    const org = await buildOrg(ctx, { region: '330106' });
    const attributes = Object.fromEntries(fields.map((f) => [f.key, `MARK-${f.disclosure}`]));
    const p = await buildProduct(ctx, org, { attributes });
    const seen = async (token: string) => Object.values((await ctx.call('GET', `/api/v1/products/${p.id}`, { token })).json().attributes ?? {}).sort();
    expect(await seen(org.token)).toEqual(['MARK-chain', 'MARK-owner', 'MARK-public', 'MARK-regulator']);
    expect(await seen(ctx.adminToken)).toEqual(['MARK-chain', 'MARK-owner', 'MARK-public', 'MARK-regulator']);
    const regulator = await buildRegulator(ctx, ['33']);
    expect(await seen(regulator.token)).toEqual(['MARK-chain', 'MARK-public', 'MARK-regulator']);
    const assoc = await buildOrg(ctx, { kind: 'association' });
    await ctx.call('POST', `/api/v1/orgs/${assoc.id}/members`, { token: ctx.adminToken, body: { memberId: org.id } });
    expect(await seen(assoc.token)).toEqual(['MARK-public']);
  });
});
