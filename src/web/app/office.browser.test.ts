/**
 * The producer's office screens in Chromium, against the real app on a socket over the test
 * database: a producer signs in, adds a resolver link (which the resolver's linkset then lists),
 * records a contract with a document hashed in the browser (the recorded hashes are the file's)
 * and corrects it, adds a user, creates an API key whose secret is shown once (and works), revokes
 * it, opens a recall for a lot and closes it. Every form refuses bad input on its field in both
 * languages and saves nothing. Screens at phone (390×844) and desktop (1280×800) size in zh-CN and
 * en are saved under test-results/screenshots/ (looked at when the screens change).
 *
 * The app is the build `npm ci` makes (scripts/build.mjs, skipped when up to date).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createTestContext, type TestContext } from '../../../test/app.ts';
import { launchBrowser, PHONE, type TestBrowser } from '../../../test/browser.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, buildOrg, buildProduct, issueCodes, randomUscc } from '../../../test/factories.ts';
import { PACKAGE_ROOT } from '../../paths.ts';

const target = DB_TARGETS[0] ?? 'pglite';
const DESKTOP = { width: 1280, height: 800 } as const;
type Size = { width: number; height: number };

describe(`the producer's office screens in Chromium (${target})`, () => {
  let ctx: TestContext;
  let browser: TestBrowser;
  let base: string;
  let producer: BuiltOrg;
  let gtin: string;
  let lot: string;
  let batchId: string;
  let code: string;
  let file: string;
  const bytes = Buffer.concat([Buffer.from('合同扫描件 · contract scan\n'), crypto.randomBytes(300_000)]);

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
    ctx = await createTestContext(target);
    producer = await buildOrg(ctx, { name: '宁波海曙燃具有限公司' });
    const product = await buildProduct(ctx, producer, { name: '家用燃气灶', model: 'JZT-9' });
    gtin = product.gtins[0] ?? '';
    lot = 'L2026-R1';
    const issued = await issueCodes(ctx, producer, product, { lot, quantity: 5 });
    batchId = issued.batchId;
    code = issued.codes[0] ?? '';
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yima-office-')), '合同扫描件.pdf');
    fs.writeFileSync(file, bytes);
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  /** A tab of the given size; every console error and failed request is collected. */
  async function open(url: string, size: Size = PHONE) {
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
  /** Chooses the option of the select labelled `label` whose text matches. */
  const choose = async (page: Page, label: string, option: string | RegExp) => {
    await page.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
  };
  /** The error shown on the form field whose input has this id. */
  const fieldError = (page: Page, id: string) => page.locator('.ant-form-item').filter({ has: page.locator(`#${id}`) }).locator('.ant-form-item-explain-error');
  const api = async <T>(url: string, token = producer.token) => {
    const res = await ctx.call('GET', url, { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };
  const only400 = (errors: string[]) => errors.filter((e) => !/status of 400|^400 \//.test(e));

  it('signs the producer in and opens the links screen from the sub-navigation', async () => {
    const { page, errors } = await open('/producer/products', DESKTOP);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('用户名').fill(producer.username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/producer\/products$/);
    const nav = page.getByRole('navigation', { name: '生产单位' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(expect.arrayContaining(['解析链接', '台账与合同', '用户与密钥', '召回']));
    await nav.getByRole('link', { name: '解析链接' }).click();
    await page.waitForURL(/\/producer\/links$/);
    await expect.poll(() => page.getByRole('heading', { name: '解析链接' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('adds a link for the resolver, lists it, and the resolver\'s linkset for the GTIN carries it', async () => {
    const { page, errors } = await open('/producer/links', DESKTOP);
    await choose(page, '产品（商品条码）', gtin);
    await choose(page, '链接类型（GS1）', '安全信息');
    await page.getByLabel('目标语言').click();
    await page.keyboard.type('zh');
    await page.keyboard.press('Enter');
    await page.getByLabel('标题', { exact: true }).click();
    await page.getByLabel('标题', { exact: true }).fill('燃气灶安全须知');
    await page.getByLabel('目标网址').fill('https://maker.example/jzt-9/safety');
    await page.getByLabel('设为该链接类型的默认链接').check();
    await browser.screenshot(page, 'office-link-form-zh-desktop');
    await page.locator('form[id="link"] button[type="submit"]').click();
    await expect.poll(() => page.locator('.yima-row-new').count()).toBe(1);
    const row = await page.locator('.yima-row-new').innerText();
    expect(row).toContain('家用燃气灶 JZT-9');
    expect(row).toContain('安全信息');
    expect(row).toContain('燃气灶安全须知 (zh)');
    expect(row).toContain('默认');
    await browser.screenshot(page, 'office-links-zh-desktop');

    const saved = await api<{ items: { gtin: string; linkType: string; href: string; title: string; hreflang: string[]; isDefault: boolean }[] }>(`/api/v1/links?orgId=${producer.id}`);
    expect(saved.items).toEqual([expect.objectContaining({ gtin, linkType: 'gs1:safetyInfo', href: 'https://maker.example/jzt-9/safety', title: '燃气灶安全须知', hreflang: ['zh'], isDefault: true })]);
    // The linkset of an item of that GTIN (the resolver answers for issued codes).
    const linkset = await ctx.call('GET', `/01/${code.slice(4, 18)}/21/${code.slice(22)}?linkType=all`);
    expect(linkset.statusCode, linkset.body).toBe(200);
    const [entry] = linkset.json<{ linkset: Record<string, unknown>[] }>().linkset;
    expect(entry?.['https://ref.gs1.org/voc/safetyInfo']).toEqual([expect.objectContaining({ href: 'https://maker.example/jzt-9/safety', title: '燃气灶安全须知', hreflang: ['zh'] })]);

    // A second link, removed again after confirming: the first stays.
    await choose(page, '产品（商品条码）', gtin);
    await choose(page, '链接类型（GS1）', '产品信息页');
    await page.getByLabel('标题', { exact: true }).fill('旧产品页');
    await page.getByLabel('目标网址').fill('https://maker.example/old');
    await page.locator('form[id="link"] button[type="submit"]').click();
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(2);
    await page.getByRole('button', { name: '删除链接“旧产品页”' }).click();
    const confirm = page.locator('.ant-popover:visible');
    await expect.poll(() => confirm.innerText()).toContain('删除无法撤销');
    await browser.screenshot(page, 'office-link-remove-zh-desktop');
    await confirm.locator('.ant-btn-dangerous').click();
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
    expect((await api<{ items: { title: string }[] }>(`/api/v1/links?orgId=${producer.id}`)).items.map((l) => l.title)).toEqual(['燃气灶安全须知']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('records a contract with a document hashed in the browser (the recorded hashes are the file\'s), then corrects it', async () => {
    const { page, errors } = await open('/producer/records', PHONE);
    await page.getByRole('link', { name: '新建记录' }).click();
    await page.waitForURL(/\/producer\/records\/new$/);
    await page.getByLabel('合同编号').fill('HT-2026-031');
    await page.getByLabel('合同签订日期').fill('2026-11-02');
    await page.getByLabel('买方名称').fill('宁波某酒店管理有限公司');
    await page.getByLabel('产品名称').fill('商用燃气灶（定制）');
    await page.getByLabel('规格型号').fill('JZT-9-C');
    await page.getByLabel('数量').fill('3');
    await page.getByLabel('单位', { exact: true }).fill('台');
    await page.setInputFiles('#record-file', file);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const sm3 = crypto.createHash('sm3').update(bytes).digest('hex');
    await expect.poll(() => page.getByTestId('doc-sha256').innerText()).toBe(`SHA-256 ${sha256}`);
    expect(await page.getByTestId('doc-sm3').innerText()).toBe(`SM3 ${sm3}`);
    await browser.screenshot(page, 'office-record-form-zh-phone');
    await page.locator('form[id="record"] button[type="submit"]').click();
    await page.waitForURL(/\/producer\/records\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('saved-documents').innerText()).toContain(sha256);
    await browser.screenshot(page, 'office-record-zh-phone');

    const [record, ...others] = (await api<{ items: { id: string; contractNumber: string; quantity: number; documents: unknown[]; supersedes: string | null }[] }>(`/api/v1/custom-records?orgId=${producer.id}`)).items;
    expect(others).toEqual([]);
    expect(record).toMatchObject({ contractNumber: 'HT-2026-031', quantity: 3, documents: [{ name: '合同扫描件.pdf', mediaType: 'application/pdf', sha256, sm3, size: bytes.length }] });

    // A correction: a new version that supersedes it, the document kept.
    await page.getByRole('button', { name: '更正或补充文件' }).click();
    await page.getByLabel('数量').fill('4');
    await page.getByLabel('更正原因').fill('买方追加 1 台，补充合同附件');
    // Attach a second document to the corrected version.
    const annex = Buffer.from('补充协议：追加 1 台\n');
    await page.setInputFiles('#record-file', { name: '补充协议.txt', mimeType: 'text/plain', buffer: annex });
    await expect.poll(() => page.getByTestId('doc-sha256').count()).toBe(2);
    await page.locator('form[id="correction"] button[type="submit"]').click();
    await expect.poll(() => page.getByText('更正已保存').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.ant-descriptions').innerText()).toContain('买方追加 1 台，补充合同附件');
    const [current] = (await api<{ items: { id: string; quantity: number; supersedes: string | null; documents: { sha256: string }[] }[] }>(`/api/v1/custom-records?orgId=${producer.id}`)).items;
    expect(current).toMatchObject({
      quantity: 4, supersedes: record?.id,
      documents: [{ sha256 }, { name: '补充协议.txt', mediaType: 'text/plain', size: annex.length, sha256: crypto.createHash('sha256').update(annex).digest('hex'), sm3: crypto.createHash('sm3').update(annex).digest('hex') }],
    });
    expect(page.url()).toContain(current?.id ?? '-');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('adds an operator, creates an API key shown once (which works), and revokes it after confirming', async () => {
    const { page, errors } = await open('/producer/team', DESKTOP);
    await page.getByRole('button', { name: '添加用户' }).click();
    await page.getByLabel('用户名').fill('op.li');
    await page.getByLabel('姓名').fill('李操作员');
    await page.getByLabel('初始密码').fill('Op-Passw0rd-2026!');
    await page.locator('form[id="user"] button[type="submit"]').click();
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: '李操作员' }).count()).toBe(1);
    const users = await api<{ username: string; role: string }[]>(`/api/v1/users?orgId=${producer.id}`);
    expect(users.find((u) => u.username === 'op.li')).toMatchObject({ role: 'org_operator' });

    await page.getByLabel('密钥名称').fill('MES 产线 2');
    await page.locator('form[id="api-key"] button[type="submit"]').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.innerText()).toContain('只显示这一次，关闭后将不再显示');
    const key = (await page.getByTestId('api-key-secret').innerText()).trim();
    expect(key).toMatch(/^yk_[0-9a-f]{32}\.[\w-]+$/);
    expect(await dialog.getByRole('button', { name: '复制' }).count()).toBeGreaterThan(0);
    await browser.screenshot(page, 'office-api-key-secret-zh-desktop');
    await dialog.getByRole('button', { name: '我已复制，关闭' }).click();
    await expect.poll(() => page.getByTestId('api-key-secret').count()).toBe(0);
    // Shown once: the page no longer holds it.
    expect(await page.content()).not.toContain(key.split('.')[1]);
    // The key works for the organisation's systems.
    const listed = await ctx.call('GET', `/api/v1/links?orgId=${producer.id}`, { token: key });
    expect(listed.statusCode, listed.body).toBe(200);
    await page.reload();
    const keyRow = page.locator('.ant-table-row').filter({ hasText: 'MES 产线 2' });
    await expect.poll(() => keyRow.innerText()).not.toContain('未使用');
    await browser.screenshot(page, 'office-team-zh-desktop');

    await keyRow.getByRole('button', { name: '吊销密钥“MES 产线 2”' }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await expect.poll(() => confirm.innerText()).toContain('吊销无法撤销');
    await confirm.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await expect.poll(() => keyRow.innerText()).toContain('已吊销');
    expect((await ctx.call('GET', `/api/v1/links?orgId=${producer.id}`, { token: key })).statusCode).toBe(401);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a recall for one lot after confirming, shows its progress and holders, and closes it after a warning', async () => {
    const { page, errors } = await open('/producer/recalls', PHONE);
    await page.getByRole('link', { name: '发起召回' }).click();
    await page.waitForURL(/\/producer\/recalls\/new$/);
    await choose(page, '产品', 'JZT-9');
    await choose(page, '批次', lot);
    await page.getByLabel('召回原因').fill('部分批次熄火保护装置失效');
    await page.getByLabel('处置要求').fill('立即停止销售，退回生产单位');
    await browser.screenshot(page, 'office-recall-form-zh-phone');
    await page.locator('form[id="recall"] button[type="submit"]').click();
    const confirm = page.locator('.ant-modal-confirm');
    await expect.poll(() => confirm.innerText()).toContain('无法撤回');
    await confirm.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await page.waitForURL(/\/producer\/recalls\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() ?? '';
    await expect.poll(() => page.getByTestId('recall-progress').innerText()).toMatch(/涉及\s*5/);
    expect(await page.locator('.ant-card').filter({ hasText: '持有者' }).innerText()).toContain('宁波海曙燃具有限公司');
    await browser.screenshot(page, 'office-recall-zh-phone');
    const opened = await api<{ status: string; scope: { batchIds: string[] }; reason: string }>(`/api/v1/recalls/${id}`);
    expect(opened).toMatchObject({ status: 'open', scope: { batchIds: [batchId] }, reason: '部分批次熄火保护装置失效' });

    await page.getByRole('button', { name: '结束召回' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.innerText()).toContain('不能重新打开');
    // No note: said on the field, nothing sent.
    await dialog.locator('.ant-modal-footer .ant-btn-dangerous').click();
    await expect.poll(() => fieldError(page, 'close-recall_note').innerText()).toBe('请填写“结束说明”');
    await page.getByLabel('结束说明').fill('涉及产品已全部退回');
    await dialog.locator('.ant-modal-footer .ant-btn-dangerous').click();
    await expect.poll(() => page.locator('.ant-tag').filter({ hasText: '已结束' }).count()).toBe(1);
    expect(await api<{ status: string; closeNote: string }>(`/api/v1/recalls/${id}`)).toMatchObject({ status: 'closed', closeNote: '涉及产品已全部退回' });
    await browser.screenshot(page, 'office-recall-closed-zh-phone');
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const { lang, size, name } of [
    { lang: 'zh-CN', size: DESKTOP, name: 'zh-desktop' },
    { lang: 'en', size: PHONE, name: 'en-phone' },
  ] as const) {
    const zh = lang === 'zh-CN';
    const counts = async () => ({
      links: (await api<{ items: unknown[] }>(`/api/v1/links?orgId=${producer.id}`)).items.length,
      records: (await api<{ items: unknown[] }>(`/api/v1/custom-records?orgId=${producer.id}&includeSuperseded=true`)).items.length,
      users: (await api<unknown[]>(`/api/v1/users?orgId=${producer.id}`)).length,
      keys: (await api<unknown[]>(`/api/v1/orgs/${producer.id}/api-keys`)).length,
      recalls: (await api<unknown[]>('/api/v1/recalls')).length,
    });

    it(`refuses bad input on every office form on its field, in ${lang} (${name}), and saves nothing`, { timeout: 90_000 }, async () => {
      // Setup: an open recall to refuse a closing note on.
      const opened = await ctx.call('POST', '/api/v1/recalls', { token: producer.token, body: { batchIds: [batchId], reason: `Setup ${name}`, instructions: 'Setup' } });
      expect(opened.statusCode, opened.body).toBe(201);
      const recallId = opened.json<{ id: string }>().id;
      const before = await counts();
      const { page: first } = await open('/', size);
      await switchTo(first, lang);
      await first.close();

      // Links: a plain-http target, refused by the server on the target field.
      const { page, errors } = await open('/producer/links', size);
      await page.locator('form[id="link"] button[type="submit"]').click();
      await expect.poll(() => fieldError(page, 'link_gtin').innerText()).toBe(zh ? '请填写“产品（商品条码）”' : 'Please fill in “Product (GTIN)”');
      await choose(page, zh ? '产品（商品条码）' : 'Product (GTIN)', gtin);
      await choose(page, zh ? '链接类型（GS1）' : 'Link type (GS1)', 'gs1:pip');
      await page.getByLabel(zh ? '标题' : 'Title', { exact: true }).fill('Product page');
      await page.getByLabel(zh ? '目标网址' : 'Target URL').fill('http://maker.example/jzt-9');
      await page.locator('form[id="link"] button[type="submit"]').click();
      await expect.poll(() => fieldError(page, 'link_href').innerText()).toMatch(zh ? /^应为 https 地址/ : /^Expected an https URL/);
      await browser.screenshot(page, `office-link-refused-${name}`);

      // Records: a buyer's USCC with a wrong check character.
      await page.goto(`${base}/producer/records/new`);
      const uscc = randomUscc();
      const wrong = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
      await page.getByLabel(zh ? '合同编号' : 'Contract number').fill('HT-BAD');
      await page.getByLabel(zh ? '买方名称' : 'Buyer', { exact: true }).fill('某买方');
      await page.getByLabel(zh ? '买方统一社会信用代码' : "Buyer's unified social credit code").fill(wrong);
      await page.getByLabel(zh ? '产品名称' : 'Product name').fill('定制燃气灶');
      await page.getByLabel(zh ? '数量' : 'Quantity').fill('1');
      await page.getByLabel(zh ? '单位' : 'Unit', { exact: true }).fill('台');
      await page.locator('form[id="record"] button[type="submit"]').click();
      await expect.poll(() => fieldError(page, 'record_buyer_uscc').innerText()).toMatch(zh ? /^校验码错误，第 18 位应为/ : /^Wrong check character; character 18 should be/);
      await browser.screenshot(page, `office-record-refused-${name}`);

      // A correction with the same wrong USCC.
      await page.goto(`${base}/producer/records`);
      await page.locator('.ant-table-row a').first().click();
      await page.getByRole('button', { name: zh ? '更正或补充文件' : 'Correct or attach documents' }).click();
      await page.getByLabel(zh ? '买方统一社会信用代码' : "Buyer's unified social credit code").fill(wrong);
      await page.getByLabel(zh ? '更正原因' : 'Reason for the correction').fill('Test');
      await page.locator('form[id="correction"] button[type="submit"]').click();
      await expect.poll(() => fieldError(page, 'correction_buyer_uscc').innerText()).toMatch(zh ? /^校验码错误，第 18 位应为/ : /^Wrong check character; character 18 should be/);
      await browser.screenshot(page, `office-correction-refused-${name}`);

      // Team: a user name and a password the server refuses; an API key name too long.
      await page.goto(`${base}/producer/team`);
      await page.getByRole('button', { name: zh ? '添加用户' : 'Add a user' }).click();
      await page.getByLabel(zh ? '用户名' : 'User name').fill('Bad Name');
      await page.getByLabel(zh ? '初始密码' : 'First password').fill('short');
      await page.locator('form[id="user"] button[type="submit"]').click();
      await expect.poll(() => fieldError(page, 'user_username').innerText()).toMatch(zh ? /^用户名为 3–64 位小写字母/ : /^A user name is 3–64 lower-case letters/);
      expect(await fieldError(page, 'user_password').innerText()).toMatch(zh ? /^密码至少 \d+ 个字符/ : /^A password has at least \d+ characters/);
      await page.getByLabel(zh ? '密钥名称' : 'Key name').fill('K'.repeat(101));
      await page.locator('form[id="api-key"] button[type="submit"]').click();
      await expect.poll(() => fieldError(page, 'api-key_name').innerText()).toMatch(zh ? /最多 100 个字符/ : /at most 100 characters/);
      await browser.screenshot(page, `office-team-refused-${name}`);

      // Recalls: nothing chosen to recall.
      await page.goto(`${base}/producer/recalls/new`);
      await page.getByLabel(zh ? '召回原因' : 'Reason for the recall').fill('Test');
      await page.getByLabel(zh ? '处置要求' : 'What holders and consumers should do').fill('Test');
      await page.locator('form[id="recall"] button[type="submit"]').click();
      await page.locator('.ant-modal-confirm .ant-modal-confirm-btns .ant-btn-dangerous').click();
      await expect.poll(() => fieldError(page, 'recall_productId').innerText()).toBe(zh ? '请至少给出召回的产品、批次或码之一。' : 'Give at least one product, batch or code to recall.');
      await browser.screenshot(page, `office-recall-refused-${name}`);

      // Closing a recall without a note.
      await page.goto(`${base}/producer/recalls/${recallId}`);
      await page.getByRole('button', { name: zh ? '结束召回' : 'Close the recall' }).click();
      await page.getByRole('dialog').locator('.ant-modal-footer .ant-btn-dangerous').click();
      await expect.poll(() => fieldError(page, 'close-recall_note').innerText()).toBe(zh ? '请填写“结束说明”' : 'Please fill in “Closing note”');
      await browser.screenshot(page, `office-recall-close-refused-${name}`);
      expect((await api<{ status: string }>(`/api/v1/recalls/${recallId}`)).status).toBe('open');

      expect(await counts()).toEqual(before);
      expect(only400(errors)).toEqual([]);
      await page.close();
    });
  }

  it('shows the office screens in both languages at phone and desktop size, none wider than the screen', { timeout: 120_000 }, async () => {
    for (const [lang, size, name] of [['zh-CN', PHONE, 'zh-phone'], ['en', PHONE, 'en-phone'], ['zh-CN', DESKTOP, 'zh-desktop'], ['en', DESKTOP, 'en-desktop']] as const) {
      const { page, errors } = await open('/', size);
      await switchTo(page, lang);
      for (const screen of ['links', 'records', 'team', 'recalls'] as const) {
        await page.goto(`${base}/producer/${screen}`);
        await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${screen} ${name}`).toBeLessThanOrEqual(size.width);
        await browser.screenshot(page, `office-screen-${screen}-${name}`);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
