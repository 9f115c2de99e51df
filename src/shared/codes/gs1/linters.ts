/**
 * The GS1 Barcode Syntax Dictionary's linters: content checks named after each component of an AI
 * (`N14,csum`, `N6,yymmd0`, `X..70,couponcode`…). Their behaviour follows the reference linters of
 * the GS1 Syntax Engine (src/c-lib/syntax/lint_*.c); each says what is wrong and where, relative
 * to the component it checks.
 *
 * Where the reference consults outside data we check only what is knowable offline:
 * `gcppos1`/`gcppos2` check that a GS1 Company Prefix position holds at least four digits (as the
 * reference does without its optional GCP look-up) but not that the prefix is allocated; the ISO
 * 3166, ISO 4217 and package-type lists are snapshots (`code-lists.ts`).
 */
import { type MessageKey, type Params, msg, t } from '../../i18n/i18n.ts';
import { gs1CheckDigit } from '../gtin.ts';
import { CSET39, CSET64, CSET82, ISO3166_ALPHA2, ISO3166_NUMERIC, ISO4217_NUMERIC, PACKAGE_TYPES } from './code-lists.ts';

export interface LintContext {
  /** Today, for the two-digit-year century rule of `yymmd0`/`yymmdd`. */
  readonly now: Date;
}

/** Why a component failed a linter; offsets are 0-based within the component. */
export interface LintFailure {
  readonly code: string;
  /** In English; `key` and `params` say it in any language (code.lint.*). */
  readonly message: string;
  readonly key: MessageKey;
  readonly params: Params;
  readonly offset: number;
  readonly length: number;
  readonly expected?: string;
  readonly actual?: string;
}

export type Gs1Linter = (data: string, ctx: LintContext) => LintFailure | undefined;

const failure = (code: string, key: MessageKey, params: Params, offset: number, length: number, extra: { expected?: string; actual?: string } = {}): LintFailure => ({
  code,
  message: t('en', key, params),
  key,
  params,
  offset,
  length,
  ...extra,
});

const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';

function firstNonDigit(data: string): number {
  for (let i = 0; i < data.length; i++) if (!isDigit(data.charAt(i))) return i;
  return -1;
}

function nonDigitFailure(data: string): LintFailure | undefined {
  const i = firstNonDigit(data);
  return i < 0 ? undefined : failure('non_digit', 'code.lint.non_digit', { character: quote(data.charAt(i)) }, i, 1);
}

const quote = (ch: string): string => (ch === "'" ? '"\'"' : `'${ch}'`);

function csetFailure(data: string, set: string, name: string): LintFailure | undefined {
  for (let i = 0; i < data.length; i++) {
    const ch = data.charAt(i);
    if (!set.includes(ch)) return failure('invalid_character', 'code.lint.invalid_character', { character: quote(ch), set: name }, i, 1, { actual: ch });
  }
  return undefined;
}

/** Character-set checks of the four component types (syntax dictionary header: N, X, Y, Z). */
export const CSET_LINTERS: Readonly<Record<'N' | 'X' | 'Y' | 'Z', Gs1Linter>> = {
  N: (d) => nonDigitFailure(d),
  X: (d) => csetFailure(d, CSET82, 'CSET 82'),
  Y: (d) => csetFailure(d, CSET39, 'CSET 39'),
  Z: (d) => {
    // CSET 64 is base64url; at most two '=' pads, and only when the length is a multiple of 3.
    let pads = 0;
    while (pads < d.length && d.charAt(d.length - 1 - pads) === '=') pads++;
    if (pads > 2 || (pads > 0 && d.length % 3 !== 0)) return failure('invalid_padding', 'code.lint.invalid_padding', {}, d.length - pads, pads);
    return csetFailure(d.slice(0, d.length - pads), CSET64, 'CSET 64');
  },
};

