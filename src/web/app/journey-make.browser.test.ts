/**
 * Journey 1 of the workbench (issue 12), in Chromium against the real app on a socket over the
 * test database, through the screens only: a producer registers through the wizard; a regulator
 * of its province reviews it (a rejection without a reason is refused on its field) and approves
 * it; the producer signs in, registers a gas cooker from the catalogue form, a batch with its
 * inspection report (a real file: the SM3 and SHA-256 the page records are the file's), issues
 * 1,000 codes watching the progress reach done, previews a label and downloads the label PDF.
 * Then the bad input of each of these forms (batch, issuance, rejection) in both languages, with
 * nothing saved, and every screen in zh-CN and en at phone and desktop size, under
 * test-results/screenshots/ (web-make-*).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, PASSWORD, type TestContext } from '../../../test/app.ts';
import { launchBrowser, PHONE, type TestBrowser } from '../../../test/browser.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildRegulator, randomCcc, randomGtin, randomLicence, randomUscc } from '../../../test/factories.ts';
import { encodeHex } from '../../ledger/bytes.ts';
import { createSm3 } from '../../ledger/sm3-incremental.ts';
import { PACKAGE_ROOT } from '../../paths.ts';

const target = DB_TARGETS[0] ?? 'pglite';
const DESKTOP = { width: 1280, height: 800 } as const;
type Size = { width: number; height: number };

/** A new version of the default profile with the gas appliances' two fields (as workbench.browser.test.ts). */
function profileWithGasFields() {
  const doc = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'src/modules/catalog/data/profile-default-2024.1.json'), 'utf8')) as { version: string; effectiveFrom: string; fields: unknown[] };
  doc.version = '2026.make';
  doc.effectiveFrom = '2025-01-01';
  doc.fields.push(
    { key: 'product.ratedHeatInput', group: 'product', entity: 'product', label: { zh: '额定热负荷（kW）', en: 'Rated heat input (kW)' }, type: 'number', requiredFor: ['gas-appliance'], codingRoute: ['platform'], disclosure: 'public' },
    { key: 'product.gasType', group: 'product', entity: 'product', label: { zh: '适用气种', en: 'Gas type' }, type: 'enum', options: ['12T', '20Y', '3R'], requiredFor: ['gas-appliance'], codingRoute: ['platform'], disclosure: 'chain' },
  );
  return doc;
}

