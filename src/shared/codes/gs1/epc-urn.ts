/**
 * EPC URNs (GS1 EPC Tag Data Standard 2.x): the one reader and writer of them, for the code
 * parsers (detect, parseCode) and for EPCIS 2.0.
 *
 * The keys a trace platform meets most, with positions in errors (`parseEpcUrn`, `formatEpcUrn`):
 * - `urn:epc:id:sgtin:{CompanyPrefix}.{Indicator+ItemRef}.{Serial}` ↔ AIs (01)+(21)
 * - `urn:epc:class:lgtin:{CompanyPrefix}.{Indicator+ItemRef}.{Lot}` ↔ AIs (01)+(10)
 * - `urn:epc:id:sscc:{CompanyPrefix}.{Extension+SerialRef}` ↔ AI (00)
 * - `urn:epc:id:sgln:{CompanyPrefix}.{LocationRef}.{Extension}` ↔ AIs (414)[+(254)]; extension `0`
 *   means "no extension" (TDS §6.3.3), so a GLN extension that is literally `0` has no URN.
 *
 * Every GS1 scheme of TDS 2.x §6.3 as EPCIS carries them (`parseAnyEpcUrn`, `formatAnyEpcUrn`):
 * the four above and grai, giai, gsrn, gsrnp, gdti, sgcn, pgln, ginc, gsin, cpi, itip and upui,
 * and the GTIN class pattern `urn:epc:idpat:sgtin:{CompanyPrefix}.{Indicator+ItemRef}.*` that
 * EPCIS uses as an `epcClass` (§8 patterns).
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
import type { MessageKey } from '../../i18n/i18n.ts';
import { type CodeResult, codeIssue as issue, describeChar, fail, ok, trimInput } from '../code-result.ts';
import { gs1CheckDigit } from '../gtin.ts';
import { isDigitalLinkPrimaryKey } from './ai-table.ts';
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
  if (!kind) return fail(issue('epc_unsupported', 'code.error.epc_unsupported_kind', {}, { position: pos(0) }));
  const start = PREFIXES[kind].length;
  const parts: { text: string; at: number }[] = [];
  let from = start;
  const dots = kind === 'sscc' ? 1 : 2;
  for (let d = 0; d < dots; d++) {
    const dot = text.indexOf('.', from);
    if (dot < 0) {
      return fail(issue('epc_structure', 'code.error.epc_parts', { scheme: kind, count: dots + 1, prefix: PREFIXES[kind] }, { position: pos(text.length) }));
    }
    parts.push({ text: text.slice(from, dot), at: from });
    from = dot + 1;
  }
  parts.push({ text: text.slice(from), at: from });
  const [cp, second, third] = parts;
  if (!cp || !second) return fail(issue('epc_structure', 'code.error.epc_malformed', { scheme: kind }, { position: pos(start) }));
  if (!/^\d{6,12}$/.test(cp.text)) {
    return fail(issue('epc_company_prefix', 'code.error.epc_company_prefix_at', { position: pos(cp.at) }, { position: pos(cp.at) }));
  }
  const numericLength = { sgtin: 13, lgtin: 13, sscc: 17, sgln: 12 }[kind];
  const minSecond = kind === 'sgln' ? 0 : 1;
  if (!/^\d*$/.test(second.text) || second.text.length < minSecond || cp.text.length + second.text.length !== numericLength) {
    const names: Record<EpcUrnKind, MessageKey> = { sgtin: 'code.error.epc_part_item', lgtin: 'code.error.epc_part_item', sscc: 'code.error.epc_part_serial', sgln: 'code.error.epc_part_location' };
    const what = names[kind];
    return fail(issue('epc_reference_length', 'code.error.epc_reference_at', { what: { key: what }, position: pos(second.at), length: numericLength }, { position: pos(second.at) }));
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

/** A GS3A3 component decoded (TDS table A-1), each character's offset in `text`; or the first offending character. */
type Gs3a3 =
  | { readonly ok: true; readonly value: string; readonly offsets: readonly number[] }
  | { readonly ok: false; readonly problem: 'epc_bad_escape' | 'epc_bad_character'; readonly at: number; readonly hex: string; readonly ch: string };

