/**
 * What a handheld scanner working as a keyboard types, made into the code it read. Such scanners
 * cannot type the GS1 separator (FNC1 as GS, ASCII 29) into a text box: they send Ctrl+] or a
 * configured stand-in. The shared parsers (src/shared/codes/detect.ts) read a real GS anywhere,
 * so every common stand-in becomes one; the box shows GS as `<GS>` (␝, the symbol for it, is
 * missing from many fonts).
 */
import { detect } from '../../../shared/codes/detect.ts';
import { GS } from '../../../shared/codes/gs1/element-string.ts';
import { type Locale, t } from '../../../shared/i18n/i18n.ts';

/** How the box shows a GS: one of the stand-ins read back. */
export const GS_SHOWN = '<GS>';

/**
 * Stand-ins for GS that scanners and people type: `<GS>`, `[GS]`, `{GS}`, `^]` (caret notation),
 * the escapes `\x1d` / `\u001d` / `\035` written out, `%1D`, and ␝.
 */
const STAND_INS = /<gs>|\[gs\]|\{gs\}|\^\]|\\x1d|\\u001d|\\035|%1d|\u241d/gi;

/**
 * The scanned text with every stand-in for GS made a real GS.
 *
 * @example withGs('0106901234567892' + '10L1<GS>21A1') // → '010690123456789210L1\u001d21A1'
 */
export const withGs = (text: string): string => text.replace(STAND_INS, GS);

/**
 * The text as the box shows it: GS as `<GS>`, the rest as typed.
 *
 * @example shownText('10L1\u001d21A1') // → '10L1<GS>21A1'
 */
export const shownText = (text: string): string => text.split(GS).join(GS_SHOWN);

/** A code read in the browser, before the platform answers about it. */
export interface ScannedCode {
  /** What to send the platform: the text with real GS separators. */
  readonly input: string;
  /** The code as the platform keys it (the bracketed element string for GS1), when valid. */
  readonly canonical?: string;
  /** A case or pallet: an SSCC (GS1 AI 00), which the platform knows by what is packed in it. */
  readonly isCase: boolean;
  /** What is wrong, in words, and the 1-based position where it starts. */
  readonly error?: { readonly text: string; readonly position?: number };
}

/**
 * Reads what the scanner or a person typed with the shared parsers (the server's rules).
 *
 * @example readScanned('(00)106901234000000008', 'en').isCase // → true
 * @example readScanned('6901234567893', 'en').error?.position // → 13
 */
export function readScanned(typed: string, locale: Locale): ScannedCode {
  const input = withGs(typed).trim();
  const found = detect(input);
  if (!found.result.ok) {
    const { key, params, position } = found.result.error;
    return { input, isCase: false, error: { text: t(locale, key, params), ...(position !== undefined && { position }) } };
  }
  const code = found.result.value;
  return { input, canonical: code.canonical, isCase: code.scheme === 'gs1' && code.elements[0]?.ai === '00' };
}
