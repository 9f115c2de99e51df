/**
 * The regulator's console in Chromium, against the real server: a Zhejiang regulator signs in,
 * finds the time-anomaly alert of a producer of its province in the queue with its reason in
 * words, is refused a step without a reason (in both languages, nothing recorded), acknowledges
 * and resolves it with reasons, and reads timeliness for its province with numerator and
 * denominator as counted by hand; a Guangdong regulator sees none of it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createTestContext, type TestContext } from '../../../test/app.ts';
import { launchBrowser, PHONE, type TestBrowser } from '../../../test/browser.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, buildProduct, buildRegulator, issueCodes } from '../../../test/factories.ts';

const target = DB_TARGETS[0] ?? 'pglite';
const DESKTOP = { width: 1280, height: 800 } as const;
const HOUR = 3_600_000;

describe(`the regulator's console in Chromium (${target})`, () => {
  let ctx: TestContext;
  let browser: TestBrowser;
  let base: string;
  let zhejiang: { username: string; token: string };
  let guangdong: { username: string; token: string };

  beforeAll(async () => {
    ctx = await createTestContext(target);
    const producer = await buildOrg(ctx, { region: '330106', name: '杭州火神燃具有限公司' });
    const seller = await buildOrg(ctx, { region: '320102', name: '南京玄武燃气器具商行' });
    zhejiang = await buildRegulator(ctx, ['33']);
    guangdong = await buildRegulator(ctx, ['44']);
    const cooker = await buildProduct(ctx, producer);
    const { codes } = await issueCodes(ctx, producer, cooker, { quantity: 3, productionDate: '2026-06-01' });
    const ship = async (code: string, time: string) => {
      const res = await ctx.call('POST', '/api/v1/events/ship', { token: producer.token, body: { codes: [code], to: { orgId: seller.id }, destinationRegion: '320102', time } });
      expect(res.statusCode, res.body).toBe(201);
    };
    // On time; three days late; before its batch was produced (and late).
    await ship(codes[0] ?? '', new Date(Date.now() - HOUR).toISOString());
    await ship(codes[1] ?? '', new Date(Date.now() - 72 * HOUR).toISOString());
    await ship(codes[2] ?? '', '2026-05-01T10:00:00+08:00');
    await ctx.services.supervision.catchUp();
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  async function signedIn(username: string, url: string, size: { width: number; height: number }) {
    // Each test signs in afresh: the browser's session cookie of the last one is dropped.
    await browser.context.clearCookies();
    const { page } = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.setViewportSize(size);
    await page.goto(`${base}${url}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((u) => u.pathname === url.split('?')[0]);
    return { page, errors };
  }
  const switchTo = async (page: Page, lang: 'zh-CN' | 'en') => {
    await page.locator(`.yima-locale button[lang="${lang}"]`).click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
  };

  it('takes the alert from the queue through acknowledge and resolve, each with a reason, refusing a step without one', { timeout: 120_000 }, async () => {
    const { page, errors } = await signedIn(zhejiang.username, '/regulator/alerts', PHONE);
    const row = page.getByRole('link', { name: '时间异常' });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => page.locator('main').innerText()).toContain('早于其批次的生产日期（2026-06-01）');
    await browser.screenshot(page, 'console-alerts-zh-phone');
    await row.click();
    await expect.poll(() => page.getByTestId('alert-why').innerText()).toBe('发生于 2026-05-01，早于其批次的生产日期（2026-06-01）。');
    const [alert] = (await ctx.call('GET', '/api/v1/alerts', { token: zhejiang.token })).json<{ id: string }[]>();

    // No reason: said on the field, in Chinese then in English; nothing recorded.
    await page.getByRole('button', { name: '确认', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '确认', exact: true }).click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').innerText()).toBe('请写明理由');
    await browser.screenshot(page, 'console-alert-reason-refused-zh-phone');
    await dialog.getByRole('button', { name: /取\s?消/ }).click();
    await switchTo(page, 'en');
    await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog').locator('.ant-form-item-explain-error').innerText()).toBe('Give a reason for this step');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await ctx.call('GET', `/api/v1/alerts/${alert?.id ?? ''}`, { token: zhejiang.token })).json<{ steps: unknown[] }>().steps).toEqual([]);
    await switchTo(page, 'zh-CN');

    // With reasons: acknowledged, then resolved.
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await page.getByRole('dialog').getByLabel('理由').fill('已电话联系企业核实生产日期');
    await page.getByRole('dialog').getByRole('button', { name: '确认', exact: true }).click();
    await expect.poll(() => page.getByTestId('alert-steps').innerText()).toContain('已电话联系企业核实生产日期');
    await page.getByRole('button', { name: '处置完毕', exact: true }).click();
    await page.getByRole('dialog').getByLabel('理由').fill('企业已更正发货记录');
    await page.getByRole('dialog').getByRole('button', { name: '处置完毕', exact: true }).click();
    await expect.poll(() => page.getByTestId('alert-state').innerText()).toBe('已处置');
    await browser.screenshot(page, 'console-alert-resolved-zh-phone');
    const after = (await ctx.call('GET', `/api/v1/alerts/${alert?.id ?? ''}`, { token: zhejiang.token })).json<{ state: string; steps: { state: string; reason: string }[] }>();
    expect(after).toMatchObject({ state: 'resolved', steps: [{ state: 'acknowledged', reason: '已电话联系企业核实生产日期' }, { state: 'resolved', reason: '企业已更正发货记录' }] });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows timeliness for the province with numerator and denominator as counted by hand, in both languages at desktop size', { timeout: 90_000 }, async () => {
    const { page, errors } = await signedIn(zhejiang.username, '/regulator/indicators', DESKTOP);
    // Three shipments, one on time.
    await expect.poll(() => page.getByTestId('indicator-table').innerText()).toContain('1 / 3');
    await browser.screenshot(page, 'console-indicators-zh-desktop');
    await switchTo(page, 'en');
    await expect.poll(() => page.getByTestId('indicator-table').innerText()).toContain('1 / 3');
    await browser.screenshot(page, 'console-indicators-en-desktop');
    await switchTo(page, 'zh-CN');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a regulator of another province no alert and no value', { timeout: 90_000 }, async () => {
    const { page } = await signedIn(guangdong.username, '/regulator/alerts', PHONE);
    await expect.poll(() => page.locator('main').innerText()).toContain('辖区内没有待处置的预警');
    expect(await page.getByRole('link', { name: '时间异常' }).count()).toBe(0);
    await page.close();
    expect((await ctx.call('GET', '/api/v1/indicators?indicator=timeliness&from=2026-01-01&to=2026-12-31&groupBy=enterprise', { token: guangdong.token })).json<{ rows: unknown[] }>().rows).toEqual([]);
  });
});