function decodeGs3a3(text: string): Gs3a3 {
  let value = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '%') {
      const hex = text.slice(i + 1, i + 3);
      const code = /^[0-9A-Fa-f]{2}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
      if (code < 0x21 || code > 0x7e) return { ok: false, problem: 'epc_bad_escape', at: i, hex, ch };
      value += String.fromCharCode(code);
      offsets.push(i);
      i += 2;
    } else if (GS3A3_PLAIN.test(ch)) {
      value += ch;
      offsets.push(i);
    } else {
      return { ok: false, problem: 'epc_bad_character', at: i, hex: '', ch };
    }
  }
  return { ok: true, value, offsets };
}

function unescapeEpcComponent(text: string, position: number): CodeResult<LocatedGs1Element> {
  const d = decodeGs3a3(text);
  if (!d.ok) {
    return d.problem === 'epc_bad_escape'
      ? fail(issue('epc_bad_escape', 'code.error.epc_bad_escape_at', { position: position + d.at }, { position: position + d.at }))
      : fail(issue('epc_bad_character', 'code.error.epc_bad_character_at', { character: describeChar(d.ch), position: position + d.at }, { position: position + d.at }));
  }
  if (d.value === '') return fail(issue('epc_empty_component', 'code.error.epc_empty_component_at', { position }, { position }));
  return ok({ ai: '', value: d.value, aiPosition: position, valuePositions: d.offsets.map((o) => position + o) });
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
    return fail(issue('epc_company_prefix_length', 'code.error.epc_company_prefix_length', { length: cpl }));
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
      return fail(issue('epc_gln_extension_zero', 'code.error.epc_gln_extension_zero', {}, { ai: '254' }));
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
    return fail(issue('epc_no_identity', 'code.error.epc_gtin_needs_serial', {}, { ai: '01' }));
  }
  return fail(issue('epc_no_identity', 'code.error.epc_no_key', {}));
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

// ---- every GS1 scheme (TDS 2.x §6.3), as EPCIS 2.0 carries them ----------------------------

/** The GS1 EPC schemes of TDS 2.x §6.3 (pure identities, `urn:epc:id:{scheme}:…`). */
export const GS1_EPC_SCHEMES = ['sgtin', 'sscc', 'sgln', 'grai', 'giai', 'gsrn', 'gsrnp', 'gdti', 'sgcn', 'pgln', 'ginc', 'gsin', 'cpi', 'itip', 'upui'] as const;
export type Gs1EpcScheme = (typeof GS1_EPC_SCHEMES)[number];

/** TDS 2.x §6.3 EPC schemes that are not GS1 keys (no AI equivalent): read as opaque URIs. */
export const NON_GS1_EPC_SCHEMES = ['gid', 'usdod', 'adi', 'bic', 'imovn'] as const;

/** How an EPC URN was written: `urn:epc:id:`, `urn:epc:class:` or `urn:epc:idpat:`. */
export type EpcUrnForm = 'id' | 'class' | 'idpat';

/** The dot-separated parts of an EPC URN after `urn:epc:{form}:{scheme}:`; the last part keeps any dots it holds. */
export interface SplitEpcUrn {
  readonly form: EpcUrnForm;
  readonly scheme: string;
  readonly parts: readonly string[];
}

export interface AnyEpcUrn {
  readonly form: EpcUrnForm;
  /** `lgtin` for `urn:epc:class:lgtin:`, `sgtin` for the GTIN class pattern. */
  readonly scheme: Gs1EpcScheme | 'lgtin';
  /** `instance`: one object; `class`: an LGTIN or a GTIN (`urn:epc:idpat:sgtin:CP.IR.*`). */
  readonly level: 'instance' | 'class';
  readonly companyPrefix: string;
  /** The GS1 elements of the identity, primary key first. */
  readonly elements: readonly Gs1Element[];
}

/** Gives the GS1 Company Prefix length for the digits where a key's company prefix starts (undefined: not known). */
export type CompanyPrefixLengthOf = (digits: string) => number | undefined;

