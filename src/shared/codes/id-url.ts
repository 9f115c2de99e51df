/**
 * Resolver URLs for codes that are not GS1 (DESIGN.md, Contracts → HTTP: "`/id/{scheme}/{value}`
 * for other schemes"): `{base}/id/yima/K7M-QAHCG6K64T2BXK`, `{base}/id/opaque/{namespace}/{value}`.
 * GS1 codes use Digital Link paths instead (`gs1/digital-link.ts`).
 */
import { type CodeResult, codeIssue, fail, ok, trimInput } from './code-result.ts';
import { normaliseDigitalLinkBase, percentEncodeDigitalLinkValue } from './gs1/digital-link.ts';

/** The schemes that have `/id/{scheme}/…` resolver URLs (GS1 uses Digital Link paths). */
export const ID_URL_SCHEMES = ['ecode', 'ccc', 'uscc', 'licence', 'yima', 'opaque'] as const;
export type IdUrlScheme = (typeof ID_URL_SCHEMES)[number];

export interface IdUrl {
  readonly scheme: IdUrlScheme;
  /** The decoded value; for `opaque`, `{namespace}:{value}`. */
  readonly value: string;
  /** 1-based input position of the value's first character. */
  readonly position: number;
}

/**
 * The resolver URL of a code under a base URL (the platform's public URL).
 *
 * @example formatIdUrl('https://trace.example.cn/', 'yima', 'K7M-QAHCG6K64T2BXK') // → { ok: true, value: 'https://trace.example.cn/id/yima/K7M-QAHCG6K64T2BXK' }
 * @example formatIdUrl('https://trace.example.cn', 'opaque', 'acme-mes:WO/1') // → { ok: true, value: 'https://trace.example.cn/id/opaque/acme-mes/WO%2F1' }
 */
export function formatIdUrl(base: string, scheme: IdUrlScheme, value: string): CodeResult<string> {
  const stem = normaliseDigitalLinkBase(base);
  if (!stem.ok) return stem;
  if (scheme === 'opaque') {
    const colon = value.indexOf(':');
    if (colon < 1) return fail(codeIssue('id_url_opaque', 'code.error.id_url_opaque'));
    return ok(`${stem.value}/id/opaque/${value.slice(0, colon)}/${percentEncodeDigitalLinkValue(value.slice(colon + 1))}`);
  }
  return ok(`${stem.value}/id/${scheme}/${percentEncodeDigitalLinkValue(value)}`);
}

/**
 * Reads an `/id/{scheme}/{value}` resolver URL (on any domain and path prefix); undefined when the
 * input is not one.
 *
 * @example parseIdUrl('https://trace.example.cn/id/ccc/2016010901123456') // → { scheme: 'ccc', value: '2016010901123456', position: 33 }
 */
export function parseIdUrl(input: string): IdUrl | undefined {
  const { text, offset } = trimInput(input);
  const m = /^https?:\/\/[^/?#]+(?:\/[^?#]*)?\/id\/([a-z]+)\/([^?#]+)(?:[?#].*)?$/i.exec(text);
  const scheme = m?.[1]?.toLowerCase();
  const raw = m?.[2];
  if (!m || raw === undefined || !(ID_URL_SCHEMES as readonly string[]).includes(scheme ?? '')) return undefined;
  const start = text.indexOf(`/${m[1]}/${raw}`) + (m[1] ?? '').length + 2;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (scheme === 'opaque') {
    const slash = decoded.indexOf('/');
    if (slash < 1) return undefined;
    decoded = `${decoded.slice(0, slash)}:${decoded.slice(slash + 1)}`;
  } else if (decoded.includes('/')) {
    return undefined;
  }
  return { scheme: scheme as IdUrlScheme, value: decoded, position: offset + start + 1 };
}
