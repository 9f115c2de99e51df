import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../gtin.ts';
import { randomBelow, randomString, seededRandomSource } from '../random-source.ts';
import { CSET82 } from './code-lists.ts';
import { formatDigitalLink } from './digital-link.ts';
import type { Gs1Element } from './elements.ts';
import {
  DEFAULT_COMPANY_PREFIX_LENGTH, digitalLinkToEpcUrn, epcUrnToDigitalLink, escapeEpcComponent, formatAnyEpcUrn, formatEpcUrn, parseAnyEpcUrn, parseEpcUrn, splitEpcUrn,
} from './epc-urn.ts';

const opts = { now: new Date('2026-06-15T00:00:00Z') };

describe('EPC URNs (GS1 EPC Tag Data Standard §6)', () => {
  it('reads the TDS examples into GS1 elements with computed check digits', () => {
    expect(parseEpcUrn('urn:epc:id:sgtin:0614141.112345.400', opts)).toEqual({
      ok: true,
      value: { kind: 'sgtin', companyPrefix: '0614141', urn: 'urn:epc:id:sgtin:0614141.112345.400', elements: [{ ai: '01', value: '10614141123459' }, { ai: '21', value: '400' }] },
    });
    expect(parseEpcUrn('urn:epc:id:sscc:0614141.1234567890', opts)).toMatchObject({ ok: true, value: { kind: 'sscc', elements: [{ ai: '00', value: '106141412345678908' }] } });
    expect(parseEpcUrn('urn:epc:id:sgln:0614141.12345.400', opts)).toMatchObject({
      ok: true,
      value: { kind: 'sgln', elements: [{ ai: '414', value: '0614141123452' }, { ai: '254', value: '400' }] },
    });
    expect(parseEpcUrn('urn:epc:id:sgln:0614141.12345.0', opts)).toMatchObject({ ok: true, value: { elements: [{ ai: '414', value: '0614141123452' }] } });
    expect(parseEpcUrn('urn:epc:class:lgtin:4012345.012345.998877', opts)).toMatchObject({
      ok: true,
      value: { kind: 'lgtin', elements: [{ ai: '01', value: '04012345123456' }, { ai: '10', value: '998877' }] },
    });
    expect(parseEpcUrn('urn:epc:id:sgln:123456789012..5', opts)).toMatchObject({ ok: true, value: { companyPrefix: '123456789012' } });
  });

  it('unescapes GS3A3 components and escapes "%&/<>?"', () => {
    expect(escapeEpcComponent('a"b%c&d/e<f>g?h')).toBe('a%22b%25c%26d%2Fe%3Cf%3Eg%3Fh');
    expect(parseEpcUrn('urn:epc:id:sgtin:0614141.112345.A%2FB%25', opts)).toMatchObject({ ok: true, value: { elements: [{ ai: '01' }, { ai: '21', value: 'A/B%' }] } });
  });

  it('says what is wrong and where', () => {
    expect(parseEpcUrn('urn:epc:id:sgtin:0614141.81234.1', opts)).toMatchObject({ ok: false, error: { code: 'epc_reference_length', position: 26 } });
    expect(parseEpcUrn('urn:epc:id:sgtin:06141.8123456.1', opts)).toMatchObject({ ok: false, error: { code: 'epc_company_prefix', position: 18 } });
    expect(parseEpcUrn('urn:epc:id:sgtin:0614141.812345.A/B', opts)).toMatchObject({ ok: false, error: { code: 'epc_bad_character', position: 34 } });
    expect(parseEpcUrn('urn:epc:id:sgtin:0614141.812345', opts)).toMatchObject({ ok: false, error: { code: 'epc_structure' } });
    expect(parseEpcUrn('urn:epc:id:sgtin:0614141.812345.', opts)).toMatchObject({ ok: false, error: { code: 'epc_empty_component' } });
    expect(parseEpcUrn('urn:epc:id:sgtin:0614141.812345.123456789012345678901', opts)).toMatchObject({ ok: false, error: { code: 'gs1_too_long', ai: '21' } });
    expect(parseEpcUrn('urn:epc:id:grai:0614141.12345.400', opts)).toMatchObject({ ok: false, error: { code: 'epc_unsupported' } });
  });

  it('writes URNs from elements, with the company-prefix length as a parameter (default 7)', () => {
    expect(DEFAULT_COMPANY_PREFIX_LENGTH).toBe(7);
    const sgtin = [{ ai: '01', value: '10614141123459' }, { ai: '21', value: '400' }];
    expect(formatEpcUrn(sgtin, opts)).toEqual({ ok: true, value: 'urn:epc:id:sgtin:0614141.112345.400' });
    expect(formatEpcUrn(sgtin, { ...opts, companyPrefixLength: 9 })).toEqual({ ok: true, value: 'urn:epc:id:sgtin:061414112.1345.400' });
    expect(formatEpcUrn(sgtin, { ...opts, companyPrefixLength: 12 })).toEqual({ ok: true, value: 'urn:epc:id:sgtin:061414112345.1.400' });
    expect(formatEpcUrn(sgtin, { ...opts, companyPrefixLength: 5 })).toMatchObject({ ok: false, error: { code: 'epc_company_prefix_length' } });
    expect(formatEpcUrn([{ ai: '01', value: '10614141123459' }], opts)).toMatchObject({ ok: false, error: { code: 'epc_no_identity' } });
    expect(formatEpcUrn([{ ai: '414', value: '0614141123452' }, { ai: '254', value: '0' }], opts)).toMatchObject({ ok: false, error: { code: 'epc_gln_extension_zero' } });
    expect(formatEpcUrn([{ ai: '414', value: '0614141123452' }], opts)).toEqual({ ok: true, value: 'urn:epc:id:sgln:0614141.12345.0' });
  });

  it('converts to and from Digital Link', () => {
    expect(epcUrnToDigitalLink('urn:epc:id:sgtin:0614141.112345.400', 'https://trace.example.cn', opts)).toEqual({ ok: true, value: 'https://trace.example.cn/01/10614141123459/21/400' });
    expect(epcUrnToDigitalLink('urn:epc:class:lgtin:0614141.112345.L%2F1', undefined, opts)).toEqual({ ok: true, value: 'https://id.gs1.org/01/10614141123459/10/L%2F1' });
    expect(digitalLinkToEpcUrn('https://id.gs1.org/00/106141412345678908', opts)).toEqual({ ok: true, value: 'urn:epc:id:sscc:0614141.1234567890' });
    expect(digitalLinkToEpcUrn('https://id.gs1.org/414/0614141123452/254/400', opts)).toEqual({ ok: true, value: 'urn:epc:id:sgln:0614141.12345.400' });
    expect(digitalLinkToEpcUrn('https://id.gs1.org/01/06901234567892/21/A%2F1', { ...opts, companyPrefixLength: 9 })).toEqual({ ok: true, value: 'urn:epc:id:sgtin:690123456.0789.A%2F1' });
  });

  it('round-trips random SGTIN, LGTIN, SSCC and SGLN through Digital Link for every company-prefix length', () => {
    const random = seededRandomSource(31866);
    const digits = (n: number) => randomString(random, '0123456789', n);
    const withCheck = (body: string) => body + gs1CheckDigit(body);
    for (let n = 0; n < 250; n++) {
      const companyPrefixLength = 6 + randomBelow(random, 7);
      const component = randomString(random, CSET82, 1 + randomBelow(random, 20));
      const kind = randomBelow(random, 4);
      const els: Gs1Element[] =
        kind === 0
          ? [{ ai: '01', value: withCheck(digits(13)) }, { ai: '21', value: component }]
          : kind === 1
            ? [{ ai: '01', value: withCheck(digits(13)) }, { ai: '10', value: component }]
            : kind === 2
              ? [{ ai: '00', value: withCheck(digits(17)) }]
              : [{ ai: '414', value: withCheck(digits(12)) }, ...(component === '0' ? [] : [{ ai: '254', value: component }])];
      const urn = formatEpcUrn(els, { ...opts, companyPrefixLength });
      if (!urn.ok) throw new Error(urn.error.message);
      expect(parseEpcUrn(urn.value, opts)).toMatchObject({ ok: true, value: { urn: urn.value, elements: els, companyPrefix: expect.stringMatching(new RegExp(`^\\d{${companyPrefixLength}}$`)) } });
      const link = formatDigitalLink(els, 'https://id.gs1.org', opts);
      if (!link.ok) throw new Error(link.error.message);
      expect(digitalLinkToEpcUrn(link.value, { ...opts, companyPrefixLength })).toEqual(urn);
      expect(epcUrnToDigitalLink(urn.value, 'https://id.gs1.org', opts)).toEqual(link);
    }
  });
});