export interface EpcUrnFormatOptions {
  /** A fixed length (6–12), or a look-up, e.g. over the enterprise's registered prefixes. Default 7. */
  readonly companyPrefixLength?: number | CompanyPrefixLengthOf;
}

// Parts after `urn:epc:{form}:{scheme}:` (TDS 2.x §6.3 grammars).
const PART_COUNT: Readonly<Record<Gs1EpcScheme | 'lgtin', number>> = {
  sgtin: 3,
  lgtin: 3,
  sscc: 2,
  sgln: 3,
  grai: 3,
  giai: 2,
  gsrn: 2,
  gsrnp: 2,
  gdti: 3,
  sgcn: 3,
  pgln: 2,
  ginc: 2,
  gsin: 2,
  cpi: 3,
  itip: 5,
  upui: 3,
};

// Digits of company prefix + the numeric second part (before any check digit), TDS 2.x §6.3.
const NUMERIC_LENGTH: Partial<Record<Gs1EpcScheme | 'lgtin', number>> = {
  sgtin: 13,
  lgtin: 13,
  itip: 13,
  upui: 13,
  sscc: 17,
  sgln: 12,
  grai: 12,
  gdti: 12,
  sgcn: 12,
  pgln: 12,
  gsrn: 17,
  gsrnp: 17,
  gsin: 16,
};

const URN = /^urn:epc:(id|class|idpat):([A-Za-z0-9]+):(.*)$/i;

/**
 * Whether a scheme name is a GS1 EPC scheme.
 *
 * @example isGs1EpcScheme('grai') // → true
 */
export function isGs1EpcScheme(scheme: string): scheme is Gs1EpcScheme {
  return (GS1_EPC_SCHEMES as readonly string[]).includes(scheme);
}

/**
 * Splits an EPC URN into its form, scheme and parts (the last part may contain dots: a serial may).
 *
 * @example splitEpcUrn('urn:epc:idpat:sgtin:0614141.107346.*') // → { ok: true, value: { form: 'idpat', scheme: 'sgtin', parts: ['0614141', '107346', '*'] } }
 */
export function splitEpcUrn(input: string): CodeResult<SplitEpcUrn> {
  const m = URN.exec(input.trim());
  const form = m?.[1]?.toLowerCase() as EpcUrnForm | undefined;
  const scheme = m?.[2]?.toLowerCase() ?? '';
  const rest = m?.[3] ?? '';
  if (!form) return fail(issue('epc_structure', 'code.error.epc_not_urn'));
  if ((NON_GS1_EPC_SCHEMES as readonly string[]).includes(scheme)) return ok({ form, scheme, parts: [rest] });
  const known = form === 'class' ? scheme === 'lgtin' : isGs1EpcScheme(scheme);
  if (!known) {
    const allowed = form === 'class' ? 'lgtin' : [...GS1_EPC_SCHEMES, ...NON_GS1_EPC_SCHEMES].join(', ');
    return fail(issue('epc_unsupported', form === 'class' ? 'code.error.epc_unknown_class' : 'code.error.epc_unknown_scheme', { scheme: JSON.stringify(scheme), allowed }));
  }
  const count = PART_COUNT[scheme as Gs1EpcScheme | 'lgtin'];
  const parts: string[] = [];
  let from = 0;
  for (let i = 1; i < count; i++) {
    const dot = rest.indexOf('.', from);
    if (dot < 0) return fail(issue('epc_structure', 'code.error.epc_parts', { scheme, count, prefix: `urn:epc:${form}:${scheme}:` }));
    parts.push(rest.slice(from, dot));
    from = dot + 1;
  }
  parts.push(rest.slice(from));
  return ok({ form, scheme, parts });
}