// GS1 General Specifications §7.9.1: mod-10 check digit, weights 3,1,3… from the right.
const csum: Gs1Linter = (d) => {
  if (d.length === 0) return failure('too_short_for_check_digit', 'code.lint.too_short_for_check_digit', {}, 0, 0);
  const bad = nonDigitFailure(d);
  if (bad) return bad;
  const expected = gs1CheckDigit(d.slice(0, -1));
  const actual = d.slice(-1);
  return expected === actual
    ? undefined
    : failure('check_digit', 'code.lint.check_digit', { expected, actual }, d.length - 1, 1, { expected, actual });
};

const CSUM_ALPHA_PRIMES = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127,
  131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263,
  269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419,
  421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
];
const CSET32 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * GS1 General Specifications §7.9.5: the check character pair of a GMN (AI 8013) or MUDI (8014):
 * CSET 82 values weighted by primes from the right, sum mod 1021, split into two CSET 32 characters.
 *
 * @example gs1CheckCharacterPair('1987654Ad4X4bL5ttr2310c') // → '2K'
 */
export function gs1CheckCharacterPair(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const v = CSET82.indexOf(body.charAt(i));
    const w = CSUM_ALPHA_PRIMES[body.length - 1 - i];
    if (v < 0 || w === undefined) throw new Error(`cannot compute a check pair over ${JSON.stringify(body)}`);
    sum += v * w;
  }
  sum %= 1021;
  return CSET32.charAt(sum >> 5) + CSET32.charAt(sum & 31);
}

const csumalpha: Gs1Linter = (d) => {
  if (d.length < 2) return failure('too_short_for_check_pair', 'code.lint.too_short_for_check_pair', {}, 0, d.length);
  if (d.length > CSUM_ALPHA_PRIMES.length + 2) return failure('too_long_for_check_pair', 'code.lint.too_long_for_check_pair', {}, 0, d.length);
  const body = d.slice(0, -2);
  const bad = csetFailure(body, CSET82, 'CSET 82');
  if (bad) return bad;
  const expected = gs1CheckCharacterPair(body);
  const actual = d.slice(-2);
  return expected === actual
    ? undefined
    : failure('check_pair', 'code.lint.check_pair', { expected, actual }, d.length - 2, 2, { expected, actual });
};

// The shortest GS1 Company Prefix is 4 digits; without an allocation table that is all we can check.
const GCP_MIN_LENGTH = 4;
const gcppos1: Gs1Linter = (d) => {
  if (d.length < GCP_MIN_LENGTH) return failure('too_short_for_gcp', 'code.lint.too_short_for_gcp', {}, 0, d.length);
  for (let i = 0; i < GCP_MIN_LENGTH; i++) {
    if (!isDigit(d.charAt(i))) return failure('invalid_gcp', 'code.lint.invalid_gcp', {}, i, 1);
  }
  return undefined;
};
const gcppos2: Gs1Linter = (d, ctx) => {
  if (d.length < 2) return failure('too_short_for_gcp', 'code.lint.too_short_to_carry_gcp', {}, 0, d.length);
  const f = gcppos1(d.slice(1), ctx);
  return f && { ...f, offset: f.offset + 1 };
};

const DAYS_IN_MONTH = [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dateFailure(d: string, digits: 6 | 8): LintFailure | undefined {
  if (d.length !== digits) return failure(d.length < digits ? 'date_too_short' : 'date_too_long', 'code.lint.date_digits', { digits }, 0, d.length);
  return nonDigitFailure(d);
}

// YYYYMMDD with DD = 00 allowed ("day not specified").
function yyyymmd0Check(d: string): LintFailure | undefined {
  const bad = dateFailure(d, 8);
  if (bad) return bad;
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  if (month < 1 || month > 12) return failure('illegal_month', 'code.lint.illegal_month', { month: d.slice(4, 6) }, 4, 2);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 ? (leap ? 29 : 28) : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > max) return failure('illegal_day', 'code.lint.illegal_day', { day: d.slice(6, 8), month: `${d.slice(0, 4)}-${d.slice(4, 6)}` }, 6, 2);
  return undefined;
}

