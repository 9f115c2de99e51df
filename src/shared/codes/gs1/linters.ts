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
import { gs1CheckDigit } from '../gtin.ts';
import { CSET39, CSET64, CSET82, ISO3166_ALPHA2, ISO3166_NUMERIC, ISO4217_NUMERIC, PACKAGE_TYPES } from './code-lists.ts';

export interface LintContext {
  /** Today, for the two-digit-year century rule of `yymmd0`/`yymmdd`. */
  readonly now: Date;
}

/** Why a component failed a linter; offsets are 0-based within the component. */
export interface LintFailure {
  readonly code: string;
  readonly message: string;
  readonly offset: number;
  readonly length: number;
  readonly expected?: string;
  readonly actual?: string;
}

export type Gs1Linter = (data: string, ctx: LintContext) => LintFailure | undefined;

const failure = (code: string, message: string, offset: number, length: number, extra: { expected?: string; actual?: string } = {}): LintFailure => ({
  code,
  message,
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
  return i < 0 ? undefined : failure('non_digit', `${quote(data.charAt(i))} is not a digit`, i, 1);
}

const quote = (ch: string): string => (ch === "'" ? '"\'"' : `'${ch}'`);

function csetFailure(data: string, set: string, name: string): LintFailure | undefined {
  for (let i = 0; i < data.length; i++) {
    const ch = data.charAt(i);
    if (!set.includes(ch)) return failure('invalid_character', `${quote(ch)} is not allowed in ${name}`, i, 1, { actual: ch });
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
    if (pads > 2 || (pads > 0 && d.length % 3 !== 0)) return failure('invalid_padding', 'bad "=" padding for CSET 64', d.length - pads, pads);
    return csetFailure(d.slice(0, d.length - pads), CSET64, 'CSET 64');
  },
};

// GS1 General Specifications §7.9.1: mod-10 check digit, weights 3,1,3… from the right.
const csum: Gs1Linter = (d) => {
  if (d.length === 0) return failure('too_short_for_check_digit', 'too short to carry a check digit', 0, 0);
  const bad = nonDigitFailure(d);
  if (bad) return bad;
  const expected = gs1CheckDigit(d.slice(0, -1));
  const actual = d.slice(-1);
  return expected === actual
    ? undefined
    : failure('check_digit', `check digit should be ${expected}, not ${actual}`, d.length - 1, 1, { expected, actual });
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
  if (d.length < 2) return failure('too_short_for_check_pair', 'too short to carry a check character pair', 0, d.length);
  if (d.length > CSUM_ALPHA_PRIMES.length + 2) return failure('too_long_for_check_pair', 'too long for a check character pair', 0, d.length);
  const body = d.slice(0, -2);
  const bad = csetFailure(body, CSET82, 'CSET 82');
  if (bad) return bad;
  const expected = gs1CheckCharacterPair(body);
  const actual = d.slice(-2);
  return expected === actual
    ? undefined
    : failure('check_pair', `check character pair should be ${expected}, not ${actual}`, d.length - 2, 2, { expected, actual });
};

// The shortest GS1 Company Prefix is 4 digits; without an allocation table that is all we can check.
const GCP_MIN_LENGTH = 4;
const gcppos1: Gs1Linter = (d) => {
  if (d.length < GCP_MIN_LENGTH) return failure('too_short_for_gcp', 'too short to start with a GS1 Company Prefix', 0, d.length);
  for (let i = 0; i < GCP_MIN_LENGTH; i++) {
    if (!isDigit(d.charAt(i))) return failure('invalid_gcp', 'a GS1 Company Prefix must start with 4 digits', i, 1);
  }
  return undefined;
};
const gcppos2: Gs1Linter = (d, ctx) => {
  if (d.length < 2) return failure('too_short_for_gcp', 'too short to carry a GS1 Company Prefix', 0, d.length);
  const f = gcppos1(d.slice(1), ctx);
  return f && { ...f, offset: f.offset + 1 };
};

const DAYS_IN_MONTH = [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dateFailure(d: string, digits: 6 | 8): LintFailure | undefined {
  if (d.length !== digits) return failure(d.length < digits ? 'date_too_short' : 'date_too_long', `a date has ${digits} digits`, 0, d.length);
  return nonDigitFailure(d);
}

// YYYYMMDD with DD = 00 allowed ("day not specified").
function yyyymmd0Check(d: string): LintFailure | undefined {
  const bad = dateFailure(d, 8);
  if (bad) return bad;
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  if (month < 1 || month > 12) return failure('illegal_month', `month ${d.slice(4, 6)} does not exist`, 4, 2);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 ? (leap ? 29 : 28) : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > max) return failure('illegal_day', `day ${d.slice(6, 8)} does not exist in ${d.slice(0, 4)}-${d.slice(4, 6)}`, 6, 2);
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
  yymmd0(d, ctx) ?? (d.slice(4, 6) === '00' ? failure('illegal_day', 'day 00 is not allowed here (YYMMDD)', 4, 2) : undefined);
const yyyymmd0: Gs1Linter = (d) => yyyymmd0Check(d);
const yyyymmdd: Gs1Linter = (d) =>
  yyyymmd0Check(d) ?? (d.slice(6, 8) === '00' ? failure('illegal_day', 'day 00 is not allowed here (YYYYMMDD)', 6, 2) : undefined);

function twoDigits(d: string, max: number, what: string): LintFailure | undefined {
  if (d.length !== 2) return failure(`${what}_length`, `${what} has 2 digits`, 0, d.length);
  const bad = nonDigitFailure(d);
  if (bad) return bad;
  return Number(d) > max ? failure(`illegal_${what}`, `${what} ${d} is over ${max}`, 0, 2) : undefined;
}
const hh: Gs1Linter = (d) => twoDigits(d, 23, 'hour');
const mi: Gs1Linter = (d) => twoDigits(d, 59, 'minute');
const ss: Gs1Linter = (d) => twoDigits(d, 59, 'second');
const hhmi: Gs1Linter = (d, ctx) => {
  if (d.length !== 4) return failure('time_length', 'a time HHMM has 4 digits', 0, d.length);
  const m = mi(d.slice(2), ctx);
  return hh(d.slice(0, 2), ctx) ?? (m && { ...m, offset: m.offset + 2 });
};

function oneOf(d: string, allowed: string, code: string, what: string): LintFailure | undefined {
  return d.length === 1 && allowed.includes(d) ? undefined : failure(code, `${what} must be one of ${allowed.split('').join(', ')}`, 0, d.length);
}

function inList(d: string, list: ReadonlySet<string>, code: string, what: string): LintFailure | undefined {
  return list.has(d) ? undefined : failure(code, `${JSON.stringify(d)} is not ${what}`, 0, d.length);
}
const iso3166: Gs1Linter = (d) => inList(d, ISO3166_NUMERIC, 'not_iso3166', 'an ISO 3166 numeric country code');

// ISO 13616 IBAN: country code, then mod 97 over the rearranged, letter-expanded string equals 1.
const iban: Gs1Linter = (d) => {
  if (d.length < 4) return failure('iban_too_short', 'an IBAN has at least 4 characters', 0, d.length);
  if (!ISO3166_ALPHA2.has(d.slice(0, 2))) return failure('iban_country', `${d.slice(0, 2)} is not an ISO 3166 country code`, 0, 2);
  if (d.length > 34) return failure('iban_too_long', 'an IBAN has at most 34 characters', 0, d.length);
  if (d.length <= 10) return failure('iban_too_short', 'too short for an IBAN', 0, d.length);
  let rem = 0;
  for (let k = 0; k < d.length; k++) {
    const pos = (k + 4) % d.length;
    const ch = d.charAt(pos);
    const v = isDigit(ch) ? ch.charCodeAt(0) - 48 : ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : -1;
    if (v < 0) return failure('iban_character', `${quote(ch)} is not allowed in an IBAN`, pos, 1);
    rem = (rem * (v < 10 ? 10 : 100) + v) % 97;
  }
  return rem === 1 ? undefined : failure('iban_check', 'IBAN check digits are wrong', 2, 2);
};

const latitude: Gs1Linter = (d) => {
  if (d.length !== 10) return failure('latitude_length', 'a latitude has 10 digits', 0, d.length);
  return nonDigitFailure(d) ?? (Number(d) > 1_800_000_000 ? failure('latitude_range', 'latitude is over 1800000000 (90°N)', 0, 10) : undefined);
};
const longitude: Gs1Linter = (d) => {
  if (d.length !== 10) return failure('longitude_length', 'a longitude has 10 digits', 0, d.length);
  return nonDigitFailure(d) ?? (Number(d) > 3_600_000_000 ? failure('longitude_range', 'longitude is over 3600000000 (180°E)', 0, 10) : undefined);
};

// AI 7241: 01–10 ICCBBA assignments, 80–99 local/national use; the rest is reserved.
const mediatype: Gs1Linter = (d) => {
  const v = /^\d\d$/.test(d) ? Number(d) : -1;
  return (v >= 1 && v <= 10) || (v >= 80 && v <= 99) ? undefined : failure('media_type', `${JSON.stringify(d)} is not an AIDC media type (01–10, 80–99)`, 0, d.length);
};

const nonzero: Gs1Linter = (d) => nonDigitFailure(d) ?? (/^0*$/.test(d) ? failure('zero_value', 'must not be zero', 0, d.length) : undefined);
const nozeroprefix: Gs1Linter = (d) =>
  d.length > 0 && d.charAt(0) === '0' ? failure('zero_prefix', 'must not start with 0', 0, 1) : nonDigitFailure(d);
const zero: Gs1Linter = (d) => (d.length > 0 && /^0+$/.test(d) ? undefined : failure('not_zero', 'must be 0', 0, d.length));
const hyphen: Gs1Linter = (d) => (d.length > 0 && /^-+$/.test(d) ? undefined : failure('not_hyphen', "must be '-'", 0, d.length));

const pcenc: Gs1Linter = (d) => {
  for (let i = 0; i < d.length; i++) {
    if (d.charAt(i) !== '%') continue;
    if (i + 2 >= d.length || !/^[0-9A-Fa-f]{2}$/.test(d.slice(i + 1, i + 3))) {
      return failure('percent_sequence', "'%' must be followed by two hexadecimal digits", i, Math.min(3, d.length - i));
    }
    i += 2;
  }
  return undefined;
};

// Piece number (first half) of total (second half): both non-zero, piece ≤ total.
const pieceoftotal: Gs1Linter = (d) => {
  const bad = nonDigitFailure(d);
  if (bad) return bad;
  if (d.length === 0 || d.length % 2 !== 0) return failure('piece_length', 'piece and total must have the same number of digits', 0, d.length);
  const half = d.length / 2;
  const piece = d.slice(0, half);
  const total = d.slice(half);
  if (/^0+$/.test(piece)) return failure('zero_piece', 'piece number must not be 0', 0, half);
  if (/^0+$/.test(total)) return failure('zero_total', 'total must not be 0', half, half);
  return piece > total ? failure('piece_exceeds_total', `piece ${piece} is more than the total ${total}`, 0, d.length) : undefined;
};

// "position/total", e.g. "1/2": digits, no leading zero, position ≤ total.
const posinseqslash: Gs1Linter = (d) => {
  const m = /^(\d+)\/(\d+)$/.exec(d);
  if (!m) return failure('position_in_sequence', 'must be position/total, e.g. 1/2', 0, d.length);
  const [, pos = '', end = ''] = m;
  if (pos.startsWith('0')) return failure('zero_prefix', 'position must not start with 0', 0, pos.length);
  if (end.startsWith('0')) return failure('zero_prefix', 'total must not start with 0', pos.length + 1, end.length);
  return BigInt(pos) > BigInt(end) ? failure('position_exceeds_total', `position ${pos} is after the end ${end}`, 0, d.length) : undefined;
};

const importeridx: Gs1Linter = (d) =>
  d.length === 1 && CSET64.includes(d) ? undefined : failure('importer_index', 'an importer index is one character of 0–9, A–Z, a–z, - or _', 0, d.length);

/** Reads a variable-length-indicator field of the North American coupon code (GS1 AI 8110). */
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
    return failure('coupon_missing', `coupon code ends before the ${what}`, 0, this.d.length);
  }
  digit(what: string, allowed: string): LintFailure | undefined {
    if (this.done) return this.missing(what);
    const ch = this.peek();
    if (!allowed.includes(ch)) return failure('coupon_invalid', `${what} ${ch} is not one of ${allowed.split('').join(', ')}`, this.pos, 1);
    this.pos++;
    return undefined;
  }
  skip(n: number, what: string): LintFailure | undefined {
    if (this.d.length - this.pos < n) return failure('coupon_truncated', `the ${what} needs ${n} digits`, this.pos, this.d.length - this.pos);
    this.pos += n;
    return undefined;
  }
  /** A VLI digit from `allowed`, then `vli + add` digits (VLI 9 meaning none, where allowed). */
  vli(what: string, allowed: string, add: number, nineMeansNone = false, gcp = false): LintFailure | undefined {
    if (this.done) return this.missing(`${what} length indicator`);
    const ch = this.peek();
    if (!allowed.includes(ch)) return failure('coupon_invalid', `${what} length indicator ${ch} is not one of ${allowed.split('').join(', ')}`, this.pos, 1);
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
    if (yymmdd(expiry, ctx)) return failure('coupon_expiry', 'expiration date is not a valid YYMMDD date', start, 6);
  }
  if (!r.done && r.peek() === '4') {
    r.pos++;
    const start = r.pos;
    f = r.skip(6, 'start date');
    if (f) return f;
    const begin = d.slice(start, start + 6);
    if (yymmdd(begin, ctx)) return failure('coupon_start', 'start date is not a valid YYMMDD date', start, 6);
    if (expiry !== undefined && begin > expiry) return failure('coupon_expiry_before_start', 'expiration date is before the start date', start - 8, 14);
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
  return r.done ? undefined : failure('coupon_excess', 'unexpected data after the last coupon field', r.pos, d.length - r.pos);
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
  return r.done ? undefined : failure('coupon_excess', 'unexpected data after the serial number', r.pos, d.length - r.pos);
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
  hasnondigit: (d) => (/^\d*$/.test(d) ? failure('requires_non_digit', 'must contain a character other than a digit', 0, d.length) : undefined),
  hh,
  mi,
  mm: mi,
  ss,
  hhmi,
  hhmm: hhmi,
  mmoptss: (d, ctx) => {
    if (d.length !== 2 && d.length !== 4) return failure('time_length', 'minutes with optional seconds have 2 or 4 digits', 0, d.length);
    const s = d.length === 4 ? ss(d.slice(2), ctx) : undefined;
    return mi(d.slice(0, 2), ctx) ?? (s && { ...s, offset: s.offset + 2 });
  },
  hyphen,
  iban,
  importeridx,
  iso3166,
  iso3166999: (d, ctx) => (d === '999' ? undefined : iso3166(d, ctx) && failure('not_iso3166_or_999', `${JSON.stringify(d)} is neither an ISO 3166 numeric country code nor 999`, 0, d.length)),
  iso3166alpha2: (d) => inList(d, ISO3166_ALPHA2, 'not_iso3166_alpha2', 'an ISO 3166 alpha-2 country code'),
  iso3166list: (d, ctx) => {
    if (d.length === 0 || d.length % 3 !== 0 || d.length > 15) return failure('country_list_length', 'a list of 1 to 5 three-digit country codes', 0, d.length);
    for (let i = 0; i < d.length; i += 3) {
      const f = iso3166(d.slice(i, i + 3), ctx);
      if (f) return { ...f, offset: i };
    }
    return undefined;
  },
  iso4217: (d) => inList(d, ISO4217_NUMERIC, 'not_iso4217', 'an ISO 4217 numeric currency code'),
  iso5218: (d) => oneOf(d, '0129', 'biological_sex', 'an ISO/IEC 5218 biological sex code'),
  latitude,
  longitude,
  latlong: (d, ctx) => {
    if (d.length !== 20) return failure('latlong_length', 'latitude and longitude have 20 digits', 0, d.length);
    const lon = longitude(d.slice(10), ctx);
    return latitude(d.slice(0, 10), ctx) ?? (lon && { ...lon, offset: lon.offset + 10 });
  },
  mediatype,
  nonzero,
  nozeroprefix,
  packagetype: (d) => inList(d, PACKAGE_TYPES, 'package_type', 'a GS1 package type code'),
  pcenc,
  pieceoftotal,
  posinseqslash,
  winding: (d) => oneOf(d, '019', 'winding', 'a winding direction'),
  yesno: (d) => oneOf(d, '01', 'not_zero_or_one', 'a yes/no flag'),
  zero,
  yymmd0,
  yymmdd,
  yyyymmd0,
  yyyymmdd,
  yymmddhh: (d, ctx) => {
    if (d.length !== 8) return failure('date_length', 'a date and hour YYMMDDHH has 8 digits', 0, d.length);
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
