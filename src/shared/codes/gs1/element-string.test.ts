import { describe, expect, it } from 'vitest';
import { t } from '../../i18n/i18n.ts';
import { codeErrorText } from '../code-result.ts';
import { gs1CheckDigit } from '../gtin.ts';
import { randomBelow, randomString, seededRandomSource } from '../random-source.ts';
import { gs1ExampleElements } from './ai-example.ts';
import { GS1_AI_TABLE } from './ai-table.generated.ts';
import { CSET82 } from './code-lists.ts';
import {
  formatGs1Bracketed,
  formatGs1Raw,
  GS,
  GS1_SYMBOLOGY_IDENTIFIERS,
  type Gs1SymbologyIdentifier,
  parseGs1Bracketed,
  parseGs1ElementString,
  parseGs1Raw,
} from './element-string.ts';
import type { Gs1Element } from './elements.ts';

const now = new Date('2026-06-15T00:00:00Z');
const opts = { now };
const POLICY_ELEMENTS = [
  { ai: '01', value: '06901234567892' },
  { ai: '10', value: 'LOT123' },
  { ai: '21', value: 'SN0001' },
];

function elementsOf(input: string) {
  const r = parseGs1ElementString(input, opts);
  if (!r.ok) throw new Error(`${JSON.stringify(input)}: ${r.error.message}`);
  return r.value.elements;
}

function errorOf(input: string) {
  const r = parseGs1ElementString(input, opts);
  if (r.ok) throw new Error(`${JSON.stringify(input)} was accepted`);
  return r.error;
}

describe('bracketed element strings', () => {
  it('parses the policy.md §2.1 example', () => {
    expect(parseGs1Bracketed('(01)06901234567892(10)LOT123(21)SN0001', opts)).toEqual({ ok: true, value: { form: 'bracketed', elements: POLICY_ELEMENTS } });
  });

  it('ignores spaces around brackets but not inside values', () => {
    expect(elementsOf(' (01) 06901234567892 (10)LOT123 (21)SN0001 ')).toEqual(POLICY_ELEMENTS);
    expect(errorOf('(01)06901234567892(10)LOT 123')).toMatchObject({ code: 'gs1_invalid_character', ai: '10', position: 26 });
  });

  it('writes a literal "(" in a value as "\\(" and reads it back', () => {
    const els = [{ ai: '01', value: '06901234567892' }, { ai: '10', value: 'A(1)B' }];
    expect(formatGs1Bracketed(els)).toBe('(01)06901234567892(10)A\\(1)B');
    expect(elementsOf(formatGs1Bracketed(els))).toEqual(els);
  });

  it('reports malformed brackets and unknown AIs with their position', () => {
    expect(errorOf('(01)06901234567892(1X)A')).toMatchObject({ code: 'gs1_bad_ai', position: 19 });
    expect(errorOf('(01)06901234567892(89)A')).toMatchObject({ code: 'gs1_unknown_ai', position: 20, ai: '89' });
    expect(errorOf('(01)06901234567892(10)')).toMatchObject({ code: 'gs1_empty_value', ai: '10', position: 20 });
    expect(parseGs1Bracketed('01)0690', opts)).toMatchObject({ ok: false, error: { code: 'gs1_expected_ai', position: 1 } });
  });
});

