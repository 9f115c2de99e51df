/**
 * One database key per identified thing, whichever way EPCIS writes it: an EPC URN, a GS1 Digital
 * Link on any domain, or an element string all become the bracketed element string of the GS1
 * identity (`(01)00614141073467(21)2017`). Also: EPC patterns for the `MATCH_*` query parameters
 * (EPCIS 2.0 §8.2.7.1.1) and `GS1-EPC-Format` translation of identifiers (EPCIS 2.0 REST binding).
 *
 * The key is the EPC identity, not every AI a URI may carry:
 * - a Digital Link's query attributes (`?17=…`, `linkType`) are left out;
 * - after a GTIN, a serial (21) makes an SGTIN and a TPX (235) a UPUI, leaving any lot and CPV
 *   out; a lot alone makes an LGTIN class; a GTIN alone is the GTIN class (TDS 2.x §6.3.1, §6.4);
 * - other keys keep the Digital Link qualifiers given, in Digital Link order (GLN + extension…).
 *
 * Company-prefix length: an EPC URN carries it, a Digital Link or element string does not. Turning
 * one into a URN uses `options.companyPrefixLength` (a number, or a look-up over the digits where
 * the prefix starts, e.g. the enterprise's registered GS1 prefixes); without it,
 * `DEFAULT_COMPANY_PREFIX_LENGTH` (7) from `shared/codes/gs1/epc-urn.ts` — there is no GCP length
 * table in this code base. A wrong length gives a different URN of the same key: keys never depend on it.
 */
import { type CodeResult, codeIssue, fail, ok } from '../shared/codes/code-result.ts';
import { digitalLinkQualifierSequences, isDigitalLinkPrimaryKey } from '../shared/codes/gs1/ai-table.ts';
import { DEFAULT_DIGITAL_LINK_BASE, formatDigitalLink, isHttpUri, parseDigitalLink } from '../shared/codes/gs1/digital-link.ts';
import { formatGs1Bracketed, parseGs1Bracketed } from '../shared/codes/gs1/element-string.ts';
import type { Gs1Element } from '../shared/codes/gs1/elements.ts';
import { gs1CheckDigit } from '../shared/codes/gtin.ts';
import { parseIdUrl } from '../shared/codes/id-url.ts';
import { isParseCodeError, parseCode } from '../shared/codes/parse-code.ts';
import { buildElements, type EpcUrnFormatOptions, formatAnyEpcUrn, type Gs1EpcScheme, isGs1EpcScheme, parseAnyEpcUrn, splitEpcUrn } from '../shared/codes/gs1/epc-urn.ts';

export type { CompanyPrefixLengthOf, EpcUrnFormatOptions } from '../shared/codes/gs1/epc-urn.ts';

/** `GS1-EPC-Format` values (EPCIS 2.0 REST binding, openapi.yaml `GS1-EPC-Format`). */
export type EpcFormat = 'Always_GS1_Digital_Link' | 'Always_EPC_URN' | 'Never_Translates' | 'No_Preference';

/**
 * What a `MATCH_*` value selects among keys: one key, or every key matching a SQL `LIKE` pattern.
 * `like` uses `\` as escape character (PostgreSQL's default) and may hold `_` (any one character)
 * where a pattern leaves a digit open (the indicator digit of a GTIN, the extension digit of an
 * SSCC); `prefix` is the literal start of every match, so a `text_pattern_ops` index can serve the
 * query; `regex` has the exact meaning of `like`, for matching in memory.
 */
export type EpcMatch = { readonly exact: string } | { readonly prefix: string; readonly like: string; readonly regex: RegExp };

/** Which fields a `MATCH_*` parameter looks at: EPCs (`MATCH_epc`, `MATCH_anyEPC`…) or EPC classes (`MATCH_epcClass`…). */
export type EpcMatchField = 'epc' | 'epcClass';

/**
 * The GS1 elements an identifier stands for: EPC URN, Digital Link (path only) or bracketed
 * element string; undefined for anything else or anything that does not parse.
 */
