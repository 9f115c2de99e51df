/**
 * GS1 element strings in their two text forms:
 * - bracketed (human-readable, GS1 General Specifications §4.15): `(01)06901234567892(10)LOT123`;
 *   a literal `(` inside a value is written `\(` (GS1 Syntax Engine convention);
 * - raw, as a scanner transmits it (§5.10, §7.8): an optional AIM symbology identifier (`]d2`…),
 *   then AIs and values with FNC1 sent as GS (ASCII 29) after every variable-length AI that is
 *   not last; pre-defined-length AIs (flag `*` in the syntax dictionary) are never followed by GS.
 */
import { t } from '../../i18n/i18n.ts';
import { type CodeError, type CodeResult, codeError, codeErrorText, codeIssue, describeChar, fail, ok, trimInput } from '../code-result.ts';
import { gs1AiAt, gs1AiEntry, aiMaxLength } from './ai-table.ts';
import { type Gs1Element, type Gs1Options, type LocatedGs1Element, validateGs1Elements } from './elements.ts';

/** FNC1 as scanners transmit it: GS, ASCII 29. */
export const GS = '\u001d';

/** AIM symbology identifiers of the GS1 data carriers that carry AI element strings (ISO/IEC 15424). */
export const GS1_SYMBOLOGY_IDENTIFIERS = {
  ']C1': 'GS1-128',
  ']d2': 'GS1 DataMatrix',
  ']Q3': 'GS1 QR Code',
  ']e0': 'GS1 DataBar',
  ']J1': 'GS1 DotCode',
} as const;

export type Gs1SymbologyIdentifier = keyof typeof GS1_SYMBOLOGY_IDENTIFIERS;

export interface Gs1ElementString {
  readonly form: 'bracketed' | 'raw';
  /** The AIM symbology identifier the input started with, if any. */
  readonly symbology?: Gs1SymbologyIdentifier;
  readonly elements: readonly Gs1Element[];
}

/**
 * The GS1 AIM symbology identifier an input starts with, if any.
 *
 * @example gs1SymbologyOf(']d20106901234567892') // → ']d2'
 * @example gs1SymbologyOf('0106901234567892') // → undefined
 */
export function gs1SymbologyOf(input: string): Gs1SymbologyIdentifier | undefined {
  const id = input.slice(0, 3);
  return id in GS1_SYMBOLOGY_IDENTIFIERS ? (id as Gs1SymbologyIdentifier) : undefined;
}

const strip = (elements: readonly LocatedGs1Element[]): Gs1Element[] => elements.map(({ ai, value }) => ({ ai, value }));

/**
 * Parses an element string in either form: bracketed when it starts with `(`, raw otherwise
 * (with or without an AIM symbology identifier). Validates it fully against the dictionary.
 *
 * @example parseGs1ElementString('(01)06901234567892(10)LOT123') // → { ok: true, value: { form: 'bracketed', elements: [{ ai: '01', … }, { ai: '10', value: 'LOT123' }] } }
 * @example parseGs1ElementString(']d2010690123456789210LOT123\u001d21SN1') // → { ok: true, value: { form: 'raw', symbology: ']d2', elements: [01, 10, 21] } }
 */
export function parseGs1ElementString(input: string, options: Gs1Options = {}): CodeResult<Gs1ElementString> {
  return trimInput(input).text.startsWith('(') ? parseGs1Bracketed(input, options) : parseGs1Raw(input, options);
}

/**
 * Splits a bracketed element string into located elements without validating the values.
 * Whitespace next to the brackets is ignored (it can never be part of a GS1 value).
 *
 * @example splitGs1Bracketed('(01)06901234567892 (10)A') // → { ok: true, value: [{ ai: '01', value: '06901234567892', aiPosition: 2, … }, { ai: '10', value: 'A', aiPosition: 21, … }] }
 */
export function splitGs1Bracketed(input: string): CodeResult<readonly LocatedGs1Element[]> {
  const { text, offset } = trimInput(input);
  const elements: LocatedGs1Element[] = [];
  const pos = (i: number) => offset + i + 1;
  let i = 0;
  while (i < text.length) {
    while (text.charAt(i) === ' ') i++;
    if (text.charAt(i) !== '(') {
      return fail(codeIssue('gs1_expected_ai', 'code.error.gs1_expected_ai', { position: pos(i), found: describeChar(text.charAt(i)) }, { position: pos(i) }));
    }
    const close = text.indexOf(')', i);
    const ai = close < 0 ? text.slice(i + 1) : text.slice(i + 1, close);
    if (close < 0 || !/^\d{2,4}$/.test(ai)) {
      return fail(codeIssue('gs1_bad_ai', 'code.error.gs1_bad_ai', { position: pos(i) }, { position: pos(i) }));
    }
    if (!gs1AiEntry(ai)) {
      return fail(codeIssue('gs1_unknown_ai', 'code.error.gs1_unknown_ai_at', { ai, position: pos(i + 1) }, { position: pos(i + 1), ai }));
    }
    let j = close + 1;
    while (text.charAt(j) === ' ') j++;
    let value = '';
    const positions: number[] = [];
    while (j < text.length && text.charAt(j) !== '(') {
      if (text.charAt(j) === '\\' && text.charAt(j + 1) === '(') {
        value += '(';
        positions.push(pos(j));
        j += 2;
      } else {
        value += text.charAt(j);
        positions.push(pos(j));
        j++;
      }
    }
    while (value.endsWith(' ')) {
      value = value.slice(0, -1);
      positions.pop();
    }
    elements.push({ ai, value, aiPosition: pos(i + 1), valuePositions: positions });
    i = j;
  }
  if (elements.length === 0) return fail(codeIssue('gs1_empty', 'code.error.gs1_empty'));
  return ok(elements);
}

