/**
 * Reads any typed, pasted or scanned code with the shared parsers (src/shared/codes, the same rules
 * as the server's) and says where the public scan page for it is. Loaded after the start page is on
 * screen: the parsers and the full message catalogs are most of its weight.
 */
import { detect } from '../../../shared/codes/detect.ts';
import { formatIdUrl, ID_URL_SCHEMES, type IdUrlScheme } from '../../../shared/codes/id-url.ts';
import type { CodeScheme } from '../../../shared/codes/parsed-code.ts';
import { type Locale, t } from '../../../shared/i18n/i18n.ts';

/** What the box shows under a code. */
export interface CodeReading {
  /** The scheme it was taken as, in words ("GS1 商品条码"). */
  readonly scheme?: { readonly id: CodeScheme; readonly label: string };
  /** What is wrong, in words, and the 1-based position in the input where it starts. */
  readonly error?: { readonly text: string; readonly position?: number };
  /** The scan page's path on this site, when the code is valid. */
  readonly path?: string;
}

const isIdScheme = (s: CodeScheme): s is IdUrlScheme => (ID_URL_SCHEMES as readonly string[]).includes(s);

/** `/scan?code=…`: the page that resolves any string, for codes without a path of their own. */
export const scanSearchPath = (input: string) => `/scan?code=${encodeURIComponent(input.trim())}`;

/**
 * @example readCode('(01)06901234567892(21)A1', 'https://trace.example.cn', 'en').path // → '/01/06901234567892/21/A1'
 * @example readCode('6901234567893', origin, 'zh-CN').error // → { text: 'GTIN-13 校验位应为 2，而不是 3（第 13 位）', position: 13 }
 */
export function readCode(input: string, origin: string, locale: Locale): CodeReading {
  if (input.trim() === '') return {};
  const found = detect(input, { digitalLinkBase: origin });
  const scheme = found.scheme ? { id: found.scheme, label: t(locale, `scan.scheme.${found.scheme}`) } : undefined;
  if (!found.result.ok) {
    const { key, params, position } = found.result.error;
    return { ...(scheme && { scheme }), error: { text: t(locale, key, params), ...(position !== undefined && { position }) } };
  }
  const code = found.result.value;
  let path = scanSearchPath(input);
  if (code.digitalLink !== undefined) {
    const url = new URL(code.digitalLink);
    path = url.pathname + url.search;
  } else if (isIdScheme(code.scheme)) {
    const value = code.scheme === 'opaque' ? code.canonical.replace(/^opaque:/, '') : code.canonical;
    const link = formatIdUrl(origin, code.scheme, value);
    if (link.ok) path = new URL(link.value).pathname;
  }
  return { ...(scheme && { scheme }), path };
}
