/**
 * Journey 2 in Chromium, against the real app on a socket over the test database: a code is taken
 * from the label PDF the producer downloads — the PDF RENDERED by pdf.js in the browser to a canvas,
 * the canvas's pixels decoded by zxing-wasm, as a phone camera would read the printed sheet — then,
 * signed in through the sign-in page, the producer packs it (and more) into a case and ships the
 * case to a seller found by its name; the seller then holds the codes in transit, as the events say.
 * The binding, packing and shipping forms refuse bad input on their fields in both languages and
 * save nothing. Screens at phone (390×844) and desktop (1280×800) size in zh-CN and en are saved
 * under test-results/screenshots/.
 *
 * How the PDF is rendered (reusable, e.g. by journey 3): {@link renderPdfPage} serves pdfjs-dist's
 * legacy build and its worker (node_modules) and a tiny page through `page.route` on the app's
 * origin, the page renders one PDF page to a canvas, and the canvas comes back as a PNG that
 * test/zxing.ts decodes.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createTestContext, type TestContext } from '../../../test/app.ts';
import { launchBrowser, PHONE, SCREENSHOT_DIR, type TestBrowser } from '../../../test/browser.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { type BuiltOrg, type BuiltProduct, buildOrg, buildProduct, issueCodes, randomGtin } from '../../../test/factories.ts';
import { decodeBarcodes } from '../../../test/zxing.ts';
import { gs1CheckDigit } from '../../shared/codes/gtin.ts';
import { isParseCodeError, parseCode } from '../../shared/codes/parse-code.ts';
import { PACKAGE_ROOT } from '../../paths.ts';

const target = DB_TARGETS[0] ?? 'pglite';
const DESKTOP = { width: 1280, height: 800 } as const;
const require = createRequire(import.meta.url);
const PDFJS = path.dirname(require.resolve('pdfjs-dist/legacy/build/pdf.min.mjs'));

/** A fresh SSCC (GS1 company prefix 6901234), as printed on a case label. */
function randomSscc(): string {
  const body = `06901234${String(crypto.randomInt(0, 1e9)).padStart(9, '0')}`;
  return `(00)${body}${gs1CheckDigit(body)}`;
}

/**
 * Renders page `pageNumber` of a PDF with pdf.js in the browser and returns the canvas as PNG bytes.
 * pdfjs-dist's legacy build and worker are served from node_modules, and the PDF from `pdf`, by
 * `page.route` under `<origin>/__pdf/` (so the module, its worker and the document are same-origin);
 * `scale` 1 is 72 dpi.
 *
 * @example const { png } = await renderPdfPage(page, base, pdfBytes, 1, 4); const hits = await decodeBarcodes(png);
 */
