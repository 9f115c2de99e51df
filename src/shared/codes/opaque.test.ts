import { describe, expect, it } from 'vitest';
import { formatOpaqueCode, parseOpaqueCode, validateOpaqueCode } from './opaque.ts';

describe('opaque codes of other systems', () => {
  it('are { namespace, value } with the text form opaque:{namespace}:{value}', () => {
    const code = { namespace: 'cn.gdtrace', value: 'GD:2025/0001 A' };
    expect(validateOpaqueCode(code)).toEqual({ ok: true, value: code });
    expect(formatOpaqueCode(code)).toBe('opaque:cn.gdtrace:GD:2025/0001 A');
    expect(parseOpaqueCode(formatOpaqueCode(code))).toEqual({ ok: true, value: code });
  });

  it('reject bad namespaces, empty or over-long values and control characters, with positions', () => {
    expect(validateOpaqueCode({ namespace: 'Acme', value: 'x' })).toMatchObject({ ok: false, error: { code: 'opaque_namespace' } });
    expect(parseOpaqueCode('opaque:Acme:x')).toMatchObject({ ok: false, error: { code: 'opaque_namespace', position: 8 } });
    expect(parseOpaqueCode('opaque:acme:')).toMatchObject({ ok: false, error: { code: 'opaque_length' } });
    expect(validateOpaqueCode({ namespace: 'acme', value: 'x'.repeat(513) })).toMatchObject({ ok: false, error: { code: 'opaque_length' } });
    expect(parseOpaqueCode('opaque:acme:ab\u0007c')).toMatchObject({ ok: false, error: { code: 'opaque_control_character', position: 15 } });
    expect(parseOpaqueCode('opaque:acme')).toMatchObject({ ok: false, error: { code: 'opaque_prefix' } });
  });
});