/**
 * GS1 General Specifications §7.12: the full year of a two-digit year, relative to today:
 * YY − current YY ≥ 51 → previous century; > −50 → this century; otherwise the next.
 *
 * @example gs1FullYear(24, new Date('2026-01-01')) // → 2024
 * @example gs1FullYear(80, new Date('2026-01-01')) // → 1980
 * @example gs1FullYear(75, new Date('2026-01-01')) // → 2075
 */
export function gs1FullYear(yy: number, now: Date): number {
  const current = now.getUTCFullYear();
  const century = current - (current % 100);
  const diff = yy - (current % 100);
  if (diff >= 51) return century - 100 + yy;
  if (diff > -50) return century + yy;
  return century + 100 + yy;
}

const yymmd0: Gs1Linter = (d, ctx) => {
  const bad = dateFailure(d, 6);
  if (bad) return bad;
  const year = String(gs1FullYear(Number(d.slice(0, 2)), ctx.now));
  const f = yyyymmd0Check(year + d.slice(2));
  return f && { ...f, offset: f.offset - 2 };
};
const yymmdd: Gs1Linter = (d, ctx) =>
  yymmd0(d, ctx) ?? (d.slice(4, 6) === '00' ? failure('illegal_day', 'code.lint.day_zero', { format: 'YYMMDD' }, 4, 2) : undefined);
const yyyymmd0: Gs1Linter = (d) => yyyymmd0Check(d);
const yyyymmdd: Gs1Linter = (d) =>
  yyyymmd0Check(d) ?? (d.slice(6, 8) === '00' ? failure('illegal_day', 'code.lint.day_zero', { format: 'YYYYMMDD' }, 6, 2) : undefined);

const TIME_UNITS: Readonly<Record<'hour' | 'minute' | 'second', MessageKey>> = { hour: 'code.lint.unit_hour', minute: 'code.lint.unit_minute', second: 'code.lint.unit_second' };

function twoDigits(d: string, max: number, what: 'hour' | 'minute' | 'second'): LintFailure | undefined {
  if (d.length !== 2) return failure(`${what}_length`, 'code.lint.two_digits', { what: msg(TIME_UNITS[what]) }, 0, d.length);
  const bad = nonDigitFailure(d);
  if (bad) return bad;
  return Number(d) > max ? failure(`illegal_${what}`, 'code.lint.over', { what: msg(TIME_UNITS[what]), value: d, max }, 0, 2) : undefined;
}
const hh: Gs1Linter = (d) => twoDigits(d, 23, 'hour');
const mi: Gs1Linter = (d) => twoDigits(d, 59, 'minute');
const ss: Gs1Linter = (d) => twoDigits(d, 59, 'second');
const hhmi: Gs1Linter = (d, ctx) => {
  if (d.length !== 4) return failure('time_length', 'code.lint.time_hhmm', {}, 0, d.length);
  const m = mi(d.slice(2), ctx);
  return hh(d.slice(0, 2), ctx) ?? (m && { ...m, offset: m.offset + 2 });
};

function oneOf(d: string, allowed: string, code: string, what: MessageKey): LintFailure | undefined {
  return d.length === 1 && allowed.includes(d) ? undefined : failure(code, 'code.lint.one_of', { what: msg(what), allowed: allowed.split('').join(', ') }, 0, d.length);
}

function inList(d: string, list: ReadonlySet<string>, code: string, what: MessageKey): LintFailure | undefined {
  return list.has(d) ? undefined : failure(code, 'code.lint.not_in_list', { value: JSON.stringify(d), what: msg(what) }, 0, d.length);
}
const iso3166: Gs1Linter = (d) => inList(d, ISO3166_NUMERIC, 'not_iso3166', 'code.lint.list_iso3166');

