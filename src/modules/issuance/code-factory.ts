/**
 * How issued codes look: GS1 `(01)<GTIN-14>(21)<serial>` with a random serial, or a Yima
 * 数字身份码; and where a code resolves (GS1 Digital Link on the platform's own domain).
 */
import { percentEncodeDigitalLinkValue } from '../../shared/codes/gs1/digital-link.ts';
import { formatIdUrl } from '../../shared/codes/id-url.ts';
import { isParseCodeError, parseCode } from '../../shared/codes/parse-code.ts';
import { generateYimaCode } from '../../shared/codes/yima-code.ts';
import { gs1Code, randomSerial } from './issuance.service.ts';

/** A new random code of `scheme`. */
export function makeCode(scheme: 'gs1' | 'yima', ctx: { gtin: string | null; issuer: string | null }): { code: string; serial: string } {
  if (scheme === 'gs1') {
    if (!ctx.gtin) throw new Error('a GS1 issuance needs a GTIN');
    const serial = randomSerial();
    return { code: gs1Code(ctx.gtin, serial), serial };
  }
  if (!ctx.issuer) throw new Error('a Yima issuance needs an issuer prefix');
  const code = generateYimaCode(ctx.issuer);
  return { code, serial: code };
}

/**
 * The URL a code's QR carries: GS1 Digital Link for GTIN + serial, `/id/yima/<code>` otherwise.
 *
 * @example codeToDigitalLink('(01)06901234567892(21)K3X9', 'https://trace.example.cn') // 'https://trace.example.cn/01/06901234567892/21/K3X9'
 */
export function codeToDigitalLink(code: string, base: string): string {
  // The fast path for what issuance makes (a CSV of a million codes calls this a million times).
  const gs1 = /^\(01\)(\d{14})\(21\)(.+)$/.exec(code);
  if (gs1) return `${base}/01/${gs1[1]}/21/${percentEncodeDigitalLinkValue(gs1[2] ?? '')}`;
  const parsed = parseCode(code, { digitalLinkBase: base });
  if (!isParseCodeError(parsed)) {
    if (parsed.digitalLink) return parsed.digitalLink;
    const url = formatIdUrl(base, parsed.scheme === 'gs1' ? 'opaque' : parsed.scheme, parsed.canonical.replace(/^opaque:/, ''));
    if (url.ok) return url.value;
  }
  throw new Error(`no resolver URL for ${code}`);
}
