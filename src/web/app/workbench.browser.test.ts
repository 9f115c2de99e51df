/**
 * The workbench in Chromium, against the real app on a socket over the test database: anyone looks
 * up a code from the start page; a producer signs in, registers a product through the form the
 * data-requirements profile generates, sees it listed, and is refused a bad one on its field in
 * both languages with nothing saved. Screens at phone (390×844) and desktop (1280×800) size in
 * zh-CN and en are saved under test-results/screenshots/ (looked at when the screens change).
 *
 * The app is the build `npm ci` makes (scripts/build.mjs, skipped when up to date).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createTestContext, type TestContext } from '../../../test/app.ts';
import { launchBrowser, PHONE, type TestBrowser } from '../../../test/browser.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, buildOrg, buildProduct, issueCodes, randomGtin } from '../../../test/factories.ts';
import { PACKAGE_ROOT } from '../../paths.ts';

const target = DB_TARGETS[0] ?? 'pglite';
const DESKTOP = { width: 1280, height: 800 } as const;
const WEB = path.join(PACKAGE_ROOT, 'dist', 'web');

/** A new version of the default profile: two product fields the built-in one lacks, for gas appliances. */
function profileWithGasFields() {
  const doc = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'src/modules/catalog/data/profile-default-2024.1.json'), 'utf8')) as { version: string; effectiveFrom: string; fields: unknown[] };
  doc.version = '2026.test';
  doc.effectiveFrom = '2025-01-01';
  doc.fields.push(
    { key: 'product.ratedHeatInput', group: 'product', entity: 'product', label: { zh: '额定热负荷（kW）', en: 'Rated heat input (kW)' }, type: 'number', requiredFor: ['gas-appliance'], codingRoute: ['platform'], disclosure: 'public' },
    { key: 'product.gasType', group: 'product', entity: 'product', label: { zh: '适用气种', en: 'Gas type' }, type: 'enum', options: ['12T', '20Y', '3R'], requiredFor: ['gas-appliance'], codingRoute: ['platform'], disclosure: 'chain' },
  );
  return doc;
}

/** The JavaScript of the first download (the entry and what it imports statically), gzip bytes. */
function firstDownloadGzip(): { bytes: number; files: string[] } {
  const manifest = JSON.parse(fs.readFileSync(path.join(WEB, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string; isEntry?: boolean; imports?: string[] }>;
  const seen = new Set<string>();
  const walk = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const i of chunk.imports ?? []) walk(i);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) walk(key);
  const files = [...seen].filter((f) => f.endsWith('.js'));
  return { bytes: files.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(WEB, f)), { level: 9 }).length, 0), files };
}

