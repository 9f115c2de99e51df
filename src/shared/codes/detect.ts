/**
 * One entry point for any scanned or typed code: which scheme it is, why, and its parse.
 *
 * Order (policy.md §5 "code-type detection order", refined):
 *  1. explicit prefixes: `opaque:{namespace}:{value}`, `ecode:{code}`;
 *  2. EPC URNs (`urn:epc:id:sgtin:`…);
 *  3. http(s) URIs: a GS1 Digital Link when a primary key ends the path; a Yima resolver URL
 *     `/id/{scheme}/{value}`; a CCC trace QR when it carries a valid 16-digit certificate number;
 *     any other URL is an opaque code of its host;
 *  4. AIM symbology identifiers: GS1 ones (`]C1 ]d2 ]Q3 ]e0 ]J1`) mean a GS1 element string,
 *     `]E0`/`]E4` an EAN/UPC (a GTIN), others are stripped and the rest detected;
 *  5. a GS (ASCII 29) anywhere, or a leading `(NN)`: a GS1 element string;
 *  6. 18 letters and digits shaped like a USCC → USCC (errors reported); `XK…` or `(省)XK…` → a
 *     生产许可证 number; `ABC-…` of the right length → a Yima code;
 *  7. digits only: 8/12/13/14 → GTIN (a wrong check digit is reported, not reinterpreted), 16 with
 *     a plausible year → CCC certificate, 18 → USCC when valid;
 *  8. unbracketed AI data without AIM identifier, when it parses and holds a GS1 primary key;
 *  9. an Ecode version marked detectable (rules NOT VERIFIED); an Ecode whose text also reads as
 *     a GTIN, CCC number, USCC or GS1 data is taken as that: write `ecode:` before it to say otherwise;
 * 10. anything else: an opaque code under `options.opaqueNamespace` (default `unknown`).
 * Where an input is also valid under another scheme, `alternatives` says so.
 */
import { parseCccTraceQr } from './ccc-trace-qr.ts';
import { validateCccNumber } from './ccc.ts';
import { type CodeResult, fail, ok, trimInput } from './code-result.ts';
import { ECODE_PREFIX, matchesDetectableEcode, parseEcode } from './ecode.ts';
import type { EcodeVersionRule } from './ecode-rules.ts';
import { DEFAULT_DIGITAL_LINK_BASE, isHttpUri, parseDigitalLink, splitDigitalLink } from './gs1/digital-link.ts';
import { GS, GS1_SYMBOLOGY_IDENTIFIERS, gs1SymbologyOf, parseGs1ElementString, parseGs1Raw } from './gs1/element-string.ts';
import { isDigitalLinkPrimaryKey } from './gs1/ai-table.ts';
import { isEpcUrn, parseEpcUrn } from './gs1/epc-urn.ts';
import { validateGtin } from './gtin.ts';
import { parseIdUrl } from './id-url.ts';
import { validateLicence } from './licence.ts';
import { OPAQUE_PREFIX, parseOpaqueCode, UNKNOWN_NAMESPACE, validateOpaqueCode } from './opaque.ts';
import {
  cccParsedCode,
  type CodeScheme,
  ecodeParsedCode,
  gs1ParsedCode,
  licenceParsedCode,
  opaqueParsedCode,
  type ParsedCode,
  usccParsedCode,
  yimaParsedCode,
} from './parsed-code.ts';
import { validateUscc } from './uscc.ts';
import { looksLikeYimaCode, validateYimaCode } from './yima-code.ts';

export type CodeForm =
  | 'gs1-element-string'
  | 'gs1-digital-link'
  | 'epc-urn'
  | 'gtin'
  | 'ecode'
  | 'ccc'
  | 'ccc-trace-qr'
  | 'uscc'
  | 'licence'
  | 'yima'
  | 'opaque';

export interface Detection {
  /** The scheme the input was taken as; undefined only for empty input. */
  readonly scheme: CodeScheme | undefined;
  readonly form: CodeForm | undefined;
  /** Why, in a sentence. */
  readonly reason: string;
  /** Other schemes that would also accept this input as valid. */
  readonly alternatives: readonly CodeScheme[];
  /** The parse under `scheme`: the code, or what is wrong with it and where. */
  readonly result: CodeResult<ParsedCode>;
}

export interface DetectOptions {
  /** Base URL of the Digital Links built for GS1 codes (the platform's YIMA_PUBLIC_URL). Default https://id.gs1.org. */
  readonly digitalLinkBase?: string;
  /** Today, for GS1 two-digit years and CCC years of issue. */
  readonly now?: Date;
  /** Ecode per-version rules; default the unverified table of `ecode-rules.ts`. */
  readonly ecodeRules?: readonly EcodeVersionRule[];
  /** Namespace for inputs no scheme recognises. Default `unknown`. */
  readonly opaqueNamespace?: string;
}

