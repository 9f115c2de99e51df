import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/i18n/i18n.ts';
import type { ScanFacts } from './scan-facts.ts';
import { escapeHtml, renderReportForm, renderReportThanks, renderScanForm, renderScanPage } from './scan-page.ts';

const OWN = 'https://trace.example.gov.cn';
const URL_OF_PAGE = `${OWN}/01/06901234567892/21/A1`;
const opts = (locale: 'zh-CN' | 'en') => ({ locale, url: URL_OF_PAGE, assetBase: '/assets' });

const registered: ScanFacts = {
  query: { input: URL_OF_PAGE, key: '(01)06901234567892(21)A1', scheme: 'gs1', elements: [{ ai: '01', name: 'GTIN', value: '06901234567892' }, { ai: '21', name: 'SERIAL', value: 'A1' }], digitalLink: URL_OF_PAGE },
  status: 'registered',
  invalid: null,
  product: {
    name: '家用燃气灶',
    model: 'JZT-2B',
    brand: '火神',
    standard: 'GB 16410-2020',
    category: { code: 'gas-appliance', name: { zh: '燃气器具', en: 'Gas appliances' } },
    gtin: '06901234567892',
    attributes: [{ key: 'gasType', label: { zh: '适用气种', en: 'Gas type' }, value: '天然气 12T' }],
  },
  producer: { name: '杭州测试厨具有限公司', address: '浙江省杭州市西湖区测试路 1 号', uscc: '91330106MA2XXXXXX1', region: { zh: '浙江省杭州市西湖区', en: 'Xihu, Hangzhou, Zhejiang' } },
  batch: { lot: 'L2026-10', productionDate: '2026-10-01' },
  inspection: { result: 'pass', reportNumber: 'JY-2026-0001', body: '浙江省质检院', date: '2026-10-02' },
  ccc: { number: '2023010801123456', status: 'valid', validFrom: '2023-01-01', validTo: '2099-12-31' },
  licence: { number: 'XK06-001-00001', validTo: '2028-06-30' },
  journey: [
    { date: '2026-10-01', step: 'produced', region: null },
    { date: '2026-10-02', step: 'inspected', region: null },
    { date: '2026-10-05T02:00:00Z', step: 'shipped', region: { zh: '上海市', en: 'Shanghai' } },
    { date: null, step: 'received', region: { zh: '上海市', en: 'Shanghai' } },
    { date: '2026-10-20T06:30:00Z', step: 'sold', region: null },
  ],
  recalls: [],
  scans: { count: 2, sessions: 2, firstAt: '2026-10-21T01:00:00Z', firstPlace: { zh: '上海市', en: 'Shanghai' }, places: 1, afterSale: 0, cloneSuspected: false, reasons: [] },
  ledger: { leafIndex: 12, checkpointSize: 40, proofUrl: '/api/v1/scan/proof?code=%2801%2906901234567892%2821%29A1' },
  links: [
    { linkType: 'gs1:pip', href: 'https://www.huoshen.example.com/p/jzt-2b', title: '产品页', hreflang: ['zh'] },
    { linkType: 'gs1:pip', href: 'https://www.huoshen.example.com/en/p/jzt-2b', title: 'Product page', hreflang: ['en'] },
    { linkType: 'gs1:traceability', href: `${OWN}/01/06901234567892/21/A1?linkType=gs1:traceability`, title: '追溯' },
  ],
  scanId: '7f6d3a2e-1c4b-4f7a-9e2d-0a1b2c3d4e5f',
};

const recalled: ScanFacts = {
  ...registered,
  recalls: [{ id: 'r1', reason: '点火器可能漏气', instructions: '停止使用，联系售后免费更换', openedAt: '2026-11-01T02:00:00Z' }],
};

const cloned: ScanFacts = {
  ...registered,
  scans: { count: 57, sessions: 31, firstAt: '2026-10-21T01:00:00Z', firstPlace: { zh: '上海市', en: 'Shanghai' }, places: 6, afterSale: 9, cloneSuspected: true, reasons: ['many_sessions', 'distant_places', 'scanned_after_sale'] },
};

