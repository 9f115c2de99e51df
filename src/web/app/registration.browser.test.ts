/**
 * Registering an enterprise through the workbench's wizard in Chromium, against the real app on a
 * socket over the test database: from the start page's link, a wrong USCC check character is
 * flagged on its field (where, and what it should be) before anything is sent; a malformed licence
 * number refused by the server lands on its field, on the step that holds it; once corrected, the
 * waiting-for-approval page; the organisation then exists, pending, for the platform admin.
 * Screens at phone (390×844) and desktop (1280×800) size in zh-CN go to test-results/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, PASSWORD, type TestContext } from '../../../test/app.ts';
import { launchBrowser, PHONE, type TestBrowser } from '../../../test/browser.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { randomCcc, randomLicence, randomUscc } from '../../../test/factories.ts';
import { PACKAGE_ROOT } from '../../paths.ts';

const target = DB_TARGETS[0] ?? 'pglite';
const DESKTOP = { width: 1280, height: 800 } as const;

describe(`registering an enterprise in Chromium (${target})`, () => {
  let ctx: TestContext;
  let browser: TestBrowser;
  let base: string;

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
    ctx = await createTestContext(target);
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    it(`registers through the wizard at ${size} size and waits for approval`, async () => {
      const { page } = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => void errors.push(e.message));
      await page.setViewportSize(viewport);
      await page.goto(base + '/');
      await page.getByRole('link', { name: '注册企业' }).click();
      await expect.poll(() => page.url()).toBe(`${base}/register`);

      const name = `杭州注册测试燃具有限公司 ${size}`;
      const uscc = randomUscc('330106');
      const wrongCheck = uscc.slice(-1) === '0' ? '1' : '0';
      await page.getByLabel('企业名称').fill(name);
      // Typed in lower case with a wrong check character: flagged on the field, nothing sent.
      const usccBox = page.getByLabel('统一社会信用代码');
      await usccBox.fill((uscc.slice(0, 17) + wrongCheck).toLowerCase());
      await expect.poll(() => page.locator('#uscc_help').innerText().catch(() => '')).toBe(`第 18 位（校验码）应为 ${uscc.slice(-1)}，不是 ${wrongCheck}`);
      await page.getByLabel('所在地区（GB/T 2260）').click();
      await page.getByLabel('所在地区（GB/T 2260）').fill('杭州');
      await page.locator('.ant-select-item-option', { hasText: '330100' }).click();
      await page.getByLabel('地址').fill('浙江省杭州市西湖区注册路 8 号');
      await page.getByLabel('联系人').fill('王经理');
      await page.getByLabel('联系电话').fill('0571-88880000');
      await browser.screenshot(page, `web-register-uscc-zh-${size}`);
      await page.getByRole('button', { name: '下一步' }).click();
      // The wrong check character keeps the wizard on the first step.
      expect(await page.getByLabel('企业名称').isVisible()).toBe(true);
      await usccBox.fill(uscc.toLowerCase());
      await expect.poll(() => page.locator('#uscc_help').count()).toBe(0);
      await page.getByRole('button', { name: '下一步' }).click();

      // 生产许可证 and CCC, one row each; the licence number is malformed (the server says so).
      await page.getByRole('button', { name: '添加生产许可证' }).click();
      await page.getByLabel('编号').nth(0).fill('XK-BAD');
      await page.getByLabel('产品').nth(0).fill('家用燃气灶具');
      await page.getByRole('button', { name: '添加CCC 证书' }).click();
      await page.getByLabel('编号').nth(1).fill(randomCcc());
      await page.getByLabel('产品').nth(1).fill('家用燃气快速热水器');
      await page.getByRole('button', { name: '下一步' }).click();

      const username = `reg-${size}-${Date.now()}`;
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
      await page.getByLabel('再次输入密码').fill(PASSWORD);
      await page.getByRole('button', { name: '提交注册' }).click();

      // Refused: the wizard is back on the licences step, the message on the licence's number.
      const licenceHelp = page.locator('#licences_0_number_help');
      await expect.poll(() => licenceHelp.innerText().catch(() => '')).not.toBe('');
      expect(await page.getByLabel('编号').nth(0).isVisible()).toBe(true);
      // The message has opened to its full height (antd animates it in) before the screen is taken.
      await expect.poll(() => licenceHelp.evaluate((el) => el.scrollHeight - el.clientHeight)).toBe(0);
      await page.waitForTimeout(300);
      await browser.screenshot(page, `web-register-refused-zh-${size}`);
      await page.getByLabel('编号').nth(0).fill(randomLicence());
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('button', { name: '提交注册' }).click();

      const waiting = page.getByTestId('register-waiting');
      await expect.poll(() => waiting.innerText().catch(() => '')).toContain('等待审核');
      expect(await waiting.innerText()).toContain('须经所在地区的监管部门审核通过后');
      await browser.screenshot(page, `web-register-waiting-zh-${size}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(errors).toEqual([]);

      // The platform has it, pending, with what was typed.
      const res = await ctx.call('GET', `/api/v1/orgs?status=pending&q=${encodeURIComponent(name)}`, { token: ctx.adminToken });
      expect(res.statusCode, res.body).toBe(200);
      const found = res.json<{ id: string; name: string; uscc: string; status: string; regionCode: string }[]>();
      expect(found.map((o) => [o.name, o.uscc, o.status, o.regionCode])).toEqual([[name, uscc, 'pending', '330100']]);
      const org = (await ctx.call('GET', `/api/v1/orgs/${found[0]?.id}`, { token: ctx.adminToken })).json<{ licences: unknown[]; cccCertificates: unknown[] }>();
      expect([org.licences.length, org.cccCertificates.length]).toEqual([1, 1]);
      await page.close();
    });
  }

  it('registers a seller in English: the type of enterprise chosen (none is refused on its field), no licences asked', async () => {
    const { page } = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.goto(base + '/');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Register an enterprise' }).click();
    await expect.poll(() => page.url()).toBe(`${base}/register`);
    // Producer is ticked to begin with; with neither ticked the wizard stays, saying why on the field.
    const producer = page.getByRole('checkbox', { name: 'Producer' });
    expect(await producer.isChecked()).toBe(true);
    await producer.uncheck();
    const name = `Hangzhou Counter Store ${Date.now()}`;
    const uscc = randomUscc('330106');
    await page.getByLabel('Enterprise name').fill(name);
    await page.getByLabel('Unified social credit code (USCC)').fill(uscc);
    await page.getByLabel('Address').fill('8 Register Road, Xihu, Hangzhou');
    await page.getByLabel('Contact person').fill('Wang');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('#roles_help').innerText().catch(() => '')).toBe('Choose at least one type of enterprise');
    await browser.screenshot(page, 'web-register-roles-en-phone');
    await page.getByRole('checkbox', { name: 'Seller' }).check();
    await expect.poll(() => page.locator('#roles_help').count()).toBe(0);
    await page.getByRole('button', { name: 'Next' }).click();
    // A seller is told it needs no licence, and goes on.
    await expect.poll(() => page.getByRole('alert').or(page.locator('.ant-alert-info')).first().innerText().catch(() => '')).toContain('A seller needs no production licence');
    await browser.screenshot(page, 'web-register-seller-licences-en-phone');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('User name').fill(`seller-${Date.now()}`);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect.poll(() => page.getByTestId('register-waiting').innerText().catch(() => '')).toContain(name);
    await browser.screenshot(page, 'web-register-waiting-en-phone');
    expect(errors).toEqual([]);

    const res = await ctx.call('GET', `/api/v1/orgs?status=pending&q=${encodeURIComponent(name)}`, { token: ctx.adminToken });
    expect(res.json<{ roles: string[]; uscc: string }[]>().map((o) => [o.uscc, o.roles])).toEqual([[uscc, ['seller']]]);
    await page.close();
  });
});