// ISO 13616 IBAN: country code, then mod 97 over the rearranged, letter-expanded string equals 1.
const iban: Gs1Linter = (d) => {
  if (d.length < 4) return failure('iban_too_short', 'code.lint.iban_min', {}, 0, d.length);
  if (!ISO3166_ALPHA2.has(d.slice(0, 2))) return failure('iban_country', 'code.lint.iban_country', { country: d.slice(0, 2) }, 0, 2);
  if (d.length > 34) return failure('iban_too_long', 'code.lint.iban_max', {}, 0, d.length);
  if (d.length <= 10) return failure('iban_too_short', 'code.lint.iban_short', {}, 0, d.length);
  let rem = 0;
  for (let k = 0; k < d.length; k++) {
    const pos = (k + 4) % d.length;
    const ch = d.charAt(pos);
    const v = isDigit(ch) ? ch.charCodeAt(0) - 48 : ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : -1;
    if (v < 0) return failure('iban_character', 'code.lint.iban_character', { character: quote(ch) }, pos, 1);
    rem = (rem * (v < 10 ? 10 : 100) + v) % 97;
  }
  return rem === 1 ? undefined : failure('iban_check', 'code.lint.iban_check', {}, 2, 2);
};

const latitude: Gs1Linter = (d) => {
  if (d.length !== 10) return failure('latitude_length', 'code.lint.latitude_length', {}, 0, d.length);
  return nonDigitFailure(d) ?? (Number(d) > 1_800_000_000 ? failure('latitude_range', 'code.lint.latitude_range', {}, 0, 10) : undefined);
};
const longitude: Gs1Linter = (d) => {
  if (d.length !== 10) return failure('longitude_length', 'code.lint.longitude_length', {}, 0, d.length);
  return nonDigitFailure(d) ?? (Number(d) > 3_600_000_000 ? failure('longitude_range', 'code.lint.longitude_range', {}, 0, 10) : undefined);
};

// AI 7241: 01–10 ICCBBA assignments, 80–99 local/national use; the rest is reserved.
const mediatype: Gs1Linter = (d) => {
  const v = /^\d\d$/.test(d) ? Number(d) : -1;
  return (v >= 1 && v <= 10) || (v >= 80 && v <= 99) ? undefined : failure('media_type', 'code.lint.media_type', { value: JSON.stringify(d) }, 0, d.length);
};

const nonzero: Gs1Linter = (d) => nonDigitFailure(d) ?? (/^0*$/.test(d) ? failure('zero_value', 'code.lint.zero_value', {}, 0, d.length) : undefined);
const nozeroprefix: Gs1Linter = (d) =>
  d.length > 0 && d.charAt(0) === '0' ? failure('zero_prefix', 'code.lint.zero_prefix', {}, 0, 1) : nonDigitFailure(d);
const zero: Gs1Linter = (d) => (d.length > 0 && /^0+$/.test(d) ? undefined : failure('not_zero', 'code.lint.not_zero', {}, 0, d.length));
const hyphen: Gs1Linter = (d) => (d.length > 0 && /^-+$/.test(d) ? undefined : failure('not_hyphen', 'code.lint.not_hyphen', {}, 0, d.length));

const pcenc: Gs1Linter = (d) => {
  for (let i = 0; i < d.length; i++) {
    if (d.charAt(i) !== '%') continue;
    if (i + 2 >= d.length || !/^[0-9A-Fa-f]{2}$/.test(d.slice(i + 1, i + 3))) {
      return failure('percent_sequence', 'code.lint.percent_sequence', {}, i, Math.min(3, d.length - i));
    }
    i += 2;
  }
  return undefined;
};

// Piece number (first half) of total (second half): both non-zero, piece ≤ total.
const pieceoftotal: Gs1Linter = (d) => {
  const bad = nonDigitFailure(d);
  if (bad) return bad;
  if (d.length === 0 || d.length % 2 !== 0) return failure('piece_length', 'code.lint.piece_length', {}, 0, d.length);
  const half = d.length / 2;
  const piece = d.slice(0, half);
  const total = d.slice(half);
  if (/^0+$/.test(piece)) return failure('zero_piece', 'code.lint.zero_piece', {}, 0, half);
  if (/^0+$/.test(total)) return failure('zero_total', 'code.lint.zero_total', {}, half, half);
  return piece > total ? failure('piece_exceeds_total', 'code.lint.piece_exceeds_total', { piece, total }, 0, d.length) : undefined;
};

