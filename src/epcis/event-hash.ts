/**
 * The EPCIS Event Hash ID (GS1 CBV 2.0 §8.9, "ni" URI per RFC 6920): a representation-independent
 * fingerprint of one EPCIS event, `ni:///sha-256;<hex>?ver=CBV2.0`. The same event captured as
 * JSON-LD or XML, with keys in any order, lists in any order, identifiers as EPC URNs or Digital
 * Links and vocabulary as bare words, URNs or Web URIs, gets the same hash.
 *
 * The pre-hash string (CBV 2.0 §8.9.2, rules numbered as in the reference implementation's README):
 * - `eventType=<type>`, then the standard fields in the canonical property order (§8.9.3), each
 *   `name=value`, containers as `name` followed by their children, no separators (rules 1–4);
 * - excluded: `recordTime`, `eventID`, `errorDeclaration`, `certificationInfo` (not in the
 *   canonical property order), the JSON `type` key, `@context` and comments;
 * - values trimmed (5); numbers without trailing zeros (6, 7); timestamps in UTC with `Z`, at
 *   millisecond precision, extra digits rounded half-up (8, 9);
 * - repeated children (`epc`, `quantityElement`, `bizTransaction`…, `sensorElement`,
 *   `sensorReport`) sorted by code point after being serialised (10–12); `type` written before the
 *   ID it qualifies, e.g. `type=…BTT-po` `bizTransaction=…` (13);
 * - CBV URNs → Web URIs (14); GS1 CURIEs (`gs1:`, `cbv:`) expanded (15); bare CBV words →
 *   `https://ref.gs1.org/cbv/<Term>-<word>`, bare sensor types/exceptions →
 *   `https://ref.gs1.org/voc/<word>`, bare components → `…/cbv/Comp-<word>` (16);
 * - EPC URNs (id, class, idpat) → canonical Digital Links on `https://id.gs1.org` (17); Digital
 *   Links constrained: GS1 domain, no query, no CPV, serial wins over lot (18);
 * - ILMD, then user extensions found inside standard fields (prefixed by the field path, CBV 2.0
 *   places them after everything else), then event-level user extensions, each as
 *   `{namespace}local=value`, sorted (19–21).
 *
 * The algorithm follows the reference implementation github.com/RalphTro/epcis-event-hash-generator
 * (CBV 2.0 profile after its 2025 rewrite, which agrees with openepcis-event-hash-generator on
 * excluding certificationInfo, ordering epcList before parentID, omitting the sensorElementList
 * wrapper and trailing field extensions); test vectors in test/fixtures/epcis-hash/. Where the
 * reference relies on accidents of its Python data model, this module does the principled thing
 * (see `eventHash` for the list).
 */
import { createHash } from 'node:crypto';
import { gs1CheckDigit } from '../shared/codes/gtin.ts';
import { CBV_WEB_BASE, type VocabKind, vocabPrefixes } from './cbv-vocab.ts';

/** One EPCIS 2.0 event as parsed from JSON/JSON-LD (an element of `epcisBody.eventList`). */
export type EpcisEventJson = Readonly<Record<string, unknown>>;

/** The version tag of the algorithm implemented here (CBV 2.0 §8.9.2 rule 24). */
export const EVENT_HASH_VERSION = 'CBV2.0';

// GS1 Web Vocabulary; CBV 2.0 rule 15 expands `gs1:Temperature` to https://ref.gs1.org/voc/Temperature.
const GS1_VOC = 'https://ref.gs1.org/voc/';

// Prefixes every EPCIS document may use without declaring them (EPCIS 2.0 JSON-LD context). `cbvmda`
// maps to its XML namespace so that JSON and XML yield the same `{namespace}local` keys.
const WELL_KNOWN_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  gs1: GS1_VOC,
  cbv: CBV_WEB_BASE,
  epcis: 'https://ref.gs1.org/epcis/',
  cbvmda: 'urn:epcglobal:cbv:mda',
});

// Fields left out of the pre-hash string. certificationInfo is not in the canonical property order.
const EXCLUDED = new Set(['type', 'recordTime', 'eventID', 'errorDeclaration', 'certificationInfo', '@context']);
const COMMENTS = new Set(['comment', 'rdfs:comment', '#text']);

type Prefixes = ReadonlyMap<string, string>;

// ---------------------------------------------------------------------------------------------
// Value canonicalisation (rules 5–9, 14–18)
// ---------------------------------------------------------------------------------------------

/** Code-point (= UTF-8 byte) order, as rules 10–12 require; JS `<` compares UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1; // a surrogate encodes a code point above every BMP one
    return x - y;
  }
  return a.length - b.length;
}

const sorted = (parts: readonly string[]): string[] => [...parts].sort(compareCodePoints);

const CBV_URNS: readonly (readonly [string, string])[] = (
  ['bizStep', 'disposition', 'bizTransactionType', 'sourceDestType', 'errorReason'] as const
).map((k) => {
  const { urn, web } = vocabPrefixes(k);
  return [urn, web] as const;
});

/**
 * Rules 6–7: a decimal number is written without leading zeros, trailing fractional zeros or a
 * plus sign (`23.0` → `23`, `0.50` → `0.5`, `+7` → `7`); anything else is returned unchanged. The
 * reference applies this to every value that parses as a decimal, extension values included.
 */
