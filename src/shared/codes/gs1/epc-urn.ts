/**
 * EPC pure-identity URNs (GS1 EPC Tag Data Standard 2.x §6) for the keys a trace platform meets:
 * - `urn:epc:id:sgtin:{CompanyPrefix}.{Indicator+ItemRef}.{Serial}` ↔ AIs (01)+(21)
 * - `urn:epc:class:lgtin:{CompanyPrefix}.{Indicator+ItemRef}.{Lot}` ↔ AIs (01)+(10)
 * - `urn:epc:id:sscc:{CompanyPrefix}.{Extension+SerialRef}` ↔ AI (00)
 * - `urn:epc:id:sgln:{CompanyPrefix}.{LocationRef}.{Extension}` ↔ AIs (414)[+(254)]; extension `0`
 *   means "no extension" (TDS §6.3.3), so a GLN extension that is literally `0` has no URN.
 *
 * The URN encodes the GS1 Company Prefix length by the position of the first dot; the element
 * string does not, so going from AIs (or a Digital Link) to a URN needs the company-prefix length
 * as a parameter: 6 to 12, default 7 (a common length, and the one of the TDS examples). The right
 * length is the issuing GS1 Member Organisation's allocation for that prefix: pass it when known
 * (e.g. from the enterprise's GS1 registration), because a wrong length gives a different URN.
 *
 * Serials, lots and extensions are GS3A3 components (TDS §5, table A-1): `"`, `%`, `&`, `/`, `<`,
 * `>` and `?` are percent-encoded, the rest of CSET 82 is written as is.
 */
import { type CodeResult, describeChar, fail, ok, trimInput } from '../code-result.ts';
import { gs1CheckDigit } from '../gtin.ts';
import { type Gs1Element, type Gs1Options, type LocatedGs1Element, validateGs1Elements } from './elements.ts';
import { DEFAULT_DIGITAL_LINK_BASE, formatDigitalLink, parseDigitalLink } from './digital-link.ts';

export type EpcUrnKind = 'sgtin' | 'lgtin' | 'sscc' | 'sgln';

export interface EpcUrn {
  readonly kind: EpcUrnKind;
  readonly companyPrefix: string;
  /** The URN in canonical form (lower-case prefix, GS3A3 escaping). */
  readonly urn: string;
  readonly elements: readonly Gs1Element[];
}

export interface EpcOptions extends Gs1Options {
  /** Digits of the GS1 Company Prefix, 6 to 12 (EPC TDS §6.3). Default 7. */
  readonly companyPrefixLength?: number;
}

/** Company-prefix length assumed when none is given. */
export const DEFAULT_COMPANY_PREFIX_LENGTH = 7;

const PREFIXES: Readonly<Record<EpcUrnKind, string>> = {
  sgtin: 'urn:epc:id:sgtin:',
  lgtin: 'urn:epc:class:lgtin:',
  sscc: 'urn:epc:id:sscc:',
  sgln: 'urn:epc:id:sgln:',
};