// "position/total", e.g. "1/2": digits, no leading zero, position ≤ total.
const posinseqslash: Gs1Linter = (d) => {
  const m = /^(\d+)\/(\d+)$/.exec(d);
  if (!m) return failure('position_in_sequence', 'code.lint.position_in_sequence', {}, 0, d.length);
  const [, pos = '', end = ''] = m;
  if (pos.startsWith('0')) return failure('zero_prefix', 'code.lint.position_zero_prefix', {}, 0, pos.length);
  if (end.startsWith('0')) return failure('zero_prefix', 'code.lint.total_zero_prefix', {}, pos.length + 1, end.length);
  return BigInt(pos) > BigInt(end) ? failure('position_exceeds_total', 'code.lint.position_exceeds_total', { position: pos, end }, 0, d.length) : undefined;
};

const importeridx: Gs1Linter = (d) =>
  d.length === 1 && CSET64.includes(d) ? undefined : failure('importer_index', 'code.lint.importer_index', {}, 0, d.length);

/**
 * Reads a variable-length-indicator field of the North American coupon code (GS1 AI 8110). Field
 * names (`what`) are the GS1 General Specifications' own, in English in every language: these AIs
 * serve North American retail only.
 */
class CouponReader {
  pos = 0;
  constructor(readonly d: string) {}
  get done(): boolean {
    return this.pos >= this.d.length;
  }

  peek(): string {
    return this.d.charAt(this.pos);
  }

  missing(what: string): LintFailure {
    return failure('coupon_missing', 'code.lint.coupon_missing', { what }, 0, this.d.length);
  }

  digit(what: string, allowed: string): LintFailure | undefined {
    if (this.done) return this.missing(what);
    const ch = this.peek();
    if (!allowed.includes(ch)) return failure('coupon_invalid', 'code.lint.coupon_invalid', { what, value: ch, allowed: allowed.split('').join(', ') }, this.pos, 1);
    this.pos++;
    return undefined;
  }

  skip(n: number, what: string): LintFailure | undefined {
    if (this.d.length - this.pos < n) return failure('coupon_truncated', 'code.lint.coupon_truncated', { what, digits: n }, this.pos, this.d.length - this.pos);
    this.pos += n;
    return undefined;
  }

  /** A VLI digit from `allowed`, then `vli + add` digits (VLI 9 meaning none, where allowed). */
  vli(what: string, allowed: string, add: number, nineMeansNone = false, gcp = false): LintFailure | undefined {
    if (this.done) return failure('coupon_missing', 'code.lint.coupon_missing_vli', { what }, 0, this.d.length);
    const ch = this.peek();
    if (!allowed.includes(ch)) return failure('coupon_invalid', 'code.lint.coupon_invalid_vli', { what, value: ch, allowed: allowed.split('').join(', ') }, this.pos, 1);
    this.pos++;
    const len = nineMeansNone && ch === '9' ? 0 : Number(ch) + add;
    const start = this.pos;
    const f = this.skip(len, what);
    if (f || !gcp || len === 0) return f;
    const g = gcppos1(this.d.slice(start, start + len), { now: new Date(0) });
    return g && { ...g, offset: g.offset + start };
  }
}

