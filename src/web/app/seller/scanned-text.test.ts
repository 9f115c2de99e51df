/**
 * What a keyboard-wedge scanner types becomes the code it read: every common stand-in for the GS
 * separator is a real GS, which the shared parsers then read as the server does.
 */
import { describe, expect, it } from 'vitest';
import { readScanned, shownText, withGs } from './scanned-text.ts';

const GS = '\u001d';
const RAW = `0106901234567892${'10L-1'}${GS}21A1`;

describe('a scanner typing into a text box', () => {
  it.each(['<GS>', '<gs>', '[GS]', '{GS}', '^]', '\\x1d', '\\u001d', '\\u001D', '\\035', '%1D', '\u241d', GS])('takes %s for the GS separator', (standIn) => {
    expect(withGs(`010690123456789210L-1${standIn}21A1`)).toBe(RAW);
    const read = readScanned(`]d2010690123456789210L-1${standIn}21A1`, 'en');
    expect(read).toEqual({ input: `]d2${RAW}`, canonical: '(01)06901234567892(10)L-1(21)A1', isCase: false });
  });

  it('shows a GS as <GS> in the box, which reads back as a GS', () => {
    expect(shownText(RAW)).toBe('010690123456789210L-1<GS>21A1');
    expect(withGs(shownText(RAW))).toBe(RAW);
  });

  it('says what is wrong with a typed code, and where, in the reader\'s language', () => {
    expect(readScanned('6901234567893', 'en').error).toEqual({ text: 'GTIN-13 check digit should be 2, not 3 (position 13)', position: 13 });
    expect(readScanned('6901234567893', 'zh-CN').error?.text).toMatch(/^GTIN-13 校验位应为 2/);
  });

  it('knows a case by its SSCC (AI 00)', () => {
    expect(readScanned('(00)106901234000000008', 'en')).toMatchObject({ isCase: true, canonical: '(00)106901234000000008' });
    expect(readScanned('https://trace.example.cn/01/06901234567892/21/A1', 'en')).toMatchObject({ isCase: false, canonical: '(01)06901234567892(21)A1' });
  });
});
