import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, PASSWORD, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, buildProduct, buildRegulator, randomUscc } from '../../../test/factories.ts';

let n = 0;
const registration = (uscc: string, username: string) => ({
  organisation: {
    name: '温州瓯江燃气阀门有限公司', uscc, address: '浙江省温州市瓯海区', roles: ['producer'],
    contacts: [{ name: '林工', phone: '0577-8888 1234', email: 'lin@example.cn' }],
    licences: [{ number: `（浙）xk06-001-${String(++n).padStart(5, '0')}`, product: '电线电缆', validFrom: '2024-01-01', validTo: '2029-01-01' }],
    cccCertificates: [{ number: `20240108${String(n).padStart(8, '0')}`, product: '燃气紧急切断阀', status: 'valid', validFrom: '2024-02-01', validTo: '2029-01-31' }],
  },
  admin: { username, password: PASSWORD, displayName: '林工' },
});

describe.each(DB_TARGETS)('organisations on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  it('registers a pending organisation with its region from USCC positions 3–8, which a regulator of that region approves', async () => {
    const uscc = randomUscc('330304');
    const res = await ctx.call('POST', '/api/v1/registrations', { body: registration(uscc, 'oujiang-admin') });
    expect(res.statusCode).toBe(201);
    const org = res.json().organisation;
    expect(org).toMatchObject({ status: 'pending', uscc, regionCode: '330304', regionSource: 'uscc' });
    expect(org.licences).toEqual([expect.objectContaining({ number: '(浙)XK06-001-00001' })]);
    expect(org.cccCertificates).toEqual([expect.objectContaining({ number: '2024010800000001', status: 'valid', effectiveStatus: 'valid' })]);

    // Its own admin can sign in and see it, but cannot register products until it is approved.
    const own = await ctx.login('oujiang-admin');
    expect((await ctx.call('GET', `/api/v1/orgs/${org.id}`, { token: own })).json().status).toBe('pending');
    const early = await ctx.call('POST', '/api/v1/products', { token: own, body: { orgId: org.id, categoryCode: 'e-bike', name: 'x', model: 'x', standard: 'GB 17761-2024', cccCertificateNumber: '2024010800000001' } });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('org_not_approved');

    const jiangsu = await buildRegulator(ctx, ['32']);
    expect((await ctx.call('POST', `/api/v1/orgs/${org.id}/approve`, { token: jiangsu.token })).statusCode).toBe(404);
    const wenzhou = await buildRegulator(ctx, ['3303']);
    const pending = await ctx.call('GET', '/api/v1/orgs?status=pending', { token: wenzhou.token });
    expect(pending.json().map((o: { id: string }) => o.id)).toContain(org.id);
    const approved = await ctx.call('POST', `/api/v1/orgs/${org.id}/approve`, { token: wenzhou.token });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    const again = await ctx.call('POST', `/api/v1/orgs/${org.id}/reject`, { token: wenzhou.token, body: { reason: 'x' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_decided');
  });

  it('rejects a registration with a reason the applicant can read', async () => {
    const res = await ctx.call('POST', '/api/v1/registrations', { body: registration(randomUscc('330102'), 'rejected-admin') });
    const id = res.json().organisation.id;
    const decided = await ctx.call('POST', `/api/v1/orgs/${id}/reject`, { token: ctx.adminToken, body: { reason: '营业执照与填报名称不一致' } });
    expect(decided.json()).toMatchObject({ status: 'rejected', statusReason: '营业执照与填报名称不一致' });
    const own = await ctx.login('rejected-admin');
    expect((await ctx.call('GET', `/api/v1/orgs/${id}`, { token: own })).json().statusReason).toBe('营业执照与填报名称不一致');
  });

  it('keeps a registration all-or-nothing: a taken user name leaves no organisation behind', async () => {
    const uscc = randomUscc();
    const res = await ctx.call('POST', '/api/v1/registrations', { body: registration(uscc, 'admin') });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('username_taken');
    const found = await ctx.call('GET', `/api/v1/orgs?q=${uscc}`, { token: ctx.adminToken });
    expect(found.json()).toEqual([]);
    expect((await ctx.call('POST', '/api/v1/registrations', { body: registration(uscc, 'second-try') })).statusCode).toBe(201);
    const dup = await ctx.call('POST', '/api/v1/registrations', { body: registration(uscc, 'third-try') });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('uscc_taken');
  });

  it('names the expected USCC check character, and rejects bad licence and CCC numbers field by field', async () => {
    const good = randomUscc();
    const wrong = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const body = registration(wrong, 'bad-codes');
    body.organisation.licences[0]!.number = 'XK6-001-0077';
    body.organisation.cccCertificates[0]!.number = '20240108112233';
    const res = await ctx.call('POST', '/api/v1/registrations', { body, lang: 'en' });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors;
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'organisation.uscc', code: 'uscc_check', expected: good.charAt(17), position: 18, message: expect.stringContaining(`should be "${good.charAt(17)}"`) }),
      expect.objectContaining({ field: 'organisation.licences[0].number', code: 'licence_format' }),
      expect.objectContaining({ field: 'organisation.cccCertificates[0].number', code: 'ccc_format' }),
    ]));
  });

  it('lets an admin override the region, and a regulator sees only organisations in its region', async () => {
    const hz = await buildOrg(ctx, { region: '330106' });
    const nj = await buildOrg(ctx, { region: '320104' });
    const declared = await ctx.call('POST', '/api/v1/orgs', { token: ctx.adminToken, body: { name: '迁址企业', uscc: randomUscc('330106'), regionCode: '320500', address: '苏州', roles: ['seller'], contacts: [{ name: 'a' }] } });
    expect(declared.json()).toMatchObject({ regionCode: '320500', regionSource: 'declared' });

    const zhejiang = await buildRegulator(ctx, ['33']);
    const ids = (await ctx.call('GET', '/api/v1/orgs?limit=500', { token: zhejiang.token })).json().map((o: { id: string }) => o.id);
    expect(ids).toContain(hz.id);
    expect(ids).not.toContain(nj.id);
    expect(ids).not.toContain(declared.json().id);
    expect((await ctx.call('GET', `/api/v1/orgs/${hz.id}`, { token: zhejiang.token })).statusCode).toBe(200);
    expect((await ctx.call('GET', `/api/v1/orgs/${nj.id}`, { token: zhejiang.token })).statusCode).toBe(404);
    const p = await buildProduct(ctx, nj);
    expect((await ctx.call('GET', `/api/v1/products/${p.id}`, { token: zhejiang.token })).statusCode).toBe(404);
    const products = (await ctx.call('GET', '/api/v1/products?limit=500', { token: zhejiang.token })).json();
    expect(products.map((x: { orgId: string }) => x.orgId)).not.toContain(nj.id);
    // Regulators read; they do not edit an enterprise's data.
    const edit = await ctx.call('PATCH', `/api/v1/orgs/${hz.id}`, { token: zhejiang.token, body: { address: 'x' } });
    expect(edit.statusCode).toBe(403);
    // An enterprise cannot move itself out of its regulators' sight; an admin can move it.
    const escape = await ctx.call('PATCH', `/api/v1/orgs/${hz.id}`, { token: hz.token, body: { regionCode: '320104' } });
    expect(escape.statusCode).toBe(403);
    expect(escape.json().detail).toContain('org:region');
    const moved = await ctx.call('PATCH', `/api/v1/orgs/${hz.id}`, { token: ctx.adminToken, body: { regionCode: '320104' } });
    expect(moved.json()).toMatchObject({ regionCode: '320104', regionSource: 'declared' });
    expect((await ctx.call('GET', `/api/v1/orgs/${hz.id}`, { token: zhejiang.token })).statusCode).toBe(404);
  });

  it("keeps one organisation's member out of another's data on every route, always with 404", async () => {
    const mine = await buildOrg(ctx);
    const theirs = await buildOrg(ctx);
    const product = await buildProduct(ctx, theirs);
    const certId = (await ctx.call('GET', `/api/v1/orgs/${theirs.id}`, { token: theirs.token })).json().cccCertificates[0].id;
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/orgs/${theirs.id}`],
      ['PATCH', `/api/v1/orgs/${theirs.id}`, { address: '偷改的地址' }],
      ['POST', `/api/v1/orgs/${theirs.id}/licences`, { number: 'XK06-001-99999', product: 'x' }],
      ['POST', `/api/v1/orgs/${theirs.id}/ccc-certificates`, { number: '2024010899999999', product: 'x', status: 'valid' }],
      ['PATCH', `/api/v1/orgs/${theirs.id}/ccc-certificates/${certId}`, { status: 'withdrawn' }],
      ['GET', `/api/v1/orgs/${theirs.id}/api-keys`],
      ['POST', `/api/v1/orgs/${theirs.id}/api-keys`, { name: 'x' }],
      ['GET', `/api/v1/users?orgId=${theirs.id}`],
      ['POST', '/api/v1/users', { username: 'intruder', password: PASSWORD, role: 'org_operator', orgId: theirs.id }],
      ['GET', `/api/v1/products/${product.id}`],
      ['POST', '/api/v1/products', { orgId: theirs.id, categoryCode: 'e-bike', name: 'x', model: 'x', standard: 'x', cccCertificateNumber: theirs.cccNumber }],
      ['POST', `/api/v1/orgs/${theirs.id}/approve`],
    ];
    for (const [method, url, body] of attempts) {
      const res = await ctx.call(method, url, { token: mine.token, body });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body).not.toContain(theirs.uscc);
    }
    const list = await ctx.call('GET', `/api/v1/products?orgId=${theirs.id}`, { token: mine.token });
    expect(list.json()).toEqual([]);
    const orgs = await ctx.call('GET', '/api/v1/orgs', { token: mine.token });
    expect(orgs.json().map((o: { id: string }) => o.id)).toEqual([mine.id]);
    // Nothing changed.
    const after = (await ctx.call('GET', `/api/v1/orgs/${theirs.id}`, { token: theirs.token })).json();
    expect(after.address).not.toBe('偷改的地址');
    expect(after.cccCertificates[0].status).toBe('valid');
    expect(after.licences).toHaveLength(1);
  });

  it('gives an association its members and nobody else', async () => {
    const assoc = await buildOrg(ctx, { kind: 'association', name: '测试行业协会' });
    const member = await buildOrg(ctx);
    const outsider = await buildOrg(ctx);
    expect((await ctx.call('POST', `/api/v1/orgs/${assoc.id}/members`, { token: ctx.adminToken, body: { memberId: member.id } })).statusCode).toBe(204);
    const ids = (await ctx.call('GET', '/api/v1/orgs', { token: assoc.token })).json().map((o: { id: string }) => o.id).sort();
    expect(ids).toEqual([assoc.id, member.id].sort());
    expect((await ctx.call('GET', `/api/v1/orgs/${member.id}`, { token: assoc.token })).statusCode).toBe(200);
    expect((await ctx.call('GET', `/api/v1/orgs/${outsider.id}`, { token: assoc.token })).statusCode).toBe(404);
    expect((await ctx.call('PATCH', `/api/v1/orgs/${member.id}`, { token: assoc.token, body: { address: 'x' } })).statusCode).toBe(403);
  });

  it('tracks CCC certificate status, and treats a certificate past its end date as expired', async () => {
    const org = await buildOrg(ctx);
    const add = await ctx.call('POST', `/api/v1/orgs/${org.id}/ccc-certificates`, { token: org.token, body: { number: '2019010812345678', product: '燃气热水器', status: 'valid', validFrom: '2019-01-01', validTo: '2024-01-01' } });
    expect(add.statusCode).toBe(201);
    const cert = add.json().cccCertificates.find((c: { number: string }) => c.number === '2019010812345678');
    expect(cert).toMatchObject({ status: 'valid', effectiveStatus: 'expired' });
    const current = add.json().cccCertificates.find((c: { number: string }) => c.number === org.cccNumber);
    const suspended = await ctx.call('PATCH', `/api/v1/orgs/${org.id}/ccc-certificates/${current.id}`, { token: org.token, body: { status: 'suspended' } });
    expect(suspended.json().cccCertificates.find((c: { id: string }) => c.id === current.id)).toMatchObject({ status: 'suspended', effectiveStatus: 'suspended' });
    const badStatus = await ctx.call('POST', `/api/v1/orgs/${org.id}/ccc-certificates`, { token: org.token, body: { number: '2020010812345678', product: 'x', status: '有效' } });
    expect(badStatus.json().errors[0]).toMatchObject({ field: 'status', code: 'enum', expected: 'valid, suspended, withdrawn, cancelled, expired' });
  });
});
