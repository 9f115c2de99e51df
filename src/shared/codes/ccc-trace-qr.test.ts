import { describe, expect, it } from 'vitest';
import { parseCccTraceQr } from './ccc-trace-qr.ts';

const now = new Date('2026-06-15T00:00:00Z');

describe('CCC trace QR (payload format unpublished: a URL carrying the certificate number)', () => {
  it('finds a valid 16-digit certificate number in the path or the query, keeping the raw text', () => {
    const raw = 'https://qr.example.cn/ccc?cert=2016010901123456&t=1';
    expect(parseCccTraceQr(raw, { now })).toEqual({
      ok: true,
      value: { certificate: '2016010901123456', year: 2016, body: '01', category: '0901', sequence: '123456', raw },
    });
    expect(parseCccTraceQr('HTTPS://ccc.example.org/v/2024010901000001/zh', { now })).toMatchObject({ ok: true, value: { certificate: '2024010901000001' } });
    expect(parseCccTraceQr('https://x.example/a/1999010901123456/b/2020010901123456', { now })).toMatchObject({ ok: true, value: { certificate: '2020010901123456' } });
  });

  it('does not take digits out of a longer number or from the host', () => {
    expect(parseCccTraceQr('https://x.example/q?n=12016010901123456', { now })).toMatchObject({ ok: false, error: { code: 'ccc_qr_no_certificate' } });
    expect(parseCccTraceQr('https://2016010901123456.example/', { now })).toMatchObject({ ok: false, error: { code: 'ccc_qr_no_certificate' } });
  });

  it('says why 16 digits are not a certificate number, and where', () => {
    expect(parseCccTraceQr('https://x.example/c/2099010901123456', { now })).toMatchObject({ ok: false, error: { code: 'ccc_qr_certificate', position: 21 } });
    expect(parseCccTraceQr('2016010901123456', { now })).toMatchObject({ ok: false, error: { code: 'ccc_qr_not_url' } });
  });
});
