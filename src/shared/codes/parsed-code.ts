/**
 * The scheme-independent view of a parsed trace code: the JSON shape of `yima code parse`
 * (DESIGN.md, Contracts → CLI), and how each scheme's parse result maps to it.
 */
import type { CccTraceQr } from './ccc-trace-qr.ts';
import type { Ecode } from './ecode.ts';
import { formatDigitalLink } from './gs1/digital-link.ts';
import { formatGs1Bracketed } from './gs1/element-string.ts';
import { type Gs1Element, type Gs1Options, gs1AiTitle } from './gs1/elements.ts';
import type { LicenceResult } from './licence.ts';
import { formatOpaqueCode, type OpaqueCode } from './opaque.ts';
import type { YimaCode } from './yima-code.ts';

export type CodeScheme = 'gs1' | 'ecode' | 'ccc' | 'uscc' | 'licence' | 'yima' | 'opaque';

export interface CodeElement {
  /** The GS1 Application Identifier, for GS1 elements only. */
  readonly ai?: string;
  readonly name: string;
  readonly value: string;
}

/** `yima code parse` output on success. */
export interface ParsedCode {
  readonly scheme: CodeScheme;
  /** One text form per code, the same whatever form it was given in. */
  readonly canonical: string;
  /** GS1 only, when the elements have a Digital Link primary key. */
  readonly digitalLink?: string;
  readonly elements: readonly CodeElement[];
}

/**
 * GS1: canonical is the bracketed element string; elements are the AIs in the order given, values
 * as in the element string; the Digital Link is built under `base` when the AIs allow one.
 *
 * @example gs1ParsedCode([{ ai: '01', value: '06901234567892' }], 'https://id.gs1.org') // → { scheme: 'gs1', canonical: '(01)06901234567892', digitalLink: 'https://id.gs1.org/01/06901234567892', elements: [{ ai: '01', name: 'GTIN', value: '06901234567892' }] }
 */
export function gs1ParsedCode(elements: readonly Gs1Element[], base: string, options: Gs1Options = {}): ParsedCode {
  const link = formatDigitalLink(elements, base, options);
  return {
    scheme: 'gs1',
    canonical: formatGs1Bracketed(elements),
    ...(link.ok ? { digitalLink: link.value } : {}),
    elements: elements.map((e) => ({ ai: e.ai, name: gs1AiTitle(e.ai), value: e.value })),
  };
}

/**
 * Ecode: canonical V + NSI + MD; for V0 the GS1 elements it carries follow.
 *
 * @example ecodeParsedCode({ value: '1000100000000000001', version: '1', nsi: '0001', md: '00000000000001', rule: 'Ecode-V1', verified: false }) // → { scheme: 'ecode', canonical: '1000100000000000001', elements: [{ name: 'V', value: '1' }, { name: 'NSI', value: '0001' }, { name: 'MD', value: '00000000000001' }] }
 */
export function ecodeParsedCode(ecode: Ecode): ParsedCode {
  const parts: CodeElement[] = [{ name: 'V', value: ecode.version }];
  if (ecode.nsi !== '') parts.push({ name: 'NSI', value: ecode.nsi });
  parts.push({ name: 'MD', value: ecode.md });
  for (const e of ecode.gs1 ?? []) parts.push({ ai: e.ai, name: gs1AiTitle(e.ai), value: e.value });
  return { scheme: 'ecode', canonical: ecode.value, elements: parts };
}

type CccParts = Pick<CccTraceQr, 'year' | 'body' | 'category' | 'sequence'> & { readonly certificate: string; readonly raw?: string };

/**
 * CCC certificate number (and, for a trace QR, the scanned text).
 *
 * @example cccParsedCode({ certificate: '2016010901123456', year: 2016, body: '01', category: '0901', sequence: '123456' }).canonical // → '2016010901123456'
 */
export function cccParsedCode(ccc: CccParts): ParsedCode {
  const elements: CodeElement[] = [
    { name: 'certificate number', value: ccc.certificate },
    { name: 'year first issued', value: String(ccc.year) },
    { name: 'certification body', value: ccc.body },
    { name: 'product category', value: ccc.category },
    { name: 'sequence', value: ccc.sequence },
  ];
  if (ccc.raw !== undefined) elements.push({ name: 'trace QR', value: ccc.raw });
  return { scheme: 'ccc', canonical: ccc.certificate, elements };
}

/**
 * 统一社会信用代码, split per GB 32100-2015 §4.
 *
 * @example usccParsedCode('91350100M000100Y43').elements[2] // → { name: 'region', value: '350100' }
 */
export function usccParsedCode(value: string): ParsedCode {
  return {
    scheme: 'uscc',
    canonical: value,
    elements: [
      { name: 'registration authority', value: value.slice(0, 1) },
      { name: 'entity type', value: value.slice(1, 2) },
      { name: 'region', value: value.slice(2, 8) },
      { name: 'organisation code', value: value.slice(8, 17) },
      { name: 'check character', value: value.slice(17) },
    ],
  };
}

/**
 * 生产许可证 number.
 *
 * @example licenceParsedCode({ ok: true, value: 'XK08-001-04763', industry: '08', product: '001', serial: '04763' }).canonical // → 'XK08-001-04763'
 */
export function licenceParsedCode(licence: Extract<LicenceResult, { ok: true }>): ParsedCode {
  const elements: CodeElement[] = [];
  if (licence.province !== undefined) elements.push({ name: 'province', value: licence.province });
  elements.push({ name: 'industry', value: licence.industry }, { name: 'product', value: licence.product }, { name: 'serial', value: licence.serial });
  return { scheme: 'licence', canonical: licence.value, elements };
}

/**
 * Yima 数字身份码.
 *
 * @example yimaParsedCode({ value: 'K7M-QAHCG6K64T2BXK', issuer: 'K7M', serial: 'QAHCG6K64T2BX', check: 'K' }).elements[0] // → { name: 'issuer', value: 'K7M' }
 */
export function yimaParsedCode(code: YimaCode): ParsedCode {
  return {
    scheme: 'yima',
    canonical: code.value,
    elements: [
      { name: 'issuer', value: code.issuer },
      { name: 'serial', value: code.serial },
      { name: 'check character', value: code.check },
    ],
  };
}

/**
 * An opaque code of another system.
 *
 * @example opaqueParsedCode({ namespace: 'acme-mes', value: 'WO-1' }).canonical // → 'opaque:acme-mes:WO-1'
 */
export function opaqueParsedCode(code: OpaqueCode): ParsedCode {
  return {
    scheme: 'opaque',
    canonical: formatOpaqueCode(code),
    elements: [
      { name: 'namespace', value: code.namespace },
      { name: 'value', value: code.value },
    ],
  };
}
