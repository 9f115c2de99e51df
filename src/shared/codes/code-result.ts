/**
 * The result and error vocabulary of every trace-code parser in this folder: a parser never throws
 * for bad input, it answers what is wrong and where.
 */
import { type MessageKey, type MessageRef, type Param, type Params, msg, t } from '../i18n/i18n.ts';

/** What is wrong with an input, precisely enough for a person to fix it. */
export interface CodeError {
  /** Stable snake_case identifier, e.g. `gs1_check_digit`; UIs translate by it. */
  readonly code: string;
  /** What is wrong, in English, naming the AI or field and what was expected (the catalog's English of `key`). */
  readonly message: string;
  /** The message as an i18n key and its parameters, for a reader of any language ({@link codeErrorText}). */
  readonly key: MessageKey;
  readonly params: Params;
  /** 1-based character position in the input (as given, before trimming) where the problem starts. */
  readonly position?: number;
  /** The GS1 Application Identifier concerned, when there is one. */
  readonly ai?: string;
  /** What was expected there, e.g. the correct check digit. */
  readonly expected?: string;
  /** What was found there. */
  readonly actual?: string;
}

export type CodeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CodeError };

/**
 * Wraps a successful value.
 *
 * @example ok(42) // → { ok: true, value: 42 }
 */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/**
 * Wraps an error, dropping `undefined` fields so results compare and serialise cleanly.
 *
 * @example fail(codeIssue('empty', 'code.error.empty')) // → { ok: false, error: { code: 'empty', message: 'the input is empty', key: 'code.error.empty', params: {} } }
 */
export function fail(error: CodeError): { readonly ok: false; readonly error: CodeError } {
  return { ok: false, error: codeError(error) };
}

/**
 * Builds an error, dropping `undefined` fields.
 *
 * @example codeError({ ...error, position: undefined }) // → error without its position
 */
export function codeError(fields: CodeError): CodeError {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) clean[k] = v;
  return clean as unknown as CodeError;
}

/**
 * An error in the catalogs' words: `message` is the English of `key` with `params`.
 *
 * @example codeIssue('empty', 'code.error.empty') // → { code: 'empty', message: 'the input is empty', key: 'code.error.empty', params: {} }
 */
export function codeIssue(code: string, key: MessageKey, params: Params = {}, extra: Pick<CodeError, 'position' | 'ai' | 'expected' | 'actual'> = {}): CodeError {
  return codeError({ code, message: t('en', key, params), key, params, ...extra });
}

/**
 * The " (position N)" that ends a message, as its `at` parameter: a page that marks the position
 * itself renders the message with `at: ''`. Nothing when the position is not known.
 *
 * @example codeIssue('dl_no_path', 'code.error.dl_no_path', { at: atPosition(20) }).message // → 'no path after the domain (position 20)'
 */
export function atPosition(position: number | string | undefined): Param {
  return position === undefined ? '' : msg('code.at_position', { position });
}

/**
 * An error's message as an i18n reference, to put into the reader's language with `t()` or to give
 * as a field error's `reason`.
 *
 * @example t('zh-CN', codeErrorText(error).key, codeErrorText(error).params)
 */
export function codeErrorText(error: Pick<CodeError, 'key' | 'params'>): MessageRef {
  return msg(error.key, error.params);
}

/**
 * Moves an error's position by `offset` characters (for a part parsed out of a larger input).
 *
 * @example shiftError(codeIssue('opaque_prefix', 'code.error.opaque_prefix', {}, { position: 2 }), 10).position // → 12
 */
export function shiftError(error: CodeError, offset: number): CodeError {
  return error.position === undefined ? error : { ...error, position: error.position + offset };
}

/**
 * Describes a character for an error message: printable characters quoted, others by code point.
 *
 * @example describeChar('a') // → "'a'"
 * @example describeChar('\u001d') // → 'U+001D'
 */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x21 || cp === 0x7f) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${ch}'`;
}

/**
 * An input without surrounding whitespace, and how many characters were cut from its start (so
 * positions can still be reported against the input as given).
 *
 * @example trimInput('  abc ') // → { text: 'abc', offset: 2 }
 */
export function trimInput(input: string): { readonly text: string; readonly offset: number } {
  return { text: input.trim(), offset: input.length - input.trimStart().length };
}
