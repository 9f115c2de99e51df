/**
 * GS1 Digital Link URIs (GS1 Digital Link URI Syntax 1.x, ISO/IEC 18975), on any domain and path
 * prefix: `https://{domain}{/prefix}/{primary-key AI}/{value}[/{qualifier AI}/{value}…][?{AI}={value}&…]`.
 *
 * - The primary key is found by walking `/AI/value` pairs back from the end of the path; its
 *   qualifiers must follow one of its `dlpkey` sequences from the syntax dictionary, in order.
 * - Data attributes go in the query string and must be flagged `?` in the dictionary; an attribute
 *   that could have been a path qualifier is an error, as is any AI given twice.
 * - Non-numeric query parameters (`linkType`, `context`…) are kept but are not AIs.
 * - Values are percent-encoded: every character outside RFC 3986 "unreserved" is escaped.
 * - A GTIN-8, -12 or -13 given for AI 01 is left-padded to 14 digits.
 *
 * Behaviour follows the GS1 Syntax Engine (src/c-lib/dl.c), except that zero-suppressed GTINs are
 * always expanded and the scheme is matched case-insensitively (the DL ABNF is case-insensitive).
 * Like the engine's default, the deprecated "convenience alphas" (`/gtin/…`, `/ser/…`, DL 1.2) and
 * compressed Digital Links are not read.
 */
import { type Param, msg } from '../../i18n/i18n.ts';
import { type CodeError, type CodeResult, atPosition, codeIssue, describeChar, fail, ok, trimInput } from '../code-result.ts';
import { digitalLinkQualifierSequences, gs1AiEntry, isDigitalLinkPrimaryKey, isValidDigitalLinkPath } from './ai-table.ts';
import { type Gs1Element, type Gs1Options, type LocatedGs1Element, validateGs1Elements } from './elements.ts';
import { formatGs1Bracketed, parseGs1ElementString } from './element-string.ts';

/** The GS1 global resolver; the default base of the Digital Links this module builds. */
export const DEFAULT_DIGITAL_LINK_BASE = 'https://id.gs1.org';

export interface DigitalLink {
  /** Scheme, domain and any path prefix before the primary key, without a trailing `/`. */
  readonly base: string;
  /** The primary key and its qualifiers, in path order. */
  readonly path: readonly Gs1Element[];
  /** AIs given as query parameters, in the order given. */
  readonly attributes: readonly Gs1Element[];
  /** Query parameters that are not AIs (e.g. `linkType=gs1:pip`), verbatim. */
  readonly otherQuery: readonly string[];
  readonly fragment?: string;
  /** `path` then `attributes`: every AI of the URI in the order given. */
  readonly elements: readonly Gs1Element[];
}

// RFC 3986 §2: reserved + unreserved + '%' — anything else cannot appear in a URI unescaped.
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]$/;
// GS1 Syntax Engine isBadDomainChar: URI characters that cannot appear in a domain.
const BAD_DOMAIN_CHARACTERS = "_~?#@!$&'()*+,;=%";
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * Whether the input looks like an http(s) URI, i.e. is worth trying as a Digital Link.
 *
 * @example isHttpUri('https://id.gs1.org/01/09521234543213') // → true
 */
export function isHttpUri(input: string): boolean {
  return /^https?:\/\//i.test(input.trim());
}

/**
 * Percent-encodes a Digital Link path or query value: every character but RFC 3986 unreserved ones.
 *
 * @example percentEncodeDigitalLinkValue('ABC/12%') // → 'ABC%2F12%25'
 */
