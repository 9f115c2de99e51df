/**
 * Journey 3: a seller at its counter, on a 390×844 phone, in Chromium against the real app on a
 * socket over the test database. Goods were packed and shipped to it (setup, through the API); the
 * seller signs in, opens 查验, starts the camera — Chromium's fake camera films the code's printed
 * label (a Y4M made from the label PNG the platform draws), the page's own zxing-wasm reader
 * decodes it, no stub — sees "pass", receives it in one tap, sells it (confirming what cannot be
 * undone); the consumer scan page then shows the sale. Bad input at each form (a typed code with a
 * wrong check digit, a code not held, an unregistered code) is refused in both languages with
 * nothing recorded. Then at desktop size: receiving by typing, stock, a return, a recall notice
 * acknowledged with the affected stock listed. Screens in zh-CN and en, phone and desktop, go to
 * test-results/screenshots/seller-*.png.
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
import { pictureOnCanvas, writeY4m } from '../../../test/fake-camera.ts';
import { type BuiltOrg, buildOrg, buildProduct, randomGtin } from '../../../test/factories.ts';
import { PACKAGE_ROOT } from '../../paths.ts';
import { gs1CheckDigit } from '../../shared/codes/gtin.ts';

const target = DB_TARGETS[0] ?? 'pglite';
const DESKTOP = { width: 1280, height: 800 } as const;
const SIZES = { phone: PHONE, desktop: DESKTOP } as const;

interface Issued { seq: number; code: string; serial: string }
interface Stock { lines: { quantity: number; codes: string[] }[] }

describe(`journey 3: a seller checks by camera, receives and sells (${target})`, () => {
  let ctx: TestContext;
  let browser: TestBrowser;
  let base: string;
  let producer: BuiltOrg;
  let seller: BuiltOrg;
  let gtin: string;
  let batchId: string;
  let codes: Issued[];
  let box: string;
  const y4m = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yima-camera-')), 'label.y4m');

  const post = async (token: string, url: string, body: unknown) => {
    const res = await ctx.call('POST', url, { token, body });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res;
  };
  const stockOfSeller = async () => (await ctx.call('GET', '/api/v1/stock', { token: seller.token })).json<Stock>();
  const heldBySeller = async () => (await stockOfSeller()).lines.flatMap((l) => l.codes);
  const stateOf = async (code: string) => (await ctx.call('POST', '/api/v1/verify', { token: producer.token, body: { code } })).json<{ state: string }>().state;
  const code = (i: number) => codes[i] ?? { seq: -1, code: '', serial: '' };

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
    ctx = await createTestContext(target);
    producer = await buildOrg(ctx, { name: '杭州火神燃具有限公司' });
    seller = await buildOrg(ctx, { name: '南京五金商店', region: '320102' });
    gtin = randomGtin().padStart(14, '0');
    const product = await buildProduct(ctx, producer, { name: '家用燃气灶', model: 'JZT-2B', gtins: [gtin] });
    const issued = await post(producer.token, '/api/v1/issuances', { productId: product.id, lot: 'L-2026-10', productionDate: '2026-10-01', quantity: 4, scheme: 'gs1', requestId: crypto.randomUUID() });
    await ctx.services.issuance.idle();
    const { id, batchId: batch } = issued.json<{ id: string; batchId: string }>();
    batchId = batch;
    const csv = await ctx.call('GET', `/api/v1/issuances/${id}/codes.csv`, { token: producer.token });
    codes = csv.body.trim().split('\n').slice(1).map((l) => {
      const [seq = '', c = '', serial = ''] = l.split(',');
      return { seq: Number(seq), code: c, serial };
    });
    // Code 0 shipped to the seller alone, codes 1 and 3 packed in a case shipped with it; code 2 stays with the producer.
    const sscc = `(00)0690123${String(crypto.randomInt(0, 1e10)).padStart(10, '0')}`;
    box = sscc + gs1CheckDigit(sscc.slice(4));
    await post(producer.token, '/api/v1/events/pack', { parent: box, children: [code(1).code, code(3).code] });
    await post(producer.token, '/api/v1/events/ship', { codes: [code(0).code, box], to: { orgId: seller.id }, destinationRegion: '320102' });
    await ctx.services.ledger.checkpoint();

    // The printed label of code 0, as the phone's camera sees it: the platform's PNG on a white frame.
    const label = await ctx.call('GET', `/api/v1/issuances/${id}/codes/${code(0).seq}/label?format=png&symbol=qr`, { token: producer.token });
    expect(label.statusCode).toBe(200);
    const painter = await launchBrowser();
    const { page } = await painter.newPage();
    writeY4m(y4m, await pictureOnCanvas(page, label.rawPayload, { width: 640, height: 480, size: 300 }));
    await painter.close();

    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser({
      args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
      permissions: ['camera'],
    });
    // The build (when the app changed), the data, and two browsers: more than the default minute under load.
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    fs.rmSync(path.dirname(y4m), { recursive: true, force: true });
  });

  async function open(url: string, size: { width: number; height: number } = PHONE) {
    const { page } = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.setViewportSize(size);
    await page.goto(base + url);
    return { page, errors };
  }

  const switchTo = async (page: Page, lang: 'zh-CN' | 'en') => {
    if ((await page.getAttribute('html', 'lang')) === lang) return;
    await page.locator(`.yima-locale button[lang="${lang}"]`).click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
  };
  const shot = (page: Page, step: string, lang: 'zh' | 'en', size: keyof typeof SIZES) => browser.screenshot(page, `seller-${step}-${lang}-${size}`);
  /** antd spaces out two-character Chinese button labels ("进 货"). */
  const button = (page: Page, name: string) => page.getByRole('button', { name: new RegExp(`^${[...name].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s?')}$`) });

  it('signs the seller in on a phone, scans the printed label with the camera, sees "pass", receives in one tap, sells, and the scan page shows the sale', { timeout: 120_000 }, async () => {
    const { page, errors } = await open('/seller/check');
    await page.waitForURL(/\/sign-in\?next=%2Fseller%2Fcheck$/);
    await page.getByLabel('用户名').fill(seller.username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/seller\/check$/);
    const field = page.getByLabel('要查验的码');
    await expect.poll(() => field.isVisible()).toBe(true);
    await shot(page, 'check', 'zh', 'phone');

    // The camera: the fake device films the label; the page's reader decodes it.
    await button(page, '用摄像头扫码').click();
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await verdict.getAttribute('data-verdict')).toBe('pass');
    expect(await page.locator('.yima-verdict-word').innerText()).toBe('通过');
    expect(await verdict.innerText()).toContain('家用燃气灶 JZT-2B');
    expect(await field.inputValue()).toMatch(new RegExp(`^https?://[^/]+/01/${gtin}/21/${code(0).serial}$`));
    const ms = Number(await verdict.getAttribute('data-frame-to-verdict-ms'));
    console.log(`camera frame to verdict: ${ms} ms`);
    expect(Number.isFinite(ms) && ms >= 0).toBe(true);
    await shot(page, 'verdict-pass', 'zh', 'phone');

    // 进货 in one tap.
    await button(page, '进货').click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已进货' }).count()).toBe(1);
    expect(await heldBySeller()).toEqual([code(0).code]);
    await shot(page, 'received', 'zh', 'phone');

    // Then sold: the confirmation says what cannot be undone.
    await button(page, '销售这一件').click();
    await page.waitForURL(/\/seller\/sell\?code=/);
    await expect.poll(() => page.getByTestId('code-line').count()).toBe(1);
    await button(page, '销售 1 个码').click();
    const confirm = page.locator('.ant-modal-confirm');
    await expect.poll(() => confirm.innerText()).toContain('不能撤销');
    await shot(page, 'sell-confirm', 'zh', 'phone');
    await button(page, '确认销售').click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已销售：1 个码' }).count()).toBe(1);
    expect(await heldBySeller()).toEqual([]);
    expect(await stateOf(code(0).code)).toBe('sold');
    await shot(page, 'sold', 'zh', 'phone');

    // The consumer's scan page.
    await page.goto(`${base}/01/${gtin}/21/${code(0).serial}`);
    expect(await page.locator('h1').innerText()).toBe('家用燃气灶');
    expect(await page.locator('body').innerText()).toContain('售出');
    await shot(page, 'scan-page-sold', 'zh', 'phone');
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const lang of ['zh', 'en'] as const) {
    const words = lang === 'zh'
      ? { check: '要查验的码', codes: '码（单件或整箱 SSCC）', add: '加入', wrongDigit: 'GTIN-13 校验位应为 2，不是 3', sell: '销售 1 个码', ok: '确认销售', notHeld: '当前不在贵单位手中', receive: '进货 1 个码', fail: '不通过', notRegistered: '此码未在平台登记', refused: '查验未通过', supplier: '供货单位', override: '查验未通过仍要进货的理由', tooShort: '至少 5 个字符。' }
      : { check: 'The code to check', codes: 'Code (one item, or a case by its SSCC)', add: 'Add', wrongDigit: 'GTIN-13 check digit should be 2, not 3', sell: 'Sell 1 code(s)', ok: 'Record the sale', notHeld: 'is not held by your organisation', receive: 'Receive 1 code(s)', fail: 'Fail', notRegistered: 'not registered', refused: 'failed', supplier: 'Supplier', override: 'Reason to receive despite the failed check', tooShort: 'Expected at least 5 characters.' };

    it(`refuses bad input on each form in ${lang}, on the field it is about, and records nothing`, { timeout: 90_000 }, async () => {
      const { page, errors } = await open('/seller/check');
      await switchTo(page, lang === 'zh' ? 'zh-CN' : 'en');
      const before = await heldBySeller();

      // 查验: a typed code with a wrong check digit, said before anything is sent.
      const field = page.getByLabel(words.check);
      await field.fill('6901234567893');
      await field.press('Enter');
      await expect.poll(() => page.locator('.ant-form-item-explain-error').innerText()).toContain(words.wrongDigit);
      await shot(page, 'check-wrong-digit', lang, 'phone');

      // 销售 of a code the seller does not hold (still at the producer).
      await page.goto(`${base}/seller/sell`);
      const sellField = page.getByLabel(words.codes);
      await sellField.fill(code(2).code);
      await sellField.press('Enter');
      await expect.poll(() => page.getByTestId('code-line').count()).toBe(1);
      await button(page, words.sell).click();
      await button(page, words.ok).click();
      await expect.poll(() => page.getByTestId('code-line').innerText()).toContain(words.notHeld);
      await shot(page, 'sell-not-held', lang, 'phone');
      expect(await stateOf(code(2).code)).toBe('held');

      // 进货 of a code the platform never issued: its verdict, then the refusal on that code.
      await page.goto(`${base}/seller/receive`);
      const receiveField = page.getByLabel(words.codes);
      await receiveField.fill(`(01)${gtin}(21)NOT-ISSUED-${lang}`);
      await button(page, words.add).click();
      await expect.poll(() => page.getByTestId('code-line').innerText()).toContain(words.fail);
      expect(await page.getByTestId('code-line').innerText()).toContain(words.notRegistered);
      await page.getByLabel(words.supplier).fill(producer.uscc);
      await button(page, words.receive).click();
      await expect.poll(() => page.getByRole('alert').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining(words.refused)]));
      await shot(page, 'receive-refused', lang, 'phone');
      // Receiving it anyway needs a reason of at least 5 characters: a shorter one is refused on its field.
      await page.getByLabel(words.override).fill('ab');
      // The form's one submit button (its words after a refusal are the screen's business, not this test's).
      await page.locator('button.yima-big-button').click();
      const overrideField = page.locator('.ant-form-item').filter({ has: page.getByLabel(words.override) });
      await expect.poll(() => overrideField.locator('.ant-form-item-explain-error').count()).toBe(1);
      expect(await overrideField.locator('.ant-form-item-explain-error').innerText()).toBe(words.tooShort);
      await shot(page, 'receive-override-refused', lang, 'phone');
      expect(await heldBySeller()).toEqual(before);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('at desktop size: receives a whole case by its SSCC, lists the stock, takes a sale back, and acknowledges a recall notice with the stock it hits', { timeout: 90_000 }, async () => {
    const { page, errors } = await open('/seller/receive', DESKTOP);
    await switchTo(page, 'en');
    // The case by its SSCC: the platform verifies what is packed in it, but cannot tell who supplied it.
    const field = page.getByLabel('Code (one item, or a case by its SSCC)');
    await field.fill(box);
    await field.press('Enter');
    await expect.poll(() => page.getByTestId('code-line').innerText()).toContain('Case');
    await button(page, 'Receive 1 code(s)').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').innerText()).toContain('Enter the supplier');
    await shot(page, 'receive-case-no-supplier', 'en', 'desktop');
    expect(await heldBySeller()).toEqual([]);
    await page.getByLabel('Supplier').fill(producer.uscc);
    await shot(page, 'receive-case', 'en', 'desktop');
    await button(page, 'Receive 1 code(s)').click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Received: 1 code(s)' }).count()).toBe(1);
    expect((await heldBySeller()).sort()).toEqual([code(1).code, code(3).code].sort());

    // A consumer brings code 0 back.
    await page.goto(`${base}/seller/return`);
    await page.getByLabel('Code (one item, or a case by its SSCC)').fill(code(0).code);
    await page.getByLabel('Code (one item, or a case by its SSCC)').press('Enter');
    await page.getByLabel('Reason').fill('顾客七天无理由退货');
    await button(page, 'Take back 1 code(s)').click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Taken back: 1 code(s)' }).count()).toBe(1);
    expect((await heldBySeller()).sort()).toEqual([code(0).code, code(1).code, code(3).code].sort());

    await page.goto(`${base}/seller/stock`);
    await expect.poll(() => page.getByTestId('stock-line').innerText()).toContain('3 items');
    for (const lang of ['en', 'zh'] as const) {
      await switchTo(page, lang === 'en' ? 'en' : 'zh-CN');
      await shot(page, 'stock', lang, 'desktop');
      await page.setViewportSize(PHONE);
      await shot(page, 'stock', lang, 'phone');
      await page.setViewportSize(DESKTOP);
    }

    // The producer recalls the lot: the notice lists the three the seller holds.
    const recall = await post(producer.token, '/api/v1/recalls', { batchIds: [batchId], reason: '点火器缺陷', instructions: '停止销售，退回生产厂' });
    await page.goto(`${base}/seller/notices`);
    const notice = page.getByTestId('notice');
    await expect.poll(() => notice.innerText()).toContain('点火器缺陷');
    expect(await notice.innerText()).toContain('3 件');
    await shot(page, 'notice', 'zh', 'desktop');
    await button(page, '确认已知悉').click();
    await expect.poll(() => notice.innerText()).toContain('确认知悉');
    const read = (await ctx.call('GET', '/api/v1/notices', { token: seller.token })).json<{ recallId: string; readAt: string | null }[]>();
    expect(read.find((n) => n.recallId === recall.json<{ id: string }>().id)?.readAt).not.toBeNull();
    await switchTo(page, 'en');
    await shot(page, 'notice', 'en', 'desktop');
    await page.setViewportSize(PHONE);
    await shot(page, 'notice', 'en', 'phone');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows each seller screen in both languages at phone and desktop size', { timeout: 90_000 }, async () => {
    const { page, errors } = await open('/seller/check', DESKTOP);
    for (const p of ['check', 'receive', 'sell', 'return'] as const) {
      await page.goto(`${base}/seller/${p}`);
      for (const lang of ['zh', 'en'] as const) {
        await switchTo(page, lang === 'zh' ? 'zh-CN' : 'en');
        for (const [size, viewport] of Object.entries(SIZES) as [keyof typeof SIZES, { width: number; height: number }][]) {
          await page.setViewportSize(viewport);
          await shot(page, `${p}-page`, lang, size);
        }
      }
    }
    // The check screen's verdict at desktop size, in English, typed as a keyboard-wedge scanner types
    // a GS1 DataMatrix: the FNC1 in first position as GS (Ctrl+]), then the element string.
    await page.goto(`${base}/seller/check`);
    const field = page.getByLabel('The code to check');
    await field.press('Control+BracketRight');
    await field.pressSequentially(`01${gtin}21${code(3).serial}`);
    expect(await field.inputValue()).toBe(`<GS>01${gtin}21${code(3).serial}`);
    await field.press('Enter');
    await expect.poll(() => page.locator('.yima-verdict-word').innerText()).toBe('Fail');
    expect(await page.getByTestId('verdict').innerText()).toContain('点火器缺陷');
    expect(await page.getByTestId('verdict').innerText()).toContain(code(3).code);
    await shot(page, 'verdict-recalled', 'en', 'desktop');
    await switchTo(page, 'zh-CN');
    expect(errors).toEqual([]);
    await page.close();
  });
});
