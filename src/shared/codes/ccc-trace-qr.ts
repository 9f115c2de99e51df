/**
 * The CCC 认证标志追溯二维码 (CNCA pilot, 2025 announcement no. 27): a QR printed beside the CCC mark
 * and supplied by the certification body. Its payload format is not published (policy.md §2.3,
 * §6 item 10), so we accept any http(s) URL that carries a valid 16-digit CCC certificate number
 * as a whole path segment or query value, and keep the raw text for the resolver.
 */
import { validateCccNumber } from './ccc.ts';
import { type CodeError, type CodeResult, codeIssue, fail, ok, trimInput } from './code-result.ts';

export interface CccTraceQr {
  /** The 16-digit certificate number found in the URL. */
  readonly certificate: string;
  readonly year: number;
  readonly body: string;
  readonly category: string;
  readonly sequence: string;
  /** The scanned text, unchanged. */
  readonly raw: string;
}

/**
 * Reads a CCC trace QR: an http(s) URL with a valid certificate number (first one wins).
 *
 * @example parseCccTraceQr('https://qr.example.cn/ccc?cert=2016010901123456&t=1') // → { ok: true, value: { certificate: '2016010901123456', year: 2016, body: '01', category: '0901', sequence: '123456', raw: 'https://qr.example.cn/ccc?cert=2016010901123456&t=1' } }
 */
export function parseCccTraceQr(input: string, options: { readonly now?: Date } = {}): CodeResult<CccTraceQr> {
  const { text, offset } = trimInput(input);
  const scheme = /^https?:\/\/[^/?#]+/i.exec(text);
  if (!scheme) return fail(codeIssue('ccc_qr_not_url', 'code.error.ccc_qr_not_url', {}, { position: offset + 1 }));
  let firstProblem: CodeError | undefined;
  // Digits preceded and followed by a delimiter: a whole path segment, query value or parameter.
  const re = /(?<=[/=?&#;,.:])(\d{16})(?=$|[/?&#;,.])/g;
  for (const m of text.slice(scheme[0].length).matchAll(re)) {
    const index = scheme[0].length + (m.index ?? 0);
    const position = offset + index + 1;
    const ccc = validateCccNumber(m[1] ?? '', options.now);
    if (ccc.ok) {
      return ok({ certificate: ccc.value, year: ccc.year, body: ccc.body, category: ccc.category, sequence: ccc.sequence, raw: input });
    }
    firstProblem ??= ccc.reason === 'year'
      ? codeIssue('ccc_qr_certificate', 'code.error.ccc_qr_year', { position, last: (options.now ?? new Date()).getUTCFullYear() }, { position })
      : codeIssue('ccc_qr_certificate', 'code.error.ccc_qr_format', { position }, { position });
  }
  if (firstProblem) return fail(firstProblem);
  return fail(codeIssue('ccc_qr_no_certificate', 'code.error.ccc_qr_no_certificate', {}, { position: offset + 1 }));
}
