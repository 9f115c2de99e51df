/**
 * Supervision on a small market whose answers are computed by hand: a producer in Zhejiang ships
 * to a seller in Jiangsu, some events late, one before its batch was produced, one in the future,
 * one recalled item taken in after the recall opened. Indicator values equal the hand count,
 * each alert fires once for its evidence, and each audience sees only its own.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, buildOrg, buildProduct, buildRegulator, issueCodes } from '../../../test/factories.ts';
import { asset } from '../../paths.ts';
import { createSupervisionRepo } from './supervision.repo.ts';

interface AlertJson { id: string; kind: string; severity: number; state: string; why: string; subject: string | null; region: string; evidence: { eventId: string; ledgerIndex: number }[]; parties: { id: string; name: string }[]; steps: { state: string; reason: string; ledgerIndex: number }[]; ledgerIndex: number }
interface IndicatorJson { rows: { enterprise?: { id: string }; region?: string; period?: string; numerator: number; denominator: number; value: number | null }[] }

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(DB_TARGETS)('supervision read models and alerts on %s', (target) => {
  let ctx: TestContext;
  let producer: BuiltOrg;
  let seller: BuiltOrg;
  let zhejiang: { token: string };
  let jiangsu: { token: string };
  let guangdong: { token: string };
  let codes: string[];

  const post = async (token: string, action: string, body: unknown) => {
    const res = await ctx.call('POST', `/api/v1/events/${action}`, { token, body });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(201);
  };
  const alertsOf = async (token: string, query = '') => {
    const res = await ctx.call('GET', `/api/v1/alerts${query}`, { token, lang: 'en' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AlertJson[]>();
  };
  const indicator = async (token: string, query: string) => {
    const res = await ctx.call('GET', `/api/v1/indicators?indicator=timeliness&from=2026-01-01&to=2026-12-31&${query}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<IndicatorJson>();
  };

  beforeAll(async () => {
    ctx = await createTestContext(target);
    producer = await buildOrg(ctx, { region: '330106', name: '杭州火神燃具有限公司' });
    seller = await buildOrg(ctx, { region: '320102', name: '南京玄武燃气器具商行' });
    zhejiang = await buildRegulator(ctx, ['33']);
    jiangsu = await buildRegulator(ctx, ['32']);
    guangdong = await buildRegulator(ctx, ['44']);
    const cooker = await buildProduct(ctx, producer);
    const first = await issueCodes(ctx, producer, cooker, { lot: 'S-01', quantity: 5, productionDate: '2026-06-01' });
    const second = await issueCodes(ctx, producer, cooker, { lot: 'S-02', quantity: 1, productionDate: '2026-06-01' });
    codes = [...first.codes.slice(0, 4), ...second.codes, ...first.codes.slice(4)];
    const [c0 = '', c1 = '', c2 = '', c3 = '', c4 = '', c5 = ''] = codes;
    const now = Date.now();
    const to = { orgId: seller.id };
    // Producer: five shipments — on time, three days late, before production (and late), in the future, on time.
    await post(producer.token, 'ship', { codes: [c0, c1], to, destinationRegion: '320102', time: iso(now - HOUR) });
    await post(producer.token, 'ship', { codes: [c2], to, destinationRegion: '320102', time: iso(now - 72 * HOUR) });
    await post(producer.token, 'ship', { codes: [c3], to, destinationRegion: '320102', time: '2026-05-01T10:00:00+08:00' });
    await post(producer.token, 'ship', { codes: [c4], to, destinationRegion: '320102', time: iso(now + 2 * HOUR) });
    await post(producer.token, 'ship', { codes: [c5], to, destinationRegion: '320102', time: iso(now - HOUR) });
    // Seller: receives the first two on time; then the batch is recalled and it still takes c5 in.
    await post(seller.token, 'receive', { codes: [c0, c1], from: { orgId: producer.id } });
    const recall = await ctx.call('POST', '/api/v1/recalls', { token: producer.token, body: { batchIds: [first.batchId], reason: '熄火保护装置可能失效', instructions: '停止销售，退回生产厂' } });
    expect(recall.statusCode, recall.body).toBe(201);
    await post(seller.token, 'receive', { codes: [c5], from: { orgId: producer.id }, override: { reason: '先入库隔离，待厂家回收' } });
    await ctx.services.supervision.catchUp();
  });
  afterAll(() => ctx?.close());

  it('counts timeliness per enterprise and region as computed by hand, each value with numerator and denominator', async () => {
    const byOrg = await indicator(ctx.adminToken, 'groupBy=enterprise');
    const row = (id: string) => byOrg.rows.find((r) => r.enterprise?.id === id);
    // Six events of the producer: the five shipments and the recall it opened; two were late.
    expect(row(producer.id)).toMatchObject({ numerator: 4, denominator: 6 });
    expect(row(producer.id)?.value).toBeCloseTo(4 / 6, 12);
    expect(row(seller.id)).toMatchObject({ numerator: 2, denominator: 2, value: 1 });
    const byProvince = await indicator(ctx.adminToken, 'groupBy=region&regionLevel=2');
    expect(byProvince.rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ region: '33', numerator: 4, denominator: 6 }),
      expect.objectContaining({ region: '32', numerator: 2, denominator: 2 }),
    ]));
    const byMonth = await indicator(ctx.adminToken, `groupBy=period&period=month&orgId=${producer.id}`);
    expect(byMonth.rows.find((r) => r.period === '2026-05')).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('shows each audience only its own: a regulator its province, an enterprise itself, another province nothing', async () => {
    const seenBy = async (token: string) => (await indicator(token, 'groupBy=enterprise')).rows.map((r) => r.enterprise?.id);
    expect(await seenBy(zhejiang.token)).toEqual([producer.id]);
    expect(await seenBy(jiangsu.token)).toEqual([seller.id]);
    expect(await seenBy(producer.token)).toEqual([producer.id]);
    expect(await seenBy(guangdong.token)).toEqual([]);
  });

  it('exports the same rows as CSV', async () => {
    const res = await ctx.call('GET', `/api/v1/indicators?indicator=timeliness&from=2026-01-01&to=2026-12-31&groupBy=enterprise&format=csv`, { token: zhejiang.token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.body.split('\n')).toEqual(['enterprise_id,enterprise,category,region,period,numerator,denominator,value', `${producer.id},杭州火神燃具有限公司,,,,4,6,0.666667`, '']);
  });

  it('refuses a backwards range and an unknown indicator on their fields', async () => {
    const back = await ctx.call('GET', '/api/v1/indicators?indicator=timeliness&from=2026-12-31&to=2026-01-01', { token: zhejiang.token, lang: 'en' });
    expect(back.statusCode).toBe(400);
    expect(back.json()).toMatchObject({ errors: [{ field: 'to', message: expect.stringContaining('before the first (2026-12-31)') }] });
    const unknown = await ctx.call('GET', '/api/v1/indicators?indicator=happiness&from=2026-01-01&to=2026-01-02', { token: zhejiang.token });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('querystring.indicator');
  });

  it('raises each anomaly once, with its evidence and why in words, for the regulators of the region where it happened', async () => {
    const zj = await alertsOf(zhejiang.token);
    const kinds = zj.map((a) => `${a.kind}:${a.why}`).sort();
    expect(kinds).toHaveLength(2);
    const early = zj.find((a) => a.why.includes('before its batch'));
    expect(early).toMatchObject({ kind: 'time_anomaly', severity: 3, state: 'new', subject: codes[3], region: '330106', parties: [{ id: producer.id, name: '杭州火神燃具有限公司' }, { id: seller.id, name: '南京玄武燃气器具商行' }] });
    expect(early?.evidence).toHaveLength(1);
    const ahead = zj.find((a) => a.why.includes('minutes before the time'));
    expect(ahead?.subject).toBe(codes[4]);
    const zh = await ctx.call('GET', `/api/v1/alerts/${early?.id ?? ''}`, { token: zhejiang.token, lang: 'zh-CN' });
    expect(zh.json<AlertJson>().why).toBe('发生于 2026-05-01，早于其批次的生产日期（2026-06-01）。');

    const js = await alertsOf(jiangsu.token);
    expect(js).toEqual([expect.objectContaining({ kind: 'recalled_goods_moving', severity: 1, subject: codes[5], region: '320102' })]);
    expect(js[0]?.why).toContain('1 recalled items were received after the recall opened (熄火保护装置可能失效)');
    expect(await alertsOf(guangdong.token)).toEqual([]);
    expect((await ctx.call('GET', '/api/v1/alerts', { token: producer.token })).statusCode).toBe(403);

    // Folding the same records again (a cursor set back) raises nothing new.
    await createSupervisionRepo(ctx.database.db).moveCursor('events', 0);
    await ctx.services.supervision.catchUp();
    expect((await alertsOf(ctx.adminToken)).length).toBe(3);
  });

  it('takes an alert through its lifecycle, each step with a reason and a ledger record only regulators read', async () => {
    const [alert] = await alertsOf(jiangsu.token, '?kind=recalled_goods_moving');
    const step = (body: unknown, token = jiangsu.token) => ctx.call('POST', `/api/v1/alerts/${alert?.id ?? ''}/steps`, { token, body, lang: 'en' });
    const blank = await step({ state: 'acknowledged', reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('reason');
    expect((await step({ state: 'acknowledged', reason: 'x' }, zhejiang.token)).statusCode).toBe(404);
    const acked = await step({ state: 'acknowledged', reason: '已电话联系商行，货物已隔离' });
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json<AlertJson>()).toMatchObject({ state: 'acknowledged', steps: [{ state: 'acknowledged', reason: '已电话联系商行，货物已隔离' }] });
    const resolved = (await step({ state: 'resolved', reason: '货物已退回生产厂' })).json<AlertJson>();
    expect(resolved.state).toBe('resolved');
    const again = await step({ state: 'dismissed', reason: '重复' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'alert_closed' });

    const leaf = resolved.steps[1]?.ledgerIndex ?? -1;
    const asRegulator = (await ctx.call('GET', `/api/v1/ledger/leaves/${leaf}`, { token: jiangsu.token })).json<{ type: string; record: string; disclosures: string[] }>();
    expect(asRegulator.type).toBe('supervision.alert');
    const opened = asRegulator.disclosures.map((d) => Buffer.from(d, 'base64url').toString('utf8')).join(' ');
    expect(opened).toContain('货物已退回生产厂');
    // The enterprises it names are parties, not its owners; another province's regulator is out of scope.
    expect((await ctx.call('GET', `/api/v1/ledger/leaves/${leaf}`, { token: seller.token })).statusCode).toBe(404);
    expect((await ctx.call('GET', `/api/v1/ledger/leaves/${leaf}`, { token: guangdong.token })).statusCode).toBe(404);
  });

  it('loads definitions as versioned data: refused whole with the field named, the same version again is no change', async () => {
    const builtIn = JSON.parse(fs.readFileSync(asset('src/modules/supervision/data/supervision-2026.1.json'), 'utf8')) as { version: string; score: { factors: { weight: number }[] } };
    const load = (body: unknown, token = ctx.adminToken) => ctx.call('POST', '/api/v1/supervision/definitions', { token, body, lang: 'en' });
    expect((await load(builtIn)).statusCode).toBe(200);
    expect((await load(builtIn, zhejiang.token)).statusCode).toBe(403);
    const skewed = structuredClone(builtIn);
    skewed.version = '2026.2';
    const factor = skewed.score.factors[0];
    if (factor) factor.weight = 0.1;
    const bad = await load(skewed);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ field: 'document.score.factors', message: expect.stringContaining('add up to 0.9, not 1') }] });
    expect((await ctx.call('GET', '/api/v1/supervision/definitions/versions', { token: zhejiang.token })).json<{ version: string }[]>().map((v) => v.version)).toEqual(['2026.1']);
  });

  it('counts certificate validity at shipment and alerts on goods shipped while their CCC certificate is suspended', async () => {
    const maker = await buildOrg(ctx, { region: '340102', name: '合肥暖阳燃具有限公司' });
    const anhui = await buildRegulator(ctx, ['34']);
    const heater = await buildProduct(ctx, maker);
    const { codes: mine } = await issueCodes(ctx, maker, heater, { quantity: 2 });
    const to = { orgId: seller.id };
    await post(maker.token, 'ship', { codes: [mine[0]], to, destinationRegion: '320102' });
    const org = (await ctx.call('GET', `/api/v1/orgs/${maker.id}`, { token: ctx.adminToken })).json<{ cccCertificates: { id: string; number: string }[] }>();
    const cert = org.cccCertificates[0];
    const suspended = await ctx.call('PATCH', `/api/v1/orgs/${maker.id}/ccc-certificates/${cert?.id ?? ''}`, { token: ctx.adminToken, body: { status: 'suspended' } });
    expect(suspended.statusCode, suspended.body).toBe(200);
    await post(maker.token, 'ship', { codes: [mine[1]], to, destinationRegion: '320102' });
    await ctx.services.supervision.catchUp();

    const validity = await ctx.call('GET', `/api/v1/indicators?indicator=certificate_validity&from=2026-01-01&to=2026-12-31&groupBy=enterprise`, { token: anhui.token });
    expect(validity.json<IndicatorJson>().rows).toEqual([expect.objectContaining({ enterprise: expect.objectContaining({ id: maker.id }), numerator: 1, denominator: 2, value: 0.5 })]);
    const alerts = await alertsOf(anhui.token, '?kind=shipped_without_valid_certificate');
    expect(alerts).toEqual([expect.objectContaining({ severity: 1, subject: mine[1], region: '340102' })]);
    expect(alerts[0]?.why).toMatch(new RegExp(`^Shipped on \\d{4}-\\d{2}-\\d{2} while its CCC certificate ${cert?.number ?? ''} was suspended\\.$`));
    expect(await alertsOf(zhejiang.token, '?kind=shipped_without_valid_certificate')).toEqual([]);
  });
});

describe.each(DB_TARGETS)('late data on %s', (target) => {
  let ctx: TestContext;
  // Mid-June (China Standard Time), so that every event of the test falls in one month.
  const NOW = Date.parse('2026-06-15T12:00:00+08:00');
  beforeAll(async () => {
    ctx = await createTestContext(target, {}, () => new Date(NOW));
  });
  afterAll(() => ctx?.close());

  it('alerts once when an enterprise records too few of a month\'s events in time (17 of 20 against 90 %), not again as the month goes on', async () => {
    const maker = await buildOrg(ctx, { region: '350102', name: '福州迟报燃具厂' });
    const buyer = await buildOrg(ctx, { region: '350102' });
    const fujian = await buildRegulator(ctx, ['35']);
    const cooker = await buildProduct(ctx, maker);
    const { codes } = await issueCodes(ctx, maker, cooker, { quantity: 25, productionDate: '2026-06-01' });
    // Each shipment is one event: three recorded 30 hours after they happened, the rest within the hour.
    for (const [i, code] of codes.entries()) {
      const time = new Date(NOW - (i < 3 ? 30 : 1) * HOUR).toISOString();
      const res = await ctx.call('POST', '/api/v1/events/ship', { token: maker.token, body: { codes: [code], to: { orgId: buyer.id }, destinationRegion: '350102', time } });
      expect(res.statusCode, res.body).toBe(201);
      // Fold after the twentieth: 17 of 20 in time. The next five bring it to 22 of 25 (88 %), still below; no second alert.
      if (i === 19 || i === 24) await ctx.services.supervision.catchUp();
    }
    const alerts = (await ctx.call('GET', '/api/v1/alerts?kind=late_data', { token: fujian.token, lang: 'en' })).json<AlertJson[]>();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 3, region: '350102', subject: null, parties: [{ id: maker.id, name: '福州迟报燃具厂' }] });
    expect(alerts[0]?.why).toBe('In 2026-06, 17 of 20 events (85%) were recorded in time, below the required 90%.');
    expect(alerts[0]?.evidence.length).toBeGreaterThanOrEqual(1);
  });
});
