/**
 * `parseCode`: any code in, the `yima code parse` JSON out (DESIGN.md, Contracts → CLI).
 */
import type { MessageRef } from '../i18n/i18n.ts';
import { codeErrorText } from './code-result.ts';
import { type DetectOptions, detect } from './detect.ts';
import type { ParsedCode } from './parsed-code.ts';

/** `yima code parse` output on failure: what is wrong, and the 1-based position in the input. */
export interface ParseCodeError {
  /** What is wrong, in English. */
  readonly error: string;
  readonly position?: number;
  /** The stable code of the problem, e.g. `gs1_check_digit`. */
  readonly code: string;
  /** `error` as an i18n message, for a reader of any language. */
  readonly reason: MessageRef;
}

/**
 * Detects the scheme of an input and parses it. GS1 elements come in the order given, values as
 * in the element string (a GTIN-8/12/13 becomes 14 digits); `digitalLink` is built under
 * `options.digitalLinkBase` (default https://id.gs1.org).
 *
 * @example parseCode('(01)06901234567892(10)LOT123') // → { scheme: 'gs1', canonical: '(01)06901234567892(10)LOT123', digitalLink: 'https://id.gs1.org/01/06901234567892/10/LOT123', elements: [{ ai: '01', name: 'GTIN', value: '06901234567892' }, { ai: '10', name: 'BATCH/LOT', value: 'LOT123' }] }
 * @example parseCode('6901234567893') // → { error: 'GTIN-13 check digit should be 2, not 3 (position 13)', position: 13, code: 'gs1_check_digit', reason: { key: 'code.error.gtin_check_digit', params: { … } } }
 */
export function parseCode(input: string, options: DetectOptions = {}): ParsedCode | ParseCodeError {
  const { result } = detect(input, options);
  if (result.ok) return result.value;
  const { message, position, code } = result.error;
  return { error: message, ...(position !== undefined && { position }), code, reason: codeErrorText(result.error) };
}

/**
 * Narrows a `parseCode` answer.
 *
 * @example isParseCodeError(parseCode('')) // → true
 */
export function isParseCodeError(answer: ParsedCode | ParseCodeError): answer is ParseCodeError {
  return 'error' in answer;
}
