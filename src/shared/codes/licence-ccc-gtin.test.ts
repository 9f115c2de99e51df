import { describe, expect, it } from 'vitest';
import { validateCccNumber } from './ccc.ts';
import { gs1CheckDigit, validateGtin } from './gtin.ts';
import { validateLicence } from './licence.ts';
import { regionInScope } from './region.ts';

describe('validateLicence', () => {
  it('accepts national and provincial numbers and normalises parentheses and case', () => {
    expect(validateLicence('XK08-001-04763')).toEqual({ ok: true, value: 'XK08-001-04763', industry: '08', product: '001', serial: '04763' });
    expect(validateLicence('（鄂）xk12-001-00018')).toMatchObject({ ok: true, value: '(鄂)XK12-001-00018', province: '鄂' });
  });
  it.each(['XK08-001-0476', 'XK08001-04763', 'QS08-001-04763', '(AB)XK08-001-04763', 'XK08-001-04763X', ''])('rejects %j', (bad) => {
    expect(validateLicence(bad)).toMatchObject({ ok: false });
  });
});

describe('validateCccNumber', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  it('accepts 16 digits and splits them into their parts', () => {
    expect(validateCccNumber('2016010901123456', now)).toEqual({
      ok: true, value: '2016010901123456', year: 2016, body: '01', category: '0901', sequence: '123456',
    });
  });
  it.each(['201601090112345', '20160109011234567', '2016O10901123456', '2016-01-0901-123456'])('rejects %j as malformed', (bad) => {
    expect(validateCccNumber(bad, now)).toMatchObject({ ok: false, reason: 'format' });
  });
  it('rejects years before CCC existed and in the future', () => {
    expect(validateCccNumber('1999010901123456', now)).toMatchObject({ ok: false, reason: 'year' });
    expect(validateCccNumber('2030010901123456', now)).toMatchObject({ ok: false, reason: 'year' });
  });
});

describe('GTIN', () => {
  it('computes the worked check digits of policy.md §2.1', () => {
    expect(gs1CheckDigit('690123456789')).toBe('2');
    expect(gs1CheckDigit('9638507')).toBe('4');
    expect(gs1CheckDigit('03600029145')).toBe('2');
    expect(gs1CheckDigit('1690123456789')).toBe('9');
  });
  it('normalises GTIN-8/12/13 to 14 digits', () => {
    expect(validateGtin('96385074')).toEqual({ ok: true, gtin14: '00000096385074' });
    expect(validateGtin('036000291452')).toEqual({ ok: true, gtin14: '00036000291452' });
    expect(validateGtin('6901234567892')).toEqual({ ok: true, gtin14: '06901234567892' });
    expect(validateGtin('16901234567899')).toEqual({ ok: true, gtin14: '16901234567899' });
  });
  it('rejects a wrong check digit naming the expected one, and wrong lengths', () => {
    expect(validateGtin('6901234567893')).toEqual({ ok: false, reason: 'check', position: 13, expected: '2', actual: '3' });
    expect(validateGtin('69012345678')).toMatchObject({ ok: false, reason: 'format' });
  });
});

describe('regionInScope', () => {
  it('matches by GB/T 2260 prefix', () => {
    expect(regionInScope('330106', ['33'])).toBe(true);
    expect(regionInScope('330106', ['3301'])).toBe(true);
    expect(regionInScope('320106', ['3301', '34'])).toBe(false);
  });
});
