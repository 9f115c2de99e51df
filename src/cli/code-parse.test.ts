import { describe, expect, it } from 'vitest';
import { codeParseCommand } from './code-parse.ts';

const now = new Date('2026-06-15T00:00:00Z');

describe('yima code parse', () => {
  it('prints the parsed code and exits 0, with the Digital Link under the given base', () => {
    expect(codeParseCommand('(01)06901234567892(10)LOT123', { digitalLinkBase: 'https://trace.example.cn', now })).toEqual({
      json: {
        scheme: 'gs1',
        canonical: '(01)06901234567892(10)LOT123',
        digitalLink: 'https://trace.example.cn/01/06901234567892/10/LOT123',
        elements: [
          { ai: '01', name: 'GTIN', value: '06901234567892' },
          { ai: '10', name: 'BATCH/LOT', value: 'LOT123' },
        ],
      },
      exitCode: 0,
    });
    expect(codeParseCommand('6901234567892').json).toMatchObject({ digitalLink: 'https://id.gs1.org/01/06901234567892' });
  });

  it('prints { error, position, code } and exits 1, the error in the terminal\'s language', () => {
    expect(codeParseCommand('(21)SN0001', { now })).toEqual({
      json: { error: 'AI (21) SERIAL requires AI (01), (03) or (8006) (position 2)', position: 2, code: 'gs1_missing_required' },
      exitCode: 1,
    });
    expect(codeParseCommand('', { now })).toEqual({ json: { error: 'the input is empty', code: 'empty' }, exitCode: 1 });
    expect(codeParseCommand('', { now, locale: 'zh-CN' })).toEqual({ json: { error: '输入为空', code: 'empty' }, exitCode: 1 });
  });

  it('produces JSON that survives serialisation unchanged', () => {
    const { json } = codeParseCommand(`]d20106901234567892\u001d`, { now });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