/**
 * Parses and validates a bracketed element string, `(01)06901234567892(10)LOT123`.
 *
 * @example parseGs1Bracketed('(21)SN1') // → { ok: false, error: { code: 'gs1_missing_required', message: 'AI (21) SERIAL requires AI (01), (03) or (8006) at position 2', … } }
 */
export function parseGs1Bracketed(input: string, options: Gs1Options = {}): CodeResult<Gs1ElementString> {
  const split = splitGs1Bracketed(input);
  if (!split.ok) return split;
  const invalid = validateGs1Elements(split.value, options);
  return invalid ? fail(invalid) : ok({ form: 'bracketed', elements: strip(split.value) });
}

/**
 * Splits raw scanner data into located elements without validating the values (AIs must be known:
 * their lengths are what separates the fields).
 *
 * @example splitGs1Raw(']d2010690123456789210A') // → { ok: true, value: { symbology: ']d2', elements: [{ ai: '01', … }, { ai: '10', value: 'A', … }] } }
 */
export function splitGs1Raw(input: string): CodeResult<{ readonly symbology?: Gs1SymbologyIdentifier; readonly elements: readonly LocatedGs1Element[] }> {
  const { text, offset } = trimInput(input);
  const pos = (i: number) => offset + i + 1;
  const symbology = gs1SymbologyOf(text);
  let i = symbology ? 3 : 0;
  // Some scanners also transmit the FNC1 in first position as GS.
  if (text.charAt(i) === GS) i++;
  const elements: LocatedGs1Element[] = [];
  while (i < text.length) {
    if (text.charAt(i) === GS) {
      return fail(codeIssue('gs1_empty_element', 'code.error.gs1_empty_element', { position: pos(i) }, { position: pos(i) }));
    }
    const entry = gs1AiAt(text, i);
    if (!entry) {
      const shown = text.slice(i, i + 4);
      return fail(codeIssue('gs1_unknown_ai', 'code.error.gs1_no_ai_at', { position: pos(i), shown: JSON.stringify(shown) }, { position: pos(i) }));
    }
    const start = i + entry.ai.length;
    let end = text.indexOf(GS, start);
    if (end < 0) end = text.length;
    if (entry.fixed) end = Math.min(end, start + aiMaxLength(entry));
    const positions: number[] = [];
    for (let k = start; k < end; k++) positions.push(pos(k));
    elements.push({ ai: entry.ai, value: text.slice(start, end), aiPosition: pos(i), valuePositions: positions });
    i = end;
    if (text.charAt(i) === GS) i++;
  }
  if (elements.length === 0) return fail(codeIssue('gs1_empty', 'code.error.gs1_empty'));
  return ok(symbology ? { symbology, elements } : { elements });
}

/**
 * Parses and validates raw scanner data: `]d2` + `0106901234567892` + `10LOT123` + GS + `21SN0001`.
 * The AIM identifier is optional; a value that runs past its AI's maximum length is reported with a
 * hint that a GS separator is probably missing.
 *
 * @example parseGs1Raw('0106901234567893') // → { ok: false, error: { code: 'gs1_check_digit', position: 16, expected: '2', actual: '3', … } }
 */
export function parseGs1Raw(input: string, options: Gs1Options = {}): CodeResult<Gs1ElementString> {
  const split = splitGs1Raw(input);
  if (!split.ok) return split;
  const invalid = validateGs1Elements(split.value.elements, options);
  if (invalid) return fail(invalid.code === 'gs1_too_long' && !gs1AiEntry(invalid.ai ?? '')?.fixed ? withSeparatorHint(invalid) : invalid);
  const { symbology } = split.value;
  return ok(symbology ? { form: 'raw', symbology, elements: strip(split.value.elements) } : { form: 'raw', elements: strip(split.value.elements) });
}

function withSeparatorHint(e: CodeError): CodeError {
  const params = { problem: codeErrorText(e) };
  return codeError({ ...e, message: t('en', 'code.error.gs1_separator_hint', params), key: 'code.error.gs1_separator_hint', params });
}

/**
 * Formats elements as a bracketed element string, escaping `(` in values as `\(`.
 *
 * @example formatGs1Bracketed([{ ai: '01', value: '06901234567892' }, { ai: '10', value: 'A(1)' }]) // → '(01)06901234567892(10)A\\(1)'
 */
export function formatGs1Bracketed(elements: readonly Gs1Element[]): string {
  return elements.map((e) => `(${e.ai})${e.value.replaceAll('(', '\\(')}`).join('');
}

export interface FormatRawOptions {
  /** AIM symbology identifier to prefix, e.g. `]d2`; none by default. */
  readonly symbology?: Gs1SymbologyIdentifier;
  /** FNC1 separator character; GS (ASCII 29) by default. */
  readonly separator?: string;
}

/**
 * Formats elements as raw data: GS only after a variable-length AI that is not last
 * (GS1 General Specifications §7.8.5). Keep pre-defined-length AIs first to save separators.
 *
 * @example formatGs1Raw([{ ai: '01', value: '06901234567892' }, { ai: '10', value: 'LOT' }, { ai: '21', value: 'S1' }], { symbology: ']d2' }) // → ']d2010690123456789210LOT\u001d21S1'
 */
export function formatGs1Raw(elements: readonly Gs1Element[], options: FormatRawOptions = {}): string {
  const sep = options.separator ?? GS;
  let out = options.symbology ?? '';
  elements.forEach((e, i) => {
    out += e.ai + e.value;
    if (i < elements.length - 1 && !gs1AiEntry(e.ai)?.fixed) out += sep;
  });
  return out;
}
