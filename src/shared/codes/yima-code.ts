/**
 * Yima 数字身份码: the platform's own item code for enterprises without GS1 membership (design and
 * proofs in `yima-code.md`).
 *
 *     K7M-QAHCG6K64T2BXK   issuer "K7M" (2–5 characters), "-", 13 random characters, 1 check character
 *
 * - Alphabet: the 31 characters `23456789ABCDEFGHJKMNPQRSTUVWXYZ` (no 0/O, no 1/I/L).
 * - 13 random characters: 31^13 ≈ 2^64.4, so at least 64 bits of randomness per code.
 * - 17 to 20 characters in all, all in CSET 82: the code also fits GS1 AI 21 (X..20).
 * - Check character: with v(c) the index of c in the alphabet and the characters other than `-`
 *   numbered from the right starting at 0 for the check character, Σ v(cᵢ)·3ⁱ ≡ 0 (mod 31).
 *   31 is prime and 3 has order 30 modulo 31, so the 19 weights 3⁰…3¹⁸ are distinct and non-zero:
 *   every single-character substitution and every transposition of two different characters
 *   (adjacent or not) changes the sum, and is rejected.
 */
import { type MessageKey, msg } from '../i18n/i18n.ts';
import { type CodeResult, codeIssue, fail, ok, trimInput } from './code-result.ts';
import { cryptoRandomSource, type RandomSource, randomString } from './random-source.ts';

/** The 31 characters of Yima codes: digits 2–9 and capitals without I, L and O. */
export const YIMA_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** Random characters per code: 31^13 ≈ 2^64.4. */
export const YIMA_SERIAL_LENGTH = 13;
/** Issuer prefixes have 2 to 5 characters. */
export const YIMA_ISSUER_MIN_LENGTH = 2;
export const YIMA_ISSUER_MAX_LENGTH = 5;
/** Longest code: 5 + 1 + 13 + 1 = 20 characters, the limit of GS1 AI 21. */
export const YIMA_MAX_LENGTH = YIMA_ISSUER_MAX_LENGTH + 1 + YIMA_SERIAL_LENGTH + 1;

const MODULUS = 31;

export interface YimaCode {
  /** Canonical form, e.g. `K7M-QAHCG6K64T2BXK`. */
  readonly value: string;
  readonly issuer: string;
  /** The 13 random characters. */
  readonly serial: string;
  readonly check: string;
}

/**
 * The check character for an issuer and serial (without the hyphen).
 *
 * @example yimaCheckCharacter('K7MQAHCG6K64T2BX') // → 'K'
 */
export function yimaCheckCharacter(body: string): string {
  let sum = 0;
  let weight = 3; // the body's rightmost character has weight 3¹; the check character has 3⁰
  for (let i = body.length - 1; i >= 0; i--) {
    const v = YIMA_ALPHABET.indexOf(body.charAt(i));
    if (v < 0) throw new Error(`not a Yima code character at ${i + 1}: ${body.charAt(i)}`);
    sum = (sum + v * weight) % MODULUS;
    weight = (weight * 3) % MODULUS;
  }
  return YIMA_ALPHABET.charAt((MODULUS - sum) % MODULUS);
}

/**
 * Checks an issuer prefix: 2 to 5 characters of the Yima alphabet (upper-cased).
 *
 * @example validateYimaIssuer('k7m') // → { ok: true, value: 'K7M' }
 * @example validateYimaIssuer('K0') // → { ok: false, error: { code: 'yima_character', … } }
 */
export function validateYimaIssuer(issuer: string): CodeResult<string> {
  const value = issuer.trim().toUpperCase();
  if (value.length < YIMA_ISSUER_MIN_LENGTH || value.length > YIMA_ISSUER_MAX_LENGTH) {
    return fail(codeIssue('yima_issuer_length', 'code.error.yima_issuer_length', { min: YIMA_ISSUER_MIN_LENGTH, max: YIMA_ISSUER_MAX_LENGTH, actual: value.length }));
  }
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (!YIMA_ALPHABET.includes(ch)) return fail(codeIssue('yima_character', 'code.error.yima_issuer_character', { character: ch, alphabet: YIMA_ALPHABET }, { position: i + 1 }));
  }
  return ok(value);
}

/**
 * Issues a new code for an issuer, with 13 characters from the random source (the Web Crypto
 * CSPRNG by default). Throws if the issuer prefix is invalid (a configuration error).
 *
 * @example generateYimaCode('K7M') // → e.g. 'K7M-QAHCG6K64T2BXK'
 */
export function generateYimaCode(issuer: string, random: RandomSource = cryptoRandomSource): string {
  const prefix = validateYimaIssuer(issuer);
  if (!prefix.ok) throw new Error(`invalid Yima issuer prefix ${JSON.stringify(issuer)}: ${prefix.error.message}`);
  const serial = randomString(random, YIMA_ALPHABET, YIMA_SERIAL_LENGTH);
  return `${prefix.value}-${serial}${yimaCheckCharacter(prefix.value + serial)}`;
}

/**
 * The issuer prefix for the n-th issuer (0-based): bijective base 31 from 2 characters, so
 * 961 two-character prefixes, then 29 791 three-character ones, and so on up to 5 characters.
 *
 * @example yimaIssuerPrefix(0) // → '22'
 * @example yimaIssuerPrefix(961) // → '222'
 */
