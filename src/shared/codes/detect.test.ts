import { describe, expect, it } from 'vitest';
import { detect } from './detect.ts';
import { t } from '../i18n/i18n.ts';
import { ECODE_RULES_UNVERIFIED } from './ecode-rules.ts';
import { CSET82 } from './gs1/code-lists.ts';
import { formatDigitalLink } from './gs1/digital-link.ts';
import { formatGs1Bracketed, formatGs1Raw, GS } from './gs1/element-string.ts';
import { formatEpcUrn } from './gs1/epc-urn.ts';
import { gs1CheckDigit } from './gtin.ts';
import { formatIdUrl } from './id-url.ts';
import { formatOpaqueCode } from './opaque.ts';
import { isParseCodeError, parseCode } from './parse-code.ts';
import type { ParsedCode } from './parsed-code.ts';
import { randomBelow, randomString, seededRandomSource } from './random-source.ts';
import { USCC_CHARSET, usccCheckCharacter } from './uscc.ts';
import { generateYimaCode, yimaIssuerPrefix } from './yima-code.ts';

const now = new Date('2026-06-15T00:00:00Z');
const opts = { now };

describe('detect: which scheme, and why', () => {
  it.each([
    ['6901234567892', 'gs1', 'gtin', 'GTIN-13'],
    ['96385074', 'gs1', 'gtin', 'GTIN-8'],
    ['036000291452', 'gs1', 'gtin', 'GTIN-12'],
    ['16901234567899', 'gs1', 'gtin', 'GTIN-14'],
    ['(01)06901234567892(10)LOT123(21)SN0001', 'gs1', 'gs1-element-string', 'bracketed AI'],
    [`]d20106901234567892112410181727101710LOT123${GS}21SN0001`, 'gs1', 'gs1-element-string', ']d2 (GS1 DataMatrix)'],
    [`010690123456789210LOT123${GS}21SN0001`, 'gs1', 'gs1-element-string', 'GS (ASCII 29)'],
    ['010690123456789210LOT123', 'gs1', 'gs1-element-string', 'no AIM identifier'],
    [']E06901234567892', 'gs1', 'gtin', 'EAN/UPC'],
    ['https://id.gs1.org/01/09521234543213/10/ABC123/21/12345', 'gs1', 'gs1-digital-link', 'primary key /01/'],
    ['urn:epc:id:sgtin:0614141.112345.400', 'gs1', 'epc-urn', 'sgtin'],
    ['2016010901123456', 'ccc', 'ccc', 'year of issue (2016)'],
    ['https://qr.example.cn/ccc?cert=2016010901123456', 'ccc', 'ccc-trace-qr', 'CCC trace QR'],
    ['91350100M000100Y43', 'uscc', 'uscc', '统一社会信用代码'],
    ['91512081MA62K0260E', 'uscc', 'uscc', '统一社会信用代码'],
    ['XK08-001-04763', 'licence', 'licence', '生产许可证'],
    ['(鄂)XK12-001-00018', 'licence', 'licence', '生产许可证'],
    ['K7M-QAHCG6K64T2BXK', 'yima', 'yima', '数字身份码'],
    ['https://trace.example.cn/id/yima/K7M-QAHCG6K64T2BXK', 'yima', 'yima', '/id/yima/'],
    ['1000100000000000001', 'ecode', 'ecode', 'not verified'],
    ['ecode:412345物品01', 'ecode', 'ecode', 'ecode:'],
    ['opaque:acme-mes:WO-1', 'opaque', 'opaque', 'namespace'],
    ['https://trace.other.cn/item?id=42', 'opaque', 'opaque', 'trace.other.cn'],
    ['hello world', 'opaque', 'opaque', 'no scheme'],
    [']Q1SN-77', 'opaque', 'opaque', ']Q1'],
  ])('%j is %s (%s) because of %j', (input, scheme, form, why) => {
    const d = detect(input, opts);
    expect(d, JSON.stringify(d.result)).toMatchObject({ scheme, form, result: { ok: true } });
    expect(d.reason).toContain(why);
  });

  it('reports a recognised but invalid code under its scheme, with the position', () => {
    expect(detect('6901234567893', opts)).toMatchObject({ scheme: 'gs1', result: { ok: false, error: { code: 'gs1_check_digit', position: 13, expected: '2' } } });
    expect(detect('(21)SN0001', opts)).toMatchObject({ scheme: 'gs1', result: { ok: false, error: { code: 'gs1_missing_required', position: 2 } } });
    expect(detect('https://id.gs1.org/01/09521234543213/21/1/10/2', opts)).toMatchObject({ scheme: 'gs1', form: 'gs1-digital-link', result: { ok: false, error: { code: 'dl_bad_qualifiers' } } });
    expect(detect('91350100M000100Y4Y', opts)).toMatchObject({ scheme: 'uscc', result: { ok: false, error: { code: 'uscc_check_character', position: 18, expected: '3' } } });
    expect(detect(' 91350100M000100Y4Z', opts)).toMatchObject({ scheme: 'uscc', result: { ok: false, error: { code: 'uscc_character', position: 19 } } });
    expect(detect('XK08-001-0476', opts)).toMatchObject({ scheme: 'licence', result: { ok: false } });
    expect(detect('K7M-QAHCG6K64T2BX2', opts)).toMatchObject({ scheme: 'yima', result: { ok: false, error: { code: 'yima_check_character', position: 18 } } });
    expect(detect('https://trace.example.cn/id/yima/K7M-QAHCG6K64T2BX2', opts)).toMatchObject({ scheme: 'yima', result: { ok: false, error: { position: 51 } } });
    expect(detect(']E06901234567893', opts)).toMatchObject({ scheme: 'gs1', result: { ok: false, error: { code: 'gs1_check_digit', position: 16 } } });
    expect(detect('urn:epc:id:sgtin:0614141.81234.1', opts)).toMatchObject({ scheme: 'gs1', result: { ok: false, error: { position: 26 } } });
    expect(detect('   ', opts)).toMatchObject({ scheme: undefined, result: { ok: false, error: { code: 'empty' } } });
  });

  it('says when another scheme would also accept the input', () => {
    // A GTIN-14 starting with 1 also fits the (unverified) Ecode-V1 shape.
    expect(detect('16901234567899', opts).alternatives).toEqual(['ecode']);
    expect(detect('6901234567892', opts).alternatives).toEqual([]);
    // An all-digit USCC is a USCC (an SSCC needs its AI (00)).
    const body = Array.from({ length: 100 }, (_, i) => `913501000000${String(i).padStart(5, '0')}`).find((b) => /\d/.test(usccCheckCharacter(b))) ?? '';
    expect(detect(body + usccCheckCharacter(body), opts)).toMatchObject({ scheme: 'uscc', form: 'uscc', result: { ok: true } });
  });

  it('follows the options: Digital Link base, today, opaque namespace, Ecode rules', () => {
    expect(detect('6901234567892', { digitalLinkBase: 'https://trace.example.cn/yima/' }).result).toMatchObject({ ok: true, value: { digitalLink: 'https://trace.example.cn/yima/01/06901234567892' } });
    expect(detect('2030010901123456', { now }).scheme).not.toBe('ccc');
    expect(detect('2030010901123456', { now: new Date('2031-01-01T00:00:00Z') })).toMatchObject({ scheme: 'ccc' });
    expect(detect('SN-77', { opaqueNamespace: 'acme-mes' }).result).toMatchObject({ ok: true, value: { canonical: 'opaque:acme-mes:SN-77' } });
    expect(detect('http://user@My_Host.Example:8080/x', opts).result).toMatchObject({ ok: true, value: { elements: [{ name: 'namespace', value: 'my-host.example' }, { name: 'value' }] } });
    expect(detect('http://[::1]/x', opts).result).toMatchObject({ ok: true, value: { elements: [{ name: 'namespace', value: '1' }, { name: 'value' }] } });
    const noEcode = ECODE_RULES_UNVERIFIED.map((r) => ({ ...r, detectable: false }));
    expect(detect('1000100000000000001', { ...opts, ecodeRules: noEcode }).scheme).toBe('opaque');
  });
});

