/**
 * Ecode (GB/T 31866) parsing: V (one version digit) + NSI + MD, checked against a per-version rule
 * table (`ecode-rules.ts`, NOT VERIFIED against the standard; pass your own table to override).
 */
import { type MessageKey, msg, t } from '../i18n/i18n.ts';
import { type CodeResult, atPosition, codeErrorText, codeIssue, fail, ok, trimInput } from './code-result.ts';
import { ECODE_RULES_UNVERIFIED, type EcodeCharset, type EcodeVersionRule } from './ecode-rules.ts';
import type { Gs1Element } from './gs1/elements.ts';
import { parseGs1ElementString } from './gs1/element-string.ts';
import { validateGtin } from './gtin.ts';

export interface Ecode {
  /** Canonical text: V + NSI + MD, no spaces. */
  readonly value: string;
  readonly version: string;
  readonly nsi: string;
  readonly md: string;
  /** The rule that accepted it, e.g. `Ecode-V1`. */
  readonly rule: string;
  /** Whether that rule is verified against the standard (false for the default table). */
  readonly verified: boolean;
  /** For a GS1-compatible version (V0): the GS1 elements the MD carries. */
  readonly gs1?: readonly Gs1Element[];
}

export interface EcodeOptions {
  /** The per-version rules; default `ECODE_RULES_UNVERIFIED`. */
  readonly rules?: readonly EcodeVersionRule[];
  readonly now?: Date;
}

/** Prefix by which a caller can say "this text is an Ecode": `ecode:10001…`. */
export const ECODE_PREFIX = /^ecode\s*[:：]\s*/i;

const CHARSETS: Readonly<Record<EcodeCharset, RegExp>> = {
  numeric: /^[0-9]$/,
  alphanumeric: /^[0-9A-Za-z]$/,
  printable: /^[^\s\p{C}]$/u,
};

const CHARSET_NAMES: Readonly<Record<EcodeCharset, MessageKey>> = {
  numeric: 'code.error.ecode_charset_numeric',
  alphanumeric: 'code.error.ecode_charset_alphanumeric',
  printable: 'code.error.ecode_charset_printable',
};

/**
 * Parses an Ecode (spaces ignored, an `ecode:` prefix allowed). Errors name the version rule and
 * the position.
 *
 * @example parseEcode('1000100000000000001') // → { ok: true, value: { value: '1000100000000000001', version: '1', nsi: '0001', md: '00000000000001', rule: 'Ecode-V1', verified: false } }
 */
export function parseEcode(input: string, options: EcodeOptions = {}): CodeResult<Ecode> {
  const rules = options.rules ?? ECODE_RULES_UNVERIFIED;
  const { text: full, offset } = trimInput(input);
  const prefix = ECODE_PREFIX.exec(full);
  const start = offset + (prefix ? prefix[0].length : 0);
  const body = prefix ? full.slice(prefix[0].length) : full;
  let value = '';
  const positions: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body.charAt(i) === ' ') continue;
    value += body.charAt(i);
    positions.push(start + i + 1);
  }
  const at = (i: number) => positions[i] ?? (positions[positions.length - 1] ?? start) + 1;
  if (value === '') return fail(codeIssue('ecode_empty', 'code.error.ecode_empty', {}, { position: start + 1 }));
  const version = value.charAt(0);
  const rule = rules.find((r) => r.version === version);
  if (!rule) {
    const known = rules.map((r) => r.version).join(', ');
    return fail(codeIssue('ecode_version', 'code.error.ecode_version', { version: JSON.stringify(version), position: at(0), known }, { position: at(0), actual: version }));
  }
  const nsi = value.slice(1, 1 + rule.nsiLength);
  for (let i = 0; i < rule.nsiLength; i++) {
    const ch = nsi.charAt(i);
    if (ch === '' || ch < '0' || ch > '9') {
      return fail(codeIssue('ecode_nsi', 'code.error.ecode_nsi', { label: rule.label, length: rule.nsiLength, at: atPosition(at(1 + i)) }, { position: at(1 + i) }));
    }
  }
  const mdStart = 1 + rule.nsiLength;
  const md = value.slice(mdStart);
  if (md.length < rule.mdMinLength || md.length > rule.mdMaxLength) {
    const position = md.length > rule.mdMaxLength ? at(mdStart + rule.mdMaxLength) : at(value.length);
    return fail(codeIssue('ecode_md_length', 'code.error.ecode_md_length', { label: rule.label, min: rule.mdMinLength, max: rule.mdMaxLength, actual: md.length }, { position }));
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    return fail(codeIssue('ecode_length', 'code.error.ecode_length', { label: rule.label, max: rule.maxLength, actual: value.length }, { position: at(rule.maxLength) }));
  }
  const charset = CHARSETS[rule.mdCharset];
  for (let i = 0; i < md.length; i++) {
    if (!charset.test(md.charAt(i))) {
      const position = at(mdStart + i);
      return fail(codeIssue('ecode_md_character', 'code.error.ecode_md_character', { label: rule.label, charset: msg(CHARSET_NAMES[rule.mdCharset]), character: JSON.stringify(md.charAt(i)), position }, { position }));
    }
  }
  const result = { value, version, nsi, md, rule: rule.label, verified: rule.verified };
  if (!rule.gs1Compatible) return ok(result);
  const gtin = validateGtin(md);
  if (gtin.ok) return ok({ ...result, gs1: [{ ai: '01', value: gtin.gtin14 }] });
  if (gtin.reason === 'check') {
    const position = at(mdStart + gtin.position - 1);
    return fail(codeIssue('gs1_check_digit', 'code.error.ecode_gtin_check_digit', { label: rule.label, expected: gtin.expected, actual: gtin.actual, at: atPosition(position) }, { position, ai: '01', expected: gtin.expected, actual: gtin.actual }));
  }
  const gs1 = parseGs1ElementString(md, { now: options.now });
  if (!gs1.ok) {
    const p = gs1.error.position;
    const params = { label: rule.label, problem: codeErrorText(gs1.error) };
    return fail({ ...gs1.error, message: t('en', 'code.error.ecode_gs1', params), key: 'code.error.ecode_gs1', params, position: p === undefined ? undefined : at(mdStart + p - 1) });
  }
  return ok({ ...result, gs1: gs1.value.elements });
}

/**
 * Whether bare text matches one of the rules marked `detectable` (used by `detect`; never for
 * versions whose text form is too loose to tell apart).
 *
 * @example matchesDetectableEcode('1000100000000000001') // → true
 */
export function matchesDetectableEcode(input: string, rules: readonly EcodeVersionRule[] = ECODE_RULES_UNVERIFIED): boolean {
  const text = input.trim();
  if (/\s/.test(text)) return false;
  const rule = rules.find((r) => r.detectable && r.version === text.charAt(0));
  return rule !== undefined && parseEcode(text, { rules: [rule] }).ok;
}