const NON_GS1_AIM = /^\][A-Za-z][0-9A-Za-z]/;

function map<T>(result: CodeResult<T>, f: (v: T) => ParsedCode): CodeResult<ParsedCode> {
  return result.ok ? ok(f(result.value)) : result;
}

/**
 * Says which scheme an input is, why, and parses it.
 *
 * @example detect('6901234567892') // → { scheme: 'gs1', form: 'gtin', reason: '13 digits with a valid GS1 check digit: a GTIN-13', alternatives: [], result: { ok: true, value: { scheme: 'gs1', canonical: '(01)06901234567892', … } } }
 * @example detect('91350100M000100Y43').scheme // → 'uscc'
 */
export function detect(input: string, options: DetectOptions = {}): Detection {
  const base = options.digitalLinkBase ?? DEFAULT_DIGITAL_LINK_BASE;
  const gs1Options = { now: options.now };
  const { text, offset } = trimInput(input);
  const make = (scheme: CodeScheme, form: CodeForm, reason: string, result: CodeResult<ParsedCode>, alternatives: readonly CodeScheme[] = []): Detection => ({
    scheme,
    form,
    reason,
    alternatives,
    result,
  });
  const opaque = (namespace: string, value: string, reason: string): Detection =>
    make('opaque', 'opaque', reason, map(validateOpaqueCode({ namespace, value }), opaqueParsedCode));

  if (text === '') {
    return { scheme: undefined, form: undefined, reason: 'the input is empty', alternatives: [], result: fail({ code: 'empty', message: 'the input is empty' }) };
  }

  // 1. Explicit prefixes.
  if (text.toLowerCase().startsWith(OPAQUE_PREFIX)) {
    return make('opaque', 'opaque', 'starts with "opaque:": an opaque code under its namespace', map(parseOpaqueCode(input), opaqueParsedCode));
  }
  if (ECODE_PREFIX.test(text)) {
    return make('ecode', 'ecode', 'starts with "ecode:": an Ecode (GB/T 31866; version rules not verified)', map(parseEcode(input, { rules: options.ecodeRules, now: options.now }), ecodeParsedCode));
  }

  // 2. EPC URNs.
  if (isEpcUrn(text)) {
    const urn = parseEpcUrn(input, gs1Options);
    return make('gs1', 'epc-urn', `an EPC pure-identity URN (${text.split(':')[3] ?? 'epc'})`, map(urn, (u) => gs1ParsedCode(u.elements, base, gs1Options)));
  }

  // 3. URLs.
  if (isHttpUri(text)) {
    const split = splitDigitalLink(input);
    if (split.ok) {
      const key = split.value.path[0]?.ai ?? '';
      return make('gs1', 'gs1-digital-link', `an http(s) URI whose path ends with the GS1 Digital Link primary key /${key}/`, map(parseDigitalLink(input, gs1Options), (l) => gs1ParsedCode(l.elements, base, gs1Options)));
    }
    const key = primaryKeySegment(text);
    if (key && split.error.code !== 'dl_no_primary_key') {
      return make('gs1', 'gs1-digital-link', `an http(s) URI with the GS1 Digital Link primary key /${key}/ in its path`, split);
    }
    const id = parseIdUrl(input);
    if (id) {
      const inner = detectScheme(id.scheme, id.value, options);
      const shifted: CodeResult<ParsedCode> = inner.ok || inner.error.position === undefined ? inner : fail({ ...inner.error, position: inner.error.position + id.position - 1 });
      const scheme: CodeScheme = id.scheme;
      return make(scheme, formOf(scheme), `a resolver URL /id/${id.scheme}/…`, shifted);
    }
    const qr = parseCccTraceQr(input, { now: options.now });
    if (qr.ok) return make('ccc', 'ccc-trace-qr', 'a URL carrying a valid 16-digit CCC certificate number: a CCC trace QR', map(qr, cccParsedCode));
    const host = namespaceOfHost(/^https?:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)/i.exec(text)?.[1] ?? '');
    return opaque(options.opaqueNamespace ?? host, text, `a URL that is neither a GS1 Digital Link nor a CCC trace QR: an opaque code of ${host}`);
  }

  // 4. AIM symbology identifiers.
  const symbology = gs1SymbologyOf(text);
  if (symbology) {
    return make('gs1', 'gs1-element-string', `starts with the AIM symbology identifier ${symbology} (${GS1_SYMBOLOGY_IDENTIFIERS[symbology]})`, map(parseGs1Raw(input, gs1Options), (s) => gs1ParsedCode(s.elements, base, gs1Options)));
  }
  if (/^\]E[04]/.test(text)) {
    const digits = text.slice(3);
    const gtin = validateGtin(digits);
    const reason = `starts with the AIM symbology identifier ${text.slice(0, 3)} (EAN/UPC): a GTIN`;
    if (!gtin.ok) {
      const error =
        gtin.reason === 'check'
          ? { code: 'gs1_check_digit', message: `GTIN check digit should be ${gtin.expected}, not ${gtin.actual} (position ${offset + 3 + gtin.position})`, position: offset + 3 + gtin.position, ai: '01', expected: gtin.expected, actual: gtin.actual }
          : { code: 'gs1_gtin_length', message: `expected a GTIN after ${text.slice(0, 3)}: ${gtin.expected}`, position: offset + 4, ai: '01' };
      return make('gs1', 'gtin', reason, fail(error));
    }
    return make('gs1', 'gtin', reason, ok(gs1ParsedCode([{ ai: '01', value: gtin.gtin14 }], base, gs1Options)));
  }
  if (NON_GS1_AIM.test(text)) {
    const inner = detect(' '.repeat(offset + 3) + text.slice(3), options);
    return { ...inner, reason: `after the AIM symbology identifier ${text.slice(0, 3)}: ${inner.reason}` };
  }

  // 5. GS1 element strings by their syntax.
  if (text.includes(GS)) {
    return make('gs1', 'gs1-element-string', 'contains GS (ASCII 29) separators: raw GS1 element data', map(parseGs1Raw(input, gs1Options), (s) => gs1ParsedCode(s.elements, base, gs1Options)));
  }
  if (/^\(\d{2,4}\)/.test(text)) {
    return make('gs1', 'gs1-element-string', 'starts with a bracketed AI: a GS1 element string', map(parseGs1ElementString(input, gs1Options), (s) => gs1ParsedCode(s.elements, base, gs1Options)));
  }

  // 6. Shapes of their own: a USCC with letters (before XK…: a USCC may start with X and K).
  if (/^[0-9A-Z]{2}\d{6}[0-9A-Z]{10}$/i.test(text) && !/^\d+$/.test(text)) {
    const uscc = validateUscc(text);
    return make(
      'uscc',
      'uscc',
      '18 characters with a region code in positions 3–8: a 统一社会信用代码',
      uscc.ok ? ok(usccParsedCode(uscc.value)) : fail(usccError(uscc, offset)),
    );
  }
  if (/^(?:[(（][\u4e00-\u9fa5][)）])?xk/i.test(text)) {
    const licence = validateLicence(text);
    return make(
      'licence',
      'licence',
      'starts with XK: a 生产许可证 number',
      licence.ok ? ok(licenceParsedCode(licence)) : fail({ code: 'licence_format', message: `a 生产许可证 number is ${licence.expected}`, position: offset + 1 }),
    );
  }
  if (looksLikeYimaCode(text)) {
    return make('yima', 'yima', 'an issuer prefix, "-" and 14 characters: a Yima 数字身份码', map(validateYimaCode(input), yimaParsedCode));
  }

  // 7. Digits.
  if (/^\d+$/.test(text)) {
    const alternatives = digitAlternatives(text, options);
    if ([8, 12, 13, 14].includes(text.length)) {
      const gtin = validateGtin(text);
      const kind = `GTIN-${text.length}`;
      if (gtin.ok) {
        return make('gs1', 'gtin', `${text.length} digits with a valid GS1 check digit: a ${kind}`, ok(gs1ParsedCode([{ ai: '01', value: gtin.gtin14 }], base, gs1Options)), alternatives.filter((s) => s !== 'gs1'));
      }
      if (gtin.reason === 'check') {
        const position = offset + gtin.position;
        return make(
          'gs1',
          'gtin',
          `${text.length} digits: read as a ${kind}`,
          fail({ code: 'gs1_check_digit', message: `${kind} check digit should be ${gtin.expected}, not ${gtin.actual} (position ${position})`, position, ai: '01', expected: gtin.expected, actual: gtin.actual }),
          alternatives,
        );
      }
    }
    if (text.length === 16) {
      const ccc = validateCccNumber(text, options.now);
      if (ccc.ok) {
        return make('ccc', 'ccc', `16 digits starting with a plausible year of issue (${ccc.year}): a CCC certificate number`, ok(cccParsedCode({ ...ccc, certificate: ccc.value })), alternatives.filter((s) => s !== 'ccc'));
      }
    }
    if (text.length === 18 && validateUscc(text).ok) {
      return make('uscc', 'uscc', '18 characters with a valid GB 32100 check character: a 统一社会信用代码', ok(usccParsedCode(text)), alternatives.filter((s) => s !== 'uscc'));
    }
  }

  // 8. Unbracketed AI data without an AIM identifier.
  if (/^\d{2}/.test(text)) {
    const raw = parseGs1Raw(input, gs1Options);
    if (raw.ok && raw.value.elements.some((e) => isDigitalLinkPrimaryKey(e.ai))) {
      return make('gs1', 'gs1-element-string', 'unbracketed GS1 AI data holding a primary key (no AIM identifier)', ok(gs1ParsedCode(raw.value.elements, base, gs1Options)));
    }
  }

  // 9. Ecode.
  if (matchesDetectableEcode(text, options.ecodeRules)) {
    return make('ecode', 'ecode', `version digit ${text.charAt(0)} then NSI and MD: an Ecode (GB/T 31866; version rules not verified)`, map(parseEcode(input, { rules: options.ecodeRules, now: options.now }), ecodeParsedCode));
  }

  // 10. Anything else.
  const namespace = options.opaqueNamespace ?? UNKNOWN_NAMESPACE;
  return opaque(namespace, text, `no scheme recognises it: an opaque code under "${namespace}"`);
}