function canonicalNumber(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return text;
  const [, sign = '', int = '', frac = '', exp] = m;
  if (int === '' && frac === '') return text;
  const digits = int + frac;
  const point = int.length + (exp === undefined ? 0 : Number.parseInt(exp, 10));
  if (!Number.isSafeInteger(point) || Math.abs(point) > 400) return text;
  let whole: string;
  let fraction: string;
  if (point <= 0) {
    whole = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    fraction = '';
  } else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  return `${sign === '-' ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * Rules 8–9: a timestamp in UTC, `YYYY-MM-DDTHH:MM:SS.sssZ`, fractional seconds rounded half-up to
 * milliseconds (`…03.1415Z` → `…03.142Z`). Strings that are not RFC 3339 date-times are returned
 * unchanged (the reference does the same for what its parser rejects).
 */
function canonicalTimestamp(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/.exec(text);
  if (!m) return text;
  const [, y, mo, d, h, mi, s, frac = '', , sign, oh, om] = m;
  const padded = `${frac}0000`;
  const millis = Number(padded.slice(0, 3)) + (Number(padded.charAt(3)) >= 5 ? 1 : 0);
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d)); // (Date.UTC reads years 0–99 as 19xx)
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return text;
  const utc = new Date(date.getTime() - offsetMinutes * 60_000 + millis);
  return Number.isNaN(utc.getTime()) ? text : utc.toISOString();
}

// --- Rule 17: EPC URNs → canonical GS1 Digital Link URIs (EPC TDS 2.x §6/§7 ↔ GS1 DL §4.11) -------

const DL = 'https://id.gs1.org';
// TDS table A-1 (GS3A3 component characters), as the reference matches them.
const GS3A3 = "(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])";
// TDS: CPI component reference characters.
const CPREF = '(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])';

/** `company prefix . reference` with the two lengths adding up to `total` (prefix 6–12 digits). */
function cpRef(total: number, allowEmptyRef = false): string {
  const alts: string[] = [];
  for (let cp = 6; cp <= 12; cp++) {
    const ref = total - cp;
    if (ref > 0 || allowEmptyRef) alts.push(`\\d{${cp}}\\.\\d{${Math.max(ref, 0)}}`);
  }
  return `(?:${alts.join('|')})`;
}

/** `company prefix . variable-length reference` with at most `max` characters in all. */
function cpVar(charClass: string, max: number): string {
  const alts: string[] = [];
  for (let cp = 6; cp <= 12; cp++) alts.push(`\\d{${cp}}\\.${charClass}{1,${max - cp}}`);
  return `(?:${alts.join('|')})`;
}

/** GS1 DL Table 7-1 characters an EPC URN may hold unescaped but a Digital Link may not. */
const dlEscape = (s: string): string => s.replace(/[!()*+,:]/g, (c) => `%${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}`);
const withCheck = (body: string): string => body + gs1CheckDigit(body);

interface EpcRule {
  readonly re: RegExp;
  readonly dl: (cp: string, ref: string, rest: string) => string;
}

/** Splits `urn:epc:…:<cp>.<ref>[.<rest>]` after the scheme prefix of `len` characters. */
function epcRule(prefix: string, body: string, dl: EpcRule['dl']): EpcRule {
  return { re: new RegExp(`^${prefix.replaceAll('.', '\\.')}(${body})$`), dl };
}

const gtin = (cp: string, ref: string): string => withCheck(ref.charAt(0) + cp + ref.slice(1));

const EPC_RULES: readonly EpcRule[] = [
  epcRule('urn:epc:id:sgtin:', `${cpRef(13)}\\.${GS3A3}{1,20}`, (cp, ref, s) => `${DL}/01/${gtin(cp, ref)}/21/${dlEscape(s)}`),
  epcRule('urn:epc:id:sscc:', cpRef(17), (cp, ref) => `${DL}/00/${withCheck(ref.charAt(0) + cp + ref.slice(1))}`),
  epcRule('urn:epc:id:sgln:', `${cpRef(12, true)}\\.${GS3A3}{1,20}`, (cp, ref, s) =>
    // TDS §6.3.3: extension "0" means "no extension".
    `${DL}/414/${withCheck(cp + ref)}${s === '0' ? '' : `/254/${dlEscape(s)}`}`),
  epcRule('urn:epc:id:grai:', `${cpRef(12, true)}\\.${GS3A3}{1,16}`, (cp, ref, s) => `${DL}/8003/${withCheck(`0${cp}${ref}`)}${dlEscape(s)}`),
  epcRule('urn:epc:id:giai:', cpVar(GS3A3, 30), (cp, ref) => `${DL}/8004/${cp}${dlEscape(ref)}`),
  epcRule('urn:epc:id:gsrn:', cpRef(17), (cp, ref) => `${DL}/8018/${withCheck(cp + ref)}`),
  epcRule('urn:epc:id:gsrnp:', cpRef(17), (cp, ref) => `${DL}/8017/${withCheck(cp + ref)}`),
  epcRule('urn:epc:id:gdti:', `${cpRef(12, true)}\\.${GS3A3}{0,19}`, (cp, ref, s) => `${DL}/253/${withCheck(cp + ref)}${dlEscape(s)}`),
  epcRule('urn:epc:id:cpi:', `${cpVar(CPREF, 30)}\\.\\d{1,12}`, (cp, ref, s) => `${DL}/8010/${dlEscape(cp + ref)}/8011/${s}`),
  epcRule('urn:epc:id:sgcn:', `${cpRef(12, true)}\\.\\d{1,12}`, (cp, ref, s) => `${DL}/255/${withCheck(cp + ref)}${s}`),
  epcRule('urn:epc:id:ginc:', cpVar(GS3A3, 30), (cp, ref) => `${DL}/401/${cp}${dlEscape(ref)}`),
  epcRule('urn:epc:id:gsin:', cpRef(16), (cp, ref) => `${DL}/402/${withCheck(cp + ref)}`),
  epcRule('urn:epc:id:itip:', `${cpRef(13)}\\.\\d{2}\\.\\d{2}\\.${GS3A3}{1,20}`, (cp, ref, s) => {
    const [piece = '', total = '', ...serial] = s.split('.');
    return `${DL}/8006/${gtin(cp, ref)}${piece}${total}/21/${dlEscape(serial.join('.'))}`;
  }),
  epcRule('urn:epc:id:upui:', `${cpRef(13)}\\.${GS3A3}{1,28}`, (cp, ref, s) => `${DL}/01/${gtin(cp, ref)}/235/${dlEscape(s)}`),
  epcRule('urn:epc:id:pgln:', cpRef(12, true), (cp, ref) => `${DL}/417/${withCheck(cp + ref)}`),
  epcRule('urn:epc:class:lgtin:', `${cpRef(13)}\\.${GS3A3}{1,20}`, (cp, ref, s) => `${DL}/01/${gtin(cp, ref)}/10/${dlEscape(s)}`),
  // EPC pattern URIs (TDS §8) name the class: the most specific key their fixed part carries.
  epcRule('urn:epc:idpat:sgtin:', `${cpRef(13)}\\.\\*`, (cp, ref) => `${DL}/01/${gtin(cp, ref)}`),
  epcRule('urn:epc:idpat:grai:', `${cpRef(12, true)}\\.\\*`, (cp, ref) => `${DL}/8003/${withCheck(`0${cp}${ref}`)}`),
  epcRule('urn:epc:idpat:gdti:', `${cpRef(12, true)}\\.\\*`, (cp, ref) => `${DL}/253/${withCheck(cp + ref)}`),
  epcRule('urn:epc:idpat:sgcn:', `${cpRef(12, true)}\\.\\*`, (cp, ref) => `${DL}/255/${withCheck(cp + ref)}`),
  epcRule('urn:epc:idpat:cpi:', `${cpVar(CPREF, 30)}\\.\\*`, (cp, ref) => `${DL}/8010/${dlEscape(cp + ref)}`),
  epcRule('urn:epc:idpat:itip:', `${cpRef(13)}\\.\\d{2}\\.\\d{2}\\.\\*`, (cp, ref, s) => {
    const [piece = '', total = ''] = s.split('.');
    return `${DL}/8006/${gtin(cp, ref)}${piece}${total}`;
  }),
  epcRule('urn:epc:idpat:upui:', `${cpRef(13)}\\.\\*`, (cp, ref) => `${DL}/01/${gtin(cp, ref)}`),
];

function epcUrnToCanonicalDl(uri: string): string | undefined {
  for (const rule of EPC_RULES) {
    if (!rule.re.test(uri)) continue;
    const body = uri.slice(uri.indexOf(':', uri.indexOf(':', 8) + 1) + 1); // after urn:epc:<kind>:<scheme>:
    const dot = body.indexOf('.');
    const cp = body.slice(0, dot);
    const afterCp = body.slice(dot + 1);
    const next = afterCp.indexOf('.');
    const ref = next < 0 ? afterCp : afterCp.slice(0, next);
    const rest = next < 0 ? '' : afterCp.slice(next + 1);
    return rule.dl(cp, ref, rest);
  }
  return undefined;
}

// --- Rule 18: constrained canonical Digital Links -------------------------------------------

const DL_SHAPE =
  /^https?:(\/\/((([^/?#]*)@)?([^/?#:]*)(:([^/?#]*))?))?(([^?#]*)(\/(01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai)\/)(\d{4}[^/]+))/;
// GS1 DL 1.2 §4.1 convenience alphas → AIs.
const SHORT_NAMES: readonly (readonly [string, string])[] = [
  ['gtin', '01'], ['itip', '8006'], ['cpid', '8010'], ['gln', '414'], ['party', '417'], ['gsrnp', '8017'],
  ['gsrn', '8018'], ['gcn', '255'], ['sscc', '00'], ['gdti', '253'], ['ginc', '401'], ['gsin', '402'],
  ['grai', '8003'], ['giai', '8004'], ['cpv', '22'], ['lot', '10'], ['ser', '21'],
];
const CANONICAL_HOST = /^https:\/\/id\.gs1\.org\/(01|8006|8010|414|417|8017|8018|255|00|253|401|402|8003|8004)\/\d{4}[^/]+/;
const PRIMARY_KEYS = ['00', '01', '253', '255', '401', '402', '414', '417', '8003', '8004', '8006', '8010', '8017', '8018'];
// GS1 AI encodable character set 82 as the reference's validation regexes list it (no '%').
const C = '[\\x22\\x27\\x2D\\x2E\\x30-\\x39\\x3B-\\x3F\\x41-\\x5A\\x5F\\x61-\\x7A]';
const CPID = '[\\x23\\x2D\\x2F\\x30-\\x39\\x41-\\x5A]';
const dlRe = (tail: string): RegExp => new RegExp(`^https:\\/\\/id\\.gs1\\.org\\/${tail}$`);
// Rule 18 (III): the key / key-qualifier combinations a constrained Digital Link may carry.
const CONSTRAINED_DL: readonly RegExp[] = [
  dlRe('00\\/\\d{18}'), dlRe(`01\\/\\d{14}\\/21\\/${C}{0,20}`), dlRe(`01\\/\\d{14}\\/10\\/${C}{0,20}`), dlRe('01\\/\\d{14}'),
  dlRe(`01\\/\\d{14}\\/235\\/${C}{0,28}`), dlRe(`253\\/\\d{13}${C}{0,17}`), dlRe('255\\/\\d{13}\\d{0,12}'),
  dlRe(`401\\/${C}{0,30}`), dlRe('402\\/\\d{17}'), dlRe('414\\/\\d{13}'), dlRe(`414\\/\\d{13}\\/254\\/${C}{0,20}`),
  dlRe('417\\/\\d{13}'), dlRe(`8003\\/\\d{14}${C}{0,16}`), dlRe(`8004\\/${C}{0,30}`),
  dlRe(`8006\\/\\d{18}\\/21\\/${C}{0,20}`), dlRe(`8006\\/\\d{18}\\/10\\/${C}{0,20}`), dlRe('8006\\/\\d{18}'),
  dlRe(`8010\\/${CPID}{0,30}\\/8011\\/\\d{0,12}`), dlRe(`8010\\/${CPID}{0,30}`), dlRe('8017\\/\\d{18}'), dlRe('8018\\/\\d{18}'),
];

const GTIN14 = /^https:\/\/id\.gs1\.org\/01\/\d{14}/;
const SHORT_GTINS: readonly (readonly [number, RegExp])[] = [13, 12, 8].map((n) => [n, new RegExp(`^https:\\/\\/id\\.gs1\\.org\\/01\\/\\d{${n}}`)] as const);
const WITH_CPV = new RegExp(`^https:\\/\\/id\\.gs1\\.org\\/(8006\\/\\d{18}|01\\/\\d{14})\\/22\\/[\\x2F${C.slice(1, -1)}]{0,20}$`);
const LOT_AND_SERIAL = new RegExp(`^https:\\/\\/id\\.gs1\\.org\\/(8006\\/\\d{18}|01\\/\\d{14})\\/10\\/${C}{0,20}\\/21\\/${C}{0,20}$`);

function constrainDigitalLink(input: string): string | undefined {
  if (!DL_SHAPE.test(input)) return undefined;
  let uri = input;
  const q = uri.indexOf('?');
  if (q >= 0) uri = uri.slice(0, q); // (II) no query string
  for (const [name, ai] of SHORT_NAMES) uri = uri.replaceAll(`/${name}/`, `/${ai}/`);
  if (!CANONICAL_HOST.test(uri)) {
    // (I) the GS1 resolver's domain instead of a custom one (and its path prefix)
    const key = PRIMARY_KEYS.find((k) => uri.includes(`/${k}/`));
    if (key !== undefined) uri = DL + uri.slice(uri.indexOf(`/${key}/`));
  }
  if (!GTIN14.test(uri)) {
    // GTIN-8/12/13 → GTIN-14 (GS1 DL §4.11 canonical form)
    const pad = SHORT_GTINS.find(([, re]) => re.test(uri))?.[0];
    if (pad !== undefined) uri = uri.replaceAll('/01/', `/01/${'0'.repeat(14 - pad)}`);
  }
  // (III) drop a consumer product variant (22) …
  const cpv = uri.indexOf('/22/');
  if (cpv >= 0 && WITH_CPV.test(uri)) {
    const after = uri.slice(cpv + 4);
    const slash = after.indexOf('/');
    uri = uri.slice(0, cpv) + (slash < 0 ? '' : after.slice(slash));
  }
  // … and the lot when a serial is present.
  const lot = uri.indexOf('/10/');
  if (lot >= 0 && LOT_AND_SERIAL.test(uri)) {
    const after = uri.slice(lot + 4);
    uri = uri.slice(0, lot) + after.slice(after.indexOf('/'));
  }
  return CONSTRAINED_DL.some((re) => re.test(uri)) ? uri : undefined;
}

/**
 * The canonical identifier the event hash uses for a GS1 key (CBV 2.0 §8.9.2 rules 17–18): EPC
 * URNs (`urn:epc:id:…`, `urn:epc:class:lgtin:…`, `urn:epc:idpat:…`) become canonical Digital Links
 * on `https://id.gs1.org`; Digital Links on any domain lose their domain, query string, CPV and a
 * lot that a serial makes redundant. Returns undefined for anything else (the value is then hashed
 * as written). Unlike `epc-urn.ts` this covers all EPC schemes the hash meets and keeps the
 * reference's escaping (only `!()*+,:` are re-escaped), so hashes match other implementations.
 *
 * @example canonicalIdentifierUri('urn:epc:id:sgtin:0614141.107346.2017') // → 'https://id.gs1.org/01/10614141073464/21/2017'
 * @example canonicalIdentifierUri('https://example.com/shop/gtin/9780345418913/lot/A1/ser/7?17=261231') // → 'https://id.gs1.org/01/09780345418913/21/7'
 * @example canonicalIdentifierUri('urn:uuid:6e0a…') // → undefined
 */
export function canonicalIdentifierUri(value: string): string | undefined {
  if (value.startsWith('urn:epc:')) return epcUrnToCanonicalDl(value);
  return constrainDigitalLink(value);
}

/** Rules 5, 6, 14, 17, 18 for a value that is not a timestamp. */
function canonicalValue(raw: string): string {
  let text = raw.trim();
  for (const [urn, web] of CBV_URNS) text = text.replaceAll(urn, web);
  text = canonicalNumber(text);
  return canonicalIdentifierUri(text) ?? text;
}

// ---------------------------------------------------------------------------------------------
// JSON → pre-hash string
// ---------------------------------------------------------------------------------------------

type Scalar = string | number | boolean;
const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const asList = (v: unknown): readonly unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function scalarText(v: Scalar): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/** Rule 15: a CURIE value whose prefix is a GS1 namespace is written as the full URI. */
function expandValueCurie(value: string, prefixes: Prefixes): string {
  const colon = value.indexOf(':');
  if (colon <= 0) return value;
  const ns = prefixes.get(value.slice(0, colon));
  if (ns === undefined || !(ns.startsWith('https://ref.gs1.org') || ns.startsWith('https://gs1.org'))) return value;
  return ns + value.slice(colon + 1);
}

/** `prefix:local` → `{namespace}local` (rules 19–21); keys without a declared prefix stay as written. */
function expandKey(key: string, prefixes: Prefixes): string {
  const colon = key.indexOf(':');
  if (colon <= 0) return key;
  const ns = prefixes.get(key.slice(0, colon));
  return ns === undefined ? key : `{${ns}}${key.slice(colon + 1)}`;
}

type ValueKind =
  | { readonly kind: 'plain' }
  | { readonly kind: 'time' }
  /** A JSON-LD `@vocab` field: a bare word is the term `<base><word>` (rule 16). */
  | { readonly kind: 'vocab'; readonly base: string };

const PLAIN: ValueKind = { kind: 'plain' };
const TIME: ValueKind = { kind: 'time' };
const cbv = (k: VocabKind): ValueKind => ({ kind: 'vocab', base: vocabPrefixes(k).web });
const GS1_TERM: ValueKind = { kind: 'vocab', base: GS1_VOC };
const COMPONENT: ValueKind = { kind: 'vocab', base: `${CBV_WEB_BASE}Comp-` };

class PreHash {
  constructor(private readonly prefixes: Prefixes) {}

  /** `name=value` of a standard field, or '' when absent or blank (rule 4). */
  field(name: string, value: unknown, kind: ValueKind = PLAIN): string {
    if (value === undefined || value === null) return '';
    if (!isScalar(value)) throw new TypeError(`eventHash: ${name} must be a string, number or boolean`);
    let text = scalarText(value);
    if (kind.kind === 'vocab' && typeof value === 'string' && text.trim() !== '' && !text.includes(':')) {
      text = kind.base + text.trim();
    }
    text = typeof value === 'string' ? expandValueCurie(text, this.prefixes) : text;
    const trimmed = text.trim();
    if (trimmed === '') return '';
    return `${name}=${kind.kind === 'time' ? canonicalTimestamp(trimmed) : canonicalValue(trimmed)}`;
  }

  /** Scalar fields of an object in their canonical order. */
  fields(obj: Readonly<Record<string, unknown>>, order: readonly (readonly [string, ValueKind])[]): string {
    return order.map(([name, kind]) => this.field(name, obj[name], kind)).join('');
  }

  /** `name` followed by its sorted children, or '' when it has none (rules 11–12). */
  list(name: string, children: readonly string[]): string {
    const present = children.filter((c) => c !== '');
    return present.length === 0 ? '' : name + sorted(present).join('');
  }

  record(name: string, value: unknown): Readonly<Record<string, unknown>> | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) throw new TypeError(`eventHash: ${name} must be an object`);
    return value;
  }

  records(name: string, value: unknown): readonly Readonly<Record<string, unknown>>[] {
    return asList(value).map((v) => this.record(name, v) ?? {});
  }

  // --- user extensions (rules 19–21) ---

  /** The sorted `{ns}local=value` strings of the given keys of an object. */
  extensions(obj: Readonly<Record<string, unknown>>, skip: ReadonlySet<string>): string {
    const parts: string[] = [];
    for (const [key, value] of Object.entries(obj)) {
      if (skip.has(key) || COMMENTS.has(key)) continue;
      this.extensionEntries(key, value, parts);
    }
    return sorted(parts).join('');
  }

  private extensionEntries(key: string, value: unknown, out: string[]): void {
    if (Array.isArray(value)) {
      // A JSON array is a repeated element (XML) — one entry per item.
      for (const item of value) this.extensionEntries(key, item, out);
      return;
    }
    const name = expandKey(key, this.prefixes);
    if (isRecord(value)) {
      out.push(name + this.extensions(value, NONE));
    } else if (isScalar(value)) {
      const text = (typeof value === 'string' ? expandValueCurie(scalarText(value), this.prefixes) : scalarText(value)).trim();
      out.push(text === '' ? name : `${name}=${canonicalValue(text)}`);
    }
  }
}

