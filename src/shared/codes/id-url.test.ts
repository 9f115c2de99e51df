import { describe, expect, it } from 'vitest';
import { formatIdUrl, parseIdUrl } from './id-url.ts';

describe('/id/{scheme}/{value} resolver URLs', () => {
  it('are built under any base and read back', () => {
    expect(formatIdUrl('https://trace.example.cn/', 'yima', 'K7M-QAHCG6K64T2BXK')).toEqual({ ok: true, value: 'https://trace.example.cn/id/yima/K7M-QAHCG6K64T2BXK' });
    expect(parseIdUrl('https://trace.example.cn/id/yima/K7M-QAHCG6K64T2BXK')).toEqual({ scheme: 'yima', value: 'K7M-QAHCG6K64T2BXK', position: 34 });
    const opaque = formatIdUrl('https://t.example/p', 'opaque', 'acme-mes:WO/1 2');
    expect(opaque).toEqual({ ok: true, value: 'https://t.example/p/id/opaque/acme-mes/WO%2F1%202' });
    expect(parseIdUrl(opaque.ok ? opaque.value : '')).toMatchObject({ scheme: 'opaque', value: 'acme-mes:WO/1 2' });
    expect(parseIdUrl('https://t.example/id/licence/%28%E9%84%82%29XK12-001-00018?x=1')).toMatchObject({ scheme: 'licence', value: '(鄂)XK12-001-00018' });
  });

  it('ignore other URLs and unknown schemes', () => {
    expect(parseIdUrl('https://t.example/id/gtin/06901234567892')).toBeUndefined();
    expect(parseIdUrl('https://t.example/01/06901234567892')).toBeUndefined();
    expect(parseIdUrl('https://t.example/id/yima/a/b')).toBeUndefined();
    expect(formatIdUrl('t.example', 'yima', 'X')).toMatchObject({ ok: false });
    expect(formatIdUrl('https://t.example', 'opaque', 'no-namespace')).toMatchObject({ ok: false, error: { code: 'id_url_opaque' } });
  });
});