function gs1Elements(input: string): readonly Gs1Element[] | undefined {
  if (/^urn:epc:/i.test(input)) {
    const urn = parseAnyEpcUrn(input);
    return urn.ok ? urn.value.elements : undefined;
  }
  if (isHttpUri(input)) {
    const link = parseDigitalLink(input);
    return link.ok ? link.value.path : undefined;
  }
  if (input.startsWith('(')) {
    const parsed = parseGs1Bracketed(input);
    return parsed.ok ? parsed.value.elements : undefined;
  }
  return undefined;
}

/** The EPC identity of GS1 elements: primary key, then its identifying qualifiers (see the module comment). */
function identity(elements: readonly Gs1Element[]): readonly Gs1Element[] | undefined {
  const key = elements.find((e) => isDigitalLinkPrimaryKey(e.ai));
  if (!key) return undefined;
  const find = (ai: string) => elements.find((e) => e.ai === ai);
  if (key.ai === '01') {
    const qualifier = find('21') ?? find('235') ?? find('10');
    return qualifier ? [key, qualifier] : [key];
  }
  const sequence = digitalLinkQualifierSequences(key.ai).find((seq) => seq.every((ai) => find(ai) !== undefined)) ?? [];
  return [key, ...sequence.flatMap((ai) => find(ai) ?? [])];
}

/**
 * The database key of an identifier. GS1 identifiers (EPC URN, GS1 Digital Link on any domain,
 * bracketed element string) give the bracketed element string of their EPC identity; Yima
 * `/id/{scheme}/{value}` URLs the canonical form of that scheme; anything else is returned unchanged.
 *
 * @example epcKey('urn:epc:id:sgtin:0614141.107346.2017') // → '(01)10614141073464(21)2017' (the indicator digit 1 leads the item reference)
 * @example epcKey('urn:epc:id:sgtin:0614141.007346.2017') // → '(01)00614141073467(21)2017'
 * @example epcKey('https://example.com/01/00614141073467/21/2017') // → '(01)00614141073467(21)2017'
 * @example epcKey('urn:epc:idpat:sgtin:4012345.012345.*') // → '(01)04012345123456'
 * @example epcKey('urn:epc:id:sgln:0614141.07346.1234') // → '(414)0614141073467(254)1234'
 * @example epcKey('urn:example:foo') // → 'urn:example:foo'
 */
export function epcKey(uri: string): string {
  const fast = sgtinFastKey(uri);
  if (fast) return fast;
  const cached = keyCache.get(uri);
  if (cached !== undefined) return cached;
  const key = slowEpcKey(uri);
  // Locations, parties and classes repeat from event to event; unique serials take the fast path.
  if (keyCache.size >= 10_000) keyCache.clear();
  keyCache.set(uri, key);
  return key;
}

const keyCache = new Map<string, string>();

/**
 * The common case, without the general parser: an SGTIN URN whose serial is plain letters and
 * digits (TDS 2.x §6.3.1: GTIN-14 = indicator digit (the item reference's first), company prefix,
 * the rest of the item reference, check digit). Undefined sends anything else the general way.
 */
function sgtinFastKey(uri: string): string | undefined {
  const m = /^urn:epc:id:sgtin:(\d{6,12})\.(\d{1,7})\.([A-Za-z0-9]{1,20})$/.exec(uri);
  if (!m) return undefined;
  const [, company = '', item = '', serial = ''] = m;
  if (company.length + item.length !== 13) return undefined;
  const body = `${item.charAt(0)}${company}${item.slice(1)}`;
  return `(01)${body}${gs1CheckDigit(body)}(21)${serial}`;
}

/** {@link epcKey} through the general parser only (no fast path, no cache): tests compare the two. */
export function slowEpcKey(uri: string): string {
  const elements = gs1Elements(uri);
  const id = elements && identity(elements);
  if (id) return formatGs1Bracketed(id);
  if (isHttpUri(uri) && parseIdUrl(uri)) {
    const parsed = parseCode(uri);
    if (!isParseCodeError(parsed) && parsed.scheme !== 'gs1') return parsed.canonical;
  }
  return uri;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);

