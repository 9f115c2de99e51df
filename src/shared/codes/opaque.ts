/**
 * Opaque codes: identifiers issued by another system (an existing trace platform, an ERP, an
 * industrial-internet identifier…) that Yima stores and resolves without interpreting. A code is
 * only meaningful under the namespace of the system that issued it, so it is `{ namespace, value }`
 * and its text form is `opaque:{namespace}:{value}`.
 */
import { type CodeResult, codeIssue, fail, ok, trimInput } from './code-result.ts';

export interface OpaqueCode {
  /** The issuing system: lower-case letters, digits, `.` and `-`, e.g. `cn.gdtrace` or `acme-mes`. */
  readonly namespace: string;
  /** The code as that system writes it: 1 to 512 characters, no control characters, no space at either end. */
  readonly value: string;
}

/** The text form's prefix: `opaque:{namespace}:{value}`. */
export const OPAQUE_PREFIX = 'opaque:';
/** Namespace used when nothing says which system issued a code. */
export const UNKNOWN_NAMESPACE = 'unknown';
const NAMESPACE = /^[a-z0-9](?:[a-z0-9.-]{0,62}[a-z0-9])?$/;
const MAX_VALUE_LENGTH = 512;

/**
 * Validates an opaque code: a DNS-like namespace, and a value without control characters (spaces
 * at either end are dropped).
 *
 * @example validateOpaqueCode({ namespace: 'acme-mes', value: 'WO-2025/0001' }) // → { ok: true, value: { namespace: 'acme-mes', value: 'WO-2025/0001' } }
 */
export function validateOpaqueCode(code: OpaqueCode): CodeResult<OpaqueCode> {
  const value = code.value.trim();
  if (!NAMESPACE.test(code.namespace)) {
    return fail(codeIssue('opaque_namespace', 'code.error.opaque_namespace', { namespace: JSON.stringify(code.namespace) }));
  }
  if (value.length === 0 || value.length > MAX_VALUE_LENGTH) {
    return fail(codeIssue('opaque_length', 'code.error.opaque_length', { max: MAX_VALUE_LENGTH, actual: value.length }));
  }
  const lead = code.value.length - code.value.trimStart().length;
  for (let i = 0; i < value.length; i++) {
    if (/\p{C}/u.test(value.charAt(i))) {
      const position = lead + i + 1;
      return fail(codeIssue('opaque_control_character', 'code.error.opaque_control_character', { character: `U+${value.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`, position }, { position }));
    }
  }
  return ok({ namespace: code.namespace, value });
}

/**
 * The text form of an opaque code.
 *
 * @example formatOpaqueCode({ namespace: 'acme-mes', value: 'WO-1' }) // → 'opaque:acme-mes:WO-1'
 */
export function formatOpaqueCode(code: OpaqueCode): string {
  return `${OPAQUE_PREFIX}${code.namespace}:${code.value}`;
}

/**
 * Parses `opaque:{namespace}:{value}`; positions refer to the input.
 *
 * @example parseOpaqueCode('opaque:acme-mes:WO-1') // → { ok: true, value: { namespace: 'acme-mes', value: 'WO-1' } }
 */
export function parseOpaqueCode(input: string): CodeResult<OpaqueCode> {
  const { text, offset } = trimInput(input);
  if (!text.toLowerCase().startsWith(OPAQUE_PREFIX)) return fail(codeIssue('opaque_prefix', 'code.error.opaque_prefix', {}, { position: offset + 1 }));
  const rest = text.slice(OPAQUE_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon < 0) return fail(codeIssue('opaque_prefix', 'code.error.opaque_prefix', {}, { position: offset + text.length + 1 }));
  const result = validateOpaqueCode({ namespace: rest.slice(0, colon), value: rest.slice(colon + 1) });
  if (result.ok) return result;
  const valueStart = offset + OPAQUE_PREFIX.length + colon + 1;
  const position = result.error.code === 'opaque_namespace' ? offset + OPAQUE_PREFIX.length + 1 : result.error.position === undefined ? valueStart + 1 : result.error.position + valueStart;
  return fail({ ...result.error, position });
}