// GS1 General Specifications §3.9.10 (AI 8110): North American coupon code, fields introduced by
// variable-length indicators, optional fields 1–6 and 9 in increasing order.
const couponcode: Gs1Linter = (d, ctx) => {
  const bad = nonDigitFailure(d);
  if (bad) return bad;
  const r = new CouponReader(d);
  let f =
    r.vli('GS1 Company Prefix', '0123456', 6, false, true) ??
    r.skip(6, 'offer code') ??
    r.vli('save value', '12345', 0) ??
    r.vli('1st purchase requirement', '12345', 0) ??
    r.digit('1st purchase requirement code', '012349') ??
    r.skip(3, '1st purchase family code');
  if (f) return f;
  if (!r.done && r.peek() === '1') {
    r.pos++;
    f =
      r.digit('additional purchase rules code', '0123') ??
      r.vli('2nd purchase requirement', '12345', 0) ??
      r.digit('2nd purchase requirement code', '012349') ??
      r.skip(3, '2nd purchase family code') ??
      r.vli('2nd purchase GS1 Company Prefix', '01234569', 6, true, true);
    if (f) return f;
  }
  if (!r.done && r.peek() === '2') {
    r.pos++;
    f =
      r.vli('3rd purchase requirement', '12345', 0) ??
      r.digit('3rd purchase requirement code', '012349') ??
      r.skip(3, '3rd purchase family code') ??
      r.vli('3rd purchase GS1 Company Prefix', '01234569', 6, true, true);
    if (f) return f;
  }
  let expiry: string | undefined;
  if (!r.done && r.peek() === '3') {
    r.pos++;
    const start = r.pos;
    f = r.skip(6, 'expiration date');
    if (f) return f;
    expiry = d.slice(start, start + 6);
    if (yymmdd(expiry, ctx)) return failure('coupon_expiry', 'code.lint.coupon_expiry', {}, start, 6);
  }
  if (!r.done && r.peek() === '4') {
    r.pos++;
    const start = r.pos;
    f = r.skip(6, 'start date');
    if (f) return f;
    const begin = d.slice(start, start + 6);
    if (yymmdd(begin, ctx)) return failure('coupon_start', 'code.lint.coupon_start', {}, start, 6);
    if (expiry !== undefined && begin > expiry) return failure('coupon_expiry_before_start', 'code.lint.coupon_expiry_before_start', {}, start - 8, 14);
  }
  if (!r.done && r.peek() === '5') {
    r.pos++;
    f = r.vli('serial number', '0123456789', 6);
    if (f) return f;
  }
  if (!r.done && r.peek() === '6') {
    r.pos++;
    f = r.vli('retailer GS1 Company Prefix or GLN', '1234567', 6, false, true);
    if (f) return f;
  }
  if (!r.done && r.peek() === '9') {
    r.pos++;
    f =
      r.digit('save value code', '01256') ??
      r.digit('save value applies to item', '012') ??
      r.digit('store coupon flag', '0123456789') ??
      r.digit("don't multiply flag", '01');
    if (f) return f;
  }
  return r.done ? undefined : failure('coupon_excess', 'code.lint.coupon_excess', {}, r.pos, d.length - r.pos);
};

// GS1 General Specifications §3.9.10 (AI 8112): paperless coupon code for positive offer.
const couponposoffer: Gs1Linter = (d) => {
  const bad = nonDigitFailure(d);
  if (bad) return bad;
  const r = new CouponReader(d);
  const f =
    r.digit('format code', '01') ??
    r.vli('funder ID', '0123456', 6) ??
    r.skip(6, 'offer code') ??
    r.vli('serial number', '0123456789', 6);
  if (f) return f;
  return r.done ? undefined : failure('coupon_excess', 'code.lint.coupon_excess_serial', {}, r.pos, d.length - r.pos);
};

/**
 * Every linter by its dictionary name. Besides those the current dictionary uses, the names of
 * earlier dictionary releases are kept (`key`, `keyoff1`, `hhmm`, `mm`, `latlong`, `iso3166list`,
 * `yymmddhh`, `mmoptss`, `yyyymmd0`), so that an older dictionary still generates a usable table.
 */