describe('parseCode: the `yima code parse` JSON shape (DESIGN.md)', () => {
  it('gives GS1 elements in the order given, values as in the element string', () => {
    expect(parseCode(`]d2${'0106901234567892'}${'17271017'}${'11241018'}${'10LOT123'}${GS}${'21SN0001'}`, opts)).toEqual({
      scheme: 'gs1',
      canonical: '(01)06901234567892(17)271017(11)241018(10)LOT123(21)SN0001',
      digitalLink: 'https://id.gs1.org/01/06901234567892/10/LOT123/21/SN0001?17=271017&11=241018',
      elements: [
        { ai: '01', name: 'GTIN', value: '06901234567892' },
        { ai: '17', name: 'USE BY or EXPIRY', value: '271017' },
        { ai: '11', name: 'PROD DATE', value: '241018' },
        { ai: '10', name: 'BATCH/LOT', value: 'LOT123' },
        { ai: '21', name: 'SERIAL', value: 'SN0001' },
      ],
    });
  });

  it('normalises a GTIN-13 to 14 digits and leaves digitalLink out when there is no primary key', () => {
    expect(parseCode('6901234567892', opts)).toEqual({
      scheme: 'gs1',
      canonical: '(01)06901234567892',
      digitalLink: 'https://id.gs1.org/01/06901234567892',
      elements: [{ ai: '01', name: 'GTIN', value: '06901234567892' }],
    });
    expect(parseCode('(90)ABC', opts)).toEqual({ scheme: 'gs1', canonical: '(90)ABC', elements: [{ ai: '90', name: 'INTERNAL', value: 'ABC' }] });
  });

  it('answers an error as { error, position, code, reason }, the reason an i18n message in either language', () => {
    const bad = parseCode('6901234567893', opts);
    expect(bad).toMatchObject({ error: 'GTIN-13 check digit should be 2, not 3 (position 13)', position: 13, code: 'gs1_check_digit' });
    if (!isParseCodeError(bad)) throw new Error('parsed');
    expect(t('zh-CN', bad.reason.key, bad.reason.params)).toBe('GTIN-13 校验位应为 2，不是 3（第 13 个字符）');
    expect(parseCode('', opts)).toEqual({ error: 'the input is empty', code: 'empty', reason: { key: 'code.error.empty', params: {} } });
    expect(isParseCodeError(parseCode('', opts))).toBe(true);
    const uscc = detect('91350100M000100Y4Y', opts);
    expect(t('zh-CN', uscc.reasonText.key, uscc.reasonText.params)).toBe('18 个字符，第 3–8 位是行政区划代码：统一社会信用代码');
    expect(uscc.result.ok ? undefined : uscc.result.error.message).toBe('the check character (position 18) should be 3, not Y');
  });

  it('gives every other scheme its parts', () => {
    expect(parseCode('91350100M000100Y43', opts)).toEqual({
      scheme: 'uscc',
      canonical: '91350100M000100Y43',
      elements: [
        { name: 'registration authority', value: '9' },
        { name: 'entity type', value: '1' },
        { name: 'region', value: '350100' },
        { name: 'organisation code', value: 'M000100Y4' },
        { name: 'check character', value: '3' },
      ],
    });
    expect(parseCode('https://qr.example.cn/c/2016010901123456', opts)).toMatchObject({
      scheme: 'ccc',
      canonical: '2016010901123456',
      elements: expect.arrayContaining([{ name: 'trace QR', value: 'https://qr.example.cn/c/2016010901123456' }]),
    });
    expect(parseCode('（鄂）xk12-001-00018', opts)).toMatchObject({ scheme: 'licence', canonical: '(鄂)XK12-001-00018' });
    expect(parseCode('1000100000000000001', opts)).toEqual({
      scheme: 'ecode',
      canonical: '1000100000000000001',
      elements: [
        { name: 'V', value: '1' },
        { name: 'NSI', value: '0001' },
        { name: 'MD', value: '00000000000001' },
      ],
    });
    expect(parseCode('k7m-qahc g6k6 4t2b xk', opts)).toEqual({
      scheme: 'yima',
      canonical: 'K7M-QAHCG6K64T2BXK',
      elements: [
        { name: 'issuer', value: 'K7M' },
        { name: 'serial', value: 'QAHCG6K64T2BX' },
        { name: 'check character', value: 'K' },
      ],
    });
  });
});

