/**
 * `yima code parse <input>`: prints one JSON object and exits 0, or prints
 * `{"error": …, "position"?: …}` and exits 1 (DESIGN.md, Contracts → CLI). The lead wires this
 * into the commander CLI and passes YIMA_PUBLIC_URL as the Digital Link base.
 */
import type { DetectOptions } from '../shared/codes/detect.ts';
import { isParseCodeError, parseCode } from '../shared/codes/parse-code.ts';
import { type Locale, t } from '../shared/i18n/i18n.ts';

export interface CodeParseOptions {
  /** Base URL of the `digitalLink` in the output (the platform's YIMA_PUBLIC_URL). Default https://id.gs1.org. */
  readonly digitalLinkBase?: string;
  /** Today, for two-digit GS1 years and CCC years of issue. */
  readonly now?: Date;
  /** Namespace for inputs no scheme recognises. Default `unknown`. */
  readonly opaqueNamespace?: string;
  /** The language of `error` (the terminal's, in the CLI). Default English. */
  readonly locale?: Locale;
}

/**
 * Runs `yima code parse` on one input.
 *
 * @example codeParseCommand('6901234567892') // → { json: { scheme: 'gs1', canonical: '(01)06901234567892', digitalLink: 'https://id.gs1.org/01/06901234567892', elements: [{ ai: '01', name: 'GTIN', value: '06901234567892' }] }, exitCode: 0 }
 * @example codeParseCommand('6901234567893', { digitalLinkBase: 'https://trace.example.cn' }) // → { json: { error: 'GTIN-13 check digit should be 2, not 3 (position 13)', position: 13, code: 'gs1_check_digit' }, exitCode: 1 }
 */
export function codeParseCommand(input: string, options: CodeParseOptions = {}): { json: object; exitCode: 0 | 1 } {
  const { locale = 'en', ...detectOptions }: CodeParseOptions & DetectOptions = options;
  const answer = parseCode(input, detectOptions);
  if (!isParseCodeError(answer)) return { json: answer, exitCode: 0 };
  const { reason, position, code } = answer;
  return { json: { error: t(locale, reason.key, reason.params), ...(position !== undefined && { position }), code }, exitCode: 1 };
}