describe('raw scanner data (FNC1 as GS, AIM symbology identifiers)', () => {
  const body = `0106901234567892112410181727101710LOT123${GS}21SN0001`;
  const expected = [
    { ai: '01', value: '06901234567892' },
    { ai: '11', value: '241018' },
    { ai: '17', value: '271017' },
    { ai: '10', value: 'LOT123' },
    { ai: '21', value: 'SN0001' },
  ];

  it('parses the policy.md §2.1 transmitted data example', () => {
    expect(parseGs1Raw(`]d2${body}`, opts)).toEqual({ ok: true, value: { form: 'raw', symbology: ']d2', elements: expected } });
  });

  it.each(Object.keys(GS1_SYMBOLOGY_IDENTIFIERS))('accepts the AIM identifier %s', (aim) => {
    expect(parseGs1Raw(aim + body, opts)).toMatchObject({ ok: true, value: { symbology: aim, elements: expected } });
  });

  it('accepts data without an AIM identifier, a GS for FNC1 in first position, a GS after a fixed-length AI and a trailing GS', () => {
    expect(parseGs1Raw(body, opts)).toEqual({ ok: true, value: { form: 'raw', elements: expected } });
    expect(elementsOf(`]C1${GS}${body}`)).toEqual(expected);
    expect(elementsOf(`0106901234567892${GS}11241018${GS}10LOT123${GS}`)).toEqual([
      { ai: '01', value: '06901234567892' },
      { ai: '11', value: '241018' },
      { ai: '10', value: 'LOT123' },
    ]);
  });

  it('formats with GS only after a variable-length AI that is not last', () => {
    expect(formatGs1Raw(expected, { symbology: ']d2' })).toBe(`]d2${body}`);
    expect(formatGs1Raw([{ ai: '10', value: 'L1' }, { ai: '01', value: '06901234567892' }, { ai: '21', value: 'S' }])).toBe(`10L1${GS}010690123456789221S`);
    expect(formatGs1Raw([{ ai: '01', value: '06901234567892' }, { ai: '21', value: 'S' }])).toBe('010690123456789221S');
    expect(formatGs1Raw(expected, { separator: '|' })).toBe(body.replace(GS, '|'));
    // 422 is N3 but not flagged "*": it still needs its separator.
    expect(formatGs1Raw([{ ai: '01', value: '06901234567892' }, { ai: '422', value: '156' }, { ai: '10', value: 'A' }])).toBe(`0106901234567892422156${GS}10A`);
  });

  it('explains a missing separator and the positions of raw-data errors', () => {
    const missing = errorOf('010690123456789210ABCDEFGHIJKLMNOPQRS21SN1');
    expect(missing).toMatchObject({ code: 'gs1_too_long', ai: '10', position: 39 });
    expect(missing.message).toContain('GS separator');
    const check = errorOf(']d20106901234567893');
    expect(check).toMatchObject({
      code: 'gs1_check_digit',
      message: 'AI (01) GTIN: check digit should be 2, not 3 (position 19)',
      position: 19,
      ai: '01',
      expected: '2',
      actual: '3',
    });
    expect(t('zh-CN', codeErrorText(check).key, codeErrorText(check).params)).toBe('AI (01) GTIN：校验位应为 2，不是 3（第 19 个字符）');
    // The GS at position 15 came before the 14 digits of the GTIN were complete.
    expect(errorOf(`01069012345678${GS}10A`)).toMatchObject({ code: 'gs1_too_short', ai: '01', position: 15 });
    expect(errorOf(`0106901234567892${GS}${GS}10A`)).toMatchObject({ code: 'gs1_empty_element', position: 18 });
    expect(errorOf('0106901234567892891')).toMatchObject({ code: 'gs1_unknown_ai', position: 17 });
    expect(errorOf(']Q3')).toMatchObject({ code: 'gs1_empty' });
    expect(errorOf('  ]e00106901234567892172713')).toMatchObject({ code: 'gs1_too_short', ai: '17', position: 28 });
  });
});

describe('values against the syntax dictionary', () => {
  it('checks dates: YYMMD0 allows day 00, rejects impossible days with the position', () => {
    expect(elementsOf('(01)06901234567892(17)271000')).toHaveLength(2);
    expect(errorOf('(01)06901234567892(17)270229')).toMatchObject({ code: 'gs1_illegal_day', ai: '17', position: 27 });
    expect(errorOf('(01)06901234567892(11)241318')).toMatchObject({ code: 'gs1_illegal_month', ai: '11', position: 25 });
    expect(elementsOf('(01)06901234567892(11)280229')).toHaveLength(2);
  });

  it('checks check digits of every GS1 key AI with the expected digit', () => {
    expect(errorOf('(00)106141411234567898')).toMatchObject({ code: 'gs1_check_digit', ai: '00', expected: '7', position: 22 });
    expect(errorOf('(414)6901234567891')).toMatchObject({ code: 'gs1_check_digit', ai: '414', expected: gs1CheckDigit('690123456789') });
    expect(errorOf('(8006)069012345678930102')).toMatchObject({ code: 'gs1_check_digit', ai: '8006', position: 20 });
  });

  it('checks character sets and lengths of each component', () => {
    expect(errorOf('(01)06901234567892(21)ÄB')).toMatchObject({ code: 'gs1_invalid_character', position: 23 });
    expect(errorOf('(01)0690123456789')).toMatchObject({ code: 'gs1_too_short', ai: '01' });
    expect(errorOf('(01)06901234567892(10)123456789012345678901')).toMatchObject({ code: 'gs1_too_long', position: 43 });
    expect(errorOf('(00)106141411234567897(4309)1800000000360000000')).toMatchObject({ code: 'gs1_too_short', ai: '4309', position: 48 });
    // 8008 is N6 N2 [N2] [N2]: a single digit cannot be the optional minutes.
    expect(errorOf('(01)06901234567892(8008)241018121')).toMatchObject({ code: 'gs1_component_length', ai: '8008', position: 33 });
    expect(errorOf('(8010)0614141ab')).toMatchObject({ code: 'gs1_invalid_character', ai: '8010', position: 14 });
  });

  it('enforces req: AI 21 without 01 (or 03, 8006) is rejected', () => {
    const e = errorOf('(21)SN0001');
    expect(e).toMatchObject({
      code: 'gs1_missing_required',
      message: 'AI (21) SERIAL requires AI (01), (03) or (8006) (position 2)',
      position: 2,
      ai: '21',
      expected: '01,03,8006',
    });
    expect(t('zh-CN', codeErrorText(e).key, codeErrorText(e).params)).toBe('AI (21) SERIAL 需要同时有 AI (01)、(03) 或 (8006)（第 2 个字符）');
    expect(errorOf('(01)06901234567892(250)X')).toMatchObject({ code: 'gs1_missing_required', ai: '250', expected: '01+21,03+21,8006+21' });
    expect(elementsOf('(01)06901234567892(21)1(250)X')).toHaveLength(3);
    expect(errorOf('(02)06901234567892')).toMatchObject({ code: 'gs1_missing_required', ai: '02' });
    expect(elementsOf('(00)106141411234567897(02)06901234567892(37)10')).toHaveLength(3);
  });

  it('enforces ex: invalid pairs, but an AI is not exclusive of itself', () => {
    expect(errorOf('(01)06901234567892(37)5')).toMatchObject({ code: 'gs1_invalid_pair', ai: '01', actual: '37', position: 20 });
    expect(errorOf('(01)06901234567892(21)1(235)X')).toMatchObject({ code: 'gs1_invalid_pair' });
    expect(errorOf('(01)06901234567892(3100)000100(3102)000100')).toMatchObject({ code: 'gs1_invalid_pair', ai: '3100', actual: '3102' });
    expect(elementsOf('(01)06901234567892(3100)000100(3200)000100')).toHaveLength(3);
  });

  it('allows a repeated AI only with the same value', () => {
    expect(elementsOf('(01)06901234567892(10)A(10)A')).toHaveLength(3);
    expect(errorOf('(01)06901234567892(10)A(10)B')).toMatchObject({ code: 'gs1_duplicate_ai', ai: '10', position: 25 });
  });

  it('needs a serialised key with a digital signature (8030)', () => {
    expect(errorOf('(253)0614141000005(8030)AbCd')).toMatchObject({ code: 'gs1_serial_required', ai: '253' });
    expect(elementsOf('(253)0614141000005S1(8030)AbCd')).toHaveLength(2);
  });
});