/** A URL's host as an opaque-code namespace (lower case; characters a namespace cannot hold become "-"). */
function namespaceOfHost(host: string): string {
  const ns = host.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 64);
  return ns === '' ? UNKNOWN_NAMESPACE : ns.replace(/[^a-z0-9]+$/, '');
}

/** The first `/{AI}/{value}` path pair whose AI is a Digital Link primary key, if any. */
function primaryKeySegment(uri: string): string | undefined {
  const path = uri.replace(/^https?:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '');
  for (const m of path.matchAll(/\/(\d{2,4})\/(?=[^/])/g)) if (m[1] !== undefined && isDigitalLinkPrimaryKey(m[1])) return m[1];
  return undefined;
}

function formOf(scheme: CodeScheme): CodeForm {
  return scheme === 'gs1' ? 'gs1-element-string' : scheme;
}

function detectScheme(scheme: CodeScheme, value: string, options: DetectOptions): CodeResult<ParsedCode> {
  switch (scheme) {
    case 'yima':
      return map(validateYimaCode(value), yimaParsedCode);
    case 'ecode':
      return map(parseEcode(value, { rules: options.ecodeRules, now: options.now }), ecodeParsedCode);
    case 'ccc': {
      const ccc = validateCccNumber(value, options.now);
      return ccc.ok ? ok(cccParsedCode({ ...ccc, certificate: ccc.value })) : fail({ code: `ccc_${ccc.reason}`, message: `not a CCC certificate number: expected ${ccc.expected}`, position: 1 });
    }
    case 'uscc': {
      const uscc = validateUscc(value);
      return uscc.ok ? ok(usccParsedCode(uscc.value)) : fail(usccError(uscc, 0));
    }
    case 'licence': {
      const licence = validateLicence(value);
      return licence.ok ? ok(licenceParsedCode(licence)) : fail({ code: 'licence_format', message: `a 生产许可证 number is ${licence.expected}`, position: 1 });
    }
    case 'opaque':
      return map(parseOpaqueCode(`${OPAQUE_PREFIX}${value}`), opaqueParsedCode);
    case 'gs1':
      return map(parseGs1ElementString(value, { now: options.now }), (s) => gs1ParsedCode(s.elements, options.digitalLinkBase ?? DEFAULT_DIGITAL_LINK_BASE, { now: options.now }));
  }
}

