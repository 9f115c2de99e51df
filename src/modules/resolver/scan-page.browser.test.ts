/**
 * The scan page as a consumer sees it: the real app on a socket, Chromium as a phone (390×844),
 * both languages. One database target is enough here — the page renders the same facts on either,
 * and resolver.test.ts runs the data paths on every target.
 */
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { launchBrowser, type TestBrowser } from '../../../test/browser.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, buildOrg, buildProduct, issueCodes } from '../../../test/factories.ts';

const target = DB_TARGETS[0] ?? 'pglite';
const JSON_ = { accept: 'application/json' };
/** `(01)…(21)…` → its Digital Link path. */
const dl = (code: string) => `/01/${code.slice(4, 18)}/21/${code.slice(22)}`;
const LANGS = [
  { lang: 'zh', query: '', name: 'zh' },
  { lang: 'en', query: '?lang=en', name: 'en' },
] as const;

describe(`the scan page in Chromium (${target})`, () => {
  let ctx: TestContext;
  let browser: TestBrowser;
  let base: string;
  let producer: BuiltOrg;
  let gtin: string;
  let sold: string;
  let recalled: string;
  let cloned: string;
  let tampered: string;

  beforeAll(async () => {
    ctx = await createTestContext(target, { YIMA_SCAN_RATE_PER_MINUTE: '100000', YIMA_CLONE_SESSIONS: '5' });
    producer = await buildOrg(ctx, { name: '杭州火神燃具有限公司' });
    const seller = await buildOrg(ctx, { name: '南京家电商店', region: '320102' });
    const post = async (token: string, action: string, body: unknown) => {
      const r = await ctx.call('POST', `/api/v1/events/${action}`, { token, body });
      expect(r.statusCode, r.body).toBe(201);
    };

    const cooker = await buildProduct(ctx, producer, { name: '家用燃气灶', model: 'JZT-2B' });
    gtin = cooker.gtins[0] ?? '';
    const batch = await issueCodes(ctx, producer, cooker, { lot: 'L2026-10', quantity: 4, productionDate: '2026-10-01' });
    [sold = '', cloned = ''] = batch.codes;
    await post(producer.token, 'inspect', { batchId: batch.batchId, result: 'pass', reportNumber: 'JY-2026-0001', body: '浙江省产品质量监督检验研究院', date: '2026-10-02', reportSha256: 'a'.repeat(64) });
    await post(producer.token, 'ship', { codes: [sold, cloned], to: { orgId: seller.id }, destinationRegion: '320102' });
    await post(seller.token, 'receive', { codes: [sold, cloned], from: { orgId: producer.id } });
    await post(seller.token, 'sell', { codes: [sold] });

    // A batch of its own for the recall, and another for the tampering (it alters its registration record).
    const heater = await buildProduct(ctx, producer, { name: '燃气热水器', model: 'JSQ-16' });
    [recalled = ''] = (await issueCodes(ctx, producer, heater, { lot: 'R-01', quantity: 2 })).codes;
    const recall = await ctx.call('POST', '/api/v1/recalls', {
      token: producer.token,
      body: { productIds: [heater.id], reason: '熄火保护装置可能失效', instructions: '请立即停止使用，关闭燃气阀门，联系 400-000-0000 免费更换' },
    });
    expect(recall.statusCode, recall.body).toBe(201);
    [tampered = ''] = (await issueCodes(ctx, producer, cooker, { lot: 'T-01', quantity: 1 })).codes;

    // Scanned by more different people than YIMA_CLONE_SESSIONS: the next scan must warn.
    for (let i = 0; i < 6; i++) await ctx.call('GET', dl(cloned), { headers: JSON_, remoteAddress: `203.0.113.${i + 1}` });
    await ctx.services.resolver.flush();

    // The page proves records against a signed checkpoint: sign one that covers them all.
    await ctx.services.ledger.checkpoint();
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  /** Opens a page, waits for the ledger check (when the page has one) and returns it with its requests. */
  async function open(path: string, opts: { waitForLedger?: boolean } = {}) {
    const { page, requests } = await browser.newPage();
    const res = await page.goto(base + path);
    if (opts.waitForLedger !== false && (await page.locator('#ledger').count()) > 0) {
      await page.waitForFunction(() => /[✓✗]/.test(document.getElementById('ledger-status')?.textContent ?? ''), undefined, { timeout: 20_000 });
    }
    return { page, requests, status: res?.status(), html: (await res?.text()) ?? '' };
  }

  const text = (page: Page, selector: string) => page.locator(selector).innerText();

  for (const { lang, query, name } of LANGS) {
    const zh = lang === 'zh';

    it(`shows a normal product, verified in the ledger on the phone, in ${name}`, async () => {
      const { page, requests, status, html } = await open(dl(sold) + query);
      expect(status).toBe(200);
      expect(Buffer.byteLength(html)).toBeLessThan(50 * 1024);
      expect(await page.getAttribute('html', 'lang')).toBe(zh ? 'zh-CN' : 'en');
      expect(await text(page, 'h1')).toBe('家用燃气灶');
      const product = await text(page, '#product');
      expect(product).toContain('JZT-2B');
      expect(product).toContain(gtin);
      expect(await text(page, '#producer')).toContain('杭州火神燃具有限公司');
      expect(await text(page, '#producer')).toContain(producer.uscc);
      expect(await text(page, '#batch')).toContain('L2026-10');
      expect(await text(page, '#inspection')).toContain(zh ? '✓ 合格' : '✓ Passed');
      expect(await text(page, '#inspection')).toContain('JY-2026-0001');
      expect(await text(page, '#ccc')).toContain(zh ? '有效' : 'Valid');
      const journey = await text(page, '#journey');
      expect(journey).toContain(zh ? '发货 · 江苏省南京市' : 'Shipped');
      expect(journey).toContain(zh ? '售出' : 'Sold');
      const verified = await text(page, '#ledger-status');
      expect(verified).toMatch(zh ? /^✓ 已核验：登记记录在公开账本中（检查点共 \d+ 条记录）$/ : /^✓ Verified: the record is in the public ledger \(checkpoint of \d+ records\)$/);
      expect(await page.locator('#ledger-status').getAttribute('class')).toBe('ok');
      // The script offers the location button; nothing was sent without a tap.
      await expect.poll(() => page.locator('#location button').isVisible()).toBe(true);
      expect(requests.filter((u) => u.includes('/location'))).toEqual([]);
      expect(await page.locator('#recall').count()).toBe(0);
      expect(await page.locator('#clone').count()).toBe(0);
      // No third-party request of any kind.
      expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
      await browser.screenshot(page, `normal-${name}`);
      await page.close();
    });

    it(`puts a red recall banner at the very top, in ${name}`, async () => {
      const { page } = await open(dl(recalled) + query);
      const banner = page.locator('#recall');
      expect(await banner.isVisible()).toBe(true);
      expect(await page.evaluate(() => document.body.firstElementChild?.id)).toBe('recall');
      expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(185, 28, 28)');
      const words = await banner.innerText();
      expect(words).toContain(zh ? '此产品已被召回' : 'This product has been recalled');
      expect(words).toContain('熄火保护装置可能失效');
      expect(words).toContain('关闭燃气阀门');
      const box = await banner.boundingBox();
      expect(box?.y).toBe(0);
      await browser.screenshot(page, `recalled-${name}`);
      await page.close();
    });

    it(`warns that a code scanned many times may be cloned, in ${name}`, async () => {
      const { page } = await open(dl(cloned) + query);
      const warning = await text(page, '#clone');
      expect(warning).toContain(zh ? '注意：此码可能被复制' : 'Warning: this code may have been copied');
      expect(warning).toMatch(zh ? /此前已被扫码 \d+ 次，共 \d+ 个不同的扫码时段/ : /Scanned \d+ times before, in \d+ separate sessions/);
      expect(warning).toMatch(zh ? /首次扫码：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/ : /First scanned \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      expect(warning).toContain(zh ? '扫码的人数异常多' : 'Unusually many different people have scanned it');
      await browser.screenshot(page, `cloned-${name}`);
      await page.close();
    });

    it(`explains an unknown code and what to do, in ${name}`, async () => {
      const { page, status } = await open(`/01/${gtin}/21/NOT-ISSUED${query}`);
      expect(status).toBe(404);
      expect(await text(page, 'h1')).toBe(zh ? '此码未在平台登记' : 'This code is not registered on the platform');
      const unknown = await text(page, '#unknown');
      expect(unknown).toContain(zh ? 'GS1 商品条码' : 'a GS1 barcode');
      expect(unknown).toContain('NOT-ISSUED');
      expect(await text(page, '#todo')).toContain(zh ? '不要购买' : 'Do not buy');
      expect(await page.locator('#report form').isVisible()).toBe(true);
      await browser.screenshot(page, `unknown-${name}`);
      await page.close();
    });

    it(`explains an invalid code and how to scan again, in ${name}`, async () => {
      // A pasted element string whose GTIN check digit is wrong (character 18).
      const badCheck = `${gtin.slice(0, 13)}${(Number(gtin.at(-1)) + 1) % 10}`;
      const { page, status } = await open(`/scan?code=${encodeURIComponent(`(01)${badCheck}(21)X`)}${query.replace('?', '&')}`);
      expect(status).toBe(400);
      expect(await text(page, 'h1')).toBe(zh ? '无法识别此码' : 'This code could not be read');
      expect(await text(page, '#invalid')).toContain(zh ? '第 18 个字符处' : 'at character 18');
      expect(await page.locator('#invalid mark').innerText()).toBe(badCheck.at(-1));
      expect(await text(page, '#retry')).toContain(zh ? '请再扫一次' : 'Scan again');
      expect(await page.locator('#code-form input[name=code]').isVisible()).toBe(true);
      expect(await page.content()).not.toMatch(/at \w+ \(|node_modules|stack/i);
      await browser.screenshot(page, `invalid-${name}`);
      await page.close();
    });
  }

  it('is complete before any script runs, and says the ledger is being checked', async () => {
    const { page } = await browser.newPage();
    await page.route('**/assets/scan.js', (r) => r.abort());
    await page.goto(`${base}${dl(sold)}`);
    expect(await text(page, 'h1')).toBe('家用燃气灶');
    expect(await text(page, '#inspection')).toContain('✓ 合格');
    expect(await text(page, '#ledger-status')).toContain('正在本机核验');
    expect(await page.locator('#location').isVisible()).toBe(false);
    await page.close();
  });

  it('switches language with the visible toggle', async () => {
    const { page } = await open(dl(sold), { waitForLedger: false });
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text(page, '#producer h2')).toBe('Made by');
    await page.getByRole('link', { name: '中文' }).click();
    await page.waitForURL(/lang=zh/);
    expect(await text(page, '#producer h2')).toBe('生产单位');
    await page.close();
  });

  it('sends a problem report with the plain form and shows the thank-you page', async () => {
    const { page } = await open(`/01/${gtin}/21/NOT-ISSUED?lang=en`);
    await page.selectOption('#r-category', 'counterfeit');
    await page.fill('#r-message', 'The box looks different from the one in the shop window.');
    await page.click('#report button[type=submit]');
    await page.waitForURL(/scan-reports/);
    expect(await text(page, 'h1')).toBe('Thank you for your report');
    await page.close();
  });

  it('shares a rounded location only after a tap', async () => {
    await browser.context.grantPermissions(['geolocation']);
    await browser.context.setGeolocation({ latitude: 30.27415, longitude: 120.15515 });
    const { page, requests } = await open(dl(sold));
    const posted: unknown[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/location')) posted.push(r.postDataJSON());
    });
    expect(requests.filter((u) => u.endsWith('/location'))).toEqual([]);
    await page.click('#location button');
    await expect.poll(() => text(page, '#location [role=status]')).toBe('谢谢，已记录大致位置。');
    expect(posted).toEqual([{ latitude: 30.3, longitude: 120.2 }]);
    await page.close();
  });

  it('shows ✗ when the record in the ledger was tampered with', async () => {
    const before = await open(dl(tampered));
    expect(await text(before.page, '#ledger-status')).toMatch(/^✓/);
    await before.page.close();

    // Alter the code's registration record in place, as someone with database access might.
    const proof = (await ctx.call('GET', `/api/v1/scan/proof?code=${encodeURIComponent(tampered)}`)).json<{ leaves: { index: number; label: string }[] }>();
    const registration = proof.leaves.find((l) => l.label === 'registration');
    expect(registration).toBeDefined();
    const idx = registration?.index ?? -1;
    const row = await sql<{ record_json: string }>`SELECT record_json FROM ledger_leaves WHERE idx = ${idx}`.execute(ctx.database.db);
    const leaf = JSON.parse(row.rows[0]?.record_json ?? '{}') as { record: Record<string, unknown> };
    leaf.record = { ...leaf.record, quantity: 1000 };
    await sql`UPDATE ledger_leaves SET record_json = ${JSON.stringify(leaf)} WHERE idx = ${idx}`.execute(ctx.database.db);

    for (const { query, name } of LANGS) {
      const { page } = await open(dl(tampered) + query);
      const status = await text(page, '#ledger-status');
      expect(status).toBe(name === 'zh' ? '✗ 核验失败：记录与账本不一致，可能已被篡改' : '✗ Verification failed: the record does not match the ledger; it may have been altered');
      expect(await page.locator('#ledger-status').getAttribute('class')).toBe('bad');
      expect(await text(page, '#ledger')).toContain(name === 'zh' ? '未通过的记录：赋码登记' : 'Record that failed: code registration');
      await browser.screenshot(page, `tampered-${name}`);
      await page.close();
    }
  });
});