const unknown: ScanFacts = {
  query: { input: '(01)06901234567892(21)ZZ9', key: '(01)06901234567892(21)ZZ9', scheme: 'gs1', elements: [{ ai: '01', name: 'GTIN', value: '06901234567892' }, { ai: '21', name: 'SERIAL', value: 'ZZ9' }], digitalLink: null },
  status: 'unknown',
  invalid: null,
  product: null,
  producer: null,
  batch: null,
  inspection: null,
  ccc: null,
  licence: null,
  journey: [],
  recalls: [],
  scans: { count: 0, sessions: 0, firstAt: null, firstPlace: null, places: 0, afterSale: 0, cloneSuspected: false, reasons: [] },
  ledger: null,
  links: [],
  scanId: null,
};

const invalid: ScanFacts = {
  ...unknown,
  query: { input: '(01)06901234567893', key: null, scheme: null, elements: [], digitalLink: null },
  status: 'invalid',
  invalid: { error: 'AI (01) GTIN: check digit should be 2, not 3 (position 18)', position: 18 },
};

/** Text a user sees: tags, comments and the style sheet removed, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('renderScanPage', () => {
  for (const locale of LOCALES) {
    const zh = locale === 'zh-CN';

    it(`renders a registered code in ${locale} with every section and the script`, () => {
      const html = renderScanPage(registered, opts(locale));
      const text = visibleText(html);
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain(`<html lang="${locale}">`);
      for (const v of ['家用燃气灶', 'JZT-2B', '火神', 'GB 16410-2020', '06901234567892', '天然气 12T', '杭州测试厨具有限公司', '91330106MA2XXXXXX1', 'L2026-10', '2026-10-01', 'JY-2026-0001', '2023010801123456', 'XK06-001-00001']) {
        expect(text).toContain(v);
      }
      expect(text).toContain(zh ? '燃气器具' : 'Gas appliances');
      expect(text).toContain(zh ? '✓ 合格' : '✓ Passed');
      expect(text).toContain(zh ? '有效' : 'Valid');
      expect(html).toContain(zh ? '<time>2023-01-01</time> 至 <time>2099-12-31</time>' : '<time>2023-01-01</time> to <time>2099-12-31</time>');
      expect(text).toContain(zh ? '发货 · 上海市' : 'Shipped · Shanghai');
      // Instants in China time: 02:00Z is 10:00 in Shanghai.
      expect(text).toContain('2026-10-05 10:00');
      expect(text).toContain(zh ? '正在本机核验' : 'Checking on this phone');
      expect(html).toMatch(/<section id="ledger" data-proof-url="\/api\/v1\/scan\/proof\?code=%2801%2906901234567892%2821%29A1" data-size="40"/);
      expect(html).toContain('<script src="/assets/scan.js" defer></script>');
      expect(html).toContain('<div id="location" hidden data-url="/api/v1/scans/7f6d3a2e-1c4b-4f7a-9e2d-0a1b2c3d4e5f/location"');
      expect(html).not.toContain('id="recall"');
      expect(html).not.toContain('id="clone"');
      expect(text).toContain(zh ? '此前已被扫码 2 次' : 'Scanned 2 times before');
    });

    it(`shows the producer's links in ${locale}, the page's language first`, () => {
      const html = renderScanPage(registered, opts(locale));
      expect(html).toContain(zh ? '>产品页</a>' : '>Product page</a>');
      expect(html).not.toContain(zh ? '>Product page</a>' : '>产品页</a>');
      expect(html).toContain('rel="noopener noreferrer nofollow"');
    });

    it(`offers the other language as a plain link to the same URL in ${locale}`, () => {
      const html = renderScanPage(registered, opts(locale));
      expect(html).toContain(`<a href="/01/06901234567892/21/A1?lang=${zh ? 'en' : 'zh'}"`);
      expect(visibleText(html)).toContain(zh ? 'English' : '中文');
      // Other query parameters stay.
      expect(renderScanPage(unknown, { ...opts(locale), url: '/scan?code=abc&lang=zh' })).toContain(`href="/scan?code=abc&amp;lang=${zh ? 'en' : 'zh'}"`);
    });

    it(`puts a recall banner first, above the header, in ${locale}`, () => {
      const html = renderScanPage(recalled, opts(locale));
      const body = html.slice(html.indexOf('<body>') + 6);
      expect(body.startsWith('<section class="recall" id="recall" role="alert">')).toBe(true);
      const text = visibleText(html);
      expect(text).toContain(zh ? '此产品已被召回' : 'This product has been recalled');
      expect(text).toContain('点火器可能漏气');
      expect(text).toContain('停止使用，联系售后免费更换');
      expect(text).toContain('2026-11-01 10:00');
      expect(body.indexOf('id="recall"')).toBeLessThan(body.indexOf('<header'));
    });

    it(`warns about a code that looks cloned, with first scan, count and reasons, in ${locale}`, () => {
      const text = visibleText(renderScanPage(cloned, opts(locale)));
      expect(text).toContain(zh ? '注意：此码可能被复制' : 'Warning: this code may have been copied');
      expect(text).toContain(zh ? '首次扫码：2026-10-21 09:00，上海市' : 'First scanned 2026-10-21 09:00 in Shanghai');
      expect(text).toContain(zh ? '此前已被扫码 57 次，共 31 个不同的扫码时段' : 'Scanned 57 times before, in 31 separate sessions');
      expect(text).toContain(zh ? '扫码的人数异常多' : 'Unusually many different people have scanned it');
      expect(text).toContain(zh ? '不同的人在相距很远的 6 个地点扫码' : 'Different people scanned it in 6 places far apart');
      expect(text).toContain(zh ? '售出后又有 9 个不同的人扫码' : '9 different people scanned it after it was sold');
    });

    it(`explains an unknown code and offers the report form in ${locale}`, () => {
      const html = renderScanPage(unknown, opts(locale));
      const text = visibleText(html);
      expect(text).toContain(zh ? '此码未在平台登记' : 'This code is not registered on the platform');
      expect(text).toContain(zh ? '这个码看起来是：GS1 商品条码' : 'This code looks like: a GS1 barcode');
      expect(text).toContain('(21) SERIAL');
      expect(text).toContain('ZZ9');
      expect(text).toContain(zh ? '核实之前，不要购买或使用' : 'Do not buy or use it');
      expect(text).toContain(zh ? '请卖家出示' : 'Ask the seller');
      expect(html).toContain('<input type="hidden" name="code" value="(01)06901234567892(21)ZZ9">');
      // Nothing to verify, nowhere to send a location: no script.
      expect(html).not.toContain('<script');
    });

    it(`explains an invalid code with the position marked and how to scan again in ${locale}`, () => {
      const html = renderScanPage(invalid, opts(locale));
      const text = visibleText(html);
      expect(text).toContain(zh ? '无法识别此码' : 'This code could not be read');
      expect(text).toContain(zh ? 'check digit should be 2, not 3（第 18 个字符处）' : 'check digit should be 2, not 3 (at character 18)');
      expect(text).not.toContain('(position 18)');
      expect(html).toContain('(01)0690123456789<mark>3</mark>');
      expect(text).toContain(zh ? '请再扫一次' : 'Scan again');
      expect(html).toContain('<form method="get" action="/scan">');
      expect(html).not.toContain('id="report"');
      expect(text).not.toMatch(/\bat \w+ \(|node_modules|Error:/);
    });

    it(`says the parser's problem in ${locale} when it comes as an i18n message`, () => {
      const reason = { key: 'code.error.gtin_check_digit', params: { kind: 'GTIN-13', expected: '2', actual: '3', at: { key: 'code.at_position', params: { position: 13 } } } } as const;
      const text = visibleText(renderScanPage({ ...invalid, query: { ...invalid.query, input: '6901234567893' }, invalid: { error: 'GTIN-13 check digit should be 2, not 3 (position 13)', reason, position: 13 } }, opts(locale)));
      expect(text).toContain(zh ? 'GTIN-13 校验位应为 2，不是 3（第 13 个字符处）' : 'GTIN-13 check digit should be 2, not 3 (at character 13)');
      expect(text).not.toContain(zh ? '（第 13 个字符）' : '(position 13)');
    });

    it(`leaves no placeholder unfilled in what a user sees in ${locale}`, () => {
      for (const f of [registered, recalled, cloned, unknown, invalid]) {
        expect(visibleText(renderScanPage(f, opts(locale)))).not.toMatch(/\{\w+\}/);
      }
      expect(visibleText(renderScanForm(locale))).not.toMatch(/\{\w+\}/);
      expect(visibleText(renderReportThanks(locale))).not.toMatch(/\{\w+\}/);
    });
  }

  it('escapes what enterprises typed, everywhere', () => {
    const evil = '<script>alert("x")</script>&\'';
    const f: ScanFacts = {
      ...recalled,
      product: registered.product && { ...registered.product, name: evil, brand: evil, attributes: [{ key: 'k', label: { zh: evil, en: evil }, value: evil }] },
      producer: registered.producer && { ...registered.producer, address: evil },
      recalls: [{ id: 'r', reason: evil, instructions: evil, openedAt: evil }],
      links: [{ linkType: 'gs1:pip', href: `https://x.example/"><script>`, title: evil }],
    };
    const html = renderScanPage(f, opts('zh-CN'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(html.match(/<script/g)).toHaveLength(1); // only the page's own, with src
    expect(escapeHtml('a<b>"c"&\'d\'')).toBe('a&lt;b&gt;&quot;c&quot;&amp;&#39;d&#39;');
    // Once, not twice: a parameter is escaped with its message.
    const odd = renderScanPage({ ...unknown, query: { ...unknown.query, scheme: 'x&<y>' } }, opts('en'));
    expect(odd).toContain('This code looks like: x&amp;&lt;y&gt;');
    expect(odd).not.toContain('&amp;amp;');
  });

  it('drops producer links that are not http(s)', () => {
    const f: ScanFacts = { ...registered, links: [{ linkType: 'gs1:pip', href: 'javascript:alert(1)', title: 'bad' }, { linkType: 'gs1:manual', href: 'data:text/html,x', title: 'bad2' }] };
    const html = renderScanPage(f, opts('en'));
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('data:text');
    expect(html).not.toContain('id="links"');
  });

  it('names CCC statuses in words', () => {
    const words = { valid: ['有效', 'Valid'], suspended: ['暂停', 'Suspended'], withdrawn: ['撤销', 'Withdrawn'], cancelled: ['注销', 'Cancelled'], expired: ['过期', 'Expired'] };
    for (const [status, [zh, en]] of Object.entries(words)) {
      const f: ScanFacts = { ...registered, ccc: { number: '2023010801123456', status, validFrom: null, validTo: '2025-01-01' } };
      expect(renderScanPage(f, opts('zh-CN'))).toContain(`>${zh}</span>`);
      expect(renderScanPage(f, opts('en'))).toContain(`>${en}</span>`);
    }
  });

  it('shows a failed inspection in red words', () => {
    const f: ScanFacts = { ...registered, inspection: { result: 'fail', reportNumber: 'R9', body: null, date: '2026-10-02' } };
    expect(renderScanPage(f, opts('zh-CN'))).toContain('<span class="bad">✗ 不合格</span>');
    expect(renderScanPage(f, opts('en'))).toContain('<span class="bad">✗ Failed</span>');
  });

  it('keeps a full page under 50 kB', () => {
    const full: ScanFacts = {
      ...cloned,
      recalls: recalled.recalls,
      product: registered.product && {
        ...registered.product,
        attributes: Array.from({ length: 20 }, (_, i) => ({ key: `a${i}`, label: { zh: `属性名称${i}`, en: `Attribute ${i}` }, value: `属性值，比较长的一段说明文字 ${i}` })),
      },
      journey: Array.from({ length: 30 }, (_, i) => ({ date: `2026-10-${String((i % 28) + 1).padStart(2, '0')}T02:00:00Z`, step: 'shipped' as const, region: { zh: '上海市浦东新区', en: 'Pudong, Shanghai' } })),
      links: Array.from({ length: 10 }, (_, i) => ({ linkType: `gs1:t${i}`, href: `https://www.huoshen.example.com/p/${i}`, title: `链接 ${i}` })),
    };
    for (const locale of LOCALES) {
      const bytes = Buffer.byteLength(renderScanPage(full, opts(locale)));
      expect(bytes).toBeLessThan(50 * 1024);
    }
    // The usual page is far smaller; the measure goes in the report.
    expect(Buffer.byteLength(renderScanPage(registered, opts('zh-CN')))).toBeLessThan(16 * 1024);
  });

  it('requests nothing from another host, and links out only to producer pages', () => {
    for (const f of [registered, recalled, cloned, unknown, invalid]) {
      for (const locale of LOCALES) {
        const html = renderScanPage(f, opts(locale));
        const producerLinks = new Set(f.links.map((l) => l.href).filter((h) => !h.startsWith(OWN)));
        const foreign = [...html.matchAll(/(?:https?:)?\/\/[^\s"'<>)]+/g)].map((m) => m[0]).filter((u) => !u.startsWith(OWN));
        for (const u of foreign) expect(producerLinks.has(u), u).toBe(true);
        // Every resource the page loads is its own: src/href of script, style, image, icon, form action.
        for (const m of html.matchAll(/<(?:script|img|link|iframe|source|form)\b[^>]*?\b(?:src|href|action)="([^"]*)"/g)) {
          expect(m[1]?.startsWith('/') && !m[1].startsWith('//'), m[0]).toBe(true);
        }
        expect(html).not.toMatch(/@import|url\(/);
        expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/); // CSP script-src 'self': no inline script
        expect(html).not.toMatch(/\son\w+=/);
      }
    }
  });
});

describe('renderReportForm', () => {
  it('posts the fields the report route accepts, in the page language, without JavaScript', () => {
    const html = renderReportForm('en', 'CODE"1');
    expect(html).toContain('<form method="post" action="/api/v1/scan-reports?lang=en">');
    expect(html).toContain('<input type="hidden" name="code" value="CODE&quot;1">');
    for (const c of ['counterfeit', 'quality', 'label', 'other']) expect(html).toContain(`<option value="${c}">`);
    expect(html).toContain('name="category" required');
    expect(html).toContain('<textarea id="r-message" name="message" required');
    expect(html).toContain('name="contact"');
    expect(html).toContain('<button type="submit">Send report</button>');
    expect(renderReportForm('zh-CN', 'x')).toContain('action="/api/v1/scan-reports?lang=zh"');
  });
});

describe('renderScanForm and renderReportThanks', () => {
  it('renders the code box at /scan in both languages', () => {
    const zh = renderScanForm('zh-CN');
    expect(zh).toContain('<form method="get" action="/scan">');
    expect(zh).toContain('name="code"');
    expect(visibleText(zh)).toContain('查询产品追溯码');
    expect(zh).toContain('href="/scan?lang=en"');
    const en = renderScanForm('en');
    expect(en).toContain('<input type="hidden" name="lang" value="en">');
    expect(visibleText(en)).toContain('Check a trace code');
  });

  it('thanks the reporter in both languages and links back only to this site', () => {
    expect(visibleText(renderReportThanks('zh-CN'))).toContain('谢谢您的报告');
    expect(visibleText(renderReportThanks('en', { backUrl: '/01/06901234567892/21/A1' }))).toContain('Thank you for your report');
    expect(renderReportThanks('en', { backUrl: '/01/06901234567892/21/A1' })).toContain('<a href="/01/06901234567892/21/A1">Back</a>');
    expect(renderReportThanks('en', { backUrl: '//evil.example/x' })).toContain('<a href="/scan">Back</a>');
  });
});