const NONE: ReadonlySet<string> = new Set();
const keys = (...names: string[]): ReadonlySet<string> => new Set(names);

const QUANTITY_FIELDS: readonly (readonly [string, ValueKind])[] = [['epcClass', PLAIN], ['quantity', PLAIN], ['uom', PLAIN]];
const SENSOR_METADATA_FIELDS: readonly (readonly [string, ValueKind])[] = [
  ['time', TIME], ['startTime', TIME], ['endTime', TIME], ['deviceID', PLAIN], ['deviceMetadata', PLAIN],
  ['rawData', PLAIN], ['dataProcessingMethod', PLAIN], ['bizRules', PLAIN],
];
const SENSOR_REPORT_FIELDS: readonly (readonly [string, ValueKind])[] = [
  ['type', GS1_TERM], ['exception', GS1_TERM], ['deviceID', PLAIN], ['deviceMetadata', PLAIN], ['rawData', PLAIN],
  ['dataProcessingMethod', PLAIN], ['time', TIME], ['microorganism', PLAIN], ['chemicalSubstance', PLAIN],
  ['value', PLAIN], ['component', COMPONENT], ['stringValue', PLAIN], ['booleanValue', PLAIN],
  ['hexBinaryValue', PLAIN], ['uriValue', PLAIN], ['minValue', PLAIN], ['maxValue', PLAIN], ['meanValue', PLAIN],
  ['sDev', PLAIN], ['percRank', PLAIN], ['percValue', PLAIN], ['uom', PLAIN], ['coordinateReferenceSystem', PLAIN],
];
const fieldNames = (fields: readonly (readonly [string, ValueKind])[]): ReadonlySet<string> => new Set(fields.map(([n]) => n));