// TDS table A-1: characters a GS3A3 component carries unescaped; the others of CSET 82 are %-escaped.
const GS3A3_PLAIN = /^[A-Za-z0-9!'()*+,\-.:;=_]$/;

/**
 * Escapes a serial, lot or extension for an EPC URN.
 *
 * @example escapeEpcComponent('A/B%1') // → 'A%2FB%251'
 */
export function escapeEpcComponent(value: string): string {
  let out = '';
  for (const ch of value) out += GS3A3_PLAIN.test(ch) ? ch : `%${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/**
 * Whether the input is an EPC URN of a kind this module reads.
 *
 * @example isEpcUrn('urn:epc:id:sgtin:0614141.112345.400') // → true
 */
export function isEpcUrn(input: string): boolean {
  const lower = input.trim().toLowerCase();
  return Object.values(PREFIXES).some((p) => lower.startsWith(p));
}

/**
 * Parses an SGTIN, LGTIN, SSCC or SGLN pure-identity URN into its GS1 elements (check digits
 * computed), validating the result against the syntax dictionary.
 *
 * @example parseEpcUrn('urn:epc:id:sgtin:0614141.812345.6789') // → { ok: true, value: { kind: 'sgtin', companyPrefix: '0614141', elements: [{ ai: '01', value: '80614141123458' }, { ai: '21', value: '6789' }], … } }
 */
export function parseEpcUrn(input: string, options: Gs1Options = {}): CodeResult<EpcUrn> {
  const { text, offset } = trimInput(input);
  const pos = (i: number) => offset + i + 1;
  const lower = text.toLowerCase();
  const kind = (Object.keys(PREFIXES) as EpcUrnKind[]).find((k) => lower.startsWith(PREFIXES[k]));
  if (!kind) return fail({ code: 'epc_unsupported', message: 'not an sgtin, lgtin, sscc or sgln EPC URN', position: pos(0) });
  const start = PREFIXES[kind].length;
  const parts: { text: string; at: number }[] = [];
  let from = start;
  const dots = kind === 'sscc' ? 1 : 2;
  for (let d = 0; d < dots; d++) {
    const dot = text.indexOf('.', from);
    if (dot < 0) {
      return fail({ code: 'epc_structure', message: `an ${kind} URN has ${dots + 1} dot-separated parts after ${PREFIXES[kind]}`, position: pos(text.length) });
    }
    parts.push({ text: text.slice(from, dot), at: from });
    from = dot + 1;
  }
  parts.push({ text: text.slice(from), at: from });
  const [cp, second, third] = parts;
  if (!cp || !second) return fail({ code: 'epc_structure', message: `malformed ${kind} URN`, position: pos(start) });
  if (!/^\d{6,12}$/.test(cp.text)) {
    return fail({ code: 'epc_company_prefix', message: `the GS1 Company Prefix (position ${pos(cp.at)}) must be 6 to 12 digits`, position: pos(cp.at) });
  }
  const numericLength = { sgtin: 13, lgtin: 13, sscc: 17, sgln: 12 }[kind];
  const minSecond = kind === 'sgln' ? 0 : 1;
  if (!/^\d*$/.test(second.text) || second.text.length < minSecond || cp.text.length + second.text.length !== numericLength) {
    const what = { sgtin: 'indicator and item reference', lgtin: 'indicator and item reference', sscc: 'extension digit and serial reference', sgln: 'location reference' }[kind];
    return fail({
      code: 'epc_reference_length',
      message: `the ${what} (position ${pos(second.at)}) must be digits making ${numericLength} with the company prefix`,
      position: pos(second.at),
    });
  }
  let component: LocatedGs1Element | undefined;
  if (third) {
    const decoded = unescapeEpcComponent(third.text, pos(third.at));
    if (!decoded.ok) return decoded;
    component = decoded.value;
  }
  let elements: LocatedGs1Element[];
  if (kind === 'sscc') {
    const body = (second.text.charAt(0) ?? '') + cp.text + second.text.slice(1);
    elements = [{ ai: '00', value: body + gs1CheckDigit(body), aiPosition: pos(cp.at) }];
  } else if (kind === 'sgln') {
    const body = cp.text + second.text;
    elements = [{ ai: '414', value: body + gs1CheckDigit(body), aiPosition: pos(cp.at) }];
    if (component && component.value !== '0') elements.push({ ...component, ai: '254' });
  } else {
    const body = second.text.charAt(0) + cp.text + second.text.slice(1);
    elements = [{ ai: '01', value: body + gs1CheckDigit(body), aiPosition: pos(cp.at) }];
    if (component) elements.push({ ...component, ai: kind === 'sgtin' ? '21' : '10' });
  }
  const invalid = validateGs1Elements(elements, options);
  if (invalid) return fail(invalid);
  const plain = elements.map(({ ai, value }) => ({ ai, value }));
  const urn = PREFIXES[kind] + cp.text + '.' + second.text + (third ? `.${escapeEpcComponent(component?.value ?? '')}` : '');
  return ok({ kind, companyPrefix: cp.text, urn, elements: plain });
}

function unescapeEpcComponent(text: string, position: number): CodeResult<LocatedGs1Element> {
  let value = '';
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '%') {
      const hex = text.slice(i + 1, i + 3);
      const code = /^[0-9A-Fa-f]{2}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
      if (code < 0x21 || code > 0x7e) {
        return fail({ code: 'epc_bad_escape', message: `bad escape at position ${position + i}: "%" must be followed by the hex code of a character`, position: position + i });
      }
      value += String.fromCharCode(code);
      positions.push(position + i);
      i += 2;
    } else if (GS3A3_PLAIN.test(ch)) {
      value += ch;
      positions.push(position + i);
    } else {
      return fail({ code: 'epc_bad_character', message: `${describeChar(ch)} at position ${position + i} must be percent-encoded in an EPC URN`, position: position + i });
    }
  }
  if (value === '') return fail({ code: 'epc_empty_component', message: `empty serial, lot or extension at position ${position}`, position });
  return ok({ ai: '', value, aiPosition: position, valuePositions: positions });
}

/**
 * The EPC URN of GS1 elements: SSCC (00), SGLN (414 [+254]), SGTIN (01+21) or LGTIN (01+10), tried
 * in that order. Other AIs (dates, a CPV…) are not part of the EPC identity and are left out.
 *
 * @example formatEpcUrn([{ ai: '01', value: '80614141123458' }, { ai: '21', value: '6789' }]) // → { ok: true, value: 'urn:epc:id:sgtin:0614141.812345.6789' }
 */
export function formatEpcUrn(elements: readonly Gs1Element[], options: EpcOptions = {}): CodeResult<string> {
  const cpl = options.companyPrefixLength ?? DEFAULT_COMPANY_PREFIX_LENGTH;
  if (!Number.isInteger(cpl) || cpl < 6 || cpl > 12) {
    return fail({ code: 'epc_company_prefix_length', message: `a GS1 Company Prefix length for EPC URNs is 6 to 12 digits, not ${cpl}` });
  }
  const invalid = validateGs1Elements(elements, options);
  if (invalid) return fail(invalid);
  const get = (ai: string) => elements.find((e) => e.ai === ai)?.value;
  const sscc = get('00');
  if (sscc) return ok(`${PREFIXES.sscc}${sscc.slice(1, 1 + cpl)}.${sscc.charAt(0)}${sscc.slice(1 + cpl, 17)}`);
  const gln = get('414');
  if (gln) {
    const ext = get('254');
    if (ext === '0') {
      return fail({ code: 'epc_gln_extension_zero', message: 'a GLN extension of "0" cannot be written as an SGLN: the URN uses 0 for "no extension"', ai: '254' });
    }
    return ok(`${PREFIXES.sgln}${gln.slice(0, cpl)}.${gln.slice(cpl, 12)}.${escapeEpcComponent(ext ?? '0')}`);
  }
  const gtin = get('01');
  if (gtin) {
    const ref = `${gtin.slice(1, 1 + cpl)}.${gtin.charAt(0)}${gtin.slice(1 + cpl, 13)}`;
    const serial = get('21');
    if (serial) return ok(`${PREFIXES.sgtin}${ref}.${escapeEpcComponent(serial)}`);
    const lot = get('10');
    if (lot) return ok(`${PREFIXES.lgtin}${ref}.${escapeEpcComponent(lot)}`);
    return fail({ code: 'epc_no_identity', message: 'a GTIN needs a serial (21) for an SGTIN or a lot (10) for an LGTIN URN', ai: '01' });
  }
  return fail({ code: 'epc_no_identity', message: 'no SSCC (00), GLN (414) or GTIN (01) to write as an EPC URN' });
}

/**
 * The Digital Link of an EPC URN.
 *
 * @example epcUrnToDigitalLink('urn:epc:id:sscc:0614141.1234567890') // → { ok: true, value: 'https://id.gs1.org/00/106141412345678908' }
 */
export function epcUrnToDigitalLink(urn: string, base: string = DEFAULT_DIGITAL_LINK_BASE, options: Gs1Options = {}): CodeResult<string> {
  const parsed = parseEpcUrn(urn, options);
  return parsed.ok ? formatDigitalLink(parsed.value.elements, base, options) : parsed;
}

/**
 * The EPC URN of a Digital Link, given the company-prefix length (default 7).
 *
 * @example digitalLinkToEpcUrn('https://id.gs1.org/01/80614141123458/21/6789') // → { ok: true, value: 'urn:epc:id:sgtin:0614141.812345.6789' }
 */
export function digitalLinkToEpcUrn(uri: string, options: EpcOptions = {}): CodeResult<string> {
  const link = parseDigitalLink(uri, options);
  return link.ok ? formatEpcUrn(link.value.elements, options) : link;
}
