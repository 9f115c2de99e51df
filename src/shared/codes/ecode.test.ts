import { describe, expect, it } from 'vitest';
import { matchesDetectableEcode, parseEcode } from './ecode.ts';
import { ECODE_RULES_UNVERIFIED, type EcodeVersionRule } from './ecode-rules.ts';

describe('Ecode (GB/T 31866): V + NSI + MD by a rule table', () => {
  it('marks every default rule as not verified (policy.md §2.2)', () => {
    expect(ECODE_RULES_UNVERIFIED.map((r) => r.version)).toEqual(['0', '1', '2', '3', '4']);
    expect(ECODE_RULES_UNVERIFIED.every((r) => !r.verified)).toBe(true);
    expect(ECODE_RULES_UNVERIFIED.find((r) => r.version === '0')?.gs1Compatible).toBe(true);
  });

  it('splits V1, V2 and V3 codes into version, NSI and MD', () => {
    expect(parseEcode('1000100000000000001')).toEqual({
      ok: true,
      value: { value: '1000100000000000001', version: '1', nsi: '0001', md: '00000000000001', rule: 'Ecode-V1', verified: false },
    });
    expect(parseEcode('2 12345678 0000000000001')).toMatchObject({ ok: true, value: { value: '2123456780000000000001', nsi: '12345678', md: '0000000000001' } });
    expect(parseEcode('ecode: 30001ABC123xyz')).toMatchObject({ ok: true, value: { version: '3', nsi: '0001', md: 'ABC123xyz' } });
    expect(parseEcode('4 12345 物品-01')).toMatchObject({ ok: true, value: { version: '4', nsi: '12345', md: '物品-01' } });
  });

  it('V0 is GS1-compatible: its MD is validated as a GS1 code', () => {
    expect(parseEcode('0 6901234567892')).toMatchObject({ ok: true, value: { version: '0', nsi: '', gs1: [{ ai: '01', value: '06901234567892' }] } });
    expect(parseEcode('0(01)06901234567892(10)L1')).toMatchObject({ ok: true, value: { gs1: [{ ai: '01' }, { ai: '10', value: 'L1' }] } });
    expect(parseEcode('0 6901234567893')).toMatchObject({ ok: false, error: { code: 'gs1_check_digit', position: 15, expected: '2' } });
    expect(parseEcode('0 ABC12345')).toMatchObject({ ok: false, error: { code: 'gs1_unknown_ai', position: 3 } });
    expect(parseEcode('0(01)06901234567893')).toMatchObject({ ok: false, error: { code: 'gs1_check_digit', position: 19 } });
  });

  it('reports violations of the (unverified) rules with positions', () => {
    expect(parseEcode('9000100001')).toMatchObject({ ok: false, error: { code: 'ecode_version', position: 1 } });
    expect(parseEcode('100A1000001')).toMatchObject({ ok: false, error: { code: 'ecode_nsi', position: 4 } });
    expect(parseEcode('10001')).toMatchObject({ ok: false, error: { code: 'ecode_md_length' } });
    expect(parseEcode(`10001${'1'.repeat(21)}`)).toMatchObject({ ok: false, error: { code: 'ecode_md_length', position: 26 } });
    expect(parseEcode('1000112A4')).toMatchObject({ ok: false, error: { code: 'ecode_md_character', position: 8 } });
    expect(parseEcode('   ')).toMatchObject({ ok: false, error: { code: 'ecode_empty' } });
  });

  it('takes another rule table, for when the standard text is at hand', () => {
    const rules: EcodeVersionRule[] = [{ version: '1', label: 'V1 (GB/T 31866-2023 §x)', nsiLength: 5, mdMinLength: 10, mdMaxLength: 10, mdCharset: 'numeric', detectable: true, verified: true, note: '' }];
    expect(parseEcode('1000010123456789', { rules })).toMatchObject({ ok: true, value: { nsi: '00001', md: '0123456789', verified: true } });
    expect(parseEcode('1000100000000000001', { rules })).toMatchObject({ ok: false, error: { code: 'ecode_md_length' } });
  });

  it('is detected from bare text only for versions marked detectable', () => {
    expect(matchesDetectableEcode('1000100000000000001')).toBe(true);
    expect(matchesDetectableEcode('412345物品')).toBe(false);
    expect(matchesDetectableEcode('06901234567892')).toBe(false);
    expect(matchesDetectableEcode('1000 1000')).toBe(false);
  });
});