describe('parse ∘ format is the identity', () => {
  it('for every AI of the dictionary, in bracketed and raw form', () => {
    let checked = 0;
    for (const seed of [1, 2]) {
      const random = seededRandomSource(seed);
      for (const entry of GS1_AI_TABLE) {
        const els = gs1ExampleElements(entry.ai, random);
        expect(els, `no valid message for AI ${entry.ai}`).toBeDefined();
        if (!els) continue;
        const bracketed = formatGs1Bracketed(els);
        expect(parseGs1ElementString(bracketed, opts), bracketed).toEqual({ ok: true, value: { form: 'bracketed', elements: els } });
        for (const symbology of [undefined, ']d2'] as const) {
          const raw = formatGs1Raw(els, symbology ? { symbology } : {});
          const parsed = parseGs1ElementString(raw, opts);
          expect(parsed.ok && parsed.value.elements, JSON.stringify(raw)).toEqual(els);
        }
        checked++;
      }
    }
    expect(checked).toBe(GS1_AI_TABLE.length * 2);
  });

  it('for random product messages with arbitrary CSET 82 lots and serials', () => {
    const random = seededRandomSource(20241016);
    const aims = Object.keys(GS1_SYMBOLOGY_IDENTIFIERS) as Gs1SymbologyIdentifier[];
    for (let n = 0; n < 250; n++) {
      const body = randomString(random, '0123456789', 13);
      const els: Gs1Element[] = [{ ai: '01', value: body + gs1CheckDigit(body) }];
      if (randomBelow(random, 2)) els.push({ ai: '17', value: `${String(randomBelow(random, 100)).padStart(2, '0')}0${1 + randomBelow(random, 9)}${String(randomBelow(random, 29)).padStart(2, '0')}` });
      if (randomBelow(random, 2)) els.push({ ai: '10', value: randomString(random, CSET82, 1 + randomBelow(random, 20)) });
      if (randomBelow(random, 2)) els.push({ ai: '21', value: randomString(random, CSET82, 1 + randomBelow(random, 20)) });
      if (randomBelow(random, 2)) els.push({ ai: '3103', value: randomString(random, '0123456789', 6) });
      const order = [...els];
      for (let i = order.length - 1; i > 0; i--) {
        const j = randomBelow(random, i + 1);
        [order[i], order[j]] = [order[j] as Gs1Element, order[i] as Gs1Element];
      }
      const aim = aims[randomBelow(random, aims.length)];
      expect(parseGs1ElementString(formatGs1Bracketed(order), opts)).toEqual({ ok: true, value: { form: 'bracketed', elements: order } });
      expect(parseGs1ElementString(formatGs1Raw(order, { symbology: aim }), opts)).toEqual({ ok: true, value: { form: 'raw', symbology: aim, elements: order } });
    }
  });
});
