/**
 * `parseCode`: any code in, the `yima code parse` JSON out (DESIGN.md, Contracts → CLI).
 */
import { type DetectOptions, detect } from './detect.ts';
import type { ParsedCode } from './parsed-code.ts';

/** `yima code parse` output on failure: what is wrong, and the 1-based position in the input. */
export interface ParseCodeError {
  readonly error: string;
  readonly position?: number;
}

/**
 * Detects the scheme of an input and parses it. GS1 elements come in the order given, values as
 * in the element string (a GTIN-8/12/13 becomes 14 digits); `digitalLink` is built under
 * `options.digitalLinkBase` (default https://id.gs1.org).
 *
 * @example parseCode('(01)06901234567892(10)LOT123') // → { scheme: 'gs1', canonical: '(01)06901234567892(10)LOT123', digitalLink: 'https://id.gs1.org/01/06901234567892/10/LOT123', elements: [{ ai: '01', name: 'GTIN', value: '06901234567892' }, { ai: '10', name: 'BATCH/LOT', value: 'LOT123' }] }
 * @example parseCode('6901234567893') // → { error: 'GTIN-13 check digit should be 2, not 3 (position 13)', position: 13 }
 */
export function parseCode(input: string, options: DetectOptions = {}): ParsedCode | ParseCodeError {
  const { result } = detect(input, options);
  if (result.ok) return result.value;
  return result.error.position === undefined ? { error: result.error.message } : { error: result.error.message, position: result.error.position };
}

/**
 * Narrows a `parseCode` answer.
 *
 * @example isParseCodeError(parseCode('')) // → true
 */
export function isParseCodeError(answer: ParsedCode | ParseCodeError): answer is ParseCodeError {
  return 'error' in answer;
}