function usccError(uscc: Extract<ReturnType<typeof validateUscc>, { ok: false }>, offset: number) {
  switch (uscc.reason) {
    case 'length':
      return { code: 'uscc_length', message: `a 统一社会信用代码 has 18 characters, not ${uscc.actual}` };
    case 'charset':
      return {
        code: 'uscc_character',
        message: `${JSON.stringify(uscc.character)} (position ${offset + uscc.position}) is not used in a 统一社会信用代码 (no I, O, S, V, Z)`,
        position: offset + uscc.position,
        actual: uscc.character,
      };
    case 'region':
      return { code: 'uscc_region', message: `positions 3–8 are a region code of digits; position ${offset + uscc.position} is not a digit`, position: offset + uscc.position };
    case 'check':
      return {
        code: 'uscc_check_character',
        message: `the check character (position ${offset + uscc.position}) should be ${uscc.expected}, not ${uscc.actual}`,
        position: offset + uscc.position,
        expected: uscc.expected,
        actual: uscc.actual,
      };
  }
}

/** Schemes under which an all-digit input would also be valid. */
function digitAlternatives(text: string, options: DetectOptions): CodeScheme[] {
  const out: CodeScheme[] = [];
  if (validateGtin(text).ok && [8, 12, 13, 14].includes(text.length)) out.push('gs1');
  if (validateCccNumber(text, options.now).ok) out.push('ccc');
  if (validateUscc(text).ok) out.push('uscc');
  if (matchesDetectableEcode(text, options.ecodeRules)) out.push('ecode');
  return out;
}
