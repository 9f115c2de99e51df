import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, buildProduct } from '../../../test/factories.ts';
import { validateYimaCode } from '../../shared/codes/yima-code.ts';
import { decodeBarcodes } from '../../../test/zxing.ts';

describe.each(DB_TARGETS)('issuing codes on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  it('issues GTIN + random serial codes as a job, exports them as CSV, and records one ledger record committing to all of them', async () => {
    const org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    const body = { productId: product.id, lot: 'L2026-11A', productionDate: '2026-11-20', quantity: 25_000, scheme: 'gs1', requestId: crypto.randomUUID() };
    const res = await ctx.call('POST', '/api/v1/issuances', { token: org.token, body });
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe(`/api/v1/issuances/${res.json().id}`);
    expect(res.json()).toMatchObject({ status: 'running', quantity: 25_000, gtin: product.gtins[0] });
    await ctx.services.issuance.idle();
    const job = (await ctx.call('GET', `/api/v1/issuances/${res.json().id}`, { token: org.token })).json();
    expect(job).toMatchObject({ status: 'done', issued: 25_000, percent: 100, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const csv = await ctx.call('GET', `/api/v1/issuances/${job.id}/codes.csv`, { token: org.token });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('seq,code,serial,digital_link,lot,production_date');
    expect(lines).toHaveLength(25_001);
    const rows = lines.slice(1).map((l) => l.split(','));
    const serials = new Set(rows.map((r) => r[2]));
    expect(serials.size).toBe(25_000);
    for (const r of rows.slice(0, 50)) {
      expect(r[1]).toBe(`(01)${product.gtins[0]}(21)${r[2]}`);
      expect(r[2]).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
      expect(r[3]).toBe(`http://localhost:8080/01/${product.gtins[0]}/21/${r[2]}`);
      expect(r.slice(4)).toEqual(['L2026-11A', '2026-11-20']);
    }
    const sm3 = crypto.createHash('sm3');
    for (const r of rows) sm3.update(`${r[1]}\n`);
    expect(job.digest).toBe(sm3.digest('hex'));
    const [leaf] = await ctx.services.ledger.subjectLeaves(job.id);
    expect({ type: leaf?.type, record: leaf?.fields }).toMatchObject({ type: 'issuance', record: { quantity: 25_000, codesSm3: job.digest, scheme: 'gs1' } });
  });

  it('issues Yima 数字身份码 under the organisation\'s own issuer prefix, each with a valid check character', async () => {
    const org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org, { gtins: [] });
    const issue = async (requestId: string) => {
      const res = await ctx.call('POST', '/api/v1/issuances', { token: org.token, body: { productId: product.id, lot: 'Y1', productionDate: '2026-11-02', quantity: 2000, scheme: 'yima', requestId } });
      expect(res.statusCode).toBe(202);
      await ctx.services.issuance.idle();
      return (await ctx.call('GET', `/api/v1/issuances/${res.json().id}/codes.csv`, { token: org.token })).body.trim().split('\n').slice(1).map((l) => l.split(','));
    };
    const rows = [...(await issue('y-1')), ...(await issue('y-2'))];
    const prefixes = new Set(rows.map((r) => r[1]?.split('-')[0]));
    expect(prefixes.size).toBe(1);
    expect(new Set(rows.map((r) => r[1])).size).toBe(4000);
    for (const r of rows.slice(0, 200)) {
      expect(validateYimaCode(r[1] ?? '')).toMatchObject({ ok: true });
      expect((r[1] ?? '').length).toBeLessThanOrEqual(20);
      expect(r[3]).toBe(`http://localhost:8080/id/yima/${r[1]}`);
    }
    // Another organisation gets another prefix.
    const other = await buildOrg(ctx);
    const p2 = await buildProduct(ctx, other, { gtins: [] });
    const res = await ctx.call('POST', '/api/v1/issuances', { token: other.token, body: { productId: p2.id, lot: 'Y1', productionDate: '2026-11-02', quantity: 1, scheme: 'yima', requestId: 'o' } });
    await ctx.services.issuance.idle();
    const theirs = (await ctx.call('GET', `/api/v1/issuances/${res.json().id}/codes.csv`, { token: other.token })).body.trim().split('\n')[1]?.split(',')[1] ?? '';
    expect(theirs.split('-')[0]).not.toBe([...prefixes][0]);
  });

  it('prints the issued codes: symbols that scan back to the code, and a PDF sheet of all of them', async () => {
    const org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    const gtin = product.gtins[0] ?? '';
    const res = await ctx.call('POST', '/api/v1/issuances', { token: org.token, body: { productId: product.id, lot: 'P7', productionDate: '2026-11-03', quantity: 40, scheme: 'gs1', requestId: 'labels' } });
    await ctx.services.issuance.idle();
    const id = res.json().id;
    const first = (await ctx.call('GET', `/api/v1/issuances/${id}/codes.csv`, { token: org.token })).body.split('\n')[1]?.split(',') ?? [];
    const qr = await ctx.app.inject({ method: 'GET', url: `/api/v1/issuances/${id}/codes/0/label?format=png`, headers: { authorization: `Bearer ${org.token}` } });
    expect(qr.headers['content-type']).toBe('image/png');
    const [hitQr] = await decodeBarcodes(new Uint8Array(qr.rawPayload));
    expect(hitQr?.text).toBe(first[3]);
    const dm = await ctx.app.inject({ method: 'GET', url: `/api/v1/issuances/${id}/codes/0/label?format=png&symbol=gs1-datamatrix`, headers: { authorization: `Bearer ${org.token}` } });
    const [hitDm] = await decodeBarcodes(new Uint8Array(dm.rawPayload));
    expect(hitDm?.symbologyIdentifier).toBe(']d2');
    expect(hitDm?.text).toBe(`01${gtin}1126110310P7\u001d21${first[2]}`);
    const svg = await ctx.call('GET', `/api/v1/issuances/${id}/codes/0/label`, { token: org.token });
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg /);

    const pdf = await ctx.app.inject({ method: 'GET', url: `/api/v1/issuances/${id}/labels.pdf`, headers: { authorization: `Bearer ${org.token}` } });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdf.rawPayload.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(2); // 40 labels, 32 per A4 sheet
    const other = await buildOrg(ctx);
    expect((await ctx.call('GET', `/api/v1/issuances/${id}/labels.pdf`, { token: other.token })).statusCode).toBe(404);
  });

  it('returns the first job for a repeated request id, and refuses the id for a different request', async () => {
    const org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    const body = { productId: product.id, lot: 'A1', productionDate: '2026-10-01', quantity: 10, scheme: 'gs1', requestId: 'erp-order-4711' };
    const first = await ctx.call('POST', '/api/v1/issuances', { token: org.token, body });
    const again = await ctx.call('POST', '/api/v1/issuances', { token: org.token, body });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const other = await ctx.call('POST', '/api/v1/issuances', { token: org.token, body: { ...body, quantity: 11 } });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('request_id_reused');
    await ctx.services.issuance.idle();
  });

  it('refuses a GTIN the product does not have, a lot re-dated, and another organisation', async () => {
    const org = await buildOrg(ctx);
    const other = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    const base = { productId: product.id, lot: 'B7', productionDate: '2026-09-09', quantity: 5, scheme: 'gs1' };
    const gtin = await ctx.call('POST', '/api/v1/issuances', { token: org.token, body: { ...base, gtin: '06901234567892', requestId: 'g' } });
    expect(gtin.json().errors[0]).toMatchObject({ field: 'gtin', code: 'gtin_not_of_product' });
    await ctx.call('POST', '/api/v1/issuances', { token: org.token, body: { ...base, requestId: 'ok' } });
    const redated = await ctx.call('POST', '/api/v1/issuances', { token: org.token, body: { ...base, productionDate: '2026-09-10', requestId: 'r' } });
    expect(redated.json().errors[0]).toMatchObject({ field: 'productionDate', code: 'batch_date_differs', expected: '2026-09-09' });
    const foreign = await ctx.call('POST', '/api/v1/issuances', { token: other.token, body: { ...base, requestId: 'f' } });
    expect(foreign.statusCode).toBe(404);
    await ctx.services.issuance.idle();
  });
});