describe(`the workbench in Chromium (${target})`, () => {
  let ctx: TestContext;
  let browser: TestBrowser;
  let base: string;
  let producer: BuiltOrg;
  let code: string;

  beforeAll(async () => {
    // What `npm ci` runs; it rebuilds only what changed.
    execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
    ctx = await createTestContext(target);
    const loaded = await ctx.call('POST', '/api/v1/catalog/profiles', { token: ctx.adminToken, body: profileWithGasFields() });
    expect(loaded.statusCode, loaded.body).toBe(201);
    producer = await buildOrg(ctx, { name: '杭州火神燃具有限公司' });
    const cooker = await buildProduct(ctx, producer, { name: '家用燃气灶', model: 'JZT-2B', attributes: { 'product.ratedHeatInput': 4.2, 'product.gasType': '12T' } });
    [code = ''] = (await issueCodes(ctx, producer, cooker, { quantity: 1 })).codes;
    // The scan page proves its records against a signed checkpoint: sign one that covers them.
    await ctx.services.ledger.checkpoint();
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  /** A tab of the given size; every console error and failed request is collected. */
  async function open(url: string, size: { width: number; height: number } = PHONE) {
    const { page, requests } = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    page.on('response', (r) => void (r.status() >= 400 && errors.push(`${r.status()} ${r.url().replace(base, '')}`)));
    await page.setViewportSize(size);
    await page.goto(base + url);
    return { page, requests, errors };
  }

  const switchTo = async (page: Page, lang: 'zh-CN' | 'en') => {
    await page.locator(`.yima-locale button[lang="${lang}"]`).click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
  };

  const productCount = async () => (await ctx.call('GET', `/api/v1/products?orgId=${producer.id}`, { token: producer.token })).json<unknown[]>().length;

  it('opens the start page with little JavaScript, reads a code as it is typed and lands on its scan page', async () => {
    const weight = firstDownloadGzip();
    console.log(`first download: ${(weight.bytes / 1024).toFixed(1)} kB gzip of JavaScript (${weight.files.join(', ')})`);
    expect(weight.bytes).toBeLessThan(150 * 1024);

    const { page, requests, errors } = await open('/');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const box = page.getByLabel('产品上的码');
    await expect.poll(() => box.isEditable()).toBe(true);
    // Only the first download's scripts came before the box was usable, all from this site.
    expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
    await browser.screenshot(page, 'web-start-zh-phone');

    // A GTIN with a wrong check digit: where, and what it should be.
    await box.fill('6901234567893');
    const reading = page.getByTestId('code-reading');
    await expect.poll(() => reading.innerText()).toContain('有误：GTIN-13 校验位应为 2，不是 3');
    expect(await reading.innerText()).toContain('第 13 个字符');
    expect(await page.locator('.yima-code-marked mark').innerText()).toBe('3');
    await browser.screenshot(page, 'web-start-error-zh-phone');

    // The issued code, as a scanner types it.
    await box.fill(code);
    await expect.poll(() => reading.innerText()).toBe('识别为：GS1 商品条码');
    await box.press('Enter');
    await page.waitForURL(/\/01\/\d{14}\/21\//);
    expect(new URL(page.url()).pathname).toBe(`/01/${code.slice(4, 18)}/21/${code.slice(22)}`);
    expect(await page.locator('h1').innerText()).toBe('家用燃气灶');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the start page in English, remembered, at desktop size', async () => {
    const { page, errors } = await open('/', DESKTOP);
    await switchTo(page, 'en');
    expect(await page.locator('h1').innerText()).toBe('Check any product code');
    await page.getByLabel('The code on the product').fill('6901234567893');
    await expect.poll(() => page.getByTestId('code-reading').innerText()).toMatch(/^Not a valid code: GTIN-13 check digit should be 2, not 3 \(position 13\)/);
    await browser.screenshot(page, 'web-start-error-en-desktop');
    await page.reload();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await browser.screenshot(page, 'web-start-en-desktop');
    await switchTo(page, 'zh-CN');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signs a producer in (a wrong password said above the form), back to the page asked for, with its organisation and role', async () => {
    const { page, errors } = await open('/producer/products');
    await page.waitForURL(/\/sign-in\?next=%2Fproducer%2Fproducts$/);
    await page.getByLabel('用户名').fill(producer.username);
    await page.getByLabel('密码').fill('not-the-password');
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('用户名或密码错误');
    await browser.screenshot(page, 'web-sign-in-refused-zh-phone');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/producer\/products$/);
    const who = page.getByTestId('who');
    await expect.poll(() => who.innerText()).toContain('杭州火神燃具有限公司');
    expect(await who.innerText()).toContain('单位管理员');
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
    expect(await page.locator('.ant-table-row').first().innerText()).toContain('JZT-2B');
    await browser.screenshot(page, 'web-products-zh-phone');
    // The refused sign-in's 401 (the browser logs it too); nothing else went wrong.
    expect(errors.filter((e) => !/status of 401|^401 \/api\/v1\/auth\/login$/.test(e))).toEqual([]);
    await page.close();
  });

  /** Opens "new product" (signed in by the browser's cookie), chooses 燃气器具 / 家用燃气灶. */
  async function newGasCooker(size: { width: number; height: number }) {
    const opened = await open('/producer/products/new', size);
    const { page } = opened;
    await page.locator('#product-category').click();
    await page.locator('#product-category').fill(await page.evaluate(() => (document.documentElement.lang === 'en' ? 'Gas' : '燃气')));
    await page.keyboard.press('Enter');
    await page.locator('#product-item').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /家用燃气灶|household gas cooker/i }).click();
    return opened;
  }

  it('registers a product through the form the profile generates, and lists it', async () => {
    const { page, errors } = await newGasCooker(DESKTOP);
    // The profile's fields, each with its disclosure level; the two the new version added among them.
    const heat = page.getByLabel('额定热负荷（kW）');
    await expect.poll(() => heat.isVisible()).toBe(true);
    const labels = await page.locator('.ant-form-item-label label').allInnerTexts();
    expect(labels.join('|')).toMatch(/产品名称\s*公开范围：社会公众/);
    expect(labels.join('|')).toMatch(/适用气种\s*公开范围：供应链相关方/);
    expect(labels.join('|')).toMatch(/CCC/);
    await browser.screenshot(page, 'web-new-product-zh-desktop');

    const gtin = randomGtin();
    await page.getByLabel('产品名称').fill('嵌入式燃气灶');
    await page.getByLabel('规格型号').fill('JZY-Q3');
    await page.getByLabel('执行标准').fill('GB 16410-2020');
    await page.getByLabel('商品条码').fill(gtin);
    await heat.fill('4.5');
    await page.getByLabel('适用气种').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '20Y' }).click();
    await page.getByLabel('CCC').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: producer.cccNumber }).click();
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/producer\/products$/);
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(2);
    expect(await page.locator('.yima-row-new').innerText()).toContain('JZY-Q3');
    await browser.screenshot(page, 'web-products-zh-desktop');

    const saved = (await ctx.call('GET', `/api/v1/products?orgId=${producer.id}`, { token: producer.token })).json<{ model: string; gtins: string[]; attributes: Record<string, unknown>; cccCertificateNumber: string }[]>();
    expect(saved.find((p) => p.model === 'JZY-Q3')).toMatchObject({ gtins: [gtin.padStart(14, '0')], attributes: { 'product.ratedHeatInput': 4.5, 'product.gasType': '20Y' }, cccCertificateNumber: producer.cccNumber });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('brings a person whose session ended back to the page they were on, once signed in again', async () => {
    const { page, errors } = await newGasCooker(PHONE);
    await expect.poll(() => page.getByLabel('产品名称').isVisible()).toBe(true);
    // Signed out elsewhere: the browser's cookie names a session that is gone.
    const session = (await browser.context.cookies()).find((c) => c.name === 'yima_session');
    expect((await ctx.call('POST', '/api/v1/auth/logout', { token: session?.value })).statusCode).toBe(204);
    await page.getByRole('link', { name: '返回产品列表' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Fproducer%2Fproducts&expired=1$/);
    expect(await page.getByRole('alert').first().innerText()).toContain('登录已过期');
    await browser.screenshot(page, 'web-session-ended-zh-phone');
    await page.getByLabel('用户名').fill(producer.username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/producer\/products$/);
    await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    expect(errors.filter((e) => !/status of 401|^401 \/api\/v1\/products/.test(e))).toEqual([]);
    await page.close();
  });

  for (const { lang, size, name } of [
    { lang: 'zh-CN', size: PHONE, name: 'zh-phone' },
    { lang: 'en', size: DESKTOP, name: 'en-desktop' },
    { lang: 'en', size: PHONE, name: 'en-phone' },
    { lang: 'zh-CN', size: DESKTOP, name: 'zh-desktop' },
  ] as const) {
    it(`refuses a bad product on its field, in ${lang} (${name}), and saves nothing`, async () => {
      const before = await productCount();
      const { page: first, errors } = await open('/', size);
      await switchTo(first, lang);
      await first.close();
      const { page } = await newGasCooker(size);
      const zh = lang === 'zh-CN';
      // Required fields left empty are named before anything is sent.
      await page.locator('form button[type="submit"]').click();
      await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(3);
      expect(await page.locator('.ant-form-item-explain-error').first().innerText()).toBe(zh ? '请填写“产品名称”' : 'Please fill in “Product name”');

      await page.getByLabel(zh ? '产品名称' : 'Product name').fill('燃气灶');
      await page.getByLabel(zh ? '规格型号' : 'Model').fill(`BAD-${name}`);
      await page.getByLabel(zh ? '执行标准' : 'Standard').first().fill('GB 16410-2020');
      await page.getByLabel(zh ? '商品条码' : 'GTIN').fill('6901234567893');
      await page.getByLabel(zh ? '额定热负荷（kW）' : 'Rated heat input (kW)').fill('4');
      await page.getByLabel(zh ? '适用气种' : 'Gas type').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '12T' }).click();
      await page.getByLabel('CCC').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: producer.cccNumber }).click();
      await page.locator('form button[type="submit"]').click();
      // The server's words, on the GTIN field.
      const gtinItem = page.locator('.ant-form-item').filter({ has: page.locator('#product_gtins_0') });
      await expect.poll(() => gtinItem.locator('.ant-form-item-explain-error').innerText()).toBe(
        zh ? 'GTIN 校验位错误，第 13 位应为「2」，实际为「3」。' : 'Wrong GTIN check digit; digit 13 should be "2", not "3".',
      );
      // Only that one: the required-field messages cleared as the fields were filled (antd fades them out).
      await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBe(1);
      await gtinItem.scrollIntoViewIfNeeded();
      await browser.screenshot(page, `web-new-product-refused-${name}`);
      expect(page.url()).toMatch(/\/producer\/products\/new$/);
      expect(await productCount()).toBe(before);
      // The refused product's 400 (the browser logs it too); nothing else went wrong.
      expect(errors.filter((e) => !/status of 400|^400 \/api\/v1\/products$/.test(e))).toEqual([]);
      await page.close();
    });
  }

  it('shows the start page and the products in both languages at phone and desktop size', { timeout: 90_000 }, async () => {
    if (!(await browser.context.cookies()).some((c) => c.name === 'yima_session')) {
      const { page } = await open('/sign-in');
      await page.getByLabel('用户名').fill(producer.username);
      await page.getByLabel('密码').fill(PASSWORD);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL(/\/producer\/products$/);
      await page.close();
    }
    for (const [lang, size, name] of [['zh-CN', PHONE, 'zh-phone'], ['en', PHONE, 'en-phone'], ['zh-CN', DESKTOP, 'zh-desktop'], ['en', DESKTOP, 'en-desktop']] as const) {
      const { page, errors } = await open('/', size);
      await switchTo(page, lang);
      await browser.screenshot(page, `web-screen-start-${name}`);
      await page.locator('.yima-area-link[href="/producer"]').click();
      await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
      // Nothing wider than the screen: no sideways scrolling of the page itself.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await browser.screenshot(page, `web-screen-products-${name}`);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