/** A LIKE/regex pattern from literal text, runs of "any one digit" and an optional open end. */
function likeMatch(segments: readonly (string | number)[], open: boolean): EpcMatch {
  let like = '';
  let regex = '^';
  let prefix = '';
  let literal = true;
  for (const s of segments) {
    if (typeof s === 'string') {
      like += escapeLike(s);
      regex += escapeRegex(s);
      if (literal) prefix += s;
    } else {
      like += '_'.repeat(s);
      regex += `\\d{${s}}`;
      literal = false;
    }
  }
  if (open) like += '%';
  else regex += '$';
  return { prefix, like, regex: new RegExp(regex) };
}

/**
 * What a `MATCH_*` query value selects (EPCIS 2.0 §8.2.7.1.1): an identifier matches itself in any
 * of its forms (`{ exact: epcKey(value) }`); an EPC pattern `urn:epc:idpat:{scheme}:…` (TDS 2.x §8,
 * only trailing parts may be `*`) matches the keys of every identifier it covers.
 * For `MATCH_epcClass` (`field: 'epcClass'`), `urn:epc:idpat:sgtin:CP.IR.*` is the GTIN class and
 * matches it and each of its LGTIN classes; for EPCs it matches the SGTINs of that GTIN.
 * Returns an error for a malformed pattern or EPC URN.
 *
 * @example epcPatternPrefix('urn:epc:idpat:sgtin:0614141.107346.*') // → { ok: true, value: { prefix: '(01)10614141073464(21)', like: '(01)10614141073464(21)%', regex: /^\(01\)10614141073464\(21\)/ } }
 * @example epcPatternPrefix('urn:epc:idpat:sgtin:0614141.*.*') // → { ok: true, value: { prefix: '(01)', like: '(01)_0614141______(21)%', regex: /^\(01\)\d{1}0614141\d{6}\(21\)/ } }
 * @example epcPatternPrefix('https://id.gs1.org/01/00614141073467/21/2017') // → { ok: true, value: { exact: '(01)00614141073467(21)2017' } }
 */
export function epcPatternPrefix(pattern: string, field: EpcMatchField = 'epc'): CodeResult<EpcMatch> {
  if (!/^urn:epc:/i.test(pattern)) return ok({ exact: epcKey(pattern) });
  const split = splitEpcUrn(pattern);
  if (!split.ok) return split;
  const { form, scheme, parts } = split.value;
  if (!isGs1EpcScheme(scheme)) {
    // Not a GS1 key (gid, usdod…): only whole identifiers, compared as written.
    if (form === 'idpat') return fail(codeIssue('epc_unsupported', 'code.error.epc_pattern_unsupported', { scheme }));
    return ok({ exact: pattern });
  }
  const star = parts.indexOf('*');
  if (form !== 'idpat' || star < 0) {
    const urn = parseAnyEpcUrn(pattern);
    if (!urn.ok) return urn;
    return ok({ exact: formatGs1Bracketed(identity(urn.value.elements) ?? urn.value.elements) });
  }
  // TDS 2.x §8: every part after the first `*` is `*` too.
  if (parts.slice(star).some((p) => p !== '*')) {
    return fail(codeIssue('epc_pattern', 'code.error.epc_pattern_trailing'));
  }
  return patternMatch(scheme, parts.slice(0, star), field);
}

const PATTERN_AI: Readonly<Record<Gs1EpcScheme, string>> = {
  sgtin: '01',
  upui: '01',
  itip: '8006',
  sscc: '00',
  sgln: '414',
  grai: '8003',
  giai: '8004',
  gsrn: '8018',
  gsrnp: '8017',
  gdti: '253',
  sgcn: '255',
  pgln: '417',
  ginc: '401',
  gsin: '402',
  cpi: '8010',
};

// What precedes the company prefix in a key's value: one open digit (indicator, SSCC extension) or the GRAI's 0.
const LEADING_DIGIT: Partial<Record<Gs1EpcScheme, string | number>> = { sgtin: 1, upui: 1, itip: 1, sscc: 1, grai: '0' };