const EPC_LISTS = ['epcList', 'inputEPCList', 'childEPCs', 'outputEPCList'] as const;
const QUANTITY_LISTS = ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'] as const;
const TYPED_LISTS = [
  ['bizTransactionList', 'bizTransaction', cbv('bizTransactionType')],
  ['sourceList', 'source', cbv('sourceDestType')],
  ['destinationList', 'destination', cbv('sourceDestType')],
] as const;

/** Top-level keys with a place in the canonical property order (CBV 2.0 §8.9.3), plus ILMD. */
const STANDARD_TOP = new Set<string>([
  'eventTime', 'eventTimeZoneOffset', ...EPC_LISTS, 'parentID', ...QUANTITY_LISTS, 'action', 'transformationID',
  'bizStep', 'disposition', 'persistentDisposition', 'readPoint', 'bizLocation',
  ...TYPED_LISTS.map(([list]) => list), 'sensorElementList', 'ilmd',
]);

/** Standard part and field-extension block of one sensorElement. */
function sensorElement(p: PreHash, el: Readonly<Record<string, unknown>>): { standard: string; ext: string } {
  const meta = p.record('sensorMetadata', el.sensorMetadata);
  const reports = p.records('sensorReport', el.sensorReport);
  const metaStd = meta ? p.fields(meta, SENSOR_METADATA_FIELDS) : '';
  const reportStd = reports.map((r) => {
    const s = p.fields(r, SENSOR_REPORT_FIELDS);
    return s === '' ? '' : `sensorReport${s}`;
  });
  const body = (metaStd === '' ? '' : `sensorMetadata${metaStd}`) + sorted(reportStd.filter((s) => s !== '')).join('');
  const metaExt = meta ? p.extensions(meta, fieldNames(SENSOR_METADATA_FIELDS)) : '';
  const reportExt = reports.map((r) => p.extensions(r, fieldNames(SENSOR_REPORT_FIELDS))).filter((s) => s !== '').map((s) => `sensorReport${s}`);
  const ext =
    (metaExt === '' ? '' : `sensorMetadata${metaExt}`) +
    sorted(reportExt).join('') +
    p.extensions(el, keys('sensorMetadata', 'sensorReport'));
  return { standard: body === '' ? '' : `sensorElement${body}`, ext: ext === '' ? '' : `sensorElement${ext}` };
}

