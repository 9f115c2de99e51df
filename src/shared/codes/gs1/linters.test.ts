import { describe, expect, it } from 'vitest';
import { CSET82 } from './code-lists.ts';
import { CSET_LINTERS, GS1_LINTERS, gs1CheckCharacterPair, gs1FullYear, type Gs1Linter } from './linters.ts';

const now = new Date('2026-06-15T00:00:00Z');
const ctx = { now };

function linter(name: string): Gs1Linter {
  const l = GS1_LINTERS[name];
  if (!l) throw new Error(`no linter ${name}`);
  return l;
}
const passes = (name: string, data: string) => linter(name)(data, ctx) === undefined;

describe('character sets (GS1 General Specifications §7.11)', () => {
  it('CSET 82 is the 82 characters policy.md §2.1 lists, without space', () => {
    expect(CSET82).toBe('!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz');
    expect(CSET82).toHaveLength(82);
    expect(CSET_LINTERS.X(CSET82, ctx)).toBeUndefined();
    for (const bad of [' ', '#', '$', '@', '[', '\\', ']', '^', '`', '{', '|', '}', '~', '中', '\u001d']) {
      expect(CSET_LINTERS.X(`AB${bad}`, ctx)).toMatchObject({ code: 'invalid_character', offset: 2 });
    }
  });
  it('CSET 39 allows # - / digits and capitals only', () => {
    expect(CSET_LINTERS.Y('#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ctx)).toBeUndefined();
    expect(CSET_LINTERS.Y('ABc', ctx)).toMatchObject({ offset: 2 });
  });
  it('CSET 64 is base64url with "=" padding only to a multiple of 3', () => {
    expect(CSET_LINTERS.Z('AZaz09-_', ctx)).toBeUndefined();
    expect(CSET_LINTERS.Z('ABC+', ctx)).toMatchObject({ offset: 3 });
    expect(CSET_LINTERS.Z('ABCD==', ctx)).toBeUndefined();
    expect(CSET_LINTERS.Z('ABCDE==', ctx)).toMatchObject({ code: 'invalid_padding' });
    expect(CSET_LINTERS.Z('ABC===', ctx)).toMatchObject({ code: 'invalid_padding' });
  });
  it('N is digits', () => {
    expect(CSET_LINTERS.N('0123456789', ctx)).toBeUndefined();
    expect(CSET_LINTERS.N('01a3', ctx)).toMatchObject({ code: 'non_digit', offset: 2 });
  });
});

describe('csum: GS1 mod-10 check digit (policy.md §2.1 worked examples)', () => {
  it.each(['6901234567892', '96385074', '036000291452', '16901234567899', '06901234567892', '106141411234567897'])('accepts %s', (key) => {
    expect(passes('csum', key)).toBe(true);
  });
  it('names the expected check digit and its offset', () => {
    expect(linter('csum')('6901234567893', ctx)).toEqual({
      code: 'check_digit', message: 'check digit should be 2, not 3', offset: 12, length: 1, expected: '2', actual: '3',
      key: 'code.lint.check_digit', params: { expected: '2', actual: '3' },
    });
  });
});

describe('csumalpha: GMN check character pair (GS1 General Specifications §7.9.5)', () => {
  it('computes the pairs of the GS1 Syntax Engine test vectors', () => {
    expect(gs1CheckCharacterPair('1987654Ad4X4bL5ttr2310c')).toBe('2K');
    for (const v of ['1987654Ad4X4bL5ttr2310c2K', '12345678901234567890123NT', '12345_ABCDEFGHIJKLMCP', '12345_abcdefghijklmN3', "12345_!\"%&'()*+,-./LC", '12345_0123456789:;<=>?62', '7907665Bm8v2AB', '00000!HV', '22']) {
      expect(passes('csumalpha', v), v).toBe(true);
    }
  });
  it('rejects a wrong pair naming the right one', () => {
    expect(linter('csumalpha')('1987654Ad4X4bL5ttr2310cXK', ctx)).toMatchObject({ code: 'check_pair', expected: '2K', actual: 'XK', offset: 23, length: 2 });
    expect(linter('csumalpha')('2', ctx)).toMatchObject({ code: 'too_short_for_check_pair' });
  });
});

describe('dates', () => {
  it('resolves two-digit years with the ±50-year century rule (policy.md §2.1 YYMMD0)', () => {
    const at2026 = new Date('2026-01-01T00:00:00Z');
    expect(gs1FullYear(26, at2026)).toBe(2026);
    expect(gs1FullYear(76, at2026)).toBe(2076); // 76 − 26 = 50: not ≥ 51
    expect(gs1FullYear(77, at2026)).toBe(1977); // 77 − 26 = 51 → previous century
    expect(gs1FullYear(0, new Date('2080-01-01T00:00:00Z'))).toBe(2100); // 0 − 80 = −80 → next century
    expect(gs1FullYear(31, new Date('2080-01-01T00:00:00Z'))).toBe(2031); // 31 − 80 = −49 > −50 → this century
  });

  it('yymmd0 allows day 00, checks months and month lengths with leap years', () => {
    expect(passes('yymmd0', '241000')).toBe(true);
    expect(passes('yymmd0', '240229')).toBe(true); // 2024 is a leap year
    expect(linter('yymmd0')('250229', ctx)).toMatchObject({ code: 'illegal_day', offset: 4, length: 2 });
    expect(linter('yymmd0')('241301', ctx)).toMatchObject({ code: 'illegal_month', offset: 2, length: 2 });
    expect(linter('yymmd0')('240431', ctx)).toMatchObject({ code: 'illegal_day', offset: 4 });
    expect(linter('yymmd0')('24043', ctx)).toMatchObject({ code: 'date_too_short' });
    // 00 is 2000 (a leap year, divisible by 400) seen from 2026; 1900 was not.
    expect(passes('yymmd0', '000229')).toBe(true);
    expect(linter('yymmd0')('000229', { now: new Date('1930-01-01T00:00:00Z') })).toMatchObject({ code: 'illegal_day' });
  });

  it('yymmdd and yyyymmdd forbid day 00; yyyymmd0 allows it', () => {
    expect(linter('yymmdd')('241000', ctx)).toMatchObject({ code: 'illegal_day', offset: 4 });
    expect(passes('yymmdd', '241018')).toBe(true);
    expect(passes('yyyymmdd', '20240229')).toBe(true);
    expect(linter('yyyymmdd')('20230229', ctx)).toMatchObject({ code: 'illegal_day', offset: 6 });
    expect(linter('yyyymmdd')('20240200', ctx)).toMatchObject({ code: 'illegal_day' });
    expect(passes('yyyymmd0', '20240200')).toBe(true);
    expect(passes('yyyymmd0', '19000229')).toBe(false);
  });

  it('times: hh, mi, ss, hhmi and the older names', () => {
    expect(passes('hh', '23')).toBe(true);
    expect(passes('hh', '24')).toBe(false);
    expect(passes('mi', '59')).toBe(true);
    expect(passes('ss', '60')).toBe(false);
    expect(passes('hhmi', '2359')).toBe(true);
    expect(linter('hhmi')('2360', ctx)).toMatchObject({ offset: 2 });
    expect(passes('hhmm', '0000')).toBe(true);
    expect(passes('mmoptss', '5959')).toBe(true);
    expect(passes('mmoptss', '59')).toBe(true);
    expect(passes('yymmddhh', '24101823')).toBe(true);
    expect(linter('yymmddhh')('24101824', ctx)).toMatchObject({ offset: 6 });
  });
});

describe('code lists and small linters', () => {
  it('country, currency, sex and media codes', () => {
    expect(passes('iso3166', '156')).toBe(true); // China
    expect(passes('iso3166', '999')).toBe(false);
    expect(passes('iso3166999', '999')).toBe(true);
    expect(passes('iso3166alpha2', 'CN')).toBe(true);
    expect(passes('iso3166alpha2', 'XX')).toBe(false);
    expect(passes('iso3166list', '156158344')).toBe(true);
    expect(linter('iso3166list')('156000', ctx)).toMatchObject({ offset: 3 });
    expect(passes('iso4217', '156')).toBe(true); // CNY
    expect(passes('iso4217', '157')).toBe(false);
    expect(['0', '1', '2', '9'].every((d) => passes('iso5218', d))).toBe(true);
    expect(passes('iso5218', '3')).toBe(false);
    expect(['01', '10', '80', '99'].every((d) => passes('mediatype', d))).toBe(true);
    expect(['00', '11', '79'].some((d) => passes('mediatype', d))).toBe(false);
    expect(passes('packagetype', 'BX')).toBe(true);
    expect(passes('packagetype', 'QQQ')).toBe(false);
  });

  it('flags and fixed characters', () => {
    expect(['0', '1'].every((d) => passes('yesno', d))).toBe(true);
    expect(passes('yesno', '2')).toBe(false);
    expect(['0', '1', '9'].every((d) => passes('winding', d))).toBe(true);
    expect(passes('winding', '2')).toBe(false);
    expect(passes('zero', '0')).toBe(true);
    expect(passes('zero', '1')).toBe(false);
    expect(passes('hyphen', '-')).toBe(true);
    expect(passes('hyphen', '+')).toBe(false);
    expect(passes('nonzero', '0001')).toBe(true);
    expect(passes('nonzero', '0000')).toBe(false);
    expect(passes('nozeroprefix', '10')).toBe(true);
    expect(passes('nozeroprefix', '01')).toBe(false);
    expect(passes('hasnondigit', '12A')).toBe(true);
    expect(passes('hasnondigit', '123')).toBe(false);
    expect(passes('importeridx', '_')).toBe(true);
    expect(passes('importeridx', '!')).toBe(false);
  });

  it('GS1 Company Prefix positions hold digits', () => {
    expect(passes('gcppos1', '0614ABC')).toBe(true);
    expect(linter('gcppos1')('061A', ctx)).toMatchObject({ code: 'invalid_gcp', offset: 3 });
    expect(linter('gcppos1')('061', ctx)).toMatchObject({ code: 'too_short_for_gcp' });
    expect(linter('gcppos2')('X061A', ctx)).toMatchObject({ code: 'invalid_gcp', offset: 4 });
    expect(passes('gcppos2', 'X0614')).toBe(true);
  });

  it('pieces, sequences and percent-encoding', () => {
    expect(passes('pieceoftotal', '0102')).toBe(true);
    expect(linter('pieceoftotal')('0301', ctx)).toMatchObject({ code: 'piece_exceeds_total' });
    expect(linter('pieceoftotal')('0002', ctx)).toMatchObject({ code: 'zero_piece' });
    expect(linter('pieceoftotal')('0100', ctx)).toMatchObject({ code: 'zero_total', offset: 2 });
    expect(passes('posinseqslash', '1/2')).toBe(true);
    expect(passes('posinseqslash', '2/2')).toBe(true);
    expect(passes('posinseqslash', '3/2')).toBe(false);
    expect(passes('posinseqslash', '0/2')).toBe(false);
    expect(passes('posinseqslash', '12')).toBe(false);
    expect(passes('pcenc', 'A%20B')).toBe(true);
    expect(linter('pcenc')('A%2', ctx)).toMatchObject({ code: 'percent_sequence', offset: 1 });
    expect(linter('pcenc')('A%G0B', ctx)).toMatchObject({ offset: 1 });
  });

  it('latitude, longitude', () => {
    expect(passes('latitude', '1800000000')).toBe(true);
    expect(passes('latitude', '1800000001')).toBe(false);
    expect(passes('longitude', '3600000000')).toBe(true);
    expect(passes('longitude', '3600000001')).toBe(false);
    expect(linter('latlong')('18000000003600000001', ctx)).toMatchObject({ offset: 10 });
  });

  it('IBAN (ISO 13616 mod 97)', () => {
    for (const v of ['GB82WEST12345698765432', 'DE91100000000123456789', 'FR7630006000011234567890189', 'BE71096123456769', 'LC14BOSL123456789012345678901234']) {
      expect(passes('iban', v), v).toBe(true);
    }
    expect(linter('iban')('BE71096123456760', ctx)).toMatchObject({ code: 'iban_check' });
    expect(linter('iban')('XX71096123456769', ctx)).toMatchObject({ code: 'iban_country' });
  });

  it('North American coupon codes (AI 8110, 8112)', () => {
    expect(passes('couponcode', '006141412345615110123')).toBe(true);
    // optional fields: 1 (2nd purchase), 3 expiry, 4 start, 5 serial, 6 retailer, 9 misc
    const full = ['006141412345615110123', '1', '0', '15', '1', '456', '9', '3270630', '4260101', '5', '0123456', '6', '10614141', '9', '0001'];
    expect(linter('couponcode')(full.join(''), ctx)).toBeUndefined();
    expect(linter('couponcode')('006141412345615110123' + '3' + '270630' + '4' + '280101', ctx)).toMatchObject({ code: 'coupon_expiry_before_start' });
    expect(linter('couponcode')('006141412345615110123' + '3' + '271330', ctx)).toMatchObject({ code: 'coupon_expiry', offset: 22 });
    expect(linter('couponcode')('7061414', ctx)).toMatchObject({ code: 'coupon_invalid', offset: 0 });
    expect(linter('couponcode')('00614141234561511012377', ctx)).toMatchObject({ code: 'coupon_excess', offset: 21 });
    expect(passes('couponposoffer', '000614141234560123456')).toBe(true);
    expect(linter('couponposoffer')('200614141234560123456', ctx)).toMatchObject({ code: 'coupon_invalid', offset: 0 });
    expect(linter('couponposoffer')('0006141412345601234', ctx)).toMatchObject({ code: 'coupon_truncated' });
  });
});