/** A report file of a few MB (more than one of hash-file.ts's 4 MB chunks), and its digests computed here. */
function reportFile(): { file: string; sm3: string; sha256: string } {
  const bytes = crypto.randomBytes(5 * 1024 * 1024 + 123);
  bytes.write('%PDF-1.7 inspection report 检验报告', 0);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yima-report-')), '检验报告-2026-0412.pdf');
  fs.writeFileSync(file, bytes);
  const sm3 = createSm3();
  sm3.update(new Uint8Array(bytes));
  return { file, sm3: encodeHex(sm3.digest()), sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

/** The PDF's page count and first page's size in points, read by pdf.js as a viewer would. */
async function pdfFacts(bytes: Uint8Array): Promise<{ pages: number; width: number; height: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const page = await doc.getPage(1);
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
  const facts = { pages: doc.numPages, width: Math.round(x1 - x0), height: Math.round(y1 - y0) };
  await doc.destroy();
  return facts;
}

describe(`journey 1: register, approve, product, batch with inspection, 1,000 codes, labels (${target})`, () => {
  let ctx: TestContext;
  let browser: TestBrowser;
  let base: string;
  let regulator: { username: string; token: string };
  const state: { orgId?: string; batchId?: string; issuanceId?: string; registrationId?: string; username?: string } = {};

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
    ctx = await createTestContext(target);
    const loaded = await ctx.call('POST', '/api/v1/catalog/profiles', { token: ctx.adminToken, body: profileWithGasFields() });
    expect(loaded.statusCode, loaded.body).toBe(201);
    regulator = await buildRegulator(ctx, ['33']);
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  /** A tab of the given size; page errors, console errors and failed requests are collected. */
  async function open(url: string, size: Size = DESKTOP) {
    const { page } = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    page.on('response', (r) => void (r.status() >= 400 && errors.push(`${r.status()} ${r.url().replace(base, '')}`)));
    await page.setViewportSize(size);
    await page.goto(base + url);
    return { page, errors };
  }

  const switchTo = async (page: Page, lang: 'zh-CN' | 'en') => {
    await page.locator(`.yima-locale button[lang="${lang}"]`).click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
  };

  const signIn = async (page: Page, username: string) => {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel(/^(用户名|User name)$/).fill(username);
    await page.getByLabel(/^(密码|Password)$/).fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  };

  const signOut = async (page: Page) => {
    await page.getByRole('button', { name: /^(退出|Sign out)$/ }).click();
    await page.waitForURL(`${base}/`);
  };

  /** Chooses an option of an antd Select by its label, in the open dropdown. */
  const choose = async (page: Page, label: string | RegExp, option: string | RegExp) => {
    await page.getByLabel(label).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
  };

  /** The field's shown error (antd: the item's explain text). */
  const fieldError = (page: Page, id: string) => page.locator('.ant-form-item').filter({ has: page.locator(`#${id}`) }).locator('.ant-form-item-explain-error');

  const settle = (page: Page) => page.waitForTimeout(350);

  /** A button's name: antd spaces out two Chinese characters (通过 → 通 过). */
  const named = (text: string) => new RegExp(`^${[...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s?')}$`);

  it('takes a producer from registration to a printed label sheet of 1,000 codes', { timeout: 300_000 }, async () => {
    const { page, errors } = await open('/register', DESKTOP);
    const name = '杭州旅程燃具有限公司';
    const uscc = randomUscc('330106');
    const ccc = randomCcc();
    const username = `journey-${Date.now()}`;
    state.username = username;

    // ① Registration through the wizard.
    await page.getByLabel('企业名称').fill(name);
    await page.getByLabel('统一社会信用代码').fill(uscc);
    await page.getByLabel('所在地区（GB/T 2260）').click();
    await page.getByLabel('所在地区（GB/T 2260）').fill('杭州');
    await page.locator('.ant-select-item-option', { hasText: '330100' }).click();
    await page.getByLabel('地址').fill('浙江省杭州市西湖区旅程路 1 号');
    await page.getByLabel('联系人').fill('周经理');
    await page.getByLabel('联系电话').fill('0571-88881111');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '添加生产许可证' }).click();
    await page.getByLabel('编号').nth(0).fill(randomLicence());
    await page.getByLabel('产品').nth(0).fill('家用燃气灶具');
    await page.getByRole('button', { name: '添加CCC 证书' }).click();
    await page.getByLabel('编号').nth(1).fill(ccc);
    await page.getByLabel('产品').nth(1).fill('家用燃气灶具');
    await page.getByLabel('有效期至').fill('2099-12-31');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('再次输入密码').fill(PASSWORD);
    await page.getByRole('button', { name: '提交注册' }).click();
    await expect.poll(() => page.getByTestId('register-waiting').innerText().catch(() => '')).toContain('等待审核');

    // ② The regulator of Zhejiang (33) finds it waiting, with its certificates, and approves it.
    await signIn(page, regulator.username);
    await page.waitForURL(/\/regulator\/registrations$/);
    expect(await page.getByTestId('regulator-scope').innerText()).toBe('辖区：浙江省 33');
    const row = page.locator('.ant-table-row').filter({ hasText: name });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain(uscc);
    expect(await row.innerText()).toContain('浙江省 杭州市 330100');
    await browser.screenshot(page, 'web-make-registrations-zh-desktop');
    await row.getByRole('button', { name: `审核 ${name}` }).click();
    await page.waitForURL(/\/regulator\/registrations\/[0-9a-f-]{36}$/);
    state.orgId = page.url().split('/').at(-1);
    await expect.poll(() => page.locator('h2').innerText()).toBe(name);
    const cccRow = page.locator('.ant-table-row').filter({ hasText: ccc });
    expect(await cccRow.innerText()).toContain('有效');
    await browser.screenshot(page, 'web-make-registration-zh-desktop');
    await page.getByRole('button', { name: named('通过') }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await expect.poll(() => confirm.innerText().catch(() => '')).toContain('无法撤销');
    await browser.screenshot(page, 'web-make-approve-confirm-zh-desktop');
    await confirm.getByRole('button', { name: named('通过') }).click();
    await page.waitForURL(/\/regulator\/registrations$/);
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: name }).count()).toBe(0);
    const decided = (await ctx.call('GET', `/api/v1/orgs/${state.orgId}`, { token: ctx.adminToken })).json<{ status: string; name: string }>();
    expect([decided.name, decided.status]).toEqual([name, 'approved']);
    await signOut(page);

    // ③ The producer signs in and registers a gas cooker from the catalogue form.
    await signIn(page, username);
    await page.waitForURL(/\/producer\/products$/);
    await page.getByRole('button', { name: '登记新产品' }).click();
    await page.locator('#product-category').click();
    await page.locator('#product-category').fill('燃气');
    await page.keyboard.press('Enter');
    await page.locator('#product-item').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '家用燃气灶' }).click();
    const gtin = randomGtin();
    await page.getByLabel('产品名称').fill('旅程牌燃气灶');
    await page.getByLabel('规格型号').fill('JZT-J1');
    await page.getByLabel('执行标准').fill('GB 16410-2020');
    await page.getByLabel('商品条码').fill(gtin);
    await page.getByLabel('额定热负荷（kW）').fill('4.2');
    await choose(page, '适用气种', '12T');
    await choose(page, 'CCC', ccc);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/producer\/products$/);
    await expect.poll(() => page.locator('.yima-row-new').innerText().catch(() => '')).toContain('JZT-J1');

    // ④ A batch with its inspection report: the file is hashed here, and its digests recorded.
    const report = reportFile();
    await page.getByRole('link', { name: '批次与检验' }).click();
    await page.waitForURL(/\/producer\/batches$/);
    await page.getByRole('button', { name: '登记批次' }).click();
    await page.waitForURL(/\/producer\/batches\/new$/);
    await choose(page, /^产品$/, 'JZT-J1');
    await page.getByLabel('批号').fill('L2026-0412');
    await page.getByLabel('生产日期').fill('2026-04-10');
    await page.getByLabel('报告编号').fill('WT2026-0412-001');
    await page.getByLabel('检验机构').fill('浙江省产品质量安全检测研究院');
    await page.getByLabel('检验日期').fill('2026-04-12');
    await page.getByLabel('检验报告文件').setInputFiles(report.file);
    await expect.poll(() => page.getByTestId('report-sm3').innerText().catch(() => '')).toBe(report.sm3);
    expect(await page.getByTestId('report-sha256').innerText()).toBe(report.sha256);
    expect(await page.getByTestId('report-digests').innerText()).toContain('检验报告-2026-0412.pdf');
    await browser.screenshot(page, 'web-make-new-batch-zh-desktop');
    await page.getByRole('button', { name: '登记批次' }).last().click();
    const recordConfirm = page.locator('.ant-modal-confirm');
    await expect.poll(() => recordConfirm.innerText().catch(() => '')).toContain('不能修改或删除');
    await recordConfirm.getByRole('button', { name: named('记录') }).click();
    await page.waitForURL(/\/producer\/batches\/[0-9a-f-]{36}$/);
    state.batchId = page.url().split('/').at(-1);
    await expect.poll(() => page.getByTestId('recorded-sm3').innerText().catch(() => '')).toBe(report.sm3);
    expect(await page.getByTestId('recorded-sha256').innerText()).toBe(report.sha256);
    expect(await page.getByTestId('inspection').innerText()).toContain('WT2026-0412-001');
    await browser.screenshot(page, 'web-make-batch-zh-desktop');
    const saved = (await ctx.call('GET', `/api/v1/batches/${state.batchId}`, { token: await ctx.login(username) })).json<{ lot: string; productionDate: string; inspection: Record<string, unknown> }>();
    expect(saved).toMatchObject({ lot: 'L2026-0412', productionDate: '2026-04-10' });
    expect(saved.inspection).toMatchObject({ result: 'pass', reportNumber: 'WT2026-0412-001', body: '浙江省产品质量安全检测研究院', date: '2026-04-12', reportSm3: report.sm3, reportSha256: report.sha256 });

    // ⑤ 1,000 codes for the batch, the progress followed to done.
    await page.getByRole('button', { name: '为此批次赋码' }).click();
    await page.waitForURL(/\/producer\/issuance\?batch=/);
    await expect.poll(() => page.locator('#issue_batchId').locator('xpath=ancestor::div[contains(@class,"ant-select")]').first().innerText().catch(() => '')).toContain('L2026-0412');
    await page.getByLabel('数量').fill('1,000');
    await page.getByRole('radio', { name: 'GS1（GTIN + 序列号）' }).check();
    await browser.screenshot(page, 'web-make-issue-zh-desktop');
    await page.getByRole('button', { name: '开始赋码' }).click();
    const issueConfirm = page.locator('.ant-modal-confirm');
    await expect.poll(() => issueConfirm.innerText().catch(() => '')).toContain('为批次 L2026-0412 赋 1,000 个码？');
    await issueConfirm.getByRole('button', { name: named('赋码') }).click();
    await page.waitForURL(/\/producer\/issuance\/[0-9a-f-]{36}$/);
    state.issuanceId = page.url().split('/').at(-1);
    const progress = page.getByTestId('issuance-progress');
    const seen = new Set<string>();
    await expect.poll(async () => {
      seen.add(await progress.innerText());
      return progress.getAttribute('data-status');
    }, { timeout: 120_000, interval: 100 }).toBe('done');
    expect(await progress.innerText()).toContain('已赋码 1,000 个');
    await browser.screenshot(page, 'web-make-issued-zh-desktop');

    // ⑥ The first code's label previewed, then the A4 sheet downloaded: 32 pages of A4.
    const preview = page.getByTestId('label-preview');
    await expect.poll(() => preview.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0).catch(() => false)).toBe(true);
    const firstCsvLine = (await ctx.call('GET', `/api/v1/issuances/${state.issuanceId}/codes.csv`, { token: await ctx.login(username) })).body.split('\n')[1] ?? '';
    const firstCode = firstCsvLine.split(',')[1] ?? '';
    expect(firstCode).toMatch(/^\(01\)\d{14}\(21\)/);
    expect(await preview.innerText()).toContain(firstCode);
    expect(await preview.innerText()).toContain('LOT L2026-0412  2026-04-10');
    expect(await page.getByTestId('sheet-facts').innerText()).toBe('共 1,000 个标签：A4 纸 32 页，每页 32 个');
    await page.getByRole('radio', { name: 'GS1 DataMatrix' }).check();
    await expect.poll(() => preview.locator('img').getAttribute('src')).toContain('symbol=gs1-datamatrix');
    await expect.poll(() => preview.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await browser.screenshot(page, 'web-make-labels-zh-desktop');
    await page.getByRole('radio', { name: '二维码（数字链接）' }).check();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('link', { name: '下载标签 PDF' }).click()]);
    const pdf = new Uint8Array(fs.readFileSync(await download.path()));
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe(`labels-${state.issuanceId}.pdf`);
    // A4 is 595 × 842 pt; 1,000 labels at 32 a page.
    expect(await pdfFacts(pdf)).toEqual({ pages: 32, width: 595, height: 842 });

    expect(page.url()).toBe(`${base}/producer/issuance/${state.issuanceId}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  /** Signs in afresh (the browser's cookie forgotten first), in the given language. */
  async function openAs(username: string, lang: 'zh-CN' | 'en', size: Size) {
    await browser.context.clearCookies();
    const opened = await open('/', size);
    await switchTo(opened.page, lang);
    await signIn(opened.page, username);
    return opened;
  }

  const WORDS = {
    'zh-CN': {
      reject: '驳回', reasonRequired: '请写明驳回理由', chooseOne: '请选择一项', required: '请填写此项', fileRequired: '请选择检验报告文件',
      lotPattern: '批号只能包含字母、数字和 - . / 等符号，不含空格和汉字', record: '记录', product: '产品', lot: '批号', productionDate: '生产日期',
      reportNumber: '报告编号', inspectionDate: '检验日期', file: '检验报告文件', batchExists: '批号 L2026-0412 已登记（生产日期 2026-04-10）。',
      quantity: '数量', quantityRange: '请填写 1 至 1,000,000 之间的整数', issue: '开始赋码', issuanceNav: '赋码', batchesNav: '批次与检验', newBatch: '登记批次',
      issueForBatch: '为此批次赋码',
    },
    en: {
      reject: 'Reject', reasonRequired: 'Say why the registration is rejected', chooseOne: 'Choose one', required: 'Please fill this in', fileRequired: 'Choose the report file',
      lotPattern: 'A lot number may hold letters, digits and symbols such as - . / only — no spaces or Chinese characters', record: 'Record', product: 'Product', lot: 'Lot number',
      productionDate: 'Production date', reportNumber: 'Report number', inspectionDate: 'Inspection date', file: 'Report file',
      batchExists: 'Lot L2026-0412 is already registered (production date 2026-04-10).', quantity: 'Quantity', quantityRange: 'Enter a whole number from 1 to 1,000,000',
      issue: 'Issue codes', issuanceNav: 'Issue codes', batchesNav: 'Batches', newBatch: 'Register a batch', issueForBatch: 'Issue codes for this batch',
    },
  } as const;

  const CASES = [{ lang: 'zh-CN', size: PHONE, name: 'zh-phone' }, { lang: 'en', size: DESKTOP, name: 'en-desktop' }] as const;

  for (const { lang, size, name } of CASES) {
    it(`refuses a rejection without a reason on its field, in ${lang} (${name}), and decides nothing`, { timeout: 90_000 }, async () => {
      const w = WORDS[lang];
      const orgName = `待驳回测试燃具厂 ${name}`;
      const res = await ctx.call('POST', '/api/v1/registrations', { body: {
        organisation: { name: orgName, uscc: randomUscc('330106'), address: '浙江省杭州市西湖区测试路 2 号', roles: ['producer'], contacts: [{ name: '吴经理' }] },
        admin: { username: `pending-${name}-${Date.now()}`, password: PASSWORD },
      } });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json<{ organisation: { id: string } }>().organisation.id;
      state.registrationId = id;
      const { page, errors } = await openAs(regulator.username, lang, size);
      await page.waitForURL(/\/regulator\/registrations$/);
      await page.locator('.ant-table-row').filter({ hasText: orgName }).getByRole('button').click();
      await page.waitForURL(new RegExp(`/regulator/registrations/${id}$`));
      await page.getByRole('button', { name: named(w.reject) }).click();
      const dialog = page.getByRole('dialog');
      // Nothing typed, then only spaces: refused on the field, nothing sent.
      await dialog.getByRole('button', { name: named(w.reject) }).click();
      await expect.poll(() => fieldError(page, 'reject_reason').innerText().catch(() => '')).toBe(w.reasonRequired);
      await page.locator('#reject_reason').fill('   ');
      await dialog.getByRole('button', { name: named(w.reject) }).click();
      await expect.poll(() => fieldError(page, 'reject_reason').innerText().catch(() => '')).toBe(w.reasonRequired);
      await settle(page);
      await browser.screenshot(page, `web-make-reject-refused-${name}`);
      const org = (await ctx.call('GET', `/api/v1/orgs/${id}`, { token: ctx.adminToken })).json<{ status: string }>();
      expect(org.status).toBe('pending');
      expect(errors).toEqual([]);
      await page.close();
    });

    it(`refuses a bad batch on its fields, in ${lang} (${name}), and saves nothing`, { timeout: 90_000 }, async () => {
      const w = WORDS[lang];
      const token = await ctx.login(state.username ?? '');
      const batches = async () => (await ctx.call('GET', `/api/v1/batches?orgId=${state.orgId}`, { token })).json<{ inspection: { eventId: string } | null }[]>();
      const before = await batches();
      const { page, errors } = await openAs(state.username ?? '', lang, size);
      await page.getByRole('link', { name: w.batchesNav }).click();
      await page.getByRole('button', { name: w.newBatch }).click();
      await page.waitForURL(/\/producer\/batches\/new$/);
      // Nothing filled: each required field says so.
      await page.locator('.ant-form button[type="submit"]').click();
      await expect.poll(() => fieldError(page, 'batch_productId').innerText().catch(() => '')).toBe(w.chooseOne);
      expect(await fieldError(page, 'batch_lot').innerText()).toBe(w.required);
      expect(await fieldError(page, 'batch_productionDate').innerText()).toBe(w.required);
      expect(await fieldError(page, 'batch_reportNumber').innerText()).toBe(w.required);
      expect(await fieldError(page, 'batch_date').innerText()).toBe(w.required);
      expect(await fieldError(page, 'batch_report').innerText()).toBe(w.fileRequired);
      // A lot with a space and Chinese characters: not a GS1 lot.
      await choose(page, new RegExp(`^${w.product}$`), 'JZT-J1');
      await page.getByLabel(w.lot).fill('批 1');
      await expect.poll(() => fieldError(page, 'batch_lot').innerText().catch(() => '')).toBe(w.lotPattern);
      await settle(page);
      await browser.screenshot(page, `web-make-batch-refused-${name}`);
      // The lot the journey registered: the server refuses it on the lot, in the reader's language.
      const report = reportFile();
      await page.getByLabel(w.lot).fill('L2026-0412');
      await page.getByLabel(w.productionDate).fill('2026-04-11');
      await page.getByLabel(w.reportNumber).fill('WT-DUP');
      await page.getByLabel(w.inspectionDate).fill('2026-04-12');
      await page.getByLabel(w.file).setInputFiles(report.file);
      await expect.poll(() => page.getByTestId('report-sm3').innerText().catch(() => '')).toBe(report.sm3);
      await page.locator('.ant-form button[type="submit"]').click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: named(w.record) }).click();
      await expect.poll(() => fieldError(page, 'batch_lot').innerText().catch(() => '')).toBe(w.batchExists);
      await settle(page);
      await browser.screenshot(page, `web-make-batch-exists-${name}`);
      expect(page.url()).toMatch(/\/producer\/batches\/new$/);
      const after = await batches();
      expect(after.length).toBe(before.length);
      expect(after.map((b) => b.inspection?.eventId)).toEqual(before.map((b) => b.inspection?.eventId));
      // The refused batch's 400 (the browser logs it too); nothing else went wrong.
      expect(errors.filter((e) => !/status of 400|^400 \/api\/v1\/batches$/.test(e))).toEqual([]);
      await page.close();
    });

    it(`refuses a bad issuance on its fields, in ${lang} (${name}), and issues nothing`, { timeout: 90_000 }, async () => {
      const w = WORDS[lang];
      const token = await ctx.login(state.username ?? '');
      const issued = async () => (await ctx.call('GET', `/api/v1/batches/${state.batchId}`, { token })).json<{ quantity?: number }>().quantity;
      expect(await issued()).toBe(1000);
      const { page, errors } = await openAs(state.username ?? '', lang, size);
      await page.getByRole('link', { name: w.issuanceNav }).click();
      await page.waitForURL(/\/producer\/issuance$/);
      await page.getByRole('button', { name: w.issue }).click();
      await expect.poll(() => fieldError(page, 'issue_batchId').innerText().catch(() => '')).toBe(w.chooseOne);
      expect(await fieldError(page, 'issue_quantity').innerText()).toBe(w.quantityRange);
      expect(await fieldError(page, 'issue_scheme').innerText()).toBe(w.chooseOne);
      await choose(page, lang === 'en' ? 'Batch' : '批次', 'L2026-0412');
      await page.getByRole('radio').first().check();
      for (const bad of ['0', '1000001', '12a', '-5']) {
        await page.getByLabel(w.quantity).fill(bad);
        await page.getByRole('button', { name: w.issue }).click();
        await expect.poll(() => fieldError(page, 'issue_quantity').innerText().catch(() => '')).toBe(w.quantityRange);
      }
      expect(await page.locator('.ant-modal-confirm').count()).toBe(0);
      await settle(page);
      await browser.screenshot(page, `web-make-issue-refused-${name}`);
      expect(await issued()).toBe(1000);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('shows every screen of the journey in both languages at phone and desktop size', { timeout: 240_000 }, async () => {
    for (const [lang, size, name] of [['zh-CN', PHONE, 'zh-phone'], ['en', PHONE, 'en-phone'], ['zh-CN', DESKTOP, 'zh-desktop'], ['en', DESKTOP, 'en-desktop']] as const) {
      const w = WORDS[lang];
      const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      const reg = await openAs(regulator.username, lang, size);
      await reg.page.waitForURL(/\/regulator\/registrations$/);
      await expect.poll(() => reg.page.locator('.ant-table-row').count()).toBeGreaterThan(0);
      await fits(reg.page);
      await browser.screenshot(reg.page, `web-make-screen-registrations-${name}`);
      await reg.page.locator('.ant-table-row').first().getByRole('button').click();
      await expect.poll(() => reg.page.locator('.ant-descriptions').count()).toBe(1);
      await fits(reg.page);
      await browser.screenshot(reg.page, `web-make-screen-registration-${name}`);
      expect(reg.errors).toEqual([]);
      await reg.page.close();

      const { page, errors } = await openAs(state.username ?? '', lang, size);
      await page.getByRole('link', { name: w.batchesNav }).click();
      await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
      await fits(page);
      await browser.screenshot(page, `web-make-screen-batches-${name}`);
      await page.getByRole('button', { name: w.newBatch }).click();
      await expect.poll(() => page.getByLabel(w.file).count()).toBe(1);
      await fits(page);
      await browser.screenshot(page, `web-make-screen-new-batch-${name}`);
      await page.goBack();
      await page.locator('.ant-table-row a').first().click();
      await expect.poll(() => page.getByTestId('recorded-sm3').count()).toBe(1);
      await fits(page);
      await browser.screenshot(page, `web-make-screen-batch-${name}`);
      await page.getByRole('button', { name: w.issueForBatch }).click();
      await expect.poll(() => page.getByLabel(w.quantity).count()).toBe(1);
      await fits(page);
      await browser.screenshot(page, `web-make-screen-issue-${name}`);
      // The job's page, as a link to it opens it (e.g. after a reload).
      await page.goto(`${base}/producer/issuance/${state.issuanceId}`);
      await expect.poll(() => page.getByTestId('label-preview').locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0).catch(() => false)).toBe(true);
      await fits(page);
      await browser.screenshot(page, `web-make-screen-labels-${name}`);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