/**
 * Reads an EPC URN of any GS1 scheme into GS1 elements (check digits computed, values checked
 * against the AI dictionary). `urn:epc:idpat:` is read when it names one identifier (no `*`) or
 * the GTIN class `sgtin:{CP}.{IR}.*`; other patterns are not identifiers (see `epcPatternPrefix`).
 *
 * @example parseAnyEpcUrn('urn:epc:id:grai:4012345.55555.987') // → { ok: true, value: { form: 'id', scheme: 'grai', level: 'instance', companyPrefix: '4012345', elements: [{ ai: '8003', value: '04012345555554987' }] } }
 * @example parseAnyEpcUrn('urn:epc:idpat:sgtin:4012345.044444.*') // → { ok: true, value: { …, level: 'class', elements: [{ ai: '01', value: '04012345444446' }] } }
 */
export function parseAnyEpcUrn(input: string): CodeResult<AnyEpcUrn> {
  const split = splitEpcUrn(input);
  if (!split.ok) return split;
  const { form, scheme, parts } = split.value;
  if (!isGs1EpcScheme(scheme) && scheme !== 'lgtin') return fail(issue('epc_not_gs1', 'code.error.epc_not_gs1', { scheme }));
  let level: 'instance' | 'class' = scheme === 'lgtin' ? 'class' : 'instance';
  let fixed = parts;
  if (form === 'idpat') {
    const star = parts.indexOf('*');
    if (star >= 0) {
      if (scheme === 'sgtin' && star === 2) {
        // EPCIS 2.0 / CBV 2.0: a GTIN-level EPC class is written as the SGTIN pattern with serial `*`.
        level = 'class';
        fixed = parts.slice(0, 2);
      } else {
        return fail(issue('epc_pattern', 'code.error.epc_pattern_many'));
      }
    }
  }
  const built = buildElements(scheme, fixed);
  if (!built.ok) return built;
  return ok({ form, scheme, level, companyPrefix: parts[0] ?? '', elements: built.value });
}

/**
 * The GS1 elements of a scheme's URN parts. With two parts for `sgtin`, the GTIN alone.
 *
 * @example buildElements('gsrn', ['95252084', '000000001']) // → { ok: true, value: [{ ai: '8018', value: '952520840000000014' }] }
 */
export function buildElements(scheme: Gs1EpcScheme | 'lgtin', parts: readonly string[]): CodeResult<readonly Gs1Element[]> {
  const [cp = '', second = '', ...rest] = parts;
  if (!/^\d{6,12}$/.test(cp)) return fail(issue('epc_company_prefix', 'code.error.epc_company_prefix', { prefix: JSON.stringify(cp) }));
  if ((scheme === 'sgtin' || scheme === 'lgtin' || scheme === 'sscc' || scheme === 'sgln') && parts.length === PART_COUNT[scheme]) {
    const urn = `urn:epc:${scheme === 'lgtin' ? 'class' : 'id'}:${scheme}:${parts.join('.')}`;
    const parsed = parseEpcUrn(urn);
    return parsed.ok ? ok(parsed.value.elements) : parsed;
  }
  const numeric = NUMERIC_LENGTH[scheme];
  if (numeric !== undefined && (!/^\d*$/.test(second) || cp.length + second.length !== numeric)) {
    return fail(issue('epc_reference_length', 'code.error.epc_reference_given', { length: numeric, prefix: cp.length, reference: second.length }));
  }
  const withCheck = (body: string) => body + gs1CheckDigit(body);
  const indicatorFirst = () => withCheck(second.charAt(0) + cp + second.slice(1));
  const component = (text: string | undefined, allowEmpty: boolean): CodeResult<string> => unescapeComponent(text ?? '', allowEmpty);
  let elements: Gs1Element[];
  switch (scheme) {
    case 'sgtin':
    case 'upui': {
      if (second === '') return fail(issue('epc_reference_length', 'code.error.epc_item_missing'));
      elements = [{ ai: '01', value: indicatorFirst() }];
      if (parts.length === 3) {
        const c = component(rest[0], false);
        if (!c.ok) return c;
        elements.push({ ai: scheme === 'upui' ? '235' : '21', value: c.value });
      }
      break;
    }
    case 'itip': {
      const [piece = '', total = '', serial] = rest;
      if (!/^\d{2}$/.test(piece) || !/^\d{2}$/.test(total)) return fail(issue('epc_reference_length', 'code.error.epc_itip_piece'));
      const c = component(serial, false);
      if (!c.ok) return c;
      elements = [{ ai: '8006', value: indicatorFirst() + piece + total }, { ai: '21', value: c.value }];
      break;
    }
    case 'grai': {
      // TDS §6.3.4: a GRAI is an EPC only with a serial.
      const c = component(rest[0], false);
      if (!c.ok) return c;
      elements = [{ ai: '8003', value: `0${withCheck(cp + second)}${c.value}` }];
      break;
    }
    case 'gdti':
    case 'sgcn': {
      const c = component(rest[0], true);
      if (!c.ok) return c;
      elements = [{ ai: scheme === 'gdti' ? '253' : '255', value: withCheck(cp + second) + c.value }];
      break;
    }
    case 'gsrn':
    case 'gsrnp':
    case 'pgln':
    case 'gsin': {
      const ai = { gsrn: '8018', gsrnp: '8017', pgln: '417', gsin: '402' }[scheme];
      elements = [{ ai, value: withCheck(cp + second) }];
      break;
    }
    case 'giai':
    case 'ginc': {
      const c = component(second, false);
      if (!c.ok) return c;
      elements = [{ ai: scheme === 'giai' ? '8004' : '401', value: cp + c.value }];
      break;
    }
    case 'cpi': {
      const id = component(second, false);
      if (!id.ok) return id;
      const serial = component(rest[0], false);
      if (!serial.ok) return serial;
      elements = [
        { ai: '8010', value: cp + id.value },
        { ai: '8011', value: serial.value },
      ];
      break;
    }
    default:
      return fail(issue('epc_structure', 'code.error.epc_malformed', { scheme }));
  }
  const invalid = validateGs1Elements(elements);
  return invalid ? fail(invalid) : ok(elements);
}

