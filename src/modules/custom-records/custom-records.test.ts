import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, buildProduct, buildRegulator, randomUscc } from '../../../test/factories.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { auditDatabase } from '../../server/app.ts';
import { addYears } from './custom-records.service.ts';

// Known answers for the bytes "abc": FIPS 180-2 (SHA-256) and GB/T 32905-2016 Appendix A (SM3).
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const ABC_SM3 = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';

describe('custom-record retention', () => {
  it('defaults to 3 years and refuses YIMA_CUSTOM_RECORD_RETENTION_YEARS below 3 at config load', () => {
    expect(loadConfig({}).customRecords.retentionYears).toBe(3);
    expect(loadConfig({ YIMA_CUSTOM_RECORD_RETENTION_YEARS: '5' }).customRecords.retentionYears).toBe(5);
    let error: unknown;
    try {
      loadConfig({ YIMA_CUSTOM_RECORD_RETENTION_YEARS: '2', PORT: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['PORT: expected a whole number from 0 to 65535, got "x"', 'YIMA_CUSTOM_RECORD_RETENTION_YEARS: expected a whole number from 3 to 100, got "2"']);
  });

  it('counts whole years, moving 29 February on to 1 March', () => {
    expect(addYears('2026-03-01', 3)).toBe('2029-03-01');
    expect(addYears('2028-02-29', 3)).toBe('2031-03-01');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });
});

describe.each(DB_TARGETS)('custom-product ledgers and contracts on %s', (target) => {
  let ctx: TestContext;
  // The platform's clock: tests move it to reach the end of a retention period.
  let now = new Date('2026-05-01T02:00:00Z');
  beforeAll(async () => {
    ctx = await createTestContext(target, {}, () => now);
  });
  afterAll(() => ctx.close());

  const contract = (orgId: string, overrides: Record<string, unknown> = {}) => ({
    orgId,
    kind: 'contract',
    contractNumber: 'HT-2026-0001',
    buyer: { name: '南京某建设工程有限公司', uscc: randomUscc('320100'), address: '江苏省南京市鼓楼区某路 8 号', contact: '王工 13800000000' },
    product: { name: '定制商用燃气灶', model: 'DZ-8 非标' },
    quantity: 3,
    unit: '台',
    contractDate: '2026-01-15',
    deliveryDate: '2026-03-01',
    ...overrides,
  });

  it('records a contract with its documents (201); the ledger records the hashes of its content, not the content', async () => {
    const org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    const sha256 = 'AB'.repeat(32);
    const res = await ctx.call('POST', '/api/v1/custom-records', {
      token: org.token,
      body: contract(org.id, {
        product: { name: '定制燃气灶', model: 'JZT-X', productId: product.id },
        documents: [{ name: '购销合同.pdf', mediaType: 'application/pdf', sha256, size: 123_456 }],
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      orgId: org.id, kind: 'contract', contractNumber: 'HT-2026-0001', quantity: 3, unit: '台', supersedes: null, supersededBy: null,
      product: { productId: product.id, categoryCode: 'gas-appliance' },
      documents: [{ name: '购销合同.pdf', mediaType: 'application/pdf', sha256: sha256.toLowerCase(), size: 123_456 }],
      retainUntil: '2029-03-01',
      contentHash: { sm3: expect.stringMatching(/^[0-9a-f]{64}$/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const [leaf, ...more] = await ctx.services.ledger.subjectLeaves(body.id);
    expect(more).toEqual([]);
    expect({ type: leaf?.type, record: leaf?.fields }).toMatchObject({ type: 'custom_record', record: { id: body.id, orgId: org.id, kind: 'contract', contentSm3: body.contentHash.sm3 } });
    expect(leaf?.record).not.toContain('南京某建设');

    const one = await ctx.call('GET', `/api/v1/custom-records/${body.id}?proof=true`, { token: org.token });
    expect(one.statusCode).toBe(200);
    expect(one.json().ledger).toMatchObject({ index: leaf?.index, leafHash: leaf?.leafHash });
  });

  it('names a bad buyer USCC, a missing contract number and an unknown category with 400', async () => {
    const org = await buildOrg(ctx);
    const good = randomUscc('320100');
    const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const { contractNumber: _omitted, ...withoutNumber } = contract(org.id, { product: { name: '定制件', categoryCode: 'no-such-category' } });
    const res = await ctx.call('POST', '/api/v1/custom-records', { token: org.token, lang: 'en', body: { ...withoutNumber, buyer: { name: '买方', uscc: bad } } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'contractNumber', code: 'required', message: expect.stringContaining('contract number') }),
      expect.objectContaining({ field: 'buyer.uscc', code: 'uscc_check', position: 18 }),
      expect.objectContaining({ field: 'product.categoryCode', code: 'category_unknown' }),
    ]));
    // A ledger entry (台账) needs no contract number.
    const ledgerEntry = await ctx.call('POST', '/api/v1/custom-records', { token: org.token, body: { ...withoutNumber, kind: 'ledger', product: { name: '定制件' } } });
    expect(ledgerEntry.statusCode, ledgerEntry.body).toBe(201);
  });

  it('shows a record to a regulator of its region and to nobody outside its scope (404)', async () => {
    const org = await buildOrg(ctx, { region: '330106' });
    const other = await buildOrg(ctx);
    const zhejiang = await buildRegulator(ctx, ['33']);
    const jiangsu = await buildRegulator(ctx, ['32']);
    const created = await ctx.call('POST', '/api/v1/custom-records', { token: org.token, body: contract(org.id) });
    const id = created.json().id;
    const url = `/api/v1/custom-records/${id}`;
    expect((await ctx.call('GET', url, { token: zhejiang.token })).statusCode).toBe(200);
    const hidden = await ctx.call('GET', url, { token: jiangsu.token });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('not_found');
    expect((await ctx.call('GET', url, { token: other.token })).statusCode).toBe(404);
    expect((await ctx.call('POST', `${url}/corrections`, { token: other.token, body: { ...contract(org.id), orgId: undefined } })).statusCode).toBe(404);
    expect((await ctx.call('GET', url)).statusCode).toBe(401);
    // A regulator may read, not write.
    expect((await ctx.call('POST', '/api/v1/custom-records', { token: zhejiang.token, body: contract(org.id) })).statusCode).toBe(403);

    const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((r) => r.id);
    expect(ids(await ctx.call('GET', `/api/v1/custom-records?orgId=${org.id}`, { token: zhejiang.token }))).toEqual([id]);
    expect(ids(await ctx.call('GET', `/api/v1/custom-records?orgId=${org.id}`, { token: jiangsu.token }))).toEqual([]);
    expect(ids(await ctx.call('GET', `/api/v1/custom-records?orgId=${org.id}`, { token: other.token }))).toEqual([]);
  });

  it('lists a page at a time with a cursor, by contract number and date range', async () => {
    const org = await buildOrg(ctx);
    const made: string[] = [];
    for (const [n, day] of [['HT-A', '2026-01-05'], ['HT-B', '2026-02-05'], ['HT-C', '2026-03-05']] as const) {
      const r = await ctx.call('POST', '/api/v1/custom-records', { token: org.token, body: contract(org.id, { contractNumber: n, contractDate: day }) });
      made.push(r.json().id);
      now = new Date(now.getTime() + 1000);
    }
    const first = await ctx.call('GET', '/api/v1/custom-records?limit=2', { token: org.token });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items.map((r: { id: string }) => r.id)).toEqual([made[2], made[1]]);
    const cursor = first.json().nextCursor;
    const second = await ctx.call('GET', `/api/v1/custom-records?limit=2&cursor=${encodeURIComponent(cursor)}`, { token: org.token });
    expect(second.json()).toEqual({ items: [expect.objectContaining({ id: made[0] })], nextCursor: null });
    const byNumber = await ctx.call('GET', '/api/v1/custom-records?contractNumber=HT-B', { token: org.token });
    expect(byNumber.json().items.map((r: { id: string }) => r.id)).toEqual([made[1]]);
    const byDate = await ctx.call('GET', '/api/v1/custom-records?from=2026-02-01&to=2026-03-31', { token: org.token });
    expect(byDate.json().items.map((r: { id: string }) => r.id)).toEqual([made[2], made[1]]);
    const badCursor = await ctx.call('GET', '/api/v1/custom-records?cursor=nonsense', { token: org.token });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().errors[0]).toMatchObject({ field: 'querystring.cursor', code: 'invalid' });
  });

  it('corrects a record with a new one, linked both ways; only the latest can be corrected (409)', async () => {
    const org = await buildOrg(ctx);
    const old = (await ctx.call('POST', '/api/v1/custom-records', { token: org.token, body: contract(org.id, { contractNumber: 'HT-FIX-1' }) })).json();
    const { orgId: _o, ...fields } = contract(org.id, { contractNumber: 'HT-FIX-1', quantity: 4 });
    const fixed = await ctx.call('POST', `/api/v1/custom-records/${old.id}/corrections`, { token: org.token, body: { ...fields, reason: '数量录入错误' } });
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(fixed.json()).toMatchObject({ supersedes: old.id, supersededBy: null, quantity: 4, correctionReason: '数量录入错误' });
    const oldNow = await ctx.call('GET', `/api/v1/custom-records/${old.id}`, { token: org.token });
    expect(oldNow.json()).toMatchObject({ supersededBy: fixed.json().id, quantity: 3 });
    expect(oldNow.json().contentHash).toEqual(old.contentHash);

    const current = await ctx.call('GET', '/api/v1/custom-records?contractNumber=HT-FIX-1', { token: org.token });
    expect(current.json().items.map((r: { id: string }) => r.id)).toEqual([fixed.json().id]);
    const all = await ctx.call('GET', '/api/v1/custom-records?contractNumber=HT-FIX-1&includeSuperseded=true', { token: org.token });
    expect(all.json().items).toHaveLength(2);

    const again = await ctx.call('POST', `/api/v1/custom-records/${old.id}/corrections`, { token: org.token, lang: 'en', body: fields });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'record_superseded', detail: expect.stringContaining(fixed.json().id) });
    const [leaf] = await ctx.services.ledger.subjectLeaves(fixed.json().id);
    expect(leaf?.fields).toMatchObject({ supersedesId: old.id });
  });

  it('hashes an uploaded file (SHA-256 and SM3) without keeping it, attaching it once with a ledger leaf', async () => {
    const org = await buildOrg(ctx);
    const rec = (await ctx.call('POST', '/api/v1/custom-records', { token: org.token, body: contract(org.id) })).json();
    const upload = (name: string, payload: Buffer) =>
      ctx.app.inject({
        method: 'POST', url: `/api/v1/custom-records/${rec.id}/documents?name=${encodeURIComponent(name)}`, payload,
        headers: { authorization: `Bearer ${org.token}`, 'content-type': 'application/octet-stream' },
      });
    const res = await upload('合同扫描件.pdf', Buffer.from('abc'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().documents).toEqual([{ name: '合同扫描件.pdf', mediaType: 'application/pdf', sha256: ABC_SHA256, sm3: ABC_SM3, size: 3 }]);
    const leaves = await ctx.services.ledger.subjectLeaves(rec.id);
    expect(leaves).toHaveLength(2);
    expect(leaves[1]?.fields).toMatchObject({ contentSm3: res.json().contentHash.sm3, supersedes: leaves[0]?.index });

    const retried = await upload('合同扫描件.pdf', Buffer.from('abc'));
    expect(retried.statusCode).toBe(200);
    expect(await ctx.services.ledger.subjectLeaves(rec.id)).toHaveLength(2);

    const asJson = await ctx.call('POST', `/api/v1/custom-records/${rec.id}/documents?name=x.json`, { token: org.token, body: { not: 'a file' } });
    expect(asJson.statusCode).toBe(415);
    expect(asJson.json().code).toBe('unsupported_media_type');

    const tooBig = await upload('big.bin', Buffer.alloc(20 * 1024 * 1024 + 1));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().code).toBe('payload_too_large');
  });

  it('refuses deletion before the retention period (409 naming the day it is allowed), deletes after it and keeps the ledger leaves', async () => {
    const org = await buildOrg(ctx);
    const rec = (await ctx.call('POST', '/api/v1/custom-records', { token: org.token, body: contract(org.id, { contractNumber: 'HT-DEL-1' }) })).json();
    const url = `/api/v1/custom-records/${rec.id}`;
    const early = await ctx.call('DELETE', url, { token: org.token, body: { reason: '客户要求' } });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'retention_period', retainUntil: '2029-03-01', detail: expect.stringContaining('2029-03-01') });
    expect(early.json().detail).toContain('3 年');
    const earlyEn = await ctx.call('DELETE', url, { token: org.token, lang: 'en', body: { reason: 'asked by the customer' } });
    expect(earlyEn.json().detail).toContain('can be deleted from 2029-03-01');

    // 23:59 on 28 February 2029 in China: still one minute short.
    now = new Date('2029-02-28T15:59:00Z');
    const token = await ctx.login(org.username);
    expect((await ctx.call('DELETE', url, { token, body: { reason: '保存期满' } })).statusCode).toBe(409);

    now = new Date('2029-02-28T16:00:00Z');
    const res = await ctx.call('DELETE', url, { token, body: { reason: '保存期满' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: rec.id, reason: '保存期满', note: expect.stringContaining('账本') });
    const leaves = await ctx.services.ledger.subjectLeaves(rec.id);
    expect(leaves.map((l) => l.type)).toEqual(['custom_record', 'custom_record.deleted']);
    expect(res.json().ledger.map((l: { index: number }) => l.index)).toEqual(leaves.map((l) => l.index));
    expect(leaves[0]?.fields.contentSm3).toBe(rec.contentHash.sm3);
    expect(leaves[1]?.fields).toMatchObject({ id: rec.id, reason: '保存期满', supersedes: leaves[0]?.index });

    const gone = await ctx.call('GET', url, { token });
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ code: 'record_deleted', deletedAt: '2029-02-28T16:00:00.000Z' });
    const listed = await ctx.call('GET', '/api/v1/custom-records?contractNumber=HT-DEL-1', { token });
    expect(listed.json().items).toEqual([]);
    expect((await ctx.call('DELETE', url, { token, body: { reason: 'again' } })).statusCode).toBe(410);

    // The tables still agree with the ledger: no custom record changed behind its back.
    const audit = await auditDatabase(ctx.database.db);
    expect(audit.problems.filter((p) => p.type?.startsWith('custom_record'))).toEqual([]);
  });
});