export async function renderPdfPage(page: Page, origin: string, pdf: Buffer, pageNumber: number, scale: number): Promise<{ png: Buffer; pages: number; width: number; height: number }> {
  const html = `<!doctype html><meta charset="utf-8"><title>pdf</title><body style="margin:0"><canvas id="c"></canvas><script type="module">
    import * as pdfjs from '/__pdf/pdf.min.mjs';
    pdfjs.GlobalWorkerOptions.workerSrc = '/__pdf/pdf.worker.min.mjs';
    try {
      const doc = await pdfjs.getDocument({ url: '/__pdf/document.pdf' }).promise;
      const p = await doc.getPage(${pageNumber});
      const viewport = p.getViewport({ scale: ${scale} });
      const canvas = document.getElementById('c');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await p.render({ canvas, canvasContext: canvas.getContext('2d'), viewport, background: '#ffffff' }).promise;
      window.rendered = { pages: doc.numPages, width: canvas.width, height: canvas.height, png: canvas.toDataURL('image/png') };
    } catch (e) {
      window.rendered = { error: String(e && e.stack || e) };
    }
  </script>`;
  await page.route(`${origin}/__pdf/**`, async (route) => {
    const name = new URL(route.request().url()).pathname.slice('/__pdf/'.length);
    if (name === 'render.html') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
    if (name === 'document.pdf') return route.fulfill({ contentType: 'application/pdf', body: pdf });
    if (name === 'pdf.min.mjs' || name === 'pdf.worker.min.mjs') return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(path.join(PDFJS, name)) });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${origin}/__pdf/render.html`);
  await page.waitForFunction(() => 'rendered' in window, undefined, { timeout: 60_000 });
  const r = await page.evaluate(() => (window as unknown as { rendered: { error?: string; pages: number; width: number; height: number; png: string } }).rendered);
  if (r.error) throw new Error(`pdf.js: ${r.error}`);
  return { png: Buffer.from(r.png.replace(/^data:image\/png;base64,/, ''), 'base64'), pages: r.pages, width: r.width, height: r.height };
}

describe(`journey 2: a code from the printed labels packed and shipped (${target})`, () => {
  let ctx: TestContext;
  let browser: TestBrowser;
  let base: string;
  let producer: BuiltOrg;
  let product: BuiltProduct;
  let seller: BuiltOrg;
  let issuanceId: string;
  let codes: string[];
  let foreign: string;
  /** The code decoded from the rendered label, as the camera read it (a Digital Link). */
  let scanned = '';
  let scannedKey = '';
  const caseSscc = randomSscc();

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
    ctx = await createTestContext(target);
    producer = await buildOrg(ctx, { name: '杭州火神燃具有限公司' });
    product = await buildProduct(ctx, producer, { name: '家用燃气灶', model: 'JZT-2B' });
    // 1,000 codes issued, as the producer did in journey 1 (the factory's call, keeping the issuance id for its labels).
    const issued = await ctx.call('POST', '/api/v1/issuances', {
      token: producer.token,
      body: { productId: product.id, lot: 'L2026-11', productionDate: '2026-11-02', quantity: 1000, scheme: 'gs1', requestId: crypto.randomUUID() },
    });
    expect(issued.statusCode, issued.body).toBe(202);
    await ctx.services.issuance.idle();
    issuanceId = issued.json<{ id: string }>().id;
    const csv = await ctx.call('GET', `/api/v1/issuances/${issuanceId}/codes.csv`, { token: producer.token });
    codes = csv.body.trim().split('\n').slice(1).map((l) => l.split(',')[1] ?? '');
    expect(codes).toHaveLength(1000);
    seller = await buildOrg(ctx, { region: '320102', name: '南京鼓楼燃气具商店' });
    // Another producer's code: not this producer's to pack.
    [foreign = ''] = (await issueCodes(ctx, { quantity: 1 })).codes;
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  async function open(url: string, size: { width: number; height: number } = PHONE) {
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

  /** A tab in `lang` at `size` on `url`, the language chosen first (it is remembered in the browser). */
  async function openIn(lang: 'zh-CN' | 'en', size: { width: number; height: number }, url: string) {
    const opened = await open(url, size);
    await switchTo(opened.page, lang);
    return opened;
  }

  const verifyAs = async (org: BuiltOrg, code: string) => (await ctx.call('POST', '/api/v1/verify', { token: org.token, body: { code } })).json<{ registered: boolean; state?: string; shippedTo?: { orgId: string | null } | null; verdict: string; reasons: { code: string }[] }>();
  const stockOf = async (org: BuiltOrg) => (await ctx.call('GET', '/api/v1/stock', { token: org.token })).json<{ cases: { code: string; items: number }[]; lines: { codes?: string[]; count?: number }[] }>();

  it('renders the label PDF the producer downloads in Chromium (pdf.js) and decodes its codes from the pixels (zxing)', { timeout: 120_000 }, async () => {
    const res = await ctx.call('GET', `/api/v1/issuances/${issuanceId}/labels.pdf`, { token: producer.token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/pdf/);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { page, errors } = await open('/', DESKTOP);
    // 4× 72 dpi (288 dpi): what a phone camera resolves of a printed A4 sheet held close.
    const rendered = await renderPdfPage(page, base, pdf, 1, 4);
    fs.writeFileSync(path.join(SCREENSHOT_DIR, 'journey-ship-labels-page1.png'), rendered.png);
    expect(rendered.pages).toBeGreaterThan(1);
    const hits = await decodeBarcodes(new Uint8Array(rendered.png));
    expect(hits.length).toBeGreaterThan(0);
    const issued = new Set(codes);
    const read = hits.map((h) => {
      const p = parseCode(h.text, { digitalLinkBase: ctx.config.publicUrl });
      return { text: h.text, key: isParseCodeError(p) ? '' : p.canonical };
    });
    // Every symbol on the sheet is one of the issued codes, each once.
    for (const r of read) expect(issued.has(r.key), r.text).toBe(true);
    expect(new Set(read.map((r) => r.key)).size).toBe(read.length);
    console.log(`labels.pdf: ${pdf.length} bytes, ${rendered.pages} pages; page 1 rendered ${rendered.width}×${rendered.height} px, ${hits.length} QR codes decoded (${hits[0]?.format}), e.g. ${read[0]?.text}`);
    const first = read.find((r) => r.key === codes[0]) ?? read[0];
    scanned = first?.text ?? '';
    scannedKey = first?.key ?? '';
    expect(scanned).toMatch(/^https?:\/\/.+\/01\/\d{14}\/(10\/[^/]+\/)?21\//);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signs the producer in, packs the decoded code and two more into a case, refusing at once what is not to be packed', { timeout: 60_000 }, async () => {
    expect(scanned).not.toBe('');
    const { page, errors } = await open('/producer/packing');
    await page.waitForURL(/\/sign-in\?next=%2Fproducer%2Fpacking$/);
    await page.getByLabel('用户名').fill(producer.username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/producer\/packing$/);

    await page.locator('#packing-container').fill(caseSscc);
    await page.locator('#packing-container').press('Enter');
    await expect.poll(() => page.getByTestId('packing-container').innerText()).toBe(caseSscc);
    const box = page.locator('#packing-scan');
    const count = page.getByTestId('packing-count').locator('.ant-statistic-content-value');
    const scan = async (code: string) => {
      await box.fill(code);
      await box.press('Enter');
    };
    await scan(scanned);
    await expect.poll(() => page.getByTestId('packing-last').innerText()).toContain(`已装入：${scannedKey}`);
    await scan(codes[1] ?? '');
    await scan(codes[2] ?? '');
    await expect.poll(() => count.innerText()).toBe('3');
    await browser.screenshot(page, 'journey-ship-packing-zh-phone');

    // Refused at once, each with the platform's reason.
    const error = page.getByTestId('packing-error');
    await scan(scanned);
    await expect.poll(() => error.innerText()).toContain('已在本包装中');
    await scan(foreign);
    await expect.poll(() => error.innerText()).toBe(`${foreign} 当前不在贵单位手中，不能记录此事件`);
    const unknownGtin = randomGtin();
    await scan(`(01)0${unknownGtin}(21)NOPE1`);
    await expect.poll(() => error.innerText()).toContain('未知的码：此码未在平台登记');
    expect(await count.innerText()).toBe('3');
    expect(await page.getByTestId('packing-refused').locator('.ant-table-row').count()).toBe(3);
    await browser.screenshot(page, 'journey-ship-packing-refused-zh-phone');

    // The platform holds the case with its three items.
    const held = await stockOf(producer);
    expect(held.cases).toContainEqual({ code: caseSscc, items: 3 });
    expect(errors.filter((e) => !/status of 4\d\d|^40[03] \/api\/v1\/(events\/pack|verify)$/.test(e))).toEqual([]);
    await page.close();
  });

  it('ships the case to the seller found by its name, after a confirmation saying it cannot be undone; the seller then has the codes in transit', { timeout: 60_000 }, async () => {
    const { page, errors } = await open('/producer/shipping');
    await page.getByLabel('收货单位').fill('鼓楼燃气');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '南京鼓楼燃气具商店' }).click();
    await expect.poll(() => page.getByTestId('shipping-destination').innerText()).toBe('江苏省 (320102)');
    await page.locator('#shipping-scan').fill(caseSscc);
    await page.locator('#shipping-scan').press('Enter');
    await expect.poll(() => page.getByTestId('shipping-count').locator('.ant-statistic-content-value').innerText()).toBe('1');
    await browser.screenshot(page, 'journey-ship-shipping-zh-phone');
    await page.getByRole('button', { name: '发货（1）' }).click();
    const dialog = page.locator('.ant-modal-confirm');
    await expect.poll(() => dialog.innerText()).toContain('将 1 个箱子和商品发往南京鼓楼燃气具商店？');
    expect(await dialog.innerText()).toContain('不能撤销或删除');
    await browser.screenshot(page, 'journey-ship-confirm-zh-phone');
    await dialog.getByRole('button', { name: '确认发货' }).click();
    await expect.poll(() => page.getByTestId('shipping-done').innerText()).toContain('已将 1 个箱子和商品发往南京鼓楼燃气具商店');
    await browser.screenshot(page, 'journey-ship-shipped-zh-phone');

    // As the events say: each code in the case is in transit to the seller, who may take it in.
    for (const code of [scannedKey, codes[1] ?? '', codes[2] ?? '']) {
      const v = await verifyAs(seller, code);
      expect(v, code).toMatchObject({ registered: true, state: 'in_transit', shippedTo: { orgId: seller.id }, verdict: 'pass' });
    }
    expect((await stockOf(producer)).cases.some((c) => c.code === caseSscc)).toBe(false);
    // What was not shipped stays with the producer.
    expect(await verifyAs(producer, codes[3] ?? '')).toMatchObject({ state: expect.not.stringMatching(/in_transit/) });
    expect(errors).toEqual([]);
    await page.close();
  });
  it('packs two cases onto a pallet, the pallet counted on screen and held by the producer', async () => {
    const { page, errors } = await openIn('zh-CN', PHONE, '/producer/packing');
    const count = page.getByTestId('packing-count').locator('.ant-statistic-content-value');
    const enter = async (id: string, code: string) => {
      await page.locator(id).fill(code);
      await page.locator(id).press('Enter');
    };
    const cases = [randomSscc(), randomSscc()];
    const items = [[codes[40], codes[41]], [codes[42]]];
    for (const [i, sscc] of cases.entries()) {
      if (i > 0) await page.getByRole('button', { name: '下一箱' }).click();
      await enter('#packing-container', sscc);
      for (const item of items[i] ?? []) await enter('#packing-scan', item ?? '');
      await expect.poll(() => count.innerText()).toBe(String(items[i]?.length));
    }
    await page.getByText('箱子上托盘').click();
    const pallet = randomSscc();
    await enter('#packing-container', pallet);
    for (const sscc of cases) await enter('#packing-scan', sscc);
    await expect.poll(() => count.innerText()).toBe('2');
    await enter('#packing-scan', cases[0] ?? '');
    await expect.poll(() => page.getByTestId('packing-error').innerText()).toBe(`已在本包装中 (${cases[0]})`);
    await browser.screenshot(page, 'journey-ship-pallet-zh-phone');
    const held = (await stockOf(producer)).cases;
    console.log(`stock cases after palletising: ${JSON.stringify(held.filter((c) => [pallet, ...cases].includes(c.code)))}`);
    expect(held.map((c) => c.code)).toEqual(expect.arrayContaining([pallet, ...cases]));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the server refusing a code it may not ship on that code, in the list, and ships nothing', async () => {
    const { page, errors } = await openIn('zh-CN', DESKTOP, '/producer/shipping');
    await page.getByLabel('收货单位', { exact: true }).fill(seller.uscc);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '南京鼓楼燃气具商店' }).click();
    const mine = codes[50] ?? '';
    for (const code of [mine, foreign]) {
      await page.locator('#shipping-scan').fill(code);
      await page.locator('#shipping-scan').press('Enter');
    }
    await expect.poll(() => page.getByTestId('shipping-count').locator('.ant-statistic-content-value').innerText()).toBe('2');
    await page.getByRole('button', { name: '发货（2）' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认发货' }).click();
    const refused = page.getByTestId('shipping-list').locator('.yima-row-refused');
    await expect.poll(() => refused.innerText()).toContain(`${foreign} 当前不在贵单位手中，不能记录此事件`);
    expect(await refused.count()).toBe(1);
    expect(await page.getByRole('alert').innerText()).toContain('无权记录');
    await browser.screenshot(page, 'journey-ship-shipping-refused-zh-desktop');
    // Nothing of the refused shipment was recorded: the producer's own code did not leave either.
    expect((await verifyAs(seller, mine)).state).not.toBe('in_transit');
    expect(errors.filter((e) => !/status of 403|^403 \/api\/v1\/events\/ship$/.test(e))).toEqual([]);
    await page.close();
  });

  /** A GTIN-14 of the product with its check digit wrong, and what the parsers say of it (position 14). */
  const wrongGtin = () => {
    const g = product.gtins[0] ?? '';
    return `${g.slice(0, 13)}${(Number(g.slice(13)) + 1) % 10}`;
  };

  for (const { lang, size, name } of [
    { lang: 'zh-CN', size: PHONE, name: 'zh-phone' },
    { lang: 'en', size: DESKTOP, name: 'en-desktop' },
  ] as const) {
    const zh = lang === 'zh-CN';

    it(`binds codes printed elsewhere: all or nothing refuses a malformed one on the codes field and binds none; keep the good ones binds the rest (${name})`, async () => {
      const { page, errors } = await openIn(lang, size, '/producer/bindings');
      const gtin = product.gtins[0] ?? '';
      const good = [1, 2, 3, 4].map((n) => `(01)${gtin}(21)EXT-${name}-${n}`);
      const bad = `(01)${wrongGtin()}(21)EXT-${name}-BAD`;
      await page.getByLabel(zh ? '产品' : 'Product', { exact: true }).click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'JZT-2B' }).click();
      const list = page.getByLabel(zh ? '码（每行一个）' : 'Codes, one per line');
      await list.fill([good[0], bad, good[1]].join('\n'));
      await page.getByRole('button', { name: zh ? '绑定（3 个码）' : 'Bind codes (3)' }).click();
      const field = page.locator('.ant-form-item').filter({ has: list });
      await expect.poll(() => field.locator('.ant-form-item-explain-error').innerText()).toBe(zh ? '1 个码被拒绝（见下表），未绑定任何码' : 'Codes refused: 1 (listed below); nothing was bound');
      const refused = page.getByTestId('binding-refused').locator('.ant-table-row');
      await expect.poll(() => refused.count()).toBe(1);
      const row = await refused.first().innerText();
      expect(row).toContain('2');
      expect(row).toContain(bad);
      console.log(`binding refused (${lang}): ${row.replace(/\s+/g, ' ')}`);
      expect(row).toMatch(zh ? /校验位/ : /check digit/);
      await field.scrollIntoViewIfNeeded();
      await browser.screenshot(page, `journey-ship-bindings-refused-${name}`);
      // All or nothing: the good ones were not bound either.
      expect((await verifyAs(producer, good[0] ?? '')).registered).toBe(false);

      // Keep the good ones, the codes read from a CSV file and one scanned.
      await list.fill('');
      await page.locator('#binding-file').setInputFiles({ name: 'printed.csv', mimeType: 'text/csv', buffer: Buffer.from(`seq,code\n1,${good[0]}\n2,${bad}\n3,${good[1]}\n4,${good[2]}\n`) });
      await expect.poll(() => list.inputValue()).toBe([good[0], bad, good[1], good[2]].join('\n'));
      await page.locator('#binding-scan').fill(good[3] ?? '');
      await page.locator('#binding-scan').press('Enter');
      await expect.poll(() => page.getByTestId('binding-count').innerText()).toBe(zh ? '共 5 个码' : 'Codes: 5');
      await page.getByLabel(zh ? '保留有效码：绑定有效的码，列出被拒绝的码' : 'Keep the good ones: bind the valid codes, list the refused').check();
      await page.getByRole('button', { name: zh ? '绑定（5 个码）' : 'Bind codes (5)' }).click();
      await expect.poll(() => page.getByTestId('binding-result').innerText()).toContain(zh ? '已绑定 4 个码' : 'Codes bound: 4');
      await expect.poll(() => refused.count()).toBe(1);
      expect(await refused.first().innerText()).toContain(bad);
      await browser.screenshot(page, `journey-ship-bindings-bound-${name}`);
      for (const g of good) expect((await verifyAs(producer, g)).registered, g).toBe(true);
      expect(errors.filter((e) => !/status of 400|^400 \/api\/v1\/bindings$/.test(e))).toEqual([]);
      await page.close();
    });

    it(`refuses a malformed code and a case code that is no SSCC on their fields when packing, and records nothing (${name})`, async () => {
      const { page, errors } = await openIn(lang, size, '/producer/packing');
      const container = page.locator('#packing-container');
      await container.fill(product.gtins[0] ?? '');
      await container.press('Enter');
      const containerItem = page.locator('.ant-form-item').filter({ has: container });
      await expect.poll(() => containerItem.locator('.ant-form-item-explain-error').innerText()).toBe(zh ? '不是 SSCC：箱子或托盘应有 GS1 系列货运包装箱代码，即 AI (00) 加 18 位数字' : 'Not an SSCC: a case or pallet carries a GS1 SSCC, AI (00) with 18 digits');
      const sscc = randomSscc();
      await container.fill(sscc);
      await container.press('Enter');
      const bad = `(01)${wrongGtin()}(21)PACK-BAD`;
      await page.locator('#packing-scan').fill(bad);
      await page.locator('#packing-scan').press('Enter');
      const scanItem = page.locator('.ant-form-item').filter({ has: page.locator('#packing-scan') });
      await expect.poll(() => scanItem.locator('.ant-form-item-explain-error').innerText()).toMatch(zh ? /校验位/ : /check digit/);
      console.log(`packing refused (${lang}): ${await scanItem.locator('.ant-form-item-explain-error').innerText()}`);
      expect(await page.getByTestId('packing-count').locator('.ant-statistic-content-value').innerText()).toBe('0');
      await browser.screenshot(page, `journey-ship-packing-bad-${name}`);
      expect((await stockOf(producer)).cases.some((c) => c.code === sscc)).toBe(false);
      expect(errors.filter((e) => !/status of 400|^400 \/api\/v1\/verify$/.test(e))).toEqual([]);
      await page.close();
    });

    it(`refuses to ship without a partner, on the partner field, and records nothing (${name})`, async () => {
      const { page, errors } = await openIn(lang, size, '/producer/shipping');
      const code = codes[10] ?? '';
      await page.locator('#shipping-scan').fill(`(01)${wrongGtin()}(21)SHIP-BAD`);
      await page.locator('#shipping-scan').press('Enter');
      const scanItem = page.locator('.ant-form-item').filter({ has: page.locator('#shipping-scan') });
      await expect.poll(() => scanItem.locator('.ant-form-item-explain-error').innerText()).toMatch(zh ? /校验位/ : /check digit/);
      await page.locator('#shipping-scan').fill(code);
      await page.locator('#shipping-scan').press('Enter');
      await expect.poll(() => page.getByTestId('shipping-count').locator('.ant-statistic-content-value').innerText()).toBe('1');
      await page.getByRole('button', { name: zh ? '发货（1）' : 'Ship (1)' }).click();
      const partner = page.locator('.ant-form-item').filter({ has: page.getByLabel(zh ? '收货单位' : 'Partner', { exact: true }) });
      await expect.poll(() => partner.locator('.ant-form-item-explain-error').innerText()).toBe(zh ? '请选择收货单位' : 'Choose the partner you ship to');
      expect(await page.locator('.ant-modal-confirm').count()).toBe(0);
      await browser.screenshot(page, `journey-ship-shipping-bad-${name}`);
      expect((await verifyAs(seller, code)).state).not.toBe('in_transit');
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('shows the binding, packing and shipping screens in both languages at phone and desktop size, none wider than the screen', { timeout: 120_000 }, async () => {
    for (const [lang, size, name] of [['zh-CN', PHONE, 'zh-phone'], ['en', PHONE, 'en-phone'], ['zh-CN', DESKTOP, 'zh-desktop'], ['en', DESKTOP, 'en-desktop']] as const) {
      const { page, errors } = await openIn(lang, size, '/producer/bindings');
      for (const screen of ['bindings', 'packing', 'shipping'] as const) {
        await page.locator('.yima-subnav a').filter({ hasText: lang === 'en' ? { bindings: 'Bind codes', packing: 'Packing', shipping: 'Shipping' }[screen] : { bindings: '绑定外部码', packing: '装箱', shipping: '发货' }[screen] }).click();
        await page.waitForURL(new RegExp(`/producer/${screen}$`));
        if (screen === 'packing') {
          await page.locator('#packing-container').fill(randomSscc());
          await page.locator('#packing-container').press('Enter');
          await page.locator('#packing-scan').fill(codes[20 + Math.floor(Math.random() * 900)] ?? '');
          await page.locator('#packing-scan').press('Enter');
          await expect.poll(() => page.getByTestId('packing-count').locator('.ant-statistic-content-value').innerText()).toBe('1');
        }
        if (screen === 'shipping') {
          await page.getByLabel(lang === 'en' ? 'Partner' : '收货单位', { exact: true }).fill('南京鼓楼');
          await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '南京鼓楼燃气具商店' }).click();
          await page.locator('#shipping-scan').fill(codes[15] ?? '');
          await page.locator('#shipping-scan').press('Enter');
          await expect.poll(() => page.getByTestId('shipping-count').locator('.ant-statistic-content-value').innerText()).toBe('1');
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${screen} ${name}`).toBeLessThanOrEqual(size.width);
        await browser.screenshot(page, `journey-ship-screen-${screen}-${name}`);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