/**
 * The CBV 2.0 pre-hash string of an event (the input of SHA-256 in `eventHash`), for tests and for
 * explaining a mismatch with another implementation.
 *
 * @example
 * eventPreHashString({ type: 'ObjectEvent', eventTime: '2020-03-04T11:00:30.000+01:00', eventTimeZoneOffset: '+01:00',
 *   epcList: ['urn:epc:id:sscc:4012345.0000000111'], action: 'OBSERVE', bizStep: 'departing' })
 * // → 'eventType=ObjectEventeventTime=2020-03-04T10:00:30.000ZeventTimeZoneOffset=+01:00epcListepc=https://id.gs1.org/00/040123450000001112action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-departing'
 */
export function eventPreHashString(event: EpcisEventJson, context: Readonly<Record<string, string>> = {}): string {
  const type = event.type;
  if (typeof type !== 'string' || type === '') throw new TypeError('eventHash: the event has no type');
  const prefixes = new Map<string, string>(Object.entries(WELL_KNOWN_PREFIXES));
  for (const [prefix, iri] of Object.entries({ ...contextPrefixes(event['@context']), ...context })) prefixes.set(prefix, iri);
  prefixes.set('gs1', GS1_VOC); // rule 15 fixes gs1 to the GS1 Web Vocabulary whatever a context says
  const p = new PreHash(prefixes);

  const std: string[] = [`eventType=${type.trim()}`];
  const fieldExt: string[] = [];
  const epcs = (name: string): string => p.list(name, asList(event[name]).map((e) => p.field('epc', e)));
  const quantities = (name: string): string => {
    const els = p.records(name, event[name]);
    const ext = els.map((q) => p.extensions(q, fieldNames(QUANTITY_FIELDS))).filter((s) => s !== '').map((s) => `quantityElement${s}`);
    if (ext.length > 0) fieldExt.push(name + sorted(ext).join(''));
    return p.list(name, els.map((q) => {
      const s = p.fields(q, QUANTITY_FIELDS);
      return s === '' ? '' : `quantityElement${s}`;
    }));
  };
  const container = (name: string, fields: readonly (readonly [string, ValueKind])[]): string => {
    const obj = p.record(name, event[name]);
    if (!obj) return '';
    const ext = p.extensions(obj, fieldNames(fields));
    if (ext !== '') fieldExt.push(name + ext);
    const s = p.fields(obj, fields);
    return s === '' ? '' : name + s;
  };

  // CBV 2.0 §8.9.3 canonical property order.
  std.push(p.field('eventTime', event.eventTime, TIME), p.field('eventTimeZoneOffset', event.eventTimeZoneOffset));
  std.push(epcs('epcList'), p.field('parentID', event.parentID), epcs('inputEPCList'), epcs('childEPCs'));
  std.push(quantities('quantityList'), quantities('childQuantityList'), quantities('inputQuantityList'));
  std.push(epcs('outputEPCList'), quantities('outputQuantityList'));
  std.push(p.field('action', event.action), p.field('transformationID', event.transformationID));
  std.push(p.field('bizStep', event.bizStep, cbv('bizStep')), p.field('disposition', event.disposition, cbv('disposition')));
  const pd = p.record('persistentDisposition', event.persistentDisposition);
  if (pd) {
    const disp = cbv('disposition');
    const set = sorted(asList(pd.set).map((v) => p.field('set', v, disp))).join('');
    const unset = sorted(asList(pd.unset).map((v) => p.field('unset', v, disp))).join('');
    if (set + unset !== '') std.push(`persistentDisposition${set}${unset}`);
    const ext = p.extensions(pd, keys('set', 'unset'));
    if (ext !== '') fieldExt.push(`persistentDisposition${ext}`);
  }
  std.push(container('readPoint', [['id', PLAIN]]), container('bizLocation', [['id', PLAIN]]));
  for (const [listName, idName, typeKind] of TYPED_LISTS) {
    const els = p.records(listName, event[listName]);
    // Rule 13: the type precedes the ID it qualifies, before sorting.
    std.push(p.list(listName, els.map((el) => p.field('type', el.type, typeKind) + p.field(idName, el[idName]))));
    const ext = els.map((el) => p.extensions(el, keys('type', idName))).filter((s) => s !== '');
    if (ext.length > 0) fieldExt.push(listName + sorted(ext).join(''));
  }
  // CBV 2.0 writes no `sensorElementList` name, only one `sensorElement` per element (2.1 adds it).
  const sensors = p.records('sensorElementList', event.sensorElementList).map((el) => sensorElement(p, el));
  std.push(sorted(sensors.map((s) => s.standard).filter((s) => s !== '')).join(''));
  fieldExt.push(sorted(sensors.map((s) => s.ext).filter((s) => s !== '')).join(''));

  // Rule 19: ILMD, then rule 21 (CBV 2.0 placement): extensions inside standard fields, then rule 20.
  const trailing: string[] = [];
  if (event.ilmd !== undefined && event.ilmd !== null) {
    const ilmd = p.record('ilmd', event.ilmd);
    trailing.push(`ilmd${ilmd ? p.extensions(ilmd, NONE) : ''}`);
  }
  trailing.push(...fieldExt);
  trailing.push(p.extensions(event, new Set([...STANDARD_TOP, ...EXCLUDED])));
  return std.join('') + trailing.join('');
}

