/**
 * Reading the code of a case or pallet with the shared parsers (the server's rules): a GS1 SSCC,
 * AI (00), in any form a scanner gives it — brackets, FNC1/GS, a Digital Link `/00/…`.
 */
import { detect } from '../../../../shared/codes/detect.ts';
import { type Locale, t } from '../../../../shared/i18n/i18n.ts';

/** The SSCC as `(00)` + 18 digits, or why the input is not one (in words). */
export type ContainerReading = { readonly ok: true; readonly sscc: string } | { readonly ok: false; readonly error: string | undefined };

/**
 * @example readContainer('(00)069012340000000017', origin, 'en') // → { ok: true, sscc: '(00)069012340000000017' }
 * @example readContainer('(01)06901234567892', origin, 'en') // → { ok: false, error: undefined } (a parse, but no SSCC)
 */
export function readContainer(input: string, origin: string, locale: Locale): ContainerReading {
  const found = detect(input.trim(), { digitalLinkBase: origin });
  if (!found.result.ok) {
    const { key, params } = found.result.error;
    return { ok: false, error: t(locale, key, params) };
  }
  const sscc = found.result.value.elements.find((e) => e.ai === '00')?.value;
  return sscc ? { ok: true, sscc: `(00)${sscc}` } : { ok: false, error: undefined };
}