function unescapeComponent(text: string, allowEmpty: boolean): CodeResult<string> {
  const d = decodeGs3a3(text);
  if (!d.ok) {
    return d.problem === 'epc_bad_escape'
      ? fail(issue('epc_bad_escape', 'code.error.epc_bad_escape', { escape: `%${d.hex}` }))
      : fail(issue('epc_bad_character', 'code.error.epc_bad_character', { character: describeChar(d.ch) }));
  }
  if (d.value === '' && !allowEmpty) return fail(issue('epc_empty_component', 'code.error.epc_empty_component'));
  return ok(d.value);
}

/** The digits where the company prefix of a key value starts (after an indicator, extension or the GRAI zero). */
export function companyPrefixDigits(ai: string, value: string): string {
  return ai === '01' || ai === '00' || ai === '8006' || ai === '8003' ? value.slice(1) : value;
}

/**
 * Resolves the company-prefix length for a key.
 *
 * @example resolveCompanyPrefixLength('01', '04012345123456', { companyPrefixLength: (d) => (d.startsWith('4012345') ? 7 : undefined) }) // → 7
 */
export function resolveCompanyPrefixLength(ai: string, value: string, options: EpcUrnFormatOptions = {}): number {
  const given = options.companyPrefixLength;
  if (typeof given === 'number') return given;
  return given?.(companyPrefixDigits(ai, value)) ?? DEFAULT_COMPANY_PREFIX_LENGTH;
}

/**
 * The EPC URN of GS1 elements, for every scheme of TDS 2.x §6.3: the first Digital Link primary
 * key decides the scheme. A GTIN with a serial is an SGTIN, with a TPX a UPUI, with a lot an LGTIN
 * class, alone the GTIN class pattern `urn:epc:idpat:sgtin:CP.IR.*`. Other AIs (dates, CPV…) are
 * not part of an EPC and are left out.
 *
 * @example formatAnyEpcUrn([{ ai: '8003', value: '04012345555554987' }]) // → { ok: true, value: 'urn:epc:id:grai:4012345.55555.987' }
 * @example formatAnyEpcUrn([{ ai: '01', value: '04012345444446' }]) // → { ok: true, value: 'urn:epc:idpat:sgtin:4012345.044444.*' }
 */