describe('random valid codes of every scheme parse back to themselves, from every form', () => {
  const ROUNDS = 100;
  let random = seededRandomSource(1016);
  const digits = (n: number) => randomString(random, '0123456789', n);
  const withCheck = (body: string) => body + gs1CheckDigit(body);
  const canonicalOf = (input: string): ParsedCode => {
    const parsed = parseCode(input, opts);
    if (isParseCodeError(parsed)) throw new Error(`${JSON.stringify(input)}: ${parsed.error}`);
    return parsed;
  };

  it('GS1: bracketed, raw (with and without AIM), Digital Link, EPC URN and bare GTIN agree', () => {
    random = seededRandomSource(1016);
    for (let n = 0; n < ROUNDS; n++) {
      const els = [{ ai: '01', value: withCheck(digits(13)) }];
      if (randomBelow(random, 2)) els.push({ ai: '10', value: randomString(random, CSET82, 1 + randomBelow(random, 20)) });
      els.push({ ai: '21', value: randomString(random, CSET82, 1 + randomBelow(random, 20)) });
      const canonical = canonicalOf(formatGs1Bracketed(els));
      expect(canonical.canonical).toBe(formatGs1Bracketed(els));
      expect(canonicalOf(canonical.canonical)).toEqual(canonical);
      expect(canonicalOf(formatGs1Raw(els, { symbology: ']Q3' }))).toEqual(canonical);
      expect(canonicalOf(formatGs1Raw(els))).toEqual(canonical);
      const link = formatDigitalLink(els, 'https://trace.example.cn', opts);
      if (!link.ok) throw new Error(link.error.message);
      expect(canonicalOf(link.value).elements).toEqual(expect.arrayContaining([...canonical.elements]));
      const urn = formatEpcUrn(els, { ...opts, companyPrefixLength: 6 + randomBelow(random, 7) });
      if (!urn.ok) throw new Error(urn.error.message);
      expect(canonicalOf(urn.value).canonical).toBe(formatGs1Bracketed(els.filter((e) => e.ai !== '10')));
      const gtin14 = els[0]?.value ?? '';
      expect(canonicalOf(gtin14).canonical).toBe(`(01)${gtin14}`);
      if (gtin14.startsWith('0')) expect(canonicalOf(gtin14.slice(1)).canonical).toBe(`(01)${gtin14}`);
    }
  });

  it('CCC, USCC, licence, Yima, Ecode and opaque: canonical in, same canonical out, also through /id/ URLs', () => {
    random = seededRandomSource(1949);
    for (let n = 0; n < ROUNDS; n++) {
      const ccc = `${2002 + randomBelow(random, 24)}${digits(12)}`;
      const ussBody = randomString(random, USCC_CHARSET, 2) + digits(6) + randomString(random, USCC_CHARSET, 9);
      const uscc = ussBody + usccCheckCharacter(ussBody);
      const yima = generateYimaCode(yimaIssuerPrefix(randomBelow(random, 200) * 150), random);
      const ecode = `1${digits(4)}${digits(1 + randomBelow(random, 20))}`;
      const province = randomBelow(random, 2) ? `(${'京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新'.charAt(randomBelow(random, 31))})` : '';
      const licence = `${province}XK${digits(2)}-${digits(3)}-${digits(5)}`;
      const opaque = formatOpaqueCode({ namespace: 'acme-mes', value: `${randomString(random, `${CSET82} 中文`, randomBelow(random, 40))}x`.trim() });
      for (const [scheme, code] of [
        ['ccc', ccc],
        ['uscc', uscc],
        ['yima', yima],
        ['licence', licence],
        ['ecode', `ecode:${ecode}`],
        ['opaque', opaque],
      ] as const) {
        const parsed = canonicalOf(code);
        expect(parsed.scheme, code).toBe(scheme);
        // A bare Ecode can also read as a GTIN, CCC number or GS1 data; "ecode:" says which it is.
        expect(canonicalOf(scheme === 'ecode' ? `ecode:${parsed.canonical}` : parsed.canonical)).toEqual(parsed);
        const url = formatIdUrl('https://trace.example.cn', scheme, scheme === 'opaque' ? parsed.canonical.slice('opaque:'.length) : parsed.canonical);
        if (!url.ok) throw new Error(url.error.message);
        expect(canonicalOf(url.value), url.value).toEqual(parsed);
      }
    }
  });
});