export function percentEncodeDigitalLinkValue(value: string): string {
  let out = '';
  for (const ch of value) {
    if (UNRESERVED.test(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

interface Decoded {
  readonly value: string;
  readonly positions: readonly number[];
}

/** Percent-decodes `text` (starting at 1-based input position `start`), mapping each character to its input position. */
function percentDecode(text: string, start: number, query: boolean): CodeResult<Decoded> {
  let value = '';
  const positions: number[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '%') {
      // One %XX is one byte: ASCII bytes decode alone, a run of bytes ≥ 0x80 decodes as UTF-8.
      const bytes: number[] = [];
      const at = i;
      while (text.charAt(i) === '%') {
        const hex = text.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
          return fail(codeIssue('dl_bad_percent_encoding', 'code.error.dl_bad_percent_encoding', { position: start + i }, { position: start + i }));
        }
        const b = Number.parseInt(hex, 16);
        if (b === 0) return fail(codeIssue('dl_null_character', 'code.error.dl_null_character', { position: start + i }, { position: start + i }));
        if (b < 0x80 && bytes.length > 0) break;
        bytes.push(b);
        i += 3;
        if (b < 0x80) break;
      }
      for (const c of new TextDecoder().decode(new Uint8Array(bytes))) {
        value += c;
        positions.push(start + at);
      }
    } else {
      value += query && ch === '+' ? ' ' : ch;
      positions.push(start + i);
      i++;
    }
  }
  return ok({ value, positions });
}

interface Segment {
  readonly text: string;
  /** 1-based input position of the segment's first character. */
  readonly position: number;
}

function splitWithPositions(text: string, separator: string, start: number): Segment[] {
  const out: Segment[] = [];
  let from = 0;
  for (;;) {
    const next = text.indexOf(separator, from);
    const end = next < 0 ? text.length : next;
    out.push({ text: text.slice(from, end), position: start + from });
    if (next < 0) return out;
    from = next + 1;
  }
}

const label = (ai: string): string => `AI (${ai}) ${gs1AiEntry(ai)?.title ?? ''}`.trimEnd();

function gtin14(el: LocatedGs1Element): LocatedGs1Element {
  if (el.ai !== '01' || !/^(\d{8}|\d{12}|\d{13})$/.test(el.value)) return el;
  const pad = 14 - el.value.length;
  const first = el.valuePositions?.[0] ?? el.aiPosition ?? 0;
  return { ...el, value: el.value.padStart(14, '0'), valuePositions: [...Array<number>(pad).fill(first), ...(el.valuePositions ?? [])] };
}

/**
 * Splits a Digital Link URI into located elements (with input positions) without validating the
 * values; `parseDigitalLink` validates.
 *
 * @example splitDigitalLink('https://id.gs1.org/01/09521234543213?17=261231') // → { ok: true, value: { base: 'https://id.gs1.org', path: [{ ai: '01', … }], attributes: [{ ai: '17', … }], located: [...], … } }
 */
export function splitDigitalLink(input: string): CodeResult<DigitalLink & { readonly located: readonly LocatedGs1Element[] }> {
  const { text, offset } = trimInput(input);
  const pos = (i: number) => offset + i + 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (!URI_CHARACTERS.test(ch)) {
      return fail(codeIssue('dl_bad_character', 'code.error.dl_bad_character', { character: describeChar(ch), position: pos(i) }, { position: pos(i) }));
    }
  }
  const scheme = /^https?:\/\//i.exec(text);
  if (!scheme) return fail(codeIssue('dl_bad_scheme', 'code.error.dl_bad_scheme', {}, { position: pos(0) }));
  const hostStart = scheme[0].length;
  let hostEnd = hostStart;
  while (hostEnd < text.length && !'/?#'.includes(text.charAt(hostEnd))) {
    const ch = text.charAt(hostEnd);
    if (BAD_DOMAIN_CHARACTERS.includes(ch)) {
      return fail(codeIssue('dl_bad_domain', 'code.error.dl_bad_domain', { character: describeChar(ch), position: pos(hostEnd) }, { position: pos(hostEnd) }));
    }
    hostEnd++;
  }
  if (hostEnd === hostStart) return fail(codeIssue('dl_no_domain', 'code.error.dl_no_domain', { scheme: scheme[0] }, { position: pos(hostStart) }));
  if (text.charAt(hostEnd) !== '/') return fail(codeIssue('dl_no_path', 'code.error.dl_no_path', { at: atPosition(pos(hostEnd)) }, { position: pos(hostEnd) }));

  const hash = text.indexOf('#', hostEnd);
  const beforeFragment = hash < 0 ? text.length : hash;
  const question = text.indexOf('?', hostEnd);
  const pathEnd = question >= 0 && question < beforeFragment ? question : beforeFragment;
  const pathText = text.slice(hostEnd, pathEnd);
  if (pathText.endsWith('/') && pathText.length > 1) {
    return fail(codeIssue('dl_trailing_slash', 'code.error.dl_trailing_slash', { at: atPosition(pos(pathEnd - 1)) }, { position: pos(pathEnd - 1) }));
  }
  const segments = splitWithPositions(pathText.slice(1), '/', pos(hostEnd + 1));

  // Walk /AI/value pairs back from the end until a primary key (GS1 Syntax Engine gs1_parseDLuri).
  let keyIndex = -1;
  for (let k = segments.length - 2; k >= 0; k -= 2) {
    const aiText = segments[k]?.text ?? '';
    if (!/^\d{2,4}$/.test(aiText) || !gs1AiEntry(aiText)) break;
    if (isDigitalLinkPrimaryKey(aiText)) {
      keyIndex = k;
      break;
    }
  }
  if (keyIndex < 0) {
    return fail(codeIssue('dl_no_primary_key', 'code.error.dl_no_primary_key_path', {}, { position: pos(hostEnd) }));
  }

  const path: LocatedGs1Element[] = [];
  for (let k = keyIndex; k < segments.length; k += 2) {
    const aiSeg = segments[k];
    const valueSeg = segments[k + 1];
    if (!aiSeg || !valueSeg) break;
    if (valueSeg.text === '') {
      return fail(codeIssue('dl_empty_value', 'code.error.dl_empty_value', { name: label(aiSeg.text), at: atPosition(valueSeg.position) }, { position: valueSeg.position, ai: aiSeg.text }));
    }
    const decoded = percentDecode(valueSeg.text, valueSeg.position, false);
    if (!decoded.ok) return decoded;
    path.push(gtin14({ ai: aiSeg.text, value: decoded.value.value, aiPosition: aiSeg.position, valuePositions: decoded.value.positions }));
  }
  const pathAis = path.map((e) => e.ai);
  if (!isValidDigitalLinkPath(pathAis)) {
    const key = pathAis[0] ?? '';
    const alternatives = (gs1AiEntry(key)?.dlpkey ?? []).map((alt): Param => (alt.length === 0 ? msg('code.error.dl_none') : alt.join(', ')));
    const allowed = alternatives.slice(1).reduce<Param>((a, b) => msg('code.error.dl_or', { a, b }), alternatives[0] ?? '');
    const bad = path[1];
    return fail(codeIssue('dl_bad_qualifiers', 'code.error.dl_bad_qualifiers', { path: `/${pathAis.join('/…/')}/…`, name: label(key), allowed }, { position: bad?.aiPosition, ai: bad?.ai }));
  }

  const attributes: LocatedGs1Element[] = [];
  const otherQuery: string[] = [];
  if (question >= 0 && question < beforeFragment) {
    for (const param of splitWithPositions(text.slice(question + 1, beforeFragment), '&', pos(question + 1))) {
      if (param.text === '') continue;
      const eq = param.text.indexOf('=');
      const key = eq < 0 ? param.text : param.text.slice(0, eq);
      if (eq < 0 || !/^\d+$/.test(key)) {
        otherQuery.push(param.text);
        continue;
      }
      if (!gs1AiEntry(key)) {
        return fail(codeIssue('dl_unknown_ai', 'code.error.dl_unknown_ai', { key, position: param.position }, { position: param.position, ai: key }));
      }
      const raw = param.text.slice(eq + 1);
      if (raw === '') {
        return fail(codeIssue('dl_empty_value', 'code.error.dl_empty_value', { name: label(key), at: atPosition(param.position) }, { position: param.position, ai: key }));
      }
      const decoded = percentDecode(raw, param.position + eq + 1, true);
      if (!decoded.ok) return decoded;
      attributes.push(gtin14({ ai: key, value: decoded.value.value, aiPosition: param.position, valuePositions: decoded.value.positions }));
    }
  }
  // The base is everything before the "/" that precedes the primary key.
  const keyPosition = path[0]?.aiPosition ?? pos(hostEnd + 1);
  const base = text.slice(0, keyPosition - offset - 2);
  const fragment = hash < 0 ? undefined : text.slice(hash + 1);
  const strip = (els: readonly LocatedGs1Element[]): Gs1Element[] => els.map(({ ai, value }) => ({ ai, value }));
  const link: DigitalLink = {
    base,
    path: strip(path),
    attributes: strip(attributes),
    otherQuery,
    ...(fragment === undefined ? {} : { fragment }),
    elements: strip([...path, ...attributes]),
  };
  return ok({ ...link, located: [...path, ...attributes] });
}

function checkAttributes(path: readonly LocatedGs1Element[], attributes: readonly LocatedGs1Element[]): CodeError | undefined {
  const seen = new Set<string>();
  for (const el of [...path, ...attributes]) {
    if (seen.has(el.ai)) {
      return codeIssue('dl_duplicate_ai', 'code.error.dl_duplicate_ai', { name: label(el.ai), at: atPosition(el.aiPosition ?? '?') }, { position: el.aiPosition, ai: el.ai });
    }
    seen.add(el.ai);
  }
  const pathAis = path.map((e) => e.ai);
  for (const el of attributes) {
    if (!gs1AiEntry(el.ai)?.dlAttr) {
      return codeIssue('dl_not_attribute', 'code.error.dl_not_attribute', { name: label(el.ai), at: atPosition(el.aiPosition ?? '?') }, { position: el.aiPosition, ai: el.ai });
    }
    for (let j = 1; j <= pathAis.length; j++) {
      if (isValidDigitalLinkPath([...pathAis.slice(0, j), el.ai, ...pathAis.slice(j)])) {
        return codeIssue('dl_attribute_in_path', 'code.error.dl_attribute_in_path', { name: label(el.ai), at: atPosition(el.aiPosition ?? '?') }, { position: el.aiPosition, ai: el.ai });
      }
    }
  }
  return undefined;
}

/**
 * Parses and validates a GS1 Digital Link URI: structure, key-qualifier order, attributes, and
 * every AI value against the syntax dictionary. Positions in errors point into the URI.
 *
 * @example parseDigitalLink('https://example.com/shop/01/6901234567892/10/AB%2F1?17=261231') // → { ok: true, value: { base: 'https://example.com/shop', path: [{ ai: '01', value: '06901234567892' }, { ai: '10', value: 'AB/1' }], attributes: [{ ai: '17', value: '261231' }], … } }
 */
export function parseDigitalLink(input: string, options: Gs1Options = {}): CodeResult<DigitalLink> {
  const split = splitDigitalLink(input);
  if (!split.ok) return split;
  const { located, ...link } = split.value;
  const pathCount = link.path.length;
  const invalid = checkAttributes(located.slice(0, pathCount), located.slice(pathCount)) ?? validateGs1Elements(located, options);
  return invalid ? fail(invalid) : ok(link);
}

/**
 * Checks and normalises a Digital Link base (the platform's public URL, or any resolver): http(s),
 * a domain, an optional path prefix; no query or fragment; trailing `/` removed.
 *
 * @example normaliseDigitalLinkBase('https://trace.example.cn/') // → { ok: true, value: 'https://trace.example.cn' }
 */
export function normaliseDigitalLinkBase(base: string): CodeResult<string> {
  const m = /^(https?):\/\/([^/?#\s]+)(\/[^?#\s]*)?$/i.exec(base.trim());
  if (!m) return fail(codeIssue('dl_bad_base', 'code.error.dl_bad_base', { base: JSON.stringify(base) }));
  const [, scheme = 'https', host = '', path = ''] = m;
  return ok(`${scheme.toLowerCase()}://${host}${path.replace(/\/+$/, '')}`);
}

/**
 * Builds the Digital Link URI of GS1 elements under a base URL: the first primary-key AI, the
 * longest qualifier sequence the data satisfies (in `dlpkey` order), the rest as query attributes
 * in the order given. Errors when there is no primary key, an AI cannot be an attribute, or the
 * data is not valid GS1.
 *
 * @example formatDigitalLink([{ ai: '01', value: '06901234567892' }, { ai: '17', value: '261231' }, { ai: '10', value: 'A/1' }], 'https://trace.example.cn') // → { ok: true, value: 'https://trace.example.cn/01/06901234567892/10/A%2F1?17=261231' }
 */
export function formatDigitalLink(
  elements: readonly Gs1Element[],
  base: string = DEFAULT_DIGITAL_LINK_BASE,
  options: Gs1Options = {},
): CodeResult<string> {
  const stem = normaliseDigitalLinkBase(base);
  if (!stem.ok) return stem;
  const invalid = validateGs1Elements(elements, options);
  if (invalid) return fail(invalid);
  const unique: Gs1Element[] = [];
  for (const el of elements) if (!unique.some((u) => u.ai === el.ai)) unique.push(el);
  const key = unique.find((el) => isDigitalLinkPrimaryKey(el.ai));
  if (!key) {
    return fail(codeIssue('dl_no_primary_key', 'code.error.dl_no_primary_key'));
  }
  const has = (ai: string) => unique.some((el) => el.ai === ai);
  const qualifiers = digitalLinkQualifierSequences(key.ai).find((seq) => seq.every(has)) ?? [];
  const path = [key, ...qualifiers.map((q) => unique.find((el) => el.ai === q) ?? { ai: q, value: '' })];
  const attributes = unique.filter((el) => !path.includes(el));
  const notAttribute = checkAttributes(path, attributes);
  if (notAttribute) return fail(notAttribute);
  const query = attributes.map((el) => `${el.ai}=${percentEncodeDigitalLinkValue(el.value)}`).join('&');
  return ok(stem.value + path.map((el) => `/${el.ai}/${percentEncodeDigitalLinkValue(el.value)}`).join('') + (query ? `?${query}` : ''));
}

/**
 * The bracketed element string a Digital Link carries (path AIs, then attributes).
 *
 * @example digitalLinkToElementString('https://id.gs1.org/01/09521234543213/10/ABC123?17=261231') // → { ok: true, value: '(01)09521234543213(10)ABC123(17)261231' }
 */
export function digitalLinkToElementString(uri: string, options: Gs1Options = {}): CodeResult<string> {
  const link = parseDigitalLink(uri, options);
  return link.ok ? ok(formatGs1Bracketed(link.value.elements)) : link;
}

/**
 * The Digital Link of an element string (bracketed or raw) under a base URL.
 *
 * @example elementStringToDigitalLink('(01)06901234567892(21)SN1', 'https://trace.example.cn') // → { ok: true, value: 'https://trace.example.cn/01/06901234567892/21/SN1' }
 */
export function elementStringToDigitalLink(input: string, base: string = DEFAULT_DIGITAL_LINK_BASE, options: Gs1Options = {}): CodeResult<string> {
  const parsed = parseGs1ElementString(input, options);
  return parsed.ok ? formatDigitalLink(parsed.value.elements, base, options) : parsed;
}
