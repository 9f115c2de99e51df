import { describe, expect, it } from 'vitest';
import { formatAnyEpcUrn, parseAnyEpcUrn, splitEpcUrn } from './any-epc-urn.ts';

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