function patternMatch(scheme: Gs1EpcScheme, fixed: readonly string[], field: EpcMatchField): CodeResult<EpcMatch> {
  const ai = PATTERN_AI[scheme];
  const [cp] = fixed;
  if (cp === undefined) {
    // `*.*…`: every identifier of the scheme.
    if (scheme === 'sgtin' && field === 'epc') return ok(likeMatch(['(01)', 14, '(21)'], true));
    if (scheme === 'upui') return ok(likeMatch(['(01)', 14, '(235)'], true));
    return ok(likeMatch([`(${ai})`], true));
  }
  if (!/^\d{6,12}$/.test(cp)) return fail(codeIssue('epc_company_prefix', 'code.error.epc_company_prefix', { prefix: JSON.stringify(cp) }));
  if (fixed.length === 1) {
    const lead = LEADING_DIGIT[scheme];
    const head: (string | number)[] = [`(${ai})`, ...(lead === undefined ? [] : [lead]), cp];
    if (scheme === 'sgtin' && field === 'epc') return ok(likeMatch([...head, 13 - cp.length, '(21)'], true));
    if (scheme === 'upui') return ok(likeMatch([...head, 13 - cp.length, '(235)'], true));
    if (scheme === 'itip') return ok(likeMatch([...head, 17 - cp.length, '(21)'], true));
    return ok(likeMatch(head, true));
  }
  // The key itself is fixed: the first two parts give it (four for an ITIP).
  if (scheme === 'itip' && fixed.length < 4) {
    const gtin = buildElements('sgtin', fixed.slice(0, 2));
    if (!gtin.ok) return gtin;
    return ok(likeMatch([`(8006)${gtin.value[0]?.value ?? ''}`], true));
  }
  const base = keyOf(scheme, fixed);
  if (!base.ok) return base;
  const key = `(${ai})${base.value}`;
  switch (scheme) {
    case 'sgtin':
      return ok(likeMatch(field === 'epc' ? [`${key}(21)`] : [key], true));
    case 'upui':
      return ok(likeMatch([`${key}(235)`], true));
    case 'itip':
      return ok(likeMatch([`${key}(21)`], true));
    case 'cpi':
      return ok(likeMatch([`${key}(8011)`], true));
    default:
      // sgln (GLN, any extension), grai/gdti/sgcn (serial inside the AI value).
      return ok(likeMatch([key], true));
  }
}

/** The primary-key value (check digit computed) of a pattern whose key parts are given. */
function keyOf(scheme: Gs1EpcScheme, fixed: readonly string[]): CodeResult<string> {
  const [cp = '', ref = ''] = fixed;
  switch (scheme) {
    case 'sgtin':
    case 'upui': {
      const gtin = buildElements('sgtin', [cp, ref]);
      return gtin.ok ? ok(gtin.value[0]?.value ?? '') : gtin;
    }
    case 'itip': {
      const gtin = buildElements('sgtin', [cp, ref]);
      if (!gtin.ok) return gtin;
      const [, , piece = '', total = ''] = fixed;
      if (!/^\d{2}$/.test(piece) || !/^\d{2}$/.test(total)) return fail(codeIssue('epc_reference_length', 'code.error.epc_itip_piece'));
      return ok((gtin.value[0]?.value ?? '') + piece + total);
    }
    case 'cpi': {
      const built = buildElements('cpi', [cp, ref, '1']);
      return built.ok ? ok(built.value[0]?.value ?? '') : built;
    }
    default: {
      const numeric: Partial<Record<Gs1EpcScheme, number>> = { sgln: 12, grai: 12, gdti: 12, sgcn: 12 };
      const length = numeric[scheme];
      if (length === undefined || !/^\d*$/.test(ref) || cp.length + ref.length !== length) {
        return fail(codeIssue('epc_reference_length', 'code.error.epc_reference', { length: length ?? '?' }));
      }
      const body = cp + ref;
      return ok((scheme === 'grai' ? '0' : '') + body + gs1CheckDigit(body));
    }
  }
}

export interface FormatEpcOptions extends EpcUrnFormatOptions {
  /** Translate only location identifiers (SGLN ↔ `/414/…[/254/…]`), as for `readPoint` and `bizLocation`. */
  readonly onlyLocations?: boolean;
}