export const GS1_LINTERS: Readonly<Record<string, Gs1Linter>> = {
  csum,
  csumalpha,
  gcppos1,
  gcppos2,
  key: gcppos1,
  keyoff1: gcppos2,
  hasnondigit: (d) => (/^\d*$/.test(d) ? failure('requires_non_digit', 'code.lint.requires_non_digit', {}, 0, d.length) : undefined),
  hh,
  mi,
  mm: mi,
  ss,
  hhmi,
  hhmm: hhmi,
  mmoptss: (d, ctx) => {
    if (d.length !== 2 && d.length !== 4) return failure('time_length', 'code.lint.time_mmoptss', {}, 0, d.length);
    const s = d.length === 4 ? ss(d.slice(2), ctx) : undefined;
    return mi(d.slice(0, 2), ctx) ?? (s && { ...s, offset: s.offset + 2 });
  },
  hyphen,
  iban,
  importeridx,
  iso3166,
  iso3166999: (d, ctx) => (d === '999' ? undefined : iso3166(d, ctx) && failure('not_iso3166_or_999', 'code.lint.not_iso3166_or_999', { value: JSON.stringify(d) }, 0, d.length)),
  iso3166alpha2: (d) => inList(d, ISO3166_ALPHA2, 'not_iso3166_alpha2', 'code.lint.list_iso3166_alpha2'),
  iso3166list: (d, ctx) => {
    if (d.length === 0 || d.length % 3 !== 0 || d.length > 15) return failure('country_list_length', 'code.lint.country_list_length', {}, 0, d.length);
    for (let i = 0; i < d.length; i += 3) {
      const f = iso3166(d.slice(i, i + 3), ctx);
      if (f) return { ...f, offset: i };
    }
    return undefined;
  },
  iso4217: (d) => inList(d, ISO4217_NUMERIC, 'not_iso4217', 'code.lint.list_iso4217'),
  iso5218: (d) => oneOf(d, '0129', 'biological_sex', 'code.lint.what_iso5218'),
  latitude,
  longitude,
  latlong: (d, ctx) => {
    if (d.length !== 20) return failure('latlong_length', 'code.lint.latlong_length', {}, 0, d.length);
    const lon = longitude(d.slice(10), ctx);
    return latitude(d.slice(0, 10), ctx) ?? (lon && { ...lon, offset: lon.offset + 10 });
  },
  mediatype,
  nonzero,
  nozeroprefix,
  packagetype: (d) => inList(d, PACKAGE_TYPES, 'package_type', 'code.lint.list_package_type'),
  pcenc,
  pieceoftotal,
  posinseqslash,
  winding: (d) => oneOf(d, '019', 'winding', 'code.lint.what_winding'),
  yesno: (d) => oneOf(d, '01', 'not_zero_or_one', 'code.lint.what_yesno'),
  zero,
  yymmd0,
  yymmdd,
  yyyymmd0,
  yyyymmdd,
  yymmddhh: (d, ctx) => {
    if (d.length !== 8) return failure('date_length', 'code.lint.date_hour_length', {}, 0, d.length);
    const h = hh(d.slice(6), ctx);
    return yymmdd(d.slice(0, 6), ctx) ?? (h && { ...h, offset: h.offset + 6 });
  },
  couponcode,
  couponposoffer,
};

/**
 * Linters whose check is knowingly partial offline: they accept some values GS1 would reject
 * once allocation data or newer code lists are consulted.
 */
export const APPROXIMATED_LINTERS: Readonly<Record<string, string>> = {
  gcppos1: 'checks the GS1 Company Prefix position holds 4 digits; whether the prefix is allocated needs GS1 data',
  gcppos2: 'as gcppos1, from the second character',
  key: 'as gcppos1',
  keyoff1: 'as gcppos2',
  iso3166: 'ISO 3166-1 numeric list as of the GS1 Syntax Engine snapshot',
  iso3166999: 'as iso3166',
  iso3166alpha2: 'ISO 3166-1 alpha-2 list as of the GS1 Syntax Engine snapshot',
  iso4217: 'ISO 4217 numeric list as of the GS1 Syntax Engine snapshot',
  packagetype: 'GS1 PackageTypeCode list as of the GS1 Syntax Engine snapshot',
};