/**
 * The EPCIS Event Hash ID of an event (GS1 CBV 2.0 §8.9), `ni:///sha-256;<hex>?ver=CBV2.0` — the
 * value GS1 recommends for `eventID` when the capturing application gave none.
 *
 * `context` maps the namespace prefixes declared in the document's `@context` (see
 * `contextPrefixes`); they name user extensions (`example:myField` → `{https://ns.example.com/epcis/}myField`).
 * An `@context` on the event itself is read too. `gs1`, `cbv`, `epcis` and `cbvmda` need no declaration.
 *
 * Deliberate differences from the reference implementation (which it reaches only through
 * artefacts of its Python data model, never on schema-valid events without them):
 * - bare words are expanded only in the fields that hold vocabulary (bizStep, disposition,
 *   persistentDisposition, the three `type`s, sensor type/exception/component), not in every
 *   string that happens to equal one of them elsewhere in the document;
 * - `type` is written before the business transaction / source / destination ID whatever the JSON
 *   key order, and an untyped entry is hashed (the reference fails on it);
 * - several sensorElements or sensorReports carrying user extensions are ordered by their pre-hash
 *   strings in the trailing block (the reference keeps its internal tuple order);
 * - numbers written with an exponent (`"1E3"`) become plain decimals; `null` values are skipped;
 * - an `@context` key inside the event is not hashed.
 *
 * @example
 * eventHash({
 *   type: 'ObjectEvent', eventTime: '2020-03-04T11:00:30.000+01:00', eventTimeZoneOffset: '+01:00',
 *   epcList: ['urn:epc:id:sscc:4012345.0000000333', 'urn:epc:id:sscc:4012345.0000000111', 'urn:epc:id:sscc:4012345.0000000222'],
 *   action: 'OBSERVE', bizStep: 'departing', readPoint: { id: 'urn:epc:id:sgln:4012345.00011.987' },
 *   'example:myField1': { 'example:mySubField1': '2', 'example:mySubField2': '5' },
 *   'example:myField2': '0', 'example:myField3': { 'example:mySubField3': ['3', '1'] },
 * }, { example: 'https://ns.example.com/epcis/' })
 * // → 'ni:///sha-256;6ae96341e0acc6d7a261364751f60e68278a81cdf51da0abb6b4e617014e39d7?ver=CBV2.0'
 */
export function eventHash(event: EpcisEventJson, context: Readonly<Record<string, string>> = {}): string {
  // node:crypto: the capture path hashes every event without an eventID (a JS SHA-256 was a third of its time).
  const digest = createHash('sha256').update(eventPreHashString(event, context), 'utf8').digest('hex');
  return `ni:///sha-256;${digest}?ver=${EVENT_HASH_VERSION}`;
}

/**
 * The namespace prefixes a JSON-LD `@context` declares (`{ prefix: IRI }`), from an object, or an
 * array of context URLs and objects; URLs (remote contexts) and non-IRI term definitions are skipped.
 *
 * @example contextPrefixes(['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { example: 'https://ns.example.com/epcis/' }])
 * // → { example: 'https://ns.example.com/epcis/' }
 */
export function contextPrefixes(context: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of asList(context)) {
    if (!isRecord(entry)) continue;
    for (const [prefix, def] of Object.entries(entry)) {
      if (prefix.startsWith('@')) continue;
      const iri = typeof def === 'string' ? def : isRecord(def) && typeof def['@id'] === 'string' ? def['@id'] : undefined;
      if (iri !== undefined && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(iri)) out[prefix] = iri;
    }
  }
  return out;
}