export function yimaIssuerPrefix(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new Error(`issuer index must be a non-negative integer, not ${index}`);
  let n = index;
  let length = YIMA_ISSUER_MIN_LENGTH;
  while (n >= MODULUS ** length) {
    n -= MODULUS ** length;
    length++;
    if (length > YIMA_ISSUER_MAX_LENGTH) throw new Error(`issuer index ${index} is beyond the ${YIMA_ISSUER_MAX_LENGTH}-character prefixes`);
  }
  let out = '';
  for (let i = 0; i < length; i++) {
    out = YIMA_ALPHABET.charAt(n % MODULUS) + out;
    n = Math.floor(n / MODULUS);
  }
  return out;
}

const CONFUSABLE: Readonly<Record<string, MessageKey>> = {
  '0': 'code.error.yima_hint_zero',
  O: 'code.error.yima_hint_zero',
  '1': 'code.error.yima_hint_one',
  I: 'code.error.yima_hint_one',
  L: 'code.error.yima_hint_one',
};

/**
 * Whether the input has the shape of a Yima code (issuer, one hyphen, 14 characters), whatever
 * its characters' validity; used by `detect` to report Yima errors rather than guess another scheme.
 *
 * @example looksLikeYimaCode('k7m-qahc g6k6 4t2b xk') // → true
 */
export function looksLikeYimaCode(input: string): boolean {
  return /^[0-9A-Z]{2,5}-[0-9A-Z]{14}$/.test(input.trim().toUpperCase().replace(/ /g, ''));
}

/**
 * Validates a Yima code. Accepts lower case and spaces (the grouped display form) and returns the
 * canonical form; errors give the 1-based position in the input as typed.
 *
 * @example validateYimaCode('k7m-qahc g6k6 4t2b xk') // → { ok: true, value: { value: 'K7M-QAHCG6K64T2BXK', issuer: 'K7M', serial: 'QAHCG6K64T2BX', check: 'K' } }
 */
export function validateYimaCode(input: string): CodeResult<YimaCode> {
  const { text, offset } = trimInput(input);
  let value = '';
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i).toUpperCase();
    if (ch === ' ') continue;
    const position = offset + i + 1;
    if (ch !== '-' && !YIMA_ALPHABET.includes(ch)) {
      const hint = CONFUSABLE[ch];
      const params = { character: JSON.stringify(text.charAt(i)), position };
      return fail(hint
        ? codeIssue('yima_character', 'code.error.yima_character_hint', { ...params, hint: msg(hint) }, { position, actual: text.charAt(i) })
        : codeIssue('yima_character', 'code.error.yima_character', params, { position, actual: text.charAt(i) }));
    }
    value += ch;
    positions.push(position);
  }
  const hyphen = value.indexOf('-');
  if (hyphen < 0 || value.indexOf('-', hyphen + 1) >= 0) {
    const second = hyphen < 0 ? undefined : positions[value.indexOf('-', hyphen + 1)];
    return fail(codeIssue('yima_structure', 'code.error.yima_structure', {}, { position: second }));
  }
  const issuer = value.slice(0, hyphen);
  const rest = value.slice(hyphen + 1);
  if (issuer.length < YIMA_ISSUER_MIN_LENGTH || issuer.length > YIMA_ISSUER_MAX_LENGTH) {
    return fail(codeIssue('yima_issuer_length', 'code.error.yima_prefix_length', { min: YIMA_ISSUER_MIN_LENGTH, max: YIMA_ISSUER_MAX_LENGTH, actual: issuer.length }, { position: positions[hyphen] }));
  }
  if (rest.length !== YIMA_SERIAL_LENGTH + 1) {
    return fail(codeIssue('yima_serial_length', 'code.error.yima_serial_length', { length: YIMA_SERIAL_LENGTH + 1, actual: rest.length }, {
      position: positions[rest.length > YIMA_SERIAL_LENGTH + 1 ? hyphen + YIMA_SERIAL_LENGTH + 2 : hyphen],
    }));
  }
  const serial = rest.slice(0, YIMA_SERIAL_LENGTH);
  const check = rest.slice(YIMA_SERIAL_LENGTH);
  const expected = yimaCheckCharacter(issuer + serial);
  if (check !== expected) {
    const position = positions[positions.length - 1];
    return fail(codeIssue('yima_check_character', 'code.error.yima_check_character', { position: position ?? '?', expected, actual: check }, { position, expected, actual: check }));
  }
  return ok({ value: `${issuer}-${serial}${check}`, issuer, serial, check });
}

/**
 * Formats a code for print: canonical, or grouped in fours after the issuer for reading aloud
 * (`K7M-QAHC G6K6 4T2B XK`); validation accepts both.
 *
 * @example formatYimaCode({ value: 'K7M-QAHCG6K64T2BXK', issuer: 'K7M', serial: 'QAHCG6K64T2BX', check: 'K' }, { grouped: true }) // → 'K7M-QAHC G6K6 4T2B XK'
 */
export function formatYimaCode(code: YimaCode, options: { readonly grouped?: boolean } = {}): string {
  if (!options.grouped) return code.value;
  const tail = code.serial + code.check;
  return `${code.issuer}-${tail.match(/.{1,4}/g)?.join(' ') ?? tail}`;
}