describe('EPC URNs of every GS1 scheme (TDS 2.x §6.3)', () => {
  // Each URN, its GS1 elements, and back with the URN's own company-prefix length.
  const cases: readonly [string, readonly { ai: string; value: string }[]][] = [
    ['urn:epc:id:sgtin:0614141.112345.400', [{ ai: '01', value: '10614141123459' }, { ai: '21', value: '400' }]],
    ['urn:epc:id:sscc:0614141.1234567890', [{ ai: '00', value: '106141412345678908' }]],
    ['urn:epc:id:sgln:0614141.12345.400', [{ ai: '414', value: '0614141123452' }, { ai: '254', value: '400' }]],
    ['urn:epc:class:lgtin:4012345.012345.998877', [{ ai: '01', value: '04012345123456' }, { ai: '10', value: '998877' }]],
    ['urn:epc:idpat:sgtin:4012345.012345.*', [{ ai: '01', value: '04012345123456' }]],
    ['urn:epc:id:grai:0614141.12345.400', [{ ai: '8003', value: '00614141123452400' }]],
    ['urn:epc:id:giai:0614141.12345400', [{ ai: '8004', value: '061414112345400' }]],
    ['urn:epc:id:gsrn:0614141.1234567890', [{ ai: '8018', value: '061414112345678902' }]],
    ['urn:epc:id:gsrnp:0614141.1234567890', [{ ai: '8017', value: '061414112345678902' }]],
    ['urn:epc:id:gdti:0614141.12345.400', [{ ai: '253', value: '0614141123452400' }]],
    ['urn:epc:id:sgcn:4012345.67890.04711', [{ ai: '255', value: '401234567890104711' }]],
    ['urn:epc:id:pgln:0614141.12345', [{ ai: '417', value: '0614141123452' }]],
    ['urn:epc:id:ginc:0614141.xyz3311cba', [{ ai: '401', value: '0614141xyz3311cba' }]],
    ['urn:epc:id:gsin:0614141.123456789', [{ ai: '402', value: '06141411234567890' }]],
    ['urn:epc:id:cpi:0614141.123ABC.123456789', [{ ai: '8010', value: '0614141123ABC' }, { ai: '8011', value: '123456789' }]],
    ['urn:epc:id:itip:4012345.012345.01.02.987', [{ ai: '8006', value: '040123451234560102' }, { ai: '21', value: '987' }]],
    ['urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7\'SDB', [{ ai: '01', value: '01234567894560' }, { ai: '235', value: "51qIgY)<&Jp3*j7'SDB" }]],
  ];

  it.each(cases)('reads %s and writes it back', (urn, elements) => {
    const parsed = parseAnyEpcUrn(urn);
    expect(parsed).toMatchObject({ ok: true, value: { elements } });
    const cpl = urn.split(':')[4]?.split('.')[0]?.length;
    expect(formatAnyEpcUrn(elements, { companyPrefixLength: cpl })).toEqual({ ok: true, value: urn });
  });

  it('says what is wrong', () => {
    expect(parseAnyEpcUrn('urn:epc:id:grai:0614141.12345.')).toMatchObject({ ok: false, error: { code: 'epc_empty_component' } });
    expect(parseAnyEpcUrn('urn:epc:id:gsrn:0614141.123')).toMatchObject({ ok: false, error: { code: 'epc_reference_length' } });
    expect(parseAnyEpcUrn('urn:epc:id:giai:0614141.a/b')).toMatchObject({ ok: false, error: { code: 'epc_bad_character' } });
    expect(parseAnyEpcUrn('urn:epc:id:sgcn:4012345.67890.0471A')).toMatchObject({ ok: false, error: { ai: '255' } });
    expect(parseAnyEpcUrn('urn:epc:idpat:sgtin:4012345.*.*')).toMatchObject({ ok: false, error: { code: 'epc_pattern' } });
    expect(parseAnyEpcUrn('urn:epc:class:sgtin:4012345.012345.1')).toMatchObject({ ok: false, error: { code: 'epc_unsupported' } });
    expect(parseAnyEpcUrn('urn:epc:id:gid:95100000.12345.400')).toMatchObject({ ok: false, error: { code: 'epc_not_gs1' } });
    expect(splitEpcUrn('urn:epc:id:gid:95100000.12345.400')).toEqual({ ok: true, value: { form: 'id', scheme: 'gid', parts: ['95100000.12345.400'] } });
    expect(formatAnyEpcUrn([{ ai: '8003', value: '00614141123452' }])).toMatchObject({ ok: false, error: { code: 'epc_no_identity' } });
    expect(formatAnyEpcUrn([{ ai: '01', value: '10614141123459' }], { companyPrefixLength: 13 })).toMatchObject({ ok: false, error: { code: 'epc_company_prefix_length' } });
  });
});