/**
 * An identifier in the form a `GS1-EPC-Format` asks for. `Always_GS1_Digital_Link` turns EPC URNs
 * into Digital Links under `dlBase`; `Always_EPC_URN` turns Digital Links (any domain; their query
 * attributes are dropped) into EPC URNs, using the company-prefix length of `options` (default 7,
 * see the module comment); `Never_Translates` and `No_Preference` keep the identifier as captured.
 * Identifiers that are already in the asked form, are not GS1, or cannot be written in it (a GLN
 * extension of "0", a GRAI without serial) stay as they are.
 *
 * @example formatEpcAs('urn:epc:id:sgtin:0614141.107346.2017', 'Always_GS1_Digital_Link') // → 'https://id.gs1.org/01/10614141073464/21/2017'
 * @example formatEpcAs('https://example.com/01/10614141073464/21/2017', 'Always_EPC_URN') // → 'urn:epc:id:sgtin:0614141.107346.2017'
 * @example formatEpcAs('https://example.com/01/00614141073467', 'Always_EPC_URN', undefined, { companyPrefixLength: 9 }) // → 'urn:epc:idpat:sgtin:061414107.0346.*'
 */
export function formatEpcAs(uri: string, format: EpcFormat, dlBase: string = DEFAULT_DIGITAL_LINK_BASE, options: FormatEpcOptions = {}): string {
  const isLocation = (elements: readonly Gs1Element[]) => elements[0]?.ai === '414';
  if (format === 'Always_GS1_Digital_Link' && /^urn:epc:/i.test(uri)) {
    const urn = parseAnyEpcUrn(uri);
    if (!urn.ok || (options.onlyLocations && !isLocation(urn.value.elements))) return uri;
    const link = formatDigitalLink(urn.value.elements, dlBase);
    return link.ok ? link.value : uri;
  }
  if (format === 'Always_EPC_URN' && isHttpUri(uri)) {
    const link = parseDigitalLink(uri);
    if (!link.ok || (options.onlyLocations && !isLocation(link.value.path))) return uri;
    const urn = formatAnyEpcUrn(link.value.path, options);
    return urn.ok ? urn.value : uri;
  }
  return uri;
}

const EPC_LISTS = ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'] as const;
const QUANTITY_LISTS = ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A deep copy of an EPCIS 2.0 JSON event with its identifiers in the asked `GS1-EPC-Format`:
 * `epcList`, `childEPCs`, `inputEPCList`, `outputEPCList`, `parentID`, the `epcClass` of every
 * quantity list, `sourceList[].source` and `destinationList[].destination` (SGLN, PGLN…), and
 * `readPoint.id` / `bizLocation.id` when they are locations (SGLN ↔ `/414/…/254/…`).
 * Identifiers that cannot be converted stay as they are (see `formatEpcAs`).
 *
 * @example translateEventIdentifiers({ type: 'ObjectEvent', epcList: ['urn:epc:id:sgtin:0614141.107346.2017'] }, 'Always_GS1_Digital_Link') // → { type: 'ObjectEvent', epcList: ['https://id.gs1.org/01/10614141073464/21/2017'] }
 */
export function translateEventIdentifiers<T>(event: T, format: EpcFormat, dlBase: string = DEFAULT_DIGITAL_LINK_BASE, options: EpcUrnFormatOptions = {}): T {
  const copy = structuredClone(event);
  const record: unknown = copy;
  if (format === 'Never_Translates' || format === 'No_Preference' || !isRecord(record)) return copy;
  const convert = (v: unknown, onlyLocations = false): unknown => (typeof v === 'string' ? formatEpcAs(v, format, dlBase, { ...options, onlyLocations }) : v);
  for (const list of EPC_LISTS) {
    const value = record[list];
    if (Array.isArray(value)) record[list] = value.map((v) => convert(v));
  }
  if ('parentID' in record) record.parentID = convert(record.parentID);
  for (const list of QUANTITY_LISTS) {
    const value = record[list];
    if (!Array.isArray(value)) continue;
    for (const q of value) if (isRecord(q) && 'epcClass' in q) q.epcClass = convert(q.epcClass);
  }
  for (const [list, field] of [
    ['sourceList', 'source'],
    ['destinationList', 'destination'],
  ] as const) {
    const value = record[list];
    if (!Array.isArray(value)) continue;
    for (const s of value) if (isRecord(s) && field in s) s[field] = convert(s[field]);
  }
  for (const where of ['readPoint', 'bizLocation'] as const) {
    const value = record[where];
    if (isRecord(value) && 'id' in value) value.id = convert(value.id, true);
  }
  return copy;
}