export function formatAnyEpcUrn(elements: readonly Gs1Element[], options: EpcUrnFormatOptions = {}): CodeResult<string> {
  const key = elements.find((e) => isDigitalLinkPrimaryKey(e.ai));
  if (!key) return fail(issue('epc_no_identity', 'code.error.epc_no_gs1_key'));
  const cpl = resolveCompanyPrefixLength(key.ai, key.value, options);
  if (!Number.isInteger(cpl) || cpl < 6 || cpl > 12) {
    return fail(issue('epc_company_prefix_length', 'code.error.epc_company_prefix_length', { length: cpl }));
  }
  const invalid = validateGs1Elements(elements);
  if (invalid) return fail(invalid);
  const get = (ai: string) => elements.find((e) => e.ai === ai)?.value;
  const v = key.value;
  const tooLong = (max: number) => fail(issue('epc_company_prefix_length', 'code.error.epc_company_prefix_fit', { length: cpl, ai: key.ai, max }));
  switch (key.ai) {
    case '00':
    case '414':
      return formatEpcUrn(elements, { companyPrefixLength: cpl });
    case '01': {
      const ref = `${v.slice(1, 1 + cpl)}.${v.charAt(0)}${v.slice(1 + cpl, 13)}`;
      const serial = get('21');
      if (serial !== undefined) return ok(`urn:epc:id:sgtin:${ref}.${escapeEpcComponent(serial)}`);
      const tpx = get('235');
      if (tpx !== undefined) return ok(`urn:epc:id:upui:${ref}.${escapeEpcComponent(tpx)}`);
      const lot = get('10');
      if (lot !== undefined) return ok(`urn:epc:class:lgtin:${ref}.${escapeEpcComponent(lot)}`);
      return ok(`urn:epc:idpat:sgtin:${ref}.*`);
    }
    case '8006': {
      const serial = get('21');
      if (serial === undefined) return fail(issue('epc_no_identity', 'code.error.epc_itip_serial', {}, { ai: '8006' }));
      return ok(`urn:epc:id:itip:${v.slice(1, 1 + cpl)}.${v.charAt(0)}${v.slice(1 + cpl, 13)}.${v.slice(14, 16)}.${v.slice(16, 18)}.${escapeEpcComponent(serial)}`);
    }
    case '8003': {
      const serial = v.slice(14);
      if (serial === '') return fail(issue('epc_no_identity', 'code.error.epc_grai_serial', {}, { ai: '8003' }));
      return ok(`urn:epc:id:grai:${v.slice(1, 1 + cpl)}.${v.slice(1 + cpl, 13)}.${escapeEpcComponent(serial)}`);
    }
    case '253':
    case '255':
      return ok(`urn:epc:id:${key.ai === '253' ? 'gdti' : 'sgcn'}:${v.slice(0, cpl)}.${v.slice(cpl, 12)}.${escapeEpcComponent(v.slice(13))}`);
    case '8017':
    case '8018':
    case '417':
    case '402': {
      const scheme = { '8017': 'gsrnp', '8018': 'gsrn', '417': 'pgln', '402': 'gsin' }[key.ai];
      return ok(`urn:epc:id:${scheme}:${v.slice(0, cpl)}.${v.slice(cpl, v.length - 1)}`);
    }
    case '8004':
    case '401':
      if (v.length <= cpl) return tooLong(v.length);
      return ok(`urn:epc:id:${key.ai === '8004' ? 'giai' : 'ginc'}:${v.slice(0, cpl)}.${escapeEpcComponent(v.slice(cpl))}`);
    case '8010': {
      const serial = get('8011');
      if (serial === undefined) return fail(issue('epc_no_identity', 'code.error.epc_cpid_serial', {}, { ai: '8010' }));
      if (v.length <= cpl) return tooLong(v.length);
      return ok(`urn:epc:id:cpi:${v.slice(0, cpl)}.${escapeEpcComponent(v.slice(cpl))}.${serial}`);
    }
    default:
      return fail(issue('epc_no_identity', 'code.error.epc_no_urn', { ai: key.ai }, { ai: key.ai }));
  }
}
