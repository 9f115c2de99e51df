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
import { type CodeError, type CodeResult, atPosition, codeIssue, fail, ok, trimInput } from './code-result.ts';
import { type MessageRef, msg, t } from '../i18n/i18n.ts';
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
  /** Why, in a sentence (English). */
  readonly reason: string;
  /** `reason` as an i18n message, for a reader of any language. */
  readonly reasonText: MessageRef;
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
  const make = (scheme: CodeScheme, form: CodeForm, reason: MessageRef, result: CodeResult<ParsedCode>, alternatives: readonly CodeScheme[] = []): Detection => ({
    scheme,
    form,
    reason: t('en', reason.key, reason.params),
    reasonText: reason,
    alternatives,
    result,
  });
  const opaque = (namespace: string, value: string, reason: MessageRef): Detection =>
    make('opaque', 'opaque', reason, map(validateOpaqueCode({ namespace, value }), opaqueParsedCode));

  if (text === '') {
    const reason = msg('code.detect.empty');
    return { scheme: undefined, form: undefined, reason: t('en', reason.key), reasonText: reason, alternatives: [], result: fail(codeIssue('empty', 'code.error.empty')) };
  }

  // 1. Explicit prefixes.
  if (text.toLowerCase().startsWith(OPAQUE_PREFIX)) {
    return make('opaque', 'opaque', msg('code.detect.opaque_prefix'), map(parseOpaqueCode(input), opaqueParsedCode));
  }
  if (ECODE_PREFIX.test(text)) {
    return make('ecode', 'ecode', msg('code.detect.ecode_prefix'), map(parseEcode(input, { rules: options.ecodeRules, now: options.now }), ecodeParsedCode));
  }

  // 2. EPC URNs.
  if (isEpcUrn(text)) {
    const urn = parseEpcUrn(input, gs1Options);
    return make('gs1', 'epc-urn', msg('code.detect.epc_urn', { scheme: text.split(':')[3] ?? 'epc' }), map(urn, (u) => gs1ParsedCode(u.elements, base, gs1Options)));
  }

  // 3. URLs.
  if (isHttpUri(text)) {
    const split = splitDigitalLink(input);
    if (split.ok) {
      const key = split.value.path[0]?.ai ?? '';
      return make('gs1', 'gs1-digital-link', msg('code.detect.digital_link', { ai: key }), map(parseDigitalLink(input, gs1Options), (l) => gs1ParsedCode(l.elements, base, gs1Options)));
    }
    const key = primaryKeySegment(text);
    if (key && split.error.code !== 'dl_no_primary_key') {
      return make('gs1', 'gs1-digital-link', msg('code.detect.digital_link_in_path', { ai: key }), split);
    }
    const id = parseIdUrl(input);
    if (id) {
      const inner = detectScheme(id.scheme, id.value, options);
      const shifted: CodeResult<ParsedCode> = inner.ok || inner.error.position === undefined ? inner : fail({ ...inner.error, position: inner.error.position + id.position - 1 });
      const scheme: CodeScheme = id.scheme;
      return make(scheme, formOf(scheme), msg('code.detect.id_url', { scheme: id.scheme }), shifted);
    }
    const qr = parseCccTraceQr(input, { now: options.now });
    if (qr.ok) return make('ccc', 'ccc-trace-qr', msg('code.detect.ccc_trace_qr'), map(qr, cccParsedCode));
    const host = namespaceOfHost(/^https?:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)/i.exec(text)?.[1] ?? '');
    return opaque(options.opaqueNamespace ?? host, text, msg('code.detect.url_opaque', { host }));
  }

  // 4. AIM symbology identifiers.
  const symbology = gs1SymbologyOf(text);
  if (symbology) {
    return make('gs1', 'gs1-element-string', msg('code.detect.aim_gs1', { identifier: symbology, symbology: GS1_SYMBOLOGY_IDENTIFIERS[symbology] }), map(parseGs1Raw(input, gs1Options), (s) => gs1ParsedCode(s.elements, base, gs1Options)));
  }
  if (/^\]E[04]/.test(text)) {
    const digits = text.slice(3);
    const gtin = validateGtin(digits);
    const reason = msg('code.detect.aim_ean', { identifier: text.slice(0, 3) });
    if (!gtin.ok) {
      const position = gtin.reason === 'check' ? offset + 3 + gtin.position : offset + 4;
      const error =
        gtin.reason === 'check'
          ? codeIssue('gs1_check_digit', 'code.error.gtin_check_digit', { kind: 'GTIN', expected: gtin.expected, actual: gtin.actual, at: atPosition(position) }, { position, ai: '01', expected: gtin.expected, actual: gtin.actual })
          : codeIssue('gs1_gtin_length', 'code.error.gtin_after_aim', { identifier: text.slice(0, 3) }, { position, ai: '01' });
      return make('gs1', 'gtin', reason, fail(error));
    }
    return make('gs1', 'gtin', reason, ok(gs1ParsedCode([{ ai: '01', value: gtin.gtin14 }], base, gs1Options)));
  }
  if (NON_GS1_AIM.test(text)) {
    const inner = detect(' '.repeat(offset + 3) + text.slice(3), options);
    const reason = msg('code.detect.after_aim', { identifier: text.slice(0, 3), reason: inner.reasonText });
    return { ...inner, reason: t('en', reason.key, reason.params), reasonText: reason };
  }

  // 5. GS1 element strings by their syntax.
  if (text.includes(GS)) {
    return make('gs1', 'gs1-element-string', msg('code.detect.gs_separators'), map(parseGs1Raw(input, gs1Options), (s) => gs1ParsedCode(s.elements, base, gs1Options)));
  }
  if (/^\(\d{2,4}\)/.test(text)) {
    return make('gs1', 'gs1-element-string', msg('code.detect.bracketed'), map(parseGs1ElementString(input, gs1Options), (s) => gs1ParsedCode(s.elements, base, gs1Options)));
  }

  // 6. Shapes of their own: a USCC with letters (before XK…: a USCC may start with X and K).
  if (/^[0-9A-Z]{2}\d{6}[0-9A-Z]{10}$/i.test(text) && !/^\d+$/.test(text)) {
    const uscc = validateUscc(text);
    return make(
      'uscc',
      'uscc',
      msg('code.detect.uscc_shape'),
      uscc.ok ? ok(usccParsedCode(uscc.value)) : fail(usccError(uscc, offset)),
    );
  }
  if (/^(?:[(（][\u4e00-\u9fa5][)）])?xk/i.test(text)) {
    const licence = validateLicence(text);
    return make(
      'licence',
      'licence',
      msg('code.detect.licence'),
      licence.ok ? ok(licenceParsedCode(licence)) : fail(codeIssue('licence_format', 'code.error.licence_format', {}, { position: offset + 1 })),
    );
  }
  if (looksLikeYimaCode(text)) {
    return make('yima', 'yima', msg('code.detect.yima'), map(validateYimaCode(input), yimaParsedCode));
  }

  // 7. Digits.
  if (/^\d+$/.test(text)) {
    const alternatives = digitAlternatives(text, options);
    if ([8, 12, 13, 14].includes(text.length)) {
      const gtin = validateGtin(text);
      const kind = `GTIN-${text.length}`;
      if (gtin.ok) {
        return make('gs1', 'gtin', msg('code.detect.gtin', { digits: text.length, kind }), ok(gs1ParsedCode([{ ai: '01', value: gtin.gtin14 }], base, gs1Options)), alternatives.filter((s) => s !== 'gs1'));
      }
      if (gtin.reason === 'check') {
        const position = offset + gtin.position;
        return make(
          'gs1',
          'gtin',
          msg('code.detect.gtin_read_as', { digits: text.length, kind }),
          fail(codeIssue('gs1_check_digit', 'code.error.gtin_check_digit', { kind, expected: gtin.expected, actual: gtin.actual, at: atPosition(position) }, { position, ai: '01', expected: gtin.expected, actual: gtin.actual })),
          alternatives,
        );
      }
    }
    if (text.length === 16) {
      const ccc = validateCccNumber(text, options.now);
      if (ccc.ok) {
        return make('ccc', 'ccc', msg('code.detect.ccc', { year: ccc.year }), ok(cccParsedCode({ ...ccc, certificate: ccc.value })), alternatives.filter((s) => s !== 'ccc'));
      }
    }
    if (text.length === 18 && validateUscc(text).ok) {
      return make('uscc', 'uscc', msg('code.detect.uscc_digits'), ok(usccParsedCode(text)), alternatives.filter((s) => s !== 'uscc'));
    }
  }

  // 8. Unbracketed AI data without an AIM identifier.
  if (/^\d{2}/.test(text)) {
    const raw = parseGs1Raw(input, gs1Options);
    if (raw.ok && raw.value.elements.some((e) => isDigitalLinkPrimaryKey(e.ai))) {
      return make('gs1', 'gs1-element-string', msg('code.detect.gs1_unbracketed'), ok(gs1ParsedCode(raw.value.elements, base, gs1Options)));
    }
  }

  // 9. Ecode.
  if (matchesDetectableEcode(text, options.ecodeRules)) {
    return make('ecode', 'ecode', msg('code.detect.ecode', { version: text.charAt(0) }), map(parseEcode(input, { rules: options.ecodeRules, now: options.now }), ecodeParsedCode));
  }

  // 10. Anything else.
  const namespace = options.opaqueNamespace ?? UNKNOWN_NAMESPACE;
  return opaque(namespace, text, msg('code.detect.opaque', { namespace }));
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
      if (ccc.ok) return ok(cccParsedCode({ ...ccc, certificate: ccc.value }));
      return fail(ccc.reason === 'year'
        ? codeIssue('ccc_year', 'code.error.ccc_year', { last: (options.now ?? new Date()).getUTCFullYear() }, { position: 1 })
        : codeIssue('ccc_format', 'code.error.ccc_format', {}, { position: 1 }));
    }
    case 'uscc': {
      const uscc = validateUscc(value);
      return uscc.ok ? ok(usccParsedCode(uscc.value)) : fail(usccError(uscc, 0));
    }
    case 'licence': {
      const licence = validateLicence(value);
      return licence.ok ? ok(licenceParsedCode(licence)) : fail(codeIssue('licence_format', 'code.error.licence_format', {}, { position: 1 }));
    }
    case 'opaque':
      return map(parseOpaqueCode(`${OPAQUE_PREFIX}${value}`), opaqueParsedCode);
    case 'gs1':
      return map(parseGs1ElementString(value, { now: options.now }), (s) => gs1ParsedCode(s.elements, options.digitalLinkBase ?? DEFAULT_DIGITAL_LINK_BASE, { now: options.now }));
  }
}

function usccError(uscc: Extract<ReturnType<typeof validateUscc>, { ok: false }>, offset: number): CodeError {
  switch (uscc.reason) {
    case 'length':
      return codeIssue('uscc_length', 'code.error.uscc_length', { actual: uscc.actual });
    case 'charset': {
      const position = offset + uscc.position;
      return codeIssue('uscc_character', 'code.error.uscc_character', { character: JSON.stringify(uscc.character), position }, { position, actual: uscc.character });
    }
    case 'region': {
      const position = offset + uscc.position;
      return codeIssue('uscc_region', 'code.error.uscc_region', { position }, { position });
    }
    case 'check': {
      const position = offset + uscc.position;
      return codeIssue('uscc_check_character', 'code.error.uscc_check_character', { position, expected: uscc.expected, actual: uscc.actual }, { position, expected: uscc.expected, actual: uscc.actual });
    }
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
